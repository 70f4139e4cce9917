"""Widgets and small Streamlit helpers shared by the lesson pages (the playground has its own).

Every label goes through the page's translator ``t``; widget keys carry a page prefix so the
pages never share state by accident.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Sequence
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from . import config as C
from .core.surfaces import SURFACES
from .i18n import DEFAULT_LANG

Translator = Callable[..., str]


def seed(key: str, value: Any) -> None:
    """Give a widget its first value (the ``if key not in st.session_state`` idiom)."""
    if key not in st.session_state:
        st.session_state[key] = value


def surface_title(t: Translator, name: str) -> str:
    return t("Custom formula") if name == "custom" else t(SURFACES[name].title)


def surface_select(t: Translator, names: Sequence[str], key: str, default: str) -> str:
    seed(key, default)
    return st.selectbox(t("Surface"), options=list(names), format_func=lambda n: surface_title(t, n), key=key)


def surface_params(t: Translator, name: str, prefix: str, defaults: dict | None = None) -> dict[str, Any]:
    """One control per surface parameter, on the same value grids as the playground."""
    params: dict[str, Any] = {}
    given = dict(C.surface_defaults(name)) | (defaults or {})
    for p in SURFACES[name].params:
        key = f"{prefix}_{name}_{p.name}"
        control = C.surface_param_control(name, p)
        label = t("{name}: {doc}", name=p.name, doc=t(p.doc))
        if control.kind == "choice":
            seed(key, given[p.name])
            params[p.name] = st.selectbox(label, options=control.values, key=key)
        elif control.kind == "integer":
            seed(key, int(given[p.name]))
            params[p.name] = int(st.number_input(label, min_value=control.low, max_value=control.high, step=1,
                                                 key=key))  # fmt: skip
        else:
            if st.session_state.get(key) not in control.values:
                st.session_state[key] = C.nearest(control.values, float(given[p.name]))
            v = st.select_slider(label, options=control.values, key=key, format_func=C.format_number)
            params[p.name] = int(v) if p.integer else float(v)
    return params


def items(d: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(d.items()))


def clicked_point(chart_key: str, curves: Collection[int], last_key: str) -> dict | None:
    """A new click on one of the traces ``curves`` of the chart ``chart_key`` (once per click), else None."""
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
    return p


def playground_url(cfg: C.PlaygroundConfig, lang: str = DEFAULT_LANG) -> tuple[str, list]:
    """A link that opens the playground with ``cfg`` in ``lang`` in a new session (the playground
    reads its state from the URL on a session's first run), and what had to be rounded to fit its
    sliders."""
    checked, notices = C.validate_config(cfg)
    query = C.encode_query(checked)
    if lang != DEFAULT_LANG:
        query["lang"] = lang
    return "./?" + urlencode(query, doseq=True), notices


def playground_button(t: Translator, cfg: C.PlaygroundConfig, key: str) -> None:
    url, notices = playground_url(cfg, getattr(t, "lang", DEFAULT_LANG))
    st.link_button(t("Open in the playground ↗"), url, key=key, help=t("Opens a new tab with these settings."))
    if notices:
        st.caption(t("The playground's sliders hold round values; {n} setting(s) were rounded.", n=len(notices)))
