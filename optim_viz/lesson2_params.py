"""Query parameters of the lesson pages (EWMA, schedules, neuron): one table of fields per page.

Each page keeps its whole state in the URL, so a preset is just a link. A ``Field`` says what a
parameter may hold (a value of a slider's grid, a whole number, a yes/no, a choice, or a set of
grid values) and its default. ``decode`` reads a query mapping and never raises: a malformed or
out-of-range value falls back to the default (or the nearest slider value) with a ``Notice``
saying what happened. ``encode`` writes values back as short text.

Notices are (English template, values) pairs so the page can translate them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .config import coefficient_grid, format_number, linear_grid, log_grid, nearest, zero_log_grid
from .core.schedules import SCHEDULES

MAX_VALUE_CHARS = 200  # longer query values are treated as tampered
GLOBAL_KEYS = ("lang",)  # read by every page (pagelang), never a notice
SEED_MAX = 2**31 - 1


@dataclass(frozen=True)
class Notice:
    """A message about a link parameter: an English template and its values (``str.format``)."""

    template: str
    values: tuple[tuple[str, str], ...] = ()

    def render(self, t=None) -> str:
        values = dict(self.values)
        return t(self.template, **values) if t is not None else self.template.format(**values)


def _notice(template: str, **values: Any) -> Notice:
    return Notice(template, tuple((k, str(v)) for k, v in values.items()))


@dataclass(frozen=True)
class Field:
    """One query parameter.

    kind:
      * ``number``: a float from ``grid`` (slider values); off-grid values snap to the nearest.
      * ``int``: a whole number in [low, high].
      * ``bool``: 1/0 (also true/false, yes/no, on/off).
      * ``choice``: one of ``grid`` (strings).
      * ``multi``: a comma-separated subset of ``grid`` (numbers or strings), 1…``max_items`` items.
    """

    key: str
    kind: str
    default: Any
    grid: tuple = ()
    low: int = 0
    high: int = 0
    max_items: int = 0


@dataclass(frozen=True)
class Schema:
    page: str  # the page's URL path, e.g. "ewma"
    fields: tuple[Field, ...] = field(default_factory=tuple)

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)

    def defaults(self) -> dict[str, Any]:
        return {f.key: f.default for f in self.fields}


# --------------------------------------------------------------------------------------
# Text <-> value


def _first(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else ""
    return str(value)


def _float(text: str) -> float:
    v = float(text)
    if not math.isfinite(v):
        raise ValueError(text)
    return v


def _text(f: Field, v: Any) -> str:
    if f.kind == "bool":
        return "1" if v else "0"
    if f.kind == "multi":
        return ",".join(_item_text(x) for x in v)
    if f.kind == "choice":
        return str(v)
    return _item_text(v)


def _item_text(v: Any) -> str:
    if isinstance(v, str):
        return v
    return format_number(float(v)) if float(v).is_integer() else repr(float(v))


def _decode_number(f: Field, text: str, notices: list[Notice]) -> float:
    try:
        v = _float(text)
    except ValueError:
        notices.append(_notice("{key}={value} is not a number; using {default}.", key=f.key, value=text,
                               default=format_number(f.default)))  # fmt: skip
        return f.default
    lo, hi = f.grid[0], f.grid[-1]
    if v < lo - 1e-12 or v > hi + 1e-12:
        notices.append(_notice("{key}={value} is outside {low}…{high}; using {default}.", key=f.key,
                               value=format_number(v), low=format_number(lo), high=format_number(hi),
                               default=format_number(f.default)))  # fmt: skip
        return f.default
    snapped = nearest(f.grid, v)
    if not math.isclose(snapped, v, rel_tol=1e-9, abs_tol=1e-15):
        notices.append(_notice("{key}={value} was rounded to the nearest slider value, {snapped}.", key=f.key,
                               value=format_number(v), snapped=format_number(snapped)))  # fmt: skip
    return snapped


def _decode_int(f: Field, text: str, notices: list[Notice]) -> int:
    try:
        v = _float(text)
        ok = v.is_integer() and f.low <= v <= f.high
    except ValueError:
        ok = False
    if not ok:
        notices.append(_notice("{key}={value} must be a whole number in [{low}, {high}]; using {default}.",
                               key=f.key, value=text, low=f.low, high=f.high, default=f.default))  # fmt: skip
        return f.default
    return int(v)


def _decode_bool(f: Field, text: str, notices: list[Notice]) -> bool:
    t = text.strip().lower()
    if t in ("1", "true", "yes", "on"):
        return True
    if t in ("0", "false", "no", "off"):
        return False
    notices.append(_notice("{key}={value} is not 1 or 0; using {default}.", key=f.key, value=text,
                           default=_text(f, f.default)))  # fmt: skip
    return f.default


def _decode_choice(f: Field, text: str, notices: list[Notice]) -> str:
    if text in f.grid:
        return text
    notices.append(_notice("{key}={value} is not one of {choices}; using {default}.", key=f.key, value=text,
                           choices=", ".join(f.grid), default=f.default))  # fmt: skip
    return f.default


def _decode_multi(f: Field, text: str, notices: list[Notice]) -> tuple:
    items, bad = [], []
    numeric = not isinstance(f.grid[0], str)
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        if not numeric or part in ("full",):
            (items if part in f.grid else bad).append(part)
            continue
        try:
            v = _float(part)
        except ValueError:
            bad.append(part)
            continue
        match = [g for g in f.grid if not isinstance(g, str) and math.isclose(g, v, rel_tol=1e-9, abs_tol=1e-12)]
        (items if match else bad).append(match[0] if match else part)
    unique = [g for g in f.grid if g in items]  # grid order, no repeats
    if len(unique) > f.max_items:
        notices.append(_notice("{key}: at most {n} values; kept the first {n}.", key=f.key, n=f.max_items))
        unique = unique[: f.max_items]
    default = _text(f, f.default)
    if bad:
        shown = ", ".join(_item_text(g) for g in f.grid)
        if unique:
            notices.append(_notice("{key}: {values} not among {choices}; ignored.", key=f.key,
                                   values=", ".join(bad), choices=shown))  # fmt: skip
        else:
            notices.append(_notice("{key}: {values} not among {choices}; using {default}.", key=f.key,
                                   values=", ".join(bad), choices=shown, default=default))  # fmt: skip
    elif not unique:
        notices.append(_notice("{key} is empty; using {default}.", key=f.key, default=default))
    if not unique:
        return tuple(f.default)
    return tuple(unique)


_DECODERS = {
    "number": _decode_number,
    "int": _decode_int,
    "bool": _decode_bool,
    "choice": _decode_choice,
    "multi": _decode_multi,
}


def decode(schema: Schema, query: Mapping[str, Any]) -> tuple[dict[str, Any], list[Notice]]:
    """Values for every field of ``schema`` from ``query`` (defaults for missing keys). Never raises."""
    notices: list[Notice] = []
    for key in query:
        if key not in schema.keys and key not in GLOBAL_KEYS:
            notices.append(_notice("Unknown link parameter {key} ignored.", key=key))
    values = {}
    for f in schema.fields:
        if f.key not in query:
            values[f.key] = f.default
            continue
        text = _first(query[f.key]).strip()
        if len(text) > MAX_VALUE_CHARS:
            notices.append(_notice("Link parameter {key} is too long; using the default.", key=f.key))
            values[f.key] = f.default
            continue
        values[f.key] = _DECODERS[f.kind](f, text, notices)
    return values, notices


def encode(schema: Schema, values: Mapping[str, Any]) -> dict[str, str]:
    """Every field as text, in the schema's order (a full description: links stay stable)."""
    return {f.key: _text(f, values[f.key]) for f in schema.fields}


