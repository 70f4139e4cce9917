"""The one cache home: every cached computation and figure of every page, each bounded.

* ``st.cache_data`` for plain data (surface images, sweeps, lr searches, lesson results): each
  session gets a copy.
* ``st.cache_resource`` for engine results, which hold the surface's functions (they do not
  pickle), and for built figures, which cost more to build than the run; nothing downstream
  mutates them (figure builders never edit a figure after making it).

Engine results are keyed without the page language (the engine never sees it); only figures and
other translated things are keyed by language. Configs are keyed by ``repr`` (a complete, exact
description: floats print round-trip), passed as ``key``; the config itself is an underscore
argument, which Streamlit does not hash (hashing nested dataclasses cost more than the page).
"""

from __future__ import annotations

import time
from dataclasses import replace

import plotly.graph_objects as go
import streamlit as st

from ..core.engine import BatchResult, Simulation, SweepResult
from ..core.newton import NewtonPath, newton_path
from ..core.steps import step_details
from ..core.surfaces import Surface, make_surface
from ..core.theory import quadratic_theory
from ..i18n import translator
from ..lessons import (
    adaptive,
    averages,
    descent_1d,
    epochs,
    families,
    gradient_check,
    momentum,
    neuron,
    race,
    schedules,
)
from ..lessons import hyperparameter_map as hmap
from ..lessons.results import PlainResult
from ..render import contour as contour_view
from ..render import curvature as curvature_views
from ..render import curves as curve_views
from ..render import live as live_view
from ..render import momentum as momentum_views
from ..render import neuron as neuron_views
from ..render import preset_pictures
from ..render.surface3d import surface3d_figure
from ..render.surface_image import SurfaceGrid, surface_grid
from ..state.playground import PlaygroundConfig, RunConfig, run_label
from ..state.presets import Preset
from ..state.surfaces import build_surface
from ..state.values import format_number


@st.cache_data(max_entries=24, show_spinner=False)
def grid(name: str, params: tuple, expr: str = "", window: tuple | None = None) -> SurfaceGrid:
    """A surface's picture, keyed by its name, parameters and (custom) formula text and window."""
    return surface_grid(build_surface(name, dict(params), expr, window))


@st.cache_resource(max_entries=32, show_spinner=False)
def _simulate(key: str, _simulation: Simulation) -> BatchResult:
    return _simulation.run()


def simulate(key: object, simulation: Simulation) -> BatchResult:
    """The engine run of ``simulation``; ``key`` is the page config it was made from."""
    return _simulate(repr(key), simulation)


# --------------------------------------------------------------------------------------
# The playground


def playground_result(cfg: PlaygroundConfig, lang: str) -> BatchResult:
    """The engine run of a config, its runs named in ``lang``; view-only fields (step k,
    classroom) and the language do not rerun it."""
    engine_cfg = cfg.for_engine()
    return simulate(engine_cfg, engine_cfg.simulation()).with_labels(cfg.labels(translator(lang)))


def _playground_grid(cfg: PlaygroundConfig) -> SurfaceGrid:
    return grid(cfg.surface, cfg.surface_params, cfg.expr, cfg.window)


@st.cache_data(max_entries=16, show_spinner=False)
def _newton(key: str, _cfg: PlaygroundConfig) -> NewtonPath:
    return newton_path(_cfg.make_surface(), _cfg.start, _cfg.steps, damping=_cfg.newton)


def newton(cfg: PlaygroundConfig) -> NewtonPath | None:
    """Newton's method from the playground's start, when the learner asked for it as a reference."""
    if cfg.newton is None:
        return None
    key = replace(cfg.for_engine(), runs=(), newton=cfg.newton)
    return _newton(repr(key), cfg)


def references(cfg: PlaygroundConfig, t) -> list[tuple[str, object]]:
    path = newton(cfg)
    return [] if path is None else [(t("Newton (α = {alpha})", alpha=format_number(cfg.newton)), path.path)]


@st.cache_resource(max_entries=16, show_spinner=False)
def _contour(key: str, _cfg: PlaygroundConfig, lang: str, animate: bool) -> go.Figure:
    result, t = playground_result(_cfg, lang), translator(lang)
    details = [d for d in step_details(result, _cfg.inspect_step) if d is not None]
    height = 760 if _cfg.classroom else 620  # projectors: the picture is the lesson
    fig = contour_view.contour_figure(result, _playground_grid(_cfg), _cfg.start, details=details,
                                      references=references(_cfg, t), animate=animate, classroom=_cfg.classroom,
                                      height=height, t=t)  # fmt: skip
    if _cfg.curvature:
        fig = curvature_views.with_local_quadratics(fig, curvature_views.local_quadratics(result, _cfg.inspect_step), t)
    return fig


