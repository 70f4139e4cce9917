r"""A parsed formula's exact gradient and Hessian, and their vectorized NumPy evaluators.

The sympy expression is assembled node by node from the validated tree of ``optim_viz.expr``
with sympy's constructors (``Symbol``, ``Rational``, ``Add``, ``Mul``, ``Pow``, ``sin``, ...);
no text is ever handed to sympy's string parser or code generator. ``sympy.diff`` gives the
exact gradient, and the three expressions f, ∂f/∂x, ∂f/∂y are compiled into one straight-line
program: each distinct sub-expression (shared ones once) becomes one NumPy ufunc call, in
float64, elementwise over arrays of any shape.

Evaluation never raises or warns: log of a negative number, 0/0 and overflow give NaN or ±inf,
which the engine reports as a diverged run.

The Hessian (∂²f/∂x², ∂²f/∂x∂y, ∂²f/∂y²) is the derivative of that same sympy gradient,
compiled the same way into its own program (under its own operation cap) the first time it is
asked for, so formulas that nobody inspects for curvature cost nothing more. A kink such as
|x| has no second derivative at the kink: the Hessian uses sign′ = 0, true everywhere else.

A formula whose expression is a polynomial of total degree ≤ 2 is *quadratic*,
f = ½ zᵀHz + bᵀz + c with z = (x, y): its constant Hessian H feeds the convergence theory.

This module imports sympy; import it lazily (``surfaces.make_custom_surface`` does).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import sympy

from .expr import Binary, Call, Name, Node, Number, ParseError, Unary, parse

Array = np.ndarray

MAX_OPERATIONS = 300  # array operations (ufunc calls) to evaluate f and its gradient once
MAX_HESSIAN_OPERATIONS = 4 * MAX_OPERATIONS  # array operations to evaluate the three second derivatives once

X = sympy.Symbol("x", real=True)
Y = sympy.Symbol("y", real=True)


class RealAbs(sympy.Function):
    """|u| for an argument sympy cannot prove real, differentiated as sign(u)·u′.

    Every value we evaluate is real, but sympy differentiates ``Abs(u)`` of an argument it
    cannot prove real (``abs(log(x))``) through re() and im(); this keeps the real-valued rule.
    """

    nargs = 1

    def fdiff(self, argindex: int = 1):
        return sympy.sign(self.args[0])

    def _eval_is_extended_real(self):
        return True

    def _eval_is_extended_nonnegative(self):
        return True

    def _latex(self, printer, exp=None):
        s = rf"\left|{printer._print(self.args[0])}\right|"
        return s if exp is None else f"{s}^{{{exp}}}"


class RealSign(sympy.Function):
    """sign(u) differentiated as 0, the derivative everywhere except at u = 0.

    The gradient of |u| is sign(u)·u′; sympy would differentiate sign(u) into a DiracDelta
    (or leave an unevaluated Derivative when u is not provably real), which has no NumPy value.
    """

    nargs = 1  # only ever replaces sign(u) of a non-constant u: sympy evaluates sign(constant) itself

    def fdiff(self, argindex: int = 1):
        return sympy.S.Zero

    def _eval_is_extended_real(self):
        return True


_SYMPY_FUNCTIONS = {
    "sin": sympy.sin,
    "cos": sympy.cos,
    "tan": sympy.tan,
    "exp": sympy.exp,
    "log": sympy.log,
    "sqrt": sympy.sqrt,
    "sinh": sympy.sinh,
    "cosh": sympy.cosh,
    "tanh": sympy.tanh,
    "arcsin": sympy.asin,
    "arccos": sympy.acos,
    "arctan": sympy.atan,
}

# sympy function class -> NumPy ufunc, for every function a formula or its gradient can contain
_UFUNCS = {
    sympy.sin: np.sin,
    sympy.cos: np.cos,
    sympy.tan: np.tan,
    sympy.exp: np.exp,
    sympy.log: np.log,
    sympy.sinh: np.sinh,
    sympy.cosh: np.cosh,
    sympy.tanh: np.tanh,
    sympy.asin: np.arcsin,
    sympy.acos: np.arccos,
    sympy.atan: np.arctan,
    sympy.Abs: np.abs,
    RealAbs: np.abs,
    sympy.sign: np.sign,
    RealSign: np.sign,
}


def to_sympy(node: Node) -> sympy.Expr:
    """The sympy expression of a validated tree, built with sympy's constructors only."""
    if isinstance(node, Number):
        return sympy.Rational(node.value_exact.numerator, node.value_exact.denominator)
    if isinstance(node, Name):
        return {"x": X, "y": Y, "pi": sympy.pi, "e": sympy.E}[node.name]
    if isinstance(node, Unary):
        operand = to_sympy(node.operand)
        return sympy.Mul(sympy.S.NegativeOne, operand) if node.op == "-" else operand
    if isinstance(node, Binary):
        a, b = to_sympy(node.left), to_sympy(node.right)
        if node.op == "+":
            return sympy.Add(a, b)
        if node.op == "-":
            return sympy.Add(a, sympy.Mul(sympy.S.NegativeOne, b))
        if node.op == "*":
            return sympy.Mul(a, b)
        if node.op == "/":
            return sympy.Mul(a, sympy.Pow(b, sympy.S.NegativeOne))
        return sympy.Pow(a, b)
    if isinstance(node, Call):
        arg = to_sympy(node.arg)
        if node.func == "abs":
            return sympy.Abs(arg) if arg.is_extended_real else RealAbs(arg)
        return _SYMPY_FUNCTIONS[node.func](arg)
    raise TypeError(f"not a formula node: {node!r}")


