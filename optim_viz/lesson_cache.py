"""Bounded caches of the lesson pages, keyed on frozen configs.

* ``st.cache_data`` for plain arrays (surface grids, sweeps, lr searches): each session gets a copy.
* ``st.cache_resource`` for engine results, which hold the surface's functions (they do not
  pickle), and for the animated contours, whose frames cost more to build than the run; nothing
  downstream mutates them (figure builders never edit a figure after making it).
"""

from __future__ import annotations

import time

import plotly.graph_objects as go
import streamlit as st

from . import figures, lesson_figures
from .core.engine import BatchResult, RunSpec, SweepResult, simulate
from .core.surfaces import Surface, make_custom_surface, make_surface
from .core.theory import quadratic_theory
from .i18n import translator
from .lessons import (
    RACERS,
    MapConfig,
    MomentumConfig,
    RaceConfig,
    Tuning,
    cs231n_momentum,
    ewma_lr,
    momentum_specs,
    racer_spec,
    run_sweep,
    tune_lr,
)


def surface_of(name: str, params: tuple, expr: str = "") -> Surface:
    """A named surface, or the custom formula ``expr`` when name is 'custom' (compiled once per text)."""
    if name == "custom":
        return make_custom_surface(expr)
    return make_surface(name, dict(params))


@st.cache_data(max_entries=24, show_spinner=False)
def grid(name: str, params: tuple, expr: str = "") -> figures.SurfaceGrid:
    return figures.surface_grid(surface_of(name, params, expr))


@st.cache_resource(max_entries=32, show_spinner=False)
def momentum_runs(cfg: MomentumConfig, labels: tuple[tuple[str, str], ...]) -> BatchResult:
    """SGD, heavy ball and Nesterov, with their state (the look-ahead needs Nesterov's buffer)."""
    surface = surface_of(cfg.surface, cfg.surface_params, cfg.expr)
    return simulate(surface, momentum_specs(cfg, dict(labels)), cfg.start, cfg.steps, record_state=True)


@st.cache_resource(max_entries=16, show_spinner=False)
def momentum_contour(cfg: MomentumConfig, labels: tuple[tuple[str, str], ...], lang: str) -> go.Figure:
    """The three runs animated on the contour, with the Hessian's eigenvectors on a quadratic."""
    result = momentum_runs(cfg, labels)
    fig = figures.contour_figure(result, grid(cfg.surface, cfg.surface_params, cfg.expr), cfg.start, lang=lang)
    surface = result.surface
    if surface.is_quadratic and surface.minima:
        m = surface.minima[0]
        theory = quadratic_theory(surface, cfg.momentum)
        fig = lesson_figures.with_eigenvectors(fig, theory, (m.x, m.y), surface.window, translator(lang))
    return fig


@st.cache_resource(max_entries=16, show_spinner=False)
def conventions(cfg: MomentumConfig, rescaled: bool):
    """(CS231n run, torch heavy ball, EWMA) at the momentum settings of ``cfg``."""
    surface = surface_of(cfg.surface, cfg.surface_params, cfg.expr)
    lr, beta = cfg.momentum_lr, cfg.momentum
    cs = cs231n_momentum(surface, cfg.start, cfg.steps, lr, beta)
    specs = [
        RunSpec.make("sgd", {"lr": lr, "momentum": beta}),
        RunSpec.make("ewma_momentum", {"lr": ewma_lr(lr, beta, rescaled), "beta": beta}),
    ]
    torch_run, ewma_run = simulate(surface, specs, cfg.start, cfg.steps).runs
    return cs, torch_run, ewma_run


@st.cache_data(max_entries=16, show_spinner=False)
def sweep_map(cfg: MapConfig) -> tuple[SweepResult, float]:
    """The map's sweep and the seconds it took (kept with the result, so a cached map reports
    the time it took to compute)."""
    began = time.perf_counter()
    result = run_sweep(make_surface(cfg.surface, dict(cfg.surface_params)), cfg)
    return result, time.perf_counter() - began


@st.cache_resource(max_entries=32, show_spinner=False)
def cell_run(cfg: MapConfig, x: float, y: float, label: str) -> BatchResult:
    """The full run of one map cell, for its trajectory."""
    spec = RunSpec.make(cfg.optimizer, cfg.run_hparams(x, y), label=label)
    surface = make_surface(cfg.surface, dict(cfg.surface_params))
    return simulate(surface, [spec], cfg.start, cfg.steps, tol=cfg.tol)


@st.cache_data(max_entries=16, show_spinner=False)
def tunings(cfg: RaceConfig) -> dict[str, Tuning]:
    """Every racer's lr search (one vectorized sweep each)."""
    surface = make_surface(cfg.surface, dict(cfg.surface_params))
    return {k: tune_lr(surface, RACERS[k], cfg.start, cfg.steps, cfg.criterion, cfg.tol) for k in cfg.racers}


@st.cache_resource(max_entries=16, show_spinner=False)
def race(cfg: RaceConfig, lrs: tuple[float, ...], labels: tuple[str, ...]) -> BatchResult:
    surface = make_surface(cfg.surface, dict(cfg.surface_params))
    specs = [racer_spec(RACERS[k], lr, label) for k, lr, label in zip(cfg.racers, lrs, labels)]
    return simulate(surface, specs, cfg.start, cfg.steps, tol=cfg.tol)


@st.cache_resource(max_entries=16, show_spinner=False)
def race_contour(cfg: RaceConfig, lrs: tuple[float, ...], labels: tuple[str, ...], lang: str) -> go.Figure:
    result = race(cfg, lrs, labels)
    return figures.contour_figure(result, grid(cfg.surface, cfg.surface_params), cfg.start, lang=lang)
