"""The computations behind the lesson pages (EWMA, schedules, neuron): plain data in, plain data out.

No Streamlit. Every function returns frozen dataclasses of NumPy arrays (picklable, so the pages
can cache them with ``st.cache_data``); runs go through the engine, never around it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import raster, theme
from .core import ewma, neuron
from .core.engine import BatchResult, Metrics, RunSpec, simulate
from .core.surfaces import make_surface
from .figures import N_LEVELS, SurfaceGrid

Array = np.ndarray


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
    return PlainResult(
        s.name,
        tuple(sorted(s.params.items())),
        s.window,
        (mins[0].x, mins[0].y) if mins else None,
        s.min_value,
        runs,
    )


# --------------------------------------------------------------------------------------
# Exponentially weighted averages


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


# --------------------------------------------------------------------------------------
# Learning-rate schedules


def schedule_params(name: str, values: Mapping[str, float]) -> dict[str, float]:
    """A schedule's parameters from the page's values (both decays call their rate k)."""
    if name == "step":
        return {"step_size": float(values["step_size"]), "gamma": float(values["gamma"])}
    if name == "exponential":
        return {"k": float(values["exp_k"])}
    if name == "inverse_time":
        return {"k": float(values["inv_k"])}
    if name == "cosine":
        return {"t_max": float(values["t_max"]), "eta_min": float(values["eta_min"])}
    return {}


def schedule_runs(
    surface: str,
    lr: float,
    steps: int,
    noise: float,
    seed: int,
    schedules: Sequence[tuple[str, tuple[tuple[str, float], ...]]],
) -> PlainResult:
    """The same noisy SGD run (same σ, same seed: the same noise at every step) under each schedule."""
    surf = make_surface(surface, {"kappa": 10.0} if surface == "ravine" else {})
    runs = [RunSpec.make("sgd", {"lr": lr}, name, dict(params), noise, seed) for name, params in schedules]
    return plain(simulate(surf, runs, surf.start, int(steps)))


def settle_distance(run: PlainRun, minimum: tuple[float, float], last: float = 0.2) -> float:
    """Mean distance to the minimum over the last ``last`` fraction of the run (how tightly it settled)."""
    path = run.path
    k = max(1, int(round(len(path) * last)))
    tail = path[-k:]
    return float(np.mean(np.hypot(tail[:, 0] - minimum[0], tail[:, 1] - minimum[1])))


# --------------------------------------------------------------------------------------
# A neuron on mini-batches


@dataclass(frozen=True)
class NeuronLesson:
    X: Array  # (n, 2) inputs
    labels: Array  # (n,) 0/1
    loss: str
    result: PlainResult
    alignment: tuple[float, ...]  # per run: mean cos between each step and −∇L (full data)
    accuracy: tuple[float, ...]  # per run: share of points on the right side at the last step


def neuron_surface_params(loss: str, points: int, data_seed: int, sep: float) -> dict[str, Any]:
    return {"n_points": int(points), "data_seed": int(data_seed), "separation": float(sep), "loss": loss}


def neuron_run_specs(batches: Sequence[Any], lr: float, momentum: float, same_step: bool, seed: int) -> list[RunSpec]:
    """Plain SGD for every batch size, then SGD with momentum for every mini-batch size.

    With ``same_step`` the momentum runs use lr·(1 − μ): the same step as plain SGD once the
    velocity has built up along a steady gradient, so any difference comes from the averaging.
    """
    specs = [RunSpec.make("sgd", {"lr": lr}, seed=seed, batch_size=None if b == "full" else int(b)) for b in batches]
    if momentum > 0:
        mlr = lr * (1.0 - momentum) if same_step else lr
        specs += [
            RunSpec.make("sgd", {"lr": mlr, "momentum": momentum}, seed=seed, batch_size=int(b))
            for b in batches
            if b != "full"
        ]
    return specs


def neuron_lesson(
    loss: str,
    points: int,
    data_seed: int,
    sep: float,
    start: tuple[float, float],
    steps: int,
    specs: Sequence[RunSpec],
) -> NeuronLesson:
    params = neuron_surface_params(loss, points, data_seed, sep)
    surface = make_surface("neuron", params)
    X, labels = neuron.make_data(params["n_points"], params["data_seed"], params["separation"])
    result = plain(simulate(surface, list(specs), start, int(steps)))
    return NeuronLesson(
        X,
        labels,
        loss,
        result,
        tuple(step_alignment(r.path, surface.grad) for r in result.runs),
        tuple(accuracy(r.path[-1], X, labels) for r in result.runs),
    )


def step_alignment(path: Array, grad) -> float:
    """Mean over steps of cos(step, −∇L at the step's start): 1 when every step heads straight downhill
    on the full-data loss, 0 for steps at right angles to it (pure noise averages 0)."""
    d = np.diff(path, axis=0)
    if not len(d):
        return float("nan")
    gx, gy = grad(path[:-1, 0], path[:-1, 1])
    norm = np.hypot(d[:, 0], d[:, 1]) * np.hypot(gx, gy)
    ok = norm > 0
    if not ok.any():
        return float("nan")
    return float(np.mean(-(d[ok, 0] * gx[ok] + d[ok, 1] * gy[ok]) / norm[ok]))


def accuracy(w: Array, X: Array, labels: Array) -> float:
    """Share of points classified right by ŷ = σ(w·x) ≥ 1/2, i.e. by the side of w·x = 0 they fall on."""
    z = X @ np.asarray(w, dtype=np.float64)
    return float(np.mean((z >= 0) == (labels > 0.5)))


def boundary_segment(w: Sequence[float], box: float) -> Array | None:
    """The part of the decision boundary w₁x₁ + w₂x₂ = 0 inside the square [−box, box]²: 2 points,
    or None when w = 0 (every input then gets ŷ = 1/2 and there is no boundary)."""
    w1, w2 = float(w[0]), float(w[1])
    norm = np.hypot(w1, w2)
    if norm == 0 or not np.isfinite(norm):
        return None
    direction = np.array([-w2, w1]) / norm  # along the line, through the origin
    reach = box / np.max(np.abs(direction))  # where the line meets the square's edge
    return np.array([-reach * direction, reach * direction])


NEURON_GRID = 90  # samples per axis of the neuron's loss (the image interpolates between them)
NEURON_IMAGE_PX = 400  # pixels per side of its contour image
_CHUNK = 1_000_000  # weights × points evaluated at once (bounds memory)


def neuron_loss_values(w1: Array, w2: Array, X: Array, labels: Array, loss: str) -> Array:
    """The full-data loss at many weights (value only, in chunks): what the contour needs, without
    the gradients ``neuron.loss_and_grad`` also computes."""
    shape = np.shape(w1)
    W = np.stack([np.ravel(w1), np.ravel(w2)], axis=1)
    out = np.empty(len(W))
    step = max(1, _CHUNK // len(X))
    for i in range(0, len(W), step):
        z = W[i : i + step] @ X.T  # (chunk, n)
        if loss == "mse":
            r = neuron.sigmoid(z) - labels
            out[i : i + step] = np.mean(r * r, axis=1)
        else:
            out[i : i + step] = np.mean(np.logaddexp(0.0, z) - labels * z, axis=1)
    return out.reshape(shape)


def _bilinear(f: Array, xs: Array, ys: Array, cx: Array, cy: Array) -> Array:
    """f sampled on the grid xs × ys, interpolated at cx × cy (rows follow y)."""
    rows = np.array([np.interp(cx, xs, row) for row in f])  # (len(ys), len(cx))
    return np.array([np.interp(cy, ys, col) for col in rows.T]).T  # (len(cy), len(cx))


def neuron_grid(loss: str, points: int, data_seed: int, sep: float) -> SurfaceGrid:
    """The neuron's loss surface for the contour, like ``figures.surface_grid`` (linear levels).

    The loss is a mean over every data point at every weight, so it is evaluated exactly on a
    NEURON_GRID² grid only and the image interpolates between grid points: the surface is smooth at
    that scale, and a new data set draws in a fraction of a second even with 200 points.
    """
    params = neuron_surface_params(loss, points, data_seed, sep)
    surface = make_surface("neuron", params)
    X, labels = neuron.make_data(params["n_points"], params["data_seed"], params["separation"])
    x0, x1, y0, y1 = surface.window
    xs, ys = np.linspace(x0, x1, NEURON_GRID), np.linspace(y0, y1, NEURON_GRID)
    f = neuron_loss_values(*np.meshgrid(xs, ys), X, labels, loss)
    px = NEURON_IMAGE_PX
    cx = x0 + (np.arange(px) + 0.5) * (x1 - x0) / px
    cy = y0 + (np.arange(px) + 0.5) * (y1 - y0) / px
    lo, hi = float(f.min()), float(f.max())
    png = raster.contour_png(_bilinear(f, xs, ys, cx, cy), lo, hi, N_LEVELS, theme.CONTOUR_COLORSCALE,
                             theme.CONTOUR_LINE)  # fmt: skip
    return SurfaceGrid(xs, ys, f, f.astype(np.float32), False, lo, 0.0, raster.data_uri(png))
