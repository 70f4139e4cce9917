"""The optimizer race: every optimizer from one start with one budget, each with a fair
learning-rate search (one vectorized sweep per optimizer), and the ranking."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..core.engine import BatchResult, GridAxis, RunSpec, Simulation, sweep, sweepable
from ..core.optimizers import resolve_hparams
from ..core.surfaces import Surface
from .results import LOSS_METRIC, STEPS_METRIC

Array = np.ndarray


@dataclass(frozen=True)
class Racer:
    """One competitor: an optimizer with fixed settings; only lr is tuned (where ``tuned``)."""

    key: str  # the theme's method key (one colour per method)
    optimizer: str
    hparams: tuple[tuple[str, Any], ...]
    default_lr: float
    title: str
    tuned: bool = True  # False: its step size is not searched (L-BFGS's line search picks every step)


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
        Racer("adamax", "adamax", (), 0.1, "Adamax"),
        Racer("radam", "radam", (), 0.019, "RAdam"),
        Racer("rprop", "rprop", (), 0.05, "Rprop"),
        Racer("asgd", "asgd", (), 0.019, "ASGD"),
        Racer("adafactor", "adafactor", (), 0.1, "Adafactor"),
        Racer("muon", "muon", (), 0.05, "Muon"),
        # L-BFGS runs one run at a time (a 41-value lr search would cost more than the rest of the
        # race); with a strong-Wolfe line search its lr is only the first trial step.
        Racer("lbfgs", "lbfgs", (("line_search_fn", "strong_wolfe"),), 1.0, "L-BFGS", tuned=False),
    )
}
# The classic field by default (EWMA momentum is left out: with lr·(1 − β) it is SGD+momentum step
# for step); the other torch.optim optimizers can join.
DEFAULT_RACERS = ("sgd", "sgd_momentum", "sgd_nesterov", "adagrad", "rmsprop", "adadelta", "adam", "adamw", "nadam")
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
    name = next(n for n in sweepable(racer.optimizer) if n != "lr")
    value = resolve_hparams(racer.optimizer, dict(racer.hparams))[name]  # tuples split into their numbers
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


def race_simulation(surface: Surface, cfg: RaceConfig, lrs: Sequence[float]) -> Simulation:
    """Every racer with its learning rate, from the race's start."""
    specs = tuple(
        RunSpec.make(RACERS[k].optimizer, dict(RACERS[k].hparams) | {"lr": lr}) for k, lr in zip(cfg.racers, lrs)
    )
    return Simulation(surface, specs, cfg.start, cfg.steps, cfg.tol, record_state=True)  # L-BFGS's evaluations

