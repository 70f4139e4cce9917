r"""Pure helpers behind the lesson pages: momentum and ravines, the hyperparameter map, the race.

No Streamlit here; every function takes plain values or engine results and returns data.

Momentum on a quadratic, per eigendirection with curvature λ and a = η·λ
------------------------------------------------------------------------
* GD:          eₖ = (1 − a)·eₖ₋₁                      rate |1 − a|, stable for η < 2/L
* heavy ball:  z² − (1 + μ − a)·z + μ = 0             stable for η < 2(1 + μ)/L
* Nesterov (torch's form, buf = μ·buf + g, x −= η·(g + μ·buf)):
               z² − (1 + μ)(1 − a)·z + μ(1 − a) = 0   stable for η < 2(1 + μ)/((1 + 2μ)·L)
The rate is the largest root modulus over λ ∈ {μ_min, L}. The Nesterov bound comes from the
Jury conditions p(1) > 0, p(−1) > 0, |p(0)| < 1 of that polynomial.

The three momentum conventions (see ``optimizers``)
---------------------------------------------------
* CS231n:  v = μ·v − η·g;  x = x + v            (v₀ = 0)
* torch:   buf = μ·buf + g;  x = x − η·buf       (buf₁ = g₁)
* EWMA:    v = β·v + (1 − β)·g;  x = x − η·v     (v₀ = 0)
With a constant η, CS231n is torch with v = −η·buf, and EWMA is torch with v = (1 − β)·buf, so
EWMA with η/(1 − β) takes exactly torch's steps (EWMA with the same η takes steps 1 − β as long).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .core.engine import DIVERGENCE_LIMIT, BatchResult, GridAxis, RunSpec, SweepResult, Trajectory, sweep, sweepable
from .core.optimizers import get_optimizer
from .core.surfaces import Surface
from .core.theory import QuadraticTheory, gd_rate, heavy_ball_rate

Array = np.ndarray

# --------------------------------------------------------------------------------------
# Rates and bounds


def nesterov_rate(theory: QuadraticTheory, lr: float, momentum: float) -> float:
    """Asymptotic rate of torch's Nesterov SGD: largest root modulus of z² − (1+μ)(1−a)z + μ(1−a)."""
    worst = 0.0
    for lam in theory.eigenvalues:
        a = lr * lam
        roots = np.roots([1.0, -(1.0 + momentum) * (1.0 - a), momentum * (1.0 - a)])
        worst = max(worst, float(np.max(np.abs(roots))))
    return worst


def predicted_rate(method: str, theory: QuadraticTheory, lr: float, momentum: float = 0.0) -> float:
    """The rate of ``method`` ('sgd', 'heavy_ball' or 'nesterov') at these settings."""
    if method == "sgd" or momentum == 0.0:
        return gd_rate(theory, lr)
    if method == "heavy_ball":
        return heavy_ball_rate(theory, lr, momentum)
    if method == "nesterov":
        return nesterov_rate(theory, lr, momentum)
    raise ValueError(f"Unknown method: {method!r} (choose sgd, heavy_ball or nesterov)")


def nesterov_stable_lr(L: float, momentum: float) -> float:
    """Largest stable lr of torch's Nesterov SGD on curvature L: 2(1 + μ)/((1 + 2μ)·L)."""
    return 2.0 * (1.0 + momentum) / ((1.0 + 2.0 * momentum) * L)


def steep_and_flat_factors(theory: QuadraticTheory, lr: float) -> tuple[float, float]:
    """GD's per-step factors (1 − η·L, 1 − η·μ) along the steep and the flat eigenvector."""
    mu, L = theory.eigenvalues
    return 1.0 - lr * L, 1.0 - lr * mu


def steps_to_shrink(rate: float | None, factor: float = 1e-6) -> float | None:
    """Steps for the error to shrink by ``factor`` at ``rate`` per step: ln(factor)/ln(rate)."""
    if rate is None or not 0.0 < rate < 1.0:
        return None
    return math.log(factor) / math.log(rate)