def contour(cfg: PlaygroundConfig, lang: str, animate: bool = True) -> go.Figure:
    """The playground's contour; its animation frames only when ``animate`` (the learner asked to play)."""
    return _contour(repr(cfg), cfg, lang, animate)


@st.cache_resource(max_entries=8, show_spinner=False)
def _surface3d(key: str, _cfg: PlaygroundConfig, lang: str) -> go.Figure:
    return surface3d_figure(playground_result(_cfg, lang), _playground_grid(_cfg), classroom=_cfg.classroom,
                            t=translator(lang))  # fmt: skip


def surface3d(cfg: PlaygroundConfig, lang: str) -> go.Figure:
    return _surface3d(repr((cfg.for_engine(), cfg.classroom)), cfg, lang)  # the 3-D view does not depend on k


@st.cache_resource(max_entries=16, show_spinner=False)
def _curves(key: str, _cfg: PlaygroundConfig, lang: str) -> tuple[go.Figure, go.Figure]:
    result, t = playground_result(_cfg, lang), translator(lang)
    k, big = _cfg.inspect_step, _cfg.classroom
    return (curve_views.loss_figure(result, inspect_step=k, classroom=big, t=t),
            curve_views.distance_figure(result, inspect_step=k, classroom=big, t=t))  # fmt: skip


def curves(cfg: PlaygroundConfig, lang: str) -> tuple[go.Figure, go.Figure]:
    return _curves(repr(cfg), cfg, lang)


@st.cache_resource(max_entries=16, show_spinner=False)
def _sharpness(key: str, _cfg: PlaygroundConfig, lang: str) -> go.Figure:
    return curvature_views.sharpness_figure(playground_result(_cfg, lang), inspect_step=_cfg.inspect_step,
                                            classroom=_cfg.classroom, t=translator(lang))  # fmt: skip


def sharpness(cfg: PlaygroundConfig, lang: str) -> go.Figure:
    """Each run's sharpness λ_max(H(xₖ)) over the steps with its stability limit."""
    return _sharpness(repr(cfg), cfg, lang)


@st.cache_resource(max_entries=16, show_spinner=False)
def _family_members(key: str, _simulation: Simulation, hparam: str, values: tuple[float, ...]) -> BatchResult:
    return families.family_members(_simulation, 0, hparam, values)


@st.cache_resource(max_entries=16, show_spinner=False)
def _live_payload(key: str, _cfg: PlaygroundConfig, _result: BatchResult, run: int, hparam: str, grid: tuple,
                  lang: str) -> dict:  # fmt: skip
    t = translator(lang)
    sim = _cfg.simulation()
    spec = sim.runs[run]
    values = families.family_values(grid)
    # The members do not depend on the run's own value (nor on the other runs): moving this slider
    # in the sidebar, or changing another run, reuses them.
    alone = replace(sim, runs=(families.with_value(spec, hparam, values[0]),), record_state=False)
    members = _family_members(repr((replace(_cfg, runs=()), alone.runs[0])), alone, hparam, values)
    current = families.current_value(spec, hparam, grid[0])
    fam = families.with_run(members, values, run, hparam, current, _result.runs[run])
    labels = [run_label(run, RunConfig.make(m.spec.optimizer, m.spec.hparams_dict), t) for m in fam.result.runs]
    styles = live_view.member_styles([(r.spec.optimizer, r.hparams) for r in _result.runs], run, fam)
    return live_view.family_payload(fam, labels=labels, styles=styles, texts=[format_number(v) for v in fam.values])


def live_family(cfg: PlaygroundConfig, result: BatchResult, run: int, hparam: str, grid: tuple, lang: str) -> dict:
    """Run ``run``'s family over ``hparam`` (one engine call, kept while only that value moves), as
    the live control's payload."""
    engine_cfg = cfg.for_engine()
    return _live_payload(repr((engine_cfg, run, hparam)), engine_cfg, result, run, hparam, tuple(grid), lang)


# --------------------------------------------------------------------------------------
# Momentum & ravines


def momentum_runs(cfg: momentum.MomentumConfig, surface: Surface) -> BatchResult:
    return simulate(cfg, momentum.momentum_simulation(surface, cfg))


@st.cache_resource(max_entries=16, show_spinner=False)
def _momentum_contour(key: str, _cfg: momentum.MomentumConfig, _surface: Surface, labels: tuple[str, ...],
                      lang: str, animate: bool) -> go.Figure:  # fmt: skip
    """The three runs on the contour (animated when asked), with the Hessian's eigenvectors on a quadratic."""
    result = momentum_runs(_cfg, _surface).with_labels(labels)
    t = translator(lang)
    fig = contour_view.contour_figure(result, grid(_cfg.surface, _cfg.surface_params, _cfg.expr), _cfg.start,
                                      animate=animate, t=t)  # fmt: skip
    if _surface.is_quadratic and _surface.minima:
        m = _surface.minima[0]
        theory = quadratic_theory(_surface, _cfg.momentum)
        fig = momentum_views.with_eigenvectors(fig, theory, (m.x, m.y), _surface.window, t)
    return fig


