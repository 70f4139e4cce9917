"""The hyperparameter map: a two-hyperparameter sweep as one vectorized batch, and the theory
drawn over it (the analytic stability boundary and the optimal settings on a quadratic)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..core.engine import GridAxis, RunSpec, Simulation, SweepResult, sweep, sweepable
from ..core.optimizers import OPTIMIZERS, HyperParam, get_optimizer
from ..core.surfaces import Surface
from ..core.theory import QuadraticTheory, ewma_lr_bound, sgd_lr_bound
from .results import LOSS_METRIC, STEPS_METRIC

Array = np.ndarray
METRICS = (STEPS_METRIC, LOSS_METRIC)
# Optimizers a map can sweep: L-BFGS runs one run at a time (its line search branches per run), so
# ten thousand cells of it would take minutes.
MAP_OPTIMIZERS = tuple(name for name, opt in OPTIMIZERS.items() if not opt.closure)


def axis_range(optimizer: str, name: str) -> tuple[float, float, bool]:
    """A default (low, high, log) for sweeping ``name``: lr over 1e-3…1 (Adadelta 1e-2…10),
    coefficients over 0…0.99, other values from the hyperparameter's own UI range."""
    if name == "lr":
        return (1e-2, 10.0, True) if optimizer == "adadelta" else (1e-3, 1.0, True)
    if name in ("momentum", "beta", "alpha", "rho", "beta1"):
        return 0.0, 0.99, False
    if name == "beta2":
        return 0.5, 0.999, False
    owner = part_owner(optimizer, name)
    if owner is not None:
        p = owner[0].parts[owner[1]]
        return p.low, p.high, p.log
    h = get_optimizer(optimizer).hparam(name)
    return h.low, h.high, h.log


def part_owner(optimizer: str, name: str) -> tuple[HyperParam, int] | None:
    """The tuple hyperparameter (betas, etas, …) ``name`` is a number of, and its index; None otherwise."""
    for h in get_optimizer(optimizer).hparams:
        if name in h.part_names:
            return h, h.part_names.index(name)
    return None


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
        """The full hyperparameters of the cell (x, y), a swept number of a tuple (betas, etas, …)
        put back into its tuple."""
        hp = self.hparams_dict
        for name, v in ((self.x.name, x), (self.y.name, y)):
            owner = part_owner(self.optimizer, name)
            if owner is None:
                hp[name] = float(v)
                continue
            h, i = owner
            parts = list(hp.get(h.name, h.default))
            parts[i] = float(v)
            hp[h.name] = tuple(parts)
        return hp


def run_sweep(surface: Surface, cfg: MapConfig) -> SweepResult:
    """The map's sweep. The axes' own values are also given as fixed values (the grid overrides
    them) because ``sweep`` validates the fixed values first: with nesterov=True and momentum on an
    axis, torch's default momentum 0 would be refused before the grid is applied."""
    hp = cfg.hparams_dict
    for axis in (cfg.x, cfg.y):
        if part_owner(cfg.optimizer, axis.name) is None:
            hp.setdefault(axis.name, float(max(axis.low, axis.high)))
    return sweep(surface, cfg.optimizer, cfg.x, cfg.y, cfg.start, cfg.steps, hparams=hp, tol=cfg.tol)


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


def cell_simulation(surface: Surface, cfg: MapConfig, x: float, y: float) -> Simulation:
    """The full run of one map cell, for its trajectory."""
    return Simulation(surface, (RunSpec.make(cfg.optimizer, cfg.run_hparams(x, y)),), cfg.start, cfg.steps, cfg.tol)
