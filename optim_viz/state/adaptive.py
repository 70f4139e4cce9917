"""The adaptive-step-sizes page's state: the ravine (κ and its angle), the runs shown with each one's
learning rate and coefficient, the inspected step, and Adam's bias-correction panel."""

from __future__ import annotations

from typing import Any

from ..core.surfaces import Surface, make_surface
from ..lessons.adaptive import METHODS, AdaptiveConfig
from .schema import Field, Schema, Subset, Whole, grid_field, step_within_run
from .values import BETA_CHOICES, KAPPA_GRID, LESSON_STEPS, LR_GRID, linear_grid

ANGLE_GRID = linear_grid(0.0, 90.0, 5.0)
HORIZONS = (10, 20, 50, 100, 200, 500, 1000, 2000, 5000)  # t of the bias-correction factors
FIRST_STEPS = (5, 10, 20, 30, 50, 100, 200)  # Adam with and without correction, from the start
DEFAULT_LRS = dict(AdaptiveConfig().lrs)


ADAPTIVE = Schema(
    "adaptive",
    (
        grid_field("kappa", 50.0, KAPPA_GRID),
        grid_field("angle", 0.0, ANGLE_GRID),
        grid_field("steps", 200, LESSON_STEPS),
        Field("show", Subset(METHODS, len(METHODS)), METHODS),
        *(grid_field(f"{m}_lr", DEFAULT_LRS[m], LR_GRID) for m in METHODS),
        grid_field("alpha", 0.99, BETA_CHOICES),
        grid_field("rho", 0.9, BETA_CHOICES),
        grid_field("beta1", 0.9, BETA_CHOICES),
        grid_field("beta2", 0.999, BETA_CHOICES),
        Field("k", Whole(1, max(LESSON_STEPS)), 1),
        grid_field("horizon", 1000, HORIZONS),
        grid_field("first", 30, FIRST_STEPS),
    ),
    check=step_within_run,
)


def adaptive_config(values: dict[str, Any], angle: float | None = None) -> tuple[AdaptiveConfig, Surface]:
    """The lesson's config and its ravine (at the page's angle, or at ``angle``)."""
    angle = float(values["angle"] if angle is None else angle)
    cfg = AdaptiveConfig(
        kappa=float(values["kappa"]),
        angle=angle,
        steps=int(values["steps"]),
        methods=tuple(values["show"]),
        lrs=tuple((m, float(values[f"{m}_lr"])) for m in METHODS),
        alpha=float(values["alpha"]),
        rho=float(values["rho"]),
        beta1=float(values["beta1"]),
        beta2=float(values["beta2"]),
    )
    return cfg, make_surface("ravine", {"kappa": cfg.kappa, "angle_deg": angle})