# --------------------------------------------------------------------------------------
# Compilation to a straight-line NumPy program


def _number(e: sympy.Expr) -> float:
    """A constant sub-expression as a float: NaN where it is not a real number (zoo, I·π)."""
    try:
        v = complex(e)
    except (TypeError, ValueError):
        return float("nan")
    except OverflowError:
        return float("inf") if e.is_extended_positive else float("nan")
    return v.real if v.imag == 0 else float("nan")


def _power_op(exponent: float) -> Callable[[Array], Array]:
    if exponent == 2:
        return np.square
    if exponent == 0.5:
        return np.sqrt
    if exponent == -1:
        return np.reciprocal
    return lambda base: np.power(base, exponent)


@dataclass(frozen=True)
class _Program:
    """Straight-line code over slots: 0 and 1 hold x and y, then the constants, then one slot
    per step, each step one NumPy call on one or two earlier slots."""

    constants: tuple[float, ...]
    steps: tuple[tuple[Callable, int, int | None], ...]  # (ufunc, a, b): slots[a] or (slots[a], slots[b])
    outputs: tuple[int, ...]

    def __call__(self, x: Array, y: Array) -> list[Array]:
        slots: list = [x, y, *self.constants]
        for fn, a, b in self.steps:
            slots.append(fn(slots[a]) if b is None else fn(slots[a], slots[b]))
        return [slots[i] for i in self.outputs]


class _Compiler:
    """Turns sympy expressions into a ``_Program``; equal sub-expressions share one slot.

    More than ``limit`` array operations raise ParseError (``what`` names the outputs).
    """

    def __init__(self, outputs: list[sympy.Basic], limit: int = MAX_OPERATIONS, what: str = "value and gradient"):
        self.limit, self.what = limit, what
        self.constants: dict[sympy.Basic, int] = {}
        for e in outputs:
            self.collect_constants(e)
        self.slot_of: dict[sympy.Basic, int] = {X: 0, Y: 1}
        for e, k in self.constants.items():
            self.slot_of[e] = 2 + k
        self.steps: list[tuple[Callable, int, int | None]] = []
        self.outputs = tuple(self.slot(e) for e in outputs)

    def program(self) -> _Program:
        return _Program(tuple(_number(e) for e in self.constants), tuple(self.steps), self.outputs)

    def collect_constants(self, e: sympy.Basic) -> None:
        if e.is_number:
            self.constants.setdefault(e, len(self.constants))
        elif not (isinstance(e, sympy.Pow) and e.exp.is_number):  # numeric exponents live in the ufunc
            for a in e.args:
                self.collect_constants(a)
        else:
            self.collect_constants(e.base)

    def emit(self, fn: Callable, a: int, b: int | None = None) -> int:
        self.steps.append((fn, a, b))
        if len(self.steps) > self.limit:
            raise ParseError(
                "formula is too complex", hint="its {what} need more than {limit} array operations", what=self.what,
                limit=self.limit,
            )  # fmt: skip
        return 2 + len(self.constants) + len(self.steps) - 1

    def slot(self, e: sympy.Basic) -> int:
        if e not in self.slot_of:
            self.slot_of[e] = self.operation(e)
        return self.slot_of[e]

    def operation(self, e: sympy.Basic) -> int:
        if isinstance(e, (sympy.Add, sympy.Mul)):
            if isinstance(e, sympy.Mul) and len(e.args) == 2 and e.args[0] == sympy.S.NegativeOne:
                return self.emit(np.negative, self.slot(e.args[1]))
            fn = np.add if isinstance(e, sympy.Add) else np.multiply
            acc = self.slot(e.args[0])
            for a in e.args[1:]:
                acc = self.emit(fn, acc, self.slot(a))
            return acc
        if isinstance(e, sympy.Pow):
            base, exponent = e.args
            if exponent.is_number:
                return self.emit(_power_op(_number(exponent)), self.slot(base))
            if base == sympy.E:
                return self.emit(np.exp, self.slot(exponent))
            return self.emit(np.power, self.slot(base), self.slot(exponent))
        ufunc = _UFUNCS.get(type(e))
        if ufunc is not None and len(e.args) == 1:
            return self.emit(ufunc, self.slot(e.args[0]))
        raise ParseError("formula needs an operation the evaluator lacks: {kind}", kind=type(e).__name__)


