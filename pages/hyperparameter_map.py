"""Hyperparameter map: one vectorized sweep over two hyperparameters, drawn as a heatmap.

Widgets (page state in the link) → MapConfig → cached sweep → heatmap (+ theory on quadratics) →
the clicked cell's run.
"""

from __future__ import annotations

import streamlit as st

from optim_viz.core.engine import sweepable
from optim_viz.core.optimizers import OPTIMIZERS
from optim_viz.core.theory import quadratic_theory
from optim_viz.lessons import hyperparameter_map as hmap
from optim_viz.lessons.results import LOSS_METRIC, STEPS_METRIC
from optim_viz.render import hyperparameter_map as views
from optim_viz.render.contour import contour_figure
from optim_viz.state import hyperparameter_map as S
from optim_viz.state.playground import PlaygroundConfig, RunConfig
from optim_viz.ui import cache, page_state
from optim_viz.ui import widgets as W
from optim_viz.ui.language import language_switch

t = language_switch()

CHART_KEY = "hm_chart"
AXIS_DOCS = {"beta1": "β₁: weight of the running average of g", "beta2": "β₂: weight of the running average of g²"}


def param_label(optimizer: str, name: str) -> str:
    """'momentum — momentum factor'; a number of a tuple is named with its symbol and its tuple."""
    if name in AXIS_DOCS:
        return t("{name} — {doc}", name=name, doc=t(AXIS_DOCS[name]))
    owner = hmap.part_owner(optimizer, name)
    if owner is not None:
        h, i = owner
        return t("{name} — {doc}", name=name, doc=f"{h.parts[i].symbol or name}, {h.name}[{i}]: " + t(h.doc))
    return t("{name} — {doc}", name=name, doc=t(OPTIMIZERS[optimizer].hparam(name).doc))


def axis_controls(ps: page_state.PageState, which: str) -> None:
    """The axis' hyperparameter, its range and whether it is log-spaced (keyed by optimizer and name,
    so each keeps its own range)."""
    opt = ps.values["optimizer"]
    names = sweepable(opt)
    other = ps.values["y" if which == "x" else "x"][0]
    options = [n for n in names if n != other] if which == "y" else names
    name, low, high, log = ps.values[which]
    key = ps.widget_key(f"{which}_{opt}")
    W.seed(key, name if name in options else options[0])
    if st.session_state[key] not in options:
        st.session_state[key] = options[0]
    name = st.selectbox(t(f"{which} axis"), options, key=key, format_func=lambda n: param_label(opt, n))
    if name != ps.values[which][0]:
        _, low, high, log = S.default_axis(opt, name)
    k = f"{key}_{name}"
    W.seed(f"{k}_low", float(low))
    W.seed(f"{k}_high", float(high))
    W.seed(f"{k}_log", bool(log))
    a, b, c = st.columns([1, 1, 1])
    lo = a.number_input(t("from"), key=f"{k}_low", format="%g", step=None)
    hi = b.number_input(t("to"), key=f"{k}_high", format="%g", step=None)
    is_log = c.checkbox(t("log"), key=f"{k}_log")
    ps.values[which] = (name, float(lo), float(hi), bool(is_log))


def fixed_controls(ps: page_state.PageState) -> None:
    """Every hyperparameter that is not on an axis, with its own control."""
    opt = ps.values["optimizer"]
    on_axes = (ps.values["x"][0], ps.values["y"][0])
    given = OPTIMIZERS[opt].defaults | dict(ps.values["fixed"][1] if ps.values["fixed"][0] == opt else ())
    out: dict = {}
    for h in OPTIMIZERS[opt].hparams:
        key = ps.widget_key(f"fixed_{opt}_{h.name}")
        if h.name in ("maximize", "lr") or h.name in on_axes:
            continue
        if h.kind == "bool":
            W.seed(key, bool(given[h.name]))
            out[h.name] = st.checkbox(t("{name} — {doc}", name=h.name, doc=t(h.doc)), key=key)
        elif h.kind == "choice":
            W.seed(key, given[h.name])
            out[h.name] = st.selectbox(t("{name} — {doc}", name=h.name, doc=t(h.doc)), list(h.choices), key=key,
                                       format_func=lambda c: "None" if c is None else str(c))  # fmt: skip
        elif h.kind in ("betas", "tuple"):
            values = list(given[h.name])
            for i, p in enumerate(h.parts):
                if p.name not in on_axes:
                    values[i] = number_control(f"{key}{i}", param_label(opt, p.name), values[i], p.none_as is not None)
            out[h.name] = tuple(values)
        else:
            out[h.name] = number_control(key, param_label(opt, h.name), given[h.name], h.default is None,
                                         whole=h.kind == "int")  # fmt: skip
    defaults = OPTIMIZERS[opt].defaults
    ps.values["fixed"] = (opt, tuple(sorted((k, v) for k, v in out.items() if v != defaults[k])))


