"""One page-state schema for every page: typed fields, defaults, link decoding with notices.

A page's whole state lives in its link, so a preset is just a link. A ``Schema`` lists the page's
``Field``s; each field's ``Kind`` says how its text is read and written. ``Schema.decode`` reads a
query mapping and never raises: a missing value takes the default, and a malformed, out-of-range
or tampered one falls back (to the default, or the nearest slider value) with a ``Notice`` saying
what happened. ``Schema.encode`` writes the state back as short text, in the schema's order.

A schema may add a ``check``: the page's cross-field rules (a start inside the surface's window,
a batch smaller than the data set, …), applied to the decoded values with their own notices. And
it may hold its state as an object rather than a dict of values (the playground's frozen config):
``to_state`` builds it from the values, ``from_state`` reads them back.

Link grammar shared by every kind that holds a name with parameters (surfaces, runs, schedules)::

    ravine(angle_deg=0,kappa=100)     sgd(lr=0.019,momentum=0.9)     step(step_size=50,gamma=0.5)

Everything is plain text read by the small parsers below; nothing is ever evaluated.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from .notices import LinkError, Notice, why
from .values import MAX_QUERY_VALUE, format_number, nearest, number_text

GLOBAL_KEYS = ("lang",)  # read by every page (the language switch), never a notice

# --------------------------------------------------------------------------------------
# Reading text


def parse_float(text: str) -> float:
    try:
        v = float(text)  # plain numbers only: nothing is evaluated
    except ValueError:
        raise LinkError("{text!r} is not a number", text=text) from None
    if not math.isfinite(v):
        raise LinkError("{text!r} is not a finite number", text=text)
    return v


def parse_bool(text: str) -> bool:
    t = text.strip().lower()
    if t in ("1", "true", "yes", "on"):
        return True
    if t in ("0", "false", "no", "off", ""):
        return False
    raise LinkError("{text!r} is not true/false", text=text)


def parse_int(text: str) -> int:
    v = parse_float(text)
    if not v.is_integer():
        raise LinkError("{text!r} is not a whole number", text=text)
    return int(v)


_CALL = re.compile(r"^([a-z_0-9]+)(?:\((.*)\))?$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z_0-9]*$")


def parse_call(text: str) -> tuple[str, dict[str, str]]:
    """'sgd(lr=0.1,momentum=0.9)' -> ('sgd', {'lr': '0.1', 'momentum': '0.9'}); LinkError if malformed."""
    m = _CALL.match(text.strip())
    if not m:
        raise LinkError("cannot read {text!r} (expected name(key=value,…))", text=text)
    name, body = m.group(1), m.group(2)
    params: dict[str, str] = {}
    if body:
        for item in body.split(","):
            key, sep, value = item.partition("=")
            key = key.strip()
            if not sep or not _NAME.match(key) or key in params:
                raise LinkError("cannot read {item!r} in {text!r} (expected key=value)", item=item, text=text)
            params[key] = value.strip()
    return name, params


def call_text(name: str, params: Mapping[str, str]) -> str:
    if not params:
        return name
    return f"{name}({','.join(f'{k}={v}' for k, v in params.items())})"


def value_text(v: Any) -> str:
    """A value as link text: strings as they are, numbers in their shortest exact form, 1/0 for
    yes/no, ``none`` for None, tuples joined by '/' (0.9/0.999)."""
    if isinstance(v, bool):
        return "1" if v else "0"
    if v is None:
        return "none"
    if isinstance(v, str):
        return v
    if isinstance(v, (tuple, list)):
        return "/".join(value_text(x) for x in v)
    return number_text(v)


# --------------------------------------------------------------------------------------
# Kinds of value


class Kind:
    """How one field is read from a link and written back. ``read`` never raises: it appends a
    notice and returns ``default`` when the text cannot be used."""

    repeated = False  # several values under one key (``run=…&run=…``), read as a list

    def read(self, key: str, text: Any, default: Any, notices: list[Notice]) -> Any:
        raise NotImplementedError

    def write(self, value: Any) -> str | list[str]:
        return value_text(value)


@dataclass(frozen=True)
class Grid(Kind):
    """A float from a slider's values; an off-grid value snaps to the nearest with a notice."""

    values: tuple[float, ...]

    def read(self, key, text, default, notices):
        v = read_number(key, text, default, notices)
        return default if v is None else snap(key, v, self.values, default, notices)

    def write(self, value):
        return number_text(value)


