r"""Gradient descent in one dimension: f(x), the iterates on its curve and the tangent at each.

The course notes start here: on f = x² from x = 2 the slope is f′(2) = 4, so gradient descent
steps to the left; from x = −2 it is −4, so it steps to the right; the learning rate decides how
far. ``x ← x − η·f′(x)``.

The runs are the engine's: a formula in x only is a surface f(x, y) = f(x) whose y-gradient is 0,
so plain SGD from (x₀, 0) walks the x axis and never leaves it. On a quadratic f = c·x²/2 + b·x + a
each step multiplies the distance to the minimum by 1 − η·c: the run converges for 0 < η < 2/c,
lands on the minimum in one step at η = 1/c, and diverges (every step overshooting further) for
η > 2/c.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..core.engine import RunSpec, Simulation
from ..core.expr import ParseError, parse, position_of
from ..core.surfaces import Surface, make_custom_surface

Array = np.ndarray
MAX_STEPS_1D = 100


def surface_1d(text: str) -> Surface:
    """The surface of a formula in x only; ParseError (a ValueError) for one that uses y, or any
    formula the parser refuses, ValueError for one that cannot be used."""
    parse(text)
    where = position_of(text, "y")
    if where is not None:
        raise ParseError("a formula in x only: y is not allowed here", where, text, "write f(x), e.g. x**2")
    return make_custom_surface(text)


@dataclass(frozen=True)
class Descent1D:
    """What the 1-D page computes from. Hashable (keys the cache)."""

    expr: str = "x**2"
    start: float = 2.0
    lrs: tuple[float, ...] = (0.05, 0.3, 1.05)
    steps: int = 12


def descent_simulation(surface: Surface, cfg: Descent1D) -> Simulation:
    """Plain SGD at each learning rate from (x₀, 0)."""
    if not 1 <= cfg.steps <= MAX_STEPS_1D:
        raise ValueError(f"Invalid number of steps: {cfg.steps} (must be in [1, {MAX_STEPS_1D}])")
    runs = tuple(RunSpec.make("sgd", {"lr": lr}) for lr in cfg.lrs)
    return Simulation(surface, runs, (float(cfg.start), 0.0), int(cfg.steps))


@dataclass(frozen=True)
class Iterates:
    """One run on the curve: x_k, f(x_k) and the slope f′(x_k) at every point of the path (k = 0…n)."""

    lr: float
    x: Array
    f: Array
    slope: Array
    diverged_at: int | None

    @property
    def steps(self) -> Array:
        """x_k − x_{k−1} = −η·f′(x_{k−1}) for k = 1…n."""
        return np.diff(self.x)


def iterates(surface: Surface, path: Array, loss: Array, lr: float, diverged_at: int | None) -> Iterates:
    """The run's points on the curve with the slope at each (the last point's slope included)."""
    x = np.asarray(path, dtype=np.float64)[:, 0]
    slope = np.asarray(surface.grad(x, np.zeros_like(x))[0], dtype=np.float64)
    return Iterates(float(lr), x, np.asarray(loss, dtype=np.float64), slope, diverged_at)


def tangent(x: float, f: float, slope: float, half_width: float) -> tuple[Array, Array]:
    """The tangent line at (x, f) over [x − half_width, x + half_width]: two points."""
    xs = np.array([x - half_width, x + half_width])
    return xs, f + slope * (xs - x)


@dataclass(frozen=True)
class QuadraticVerdict:
    """On a quadratic f with curvature c = f″ > 0: the factor 1 − η·c of each run, the lr that lands
    in one step (1/c), the stability limit (2/c), and each run's kind."""

    curvature: float
    one_step_lr: float
    limit_lr: float
    factors: tuple[float, ...]
    kinds: tuple[str, ...]  # "too small", "good", "one step", "bounces", "too large"


def quadratic_verdict(surface: Surface, lrs: Sequence[float]) -> QuadraticVerdict | None:
    """None unless f is a convex quadratic in x (then its constant f″ = c > 0 decides everything)."""
    H = surface.hessian
    if H is None or not H[0, 0] > 0:
        return None
    c = float(H[0, 0])
    factors = tuple(1.0 - lr * c for lr in lrs)
    return QuadraticVerdict(c, 1.0 / c, 2.0 / c, factors, tuple(classify(q) for q in factors))


def classify(factor: float) -> str:
    """What 1 − η·c says about a run: crawling (factor ≥ 0.8), converging, landing in one step (0),
    bouncing for ever (−1) or diverging (below −1)."""
    if factor < -1.0:
        return "too large"
    if factor == -1.0:
        return "bounces"
    if factor == 0.0:
        return "one step"
    return "too small" if factor >= 0.8 else "good"


def view_range(run: Iterates, start: float) -> tuple[float, float]:
    """An x range for one run: its start, a little of the other side of the origin, and every iterate
    within 4·max(|x₀|, 1) of 0 (a diverging run's later iterates are left out of the picture)."""
    reach = 4.0 * max(abs(start), 1.0)
    xs = np.concatenate([[start, -0.25 * start], run.x[np.abs(run.x) <= reach]])
    lo, hi = float(xs.min()), float(xs.max())
    pad = 0.15 * max(hi - lo, 0.5)
    return lo - pad, hi + pad


def curve(surface: Surface, lo: float, hi: float, n: int = 400) -> tuple[Array, Array]:
    """f on n points of [lo, hi] (NaN where it is not defined)."""
    xs = np.linspace(lo, hi, n)
    with np.errstate(all="ignore"):
        fs = np.asarray(surface.value(xs, np.zeros_like(xs)), dtype=np.float64)
    return xs, np.where(np.isfinite(fs), fs, np.nan)


def left_view(run: Iterates, lo: float, hi: float) -> int | None:
    """The first step k whose iterate lies outside [lo, hi], or None."""
    out = np.flatnonzero((run.x < lo) | (run.x > hi))
    return int(out[0]) if out.size else None