def number_control(key: str, label: str, value, none_allowed: bool, whole: bool = False):
    """A number box; where torch takes None (its own default), a 'None' switch beside it."""
    if none_allowed:
        W.seed(f"{key}_none", value is None)
        if st.checkbox(t("{label}: None (torch's default)", label=label), key=f"{key}_none"):
            return None
    W.seed(key, (int(value) if whole else float(value)) if value is not None else (1 if whole else 0.0))
    if whole:
        return int(st.number_input(label, min_value=0, step=1, key=key))
    return float(st.number_input(label, format="%g", step=None, key=key))


def controls(ps: page_state.PageState) -> None:
    v = ps.values
    with st.sidebar:
        st.subheader(t("Surface"))
        W.surface_choice(ps, "surface", t, S.MAP_SURFACES)
        st.subheader(t("Optimizer and axes"))
        before = v["optimizer"]
        opt = W.choice(ps, "optimizer", t("Optimizer"), format_func=lambda n: t(OPTIMIZERS[n].title), select=True,
                       help=t("Every optimizer that runs as one vectorized batch; L-BFGS runs one run at a time "
                              "(its line search branches per run), so a map of it would take minutes."))  # fmt: skip
        if opt != before:  # a new optimizer starts from its own default axes and values
            dx, dy = hmap.default_axes(opt)
            v["x"], v["y"], v["fixed"], v["cell"] = S.default_axis(opt, dx), S.default_axis(opt, dy), (opt, ()), None
        axis_controls(ps, "x")
        axis_controls(ps, "y")
        W.slider(ps, "n", t("Cells per axis"), fmt=lambda n: str(int(n)))
        st.subheader(t("Budget and metric"))
        W.slider(ps, "steps", t("Steps per run"), fmt=lambda n: str(int(n)))
        W.choice(ps, "metric", t("Colour by"), horizontal=False,
                 format_func=lambda m: t("steps to tolerance") if m == STEPS_METRIC else t("final loss"))  # fmt: skip
        W.slider(ps, "tol", t("Tolerance on f − f*"))
        with st.expander(t("Other hyperparameters (fixed)")):
            fixed_controls(ps)


def hover_texts(metric: str, f_min) -> tuple[str, str]:
    """A cell's number and a diverged cell's step, as Plotly hover templates."""
    n = "%{customdata[2]}"
    if metric == STEPS_METRIC:
        value = t("{k} steps", k=n)
    elif f_min is not None:
        value = t("f − f* = {v}", v="%{customdata[2]:.3g}")
    else:
        value = t("f = {v}", v="%{customdata[2]:.4g}")
    return value, t("diverged at step {k}", k=n)


def boundary_label(cfg: hmap.MapConfig) -> str:
    hp = cfg.hparams_dict
    if cfg.optimizer == "ewma_momentum":
        return t("stability boundary η = 2(1+β)/((1−β)L)")
    if hp.get("nesterov"):
        return t("stability boundary η = 2(1+β)/((1+2β)L)")
    return t("stability boundary η = 2(1+β)/L")


def consume_click(ps: page_state.PageState, cfg: hmap.MapConfig) -> None:
    p = W.clicked_point(CHART_KEY, views.CELL_INDICES, "hm_last_click")
    if p is None:
        return
    xv = cfg.x.values()[hmap.nearest_index(cfg.x, views.axis_value(cfg.x, p[0]))]
    yv = cfg.y.values()[hmap.nearest_index(cfg.y, views.axis_value(cfg.y, p[1]))]
    ps.values["cell"] = (float(xv), float(yv))