def check_values(schema: Schema, values: Mapping[str, Any]) -> list[str]:
    """Keys whose value a control could not show (for tests of presets and defaults)."""
    _, notices = decode(schema, encode(schema, values))
    return [dict(n.values).get("key", "?") for n in notices]


# --------------------------------------------------------------------------------------
# The grids the pages' sliders offer

BETA_CHOICES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999)
LENGTH_CHOICES = (10, 20, 30, 50, 75, 100, 150, 200, 300, 500, 1000)
STEP_CHOICES = (10, 20, 30, 40, 50, 60, 80, 100, 150, 200, 250, 300, 400, 500, 750, 1000)
SERIES_NOISE = linear_grid(0.0, 2.0, 0.05)
GRAD_NOISE = zero_log_grid(10.0, decades=3)
LR_GRID = log_grid(1e-3, 10.0)
KAPPA_GRID = log_grid(1.0, 200.0)
MOMENTUM_GRID = coefficient_grid(0.99)
DECAY_GRID = zero_log_grid(1.0, decades=4)
INT_STEP_GRID = (1, 2, 3, 5, 10, 15, 20, 25, 30, 40, 50, 75, 100, 150, 200, 300, 500, 1000)
WEIGHT_GRID = linear_grid(-6.0, 6.0, 0.25)
N_POINTS_CHOICES = (10, 20, 40, 64, 100, 200)
BATCH_CHOICES = (1, 2, 4, 8, 16, 32, 64, 128, "full")
SCHEDULE_ORDER = tuple(SCHEDULES)  # constant, step, exponential, inverse_time, cosine