# --------------------------------------------------------------------------------------
# The formula


@dataclass(frozen=True)
class Quadratic:
    """f = ½ zᵀ H z + bᵀ z + c with z = (x, y)."""

    hessian: tuple[tuple[float, float], tuple[float, float]]
    linear: tuple[float, float]  # b = ∇f(0, 0)
    constant: float  # c = f(0, 0)

    def stationary_point(self) -> tuple[float, float] | None:
        """The solution of ∇f = H z + b = 0, or None when H is singular (no isolated point)."""
        H = np.array(self.hessian)
        scale = np.abs(H).max()
        if scale == 0 or abs(np.linalg.det(H)) <= 1e-12 * scale * scale:
            return None
        # Cramer's rule: exact for small whole-number coefficients, where LAPACK's LU may not be
        (a, b), (c, d) = self.hessian
        r0, r1 = -self.linear[0], -self.linear[1]
        det = a * d - b * c
        return (r0 * d - b * r1) / det + 0.0, (a * r1 - r0 * c) / det + 0.0


@dataclass(frozen=True, eq=False)
class Formula:
    """A validated formula f(x, y) with its exact gradient, ready to evaluate on arrays.

    ``expression`` and ``gradient`` are sympy expressions; ``quadratic`` is None unless f is a
    polynomial of total degree ≤ 2; ``nonnegative`` is True when sympy can prove f ≥ 0.
    """

    text: str
    tree: Node
    expression: sympy.Expr
    gradient: tuple[sympy.Expr, sympy.Expr]
    quadratic: Quadratic | None
    nonnegative: bool
    _program: _Program
    _hessian: dict = field(default_factory=dict, repr=False)  # filled on first use: see hessian_program

    @property
    def operations(self) -> int:
        """Array operations (ufunc calls) per evaluation of f and its gradient: its cost."""
        return len(self._program.steps)

    def latex(self) -> str:
        return sympy.latex(self.expression)

    def value_and_grad(self, x: Array, y: Array) -> tuple[Array, Array, Array]:
        """(f, ∂f/∂x, ∂f/∂y) as new float64 arrays of the broadcast shape of x and y."""
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        shape = np.broadcast_shapes(x.shape, y.shape)
        with np.errstate(all="ignore"):
            results = self._program(x, y)
        return tuple(np.array(np.broadcast_to(r, shape), dtype=np.float64) for r in results)

    def value(self, x: Array, y: Array) -> Array:
        return self.value_and_grad(x, y)[0]

    @property
    def hessian_expressions(self) -> tuple[sympy.Expr, sympy.Expr, sympy.Expr]:
        """(∂²f/∂x², ∂²f/∂x∂y, ∂²f/∂y²) as sympy expressions (compiled on first use)."""
        return self._hessian_parts()[0]

    @property
    def hessian_operations(self) -> int:
        """Array operations per evaluation of the three second derivatives."""
        return len(self._hessian_parts()[1].steps)

    def second_derivatives(self, x: Array, y: Array) -> tuple[Array, Array, Array]:
        """(∂²f/∂x², ∂²f/∂x∂y, ∂²f/∂y²) as new float64 arrays of the broadcast shape of x and y.

        The first call differentiates and compiles (under the sympy lock); ParseError if the
        Hessian needs more than ``MAX_HESSIAN_OPERATIONS`` array operations.
        """
        program = self._hessian_parts()[1]
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        shape = np.broadcast_shapes(x.shape, y.shape)
        with np.errstate(all="ignore"):
            results = program(x, y)
        return tuple(np.array(np.broadcast_to(r, shape), dtype=np.float64) for r in results)

    def _hessian_parts(self) -> tuple[tuple[sympy.Expr, sympy.Expr, sympy.Expr], _Program]:
        if not self._hessian:
            with _SYMPY_LOCK:
                if not self._hessian:
                    exprs = hessian_of(self.gradient)
                    try:
                        program = _Compiler(list(exprs), MAX_HESSIAN_OPERATIONS, "second derivatives").program()
                    except ParseError as e:  # remembered: the answer will not change
                        self._hessian["error"] = e
                    else:
                        self._hessian.update(expressions=exprs, program=program)
        if "error" in self._hessian:
            raise self._hessian["error"]
        return self._hessian["expressions"], self._hessian["program"]


