"""The momentum page's state: the quadratic (or a typed formula, or the bumpy valley), the start, the three
runs' settings, the look-ahead step, the classic Nesterov panel and the conventions panel; and the
playground link that puts μ = 0.5 next to the page's μ."""

from __future__ import annotations

from typing import Any

from ..core.expr import check as check_formula
from ..core.surfaces import CUSTOM, Surface
from ..lessons.momentum import MomentumConfig
from .export import export_fields
from .notices import Notice, why
from .playground import PlaygroundConfig, RunConfig
from .schema import Choice, Field, Flag, Numbers, Real, Schema, Text, Whole, grid_field
from .surfaces import SurfaceChoice, build_surface, check_start, surface_defaults

SURFACES = ("ravine", "quadratic", "booth", "bumpy", CUSTOM)
DEFAULT_FORMULA = "x**2 + 25*y**2"
STEP_CHOICES = (50, 100, 150, 200, 300, 500)
EWMA_LR = ("rescaled", "same")


def _consistent(values: dict[str, Any], notices: list[Notice]) -> None:
    """A formula the parser accepts (else the ravine), and a start inside the surface's window."""
    name = values["surface"][0]
    if name == CUSTOM:
        err = check_formula(values["expr"])
        if err is not None:
            notices.append(Notice("The formula in the link cannot be used ({err}); using {v0}.", err=why(err),
                                  v0="ravine"))  # fmt: skip
            values["surface"], values["expr"] = ("ravine", surface_defaults("ravine")), DEFAULT_FORMULA
    try:
        surface = surface_of(values)
    except ValueError as err:  # a formula that parses but cannot be used (e.g. undefined everywhere)
        notices.append(Notice("The formula in the link cannot be used ({err}); using {v0}.", err=why(err), v0="ravine"))
        values["surface"], values["expr"] = ("ravine", surface_defaults("ravine")), DEFAULT_FORMULA
        surface = surface_of(values)
    check_start(values, surface, notices)


MOMENTUM = Schema(
    "momentum",
    (
        Field("surface", SurfaceChoice(SURFACES), ("ravine", surface_defaults("ravine"))),
        Field("expr", Text(), DEFAULT_FORMULA, optional=True),
        Field("start", Numbers(2, "-4.5,1.5"), None, optional=True),
        grid_field("steps", 150, STEP_CHOICES),
        Field("sgd_lr", Real(1e-5, 10.0), 0.019),
        Field("lr", Real(1e-5, 10.0), 0.01),
        Field("momentum", Real(0.0, 0.999), 0.9),
        Field("k", Whole(1, max(STEP_CHOICES)), 2),
        Field("classic", Flag(), False),
        Field("conventions", Flag(), False),
        Field("ewma_lr", Choice(EWMA_LR), "rescaled"),
        *export_fields(),
    ),
    check=_consistent,
)


def surface_of(values: dict[str, Any]) -> Surface:
    name, params = values["surface"]
    return build_surface(name, dict(params), values["expr"])


def momentum_config(values: dict[str, Any]) -> tuple[MomentumConfig, Surface]:
    """Everything the page computes from: the lesson's config and its surface."""
    surface = surface_of(values)
    name, params = values["surface"]
    start = tuple(values["start"]) if values["start"] is not None else tuple(surface.start)
    cfg = MomentumConfig(name, params, values["expr"] if name == CUSTOM else "", start, int(values["steps"]),
                         float(values["sgd_lr"]), float(values["lr"]), float(values["momentum"]))  # fmt: skip
    return cfg, surface


def mu_comparison(cfg: MomentumConfig, low: float = 0.5) -> PlaygroundConfig:
    """The playground with heavy ball at μ = ``low`` next to the page's μ (0.9 by default), same η, start
    and surface: the notes' two usual values of μ side by side."""
    runs = tuple(RunConfig.make("sgd", {"lr": cfg.momentum_lr, "momentum": mu}) for mu in (low, cfg.momentum))
    return PlaygroundConfig(surface=cfg.surface, surface_params=cfg.surface_params, start=cfg.start, steps=cfg.steps,
                            runs=runs, expr=cfg.expr)  # fmt: skip

