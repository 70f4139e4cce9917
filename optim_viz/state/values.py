"""The values a control offers, and how a value is written as text.

Every float control in the app is a slider over a fixed list of round values, so a link can only
hold values a learner could have picked and reproduces the view exactly. This module holds those
lists (one per kind of value), ``nearest`` to snap a value onto one, and the short text forms used
in links and on screen. Pure Python; the grids are tuples of floats.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..core.optimizers import HyperParam, Part
from ..core.schedules import ScheduleParam
from ..core.surfaces import SurfaceParam

SEED_MAX = 2**31 - 1  # every seed box and every seed in a link
MAX_QUERY_VALUE = 400  # characters; a longer link value is treated as tampered

_MANTISSAS = (1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2, 2.2, 2.5, 2.8, 3, 3.5, 4, 4.5, 5, 5.5, 6, 7, 8, 9)
_COEFFICIENTS = tuple(round(0.05 * i, 2) for i in range(18)) + tuple(round(0.9 + 0.01 * i, 2) for i in range(10))
_COEFFICIENTS += (0.995, 0.999, 0.9995, 0.9999, 1.0)
COEFFICIENT_NAMES = {"momentum", "dampening", "beta", "alpha", "rho", "beta1", "beta2", "gamma"}


def log_grid(low: float, high: float) -> tuple[float, ...]:
    """Round numbers from low to high, 24 per decade (1, 1.1, …, 1.9, 2, 2.2, 2.5, …, 8, 9)."""
    e0, e1 = math.floor(math.log10(low)), math.ceil(math.log10(high))
    values = {float(f"{m}e{e}") for e in range(e0, e1 + 1) for m in _MANTISSAS}
    return tuple(sorted(v for v in values if low * (1 - 1e-12) <= v <= high * (1 + 1e-12)))


def zero_log_grid(high: float, decades: int = 4) -> tuple[float, ...]:
    """0, then a log grid over the top ``decades`` decades below ``high``."""
    return (0.0,) + log_grid(high * 10.0**-decades, high)


def coefficient_grid(high: float = 1.0, *, below_one: bool = True) -> tuple[float, ...]:
    """0, 0.05, …, 0.85, 0.9, 0.91, …, 0.99, 0.995, 0.999, 0.9995, 0.9999 (and 1 if allowed)."""
    return tuple(v for v in _COEFFICIENTS if v <= high and not (below_one and v >= 1.0))


def linear_grid(low: float, high: float, step: float) -> tuple[float, ...]:
    n = int(round((high - low) / step))
    return tuple(round(low + i * step, 10) for i in range(n + 1))


def _range_grid(name: str, low: float, high: float, log: bool, default: Any) -> tuple[float, ...]:
    """Round values over a suggested UI range: log-spaced, coefficients (0 … 0.9999), or from 0 up;
    a range that does not start at 0 gets evenly spaced values (the default among them)."""
    if log:
        grid = log_grid(low, high)
        if len(grid) > 12 * 24:  # more than a dozen decades: one value per decade
            grid = tuple(v for v in grid if math.log10(v).is_integer())
    elif name in COEFFICIENT_NAMES:
        grid = coefficient_grid(high, below_one=name != "dampening")
    elif low == 0.0 and high > 0:
        grid = zero_log_grid(high)
    elif low > 0:
        grid = log_grid(low, high)
    else:
        grid = linear_grid(low, high, (high - low) / 20)
    if isinstance(default, (int, float)) and not isinstance(default, bool) and default not in grid:
        grid = tuple(sorted({*grid, float(default)}))
    return grid


def hparam_grid(h: HyperParam, part: str | Part | None = None) -> tuple[float, ...]:
    """The slider values of a float hyperparameter, or of one part of a tuple (betas, etas, …)."""
    if part is None:
        return _range_grid(h.name, h.low, h.high, h.log, h.default)
    p = part if isinstance(part, Part) else next(q for q in h.parts if q.name == part)
    i = h.parts.index(p)
    default = h.default[i] if h.default is not None else None
    return _range_grid(p.name, p.low, p.high, p.log, default)


INT_CHOICES = (0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 75, 100, 125, 150, 200)


def hparam_options(h: HyperParam, part: str | Part | None = None) -> tuple:
    """Every value a control offers for this hyperparameter (or tuple part): the slider grid of a
    float, whole numbers for an int, torch's strings for a choice; None first where torch
    accepts it (L-BFGS max_eval, Adafactor's eps₁, a choice's None)."""
    if h.kind == "choice":
        return tuple(h.choices)
    if h.kind == "int":
        ints = tuple(v for v in INT_CHOICES if h.low <= v <= h.high)
        return ((None,) if h.default is None else ()) + ints
    if h.kind in ("betas", "tuple"):
        p = part if isinstance(part, Part) else next(q for q in h.parts if q.name == part)
        return ((None,) if p.none_as is not None else ()) + hparam_grid(h, p)
    return hparam_grid(h)


_SURFACE_GRIDS: dict[tuple[str, str], tuple[float, ...]] = {
    ("quadratic", "a"): log_grid(0.1, 100.0),
    ("quadratic", "b"): log_grid(0.1, 100.0),
    ("ravine", "kappa"): log_grid(1.0, 1000.0),
    ("ravine", "angle_deg"): linear_grid(-180.0, 180.0, 5.0),
    ("rosenbrock", "a"): linear_grid(-2.0, 2.0, 0.1),
    ("rosenbrock", "b"): log_grid(1.0, 1000.0),
    ("rastrigin", "A"): linear_grid(0.0, 20.0, 0.5),
    ("neuron", "n_points"): (4.0, 8.0, 10.0, 16.0, 20.0, 30.0, 40.0, 50.0, 64.0, 80.0, 100.0, 200.0, 500.0),
    ("neuron", "separation"): linear_grid(0.0, 10.0, 0.25),
}


@dataclass(frozen=True)
class Control:
    """How a surface parameter is set: a slider over ``values``, a choice, or a whole-number box."""

    kind: str  # "slider", "choice" or "integer"
    values: tuple = ()
    low: int = 0
    high: int = 0


def surface_param_control(surface: str, p: SurfaceParam) -> Control:
    if p.choices:
        return Control("choice", tuple(p.choices))
    grid = _SURFACE_GRIDS.get((surface, p.name))
    if grid is not None:
        return Control("slider", grid)
    if p.integer:  # seeds and other unbounded whole numbers
        return Control("integer", low=int(p.low), high=int(p.high))
    # a parameter added to the engine later: a generic grid inside its valid range
    if p.low > 0 or not p.low_inclusive:
        return Control("slider", log_grid(max(p.low, p.high * 1e-4, 1e-6), p.high))
    return Control("slider", linear_grid(p.low, p.high, (p.high - p.low) / 40))


INT_GRID = (1, 2, 3, 5, 10, 15, 20, 25, 30, 40, 50, 75, 100, 150, 200, 300, 500, 1000)


def schedule_param_grid(p: ScheduleParam) -> tuple[float, ...]:
    if p.integer:
        return tuple(float(v) for v in INT_GRID if p.low <= v <= p.high)
    if p.name in COEFFICIENT_NAMES:
        return coefficient_grid(p.high, below_one=False)
    return zero_log_grid(min(p.high, 1.0))


STEP_CHOICES = (1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 75, 100, 120, 150, 200, 250, 300, 400, 500,
                600, 750, 1000, 1200, 1500, 2000)  # fmt: skip
NOISE_CHOICES = zero_log_grid(100.0, decades=4)
TOL_CHOICES = (1e-10, 1e-8, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1.0)


def nearest(grid: Iterable[float], value: float) -> float:
    """The grid value closest to ``value``; by ratio when the grid and the value are all positive."""
    grid = list(grid)
    if value > 0 and grid[0] > 0:
        return min(grid, key=lambda g: abs(math.log(g / value)))
    return min(grid, key=lambda g: abs(g - value))


def format_number(v: float) -> str:
    """Short, exact-looking text for a control value: 0.035, 1e-08, 150."""
    if float(v).is_integer() and abs(v) < 1e6:
        return str(int(v))
    return f"{v:.6g}"


def number_text(v: float) -> str:
    """The shortest text that reads back to the same float (links must reproduce values exactly)."""
    return format_number(v) if float(v).is_integer() else repr(float(v))


def items(d: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    """A mapping as sorted (key, value) pairs, lists as tuples: hashable, for frozen configs."""
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in d.items()))


# The lesson pages' sliders
BETA_CHOICES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999)
LENGTH_CHOICES = (10, 20, 30, 50, 75, 100, 150, 200, 300, 500, 1000)
LESSON_STEPS = (10, 20, 30, 40, 50, 60, 80, 100, 150, 200, 250, 300, 400, 500, 750, 1000)
SERIES_NOISE = linear_grid(0.0, 2.0, 0.05)
GRAD_NOISE = zero_log_grid(10.0, decades=3)
LR_GRID = log_grid(1e-3, 10.0)
KAPPA_GRID = log_grid(1.0, 200.0)
MOMENTUM_GRID = coefficient_grid(0.99)
DECAY_GRID = zero_log_grid(1.0, decades=4)
WEIGHT_GRID = linear_grid(-6.0, 6.0, 0.25)
N_POINTS_CHOICES = (10, 20, 40, 64, 100, 200)
BATCH_CHOICES = (1, 2, 4, 8, 16, 32, 64, 128, "full")
