"""Widgets bound to the page-state schema: each reads its field's current value (seeding the
widget the first time it is drawn), shows it, and writes the learner's choice back into the page
state's working values. Widget keys are ``<page>__<field>``, so pages never share state by
accident and a new link re-seeds every widget of its page.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Sequence
from typing import Any

import streamlit as st

from ..core.surfaces import SURFACES
from ..i18n import Translator
from ..state import surfaces as S
from ..state.playground import PlaygroundConfig, playground_link
from ..state.schema import Grid, Real, Subset, Whole
from ..state.values import format_number, items, nearest, surface_param_control
from .page_state import PageState

PLOT_CONFIG = {"displaylogo": False, "scrollZoom": False}


def seed(key: str, value: Any) -> None:
    """Give a widget its first value (the ``if key not in st.session_state`` idiom)."""
    if key not in st.session_state:
        st.session_state[key] = value


def _put(ps: PageState, key: str, value: Any) -> Any:
    ps.values[key] = value
    return value


def slider(ps: PageState, key: str, label: str, help: str | None = None, fmt: Callable = format_number, **kw) -> float:
    """A slider over a Grid field's values."""
    f = ps.schema.field(key)
    assert isinstance(f.kind, Grid), key
    wk = ps.widget_key(key)
    seed(wk, ps.values[key])
    if st.session_state[wk] not in f.kind.values:  # e.g. a value set before the grid changed
        st.session_state[wk] = nearest(f.kind.values, float(st.session_state[wk]))
    return _put(ps, key, st.select_slider(label, options=f.kind.values, key=wk, format_func=fmt, help=help, **kw))


def whole_number(ps: PageState, key: str, label: str, help: str | None = None, **kw) -> int:
    f = ps.schema.field(key)
    assert isinstance(f.kind, Whole), key
    wk = ps.widget_key(key)
    seed(wk, int(ps.values[key]))
    return _put(ps, key, int(st.number_input(label, min_value=f.kind.low, max_value=f.kind.high, step=1, key=wk,
                                             help=help, **kw)))  # fmt: skip


def real_number(ps: PageState, key: str, label: str, help: str | None = None, step: float = 0.001,
                fmt: str = "%.5f", **kw) -> float:  # fmt: skip
    """A number box for a Real field (any value in its range)."""
    f = ps.schema.field(key)
    assert isinstance(f.kind, Real), key
    wk = ps.widget_key(key)
    seed(wk, float(ps.values[key]))
    v = st.number_input(label, float(f.kind.low), float(f.kind.high), step=step, format=fmt, key=wk, help=help, **kw)
    return _put(ps, key, float(v))


def toggle(ps: PageState, key: str, label: str, help: str | None = None) -> bool:
    wk = ps.widget_key(key)
    seed(wk, bool(ps.values[key]))
    return _put(ps, key, bool(st.toggle(label, key=wk, help=help)))


def choice(ps: PageState, key: str, label: str, format_func: Callable, help: str | None = None,
           options: Sequence | None = None, horizontal: bool = True, select: bool = False, **kw) -> Any:  # fmt: skip
    """A radio (or a select box) over a Choice field's options."""
    f = ps.schema.field(key)
    opts = list(options if options is not None else f.kind.options)
    wk = ps.widget_key(key)
    seed(wk, ps.values[key])
    if st.session_state[wk] not in opts:
        st.session_state[wk] = f.default if f.default in opts else opts[0]
    if select:
        return _put(ps, key, st.selectbox(label, options=opts, key=wk, format_func=format_func, help=help, **kw))
    return _put(ps, key, st.radio(label, options=opts, key=wk, format_func=format_func, help=help,
                                  horizontal=horizontal, **kw))  # fmt: skip


def multi(ps: PageState, key: str, label: str, format_func: Callable, options: Sequence | None = None,
          help: str | None = None, placeholder: str | None = None) -> tuple:  # fmt: skip
    """A multiselect over a Subset field's options (in the options' order)."""
    f = ps.schema.field(key)
    assert isinstance(f.kind, Subset), key
    opts = list(options if options is not None else f.kind.options)
    wk = ps.widget_key(key)
    seed(wk, list(ps.values[key]))
    st.session_state[wk] = [v for v in st.session_state[wk] if v in opts]
    chosen = st.multiselect(label, options=opts, key=wk, format_func=format_func, max_selections=f.kind.max_items,
                            help=help, placeholder=placeholder)  # fmt: skip
    return _put(ps, key, tuple(v for v in opts if v in chosen))


def surface_choice(ps: PageState, key: str, t: Translator, names: Sequence[str] | None = None,
                   help: str | None = None) -> str:  # fmt: skip
    """A SurfaceChoice field: the surface's name, then one control per parameter (on the same
    value grids as everywhere else). Returns the name; the value is (name, parameters)."""
    f = ps.schema.field(key)
    options = list(names or f.kind.names)
    current, params = ps.values[key]
    wk = ps.widget_key(key)
    seed(wk, current)
    name = st.selectbox(t("Surface"), options=options, format_func=lambda n: S.surface_title(n, t), key=wk, help=help)
    given = dict(params) if name == current else dict(S.surface_defaults(name))
    values: dict[str, Any] = {}
    for p in SURFACES[name].params if name in SURFACES else ():
        pk = f"{wk}_{name}_{p.name}"
        control = surface_param_control(name, p)
        label = t("{name}: {doc}", name=p.name, doc=t(p.doc))
        if control.kind == "choice":
            seed(pk, given[p.name])
            values[p.name] = st.selectbox(label, options=control.values, key=pk)
        elif control.kind == "integer":
            seed(pk, int(given[p.name]))
            values[p.name] = int(st.number_input(label, min_value=control.low, max_value=control.high, step=1, key=pk))
        else:
            seed(pk, nearest(control.values, float(given[p.name])))
            v = st.select_slider(label, options=control.values, key=pk, format_func=format_number)
            values[p.name] = int(v) if p.integer else float(v)
    _put(ps, key, (name, items(values)))
    return name


def clicked_point(chart_key: str, curves: Collection[int], last_key: str) -> tuple[float, float] | None:
    """A new click on one of the traces ``curves`` (positions) of the chart ``chart_key`` (once per
    click), else None."""
    ss = st.session_state
    try:
        points = ss.get(chart_key)["selection"]["points"]
    except (KeyError, TypeError, AttributeError):
        points = []
    hits = [p for p in points or [] if isinstance(p, dict) and p.get("curve_number", p.get("curveNumber")) in curves]
    if not hits:
        ss[last_key] = None
        return None
    p = hits[-1]
    try:
        xy = (float(p["x"]), float(p["y"]))
    except (KeyError, TypeError, ValueError):
        return None
    if not all(math.isfinite(v) for v in xy) or ss.get(last_key) == xy:
        return None
    ss[last_key] = xy
    return xy


def playground_button(t: Translator, cfg: PlaygroundConfig, key: str) -> None:
    """'Open in the playground ↗' with ``cfg``, and a note when values were rounded to its sliders."""
    url, notices = playground_link(cfg, getattr(t, "lang", "en"))
    st.link_button(t("Open in the playground ↗"), url, key=key, help=t("Opens a new tab with these settings."))
    if notices:
        st.caption(t("The playground's sliders hold round values; {n} setting(s) were rounded.", n=len(notices)))


def text(ps: PageState, key: str, label: str, help: str | None = None, max_chars: int = 400) -> str:
    """A text box for a Text field (a typed formula, checked by the page)."""
    wk = ps.widget_key(key)
    seed(wk, ps.values[key])
    return _put(ps, key, st.text_input(label, key=wk, help=help, max_chars=max_chars))
