"""Typed formulas: parsing, limits, hostile input, the symbolic gradient and its NumPy evaluator.

Custom surfaces built from formulas, their runs and the CLI are in test_custom_surface.py.
"""

from __future__ import annotations

import builtins
import io
import math
import os
import re
import tokenize
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optim_viz.core.expr import (
    MAX_DEPTH,
    MAX_LENGTH,
    MAX_NODES,
    Binary,
    Call,
    Name,
    Number,
    ParseError,
    Unary,
    caret_excerpt,
    check,
    parse,
    variables,
)
from optim_viz.core.symbolic import compile_formula

ROOT = Path(__file__).resolve().parents[1]

ISSUE_EXAMPLES = {
    "x**2 + 10*y**2": (
        lambda x, y: x**2 + 10 * y**2,
        lambda x, y: (2 * x, 20 * y),
    ),
    "sin(x)*cos(y) + 0.1*(x^2+y^2)": (
        lambda x, y: np.sin(x) * np.cos(y) + 0.1 * (x**2 + y**2),
        lambda x, y: (np.cos(x) * np.cos(y) + 0.2 * x, -np.sin(x) * np.sin(y) + 0.2 * y),
    ),
    "log(1 + (x-1)**2 + 100*(y-x**2)**2)": (
        lambda x, y: np.log(1 + (x - 1) ** 2 + 100 * (y - x**2) ** 2),
        lambda x, y: (
            (2 * (x - 1) - 400 * x * (y - x**2)) / (1 + (x - 1) ** 2 + 100 * (y - x**2) ** 2),
            200 * (y - x**2) / (1 + (x - 1) ** 2 + 100 * (y - x**2) ** 2),
        ),
    ),
}


# --------------------------------------------------------------------------------------
# Parsing valid formulas


@pytest.mark.parametrize("text", list(ISSUE_EXAMPLES))
def test_issue_examples_parse(text):
    tree = parse(text)
    assert variables(tree) == {"x", "y"}
    assert check(text) is None


def test_tree_shape_and_precedence():
    t = parse("-x**2")  # Python's rule: -(x**2)
    assert isinstance(t, Unary) and isinstance(t.operand, Binary) and t.operand.op == "**"
    t = parse("x^2")  # ^ is power
    assert isinstance(t, Binary) and t.op == "**"
    t = parse("1 + 2*x")
    assert t.op == "+" and t.right.op == "*"
    t = parse("sin(x)")
    assert isinstance(t, Call) and t.func == "sin" and isinstance(t.arg, Name)
    assert parse("ln(x)").func == "log" and parse("atan(x)").func == "arctan"
    n = parse("2.5e-3")
    assert isinstance(n, Number) and n.value == 0.0025
    assert (n.start, n.end) == (0, 6)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2**3**2", 512.0),  # right-associative
        ("-2**2", -4.0),
        ("2**-1", 0.5),
        ("(1+2)*3", 9.0),
        ("10 - 4 - 3", 3.0),
        ("8 / 4 / 2", 1.0),
        ("+-+1", -1.0),
        ("pi", math.pi),
        ("e", math.e),
        ("sqrt(16) + abs(-2) + exp(0) + ln(e)", 8.0),
        (".5 + 5. + 1E2 + 2e+1", 125.5),
        ("10**6", 1e6),
    ],
)
def test_constant_folding_follows_python(text, expected):
    assert parse(text).value == pytest.approx(expected)
    f = compile_formula(text)
    assert np.allclose(f.value(np.zeros(3), np.zeros(3)), expected)


@pytest.mark.parametrize(
    "text",
    [
        "x*y",
        "\tx + y ",
        "arcsin(x/4) + arccos(y/4) + arctan(x*y)",
        "sinh(x) + cosh(y) + tanh(x*y) + tan(x/3)",
        "2**x + e**(-y**2)",
        "x**-2 + y**0.5",
        "(x**10)**10",
        "abs(log(x)) + abs(y - 1)",
        "1",
    ],
)
def test_more_valid_formulas_compile(text):
    f = compile_formula(text)
    v, gx, gy = f.value_and_grad(np.array([0.5, 1.5]), np.array([0.25, 2.0]))
    assert v.shape == gx.shape == gy.shape == (2,)
    assert v.dtype == np.float64


