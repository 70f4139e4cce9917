"""Hyperparameter map: one vectorized sweep over two hyperparameters, drawn as a heatmap.

Widgets → MapConfig → cached sweep → heatmap (+ theory on quadratics) → the clicked cell's run.
"""

from __future__ import annotations

import streamlit as st

from optim_viz import config as C
from optim_viz import figures, lesson_cache, lesson_figures, lessons
from optim_viz import lesson_widgets as W
from optim_viz.core.engine import GridAxis, sweepable
from optim_viz.core.optimizers import OPTIMIZERS
from optim_viz.core.surfaces import SURFACES, make_surface
from optim_viz.core.theory import quadratic_theory
from optim_viz.pagelang import language_switch

t = language_switch()

MAP_SURFACES = tuple(n for n in SURFACES if n != "neuron")  # data surfaces are too slow for 10⁴ runs
CHART_KEY = "hm_chart"
GRID_SIZES = (25, 50, 75, 100, 150)
STEP_CHOICES = (50, 100, 150, 200, 300, 500)
AXIS_DOCS = {"beta1": "β₁: weight of the running average of g", "beta2": "β₂: weight of the running average of g²"}


def param_label(optimizer: str, name: str) -> str:
    if name in AXIS_DOCS:
        return t("{name} — {doc}", name=name, doc=t(AXIS_DOCS[name]))
    return t("{name} — {doc}", name=name, doc=t(OPTIMIZERS[optimizer].hparam(name).doc))


def axis_controls(optimizer: str, which: str, name: str) -> GridAxis:
    low, high, log = lessons.axis_range(optimizer, name)
    key = f"hm_{which}_{optimizer}_{name}"
    W.seed(f"{key}_log", log)
    W.seed(f"{key}_low", low)
    W.seed(f"{key}_high", high)
    a, b, c = st.columns([1, 1, 1])
    lo = a.number_input(t("from"), key=f"{key}_low", format="%g", step=None)
    hi = b.number_input(t("to"), key=f"{key}_high", format="%g", step=None)
    is_log = c.checkbox(t("log"), key=f"{key}_log")
    n = int(st.session_state["hm_n"])
    return GridAxis(name, float(lo), float(hi), n, bool(is_log))


def fixed_hparams(optimizer: str, on_axes: tuple[str, str]) -> dict:
    """Every hyperparameter that is not on an axis, with its own control."""
    opt = OPTIMIZERS[optimizer]
    out: dict = {}
    defaults = C.new_run(optimizer).hparams_dict
    for h in opt.hparams:
        key = f"hm_fixed_{optimizer}_{h.name}"
        if h.name == "maximize":
            continue
        if h.kind == "bool":
            W.seed(key, bool(h.default))
            out[h.name] = st.checkbox(t("{name} — {doc}", name=h.name, doc=t(h.doc)), key=key)
        elif h.kind == "betas":
            b = list(h.default)
            for i, part in enumerate(("beta1", "beta2")):
                if part not in on_axes:
                    W.seed(f"{key}{i}", float(b[i]))
                    b[i] = st.number_input(param_label(optimizer, part), 0.0, 0.9999, step=0.01, format="%.4f",
                                           key=f"{key}{i}")  # fmt: skip
            out["betas"] = tuple(b)
        elif h.name not in on_axes:
            W.seed(key, float(defaults[h.name]))
            out[h.name] = st.number_input(param_label(optimizer, h.name), min_value=0.0, format="%g", step=None,
                                          key=key)  # fmt: skip
    return out