def momentum_contour(cfg: momentum.MomentumConfig, surface: Surface, labels: tuple[str, ...], lang: str,
                     animate: bool = True) -> go.Figure:  # fmt: skip
    return _momentum_contour(repr(cfg), cfg, surface, labels, lang, animate)


@st.cache_resource(max_entries=16, show_spinner=False)
def _conventions(key: str, _cfg: momentum.MomentumConfig, _surface: Surface, rescaled: bool):
    return momentum.conventions(_surface, _cfg, rescaled)


def conventions(cfg: momentum.MomentumConfig, surface: Surface, rescaled: bool) -> tuple:
    """(CS231n run, torch heavy ball, EWMA) at the momentum settings of ``cfg``."""
    return _conventions(repr(cfg), cfg, surface, rescaled)


@st.cache_resource(max_entries=16, show_spinner=False)
def _classic_nesterov(key: str, _cfg: momentum.MomentumConfig, _surface: Surface) -> momentum.ClassicNesterovRun:
    return momentum.classic_nesterov(_surface, _cfg.start, _cfg.steps, _cfg.momentum_lr, _cfg.momentum)


def classic_nesterov(cfg: momentum.MomentumConfig, surface: Surface) -> momentum.ClassicNesterovRun:
    """The classic Nesterov form at the heavy-ball settings of ``cfg``."""
    return _classic_nesterov(repr(cfg), cfg, surface)


# --------------------------------------------------------------------------------------
# Hyperparameter map


@st.cache_data(max_entries=16, show_spinner=False)
def _sweep(key: str, _cfg: hmap.MapConfig, _surface: Surface) -> tuple[SweepResult, float]:
    began = time.perf_counter()
    result = hmap.run_sweep(_surface, _cfg)
    return result, time.perf_counter() - began


def sweep_map(cfg: hmap.MapConfig, surface: Surface) -> tuple[SweepResult, float]:
    """The map's sweep and the seconds it took (kept with the result, so a cached map reports the
    time it took to compute)."""
    return _sweep(repr(cfg), cfg, surface)


def cell_run(cfg: hmap.MapConfig, surface: Surface, x: float, y: float) -> BatchResult:
    """The full run of one map cell, for its trajectory."""
    return simulate((cfg, x, y), hmap.cell_simulation(surface, cfg, x, y))


# --------------------------------------------------------------------------------------
# Optimizer race


@st.cache_data(max_entries=16, show_spinner=False)
def _tunings(key: str, _cfg: race.RaceConfig, _surface: Surface) -> dict[str, race.Tuning]:
    return {k: race.tune_lr(_surface, race.RACERS[k], _cfg.start, _cfg.steps, _cfg.criterion, _cfg.tol)
            for k in _cfg.racers if race.RACERS[k].tuned}  # fmt: skip


def tunings(cfg: race.RaceConfig, surface: Surface) -> dict[str, race.Tuning]:
    """Every tuned racer's lr search (one vectorized sweep each)."""
    return _tunings(repr(cfg), cfg, surface)


def race_runs(cfg: race.RaceConfig, surface: Surface, lrs: tuple[float, ...]) -> BatchResult:
    return simulate((cfg, lrs), race.race_simulation(surface, cfg, lrs))


@st.cache_resource(max_entries=16, show_spinner=False)
def _race_contour(key: str, _cfg: race.RaceConfig, _surface: Surface, lrs: tuple[float, ...], labels: tuple[str, ...],
                  lang: str) -> go.Figure:  # fmt: skip
    result = race_runs(_cfg, _surface, lrs).with_labels(labels)
    return contour_view.contour_figure(result, grid(_cfg.surface, _cfg.surface_params), _cfg.start, t=translator(lang))


def race_contour(cfg: race.RaceConfig, surface: Surface, lrs: tuple[float, ...], labels: tuple[str, ...],
                 lang: str) -> go.Figure:  # fmt: skip
    return _race_contour(repr(cfg), cfg, surface, lrs, labels, lang)


# --------------------------------------------------------------------------------------
# Lessons with plain results (each session gets a copy)


@st.cache_data(max_entries=32, show_spinner=False)
def series_lesson(n: int, noise: float, seed: int, betas: tuple[float, ...]) -> averages.SeriesLesson:
    return averages.series_lesson(n, noise, seed, betas)


@st.cache_data(max_entries=32, show_spinner=False)
def ravine_gradients(kappa: float, lr: float, beta: float, steps: int) -> averages.RavineGradients:
    return averages.ravine_gradients(kappa, lr, beta, steps)


