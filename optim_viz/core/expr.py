r"""Typed formulas f(x, y): a whitelist tokenizer and recursive-descent parser.

``parse(text)`` turns what a learner types into a small immutable syntax tree, or raises a
``ParseError`` that names the problem and its 0-based character position. Each message and hint
is a template with its values (like the page layer's notices), so an interface can show it in its
own language while this module never sees one. Nothing here imports sympy, so checking a formula
on every keystroke is cheap. ``symbolic.compile_formula(text)``
(cached) adds the exact gradient and a vectorized NumPy evaluator.

User text is never handed to Python's or any library's evaluator: the only thing that reads it
is the tokenizer below, and everything downstream is built from the validated tree.

Grammar (Python's precedence; ``^`` is a synonym of ``**``)::

    expr   := term (('+' | '-') term)*
    term   := unary (('*' | '/') unary)*
    unary  := ('+' | '-') unary | power
    power  := atom (('**' | '^') unary)?            right-associative: 2**3**2 = 2**9
    atom   := NUMBER | 'x' | 'y' | 'pi' | 'e' | FUNCTION '(' expr ')' | '(' expr ')'

so ``-x**2`` is ``-(x**2)`` and ``2**-1`` is allowed. NUMBER is ``12``, ``0.5``, ``.5``, ``1e-3``
or ``2.5E+2``. Multiplication is always written: ``2*x``, not ``2x``. FUNCTION is one of
``FUNCTIONS`` (each takes one argument) or an alias in ``ALIASES``.

Limits, so one formula cannot hog the server (all checked while parsing):

* ``MAX_LENGTH`` characters, plain ASCII, one line;
* ``MAX_DEPTH`` levels of nesting (parentheses, function calls, signs and exponents);
* ``MAX_NODES`` numbers, names and operations;
* every number, and every sub-expression made of numbers alone (``10**5``, ``exp(3)``), at
  most ``MAX_CONSTANT`` in magnitude; sub-expressions of numbers alone must be defined
  (no ``1/0``, ``log(-1)``);
* a constant exponent has magnitude at most ``MAX_EXPONENT`` (``x**2``, ``(x+y)**-0.5``,
  ``10**-6``), and the exponents of nested powers multiply to at most ``MAX_EXPONENT_PRODUCT``
  (``(x**10)**10`` is x**100, the limit), so ``9**9**9`` or ``x**1000`` never reach the
  exact arithmetic of the symbolic gradient;
* an exponent that depends on x or y needs a positive constant base: ``2**x``,
  ``e**(-x**2)``. ``x**y`` is not supported: it is undefined for x < 0, so write
  ``exp(y*log(x))`` to make the domain explicit.

The compiled formula adds a limit of its own, ``symbolic.MAX_OPERATIONS`` array operations for
the value and gradient together.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

MAX_LENGTH = 300  # characters
MAX_DEPTH = 30  # nesting levels: parentheses, function calls, unary signs, exponents
MAX_NODES = 200  # numbers, names and operations in the tree
MAX_CONSTANT = 1e6  # magnitude of any number or sub-expression of numbers alone
MAX_EXPONENT = 10  # magnitude of a constant exponent
MAX_EXPONENT_PRODUCT = 100  # product of the exponents of nested powers: (x**10)**10 is x**100
MAX_SCIENTIFIC_EXPONENT = 400  # the 'e' part of a literal: keeps exact decimal conversion cheap

VARIABLES = ("x", "y")
CONSTANTS = {"pi": math.pi, "e": math.e}
# name -> the math function used to fold constant arguments
FUNCTIONS = {
    "sin": math.sin,
    "cos": math.cos,
    "tan": math.tan,
    "exp": math.exp,
    "log": math.log,  # natural logarithm
    "sqrt": math.sqrt,
    "abs": math.fabs,
    "sinh": math.sinh,
    "cosh": math.cosh,
    "tanh": math.tanh,
    "arcsin": math.asin,
    "arccos": math.acos,
    "arctan": math.atan,
}
ALIASES = {"ln": "log", "asin": "arcsin", "acos": "arccos", "atan": "arctan"}

_NUMBER = re.compile(r"(?:\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d+))?")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPERATORS = ("**", "+", "-", "*", "/", "^", "(", ")")
_WHITESPACE = " \t"
_WHAT_FITS = "expected a number, x, y, pi, e, a function such as sin(...) or '('"

# (message, hint) for the characters learners (and attackers) most often try
_CHARACTER_ERRORS = {
    ",": ("comma is not allowed", "every function takes one argument; decimals use '.'"),
    ";": ("';' is not allowed", "a formula is a single expression"),
    "'": ("quotes are not allowed", "a formula has no text in it"),
    '"': ("quotes are not allowed", "a formula has no text in it"),
    ".": ("'.' outside a number", "'.' is only allowed inside a number such as 0.5"),
    "[": ("brackets are not allowed", "group with ( and )"),
    "]": ("brackets are not allowed", "group with ( and )"),
    "{": ("braces are not allowed", "group with ( and )"),
    "}": ("braces are not allowed", "group with ( and )"),
    "=": ("'=' is not allowed", "type only the right-hand side of f(x, y) = ..."),
    "\n": ("line break is not allowed", "a formula is one line"),
    "\r": ("line break is not allowed", "a formula is one line"),
}
# Non-ASCII characters with an obvious ASCII spelling.
_UNICODE_HINTS = {
    "\u00d7": "*",  # ×
    "\u00b7": "*",  # ·
    "\u22c5": "*",  # ⋅
    "\u00f7": "/",  # ÷
    "\u2212": "-",  # − minus sign
    "\u2013": "-",  # – en dash
    "\u00b2": "**2",  # ²
    "\u00b3": "**3",  # ³
    "\u03c0": "pi",  # π
}


class ParseError(ValueError):
    """A formula that is not allowed.

    ``message`` says what is wrong, ``position`` where (0-based index into ``text``; None for
    the formula as a whole) and ``hint`` how to fix it (may be empty). ``str(error)`` is one
    line: ``unknown name 'foo' at position 7 (allowed: x, y, ...)``. ``caret()`` shows the spot.

    The message and the hint are made from templates and ``values`` (``"unknown name {word!r}"``,
    ``word="foo"``): ``render(t)`` gives both through any translator ``t(template, **values)``,
    so the interface shows them in its own language; the English text is the templates filled in.
    """

    def __init__(self, message: str, position: int | None = None, text: str = "", hint: str = "", **values: Any):
        self.template, self.hint_template, self.values = message, hint, values
        self.message = message.format(**values) if values else message
        self.hint = hint.format(**values) if values and hint else hint
        self.position = position
        self.text = text
        where = "" if position is None else f" at position {position}"
        super().__init__(f"{self.message}{where}" + (f" ({self.hint})" if self.hint else ""))

    def render(self, t: Callable[..., str]) -> tuple[str, str]:
        """(message, hint) through the translator ``t`` (hint '' when there is none)."""
        return t(self.template, **self.values), (t(self.hint_template, **self.values) if self.hint_template else "")

    def caret(self, width: int = 60) -> str:
        """Two lines: (an excerpt of) the formula and a '^' under the problem; '' without a position."""
        return caret_excerpt(self.text, self.position, width)


def caret_excerpt(text: str, position: int | None, width: int = 60) -> str:
    """``text`` (cut to about ``width`` characters around ``position``) with a caret line below.

    Characters other than printable ASCII are shown as '?' so the caret stays aligned::

        x**2 + foo(y)
               ^
    """
    if position is None or not isinstance(text, str):
        return ""
    position = max(0, min(position, len(text)))
    lo = max(0, min(position - width // 2, len(text) - width))
    hi = min(len(text), lo + width)
    shown = "".join(c if " " <= c <= "~" else "?" for c in text[lo:hi])
    prefix = "..." if lo > 0 else ""
    suffix = "..." if hi < len(text) else ""
    return f"{prefix}{shown}{suffix}\n{' ' * (len(prefix) + position - lo)}^"


# --------------------------------------------------------------------------------------
# The syntax tree. ``start``/``end`` delimit the node's text; ``value`` is the node's value
# when it contains no variable (folded while parsing), else None.


@dataclass(frozen=True, slots=True)
class Number:
    value_exact: Fraction
    start: int
    end: int

    @property
    def value(self) -> float:
        return float(self.value_exact)


@dataclass(frozen=True, slots=True)
class Name:
    """A variable (x, y) or a constant (pi, e)."""

    name: str
    start: int
    end: int

    @property
    def value(self) -> float | None:
        return CONSTANTS.get(self.name)


@dataclass(frozen=True, slots=True)
class Unary:
    op: str  # '+' or '-'
    operand: Node
    start: int
    end: int
    value: float | None


@dataclass(frozen=True, slots=True)
class Binary:
    op: str  # '+', '-', '*', '/', '**' ('^' is stored as '**')
    left: Node
    right: Node
    start: int
    end: int
    op_pos: int
    value: float | None


@dataclass(frozen=True, slots=True)
class Call:
    func: str  # a key of FUNCTIONS (aliases resolved)
    arg: Node
    start: int
    end: int
    value: float | None


Node = Number | Name | Unary | Binary | Call


def variables(node: Node) -> frozenset[str]:
    """The variables (a subset of {'x', 'y'}) a tree depends on."""
    if isinstance(node, Name):
        return frozenset({node.name}) if node.name in VARIABLES else frozenset()
    if isinstance(node, Number):
        return frozenset()
    if isinstance(node, Unary):
        return variables(node.operand)
    if isinstance(node, Binary):
        return variables(node.left) | variables(node.right)
    return variables(node.arg)


# --------------------------------------------------------------------------------------
# Tokens


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # 'num', 'name', 'op', 'end'
    text: str
    pos: int


def _character_error(text: str, i: int) -> ParseError:
    ch = text[i]
    if ch in _CHARACTER_ERRORS:
        message, hint = _CHARACTER_ERRORS[ch]
        return ParseError(message, i, text, hint)
    if " " <= ch <= "~":
        return ParseError("character {ch!r} is not allowed", i, text, "use + - * / ** ^ and parentheses", ch=ch)
    if ord(ch) < 128:
        return ParseError("control character {ch!r} is not allowed", i, text, ch=ch)
    name = unicodedata.name(ch, f"U+{ord(ch):04X}")
    ascii_form = _UNICODE_HINTS.get(ch) or unicodedata.normalize("NFKC", ch)
    if ascii_form.isascii() and ascii_form.strip() and ascii_form != ch:
        return ParseError("non-ASCII character {ch!r} ({name})", i, text, "type {ascii_form!r} instead", ch=ch,
                          name=name, ascii_form=ascii_form)  # fmt: skip
    return ParseError("non-ASCII character {ch!r} ({name})", i, text, "formulas are plain ASCII", ch=ch, name=name)


def tokens(text: str) -> Iterator[_Token]:
    """The tokens of a formula, left to right, ending with one of kind 'end'.

    Lazy, so that the parser reports the leftmost problem: in ``__import__('os')`` that is
    the unknown name, not the quote.
    """
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _WHITESPACE:
            i += 1
        elif ch.isascii() and (ch.isdigit() or (ch == "." and i + 1 < n and text[i + 1].isdigit())):
            m = _NUMBER.match(text, i)
            end = m.end()
            if end < n and (text[end] == "." or text[end].isdigit()):
                raise ParseError("malformed number {number!r}", i, text, number=text[i : end + 1])
            if m.group(1) is not None and abs(int(m.group(1))) > MAX_SCIENTIFIC_EXPONENT:
                raise ParseError("number {number!r} is out of range", i, text, number=m.group())
            yield _Token("num", m.group(), i)
            i = end
        elif ch.isascii() and (ch.isalpha() or ch == "_"):
            m = _NAME.match(text, i)
            yield _Token("name", m.group(), i)
            i = m.end()
        else:
            op = next((o for o in _OPERATORS if text.startswith(o, i)), None)
            if op is None:
                raise _character_error(text, i)
            yield _Token("op", op, i)
            i += len(op)
    yield _Token("end", "", n)


# --------------------------------------------------------------------------------------
# Parser


def _fold_binary(op: str, a: float, b: float) -> float:
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        return a / b
    return math.pow(a, b)


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.scan = tokens(text)
        self.tok = next(self.scan)
        self.depth = 0
        self.nodes = 0

    # helpers ---------------------------------------------------------------------------
    def error(self, message: str, pos: int | None, hint: str = "", **values: Any) -> ParseError:
        return ParseError(message, pos, self.text, hint, **values)

    def take(self) -> _Token:
        tok = self.tok
        if tok.kind != "end":
            self.tok = next(self.scan)
        return tok

    def at(self, *ops: str) -> bool:
        return self.tok.kind == "op" and self.tok.text in ops

    def enter(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            hint = "at most {n} levels of parentheses, functions, signs and exponents"
            raise self.error("formula is nested too deeply", pos, hint, n=MAX_DEPTH)

    def leave(self) -> None:
        self.depth -= 1

    def count(self, pos: int) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.error("formula is too long", pos, "at most {n} numbers, names and operations", n=MAX_NODES)

    def snippet(self, start: int, end: int) -> str:
        s = self.text[start:end].strip()
        return s if len(s) <= 40 else s[:37] + "..."

    def checked(self, value: float, start: int, end: int) -> float:
        if not math.isfinite(value) or abs(value) > MAX_CONSTANT:
            shown = self.snippet(start, end)
            if not _NUMBER.fullmatch(shown):
                shown = f"{shown} = {value:.3g}"
            raise self.error("number too large: {shown}", start, "at most {limit} in magnitude", shown=shown,
                             limit=f"{MAX_CONSTANT:g}")  # fmt: skip
        return value

    def unexpected(self, tok: _Token) -> ParseError:
        """The error for a token that cannot continue the formula."""
        if tok.kind in ("num", "name") or (tok.kind == "op" and tok.text == "("):
            return self.error("missing operator before {token!r}", tok.pos, "write multiplication as 2*x",
                              token=tok.text)  # fmt: skip
        if tok.kind == "op" and tok.text == ")":
            return self.error("unmatched ')'", tok.pos)
        return self.unexpected_token(tok)

    def unexpected_token(self, tok: _Token, hint: str = "") -> ParseError:
        if tok.kind == "end":
            return self.error("unexpected end of formula", tok.pos, hint)
        return self.error("unexpected {token!r}", tok.pos, hint, token=tok.text)

    def close(self, open_pos: int) -> int:
        """Consume the ')' matching the '(' at ``open_pos``; return the position after it."""
        tok = self.tok
        if self.at(")"):
            self.take()
            return tok.pos + 1
        if tok.kind == "end":
            raise self.error("missing ')'", tok.pos, "to close the '(' at character {char}", char=open_pos + 1)
        raise self.unexpected(tok)

    # grammar ---------------------------------------------------------------------------
    def parse(self) -> Node:
        node = self.expr()
        if self.tok.kind != "end":
            raise self.unexpected(self.tok)
        return node

    def expr(self) -> Node:
        node = self.term()
        while self.at("+", "-"):
            op = self.take()
            node = self.binary(op.text, node, self.term(), op.pos)
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.at("*", "/"):
            op = self.take()
            node = self.binary(op.text, node, self.unary(), op.pos)
        return node

    def unary(self) -> Node:
        if self.at("+", "-"):
            op = self.take()
            self.enter(op.pos)
            operand = self.unary()
            self.leave()
            self.count(op.pos)
            value = None
            if operand.value is not None:
                value = -operand.value if op.text == "-" else operand.value
            return Unary(op.text, operand, op.pos, operand.end, value)
        return self.power()

    def power(self) -> Node:
        base = self.atom()
        if self.at("**", "^"):
            op = self.take()
            self.enter(op.pos)
            exponent = self.unary()
            self.leave()
            return self.binary("**", base, exponent, op.pos)
        return base

    def atom(self) -> Node:
        tok = self.tok
        if tok.kind == "num":
            self.take()
            self.count(tok.pos)
            value = Fraction(tok.text)
            end = tok.pos + len(tok.text)
            try:
                self.checked(float(value), tok.pos, end)
            except OverflowError:
                self.checked(math.inf, tok.pos, end)
            return Number(value, tok.pos, end)
        if tok.kind == "name":
            return self.name()
        if self.at("("):
            self.take()
            self.enter(tok.pos)
            inner = self.expr()
            end = self.close(tok.pos)
            self.leave()
            return _respan(inner, tok.pos, end)
        if tok.kind == "end":
            raise self.error("formula ends too early", tok.pos, _WHAT_FITS)
        raise self.unexpected_token(tok, _WHAT_FITS)

    def name(self) -> Node:
        tok = self.take()
        word = tok.text
        end = tok.pos + len(word)
        func = ALIASES.get(word, word)
        if func in FUNCTIONS:
            if not self.at("("):
                raise self.error("{word} is a function", tok.pos, "write {word}(...)", word=word)
            open_tok = self.take()
            self.enter(open_tok.pos)
            arg = self.expr()
            end = self.close(open_tok.pos)
            self.leave()
            self.count(tok.pos)
            value = None
            if arg.value is not None:
                try:
                    value = FUNCTIONS[func](arg.value)
                except OverflowError:
                    value = math.inf
                except ValueError:
                    raise self.error("{snippet} is undefined", tok.pos, snippet=self.snippet(tok.pos, end)) from None
                self.checked(value, tok.pos, end)
            return Call(func, arg, tok.pos, end, value)
        if word in VARIABLES or word in CONSTANTS:
            self.count(tok.pos)
            if self.at("("):
                message = "{word} is a variable, not a function" if word in VARIABLES else (
                    "{word} is a constant, not a function")  # fmt: skip
                raise self.error(message, self.tok.pos, "write {word}*(...) to multiply", word=word)
            return Name(word, tok.pos, end)
        low = word.lower()
        if low in ("nan", "inf", "infinity"):
            raise self.error("{word!r} is not allowed", tok.pos, "a formula uses finite numbers only", word=word)
        if low in VARIABLES or low in CONSTANTS or low in FUNCTIONS or low in ALIASES:
            raise self.error("unknown name {word!r}", tok.pos, "names are lower case: {low}", word=word, low=low)
        allowed = ", ".join([*VARIABLES, *CONSTANTS, *FUNCTIONS, *ALIASES])
        raise self.error("unknown name {word!r}", tok.pos, "allowed: {allowed}", word=word, allowed=allowed)

    def binary(self, op: str, left: Node, right: Node, op_pos: int) -> Binary:
        self.count(op_pos)
        start, end = left.start, right.end
        if op == "/" and right.value == 0:
            raise self.error("division by zero", op_pos)
        if op == "**":
            self.check_power(left, right, op_pos)
        value = None
        if left.value is not None and right.value is not None:
            try:
                value = _fold_binary(op, left.value, right.value)
            except OverflowError:
                value = math.inf
            except (ValueError, ZeroDivisionError):
                raise self.error("{snippet} is undefined", op_pos, snippet=self.snippet(start, end)) from None
            self.checked(value, start, end)
        return Binary(op, left, right, start, end, op_pos, value)

    def check_power(self, base: Node, exponent: Node, op_pos: int) -> None:
        if exponent.value is None:
            if base.value is None or base.value <= 0:
                hint = "x**y is undefined for x < 0; write exp(y*log(x)) instead"
                raise self.error("an exponent that depends on x or y needs a positive constant base", op_pos, hint)
            return
        if abs(exponent.value) > MAX_EXPONENT:
            raise self.error("exponent too large: {snippet}", exponent.start, "at most {limit} in magnitude",
                             snippet=self.snippet(exponent.start, exponent.end), limit=MAX_EXPONENT)  # fmt: skip
        if max(1.0, abs(exponent.value)) * _exponent_product(base) > MAX_EXPONENT_PRODUCT:
            hint = "the exponents of nested powers multiply to at most {limit}"
            raise self.error("nested powers too high", op_pos, hint, limit=MAX_EXPONENT_PRODUCT)


def _exponent_product(node: Node) -> float:
    """The largest product of constant exponents along a chain of nested powers in ``node``."""
    if isinstance(node, (Number, Name)):
        return 1.0
    if isinstance(node, Unary):
        return _exponent_product(node.operand)
    if isinstance(node, Call):
        return _exponent_product(node.arg)
    inner = max(_exponent_product(node.left), _exponent_product(node.right))
    if node.op == "**" and node.right.value is not None:
        return max(1.0, abs(node.right.value)) * _exponent_product(node.left)
    return inner


def _respan(node: Node, start: int, end: int) -> Node:
    """The same node, its span widened to include the parentheses around it."""
    if isinstance(node, Number):
        return Number(node.value_exact, start, end)
    if isinstance(node, Name):
        return Name(node.name, start, end)
    if isinstance(node, Unary):
        return Unary(node.op, node.operand, start, end, node.value)
    if isinstance(node, Binary):
        return Binary(node.op, node.left, node.right, start, end, node.op_pos, node.value)
    return Call(node.func, node.arg, start, end, node.value)


def parse(text: str) -> Node:
    """Parse and validate a formula f(x, y); raises ParseError (a ValueError) on any problem."""
    if not isinstance(text, str):
        raise ParseError("a formula must be text, not {kind}", kind=type(text).__name__)
    if len(text) > MAX_LENGTH:
        raise ParseError("formula is too long: {n} characters", MAX_LENGTH, text, "at most {limit} characters",
                         n=len(text), limit=MAX_LENGTH)  # fmt: skip
    if not text.strip():
        raise ParseError("empty formula", 0, text, "type f(x, y), e.g. x**2 + 10*y**2")
    return _Parser(text).parse()


def check(text: str) -> ParseError | None:
    """None if ``text`` parses, else the ParseError: for validating input as it is typed."""
    try:
        parse(text)
    except ParseError as e:
        return e
    return None