def hessian_of(gradient: tuple[sympy.Expr, sympy.Expr]) -> tuple[sympy.Expr, sympy.Expr, sympy.Expr]:
    """(∂²f/∂x², ∂²f/∂x∂y, ∂²f/∂y²) from the exact gradient, with sign′ = 0 (see ``RealSign``)."""
    gx, gy = (g.replace(sympy.sign, RealSign) for g in gradient)
    return sympy.diff(gx, X), sympy.diff(gx, Y), sympy.diff(gy, Y)


def _degree_bound(e: sympy.Expr) -> int | None:
    """An upper bound on the total degree in x, y, or None if ``e`` may not be a polynomial.

    Computed on the tree without expanding anything, so it is cheap for any formula.
    """
    if e.is_number:
        return 0
    if e in (X, Y):
        return 1
    if isinstance(e, (sympy.Add, sympy.Mul)):
        degrees = [_degree_bound(a) for a in e.args]
        if None in degrees:
            return None
        return max(degrees) if isinstance(e, sympy.Add) else sum(degrees)
    if isinstance(e, sympy.Pow) and e.exp.is_Integer and e.exp >= 0:
        d = _degree_bound(e.base)
        return None if d is None else d * int(e.exp)
    return None


def quadratic_part(f: sympy.Expr) -> Quadratic | None:
    """H, b, c of f when f is a polynomial of total degree ≤ 2 in x and y, else None."""
    bound = _degree_bound(f)
    if bound is None or bound > 2:
        return None
    poly = sympy.Poly(f, X, Y)
    if poly.total_degree() > 2:
        return None

    def c(i: int, j: int) -> float:
        return _number(poly.coeff_monomial(X**i * Y**j))

    hessian = ((2.0 * c(2, 0), c(1, 1)), (c(1, 1), 2.0 * c(0, 2)))
    return Quadratic(hessian, (c(1, 0), c(0, 1)), c(0, 0))


def build_formula(text: str, tree: Node) -> Formula:
    """Everything about a parsed formula; ParseError if it is undefined everywhere."""
    f = to_sympy(tree)
    if f.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        raise ParseError("formula is undefined", hint="it divides by an expression that is always zero")
    gradient = (sympy.diff(f, X), sympy.diff(f, Y))
    program = _Compiler([f, *gradient]).program()
    return Formula(
        text=text,
        tree=tree,
        expression=f,
        gradient=gradient,
        quadratic=quadratic_part(f),
        nonnegative=f.is_nonnegative is True,
        _program=program,
    )


_SYMPY_LOCK = threading.Lock()


@functools.lru_cache(maxsize=64)
def compile_formula(text: str) -> Formula:
    """Parse ``text`` and build its value, exact gradient and NumPy evaluator (cached per text).

    Raises ParseError for a formula that is not allowed. Thread-safe: app sessions run in
    threads, and sympy's symbolic work is done one at a time.
    """
    tree = parse(text)
    with _SYMPY_LOCK:
        return build_formula(text, tree)
