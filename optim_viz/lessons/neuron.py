"""A neuron trained on mini-batches: the runs for each batch size (with and without momentum),
how well each step points downhill, accuracy, the decision boundary, and the exact loss on a grid."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..core import neuron
from ..core.engine import RunSpec, simulate
from ..core.surfaces import make_surface
from .results import PlainResult, plain

Array = np.ndarray


@dataclass(frozen=True)
class NeuronLesson:
    X: Array  # (n, 2) inputs
    labels: Array  # (n,) 0/1
    loss: str
    result: PlainResult
    alignment: tuple[float, ...]  # per run: mean cos between each step and −∇L (full data)
    accuracy: tuple[float, ...]  # per run: share of points on the right side at the last step
    activation: str = "sigmoid"


def neuron_surface_params(loss: str, points: int, data_seed: int, sep: float,
                          activation: str = "sigmoid") -> dict[str, Any]:  # fmt: skip
    return {"n_points": int(points), "data_seed": int(data_seed), "separation": float(sep), "loss": loss,
            "activation": activation}  # fmt: skip


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
    activation: str = "sigmoid",
) -> NeuronLesson:
    params = neuron_surface_params(loss, points, data_seed, sep, activation)
    surface = make_surface("neuron", params)
    X, labels = neuron.make_data(params["n_points"], params["data_seed"], params["separation"])
    result = plain(simulate(surface, list(specs), start, int(steps)))
    return NeuronLesson(
        X,
        labels,
        loss,
        result,
        tuple(step_alignment(r.path, surface.grad) for r in result.runs),
        tuple(accuracy(r.path[-1], X, labels, activation) for r in result.runs),
        activation,
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


def accuracy(w: Array, X: Array, labels: Array, activation: str = "sigmoid") -> float:
    """Share of points classified right by ŷ ≥ 1/2: the side of the boundary w·x = 0 (sigmoid) or w·x = 1/2
    (ReLU) they fall on."""
    return float(neuron.accuracy(w, X, labels, activation))


def active_points(w: Sequence[float], X: Array) -> int:
    """How many points have z = w·x > 0: for a ReLU neuron, the only ones whose gradient is not 0."""
    return int(np.sum(X @ np.asarray(w, dtype=np.float64) > 0))


def surrounds_origin(X: Array) -> bool:
    """True when every line through the origin has data points strictly on both sides, so that a ReLU neuron
    without bias is dead (zᵢ ≤ 0 for every point) only at w = 0: no angular gap between the points' directions
    reaches π."""
    angles = np.sort(np.arctan2(X[:, 1], X[:, 0]))
    gaps = np.diff(np.concatenate([angles, [angles[0] + 2 * np.pi]]))
    return bool(gaps.max() < np.pi)


def boundary_level(activation: str) -> float:
    """The z = w·x where ŷ = 1/2: 0 for the sigmoid, 1/2 for ReLU."""
    return 0.5 if activation == "relu" else 0.0


def boundary_segment(w: Sequence[float], box: float, level: float = 0.0) -> Array | None:
    """The part of the decision boundary w₁x₁ + w₂x₂ = ``level`` inside the square [−box, box]²: 2 points,
    or None when w = 0 (every input then gets the same ŷ) or the line misses the square."""
    w1, w2 = float(w[0]), float(w[1])
    norm = np.hypot(w1, w2)
    if norm == 0 or not np.isfinite(norm):
        return None
    unit = np.array([w1, w2]) / norm
    direction = np.array([-unit[1], unit[0]])  # along the line
    foot = (level / norm) * unit  # the line's point nearest the origin (norm² could underflow)
    # the parameters s of foot + s·direction inside the square, one coordinate at a time
    lo, hi = -np.inf, np.inf
    for c in range(2):
        if direction[c] == 0:
            if abs(foot[c]) > box:
                return None
            continue
        with np.errstate(over="ignore"):  # a nearly axis-parallel line: ±inf bounds are right
            a, b = (-box - foot[c]) / direction[c], (box - foot[c]) / direction[c]
        lo, hi = max(lo, min(a, b)), min(hi, max(a, b))
    if lo >= hi:
        return None
    return np.array([foot + lo * direction, foot + hi * direction])


NEURON_GRID = 90  # samples per axis of the neuron's loss (the contour image interpolates between them)
_CHUNK = 1_000_000  # weights × points evaluated at once (bounds memory)


def neuron_loss_values(w1: Array, w2: Array, X: Array, labels: Array, loss: str, activation: str = "sigmoid") -> Array:
    """The full-data loss at many weights (value only, in chunks): what the contour needs, without
    the gradients ``neuron.loss_and_grad`` also computes."""
    shape = np.shape(w1)
    W = np.stack([np.ravel(w1), np.ravel(w2)], axis=1)
    out = np.empty(len(W))
    step = max(1, _CHUNK // len(X))
    for i in range(0, len(W), step):
        z = W[i : i + step] @ X.T  # (chunk, n)
        if loss == "mse":
            r = (neuron.relu(z) if activation == "relu" else neuron.sigmoid(z)) - labels
            out[i : i + step] = np.mean(r * r, axis=1)
        else:
            out[i : i + step] = np.mean(np.logaddexp(0.0, z) - labels * z, axis=1)
    return out.reshape(shape)


def neuron_loss_grid(loss: str, points: int, data_seed: int, sep: float,
                     activation: str = "sigmoid") -> tuple[Array, Array, Array]:  # fmt: skip
    """(xs, ys, f): the full-data loss on a NEURON_GRID² grid over the surface's window.

    The loss is a mean over every data point at every weight, so it is evaluated exactly on this
    grid only; the contour image interpolates between grid points (the surface is smooth at that
    scale), and a new data set draws in a fraction of a second even with 200 points.
    """
    params = neuron_surface_params(loss, points, data_seed, sep, activation)
    surface = make_surface("neuron", params)
    X, labels = neuron.make_data(params["n_points"], params["data_seed"], params["separation"])
    x0, x1, y0, y1 = surface.window
    xs, ys = np.linspace(x0, x1, NEURON_GRID), np.linspace(y0, y1, NEURON_GRID)
    return xs, ys, neuron_loss_values(*np.meshgrid(xs, ys), X, labels, loss, activation)
