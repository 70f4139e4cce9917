"""Playground: compare optimizers on one surface. Widgets → config → cached engine → figures."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from optim_viz.core.steps import step_details
from optim_viz.core.theory import quadratic_theory
from optim_viz.i18n import Translator
from optim_viz.render import export, tables
from optim_viz.render import update_rules as rules
from optim_viz.render.curvature import local_quadratics
from optim_viz.state.playground import DEFAULT_CONFIG, PlaygroundConfig
from optim_viz.state.surfaces import surface_title
from optim_viz.ui import cache
from optim_viz.ui import playground_controls as controls
from optim_viz.ui.export_controls import animation_download, export_controls
from optim_viz.ui.language import language_switch

# Constant CSS (nothing user-derived): bigger type for projectors in classroom mode.
CLASSROOM_CSS = """
<style>
html, body, [data-testid="stAppViewContainer"] { font-size: 20px; }
[data-testid="stMarkdownContainer"] p, [data-testid="stCaptionContainer"] { font-size: 1.1rem; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] { display: none; }
</style>
"""


def header(cfg: PlaygroundConfig, t: Translator) -> None:
    spec = cfg.make_surface().spec
    title = surface_title(cfg.surface, t)
    st.title(t("Optimizer playground"))
    # The formula's LaTeX is printed by sympy from the validated tree, never the typed text.
    st.markdown(f"**{title}** · ${spec.formula}$")


def notices(cfg: PlaygroundConfig, result, t: Translator) -> None:
    controls.notices(cfg, t)
    newton = cache.newton(cfg)
    if newton is not None:
        for message in tables.newton_messages(newton, cache.references(cfg, t)[0][0], t):
            st.info(message, icon=":material/functions:")
    for message in tables.divergence_messages(result, t):
        st.warning(message, icon=":material/warning:")
    for message in tables.window_messages(result, t):
        st.info(message, icon=":material/open_in_new:")


def main_figures(cfg: PlaygroundConfig, result, t: Translator) -> int:
    """Contour (or 3-D) on the left, under the live control; the step-k slider and the two curves on
    the right. Returns k."""
    left, right = st.columns([3, 2], gap="medium")
    with right:
        k = controls.inspect_step_control(cfg, t)
        cfg = replace(cfg, inspect_step=k)
        loss_fig, distance_fig = cache.curves(cfg, t.lang)
        st.plotly_chart(loss_fig, key="loss_chart", config={"displaylogo": False})
        st.plotly_chart(distance_fig, key="distance_chart", config={"displaylogo": False})
        if cfg.curvature:
            st.plotly_chart(cache.sharpness(cfg, t.lang), key="sharpness_chart", config={"displaylogo": False})
            st.caption(t("A run whose sharpness stays above its limit oscillates and grows along that direction; "
                         "gradient descent often climbs to the limit and hovers there (the edge of stability)."))
    with left:
        # Tabs that track which one is open, so only the visible figure is built and sent.
        contour_tab, surface_tab = st.tabs([t("Contour"), t("3-D surface")], key="view_tab", on_change="rerun")
        if contour_tab.open is not False:
            with contour_tab:
                # The live control sits above the contour but is filled last: the charts reach the
                # browser first, then the family (new only when something else than its value changed).
                live_slot = st.empty()
                animate = bool(st.session_state.get("animate_paths", False))
                st.plotly_chart(
                    cache.contour(cfg, t.lang, animate=animate),
                    key=controls.CHART_KEY,
                    config={"displaylogo": False, "scrollZoom": False,
                            "toImageButtonOptions": {"format": "png", "filename": "optim_viz", "scale": 2}},
                )  # fmt: skip
                # Animation frames are most of the figure: they are sent only when the learner asks to play.
                st.toggle(t("Animate the paths (▶ Play, ❚❚ Pause, step slider)"), key="animate_paths")
                if animate:
                    st.caption(t("▶ Play animates the paths in your browser; the slider under the plot scrubs "
                                 "through the steps. Click anywhere on the surface to start from there. The camera "
                                 "icon saves a PNG."))  # fmt: skip
                else:
                    st.caption(t(
                        "Click anywhere on the surface to start from there. The camera icon saves a PNG."))  # fmt: skip
                with live_slot.container():
                    controls.live_strip(cfg, result, t)  # in classroom mode only its click handling
        if surface_tab.open:
            with surface_tab:
                st.plotly_chart(cache.surface3d(cfg, t.lang), key="surface3d_chart", config={"displaylogo": False})
    return k


def metrics_table(result, t: Translator) -> None:
    st.subheader(t("Metrics"))
    rows = tables.metrics_rows(result, t)
    col = st.column_config
    helps = {k: t(v) for k, v in tables.METRIC_HELP.items()}
    st.dataframe(
        rows,
        hide_index=True,
        key="metrics_table",
        column_config={
            "run": col.TextColumn(t(tables.METRIC_COLUMNS["run"]), width="large"),
            "final_loss": col.NumberColumn(t("Final loss"), format="%.3e", help=helps["final_loss"]),
            "steps_to_tolerance": col.TextColumn(
                t("Steps to f − f* ≤ {tol}", tol=f"{result.tol:g}"), help=helps["steps_to_tolerance"]
            ),
            "diverged_at": col.TextColumn(t("Diverged at step"), help=helps["diverged_at"]),
            "path_length": col.NumberColumn(t("Path length"), format="%.3f", help=helps["path_length"]),
            "oscillation_index": col.NumberColumn(
                t("Oscillation index"), format="%.2f", help=helps["oscillation_index"]
            ),
            "final_distance": col.NumberColumn(t("Distance to minimum"), format="%.3e", help=helps["final_distance"]),
            "evaluations": col.NumberColumn(t("Evaluations of f and ∇f"), format="%d", help=helps["evaluations"]),
        },
    )


def theory_panel(cfg: PlaygroundConfig, t: Translator) -> None:
    """κ and the step-size bounds of a quadratic surface (a built-in one or a quadratic formula)."""
    surface = cfg.make_surface()
    if not surface.is_quadratic:
        return
    momenta = [r.hparams_dict.get("momentum", 0.0) for r in cfg.runs if r.optimizer == "sgd"]
    beta = max([m for m in momenta if 0 < m < 1], default=0.9)
    th = quadratic_theory(surface, beta)
    mu, L = th.eigenvalues
    st.subheader(t("Theory of this quadratic"))
    rows = [(t("Hessian eigenvalues μ, L"), f"{mu:.4g}, {L:.4g}")]
    if th.convex:
        rows += [
            (t("Condition number κ = L/μ"), f"{th.kappa:.4g}"),
            (t("Plain gradient descent is stable for η <"), f"2/L = {th.gd_stable_lr:.4g}"),
            (t("Best η for plain gradient descent"), f"2/(L + μ) = {th.gd_optimal_lr:.4g}"),
            (t("Heavy ball (momentum β = {beta}) is stable for η <", beta=f"{beta:g}"),
             f"2(1 + β)/L = {th.heavy_ball_stable_lr:.4g}"),
        ]  # fmt: skip
    elif L > 0:
        bound = f"2/L = {th.gd_stable_lr:.4g}"
        rows += [(t("Plain gradient descent is stable along the curved direction for η <"), bound)]
    st.dataframe([{"quantity": q, "value": v} for q, v in rows], hide_index=True, key="theory_table",
                 column_config={"quantity": t("Quantity"), "value": t("Value")})  # fmt: skip
    if not th.convex:
        st.caption(t("Not convex (an eigenvalue ≤ 0): there is no minimum, so κ and the optimal rates do not apply."))


def update_rules(cfg: PlaygroundConfig, t: Translator) -> None:
    st.subheader(t("Update rules"))
    st.caption(t("Step t of each run, with its values substituted (squares, roots and divisions per coordinate)."))
    for label, run in zip(cfg.labels(t), cfg.runs):
        with st.container(border=True):
            st.markdown(f"**{label}**")
            st.latex(
                rules.update_rule(
                    run.optimizer,
                    run.hparams_dict,
                    schedule=cfg.schedule,
                    schedule_params=cfg.schedule_params_dict,
                    noise=cfg.noise,
                    batch_size=cfg.batch_size,
                )
            )
            st.caption(rules.symbol_legend(run.optimizer, run.hparams_dict))


def step_inspector(cfg: PlaygroundConfig, result, t: Translator) -> None:
    st.subheader(t("Step inspector: step k = {k}", k=cfg.inspect_step))
    st.caption(
        t(
            "On the contour, from xₖ₋₁: black the actual update xₖ − xₖ₋₁; red the plain gradient step −η·∇f, "
            "and green what momentum adds to it (SGD, momentum). Adaptive methods (Adam, RMSprop, …) rescale "
            "each coordinate, so for them red shows only the direction of −∇f, drawn as long as the update."
        )
    )
    details = step_details(result, cfg.inspect_step)
    models = {m.label: m for m in local_quadratics(result, cfg.inspect_step)} if cfg.curvature else {}
    columns = st.columns(min(len(details), 2))
    for i, (run, d) in enumerate(zip(result.runs, details)):
        with columns[i % len(columns)]:
            st.markdown(f"**{run.label}**")
            if d is None:
                st.info(t("No step {k}: this run diverged at step {at}.", k=cfg.inspect_step, at=run.diverged_at))
            else:
                st.markdown(tables.detail_markdown(d, t))
                if run.label in models:
                    st.markdown(tables.curvature_text(models[run.label], t))


def downloads(cfg: PlaygroundConfig, result, t: Translator) -> PlaygroundConfig:
    """CSV, HTML, and the animation as a GIF or MP4 file; returns the config with the export options."""
    st.subheader(t("Export and share"))
    a, b = st.columns(2)
    a.download_button(
        t("Runs as CSV"),
        icon=":material/download:",
        data=lambda: export.runs_csv(result),
        file_name="optim_viz_runs.csv",
        mime="text/csv",
        key="download_csv",
        on_click="ignore",
        help=t("Every run, every step: position, loss, lr, gradient and optimizer state."),
    )
    b.download_button(
        t("Animated figure as HTML"),
        icon=":material/download:",
        data=lambda: export.figure_html(cache.contour(cfg, t.lang), t("optim_viz playground")),
        file_name="optim_viz_contour.html",
        mime="text/html",
        key="download_html",
        on_click="ignore",
        help=t("A standalone page that plays offline (plotly.js included)."),
    )
    st.caption(
        t(
            "The address bar holds this whole view: copy the link to share it. "
            "Add `&classroom=1` for a projector view without controls. PNG: the camera icon on a chart."
        )
    )
    st.markdown(t("**The animation as a file** for slides: the surface, the paths growing step by step, the "
                  "step counter and the legend."))  # fmt: skip
    options = export_controls("export", cfg.export, t)
    cfg = replace(cfg, export=options)
    animation_download("export", cfg.for_engine(), lambda: result, options, t, "optim_viz_playground",
                       references=cache.references(cfg, t))  # fmt: skip
    return cfg


def classroom_bar() -> Translator:
    """The projector view hides the sidebar: its two controls (language, leave) sit above the page."""
    st.html(CLASSROOM_CSS)
    button, language, _ = st.columns([1, 1, 3], vertical_alignment="bottom")
    t = language_switch(where=language)
    button.button(t("Show controls"), key="leave_classroom", on_click=controls.leave_classroom)
    return t


def main() -> None:
    controls.load_state()
    controls.consume_live()
    cfg = controls.config()
    if cfg.classroom:
        t = classroom_bar()
    else:
        t = language_switch()
        cfg = controls.sidebar_config(cfg, t)
    header(cfg, t)
    try:
        result = cache.playground_result(cfg, t.lang)
    except ValueError as err:  # every control is validated; this is the last safety net
        st.error(t("These settings cannot run ({error}). Showing the default comparison instead.", error=str(err)))
        cfg = replace(DEFAULT_CONFIG, classroom=cfg.classroom)
        result = cache.playground_result(cfg, t.lang)
    notices(cfg, result, t)
    cfg = replace(cfg, inspect_step=main_figures(cfg, result, t))
    controls.sync_url(cfg)
    metrics_table(result, t)
    theory_panel(cfg, t)
    update_rules(cfg, t)
    step_inspector(cfg, result, t)
    if not cfg.classroom:
        controls.sync_url(downloads(cfg, result, t))


main()