# --------------------------------------------------------------------------------------
# Errors: message, position, caret


@pytest.mark.parametrize(
    "text, message, position",
    [
        ("x**2 + foo(y)", "unknown name 'foo'", 7),
        ("2x", "missing operator before 'x'", 1),
        ("x y", "missing operator before 'y'", 2),
        ("sin x", "sin is a function", 0),
        ("x(2)", "x is a variable, not a function", 1),
        ("(x + 1", "missing ')'", 6),
        ("x + 1)", "unmatched ')'", 5),
        ("x +", "formula ends too early", 3),
        ("x * * y", "unexpected '*'", 4),
        ("sin()", "unexpected ')'", 4),
        ("X**2", "unknown name 'X'", 0),
        ("x/0", "division by zero", 1),
        ("log(0) + x", "log(0) is undefined", 0),
        ("(-8)**(1/3) + x", "(-8)**(1/3) is undefined", 4),
        ("x**y", "an exponent that depends on x or y needs a positive constant base", 1),
        ("(-2)**x", "an exponent that depends on x or y needs a positive constant base", 4),
        ("x**11", "exponent too large: 11", 3),
        ("2**20", "exponent too large: 20", 3),
        ("((x**5)**5)**5", "nested powers too high", 11),
        ("1e7 * x", "number too large: 1e7", 0),
        ("1000*1000*10 + x", "number too large: 1000*1000*10 = 1e+07", 0),
        ("exp(20)", "number too large: exp(20) = 4.85e+08", 0),
        ("1.2.3", "malformed number '1.2.'", 0),
        ("", "empty formula", 0),
    ],
)
def test_error_messages_and_positions(text, message, position):
    with pytest.raises(ParseError) as info:
        compile_formula(text)
    e = info.value
    assert e.message == message
    assert e.position == position
    assert str(e).startswith(f"{message} at position {position}")
    assert "\n" not in str(e)


def test_issue_example_error_and_caret():
    e = check("x**2 + foo(y)")
    assert str(e).startswith("unknown name 'foo' at position 7")
    assert "sin" in e.hint
    assert e.caret() == "x**2 + foo(y)\n       ^"


def test_caret_excerpt_of_a_long_formula_stays_short_and_aligned():
    text = "x + " * 60 + "foo"
    pos = text.index("foo")
    line, marker = caret_excerpt(text, pos, width=40).split("\n")
    assert len(line) <= 46
    assert line[len(marker) - 1 : len(marker) + 2] == "foo"
    assert caret_excerpt(text, None) == ""


def test_error_without_a_position():
    with pytest.raises(ParseError) as info:
        compile_formula("x/(y-y)")  # sympy finds the division by zero
    assert info.value.position is None
    assert info.value.caret() == ""
    assert str(info.value) == "formula is undefined (it divides by an expression that is always zero)"


# --------------------------------------------------------------------------------------
# Hostile input: every entry must fail cleanly, quickly and without running anything.

