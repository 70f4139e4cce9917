"""Gradient descent in one dimension: f(x), the iterates on its curve and the tangent at each, for three
learning rates side by side (the course notes' f = x² from x = ±2 by default, or any formula in x).

Widgets (page state in the link) → Descent1D → cached engine runs → figure, step table, the quadratic's verdict.
"""

from __future__ import annotations

import streamlit as st

from optim_viz.lessons import descent_1d as L
from optim_viz.render.descent_1d import KIND_TEXT, descent_figure
from optim_viz.state.descent_1d import DESCENT_1D, descent_config
from optim_viz.state.values import format_number
from optim_viz.ui import cache, page_state
from optim_viz.ui import widgets as W
from optim_viz.ui.formula import formula_error
from optim_viz.ui.language import language_switch

t = language_switch()


def controls(ps: page_state.PageState) -> None:
    with st.sidebar:
        st.subheader(t("Function"))
        W.text(ps, "expr", t("f(x) ="), max_chars=300,
               help=t("A formula in x: numbers, x, + − * / ** ^, parentheses, pi, e and sin, cos, tan, exp, log, "
                      "sqrt, abs, sinh, cosh, tanh, arcsin, arccos, arctan."))  # fmt: skip
        W.real_number(ps, "start", t("Start x₀"), step=0.5, fmt="%.3f")
        st.subheader(t("Learning rates"))
        for i in (1, 2, 3):
            W.real_number(ps, f"lr{i}", t("Run {i}: learning rate η", i=i), step=0.01, fmt="%.4f")
        W.slider(ps, "steps", t("Steps"), fmt=lambda s: str(int(s)))


def checked_formula(ps: page_state.PageState):
    """The surface of the typed formula, or of the last one that could be used (with the reason shown)."""
    v = ps.values
    try:
        return L.surface_1d(v["expr"])
    except ValueError as err:  # ParseError is a ValueError: nothing was evaluated
        formula_error(err, t, fallback=ps.state["expr"])
    v["expr"] = ps.state["expr"]
    return L.surface_1d(v["expr"])


def panel_title(lr: float, kind: str | None) -> str:
    shown = t("η = {lr}", lr=format_number(lr))
    return shown if kind is None else f"{shown}: {t(KIND_TEXT[kind])}"


def step_table(runs, k: int) -> None:
    rows = []
    for i, run in enumerate(runs, start=1):
        if k >= len(run.x):
            rows.append({t("Run"): str(i), t("η"): format_number(run.lr), t("x before"): t("diverged")})
            continue
        rows.append({
            t("Run"): str(i),
            t("η"): format_number(run.lr),
            t("x before"): f"{run.x[k - 1]:.5g}",
            t("slope f′(x)"): f"{run.slope[k - 1]:.5g}",
            t("step −η·f′(x)"): f"{run.x[k] - run.x[k - 1]:.5g}",
            t("x after"): f"{run.x[k]:.5g}",
            t("f before → after"): f"{run.f[k - 1]:.5g} → {run.f[k]:.5g}",
        })  # fmt: skip
    st.dataframe(rows, hide_index=True, key="step_table")


def verdict_text(cfg: L.Descent1D, verdict: L.QuadraticVerdict) -> str:
    factors = ", ".join(t("η = {lr}: {q}", lr=format_number(lr), q=f"{q:+.4g}") for lr, q in zip(cfg.lrs,
                                                                                                verdict.factors))
    return t(
        "f is a quadratic with f″ = {c}: each step multiplies the distance to the minimum by 1 − η·f″ ({factors}). "
        "A factor between 0 and 1 creeps towards the minimum from one side, a factor between −1 and 0 hops "
        "across it and back, and beyond −1 every hop lands farther away. So η = 1/f″ = {one} lands on the "
        "minimum in one step, and every η above 2/f″ = {limit} diverges.",
        c=format_number(verdict.curvature), factors=factors, one=format_number(verdict.one_step_lr),
        limit=format_number(verdict.limit_lr))  # fmt: skip


def main() -> None:
    ps = page_state.load(DESCENT_1D)
    st.title(t("Gradient descent in one dimension"))
    controls(ps)
    page_state.notices(ps, t)
    st.markdown(t(
        "The derivative f′(x) is the slope of the tangent: positive where f rises to the right, negative where it "
        "falls. Gradient descent moves against it, x ← x − η·f′(x): to the left on a rising slope, to the right on "
        "a falling one, and further where the slope is steeper. The learning rate η sets how far."))  # fmt: skip
    surface = checked_formula(ps)
    cfg = descent_config(ps.values)
    result = cache.descent_runs(cfg, surface)
    runs = [L.iterates(surface, r.path, r.loss, lr, r.diverged_at) for r, lr in zip(result.runs, cfg.lrs)]
    verdict = L.quadratic_verdict(surface, cfg.lrs)
    kinds = verdict.kinds if verdict is not None else (None,) * len(runs)
    key = ps.widget_key("k")
    W.seed(key, ps.values["k"])
    st.session_state[key] = int(min(max(st.session_state[key], 1), cfg.steps))
    k = int(st.slider(t("Step k"), 1, cfg.steps, key=key)) if cfg.steps > 1 else 1
    ps.values["k"] = k
    curves = [L.curve(surface, *L.view_range(run, cfg.start)) for run in runs]
    titles = [panel_title(lr, kind) for lr, kind in zip(cfg.lrs, kinds)]
    st.plotly_chart(descent_figure(runs, curves, k, titles, t), key="descent_chart", config=W.PLOT_CONFIG)
    slope = runs[0].slope[0]
    st.caption(t(
        "At the start x₀ = {x0} the slope is f′(x₀) = {slope}: the first step of each run is −η·{slope}. Dotted: "
        "the tangent at every iterate. Bold: the tangent at step k's starting point; the arrow is the step.",
        x0=format_number(cfg.start), slope=f"{slope:.4g}"))  # fmt: skip
    step_table(runs, k)
    if verdict is not None:
        st.markdown(verdict_text(cfg, verdict))
    else:
        st.info(t("This f is not a quadratic, so the step factor changes from place to place: near a minimum "
                  "where f″ = c, the same rule holds with that c."))  # fmt: skip
    page_state.sync(ps)


main()
