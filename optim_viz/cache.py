"""The playground's caches, bounded and keyed on frozen configs.

* ``grid``: a surface sampled for the figures (plain arrays and a PNG, so ``st.cache_data``).
* ``simulation``: the engine's result. ``st.cache_resource`` because the result holds the surface's
  functions, which do not pickle; nothing downstream mutates it.
* ``contour``/``surface3d``/``curves``: built figures (never mutated; see ``figures.PlainFigure``),
  so a rerun with unchanged controls rebuilds nothing.

Each cached function is keyed by ``repr`` of the frozen config (a complete, exact description:
floats print round-trip), passed as ``key``; the config itself is an underscore argument, which
Streamlit does not hash. Hashing the nested dataclass on every call cost more than the page.
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from . import figures
from .config import PlaygroundConfig, build_surface
from .core.engine import BatchResult, simulate
from .i18n import DEFAULT_LANG, translator
from .inspector import step_details


@st.cache_data(max_entries=16, show_spinner=False)
def grid(surface: str, params: tuple, expr: str = "", window: tuple | None = None) -> figures.SurfaceGrid:
    """Keyed by the formula's text for a custom surface (the surface itself holds compiled functions)."""
    return figures.surface_grid(build_surface(surface, dict(params), expr, window))


@st.cache_resource(max_entries=32, show_spinner=False)
def _simulation(key: str, _cfg: PlaygroundConfig, lang: str) -> BatchResult:
    specs = _cfg.run_specs(translator(lang))  # the run labels are in the page's language
    return simulate(_cfg.make_surface(), specs, _cfg.start, _cfg.steps, record_state=True, tol=_cfg.tol)


def result_of(cfg: PlaygroundConfig, lang: str = DEFAULT_LANG) -> BatchResult:
    """The engine run of a config; view-only fields (step k, classroom) do not rerun it."""
    engine_cfg = cfg.for_engine()
    return _simulation(repr(engine_cfg), engine_cfg, lang)


def _grid_of(cfg: PlaygroundConfig) -> figures.SurfaceGrid:
    return grid(cfg.surface, cfg.surface_params, cfg.expr, cfg.window)


@st.cache_resource(max_entries=16, show_spinner=False)
def _contour(key: str, _cfg: PlaygroundConfig, lang: str) -> go.Figure:
    result = result_of(_cfg, lang)
    details = [d for d in step_details(result, _cfg.inspect_step) if d is not None]
    height = 760 if _cfg.classroom else 620  # projectors: the picture is the lesson
    return figures.contour_figure(
        result, _grid_of(_cfg), _cfg.start, details=details, classroom=_cfg.classroom, height=height, lang=lang
    )


def contour(cfg: PlaygroundConfig, lang: str = DEFAULT_LANG) -> go.Figure:
    return _contour(repr(cfg), cfg, lang)


@st.cache_resource(max_entries=8, show_spinner=False)
def _surface3d(key: str, _cfg: PlaygroundConfig, lang: str) -> go.Figure:
    return figures.surface3d_figure(result_of(_cfg, lang), _grid_of(_cfg), classroom=_cfg.classroom, lang=lang)


def surface3d(cfg: PlaygroundConfig, lang: str = DEFAULT_LANG) -> go.Figure:
    view = cfg.for_engine()  # the 3-D view does not depend on step k
    return _surface3d(repr((view, cfg.classroom)), cfg, lang)


@st.cache_resource(max_entries=16, show_spinner=False)
def _curves(key: str, _cfg: PlaygroundConfig, lang: str) -> tuple[go.Figure, go.Figure]:
    result = result_of(_cfg, lang)
    k, big = _cfg.inspect_step, _cfg.classroom
    return (
        figures.loss_figure(result, inspect_step=k, classroom=big, lang=lang),
        figures.distance_figure(result, inspect_step=k, classroom=big, lang=lang),
    )


def curves(cfg: PlaygroundConfig, lang: str = DEFAULT_LANG) -> tuple[go.Figure, go.Figure]:
    return _curves(repr(cfg), cfg, lang)
