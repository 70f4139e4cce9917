"""Engine results as plain data (no surface functions), so the lesson caches can copy them, and the
names of the metrics the lessons rank and colour by."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..core.engine import BatchResult, Metrics

Array = np.ndarray

STEPS_METRIC = "steps_to_tolerance"
LOSS_METRIC = "final_loss"


@dataclass(frozen=True)
class PlainRun:
    """One engine run without the surface's functions: what the figures and tables need."""

    optimizer: str
    hparams: Mapping[str, Any]
    schedule: str
    batch_size: int | None  # None: every data point
    path: Array  # (n+1, 2)
    loss: Array  # (n+1,)
    lr: Array  # (n,)
    grad: Array  # (n, 2)
    metrics: Metrics


@dataclass(frozen=True)
class PlainResult:
    surface: str
    surface_params: tuple[tuple[str, Any], ...]
    window: tuple[float, float, float, float]
    minimum: tuple[float, float] | None
    min_value: float | None
    runs: tuple[PlainRun, ...]


def plain(result: BatchResult) -> PlainResult:
    s = result.surface
    mins = s.global_minima
    runs = tuple(
        PlainRun(t.spec.optimizer, dict(t.hparams), t.spec.schedule, t.spec.batch_size, t.path, t.loss, t.lr, t.grad,
                 t.metrics)
        for t in result.runs
    )  # fmt: skip
    return PlainResult(s.name, tuple(sorted(s.params.items())), s.window, (mins[0].x, mins[0].y) if mins else None,
                       s.min_value, runs)  # fmt: skip


def distances(surface, path: Array) -> Array:
    """‖xₖ − x*‖ to the nearest minimum for every point of a path (distance to the start if none)."""
    d = surface.distance_to_nearest_minimum(path[:, 0], path[:, 1])
    if d is None:
        return np.hypot(path[:, 0] - path[0, 0], path[:, 1] - path[0, 1])
    return np.asarray(d, dtype=np.float64)


def settle_distance(run: PlainRun, minimum: tuple[float, float], last: float = 0.2) -> float:
    """Mean distance to the minimum over the last ``last`` fraction of the run (how tightly it settled)."""
    path = run.path
    k = max(1, int(round(len(path) * last)))
    tail = path[-k:]
    return float(np.mean(np.hypot(tail[:, 0] - minimum[0], tail[:, 1] - minimum[1])))
