"""The optimizer race's state: the track (surface and start), the budget, the racers, the lr search."""

from __future__ import annotations

from typing import Any

from ..core.surfaces import Surface
from ..lessons.race import CRITERIA, DEFAULT_RACERS, RACE_SURFACES, RACERS, RaceConfig
from ..lessons.results import LOSS_METRIC
from .export import export_fields
from .notices import Notice
from .schema import Choice, Field, Flag, Numbers, Schema, Subset, grid_field
from .surfaces import SurfaceChoice, build_surface, check_start, surface_defaults

STEP_CHOICES = (50, 100, 200, 300, 500, 1000)


def _consistent(values: dict[str, Any], notices: list[Notice]) -> None:
    check_start(values, surface_of(values), notices)


RACE = Schema(
    "race",
    (
        Field("surface", SurfaceChoice(RACE_SURFACES), ("rosenbrock", surface_defaults("rosenbrock"))),
        Field("start", Numbers(2, "-1.5,2.5"), None, optional=True),
        grid_field("steps", 300, STEP_CHOICES),
        Field("racers", Subset(tuple(RACERS), len(RACERS)), DEFAULT_RACERS),
        Field("tune", Flag(), True),
        Field("criterion", Choice(CRITERIA), LOSS_METRIC),
        *export_fields(),
    ),
    check=_consistent,
)


def surface_of(values: dict[str, Any]) -> Surface:
    name, params = values["surface"]
    return build_surface(name, dict(params))


def suggested_start(surface: Surface) -> tuple[float, float]:
    return tuple(round(v, 3) for v in surface.start)


def race_config(values: dict[str, Any]) -> tuple[RaceConfig, Surface]:
    surface = surface_of(values)
    name, params = values["surface"]
    start = values["start"] if values["start"] is not None else suggested_start(surface)
    racers = tuple(k for k in RACERS if k in values["racers"])
    cfg = RaceConfig(name, params, (float(start[0]), float(start[1])), int(values["steps"]), racers,
                     bool(values["tune"]), values["criterion"])  # fmt: skip
    return cfg, surface