HOSTILE = [
    # attribute and dunder access
    "x.__class__",
    "().__class__.__bases__",
    "''.__class__.__mro__[1].__subclasses__()",
    "x.real",
    "1.real",
    "1..real",
    "__import__('os')",
    "__import__('os').system('rm -rf /')",
    "__builtins__",
    "globals()",
    "x._",
    # calls to names outside the whitelist
    "open('f')",
    "open",
    "eval('1')",
    "exec('import os')",
    "exec",
    "getattr(x, 'y')",
    "compile('1', 'f', 'eval')",
    "breakpoint()",
    "print(1)",
    "os.system('ls')",
    "sympy.sin(x)",
    "Symbol('x')",
    "import os",
    "input()",
    # lambdas, comprehensions, strings, tuples, statements
    "lambda: 0",
    "(lambda: 0)()",
    "lambda x: x",
    "[i for i in range(9)]",
    "{i for i in x}",
    "(i for i in x)",
    "'x'",
    '"x"',
    "f'{x}'",
    "b'x'",
    "x, y",
    "(x, y)",
    "sin(x, y)",
    "x; y",
    "x = 1",
    "x\ny",
    "x\r\ny",
    "x # comment",
    "x if y else 1",
    "x and y",
    "not x",
    "x < y",
    "x == y",
    "x @ y",
    "x % y",
    "x // y",
    "~x",
    "x[0]",
    "x | y",
    "x & y",
    "$x",
    "`x`",
    "x\\y",
    "x\x00",
    # numbers
    "0x10",
    "1_000 * x",
    "1j",
    "nan",
    "NaN * x",
    "inf",
    "x + Infinity",
    "1e309",
    "-1e309",
    "1e-99999999",
    "1e400",
    "9" * 299,
    # blow-ups
    "9**9**9",
    "10**10**10",
    "2**1024",
    "x**1000",
    "x**-1000",
    "x**10**10",
    "(x**10)**10**10",
    "((((x**10)**10)**10)**10)",
    "x**(10**3)",
    "exp(exp(exp(10)))",
    "cosh(1000)",
    "tan(pi/2)",
    "0**-1",
    "1/(2-2)",
    # deep nesting and huge input
    "(" * 1000 + "x" + ")" * 1000,
    "(" * 31 + "x" + ")" * 31,
    "sin(" * 31 + "x" + ")" * 31,
    "-" * 100 + "x",
    "x" + "**2" * 40,
    "x" * 1_000_000,
    "x+" * 500_000 + "x",
    "-x*" * 99 + "x",  # within the length limit, beyond the node limit
    # Unicode look-alikes and invisible characters
    "\uff58**2 + \uff59**2",  # fullwidth x, y
    "\u0445**2",  # Cyrillic ha
    "\u0443 + 1",  # Cyrillic u
    "\u03b1*x",  # Greek alpha
    "x\u00b2",  # superscript two
    "x \u00d7 y",  # multiplication sign
    "x \u2212 y",  # minus sign
    "\u03c0*x",  # pi
    "x\u200b+y",  # zero-width space
    "x\u00a0+ y",  # no-break space
    "\u202ex+y",  # right-to-left override
    "x + \U0001f600",
    "\ufeffx",  # byte-order mark
    "𝐱**2",  # mathematical bold x
    # empty
    "",
    " ",
    "\t\t",
    "()",
    "+",
]


@pytest.fixture(scope="module")
def warm():
    compile_formula("x**2 + y**2")  # import sympy once, outside the timed calls


class _Tripwire:
    """Replaces builtins that could run code or touch the system; records every call."""

    NAMES = ("eval", "exec", "compile", "open", "__import__", "input", "breakpoint")

    def __init__(self):
        self.calls: list[str] = []

    def __enter__(self):
        self.saved = {n: getattr(builtins, n) for n in self.NAMES}
        self.saved_system = os.system
        for n in self.NAMES:
            setattr(builtins, n, self._trap(n))
        os.system = self._trap("os.system")
        return self

    def __exit__(self, *exc):
        for n, f in self.saved.items():
            setattr(builtins, n, f)
        os.system = self.saved_system

    def _trap(self, name):
        def trap(*args, **kwargs):
            self.calls.append(name)
            raise RuntimeError(f"{name} called while parsing a formula")

        return trap


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: repr(t[:40]) + (f"...({len(t)})" if len(t) > 40 else ""))
def test_hostile_formula_is_refused_cleanly(text, warm):
    with _Tripwire() as wire:
        try:
            compile_formula(text)
        except ParseError as e:
            error = e
        else:
            error = None
    assert wire.calls == [], f"{wire.calls} called for {text[:40]!r}"
    assert error is not None, f"{text[:40]!r} was accepted"
    assert error.message and "\n" not in str(error) and len(str(error)) < 400
    assert error.position is None or 0 <= error.position <= len(text)
    # Refused by the parser itself, before any symbolic or numeric work could blow up.
    with pytest.raises(ParseError):
        parse(text)


