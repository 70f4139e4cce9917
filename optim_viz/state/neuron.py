"""The neuron page's state: the data set and the activation, the start, the batch sizes and momentum, the
step shown, the numerical gradient check's h, and the epoch section (validation split, batches, the step
decay and ReduceLROnPlateau's arguments)."""

from __future__ import annotations

from typing import Any

from ..core.epochs import MONITORS
from ..core.plateau import MODES, THRESHOLD_MODES, Plateau
from ..lessons.epochs import RULE_ORDER
from .notices import Notice
from .schema import Choice, Field, Flag, Schema, Subset, Whole, grid_field, step_within_run
from .values import (
    BATCH_CHOICES,
    INT_GRID,
    LESSON_STEPS,
    LR_GRID,
    MOMENTUM_GRID,
    N_POINTS_CHOICES,
    SEED_MAX,
    WEIGHT_GRID,
    coefficient_grid,
    format_number,
    linear_grid,
    log_grid,
    zero_log_grid,
)

H_GRID = tuple(10.0**-e for e in range(12, 0, -1))  # the numerical gradient's step h: 1e-12 … 0.1
EPOCH_CHOICES = (5, 10, 15, 20, 25, 30, 40, 50, 60, 80, 100, 150, 200)
VALIDATION_SHARES = (0.1, 0.2, 0.25, 0.3, 0.4, 0.5)
EPOCH_BATCHES = (1, 2, 4, 8, 16, 32, 64)
FACTOR_GRID = coefficient_grid(0.95)  # ReduceLROnPlateau's factor, below 1
EPS_GRID = (0.0, *log_grid(1e-12, 1e-2))


def validation_size(n_points: int, share: float) -> int:
    """Points held out for validation: the share of the data set, at least 1."""
    return max(1, int(round(share * n_points)))


def batch_options(n_points: int) -> tuple:
    """The batch sizes offered for a data set of ``n_points`` (``full``: every point, plain GD)."""
    return tuple(b for b in BATCH_CHOICES if b == "full" or b < n_points)


def _consistent(values: dict[str, Any], notices: list[Notice]) -> None:
    """Batch sizes below the number of points, the inspected step k within the run, ReLU with the squared
    error only, and an epoch batch no larger than the training split."""
    n = int(values["points"])
    kept = tuple(b for b in values["batches"] if b == "full" or b < n)
    if len(kept) < len(values["batches"]):
        dropped = [str(b) for b in values["batches"] if b not in kept]
        notices.append(Notice("batches: {values} not below the {n} data points; dropped.", values=", ".join(dropped),
                              n=n))  # fmt: skip
        values["batches"] = kept or ("full",)
    step_within_run(values, notices)
    if values["activation"] == "relu" and values["loss"] != "mse":
        notices.append(Notice("The ReLU neuron is trained with the squared error; using loss=mse."))
        values["loss"] = "mse"
    n_train = n - validation_size(n, float(values["val_share"]))
    if values["ebatch"] > n_train:
        fits = max(b for b in EPOCH_BATCHES if b <= n_train)
        notices.append(Notice("ebatch={b} is more than the {n} training points; using {v0}.",
                              b=format_number(values["ebatch"]), n=n_train, v0=fits))  # fmt: skip
        values["ebatch"] = float(fits)


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
        Field("activation", Choice(("sigmoid", "relu")), "sigmoid"),
        grid_field("fd_h", 1e-5, H_GRID),
        grid_field("epochs", 40, EPOCH_CHOICES),
        grid_field("val_share", 0.25, VALIDATION_SHARES),
        grid_field("ebatch", 4, EPOCH_BATCHES),
        grid_field("elr", 2.0, LR_GRID),
        grid_field("emomentum", 0.0, MOMENTUM_GRID),
        Field("eseed", Whole(0, SEED_MAX), 0),
        Field("rules", Subset(RULE_ORDER, len(RULE_ORDER)), RULE_ORDER),
        grid_field("estep", 5, INT_GRID),
        grid_field("egamma", 0.5, coefficient_grid(1.0, below_one=False)),
        Field("monitor", Choice(MONITORS), "val_loss"),
        Field("mode", Choice(MODES), "min"),
        grid_field("factor", 0.5, FACTOR_GRID),
        Field("patience", Whole(0, 100), 2),
        grid_field("threshold", 1e-4, zero_log_grid(0.1, decades=6)),
        Field("threshold_mode", Choice(THRESHOLD_MODES), "rel"),
        Field("cooldown", Whole(0, 100), 0),
        grid_field("min_lr", 0.0, zero_log_grid(1.0, decades=6)),
        grid_field("eps", 1e-8, EPS_GRID),
    ),
    check=_consistent,
)


def plateau_of(values: dict[str, Any]) -> Plateau:
    """ReduceLROnPlateau's arguments from the page's values."""
    return Plateau(values["mode"], float(values["factor"]), int(values["patience"]), float(values["threshold"]),
                   values["threshold_mode"], int(values["cooldown"]), float(values["min_lr"]),
                   float(values["eps"]))  # fmt: skip


def epoch_args(values: dict[str, Any]) -> tuple:
    """The arguments of ``lessons.epochs.epoch_lesson`` for the page's epochs section, in order."""
    n = int(values["points"])
    return (values["loss"], values["activation"], n, int(values["data_seed"]), float(values["sep"]),
            (float(values["w1"]), float(values["w2"])), float(values["elr"]), float(values["emomentum"]),
            int(values["ebatch"]), int(values["epochs"]), int(values["eseed"]),
            validation_size(n, float(values["val_share"])), tuple(values["rules"]),
            (int(values["estep"]), float(values["egamma"])), plateau_of(values), values["monitor"])  # fmt: skip
