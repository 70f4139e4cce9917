"""The one-dimensional gradient-descent page's state: the formula f(x), the start, three learning rates,
the number of steps and the step whose tangent is highlighted."""

from __future__ import annotations

import math
from typing import Any

from ..lessons.descent_1d import MAX_STEPS_1D, Descent1D, surface_1d
from .notices import Notice, why
from .schema import Field, Real, Schema, Text, Whole, grid_field, step_within_run
from .values import format_number

DEFAULT = Descent1D()
STEP_CHOICES = (1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 75, 100)


def _consistent(values: dict[str, Any], notices: list[Notice]) -> None:
    """A formula in x only that the parser accepts (else x**2), a start where f is finite (else 2), and the
    highlighted step within the run."""
    try:
        surface = surface_1d(values["expr"])
    except ValueError as err:
        notices.append(Notice("The formula in the link cannot be used ({err}); using {v0}.", err=why(err),
                              v0=DEFAULT.expr))  # fmt: skip
        values["expr"] = DEFAULT.expr
        surface = surface_1d(DEFAULT.expr)
    f = float(surface.value(values["start"], 0.0))
    if not math.isfinite(f):
        notices.append(Notice("start={v0}: f is not defined there; using {v1}.", v0=format_number(values["start"]),
                              v1=format_number(DEFAULT.start)))  # fmt: skip
        values["start"] = DEFAULT.start
    step_within_run(values, notices)


DESCENT_1D = Schema(
    "descent_1d",
    (
        Field("expr", Text(), DEFAULT.expr),
        Field("start", Real(-100.0, 100.0), DEFAULT.start),
        *(Field(f"lr{i}", Real(0.0, 10.0), lr) for i, lr in enumerate(DEFAULT.lrs, start=1)),
        grid_field("steps", DEFAULT.steps, STEP_CHOICES),
        Field("k", Whole(1, MAX_STEPS_1D), 1),
    ),
    check=_consistent,
)


def descent_config(values: dict[str, Any]) -> Descent1D:
    return Descent1D(values["expr"], float(values["start"]), tuple(float(values[f"lr{i}"]) for i in (1, 2, 3)),
                     int(values["steps"]))  # fmt: skip