def _num(key, default, grid) -> Field:
    assert default in grid, (key, default)
    return Field(key, "number", default, tuple(float(g) for g in grid))


EWMA = Schema(
    "ewma",
    (
        _num("n", 100, LENGTH_CHOICES),
        _num("noise", 0.5, SERIES_NOISE),
        Field("seed", "int", 0, low=0, high=SEED_MAX),
        Field("betas", "multi", (0.5, 0.9, 0.98), BETA_CHOICES, max_items=5),
        Field("bias", "bool", False),
        Field("wlog", "bool", True),
        _num("kappa", 55, KAPPA_GRID),
        _num("lr", 0.035, LR_GRID),
        _num("beta", 0.9, BETA_CHOICES),
        _num("steps", 60, STEP_CHOICES),
    ),
)

SCHEDULE_LESSON = Schema(
    "schedules",
    (
        Field("surface", "choice", "quadratic", ("quadratic", "ravine")),
        _num("lr", 0.2, LR_GRID),
        _num("steps", 500, STEP_CHOICES),
        _num("noise", 1.0, GRAD_NOISE),
        Field("seed", "int", 0, low=0, high=SEED_MAX),
        Field("show", "multi", SCHEDULE_ORDER, SCHEDULE_ORDER, max_items=len(SCHEDULE_ORDER)),
        _num("step_size", 100, INT_STEP_GRID),
        _num("gamma", 0.5, coefficient_grid(1.0, below_one=False)),
        _num("exp_k", 0.006, DECAY_GRID),
        _num("inv_k", 0.03, DECAY_GRID),
        _num("t_max", 500, INT_STEP_GRID),
        _num("eta_min", 0.0, zero_log_grid(1.0)),
    ),
)

NEURON = Schema(
    "neuron",
    (
        Field("loss", "choice", "mse", ("mse", "cross_entropy")),
        _num("points", 40, N_POINTS_CHOICES),
        Field("data_seed", "int", 0, low=0, high=SEED_MAX),
        _num("sep", 2.0, linear_grid(0.0, 6.0, 0.25)),
        _num("w1", -3.0, WEIGHT_GRID),
        _num("w2", 3.0, WEIGHT_GRID),
        _num("lr", 2.0, LR_GRID),
        _num("steps", 300, STEP_CHOICES),
        Field("batches", "multi", (4, "full"), BATCH_CHOICES, max_items=4),
        _num("momentum", 0.9, MOMENTUM_GRID),
        Field("same_step", "bool", True),
        Field("seed", "int", 0, low=0, high=SEED_MAX),
        Field("k", "int", 300, low=0, high=max(STEP_CHOICES)),
    ),
)

SCHEMAS = {s.page: s for s in (EWMA, SCHEDULE_LESSON, NEURON)}


def neuron_consistency(values: dict[str, Any]) -> list[Notice]:
    """Cross-field rules of the neuron page, applied in place: batch sizes below the number of
    points, and the inspected step k within the run."""
    notices = []
    n = int(values["points"])
    kept = tuple(b for b in values["batches"] if b == "full" or b < n)
    if len(kept) < len(values["batches"]):
        dropped = [str(b) for b in values["batches"] if b not in kept]
        notices.append(_notice("batches: {values} not below the {n} data points; dropped.",
                               values=", ".join(dropped), n=n))  # fmt: skip
        values["batches"] = kept or ("full",)
    steps = int(values["steps"])
    if values["k"] > steps:
        notices.append(_notice("k={k} is beyond the last step; using {steps}.", k=values["k"], steps=steps))
        values["k"] = steps
    return notices


def batch_options(n_points: int) -> tuple:
    """The batch sizes offered for a data set of ``n_points`` (``full``: every point, plain GD)."""
    return tuple(b for b in BATCH_CHOICES if b == "full" or b < n_points)


def query_string(query: Mapping[str, str | Sequence[str]]) -> str:
    from urllib.parse import urlencode

    return urlencode(query, doseq=True, safe=",()=/")