def read_number(key: str, text: str, default: float, notices: list[Notice]) -> float | None:
    """A finite number from link text, or None with a notice that ``default`` is used instead."""
    try:
        return parse_float(text)
    except ValueError:
        notices.append(Notice("{key}={value!r} is not a number; using {default}.", key=key, value=text,
                              default=format_number(default)))  # fmt: skip
        return None


def snap(name: Any, value: float, grid: Sequence[float], default: float, notices: list[Notice]) -> float:
    """``value`` on ``grid``: the nearest grid value (with a notice if it moved), or ``default``
    with a notice when it is outside the grid's range."""
    if not math.isfinite(value) or value < grid[0] - 1e-12 or value > grid[-1] + 1e-12:
        lo, hi = format_number(grid[0]), format_number(grid[-1])
        notices.append(Notice("{name}={v0} is outside {v1}…{v2}; using {v3}.", name=name, v0=format_number(value),
                              v1=lo, v2=hi, v3=format_number(default)))  # fmt: skip
        return default
    snapped = nearest(grid, value)
    if not math.isclose(snapped, value, rel_tol=1e-9, abs_tol=1e-15):
        notices.append(Notice("{name}={v0} was rounded to the nearest slider value, {v1}.", name=name,
                              v0=format_number(value), v1=format_number(snapped)))  # fmt: skip
    return snapped


@dataclass(frozen=True)
class Real(Kind):
    """Any finite float in [low, high] (a number box)."""

    low: float
    high: float

    def read(self, key, text, default, notices):
        v = read_number(key, text, default, notices)
        if v is None:
            return default
        if not self.low <= v <= self.high:
            notices.append(Notice("{name}={v0} is outside {v1}…{v2}; using {v3}.", name=key, v0=format_number(v),
                                  v1=format_number(self.low), v2=format_number(self.high),
                                  v3=format_number(default)))  # fmt: skip
            return default
        return v


@dataclass(frozen=True)
class Whole(Kind):
    """A whole number in [low, high]."""

    low: int
    high: int

    def read(self, key, text, default, notices):
        try:
            v = parse_float(text)
            ok = v.is_integer() and self.low <= v <= self.high
        except ValueError:
            ok = False
        if not ok:
            notices.append(Notice("{key}={value!r} must be a whole number in [{low}, {high}]; using {default}.",
                                  key=key, value=text, low=self.low, high=self.high, default=default))  # fmt: skip
            return default
        return int(v)

    def write(self, value):
        return str(int(value))


@dataclass(frozen=True)
class Flag(Kind):
    """Yes or no: 1/0 (also true/false, yes/no, on/off)."""

    def read(self, key, text, default, notices):
        t = text.strip().lower()
        if t in ("1", "true", "yes", "on"):
            return True
        if t in ("0", "false", "no", "off"):
            return False
        notices.append(Notice("{key}={value!r} is not 1 or 0; using {default}.", key=key, value=text,
                              default="1" if default else "0"))  # fmt: skip
        return default

    def write(self, value):
        return "1" if value else "0"


@dataclass(frozen=True)
class Choice(Kind):
    """One of a few names."""

    options: tuple[str, ...]

    def read(self, key, text, default, notices):
        if text in self.options:
            return text
        notices.append(Notice("{key}={value!r} is not one of {choices}; using {default}.", key=key, value=text,
                              choices=", ".join(self.options), default=default))  # fmt: skip
        return default


@dataclass(frozen=True)
class Subset(Kind):
    """A comma-separated subset of ``options`` (numbers or names), 1…``max_items`` of them, kept
    in the options' order."""

    options: tuple
    max_items: int

    def _match(self, part: str) -> Any:
        if part in self.options:
            return part
        try:
            v = parse_float(part)
        except ValueError:
            return None
        hits = [g for g in self.options if not isinstance(g, str) and math.isclose(g, v, rel_tol=1e-9, abs_tol=1e-12)]
        return hits[0] if hits else None

    def read(self, key, text, default, notices):
        items, bad = [], []
        for part in (p.strip() for p in text.split(",")):
            if part:
                match = self._match(part)
                (items if match is not None else bad).append(match if match is not None else part)
        unique = [g for g in self.options if g in items]
        if len(unique) > self.max_items:
            notices.append(Notice("{key}: at most {n} values; kept the first {n}.", key=key, n=self.max_items))
            unique = unique[: self.max_items]
        shown_default = self.write(default)
        if bad:
            shown = ", ".join(value_text(g) for g in self.options)
            if unique:
                notices.append(Notice("{key}: {values} not among {choices}; ignored.", key=key,
                                      values=", ".join(bad), choices=shown))  # fmt: skip
            else:
                notices.append(Notice("{key}: {values} not among {choices}; using {default}.", key=key,
                                      values=", ".join(bad), choices=shown, default=shown_default))  # fmt: skip
        elif not unique:
            notices.append(Notice("{key} is empty; using {default}.", key=key, default=shown_default))
        return tuple(unique) if unique else tuple(default)

    def write(self, value):
        return ",".join(value_text(v) for v in value)