@st.cache_data(max_entries=32, show_spinner=False)
def schedule_runs(surface: str, lr: float, steps: int, noise: float, seed: int, specs: tuple) -> PlainResult:
    return schedules.schedule_runs(surface, lr, steps, noise, seed, specs)


@st.cache_data(max_entries=32, show_spinner=False)
def neuron_lesson(loss: str, points: int, data_seed: int, sep: float, start: tuple[float, float], steps: int,
                  specs: tuple, activation: str = "sigmoid") -> neuron.NeuronLesson:  # fmt: skip
    return neuron.neuron_lesson(loss, points, data_seed, sep, start, steps, specs, activation)


@st.cache_data(max_entries=32, show_spinner=False)
def neuron_gradient_check(loss: str, activation: str, points: int, data_seed: int, sep: float,
                          w: tuple[float, float], h: float) -> tuple[gradient_check.GradientCheck, tuple]:  # fmt: skip
    """The check at w with step h, and the size of the difference for every h of the sweep."""
    surface = make_surface("neuron", neuron.neuron_surface_params(loss, points, data_seed, sep, activation))
    return gradient_check.gradient_check(surface, w, h), tuple(gradient_check.error_over_h(surface, w))


@st.cache_data(max_entries=32, show_spinner=False)
def epoch_lesson(*args) -> epochs.EpochLesson:
    """The neuron trained in epochs under each learning-rate rule (``lessons.epochs.epoch_lesson``'s arguments)."""
    return epochs.epoch_lesson(*args)


@st.cache_data(max_entries=16, show_spinner=False)
def neuron_grid(loss: str, points: int, data_seed: int, sep: float, activation: str = "sigmoid") -> SurfaceGrid:
    return neuron_views.neuron_grid(loss, points, data_seed, sep, activation)


# --------------------------------------------------------------------------------------
# Adaptive step sizes


def adaptive_runs(cfg: adaptive.AdaptiveConfig, surface: Surface) -> BatchResult:
    """The page's runs with their state at every step (for the accumulators and step sizes)."""
    return simulate(cfg, adaptive.adaptive_simulation(surface, cfg))


@st.cache_resource(max_entries=16, show_spinner=False)
def _adaptive_contour(key: str, _cfg: adaptive.AdaptiveConfig, _surface: Surface, labels: tuple[str, ...], k: int,
                      lang: str) -> go.Figure:  # fmt: skip
    result = adaptive_runs(_cfg, _surface).with_labels(labels)
    details = [d for d in step_details(result, k) if d is not None]
    picture = grid(_surface.name, tuple(sorted(_surface.params.items())))
    return contour_view.contour_figure(result, picture, _surface.start, details=details, height=560,
                                       t=translator(lang))  # fmt: skip


def adaptive_contour(cfg: adaptive.AdaptiveConfig, surface: Surface, labels: tuple[str, ...], k: int,
                     lang: str) -> go.Figure:  # fmt: skip
    """The runs animated on the ravine, with the step inspector's arrows at step k."""
    return _adaptive_contour(repr((cfg, k)), cfg, surface, labels, k, lang)


@st.cache_data(max_entries=16, show_spinner=False)
def _adaptive_comparison(key: str, _cfg: adaptive.AdaptiveConfig) -> adaptive.Comparison:
    return adaptive.compare_rotation(_cfg)


def adaptive_comparison(cfg: adaptive.AdaptiveConfig) -> adaptive.Comparison:
    """The same runs on the ravine along x and turned by 45° (the page's angle does not matter)."""
    return _adaptive_comparison(repr(replace(cfg, angle=0.0)), cfg)


def bias_pair(cfg: adaptive.AdaptiveConfig, surface: Surface, steps: int) -> BatchResult:
    """Adam with and without bias correction, the first ``steps`` steps."""
    return simulate((cfg, "bias", steps), adaptive.bias_pair_simulation(surface, cfg, steps))


# --------------------------------------------------------------------------------------
# Gradient descent in one dimension


def descent_runs(cfg: descent_1d.Descent1D, surface: Surface) -> BatchResult:
    """Plain SGD at each of the page's learning rates along the x axis."""
    return simulate(cfg, descent_1d.descent_simulation(surface, cfg))


# --------------------------------------------------------------------------------------
# The presets' pictures (PNG bytes, the same in every language)


@st.cache_resource(max_entries=64, show_spinner=False)
def _preset_picture(key: str, _preset: Preset) -> bytes:
    return preset_pictures.preset_picture(_preset)


def preset_picture(preset: Preset) -> bytes:
    """The picture of a preset, drawn once per server from its link (a changed link draws anew)."""
    return _preset_picture(repr(preset), preset)
