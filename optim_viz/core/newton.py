r"""Damped Newton's method: a reference path to compare the optimizers with, not an optimizer.

Each step solves the local quadratic model exactly and moves a fraction α of the way::

    dₖ = H(x_{k−1})⁻¹ ∇f(x_{k−1}),    xₖ = x_{k−1} − α·dₖ      (k = 1..N, α = ``damping``)

with the exact Hessian of the surface. On a quadratic bowl one step with α = 1 lands on the
minimum, whatever its condition number: the contrast with gradient descent's zig-zag is the lesson.

When H is not positive definite this is still *textbook* Newton: the step goes to the stationary
point of the local model, which is a saddle or a maximum of that model, because Newton's method
solves ∇f = 0 and does not know up from down. So on a saddle it can walk *to* the saddle, and near
a maximum it climbs. We keep that behaviour on purpose (it is why practical second-order methods
modify H, e.g. saddle-free Newton with |H| = Σ|λᵢ|vᵢvᵢᵀ, or add a multiple of the identity) and
report every such step: ``not_positive_definite`` lists them and ``notes`` says, for each, whether
H was a saddle, maximum-like or singular there. A singular H (|λ_min| ≤ 1e-9·|λ_max|, or 0) has no
inverse: the step uses the pseudo-inverse, i.e. it moves only along the eigenvectors with non-zero
curvature (none at all on a flat spot).

Divergence follows the engine: the path stops at x_{k−1} and ``diverged_at = k`` at the first step
whose iterate is not finite, has |x| or |y| > 1e6, or has a non-finite loss. Nothing non-finite
leaves this module.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from .curvature import DEFAULT_RTOL, FLAT, MAXIMUM_LIKE, MINIMUM_LIKE, SADDLE, classify, eigen
from .engine import DIVERGENCE_LIMIT, MAX_STEPS, check_defined_at, check_start, check_steps
from .surfaces import Surface

Array = np.ndarray

LABEL = "Newton (reference)"
SINGULAR = "singular"  # a note's kind besides the curvature kinds
SINGULAR_RTOL = DEFAULT_RTOL  # |λ| ≤ this × max|λ|: no inverse along that eigenvector


@dataclass(frozen=True)
class NewtonNote:
    """Why step ``step`` was not a plain descent step: H at x_{step−1} was not positive definite."""

    step: int
    kind: str  # "saddle", "maximum-like", "flat" or "singular" (minimum-like but not invertible)
    eigenvalues: tuple[float, float]  # ascending

    @property
    def message(self) -> str:
        lo, hi = self.eigenvalues
        what = {
            SADDLE: "H is indefinite (a saddle): the step heads for the saddle of the local model",
            MAXIMUM_LIKE: "H is negative definite: the step heads for the maximum of the local model (uphill)",
            FLAT: "H is zero: no curvature, no step",
            SINGULAR: "H is singular: the step moves only along the curved direction",
        }[self.kind]
        return f"step {self.step}: {what} (eigenvalues {lo:.3g}, {hi:.3g})"


@dataclass(frozen=True)
class NewtonPath:
    """A damped Newton run: the same conventions as an engine ``Trajectory``'s path and loss."""

    path: Array  # (n+1, 2): start, then every iterate
    loss: Array  # (n+1,)
    damping: float  # α
    diverged_at: int | None
    not_positive_definite: tuple[int, ...]  # steps k whose H(x_{k−1}) was not positive definite
    notes: tuple[NewtonNote, ...]  # one per step in not_positive_definite
    label: str = LABEL

    @property
    def steps(self) -> int:
        return len(self.path) - 1


def _check_damping(damping: Any) -> float:
    if isinstance(damping, bool) or not isinstance(damping, (int, float, np.integer, np.floating)):
        raise ValueError(f"Invalid damping: {damping!r} (expected a number)")
    alpha = float(damping)
    if not (math.isfinite(alpha) and 0.0 < alpha <= 1.0):
        raise ValueError(f"Invalid damping: {damping} (must be in (0, 1])")
    return alpha


def newton_step(g: Array, H: Array) -> tuple[Array, str]:
    """H⁻¹g for one point (pseudo-inverse when H is singular) and the kind of H there.

    The kind is one of ``curvature.KINDS`` or ``"singular"`` (semi-definite, not invertible).
    """
    values, vectors = eigen(H)
    kind = str(classify(values))
    scale = float(np.max(np.abs(values)))
    keep = np.abs(values) > SINGULAR_RTOL * scale
    if kind == FLAT or not keep.any():
        return np.zeros(2), FLAT
    if not keep.all() and kind == MINIMUM_LIKE:
        kind = SINGULAR
    # H⁻¹g = Σᵢ vᵢ (vᵢ·g)/λᵢ over the eigenvalues kept
    coeff = np.where(keep, (vectors.T @ g) / np.where(keep, values, 1.0), 0.0)
    return vectors @ coeff, kind


def newton_path(surface: Surface, start: Any, steps: int, *, damping: float = 1.0) -> NewtonPath:
    """Damped Newton x ← x − α·H⁻¹∇f from ``start`` for ``steps`` steps (see the module docstring)."""
    steps = check_steps(steps)
    alpha = _check_damping(damping)
    x = check_start(start)
    if x.ndim != 1:
        raise ValueError("Newton's method takes one start point")
    check_defined_at(surface, x)
    xs, fs = [x.copy()], []
    notes: list[NewtonNote] = []
    diverged_at = None
    with np.errstate(all="ignore"):
        f, gx, gy = surface.value_and_grad(x[0], x[1])
        fs.append(float(f))
        for k in range(1, min(steps, MAX_STEPS) + 1):
            H = surface.hessian_at(x[0], x[1])
            if not (np.isfinite(H).all() and np.isfinite(gx) and np.isfinite(gy)):
                diverged_at = k
                break
            d, kind = newton_step(np.array([float(gx), float(gy)]), H)
            if kind != MINIMUM_LIKE:
                lam = eigen(H)[0]
                notes.append(NewtonNote(k, kind, (float(lam[0]) + 0.0, float(lam[1]) + 0.0)))
            x_new = x - alpha * d
            f, gx, gy = surface.value_and_grad(x_new[0], x_new[1])
            if not (np.all(np.isfinite(x_new)) and np.abs(x_new).max() <= DIVERGENCE_LIMIT and np.isfinite(f)):
                diverged_at = k
                notes = [n for n in notes if n.step < k]  # the path does not include this step
                break
            x = x_new
            xs.append(x.copy())
            fs.append(float(f))
    return NewtonPath(
        path=np.array(xs),
        loss=np.array(fs),
        damping=alpha,
        diverged_at=diverged_at,
        not_positive_definite=tuple(n.step for n in notes),
        notes=tuple(notes),
    )