def test_limits_are_what_the_docs_say():
    assert parse("(" * MAX_DEPTH + "x" + ")" * MAX_DEPTH)
    with pytest.raises(ParseError, match="nested too deeply"):
        parse("(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1))
    assert parse("x" + " " * (MAX_LENGTH - 1))
    with pytest.raises(ParseError, match="too long: 301 characters"):
        parse("x" + " " * MAX_LENGTH)
    assert parse("+".join(["x"] * ((MAX_NODES + 1) // 2)))
    with pytest.raises(ParseError, match="at most 200 numbers"):
        parse("+".join(["x"] * ((MAX_NODES + 3) // 2)))
    assert parse("(x**10)**10")  # exponent product 100 is the limit
    assert parse("x**-10")


def test_unicode_errors_name_the_character_and_suggest_ascii():
    e = check("\uff58**2")
    assert e.position == 0 and "FULLWIDTH LATIN SMALL LETTER X" in e.message and e.hint == "type 'x' instead"
    e = check("x**2 + \u0445")
    assert e.position == 7 and "CYRILLIC SMALL LETTER HA" in e.message and "ASCII" in e.hint
    assert check("x\u00b2").hint == "type '**2' instead"
    assert check("x \u2212 y").hint == "type '-' instead"


def test_leftmost_problem_is_reported():
    assert check("__import__('os')").message == "unknown name '__import__'"
    assert check("x + 'a'").message == "quotes are not allowed"


def test_non_text_is_refused():
    for value in (None, 1, b"x", ["x"]):
        with pytest.raises(ParseError, match="must be text"):
            parse(value)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=120))
def test_arbitrary_text_parses_or_raises_parse_error(text):
    try:
        parse(text)
    except ParseError as e:
        assert e.message and (e.position is None or 0 <= e.position <= len(text))


GRAMMAR_SOUP = st.text(alphabet="xy0123456789.e+-*/^() sincoexplgqrtabhp", max_size=60)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(GRAMMAR_SOUP)
def test_grammar_soup_compiles_or_raises_parse_error(text):
    try:
        f = compile_formula(text)
    except ParseError:
        return
    with np.errstate(all="raise"):  # evaluation must not warn (or raise) on its own
        out = f.value_and_grad(np.linspace(-3, 3, 7), np.linspace(3, -3, 7))
    assert all(o.shape == (7,) and o.dtype == np.float64 for o in out)


# --------------------------------------------------------------------------------------
# Values and exact gradients

POINTS = st.tuples(st.floats(-3, 3), st.floats(-3, 3))


@pytest.mark.parametrize("text", list(ISSUE_EXAMPLES))
@settings(max_examples=60, deadline=None)
@given(point=POINTS)
def test_issue_examples_match_hand_written_numpy(text, point):
    value, grad = ISSUE_EXAMPLES[text]
    x, y = np.float64(point[0]), np.float64(point[1])
    f, gx, gy = compile_formula(text).value_and_grad(x, y)
    assert f == pytest.approx(value(x, y), rel=1e-12, abs=1e-12)
    ex, ey = grad(x, y)
    assert gx == pytest.approx(ex, rel=1e-9, abs=1e-9)
    assert gy == pytest.approx(ey, rel=1e-9, abs=1e-9)


def _central_difference(formula, x, y, h=1e-6):
    fx = (formula.value(x + h, y) - formula.value(x - h, y)) / (2 * h)
    fy = (formula.value(x, y + h) - formula.value(x, y - h)) / (2 * h)
    return fx, fy


def _close(a, b, scale):
    return abs(a - b) <= 1e-5 * (1.0 + abs(b) + scale)


@pytest.mark.parametrize("text", list(ISSUE_EXAMPLES))
@settings(max_examples=60, deadline=None)
@given(point=POINTS)
def test_issue_examples_gradient_matches_central_differences(text, point):
    formula = compile_formula(text)
    x, y = np.float64(point[0]), np.float64(point[1])
    _, gx, gy = formula.value_and_grad(x, y)
    fx, fy = _central_difference(formula, x, y)
    assert _close(gx, fx, 0) and _close(gy, fy, 0)


SMOOTH_LEAVES = st.sampled_from(["x", "y", "1", "2.5", "0.5", "pi", "e", "3"])


def _smooth_extend(children):
    return st.one_of(
        st.tuples(children, st.sampled_from(["+", "-", "*"]), children).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(st.sampled_from(["sin", "cos", "tanh", "arctan", "sinh"]), children).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(children, st.sampled_from(["2", "3"])).map(lambda t: f"({t[0]})^{t[1]}"),
        children.map(lambda c: f"exp({c}/10)"),
        children.map(lambda c: f"sqrt(1 + ({c})**2)"),
        children.map(lambda c: f"-{c}"),
    )


SMOOTH_FORMULAS = st.recursive(SMOOTH_LEAVES, _smooth_extend, max_leaves=8)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=SMOOTH_FORMULAS, point=POINTS)
def test_random_formula_gradient_matches_central_differences(text, point):
    try:
        formula = compile_formula(text)
    except ParseError:
        return  # over a limit: fine, the refusal is what we test elsewhere
    x, y = np.float64(point[0]), np.float64(point[1])
    f, gx, gy = formula.value_and_grad(x, y)
    if not (np.isfinite([f, gx, gy]).all() and abs(f) < 1e6 and abs(gx) < 1e6 and abs(gy) < 1e6):
        return
    fx, fy = _central_difference(formula, x, y, h=1e-5)
    scale = 1e-4 * abs(f)  # round-off of the difference quotient grows with |f|/h
    assert _close(gx, fx, scale), (text, x, y, gx, fx)
    assert _close(gy, fy, scale), (text, x, y, gy, fy)


def test_evaluation_broadcasts_and_returns_fresh_float64_arrays():
    f = compile_formula("x**2 + 10*y**2")
    x = np.linspace(-1, 1, 6).reshape(2, 3)
    v, gx, gy = f.value_and_grad(x, 1)
    assert v.shape == gx.shape == gy.shape == (2, 3)
    assert np.array_equal(gy, np.full((2, 3), 20.0))
    g = compile_formula("x")
    v, gx, gy = g.value_and_grad(x, 0.0)
    assert v is not x and np.array_equal(v, x)
    v[0, 0] = 99.0
    assert x[0, 0] == -1.0
    assert np.array_equal(gx, np.ones((2, 3))) and np.array_equal(gy, np.zeros((2, 3)))
    v, gx, gy = f.value_and_grad([1, 2], [0, 1])  # integers and lists
    assert v.dtype == np.float64 and list(v) == [1.0, 14.0]


def test_evaluation_problems_give_nan_or_inf_without_warnings():
    import warnings

    cases = {
        "log(x)": (-1.0, np.nan),
        "sqrt(x)": (-4.0, np.nan),
        "1/x": (0.0, np.inf),
        "exp(x**2)": (100.0, np.inf),
        "arcsin(x)": (2.0, np.nan),
        "x**-2": (0.0, np.inf),
    }
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for text, (x, expected) in cases.items():
            f, gx, gy = compile_formula(text).value_and_grad(np.array([x]), np.array([0.0]))
            if np.isnan(expected):
                assert np.isnan(f[0]), text
            else:
                assert f[0] == expected, text


def test_abs_has_the_real_derivative():
    f = compile_formula("abs(log(x)) + abs(y - 1)")
    _, gx, gy = f.value_and_grad(np.array([0.5, 2.0]), np.array([0.0, 3.0]))
    assert np.allclose(gx, [-2.0, 0.5]) and np.allclose(gy, [-1.0, 1.0])


def test_operation_count_is_bounded():
    from optim_viz.core.symbolic import MAX_OPERATIONS

    assert compile_formula("(x**2+y-11)**2+(x+y**2-7)**2").operations < 40
    product = "*".join(f"(x+{i})" for i in range(1, 30))
    with pytest.raises(ParseError, match="too complex") as info:
        compile_formula(product)
    assert str(MAX_OPERATIONS) in info.value.hint


def test_compile_is_cached_and_bounded():
    info = compile_formula.cache_info()
    assert info.maxsize is not None and info.maxsize <= 256
    assert compile_formula("x**2 + 3*y**2") is compile_formula("x**2 + 3*y**2")


# --------------------------------------------------------------------------------------
# Quadratic formulas


@pytest.mark.parametrize(
    "text, hessian, point",
    [
        ("x**2 + 10*y**2", [[2, 0], [0, 20]], (0, 0)),
        ("0.5*(3*x**2 + 5*y**2)", [[3, 0], [0, 5]], (0, 0)),
        ("(x+2*y-7)**2+(2*x+y-5)**2", [[10, 8], [8, 10]], (1, 3)),
        ("(x-1)**2 + pi*(y+2)**2", [[2, 0], [0, 2 * math.pi]], (1, -2)),
        ("x*y + x", [[0, 1], [1, 0]], (0, -1)),
        ("x**2 - y**2", [[2, 0], [0, -2]], (0, 0)),
        ("sqrt(x**2)**2 + y^2", [[2, 0], [0, 2]], (0, 0)),  # sympy sees through it
        ("3 - x", [[0, 0], [0, 0]], None),
        ("7", [[0, 0], [0, 0]], None),
    ],
)
def test_quadratic_detection(text, hessian, point):
    q = compile_formula(text).quadratic
    assert q is not None
    assert np.allclose(q.hessian, hessian)
    z = q.stationary_point()
    if point is None:
        assert z is None
    else:
        assert np.allclose(z, point)


@pytest.mark.parametrize(
    "text", ["x**3", "sin(x) + y**2", "x**2*y", "1/x + y**2", "abs(x) + y**2", "exp(x)", "x**2 + y**4", "x**0.5"]
)
def test_non_quadratic_formulas(text):
    assert compile_formula(text).quadratic is None


def test_nonnegativity():
    assert compile_formula("x**2 + 10*y**2").nonnegative
    assert compile_formula("log(1 + (x-1)**2 + 100*(y-x**2)**2)").nonnegative
    assert not compile_formula("sin(x)*cos(y) + 0.1*(x^2+y^2)").nonnegative
    assert not compile_formula("x**2 - y**2").nonnegative


def test_latex():
    assert compile_formula("x^2 + 10*y^2").latex() == "x^{2} + 10 y^{2}"
    assert r"\left|" in compile_formula("abs(log(x))").latex()


# --------------------------------------------------------------------------------------
# Nothing evaluates text; sympy stays out of plain runs

FORBIDDEN_NAMES = {"eval", "exec", "sympify", "parse_expr", "lambdify"}


def _product_files():
    files = sorted((ROOT / "optim_viz").rglob("*.py")) + sorted((ROOT / "pages").rglob("*.py"))
    return files + [ROOT / "app.py"]


def test_product_code_never_evaluates_text():
    offenders = []
    for path in _product_files():
        source = path.read_text(encoding="utf-8")
        for m in re.finditer(r"\b(eval|exec)\(", source):
            offenders.append(f"{path.relative_to(ROOT)}: {m.group()}")
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.NAME and tok.string in FORBIDDEN_NAMES:
                offenders.append(f"{path.relative_to(ROOT)}:{tok.start[0]}: {tok.string}")
    assert offenders == []


def test_the_scan_would_catch_a_forbidden_call(tmp_path):
    source = "import sympy\nf = sympy.lambdify(x, e)\n"
    names = {t.string for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type == tokenize.NAME}
    assert names & FORBIDDEN_NAMES == {"lambdify"}


def test_compiling_from_many_threads_at_once():
    from concurrent.futures import ThreadPoolExecutor

    texts = [f"sin({i}*x) + {i}*y**2 + exp(-x**2/{i})" for i in range(1, 25)]
    with ThreadPoolExecutor(8) as pool:
        formulas = list(pool.map(compile_formula, texts))
    for i, f in enumerate(formulas, start=1):
        v, gx, gy = f.value_and_grad(np.float64(0.5), np.float64(1.0))
        assert v == pytest.approx(np.sin(0.5 * i) + i + np.exp(-0.25 / i))
        assert gy == pytest.approx(2.0 * i)
