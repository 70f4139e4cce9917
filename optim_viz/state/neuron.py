"""The neuron page's state: the data set, the start, the batch sizes and momentum, the step shown."""

from __future__ import annotations

from typing import Any

from .notices import Notice
from .schema import Choice, Field, Flag, Schema, Subset, Whole, grid_field, step_within_run
from .values import (
    BATCH_CHOICES,
    LESSON_STEPS,
    LR_GRID,
    MOMENTUM_GRID,
    N_POINTS_CHOICES,
    SEED_MAX,
    WEIGHT_GRID,
    linear_grid,
)


def batch_options(n_points: int) -> tuple:
    """The batch sizes offered for a data set of ``n_points`` (``full``: every point, plain GD)."""
    return tuple(b for b in BATCH_CHOICES if b == "full" or b < n_points)


def _consistent(values: dict[str, Any], notices: list[Notice]) -> None:
    """Batch sizes below the number of points, and the inspected step k within the run."""
    n = int(values["points"])
    kept = tuple(b for b in values["batches"] if b == "full" or b < n)
    if len(kept) < len(values["batches"]):
        dropped = [str(b) for b in values["batches"] if b not in kept]
        notices.append(Notice("batches: {values} not below the {n} data points; dropped.", values=", ".join(dropped),
                              n=n))  # fmt: skip
        values["batches"] = kept or ("full",)
    step_within_run(values, notices)


NEURON = Schema(
    "neuron",
    (
        Field("loss", Choice(("mse", "cross_entropy")), "mse"),
        grid_field("points", 40, N_POINTS_CHOICES),
        Field("data_seed", Whole(0, SEED_MAX), 0),
        grid_field("sep", 2.0, linear_grid(0.0, 6.0, 0.25)),
        grid_field("w1", -3.0, WEIGHT_GRID),
        grid_field("w2", 3.0, WEIGHT_GRID),
        grid_field("lr", 2.0, LR_GRID),
        grid_field("steps", 300, LESSON_STEPS),
        Field("batches", Subset(BATCH_CHOICES, 4), (4, "full")),
        grid_field("momentum", 0.9, MOMENTUM_GRID),
        Field("same_step", Flag(), True),
        Field("seed", Whole(0, SEED_MAX), 0),
        Field("k", Whole(0, max(LESSON_STEPS)), 300),
    ),
    check=_consistent,
)
