"""The exponentially weighted averages page's state: the series, the β values, bias correction, the
ravine whose gradients become momentum, and a series typed by the learner with its own β."""

from __future__ import annotations

from typing import Any

from ..core.ewma import SeriesError, parse_series
from .notices import Notice
from .schema import Field, Flag, Schema, Subset, Text, Whole, grid_field
from .values import BETA_CHOICES, KAPPA_GRID, LENGTH_CHOICES, LESSON_STEPS, LR_GRID, SEED_MAX, SERIES_NOISE

TYPED_DEFAULT = "0, 1, 2, 3, 4, 5, 6, 7, 8, 9"  # the course notes' example


def _consistent(values: dict[str, Any], notices: list[Notice]) -> None:
    """A typed series the parser reads, else the notes' 0…9."""
    try:
        parse_series(values["series"])
    except SeriesError as err:
        notices.append(Notice("series: {err}; using {v0}.", err=Notice(err.template, **err.values), v0=TYPED_DEFAULT))
        values["series"] = TYPED_DEFAULT


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
        Field("series", Text(), TYPED_DEFAULT),
        grid_field("sbeta", 0.9, BETA_CHOICES),
    ),
    check=_consistent,
)
