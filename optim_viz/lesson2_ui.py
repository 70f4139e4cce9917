"""Streamlit glue shared by the lesson pages (EWMA, schedules, neuron): URL state, widgets, caches.

Each page's state lives in its query parameters (``lesson2_params`` describes them). On a page's
first run in a session (or when a link changed the URL since we last wrote it) the URL is
decoded into the widgets' session state, with notices for anything malformed; after the widgets
are drawn, their values are written back to the URL so the address bar is always a shareable
link. The last values are also kept under a non-widget key, so leaving the page and coming back
restores it even though Streamlit drops the state of widgets that were not drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from . import lesson2
from .config import format_number
from .lesson2_params import GLOBAL_KEYS, Field, Notice, Schema, decode, encode

PLOT_CONFIG = {"displaylogo": False, "scrollZoom": False}


def widget_key(schema: Schema, key: str) -> str:
    return f"{schema.page}__{key}"


def _state_key(schema: Schema) -> str:
    return f"{schema.page}__url_state"


def _current_query(schema: Schema) -> dict[str, str]:
    q = st.query_params
    return {k: q.get_all(k)[-1] if q.get_all(k) else "" for k in q if k not in GLOBAL_KEYS}


def _widget_value(f: Field, value: Any) -> Any:
    return list(value) if f.kind == "multi" else value


def load(schema: Schema, consistency: Callable[[dict], list[Notice]] | None = None) -> None:
    """Seed the page's widgets from the URL when the URL is new to us; otherwise keep the session's state."""
    ss = st.session_state
    skey = _state_key(schema)
    query = _current_query(schema)
    known = ss.get(skey)
    ours = any(k in schema.keys for k in query)
    fresh = known is None or (query not in (known["read"], known["written"]) and (ours or query))
    if fresh:
        values, notices = decode(schema, query)
        if consistency is not None:
            notices += consistency(values)
        ss[skey] = {"values": values, "decoded": dict(values), "notices": notices, "read": query, "written": None}
        for f in schema.fields:
            ss[widget_key(schema, f.key)] = _widget_value(f, values[f.key])
        return
    for f in schema.fields:  # widgets dropped after a visit to another page
        wk = widget_key(schema, f.key)
        if wk not in ss:
            ss[wk] = _widget_value(f, known["values"][f.key])


def values(schema: Schema) -> dict[str, Any]:
    """The current value of every field, read from the widgets' state."""
    ss = st.session_state
    out = {}
    for f in schema.fields:
        v = ss[widget_key(schema, f.key)]
        out[f.key] = tuple(v) if f.kind == "multi" else v
    return out


def sync(schema: Schema, current: dict[str, Any]) -> None:
    """Write the values to the URL (only when they changed), keeping the language."""
    ss = st.session_state
    state = ss[_state_key(schema)]
    state["values"] = dict(current)
    encoded = encode(schema, current)
    if encoded == state["written"] and _current_query(schema) == encoded:
        return  # also rewrites the URL after a page switch cleared it
    q = st.query_params
    keep = {k: q[k] for k in GLOBAL_KEYS if k in q}
    st.query_params.from_dict({**encoded, **keep})
    state["written"] = encoded


def show_notices(schema: Schema, current: dict[str, Any], t) -> None:
    """The link's notices, until the learner changes something."""
    state = st.session_state[_state_key(schema)]
    if state["notices"] and current != state["decoded"]:
        state["notices"] = []
    for n in state["notices"]:
        st.warning(t("Link problem: {message}", message=n.render(t)), icon="🔗")


# --------------------------------------------------------------------------------------
# Widgets: each bound to one field by its key, seeded by ``load``


def slider(schema: Schema, key: str, label: str, help: str | None = None, fmt=format_number, **kw) -> float:
    f = schema.field(key)
    wk = widget_key(schema, key)
    if st.session_state.get(wk) not in f.grid:  # e.g. a value set before the grid changed
        st.session_state[wk] = f.default
    return st.select_slider(label, options=f.grid, key=wk, format_func=fmt, help=help, **kw)


def whole_number(schema: Schema, key: str, label: str, help: str | None = None) -> int:
    f = schema.field(key)
    return int(st.number_input(label, min_value=f.low, max_value=f.high, step=1, key=widget_key(schema, key),
                               help=help))  # fmt: skip


def toggle(schema: Schema, key: str, label: str, help: str | None = None) -> bool:
    return bool(st.toggle(label, key=widget_key(schema, key), help=help))


def choice(schema: Schema, key: str, label: str, format_func, help: str | None = None, horizontal=True) -> str:
    f = schema.field(key)
    return st.radio(label, options=f.grid, key=widget_key(schema, key), format_func=format_func, help=help,
                    horizontal=horizontal)  # fmt: skip


def multi(schema: Schema, key: str, label: str, format_func, options: Sequence | None = None,
          help: str | None = None, placeholder: str | None = None) -> tuple:  # fmt: skip
    f = schema.field(key)
    opts = list(options if options is not None else f.grid)
    wk = widget_key(schema, key)
    st.session_state[wk] = [v for v in st.session_state.get(wk, []) if v in opts]
    return tuple(
        st.multiselect(label, options=opts, key=wk, format_func=format_func, max_selections=f.max_items, help=help,
                       placeholder=placeholder)
    )  # fmt: skip


# --------------------------------------------------------------------------------------
# Cached computations (plain data, so st.cache_data can copy them)


@st.cache_data(max_entries=32, show_spinner=False)
def series_lesson(n: int, noise: float, seed: int, betas: tuple[float, ...]) -> lesson2.SeriesLesson:
    return lesson2.series_lesson(n, noise, seed, betas)


@st.cache_data(max_entries=32, show_spinner=False)
def ravine_gradients(kappa: float, lr: float, beta: float, steps: int) -> lesson2.RavineGradients:
    return lesson2.ravine_gradients(kappa, lr, beta, steps)


@st.cache_data(max_entries=32, show_spinner=False)
def schedule_runs(
    surface: str, lr: float, steps: int, noise: float, seed: int, schedules: tuple
) -> lesson2.PlainResult:
    return lesson2.schedule_runs(surface, lr, steps, noise, seed, schedules)


@st.cache_data(max_entries=32, show_spinner=False)
def neuron_lesson(loss: str, points: int, data_seed: int, sep: float, start: tuple[float, float], steps: int,
                  specs: tuple) -> lesson2.NeuronLesson:  # fmt: skip
    return lesson2.neuron_lesson(loss, points, data_seed, sep, start, steps, specs)


@st.cache_data(max_entries=16, show_spinner=False)
def neuron_grid(loss: str, points: int, data_seed: int, sep: float):
    return lesson2.neuron_grid(loss, points, data_seed, sep)
