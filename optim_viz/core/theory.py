r"""Convergence theory of gradient descent and heavy-ball momentum on quadratic surfaces.

For f(x) = ½ (x − x*)ᵀ H (x − x*) with Hessian eigenvalues μ = λ_min and L = λ_max:

* GD (``sgd``, no momentum) multiplies the error along eigenvector i by (1 − lr·λᵢ) each step;
  it is stable for lr < 2/L. The best constant lr is 2/(L + μ), giving the rate
  (κ − 1)/(κ + 1) with κ = L/μ.
* Heavy ball (``sgd`` with ``momentum`` β, torch's form buf = β·buf + g, x −= lr·buf) is
  stable for lr < 2(1 + β)/L (and 0 ≤ β < 1). The best settings (Polyak) are
  lr = 4/(√L + √μ)² and β = ((√κ − 1)/(√κ + 1))², giving the rate (√κ − 1)/(√κ + 1).

The rate is the factor by which the distance to the minimum shrinks per step, asymptotically.

Per eigendirection with curvature λ and a = η·λ, each method is a linear recurrence:

* GD:          eₖ = (1 − a)·eₖ₋₁                      rate |1 − a|, stable for η < 2/L
* heavy ball:  z² − (1 + μ − a)·z + μ = 0             stable for η < 2(1 + μ)/L
* Nesterov (torch's form, buf = μ·buf + g, x −= η·(g + μ·buf)):
               z² − (1 + μ)(1 − a)·z + μ(1 − a) = 0   stable for η < 2(1 + μ)/((1 + 2μ)·L)

The rate is the largest root modulus over λ ∈ {μ_min, L}. The Nesterov bound comes from the
Jury conditions p(1) > 0, p(−1) > 0, |p(0)| < 1 of that polynomial. Dampening τ scales the
buffer's input by 1 − τ (a heavy ball with η·(1 − τ)); weight decay λ_wd adds λ_wd to every
curvature; the EWMA form of momentum is a heavy ball with η·(1 − β).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from .surfaces import Surface


@dataclass(frozen=True)
class QuadraticTheory:
    eigenvalues: tuple[float, float]  # ascending: (μ, L)
    eigenvectors: tuple[tuple[float, float], tuple[float, float]]  # unit vectors, same order
    convex: bool  # both eigenvalues > 0
    kappa: float | None
    gd_stable_lr: float | None  # lr < 2/L
    gd_optimal_lr: float | None  # 2/(L + μ)
    gd_optimal_rate: float | None  # (κ − 1)/(κ + 1)
    momentum: float | None  # β used for the heavy-ball bound
    heavy_ball_stable_lr: float | None  # lr < 2(1 + β)/L
    heavy_ball_optimal_lr: float | None  # 4/(√L + √μ)²
    heavy_ball_optimal_momentum: float | None  # ((√κ − 1)/(√κ + 1))²
    heavy_ball_optimal_rate: float | None  # (√κ − 1)/(√κ + 1)

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def quadratic_theory(surface: Surface, momentum: float = 0.9) -> QuadraticTheory:
    """Theory numbers of a quadratic surface; ValueError for a non-quadratic one."""
    H = surface.hessian
    if H is None:
        raise ValueError(f"Surface {surface.name} is not quadratic: its Hessian is not constant")
    if not (isinstance(momentum, (int, float)) and math.isfinite(momentum) and 0 <= momentum < 1):
        raise ValueError(f"Invalid momentum value: {momentum} (must be in [0, 1))")
    w, V = np.linalg.eigh(np.asarray(H, dtype=np.float64))
    mu, L = float(w[0]), float(w[1])
    vecs = tuple(_canonical(V[:, i]) for i in range(2))
    convex = mu > 0
    out = dict(
        eigenvalues=(mu, L),
        eigenvectors=vecs,
        convex=convex,
        kappa=None,
        gd_stable_lr=None,
        gd_optimal_lr=None,
        gd_optimal_rate=None,
        momentum=float(momentum),
        heavy_ball_stable_lr=None,
        heavy_ball_optimal_lr=None,
        heavy_ball_optimal_momentum=None,
        heavy_ball_optimal_rate=None,
    )
    if L > 0:
        out["gd_stable_lr"] = 2.0 / L
        out["heavy_ball_stable_lr"] = 2.0 * (1.0 + momentum) / L
    if convex:
        kappa = L / mu
        sk = math.sqrt(kappa)
        out.update(
            kappa=kappa,
            gd_optimal_lr=2.0 / (L + mu),
            gd_optimal_rate=(kappa - 1.0) / (kappa + 1.0),
            heavy_ball_optimal_lr=4.0 / (math.sqrt(L) + math.sqrt(mu)) ** 2,
            heavy_ball_optimal_momentum=((sk - 1.0) / (sk + 1.0)) ** 2,
            heavy_ball_optimal_rate=(sk - 1.0) / (sk + 1.0),
        )
    return QuadraticTheory(**out)


def _canonical(v: np.ndarray) -> tuple[float, float]:
    """Unit eigenvector with a deterministic sign (first non-zero component positive)."""
    v = v / np.linalg.norm(v)
    if v[0] < -1e-12 or (abs(v[0]) <= 1e-12 and v[1] < 0):
        v = -v
    return float(v[0]) + 0.0, float(v[1]) + 0.0


def gd_rate(theory: QuadraticTheory, lr: float) -> float:
    """Asymptotic rate of GD with a given lr: max |1 − lr·λ| over the eigenvalues."""
    return max(abs(1.0 - lr * lam) for lam in theory.eigenvalues)


def heavy_ball_rate(theory: QuadraticTheory, lr: float, momentum: float) -> float:
    """Asymptotic rate of heavy ball: the largest root modulus of z² − (1 + β − lr·λ)z + β over λ."""
    worst = 0.0
    for lam in theory.eigenvalues:
        roots = np.roots([1.0, -(1.0 + momentum - lr * lam), momentum])
        worst = max(worst, float(np.max(np.abs(roots))))
    return worst


def measured_rate(distances: np.ndarray, skip: float = 0.5) -> float | None:
    """Per-step contraction measured on a run: exp(slope) of a least-squares line through log dₖ.

    ``skip`` drops the first fraction of the usable points (the transient); points at round-off
    level (dₖ ≤ 1e-12·d₀) are ignored. None when fewer than 4 points remain.
    """
    d = np.asarray(distances, dtype=np.float64)
    if d.size < 4 or not np.all(np.isfinite(d)) or d[0] <= 0:
        return None
    usable = np.flatnonzero(d > 1e-12 * d[0])
    if usable.size < 4:
        return None
    end = int(usable[-1])
    start = int(end * skip)
    k = np.arange(start, end + 1)
    k = k[d[k] > 0]
    if k.size < 4:
        return None
    slope = np.polyfit(k.astype(np.float64), np.log(d[k]), 1)[0]
    return float(math.exp(slope))


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


def nesterov_stable_lr(L: Any, momentum: Any):
    """Largest stable lr of torch's Nesterov SGD on curvature L: 2(1 + μ)/((1 + 2μ)·L)
    (vectorized over arrays)."""
    with np.errstate(divide="ignore", invalid="ignore"):
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
        plain = 2.0 / curv
    out = np.where(mu == 0.0, plain, nesterov_stable_lr(curv, mu) if nesterov else heavy)
    out = np.where((curv > 0) & np.isfinite(out) & (out > 0), out, np.inf)
    return out if out.ndim else float(out)


def ewma_lr_bound(L: float, beta: Any):
    """Largest stable lr of EWMA momentum: it is a heavy ball with lr·(1 − β), so 2(1 + β)/((1 − β)·L)."""
    beta = np.asarray(beta, float)
    with np.errstate(divide="ignore"):
        out = np.where(L > 0, 2.0 * (1.0 + beta) / ((1.0 - beta) * L), np.inf)
    return out if out.ndim else float(out)
