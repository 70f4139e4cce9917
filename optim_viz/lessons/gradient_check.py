r"""Checking a gradient numerically: central differences next to the exact gradient, and their difference.

The course notes' second way to get a gradient: nudge each weight by ±h and divide the change of the
loss by 2h,

    ∂L/∂wᵢ ≈ (L(w + h·eᵢ) − L(w − h·eᵢ)) / (2h),

simple but it costs two evaluations of the whole loss per weight, so it checks a gradient rather than
replacing it. Its error has two parts: the truncation of the formula, about h²·L‴/6, which falls as h
falls, and the rounding of L itself, about ε·|L|/h (ε ≈ 2.2e-16), which grows as h falls; so the
difference is smallest near h ≈ 1e-5 and grows on both sides. Where the loss has a kink inside
[w − h, w + h] (a ReLU whose input crosses 0) the formula averages the slopes on both sides and can
disagree with either one-sided derivative by much more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..core.surfaces import Surface

Array = np.ndarray
H_SWEEP = tuple(10.0**-e for e in range(1, 13))  # h = 0.1 … 1e-12


@dataclass(frozen=True)
class GradientCheck:
    """At weights ``w`` with step ``h``: the exact gradient, the central differences and their difference."""

    w: tuple[float, float]
    h: float
    analytic: Array
    numeric: Array

    @property
    def difference(self) -> Array:
        return self.numeric - self.analytic

    @property
    def relative_error(self) -> float:
        """‖numeric − analytic‖ / (‖numeric‖ + ‖analytic‖): 0 for a perfect match (0 when both vanish)."""
        scale = float(np.hypot(*self.numeric) + np.hypot(*self.analytic))
        return float(np.hypot(*self.difference)) / scale if scale > 0 else 0.0


def central_differences(surface: Surface, w: Sequence[float], h: float) -> Array:
    """(∂L/∂w₁, ∂L/∂w₂) from four evaluations of the loss."""
    if not (np.isfinite(h) and h > 0):
        raise ValueError(f"Invalid step h: {h} (must be > 0)")
    w1, w2 = float(w[0]), float(w[1])
    v = surface.value
    d1 = (float(v(w1 + h, w2)) - float(v(w1 - h, w2))) / (2.0 * h)
    d2 = (float(v(w1, w2 + h)) - float(v(w1, w2 - h))) / (2.0 * h)
    return np.array([d1, d2])


def gradient_check(surface: Surface, w: Sequence[float], h: float) -> GradientCheck:
    _, g1, g2 = surface.value_and_grad(float(w[0]), float(w[1]))
    return GradientCheck((float(w[0]), float(w[1])), float(h), np.array([float(g1), float(g2)]),
                         central_differences(surface, w, h))  # fmt: skip


def error_over_h(surface: Surface, w: Sequence[float], hs: Sequence[float] = H_SWEEP) -> Array:
    """‖central differences − exact gradient‖ for every h of ``hs``."""
    return np.array([float(np.hypot(*gradient_check(surface, w, h).difference)) for h in hs])
