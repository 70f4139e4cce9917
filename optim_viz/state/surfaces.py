"""Choosing a surface: its name and parameters in a link, their control values, its title.

Every page that lets a learner pick a surface uses these: ``SurfaceChoice`` reads
``ravine(angle_deg=0,kappa=100)`` from a link (each parameter snapped onto its control's values),
``check_surface_params`` does the same for values coming from widgets, and ``build_surface`` turns a
name, parameters and (for ``custom``) a typed formula into the engine's ``Surface``.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..core.surfaces import CUSTOM, SURFACES, Surface, SurfaceParam, make_custom_surface, make_surface
from ..i18n import Translator
from .notices import LinkError, Notice, why
from .schema import Kind, call_text, parse_call, parse_float, snap, value_text
from .values import format_number, items, surface_param_control

DEFAULT_EXPR = "x**2 + 10*y**2"  # the custom formula offered first: a quadratic, so it has a theory
SURFACE_CHOICES = (*SURFACES, CUSTOM)


def surface_title(name: str, t: Translator) -> str:
    return t("Custom formula") if name == CUSTOM else t(SURFACES[name].title)


def surface_defaults(name: str) -> tuple[tuple[str, Any], ...]:
    """The parameters a surface starts with (the ravine's are the headline picture's)."""
    if name == CUSTOM:
        return ()
    if name == "ravine":
        return (("angle_deg", 0.0), ("kappa", 100.0))
    return items({p.name: p.default if p.choices or p.integer else float(p.default) for p in SURFACES[name].params})


@functools.lru_cache(maxsize=32)
def custom_surface(expr: str, window: tuple[float, float, float, float] | None = None) -> Surface:
    """The surface of a typed formula, built once per (text, window): surfaces hold compiled
    functions, so the cache is keyed by the text. Raises ParseError/ValueError like
    ``make_custom_surface``."""
    return make_custom_surface(expr, window)


def build_surface(
    name: str, params: Mapping[str, Any] | None = None, expr: str = "", window: Sequence[float] | None = None
) -> Surface:
    """A built-in surface with ``params``, or the custom formula ``expr`` when ``name`` is 'custom'."""
    if name == CUSTOM:
        return custom_surface(expr, None if window is None else tuple(float(v) for v in window))
    return make_surface(name, params)


def suggested_start(
    name: str, params: Mapping[str, Any], expr: str = "", window: Sequence[float] | None = None
) -> tuple[float, float]:
    x, y = build_surface(name, params, expr, window).start
    return (round(x, 6), round(y, 6))


def inside_window(surface: Surface, point) -> bool:
    x0, x1, y0, y1 = surface.window
    return all(math.isfinite(v) for v in point) and x0 <= point[0] <= x1 and y0 <= point[1] <= y1


def check_start(values: dict[str, Any], surface: Surface, notices: list[Notice]) -> None:
    """A page's optional ``start`` inside the surface's window, else None (the suggested start) with a notice."""
    start = values["start"]
    if start is None or inside_window(surface, start):
        return
    x0, x1, y0, y1 = surface.window
    notices.append(Notice("start=({shown}) is outside the surface's window x∈[{x0:g}, {x1:g}], y∈[{y0:g}, {y1:g}]; "
                          "using its suggested start.", shown=", ".join(f"{v:g}" for v in start), x0=x0, x1=x1,
                          y0=y0, y1=y1))  # fmt: skip
    values["start"] = None


def _check_param(surface: str, p: SurfaceParam, value: Any, default: Any, notices: list[Notice]) -> Any:
    control = surface_param_control(surface, p)
    name = f"{surface} {p.name}"
    if control.kind == "choice":
        if value in control.values:
            return value
        notices.append(Notice("{name}={value!r} is not one of {v0}; using {default}.", name=name, value=value,
                              v0=", ".join(control.values), default=default))  # fmt: skip
        return default
    if isinstance(value, str):
        notices.append(Notice("{name}={value!r} is not a number; using {default}.", name=name, value=value,
                              default=default))  # fmt: skip
        return default
    if control.kind == "integer":
        if float(value).is_integer() and control.low <= value <= control.high:
            return int(value)
        notices.append(Notice("{name}={v0} must be a whole number in [{v1}, {v2}]; using {default}.", name=name,
                              v0=format_number(value), v1=control.low, v2=control.high, default=default))  # fmt: skip
        return default
    v = snap(name, float(value), control.values, float(default), notices)
    return int(v) if p.integer else v


def choice_options(name: str, param: str, others: Mapping[str, Any]) -> tuple[str, ...]:
    """The values of the choice parameter ``param`` of surface ``name`` that the surface accepts together with
    the ``others`` (the neuron's ReLU has no cross-entropy): what a picker should offer."""
    spec = SURFACES[name]
    values = next(p.choices for p in spec.params if p.name == param)
    given = {k: v for k, v in others.items() if k != param}

    def accepted(value: str) -> bool:
        try:
            make_surface(name, given | {param: value})
        except ValueError:
            return False
        return True

    return tuple(v for v in values if accepted(v)) or values


def check_surface_params(name: str, given: Mapping[str, Any], notices: list[Notice]) -> dict[str, Any]:
    """Every parameter of built-in surface ``name`` on its control's values (defaults for missing
    ones), or all the defaults with a notice when the engine refuses the combination."""
    defaults = dict(surface_defaults(name))
    params = {
        p.name: _check_param(name, p, given.get(p.name, defaults[p.name]), defaults[p.name], notices)
        for p in SURFACES[name].params
    }
    try:
        make_surface(name, params)
    except ValueError as err:
        notices.append(Notice("{err}; using the default parameters of {surface}.", err=why(err), surface=name))
        return defaults
    return params


@dataclass(frozen=True)
class SurfaceChoice(Kind):
    """A surface from ``names`` with its parameters: ``ravine(angle_deg=0,kappa=100)``, or
    ``custom`` (whose formula is another field). The value is ``(name, params as sorted pairs)``."""

    names: tuple[str, ...]

    def read(self, key, text, default, notices):
        if text == CUSTOM and CUSTOM in self.names:
            return (CUSTOM, ())
        try:
            name, raw = parse_call(text)
            if name not in self.names or name == CUSTOM:
                raise LinkError("unknown surface {name!r} (choose from {v0})", name=name,
                                v0=", ".join(n for n in self.names if n != CUSTOM))  # fmt: skip
        except ValueError as err:
            notices.append(Notice("surface: {err}; using {v0}.", err=why(err), v0=default[0]))
            return default
        known = {p.name: p for p in SURFACES[name].params}
        given = dict(surface_defaults(name))
        for k, v in raw.items():
            if k not in known:
                notices.append(Notice("surface {name} has no parameter {k!r}; ignored.", name=name, k=k))
                continue
            try:
                given[k] = v if known[k].choices else parse_float(v)
            except ValueError as err:
                notices.append(Notice("surface {k}: {err}; using {v0}.", k=k, err=why(err),
                                      v0=value_text(given[k])))  # fmt: skip
        return (name, items(check_surface_params(name, given, notices)))

    def write(self, value):
        name, params = value
        return call_text(name, {k: value_text(v) for k, v in params})