@dataclass(frozen=True)
class Text(Kind):
    """Free text (a typed formula): the page checks it with its own parser."""

    def read(self, key, text, default, notices):
        return text

    def write(self, value):
        return value


@dataclass(frozen=True)
class Numbers(Kind):
    """``n`` comma-separated finite numbers (a start point, a view window), or ``None`` when
    absent. ``example`` shows the expected form in notices."""

    n: int
    example: str

    def read(self, key, text, default, notices):
        try:
            parts = text.split(",")
            if len(parts) != self.n:
                raise LinkError("{text!r} is not {n} numbers like {example}", text=text, n=self.n,
                                example=self.example)  # fmt: skip
            return tuple(parse_float(p) for p in parts)
        except ValueError as err:
            notices.append(Notice("{key}: {err}; using the default.", key=key, err=why(err)))
            return default

    def write(self, value):
        return ",".join(number_text(v) for v in value)


# --------------------------------------------------------------------------------------
# Fields and schemas


@dataclass(frozen=True)
class Field:
    """One value of a page's state. ``optional``: left out of the link while it equals the default."""

    key: str
    kind: Kind
    default: Any
    optional: bool = False


def grid_field(key: str, default: float, values: Sequence[float], optional: bool = False) -> Field:
    """A slider field over ``values``; its default must be one of them."""
    grid = tuple(float(v) for v in values)
    if float(default) not in grid:
        raise ValueError(f"Default {default} of {key} is not among its slider values")
    return Field(key, Grid(grid), float(default), optional)


def _identity(values: dict[str, Any]) -> Any:
    return values


@dataclass(frozen=True)
class Schema:
    """A page's state: its URL path, its fields, cross-field rules and the object it is held in."""

    page: str  # the page's URL path, e.g. "ewma"
    fields: tuple[Field, ...]
    check: Callable[[dict[str, Any], list[Notice]], None] | None = None  # cross-field rules, in place
    to_state: Callable[[dict[str, Any]], Any] = _identity
    from_state: Callable[[Any], dict[str, Any]] = _identity
    foreign_keys: tuple[str, ...] = field(default=GLOBAL_KEYS)

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

    def default_state(self) -> Any:
        return self.decode({})[0]

    def decode(self, query: Mapping[str, Any]) -> tuple[Any, list[Notice]]:
        """The state described by ``query`` (defaults for missing keys), and notices. Never raises."""
        notices: list[Notice] = []
        for key in query:
            if key not in self.keys and key not in self.foreign_keys:
                notices.append(Notice("Unknown link parameter {key!r} ignored.", key=key))
        values: dict[str, Any] = {}
        for f in self.fields:
            texts = _texts(query, f.key)
            if not texts:
                values[f.key] = f.default
            elif any(len(t) > MAX_QUERY_VALUE for t in texts):
                notices.append(Notice("Link parameter {key!r} is too long; using the default.", key=f.key))
                values[f.key] = f.default
            else:
                text = texts if f.kind.repeated else texts[-1].strip()
                values[f.key] = f.kind.read(f.key, text, f.default, notices)
        if self.check is not None:
            self.check(values, notices)
        return self.to_state(values), notices

    def encode(self, state: Any) -> dict[str, str | list[str]]:
        """The state as query parameters, in the schema's order (optional fields only when set)."""
        values = self.from_state(state)
        out: dict[str, str | list[str]] = {}
        for f in self.fields:
            v = values[f.key]
            if f.optional and (v is None or v == f.default):
                continue
            out[f.key] = f.kind.write(v)
        return out

    def problems(self, state: Any) -> list[Notice]:
        """What a link to ``state`` would have to change (for tests of presets and defaults)."""
        return self.decode(self.encode(state))[1]


def _texts(query: Mapping[str, Any], key: str) -> list[str]:
    v = query.get(key)
    if v is None:
        return []
    return [str(x) for x in v] if isinstance(v, (list, tuple)) else [str(v)]


def query_string(query: Mapping[str, str | Sequence[str]]) -> str:
    """A query mapping as URL text (commas, parentheses and slashes kept readable)."""
    return urlencode(query, doseq=True, safe=",()=/:")