def select(x: float, y: float) -> None:
    ps = st.session_state[S.MAP.page]
    ps.state = dict(ps.state) | {"cell": (float(x), float(y))}


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
        st.button(t("Show the run at ★"), key="hm_show_optimum", on_click=select, args=(px, py))


def selected_run(cfg: hmap.MapConfig, surface, xy: tuple[float, float]) -> None:
    x, y = xy
    label = t("{x} = {xv:.4g}, {y} = {yv:.4g}", x=cfg.x.name, xv=x, y=cfg.y.name, yv=y)
    st.subheader(t("The run at {cell}", cell=label))
    try:
        result = cache.cell_run(cfg, surface, x, y).with_labels([label])
    except ValueError as err:
        st.error(t("The engine refused these settings: {error}", error=str(err)))
        return
    run = result.runs[0]
    m = run.metrics
    left, right = st.columns([3, 2], gap="medium")
    grid = cache.grid(cfg.surface, cfg.surface_params)
    left.plotly_chart(contour_figure(result, grid, cfg.start, animate=False, t=t), key="hm_run_chart",
                      config={"displaylogo": False})  # fmt: skip
    with right:
        a, b = st.columns(2)
        a.metric(t("Final loss"), t("diverged") if run.diverged_at else f"{m.final_loss:.3e}")
        b.metric(t("Steps to tolerance"), "—" if m.steps_to_tolerance is None else str(m.steps_to_tolerance))
        if run.diverged_at:
            st.warning(t("This run diverged at step {k}.", k=run.diverged_at))
        hp = {"lr": S.playground_lr(cfg.optimizer)} | cfg.run_hparams(x, y)
        play = PlaygroundConfig(surface=cfg.surface, surface_params=cfg.surface_params, start=cfg.start,
                                steps=cfg.steps, runs=(RunConfig.make(cfg.optimizer, hp),), tol=cfg.tol)  # fmt: skip
        W.playground_button(t, play, "hm_playground")


def main() -> None:
    ps = page_state.load(S.MAP)
    st.title(t("Hyperparameter map"))
    st.caption(t("Every cell of the grid is a full run, all computed together in one vectorized batch. "
                 "Click a cell to see its trajectory."))  # fmt: skip
    controls(ps)
    page_state.notices(ps, t)
    cfg, surface = S.map_config(ps.values)
    consume_click(ps, cfg)
    try:
        res, elapsed = cache.sweep_map(cfg, surface)
    except ValueError as err:
        st.error(t("The engine refused these settings: {error}", error=str(err)))
        page_state.sync(ps)
        st.stop()
    f_min = surface.min_value
    metric = cfg.metric
    if metric == STEPS_METRIC and f_min is None:
        st.info(t("This surface has no lowest value, so there is no tolerance to reach: colouring by final loss."))
        metric = LOSS_METRIC
    layers = views.map_layers(res, metric, f_min)
    theory = quadratic_theory(surface) if surface.is_quadratic else None
    overlay = hmap.map_overlay(theory, cfg)
    if metric == STEPS_METRIC:
        colorbar = t("steps to f − f* ≤ {tol:g}", tol=cfg.tol)
    else:
        colorbar = t("log₁₀(f − f*) at the end") if layers.log_value else t("f at the end")
    hover_value, hover_diverged = hover_texts(metric, f_min)
    labels = views.MapLabels(
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
    xy = ps.values["cell"]
    fig = views.map_figure(cfg, layers, overlay, labels, selected=xy)
    left, right = st.columns([3, 2], gap="medium")
    with left:
        st.plotly_chart(fig, key=CHART_KEY, on_select="rerun", selection_mode="points",
                        config={"displaylogo": False, "scrollZoom": False})  # fmt: skip
        n_div = int(layers.diverged.sum())
        st.caption(t("{cells} runs × {steps} steps in {sec:.2f} s; {div} diverged.", cells=res.diverged_at.size,
                     steps=cfg.steps, sec=elapsed, div=n_div))  # fmt: skip
    with right:
        explanation(cfg, overlay, theory)
    if xy is not None:
        selected_run(cfg, surface, xy)
    else:
        st.info(t("Click a cell of the map to see that run's trajectory."))
    page_state.sync(ps)


main()
