r"""Curvature along a path: Hessians, their eigen-decomposition, and what they mean for a step size.

At a point x the Hessian H = ∇²f(x) is symmetric, H = Σᵢ λᵢ vᵢvᵢᵀ with λ₀ ≤ λ₁ (ascending) and unit
eigenvectors vᵢ. Near x the surface is the quadratic model

    f(x + d) ≈ f(x) + ∇f(x)ᵀd + ½ dᵀHd,

so the λᵢ are the curvatures along the principal axes vᵢ, and

* the point is *minimum-like* when both λ ≥ 0 (the model is a bowl), *maximum-like* when both
  λ ≤ 0, a *saddle* when they have opposite signs, and *flat* when both are (near) zero. An
  eigenvalue counts as zero when |λ| ≤ ``rtol``·max|λ|; the point is flat when max|λ| ≤ ``atol``.
* the local condition number is κ = max|λ| / min|λ| (∞ when an eigenvalue is exactly 0);
* the *sharpness* is λ_max = λ₁, the largest eigenvalue.

Stability of a step size. On a quadratic with curvature λ along some axis, plain gradient descent
x ← x − η·g multiplies the error along that axis by (1 − ηλ) per step: it blows up exactly when
λ > 2/η. Heavy ball in torch's form (buf ← μ·buf + (1 − dampening)·g, x ← x − η·buf) blows up when
λ > 2(1 + μ)/(η(1 − dampening)), and torch's Nesterov form (x ← x − η(g + μ·buf), dampening 0) when
λ > 2(1 + μ)/(η(1 + 2μ)). ``stability_thresholds`` gives these numbers per update from a run's lr
array; comparing them with the sharpness along the path shows when a run sits at the *edge of
stability*, λ_max(H(xₖ)) ≈ 2/ηₖ. Alignment: update k (k = 1..n) uses ηₖ = lr[k − 1] at x_{k−1}, so
``thresholds[k − 1]`` pairs with ``sharpness[k − 1]`` (the path has one point more than lr).
Weight decay adds ``weight_decay`` to every curvature the optimizer sees; the numbers here are the
surface's own.

Everything is vectorized over the points of a path; nothing here runs the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .surfaces import Surface

Array = np.ndarray

MINIMUM_LIKE = "minimum-like"
SADDLE = "saddle"
MAXIMUM_LIKE = "maximum-like"
FLAT = "flat"
KINDS = (MINIMUM_LIKE, SADDLE, MAXIMUM_LIKE, FLAT)

DEFAULT_RTOL = 1e-9  # |λ| ≤ rtol·max|λ| counts as zero when reading the signs
DEFAULT_ATOL = 1e-10  # max|λ| ≤ atol: flat


def _points(path: Any) -> Array:
    """(n, 2) float64 points from an array or from anything with a ``path`` (a Trajectory)."""
    pts = np.asarray(getattr(path, "path", path), dtype=np.float64)
    if pts.ndim != 2 or pts.shape[1] != 2:
        raise ValueError(f"Invalid path: expected an array of shape (n, 2), got shape {pts.shape}")
    return pts


def hessians_along(surface: Surface, path: Any) -> Array:
    """∇²f at every point of ``path`` (an (n, 2) array or a Trajectory): shape (n, 2, 2)."""
    pts = _points(path)
    with np.errstate(all="ignore"):
        return surface.hessian_at(pts[:, 0], pts[:, 1])


def eigen(hessians: Array) -> tuple[Array, Array]:
    """Eigenvalues (…, 2) ascending and unit eigenvectors (…, 2, 2) of symmetric 2 × 2 matrices.

    ``vectors[..., :, i]`` belongs to ``values[..., i]``; its sign is fixed (first non-zero
    component positive) so that axes drawn along a path do not flip from point to point.
    Non-finite matrices give NaN.
    """
    H = np.asarray(hessians, dtype=np.float64)
    ok = np.isfinite(H).all(axis=(-2, -1))
    safe = np.where(ok[..., None, None], H, 0.0)
    values, vectors = np.linalg.eigh(safe)
    first = vectors[..., 0, :]
    flip = (first < -1e-12) | ((np.abs(first) <= 1e-12) & (vectors[..., 1, :] < 0))
    vectors = np.where(flip[..., None, :], -vectors, vectors) + 0.0
    values = np.where(ok[..., None], values, np.nan)
    vectors = np.where(ok[..., None, None], vectors, np.nan)
    return values, vectors


def classify(eigenvalues: Array, *, rtol: float = DEFAULT_RTOL, atol: float = DEFAULT_ATOL) -> Array:
    """The kind of each point from its ascending eigenvalues (…, 2): an array of ``KINDS`` strings.

    Flat when max|λ| ≤ atol; otherwise an eigenvalue with |λ| ≤ rtol·max|λ| counts as zero, and
    the signs decide: both ≥ 0 minimum-like, both ≤ 0 maximum-like, else saddle. Non-finite
    eigenvalues (a Hessian that is not finite there) are classed flat.
    """
    lam = np.asarray(eigenvalues, dtype=np.float64)
    scale = np.abs(lam).max(axis=-1)
    zero = rtol * scale
    lo, hi = lam[..., 0], lam[..., 1]
    kind = np.full(lam.shape[:-1], SADDLE, dtype=object)
    kind[lo >= -zero] = MINIMUM_LIKE
    kind[hi <= zero] = MAXIMUM_LIKE
    kind[~(scale > atol)] = FLAT  # also NaN
    return kind.astype(str)


def condition_numbers(eigenvalues: Array) -> Array:
    """κ = max|λ| / min|λ| per point: 1 for a round bowl, ∞ when an eigenvalue is 0, NaN if undefined."""
    a = np.abs(np.asarray(eigenvalues, dtype=np.float64))
    big, small = a.max(axis=-1), a.min(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(small > 0, big / np.where(small > 0, small, 1.0), np.where(big > 0, np.inf, np.nan))


@dataclass(frozen=True)
class PathCurvature:
    """Curvature at each of the n points of a path (see the module docstring)."""

    points: Array  # (n, 2)
    hessians: Array  # (n, 2, 2)
    eigenvalues: Array  # (n, 2), ascending
    eigenvectors: Array  # (n, 2, 2): eigenvectors[k, :, i] belongs to eigenvalues[k, i]
    condition: Array  # (n,) max|λ| / min|λ|
    kind: Array  # (n,) one of KINDS

    @property
    def sharpness(self) -> Array:
        """λ_max(H(xₖ)) at each point, shape (n,)."""
        return self.eigenvalues[:, 1]

    @property
    def not_minimum_like(self) -> Array:
        """Indices of the points where the local model is not a bowl (saddle, maximum-like or flat)."""
        return np.flatnonzero(self.kind != MINIMUM_LIKE)


def curvature_along(
    surface: Surface, path: Any, *, rtol: float = DEFAULT_RTOL, atol: float = DEFAULT_ATOL
) -> PathCurvature:
    """Hessians, eigen-decomposition, condition number and kind at every point of ``path``."""
    pts = _points(path)
    H = hessians_along(surface, pts)
    values, vectors = eigen(H)
    return PathCurvature(pts, H, values, vectors, condition_numbers(values), classify(values, rtol=rtol, atol=atol))


def sharpness(surface: Surface, path: Any) -> Array:
    """λ_max(∇²f(xₖ)) for every point xₖ of ``path``, shape (n,)."""
    return eigen(hessians_along(surface, path))[0][:, 1]


# --------------------------------------------------------------------------------------
# Drawing the local quadratic model


@dataclass(frozen=True)
class QuadraticAxes:
    """Principal axes of the local quadratic model q(d) = ½ dᵀHd at each point, ready to draw.

    ``axes[k, i]`` is the half-axis vector s·vᵢ/√|λᵢ| (in x, y) of the level set |q| = ½ s², with
    s = ``scale``: an ellipse around a minimum- or maximum-like point, a pair of hyperbolas (the
    curves q = ±½ s², with these as their semi-axes) around a saddle. Lengths are capped at
    ``max_length``, so a zero eigenvalue gives a long, finite axis.
    """

    centers: Array  # (n, 2)
    axes: Array  # (n, 2, 2): [point, axis i, (x, y)]
    eigenvalues: Array  # (n, 2)
    saddle: Array  # (n,) bool: eigenvalues of opposite signs
    kind: Array  # (n,) one of KINDS

    def level_curve(self, k: int, n: int = 64, reach: float = 1.5) -> Array:
        """Points of the level set at point k, shape (m, 2), pieces separated by NaN rows.

        Ellipse: c + cos t·a₀ + sin t·a₁. Saddle: the four branches c ± cosh t·aᵢ ± sinh t·aⱼ for
        |t| ≤ ``reach`` (q = +½ s² along the positive axis, −½ s² along the negative one). Flat
        points give an empty array.
        """
        c, (a0, a1) = self.centers[k], self.axes[k]
        if self.kind[k] == FLAT or not np.all(np.isfinite(self.axes[k])):
            return np.empty((0, 2))
        if not self.saddle[k]:
            t = np.linspace(0.0, 2.0 * np.pi, n + 1)
            return c + np.cos(t)[:, None] * a0 + np.sin(t)[:, None] * a1
        t = np.linspace(-reach, reach, n)[:, None]
        gap = np.full((1, 2), np.nan)
        pieces = []
        for main, other in ((a0, a1), (a1, a0)):
            for sign in (1.0, -1.0):
                pieces += [c + sign * np.cosh(t) * main + np.sinh(t) * other, gap]
        return np.concatenate(pieces[:-1])


def principal_axes(
    curvature: PathCurvature, *, scale: float = 1.0, max_length: float = np.inf
) -> QuadraticAxes:
    """The local quadratic's principal axes at each point of a ``PathCurvature`` (see QuadraticAxes)."""
    if not (scale > 0 and max_length > 0):
        raise ValueError(f"Invalid axis scale: {scale} and max length {max_length} (both must be > 0)")
    lam = curvature.eigenvalues
    with np.errstate(divide="ignore", invalid="ignore"):
        length = np.minimum(scale / np.sqrt(np.abs(lam)), max_length)  # (n, 2)
    # eigenvectors[k, :, i] is vᵢ; axes[k, i, :] = length[k, i]·vᵢ
    axes = np.swapaxes(curvature.eigenvectors, -1, -2) * length[..., None]
    saddle = curvature.kind == SADDLE
    return QuadraticAxes(curvature.points, axes, lam, saddle, curvature.kind)


