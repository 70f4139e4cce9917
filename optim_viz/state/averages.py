"""The exponentially weighted averages page's state: the series, the β values, bias correction, and
the ravine whose gradients become momentum."""

from __future__ import annotations

from .schema import Field, Flag, Schema, Subset, Whole, grid_field
from .values import BETA_CHOICES, KAPPA_GRID, LENGTH_CHOICES, LESSON_STEPS, LR_GRID, SEED_MAX, SERIES_NOISE

AVERAGES = Schema(
    "ewma",
    (
        grid_field("n", 100, LENGTH_CHOICES),
        grid_field("noise", 0.5, SERIES_NOISE),
        Field("seed", Whole(0, SEED_MAX), 0),
        Field("betas", Subset(BETA_CHOICES, 5), (0.5, 0.9, 0.98)),
        Field("bias", Flag(), False),
        Field("wlog", Flag(), True),
        grid_field("kappa", 55, KAPPA_GRID),
        grid_field("lr", 0.035, LR_GRID),
        grid_field("beta", 0.9, BETA_CHOICES),
        grid_field("steps", 60, LESSON_STEPS),
    ),
)