def controls() -> lessons.MapConfig:
    with st.sidebar:
        st.subheader(t("Surface"))
        surface = W.surface_select(t, MAP_SURFACES, "hm_surface", "ravine")
        params = W.surface_params(t, surface, "hm")
        st.subheader(t("Optimizer and axes"))
        W.seed("hm_optimizer", "sgd")
        opt = st.selectbox(t("Optimizer"), list(OPTIMIZERS), format_func=lambda n: t(OPTIMIZERS[n].title),
                           key="hm_optimizer")  # fmt: skip
        names = sweepable(opt)
        dx, dy = lessons.default_axes(opt)
        W.seed(f"hm_x_{opt}", dx)
        x_name = st.selectbox(t("x axis"), names, key=f"hm_x_{opt}", format_func=lambda n: param_label(opt, n))
        x_axis_placeholder = st.container()
        y_names = [n for n in names if n != x_name]
        if st.session_state.get(f"hm_y_{opt}") not in y_names:
            st.session_state[f"hm_y_{opt}"] = dy if dy in y_names else y_names[0]
        y_name = st.selectbox(t("y axis"), y_names, key=f"hm_y_{opt}", format_func=lambda n: param_label(opt, n))
        y_axis_placeholder = st.container()
        W.seed("hm_n", 100)
        st.select_slider(t("Cells per axis"), GRID_SIZES, key="hm_n")
        with x_axis_placeholder:
            x_axis = axis_controls(opt, "x", x_name)
        with y_axis_placeholder:
            y_axis = axis_controls(opt, "y", y_name)
        st.subheader(t("Budget and metric"))
        W.seed("hm_steps", 200)
        steps = st.select_slider(t("Steps per run"), STEP_CHOICES, key="hm_steps")
        W.seed("hm_metric", lessons.STEPS_METRIC)
        metric = st.radio(t("Colour by"), (lessons.STEPS_METRIC, lessons.LOSS_METRIC), key="hm_metric",
                          format_func=lambda m: t("steps to tolerance") if m == lessons.STEPS_METRIC
                          else t("final loss"))  # fmt: skip
        W.seed("hm_tol", 1e-6)
        tol = st.select_slider(t("Tolerance on f − f*"), C.TOL_CHOICES, key="hm_tol", format_func=C.format_number)
        with st.expander(t("Other hyperparameters (fixed)")):
            fixed = fixed_hparams(opt, (x_name, y_name))
    start = make_surface(surface, params).start
    return lessons.MapConfig(surface, W.items(params), tuple(start), opt, W.items(fixed), x_axis, y_axis,
                             int(steps), metric, float(tol))  # fmt: skip


def hover_texts(metric: str, f_min) -> tuple[str, str]:
    """A cell's number and a diverged cell's step, as Plotly hover templates."""
    n = "%{customdata[2]}"
    if metric == lessons.STEPS_METRIC:
        value = t("{k} steps", k=n)
    elif f_min is not None:
        value = t("f − f* = {v}", v="%{customdata[2]:.3g}")
    else:
        value = t("f = {v}", v="%{customdata[2]:.4g}")
    return value, t("diverged at step {k}", k=n)


def boundary_label(cfg: lessons.MapConfig) -> str:
    hp = cfg.hparams_dict
    if cfg.optimizer == "ewma_momentum":
        return t("stability boundary η = 2(1+β)/((1−β)L)")
    if hp.get("nesterov"):
        return t("stability boundary η = 2(1+β)/((1+2β)L)")
    return t("stability boundary η = 2(1+β)/L")


def consume_click(cfg: lessons.MapConfig) -> None:
    p = W.clicked_point(CHART_KEY, lesson_figures.MAP_CLICK_TRACES, "hm_last_click")
    if p is None:
        return
    xv = cfg.x.values()[lessons.nearest_index(cfg.x, lesson_figures.axis_value(cfg.x, float(p["x"])))]
    yv = cfg.y.values()[lessons.nearest_index(cfg.y, lesson_figures.axis_value(cfg.y, float(p["y"])))]
    st.session_state["hm_selected"] = (cfg.optimizer, cfg.x.name, cfg.y.name, float(xv), float(yv))


def selected_cell(cfg: lessons.MapConfig) -> tuple[float, float] | None:
    sel = st.session_state.get("hm_selected")
    if sel and sel[:3] == (cfg.optimizer, cfg.x.name, cfg.y.name):
        return sel[3], sel[4]
    return None


def select(cfg: lessons.MapConfig, x: float, y: float) -> None:
    st.session_state["hm_selected"] = (cfg.optimizer, cfg.x.name, cfg.y.name, float(x), float(y))


def explanation(cfg, overlay, theory) -> None:
    st.markdown(t(
        "Each cell is one run from the same start with the same budget of {steps} steps; only the two "
        "hyperparameters change. Bright cells are good (few steps, or a low final loss). **Red** cells "
        "diverged; **grey** cells never reached the tolerance.", steps=cfg.steps))  # fmt: skip
    if theory is None:
        st.caption(t("This surface is not quadratic: there is no closed-form boundary to draw."))
        return
    if overlay.boundary is None:
        st.caption(t("The analytic boundary is drawn for SGD and EWMA momentum with lr on one axis."))
        return
    mu, L = theory.eigenvalues
    st.markdown(t(
        "The dashed line is the analytic stability boundary for this quadratic (L = {L:.4g}, μ = {mu:.4g}): "
        "every cell beyond it diverges, from any start. The red edge of the map should follow it.",
        L=L, mu=mu))  # fmt: skip
    if overlay.points:
        st.markdown(t(
            "★ marks the optimal heavy-ball settings η = 4/(√L+√μ)², β = ((√κ−1)/(√κ+1))² with rate "
            "{rate:.4f} per step; ◆ the best plain GD, η = 2/(L+μ), with rate {gd:.4f}.",
            rate=theory.heavy_ball_optimal_rate, gd=theory.gd_optimal_rate))  # fmt: skip
        kind, px, py = overlay.points[0]
        st.button(t("Show the run at ★"), key="hm_show_optimum", on_click=select, args=(cfg, px, py))