# --------------------------------------------------------------------------------------
# Step-size stability


def stability_thresholds(
    lr: Any, momentum: float = 0.0, *, dampening: float = 0.0, nesterov: bool = False
) -> Array:
    """The largest stable curvature for each update: 2/ηₖ (GD), 2(1 + μ)/(ηₖ(1 − dampening)) (heavy
    ball), 2(1 + μ)/(ηₖ(1 + 2μ)) (Nesterov). A curvature above it grows under that step. ∞ where ηₖ = 0.
    """
    eta = np.asarray(lr, dtype=np.float64)
    if not (0.0 <= momentum < 1.0):
        raise ValueError(f"Invalid momentum value: {momentum} (must be in [0, 1))")
    if not (0.0 <= dampening < 1.0):
        raise ValueError(f"Invalid dampening value: {dampening} (must be in [0, 1))")
    if nesterov and (momentum <= 0 or dampening != 0):
        raise ValueError("Nesterov momentum requires a momentum and zero dampening")
    if nesterov:
        numerator = 2.0 * (1.0 + momentum) / (1.0 + 2.0 * momentum)
    else:
        numerator = 2.0 * (1.0 + momentum) / (1.0 - dampening)
    with np.errstate(divide="ignore"):
        return np.where(eta > 0, numerator / np.where(eta > 0, eta, 1.0), np.inf)


def run_thresholds(trajectory: Any) -> Array | None:
    """``stability_thresholds`` of an engine run of ``sgd`` (its lr array and resolved momentum,
    dampening, nesterov), one per update; None for other optimizers, whose steps are preconditioned
    and have no threshold of this form."""
    if trajectory.spec.optimizer != "sgd":
        return None
    hp = trajectory.hparams
    return stability_thresholds(
        trajectory.lr,
        float(hp.get("momentum", 0.0)),
        dampening=float(hp.get("dampening", 0.0)),
        nesterov=bool(hp.get("nesterov", False)),
    )