def sgd_lr_bound(L: float, momentum: Any, dampening: Any = 0.0, weight_decay: Any = 0.0, nesterov: bool = False):
    """Largest stable lr of torch's SGD on a quadratic with top curvature L (vectorized over arrays).

    Weight decay adds λ to every curvature; dampening τ scales the buffer's input by 1 − τ (a
    heavy ball with lr·(1 − τ)); with momentum 0 torch uses the gradient itself. inf where no
    bound exists (L + λ ≤ 0, or τ = 1).
    """
    mu, tau, curv = np.broadcast_arrays(
        np.asarray(momentum, float), np.asarray(dampening, float), np.asarray(L + np.asarray(weight_decay, float))
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        heavy = 2.0 * (1.0 + mu) / ((1.0 - tau) * curv)
        nest = 2.0 * (1.0 + mu) / ((1.0 + 2.0 * mu) * curv)
        plain = 2.0 / curv
    out = np.where(mu == 0.0, plain, nest if nesterov else heavy)
    out = np.where((curv > 0) & np.isfinite(out) & (out > 0), out, np.inf)
    return out if out.ndim else float(out)


def ewma_lr_bound(L: float, beta: Any):
    """Largest stable lr of EWMA momentum: it is a heavy ball with lr·(1 − β), so 2(1 + β)/((1 − β)·L)."""
    beta = np.asarray(beta, float)
    with np.errstate(divide="ignore"):
        out = np.where(L > 0, 2.0 * (1.0 + beta) / ((1.0 - beta) * L), np.inf)
    return out if out.ndim else float(out)


# --------------------------------------------------------------------------------------
# The momentum conventions


@dataclass(frozen=True)
class CS231nRun:
    """A run of the CS231n rule: path (n+1, 2), velocity after each update (n, 2), divergence step."""

    path: Array
    velocity: Array
    diverged_at: int | None


def cs231n_momentum(surface: Surface, start: Sequence[float], steps: int, lr: float, mu: float) -> CS231nRun:
    """The course notes' rule, verbatim: ``v = mu*v - lr*dx; x += v`` with v₀ = 0.

    Not a torch optimizer, so it lives here and not in the engine; it stops where the engine
    would (a non-finite point or loss, or |x| or |y| > DIVERGENCE_LIMIT).
    """
    x = np.array(start, dtype=np.float64)
    v = np.zeros(2)
    path, vel = [x.copy()], []
    diverged = None
    with np.errstate(all="ignore"):
        for k in range(1, steps + 1):
            dx = np.array(surface.grad(x[0], x[1]), dtype=np.float64)
            v = mu * v - lr * dx
            x = x + v
            f = surface.value(x[0], x[1])
            if not (np.all(np.abs(x) <= DIVERGENCE_LIMIT) and np.isfinite(f)):
                diverged = k
                break
            path.append(x.copy())
            vel.append(v.copy())
    return CS231nRun(np.array(path), np.array(vel).reshape(-1, 2), diverged)


def max_gap(a: Array, b: Array) -> float:
    """Largest distance between two paths step by step; inf if one stops (diverges) before the other."""
    if len(a) != len(b):
        return math.inf
    return float(np.max(np.hypot(*(np.asarray(a) - np.asarray(b)).T)))


def coincide(a: Array, b: Array, scale: float) -> bool:
    """Same path up to round-off (1e-9 of the window's size)."""
    return max_gap(a, b) <= 1e-9 * scale


def ewma_lr(lr: float, beta: float, rescaled: bool) -> float:
    """The EWMA's lr: η/(1 − β) to take torch's steps, or η itself (steps 1 − β as long)."""
    return lr / (1.0 - beta) if rescaled else lr


# --------------------------------------------------------------------------------------
# Nesterov's look-ahead at one step


@dataclass(frozen=True)
class LookAhead:
    """Update k of Nesterov momentum drawn the classic way (Sutskever et al.), from engine state.

    torch stores the look-ahead point: its iterate xₖ₋₁ is θₖ₋₁ + μ·vₖ₋₁, where θ is the classic
    iterate and v = −η·buf the velocity. So θₖ₋₁ = xₖ₋₁ + η·μ·bufₖ₋₁, the momentum jump μ·v lands
    on xₖ₋₁, and the gradient the engine took there is ∇f at the look-ahead point.
    """

    step: int
    position: Array  # θₖ₋₁
    velocity: Array  # vₖ₋₁ = −η·bufₖ₋₁
    lookahead: Array  # θₖ₋₁ + μ·vₖ₋₁  (= torch's xₖ₋₁)
    momentum_jump: Array  # μ·vₖ₋₁
    lookahead_gradient: Array  # ∇f(look-ahead)
    correction: Array  # −η·∇f(look-ahead)
    nesterov_step: Array  # μ·v − η·∇f(look-ahead)
    heavy_ball_gradient: Array  # ∇f(θₖ₋₁)
    heavy_ball_correction: Array  # −η·∇f(θₖ₋₁)
    heavy_ball_step: Array  # μ·v − η·∇f(θₖ₋₁)

    @property
    def nesterov_end(self) -> Array:
        return self.position + self.nesterov_step

    @property
    def heavy_ball_end(self) -> Array:
        return self.position + self.heavy_ball_step


def nesterov_lookahead(surface: Surface, run: Trajectory, k: int) -> LookAhead:
    """The look-ahead geometry of update k (1 ≤ k ≤ steps taken) of an engine run of SGD with
    ``nesterov=True`` recorded with ``record_state=True`` (constant lr, no dampening or decay)."""
    hp = run.hparams
    if run.spec.optimizer != "sgd" or not hp.get("nesterov"):
        raise ValueError("The look-ahead needs a run of SGD with nesterov=True")
    n = len(run.path) - 1
    if not 1 <= k <= n:
        raise ValueError(f"Invalid step: {k} (this run has steps 1…{n})")
    if "momentum_buffer" not in run.state:
        raise ValueError("The look-ahead needs the run's state: simulate with record_state=True")
    lr, mu = float(run.lr[k - 1]), float(hp["momentum"])
    buf = run.state["momentum_buffer"][k - 2] if k >= 2 else np.zeros(2)
    x = run.path[k - 1]
    v = -lr * buf
    theta = x - mu * v
    g_look = run.grad[k - 1]
    g_here = np.array(surface.grad(theta[0], theta[1]), dtype=np.float64)
    jump = mu * v
    return LookAhead(
        step=k,
        position=theta,
        velocity=v,
        lookahead=theta + jump,
        momentum_jump=jump,
        lookahead_gradient=g_look,
        correction=-lr * g_look,
        nesterov_step=jump - lr * g_look,
        heavy_ball_gradient=g_here,
        heavy_ball_correction=-lr * g_here,
        heavy_ball_step=jump - lr * g_here,
    )


# --------------------------------------------------------------------------------------
# The momentum page's runs


MOMENTUM_METHODS = ("sgd", "heavy_ball", "nesterov")


@dataclass(frozen=True)
class MomentumConfig:
    """Everything the momentum page computes from. Hashable (keys the caches)."""

    surface: str = "ravine"
    surface_params: tuple[tuple[str, Any], ...] = (("angle_deg", 0.0), ("kappa", 100.0))
    expr: str = ""  # the formula when surface == "custom"
    start: tuple[float, float] = (-4.5, 1.5)
    steps: int = 150
    sgd_lr: float = 0.019
    momentum_lr: float = 0.01
    momentum: float = 0.9


def momentum_specs(cfg: MomentumConfig, labels: Mapping[str, str]) -> list[RunSpec]:
    """Plain SGD, heavy ball and Nesterov (torch's SGD), in MOMENTUM_METHODS order."""
    lr, mu = cfg.momentum_lr, cfg.momentum
    return [
        RunSpec.make("sgd", {"lr": cfg.sgd_lr}, label=labels["sgd"]),
        RunSpec.make("sgd", {"lr": lr, "momentum": mu}, label=labels["heavy_ball"]),
        RunSpec.make("sgd", {"lr": lr, "momentum": mu, "nesterov": mu > 0}, label=labels["nesterov"]),
    ]


def distances(surface: Surface, path: Array) -> Array:
    """‖xₖ − x*‖ to the nearest minimum for every point of a path (distance to the start if none)."""
    d = surface.distance_to_nearest_minimum(path[:, 0], path[:, 1])
    if d is None:
        return np.hypot(path[:, 0] - path[0, 0], path[:, 1] - path[0, 1])
    return np.asarray(d, dtype=np.float64)


# --------------------------------------------------------------------------------------
# The hyperparameter map


STEPS_METRIC = "steps_to_tolerance"
LOSS_METRIC = "final_loss"
LOSS_FLOOR = 1e-16  # loss gaps below this are shown at this value on the log colour scale


def axis_range(optimizer: str, name: str) -> tuple[float, float, bool]:
    """A default (low, high, log) for sweeping ``name``: lr over 1e-3…1 (Adadelta 1e-2…10),
    coefficients over 0…0.99, other values from the hyperparameter's own UI range."""
    if name == "lr":
        return (1e-2, 10.0, True) if optimizer == "adadelta" else (1e-3, 1.0, True)
    if name in ("momentum", "beta", "alpha", "rho", "beta1"):
        return 0.0, 0.99, False
    if name == "beta2":
        return 0.5, 0.999, False
    h = get_optimizer(optimizer).hparam(name)
    if h.log:
        return h.low, h.high, True
    return h.low, h.high, False


def default_axes(optimizer: str) -> tuple[str, str]:
    """(x, y) hyperparameters of a new map: lr and the optimizer's momentum-like coefficient."""
    names = sweepable(optimizer)
    for y in ("momentum", "beta", "beta1", "alpha", "rho"):
        if y in names:
            return "lr", y
    return "lr", next(n for n in names if n != "lr")


@dataclass(frozen=True)
class MapConfig:
    """A hyperparameter map: surface, optimizer with its fixed values, two axes, budget and metric."""

    surface: str = "ravine"
    surface_params: tuple[tuple[str, Any], ...] = (("angle_deg", 0.0), ("kappa", 100.0))
    start: tuple[float, float] = (-4.5, 1.5)
    optimizer: str = "sgd"
    hparams: tuple[tuple[str, Any], ...] = ()  # every value not on an axis
    x: GridAxis = GridAxis("lr", 1e-3, 1.0, 100, True)
    y: GridAxis = GridAxis("momentum", 0.0, 0.99, 100, False)
    steps: int = 200
    metric: str = STEPS_METRIC
    tol: float = 1e-6

    @property
    def hparams_dict(self) -> dict[str, Any]:
        return dict(self.hparams)

    def run_hparams(self, x: float, y: float) -> dict[str, Any]:
        """The full hyperparameters of the cell (x, y), betas re-assembled as a pair."""
        hp = self.hparams_dict
        for name, v in ((self.x.name, x), (self.y.name, y)):
            if name in ("beta1", "beta2"):
                b = list(hp.get("betas", get_optimizer(self.optimizer).defaults["betas"]))
                b[0 if name == "beta1" else 1] = float(v)
                hp["betas"] = tuple(b)
            else:
                hp[name] = float(v)
        return hp


def run_sweep(surface: Surface, cfg: MapConfig) -> SweepResult:
    """The map's sweep. The axes' own values are also given as fixed values (the grid overrides
    them) because ``sweep`` validates the fixed values first: with nesterov=True and momentum on an
    axis, torch's default momentum 0 would be refused before the grid is applied."""
    hp = cfg.hparams_dict
    for axis in (cfg.x, cfg.y):
        if axis.name not in ("beta1", "beta2"):
            hp.setdefault(axis.name, float(max(axis.low, axis.high)))
    return sweep(surface, cfg.optimizer, cfg.x, cfg.y, cfg.start, cfg.steps, hparams=hp, tol=cfg.tol)


@dataclass(frozen=True)
class MapLayers:
    """What the heatmap shows, shape (ny, nx): the colour ``value`` (NaN where a status colour is
    shown), the masks of diverged cells and of cells that never reached the tolerance, and the
    numbers a cell's hover reports: ``raw`` (steps, loss gap or loss) and ``diverged_at``."""

    value: Array
    diverged: Array
    unreached: Array
    log_value: bool  # value is log₁₀ of the loss gap
    raw: Array
    diverged_at: Array


def map_layers(result: SweepResult, metric: str, f_min: float | None) -> MapLayers:
    diverged = result.diverged_at > 0
    div_at = result.diverged_at
    if metric == STEPS_METRIC:
        unreached = (result.steps_to_tolerance < 0) & ~diverged
        raw = result.steps_to_tolerance.astype(np.float64)
        return MapLayers(np.where(diverged | unreached, np.nan, raw), diverged, unreached, False, raw, div_at)
    if metric != LOSS_METRIC:
        raise ValueError(f"Unknown metric: {metric!r}")
    unreached = np.zeros_like(diverged)
    if f_min is None:
        loss = result.final_loss
        return MapLayers(np.where(diverged, np.nan, loss), diverged, unreached, False, loss, div_at)
    gap = np.maximum(result.final_loss - f_min, LOSS_FLOOR)
    return MapLayers(np.where(diverged, np.nan, np.log10(gap)), diverged, unreached, True, gap, div_at)


def nearest_index(axis: GridAxis, value: float) -> int:
    """The grid index closest to ``value`` (by ratio on a log axis)."""
    v = axis.values()
    if axis.log and value > 0:
        return int(np.argmin(np.abs(np.log(v) - math.log(value))))
    return int(np.argmin(np.abs(v - value)))


@dataclass(frozen=True)
class MapOverlay:
    """Theory drawn over a map: the stability boundary curve (x, y) and named points."""

    boundary: tuple[Array, Array] | None
    points: tuple[tuple[str, float, float], ...]  # (kind, x, y): kind 'heavy_ball' or 'gd'


def map_overlay(theory: QuadraticTheory | None, cfg: MapConfig) -> MapOverlay:
    """The analytic boundary lr_max(other axis) and the optimal settings, when the theory applies:
    a convex quadratic, SGD or EWMA momentum, with lr on one axis."""
    empty = MapOverlay(None, ())
    if theory is None or not theory.convex:
        return empty
    names = (cfg.x.name, cfg.y.name)
    if "lr" not in names or cfg.optimizer not in ("sgd", "ewma_momentum"):
        return empty
    other = cfg.y if cfg.x.name == "lr" else cfg.x
    hp = get_optimizer(cfg.optimizer).defaults | cfg.hparams_dict
    mu_min, L = theory.eigenvalues
    along = other.values() if other.n > 1 else np.array([other.low])
    dense = np.geomspace(along.min(), along.max(), 200) if other.log else np.linspace(along.min(), along.max(), 200)
    if cfg.optimizer == "sgd":
        args = {k: hp[k] for k in ("momentum", "dampening", "weight_decay")}
        args[other.name] = dense
        lr_max = sgd_lr_bound(L, args["momentum"], args["dampening"], args["weight_decay"], bool(hp["nesterov"]))
    else:
        lr_max = ewma_lr_bound(L, dense) if other.name == "beta" else ewma_lr_bound(L, np.full_like(dense, hp["beta"]))
    ok = np.isfinite(lr_max)
    curve = (lr_max[ok], dense[ok]) if cfg.x.name == "lr" else (dense[ok], lr_max[ok])
    points: list[tuple[str, float, float]] = []
    plain = cfg.optimizer == "sgd" and hp["dampening"] == 0 and hp["weight_decay"] == 0 and not hp["nesterov"]
    if plain and other.name == "momentum":
        points.append(("heavy_ball", theory.heavy_ball_optimal_lr, theory.heavy_ball_optimal_momentum))
        points.append(("gd", theory.gd_optimal_lr, 0.0))
    elif cfg.optimizer == "ewma_momentum" and other.name == "beta":
        b = theory.heavy_ball_optimal_momentum
        points.append(("heavy_ball", theory.heavy_ball_optimal_lr / (1.0 - b), b))
    if cfg.x.name != "lr":
        points = [(kind, y, x) for kind, x, y in points]
    return MapOverlay(curve if ok.any() else None, tuple(points))


# --------------------------------------------------------------------------------------
# The race


@dataclass(frozen=True)
class Racer:
    """One competitor: an optimizer with fixed settings; only lr is tuned."""

    key: str  # the theme's method key (one colour per method)
    optimizer: str
    hparams: tuple[tuple[str, Any], ...]
    default_lr: float
    title: str


RACERS: dict[str, Racer] = {
    r.key: r
    for r in (
        Racer("sgd", "sgd", (), 0.019, "SGD"),
        Racer("sgd_momentum", "sgd", (("momentum", 0.9),), 0.019, "SGD+momentum"),
        Racer("sgd_nesterov", "sgd", (("momentum", 0.9), ("nesterov", True)), 0.019, "SGD+Nesterov"),
        Racer("ewma_momentum", "ewma_momentum", (), 0.19, "Momentum (EWMA form)"),
        Racer("adagrad", "adagrad", (), 0.5, "Adagrad"),
        Racer("rmsprop", "rmsprop", (), 0.05, "RMSprop"),
        Racer("adadelta", "adadelta", (), 1.0, "Adadelta"),
        Racer("adam", "adam", (), 0.1, "Adam"),
        Racer("adamw", "adamw", (), 0.1, "AdamW"),
        Racer("nadam", "nadam", (), 0.1, "NAdam"),
    )
}
# EWMA momentum is left out by default: with lr·(1 − β) it is SGD+momentum step for step.
DEFAULT_RACERS = tuple(k for k in RACERS if k != "ewma_momentum")
RACE_SURFACES = ("rosenbrock", "beale", "himmelblau", "rastrigin", "saddle", "ravine")
TUNE_GRID = GridAxis("lr", 1e-4, 10.0, 41, True)  # 8 values per decade
CRITERIA = (LOSS_METRIC, STEPS_METRIC)


@dataclass(frozen=True)
class RaceConfig:
    surface: str = "rosenbrock"
    surface_params: tuple[tuple[str, Any], ...] = (("a", 1.0), ("b", 100.0))
    start: tuple[float, float] = (-1.5, 2.5)
    steps: int = 300
    racers: tuple[str, ...] = DEFAULT_RACERS
    tune: bool = True
    criterion: str = LOSS_METRIC
    tol: float = 1e-6


@dataclass(frozen=True)
class Tuning:
    """One racer's lr search: every lr tried, its outcome, and the pick (None if all diverged)."""

    lrs: Array
    final_loss: Array
    steps_to_tolerance: Array  # -1: never
    diverged_at: Array  # 0: not diverged
    best_lr: float | None


def _pin_axis(racer: Racer) -> GridAxis:
    """A one-value second axis pinned at the racer's own value (sweep needs two axes)."""
    opt = get_optimizer(racer.optimizer)
    name = next(n for n in sweepable(racer.optimizer) if n != "lr")
    hp = opt.defaults | dict(racer.hparams)
    value = hp["betas"][0] if name == "beta1" else hp[name]
    return GridAxis(name, float(value), float(value), 1)


def pick_best(final_loss: Array, steps_to_tolerance: Array, diverged_at: Array, criterion: str) -> int | None:
    """Index of the winner among the runs that did not diverge, or None if all did.

    ``final_loss``: lowest final loss. ``steps_to_tolerance``: fewest steps to the tolerance,
    then (for ties and for runs that never reach it) lowest final loss.
    """
    alive = (diverged_at == 0) & np.isfinite(final_loss)
    if not alive.any():
        return None
    idx = np.flatnonzero(alive)
    if criterion == LOSS_METRIC:
        return int(idx[np.argmin(final_loss[idx])])
    if criterion != STEPS_METRIC:
        raise ValueError(f"Unknown criterion: {criterion!r}")
    steps = np.where(steps_to_tolerance[idx] >= 0, steps_to_tolerance[idx], np.iinfo(np.int64).max)
    order = np.lexsort((final_loss[idx], steps))
    return int(idx[order[0]])


def tune_lr(
    surface: Surface, racer: Racer, start: Sequence[float], steps: int, criterion: str, tol: float,
    grid: GridAxis = TUNE_GRID,
) -> Tuning:  # fmt: skip
    """Try every lr of ``grid`` (one vectorized sweep) and pick one by ``criterion``."""
    res = sweep(surface, racer.optimizer, grid, _pin_axis(racer), start, steps, hparams=dict(racer.hparams), tol=tol)
    loss, stt, div = res.final_loss[0], res.steps_to_tolerance[0], res.diverged_at[0]
    best = pick_best(loss, stt, div, criterion)
    return Tuning(grid.values(), loss, stt, div, None if best is None else float(grid.values()[best]))


def racer_spec(racer: Racer, lr: float, label: str) -> RunSpec:
    return RunSpec.make(racer.optimizer, dict(racer.hparams) | {"lr": lr}, label=label)


def ranking(result: BatchResult, criterion: str) -> list[int]:
    """Run indices best first: by ``criterion`` among the runs that did not diverge, then the
    diverged ones (latest divergence first)."""
    runs = result.runs
    loss = np.array([t.metrics.final_loss for t in runs])
    stt = np.array([-1 if t.metrics.steps_to_tolerance is None else t.metrics.steps_to_tolerance for t in runs])
    div = np.array([t.diverged_at or 0 for t in runs])
    order: list[int] = []
    remaining = list(range(len(runs)))
    while remaining:
        sub = np.array(remaining)
        best = pick_best(loss[sub], stt[sub], div[sub], criterion)
        if best is None:
            break
        order.append(int(sub[best]))
        remaining.remove(int(sub[best]))
    order += sorted(remaining, key=lambda i: -div[i])
    return order