def selected_run(cfg: lessons.MapConfig, xy: tuple[float, float]) -> None:
    x, y = xy
    label = t("{x} = {xv:.4g}, {y} = {yv:.4g}", x=cfg.x.name, xv=x, y=cfg.y.name, yv=y)
    st.subheader(t("The run at {cell}", cell=label))
    try:
        result = lesson_cache.cell_run(cfg, x, y, label)
    except ValueError as err:
        st.error(t("The engine refused these settings: {error}", error=str(err)))
        return
    run = result.runs[0]
    m = run.metrics
    left, right = st.columns([3, 2], gap="medium")
    grid = lesson_cache.grid(cfg.surface, cfg.surface_params)
    left.plotly_chart(figures.contour_figure(result, grid, cfg.start, animate=False, lang=t.lang), key="hm_run_chart",
                      config={"displaylogo": False})  # fmt: skip
    with right:
        a, b = st.columns(2)
        a.metric(t("Final loss"), t("diverged") if run.diverged_at else f"{m.final_loss:.3e}")
        b.metric(t("Steps to tolerance"), "—" if m.steps_to_tolerance is None else str(m.steps_to_tolerance))
        if run.diverged_at:
            st.warning(t("This run diverged at step {k}.", k=run.diverged_at))
        hp = {"lr": C.PLAYGROUND_LR.get(cfg.optimizer, 0.01)} | cfg.run_hparams(x, y)
        run_cfg = C.RunConfig.make(cfg.optimizer, hp)
        play = C.PlaygroundConfig(surface=cfg.surface, surface_params=cfg.surface_params, start=cfg.start,
                                  steps=cfg.steps, runs=(run_cfg,), tol=cfg.tol)  # fmt: skip
        W.playground_button(t, play, "hm_playground")


def main() -> None:
    st.title(t("Hyperparameter map"))
    st.caption(t("Every cell of the grid is a full run, all computed together in one vectorized batch. "
                 "Click a cell to see its trajectory."))  # fmt: skip
    cfg = controls()
    consume_click(cfg)
    try:
        res, elapsed = lesson_cache.sweep_map(cfg)
    except ValueError as err:
        st.error(t("The engine refused these settings: {error}", error=str(err)))
        st.stop()
    surface = make_surface(cfg.surface, dict(cfg.surface_params))
    f_min = surface.min_value
    metric = cfg.metric
    if metric == lessons.STEPS_METRIC and f_min is None:
        st.info(t("This surface has no lowest value, so there is no tolerance to reach: colouring by final loss."))
        metric = lessons.LOSS_METRIC
    layers = lessons.map_layers(res, metric, f_min)
    theory = quadratic_theory(surface) if surface.is_quadratic else None
    overlay = lessons.map_overlay(theory, cfg)
    if metric == lessons.STEPS_METRIC:
        colorbar = t("steps to f − f* ≤ {tol:g}", tol=cfg.tol)
    else:
        colorbar = t("log₁₀(f − f*) at the end") if layers.log_value else t("f at the end")
    hover_value, hover_diverged = hover_texts(metric, f_min)
    labels = lesson_figures.MapLabels(
        x_title=param_label(cfg.optimizer, cfg.x.name),
        y_title=param_label(cfg.optimizer, cfg.y.name),
        colorbar=colorbar,
        diverged=t("diverged"),
        unreached=t("did not reach the tolerance"),
        hover_value=hover_value,
        hover_diverged=hover_diverged,
        boundary=boundary_label(cfg),
        optimum={"heavy_ball": t("optimal heavy ball"), "gd": t("optimal GD (β = 0)")},
        selected=t("selected run"),
    )
    xy = selected_cell(cfg)
    left, right = st.columns([3, 2], gap="medium")
    with left:
        fig = lesson_figures.map_figure(cfg, layers, overlay, labels, selected=xy)
        st.plotly_chart(fig, key=CHART_KEY, on_select="rerun", selection_mode="points",
                        config={"displaylogo": False, "scrollZoom": False})  # fmt: skip
        n_div = int(layers.diverged.sum())
        st.caption(t("{cells} runs × {steps} steps in {sec:.2f} s; {div} diverged.", cells=res.diverged_at.size,
                     steps=cfg.steps, sec=elapsed, div=n_div))  # fmt: skip
    with right:
        explanation(cfg, overlay, theory)
    if xy is not None:
        selected_run(cfg, xy)
    else:
        st.info(t("Click a cell of the map to see that run's trajectory."))


main()
