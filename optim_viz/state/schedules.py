"""The learning-rate schedules page's state: the noisy SGD run and each schedule's parameters."""

from __future__ import annotations

from ..core.schedules import SCHEDULES
from .schema import Choice, Field, Schema, Subset, Whole, grid_field
from .values import DECAY_GRID, GRAD_NOISE, INT_GRID, LESSON_STEPS, LR_GRID, SEED_MAX, coefficient_grid, zero_log_grid

SCHEDULE_ORDER = tuple(SCHEDULES)  # constant, step, exponential, inverse_time, cosine

SCHEDULES_PAGE = Schema(
    "schedules",
    (
        Field("surface", Choice(("quadratic", "ravine")), "quadratic"),
        grid_field("lr", 0.2, LR_GRID),
        grid_field("steps", 500, LESSON_STEPS),
        grid_field("noise", 1.0, GRAD_NOISE),
        Field("seed", Whole(0, SEED_MAX), 0),
        Field("show", Subset(SCHEDULE_ORDER, len(SCHEDULE_ORDER)), SCHEDULE_ORDER),
        grid_field("step_size", 100, INT_GRID),
        grid_field("gamma", 0.5, coefficient_grid(1.0, below_one=False)),
        grid_field("exp_k", 0.006, DECAY_GRID),
        grid_field("inv_k", 0.03, DECAY_GRID),
        grid_field("t_max", 500, INT_GRID),
        grid_field("eta_min", 0.0, zero_log_grid(1.0)),
    ),
)


def schedule_params(name: str, values) -> dict[str, float]:
    """A schedule's parameters from the page's values (both decays call their rate k)."""
    if name == "step":
        return {"step_size": float(values["step_size"]), "gamma": float(values["gamma"])}
    if name == "exponential":
        return {"k": float(values["exp_k"])}
    if name == "inverse_time":
        return {"k": float(values["inv_k"])}
    if name == "cosine":
        return {"t_max": float(values["t_max"]), "eta_min": float(values["eta_min"])}
    return {}
