"""Exponentially weighted averages: a noisy series smoothed for several β, the weights and the
window, and the averaged gradients of SGD in a ravine that become momentum (``core.ewma`` holds
the averages themselves)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..core import ewma
from ..core.engine import RunSpec, simulate
from ..core.surfaces import make_surface
from .results import PlainResult, plain

Array = np.ndarray


@dataclass(frozen=True)
class SeriesLesson:
    """A noisy cosine and its EWMA for each β, with and without bias correction."""

    t: Array  # 1..n
    series: Array  # S_t
    clean: Array  # the cosine without noise
    betas: tuple[float, ...]
    averages: tuple[Array, ...]  # V_t per β
    corrected: tuple[Array, ...]  # V_t / (1 − β^t) per β
    rmse: tuple[float, ...]  # of V_t against the clean cosine
    rmse_corrected: tuple[float, ...]


def series_lesson(n: int, noise: float, seed: int, betas: Sequence[float]) -> SeriesLesson:
    t, s = ewma.noisy_series(int(n), float(noise), int(seed))
    clean = np.cos(2.0 * np.pi * (t - 1) / len(t))
    avgs = tuple(ewma.ewma(s, b) for b in betas)
    corr = tuple(ewma.ewma(s, b, bias_correction=True) for b in betas)

    def rmse(v):
        return float(np.sqrt(np.mean((v - clean) ** 2)))

    return SeriesLesson(t, s, clean, tuple(betas), avgs, corr, tuple(map(rmse, avgs)), tuple(map(rmse, corr)))


def window_rows(betas: Sequence[float]) -> list[dict[str, float]]:
    """For each β: the effective window 1/(1 − β), the 1/e age −1/ln β, and the share of the total
    weight carried by the newest ⌈1/(1 − β)⌉ points (about 1 − 1/e ≈ 63 % for β near 1)."""
    rows = []
    for b in betas:
        window = ewma.effective_window(b)
        rows.append(
            {
                "beta": float(b),
                "window": window,
                "e_fold_age": ewma.e_fold_age(b),
                "share": 1.0 - float(b) ** int(np.ceil(window - 1e-9)),  # 1/(1 − 0.9) is 10.000000000000002
            }
        )
    return rows


@dataclass(frozen=True)
class TypedSeries:
    """A series typed by the learner, its EWMA Vₜ and bias-corrected V̂ₜ, and the running arithmetic
    mean (S₁ + … + Sₜ)/t, for t = 1..n; ``weights``: what each Sᵢ counts for in V_n."""

    t: Array
    series: Array
    beta: float
    average: Array
    corrected: Array
    mean: Array
    weights: Array

    @property
    def newest_weight(self) -> float:
        return float(self.weights[-1])

    @property
    def oldest_weight(self) -> float:
        return float(self.weights[0])


def typed_series(values: Sequence[float], beta: float) -> TypedSeries:
    s = np.asarray(values, dtype=np.float64)
    t = np.arange(1, len(s) + 1, dtype=np.float64)
    return TypedSeries(t, s, float(beta), ewma.ewma(s, float(beta)), ewma.ewma(s, float(beta), bias_correction=True),
                       ewma.running_mean(s), ewma.weights(float(beta), len(s)))  # fmt: skip


@dataclass(frozen=True)
class RavineGradients:
    """Plain SGD in a ravine (floor along x, walls across y) and the EWMA of its gradients; for
    comparison, from the same start and with the same lr, a run that steps along the EWMA of its own
    gradients (``ewma_momentum``) and torch's SGD with momentum β (steps along the sum, 1/(1 − β)
    times the average)."""

    beta: float
    result: PlainResult  # runs: SGD, EWMA momentum β, SGD with momentum β
    grad: Array  # (n, 2) gradients seen by plain SGD
    averaged: Array  # (n, 2) their EWMA (no bias correction: momentum has none)
    keep_steep: float  # mean |average| / mean |gradient| across the valley (y)
    keep_shallow: float  # same along the floor (x)


def ravine_gradients(kappa: float, lr: float, beta: float, steps: int) -> RavineGradients:
    surface = make_surface("ravine", {"kappa": float(kappa), "angle_deg": 0.0})
    runs = [
        RunSpec.make("sgd", {"lr": lr}),
        RunSpec.make("ewma_momentum", {"lr": lr, "beta": beta}),
        RunSpec.make("sgd", {"lr": lr, "momentum": beta}),
    ]
    result = plain(simulate(surface, runs, surface.start, int(steps)))
    g = result.runs[0].grad
    avg = ewma.ewma(g, float(beta)) if len(g) else g

    def keep(axis: int) -> float:
        raw = float(np.mean(np.abs(g[:, axis]))) if len(g) else 0.0
        return float(np.mean(np.abs(avg[:, axis]))) / raw if raw > 0 else float("nan")

    return RavineGradients(float(beta), result, g, avg, keep(1), keep(0))
