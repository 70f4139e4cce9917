"""The hyperparameter map's state: surface, optimizer, the two swept axes, the fixed values of
every other hyperparameter, budget and metric, and the chosen cell.

Link values: ``x=lr:0.001:1:log`` (name:low:high, and ``log`` for a log-spaced axis; the number of
cells is ``n``), ``fixed=sgd(dampening=0.1,nesterov=1)`` (only values that differ from torch's
defaults), ``cell=0.02,0.9`` (the chosen cell's two values).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..core.engine import GridAxis, sweepable
from ..core.optimizers import OPTIMIZERS, resolve_hparams
from ..core.surfaces import SURFACES, Surface
from ..lessons.hyperparameter_map import MAP_OPTIMIZERS, METRICS, MapConfig, axis_range, default_axes, part_owner
from ..lessons.results import STEPS_METRIC
from .notices import LinkError, Notice, why
from .playground import PLAYGROUND_LR, hparam_value
from .schema import Choice, Field, Kind, Numbers, Schema, call_text, grid_field, parse_call, parse_float, value_text
from .surfaces import SurfaceChoice, build_surface, surface_defaults
from .values import TOL_CHOICES, items, number_text

MAP_SURFACES = tuple(n for n in SURFACES if n != "neuron")  # data surfaces are too slow for 10⁴ runs
GRID_SIZES = (25, 50, 75, 100, 150)
STEP_CHOICES = (50, 100, 150, 200, 300, 500)


@dataclass(frozen=True)
class Axis(Kind):
    """``lr:0.001:1:log``: a swept hyperparameter with its range; the value is (name, low, high, log)."""

    def read(self, key, text, default, notices):
        try:
            parts = text.split(":")
            if len(parts) not in (3, 4) or (len(parts) == 4 and parts[3] != "log"):
                raise LinkError("{text!r} is not an axis like lr:0.001:1:log", text=text)
            return (parts[0], parse_float(parts[1]), parse_float(parts[2]), len(parts) == 4)
        except ValueError as err:
            notices.append(Notice("{key}: {err}; using the default.", key=key, err=why(err)))
            return default

    def write(self, value):
        name, low, high, log = value
        return f"{name}:{number_text(low)}:{number_text(high)}" + (":log" if log else "")


class FixedValues(Kind):
    """``sgd(dampening=0.1,nesterov=1)``: the optimizer's hyperparameters that are not swept; the
    value is (optimizer, pairs of the values that differ from torch's defaults)."""

    def read(self, key, text, default, notices):
        try:
            name, raw = parse_call(text)
            if name not in OPTIMIZERS:
                raise LinkError("unknown optimizer {name!r} (choose from {v0})", name=name, v0=", ".join(OPTIMIZERS))
        except ValueError as err:
            notices.append(Notice("{key}: {err}; using the defaults.", key=key, err=why(err)))
            return default
        opt, out = OPTIMIZERS[name], {}
        for k, v in raw.items():
            try:
                out[k] = hparam_value(opt.hparam(k), v)
            except KeyError:
                notices.append(Notice("{key}: {v0} has no hyperparameter {k!r}; ignored.", key=key, v0=opt.title, k=k))
            except ValueError as err:
                notices.append(Notice("{key}: {k}: {err}; using the default.", key=key, k=k, err=why(err)))
        return (name, items(out))

    def write(self, value):
        name, pairs = value
        return call_text(name, {k: value_text(v) for k, v in pairs})


def default_axis(optimizer: str, name: str) -> tuple[str, float, float, bool]:
    low, high, log = axis_range(optimizer, name)
    return (name, float(low), float(high), bool(log))


def _consistent(values: dict[str, Any], notices: list[Notice]) -> None:
    """Axes the optimizer can sweep (two different ones, log axes above 0), fixed values of the same
    optimizer that torch accepts, and a chosen cell only with its axes."""
    opt = values["optimizer"]
    names = sweepable(opt)
    dx, dy = default_axes(opt)
    for key, fallback in (("x", dx), ("y", dy)):
        if values[key] is None:  # not in the link: the optimizer's own default axis
            values[key] = default_axis(opt, fallback)
            continue
        name, low, high, log = values[key]
        if name not in names:
            notices.append(Notice("{key}: {opt} has no hyperparameter {name!r} to sweep; using {v0}.", key=key,
                                  opt=opt, name=name, v0=fallback))  # fmt: skip
            values[key] = default_axis(opt, fallback)
        elif log and min(low, high) <= 0:
            notices.append(Notice("{key}: a log axis needs values above 0; using the default range.", key=key))
            values[key] = default_axis(opt, name)
    if values["x"][0] == values["y"][0]:
        notices.append(Notice("x and y sweep the same hyperparameter; using {v0} and {v1}.", v0=dx, v1=dy))
        values["x"], values["y"] = default_axis(opt, dx), default_axis(opt, dy)
    fixed_name, pairs = values["fixed"]
    if fixed_name != opt:
        if pairs:
            notices.append(Notice("fixed: values for {v0}, not {v1}; using the defaults.", v0=fixed_name, v1=opt))
        values["fixed"] = (opt, ())
    else:
        try:
            resolve_hparams(opt, _with_axes(dict(pairs), values))
        except ValueError as err:
            notices.append(Notice("fixed: {err}; using the defaults.", err=why(err)))
            values["fixed"] = (opt, ())


def _with_axes(fixed: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """The fixed values with each swept hyperparameter at its axis' upper end (validation only)."""
    hp = dict(fixed)
    for key in ("x", "y"):
        name, low, high, _ = values[key]
        if part_owner(values["optimizer"], name) is None:
            hp[name] = max(low, high)
    return hp


MAP = Schema(
    "hyperparameter_map",
    (
        Field("surface", SurfaceChoice(MAP_SURFACES), ("ravine", surface_defaults("ravine"))),
        Field("optimizer", Choice(MAP_OPTIMIZERS), "sgd"),
        Field("x", Axis(), None),  # None: the optimizer's default axes (lr and its momentum-like coefficient)
        Field("y", Axis(), None),
        grid_field("n", 100, GRID_SIZES),
        grid_field("steps", 200, STEP_CHOICES),
        Field("metric", Choice(METRICS), STEPS_METRIC),
        grid_field("tol", 1e-6, TOL_CHOICES),
        Field("fixed", FixedValues(), ("sgd", ())),
        Field("cell", Numbers(2, "0.02,0.9"), None, optional=True),
    ),
    check=_consistent,
)


def surface_of(values: dict[str, Any]) -> Surface:
    name, params = values["surface"]
    return build_surface(name, dict(params))


def fixed_hparams(values: dict[str, Any]) -> dict[str, Any]:
    """Every hyperparameter of the map's optimizer that is not on an axis (defaults filled in)."""
    opt = values["optimizer"]
    hp = OPTIMIZERS[opt].defaults | dict(values["fixed"][1])
    axes = {values["x"][0], values["y"][0]}
    return {k: v for k, v in hp.items() if k not in axes}


def map_config(values: dict[str, Any]) -> tuple[MapConfig, Surface]:
    """The sweep the page runs, and its surface."""
    surface = surface_of(values)
    name, params = values["surface"]
    n = int(values["n"])
    x, y = (GridAxis(a[0], float(a[1]), float(a[2]), n, bool(a[3])) for a in (values["x"], values["y"]))
    cfg = MapConfig(name, params, tuple(surface.start), values["optimizer"], items(fixed_hparams(values)), x, y,
                    int(values["steps"]), values["metric"], float(values["tol"]))  # fmt: skip
    return cfg, surface


def playground_lr(optimizer: str) -> float:
    return PLAYGROUND_LR.get(optimizer, 0.01)


def is_finite_pair(v) -> bool:
    return v is not None and all(math.isfinite(c) for c in v)
