"""Exponentially weighted averages: smoothing a noisy series, the weights, and the step to momentum.

Widgets (page state in the link) → cached computations → figures.
"""

from __future__ import annotations

import streamlit as st

from optim_viz.core.ewma import MAX_SERIES, SeriesError, parse_series
from optim_viz.core.expr import caret_excerpt
from optim_viz.lessons import averages as L
from optim_viz.render import averages as F
from optim_viz.state.averages import AVERAGES
from optim_viz.state.values import MAX_QUERY_VALUE, format_number
from optim_viz.ui import cache, page_state
from optim_viz.ui import widgets as W
from optim_viz.ui.language import language_switch

t = language_switch()


def series_controls(ps: page_state.PageState) -> None:
    a, b, c = st.columns([2, 2, 1])
    with a:
        W.slider(ps, "n", t("Length of the series"), fmt=lambda v: str(int(v)))
        W.multi(ps, "betas", t("β values"), F.beta_text, help=t("Compare up to five values of β at once."),
                 placeholder=t("Pick at least one β"))  # fmt: skip
    with b:
        W.slider(ps, "noise", t("Noise σ"), help=t("Standard deviation of the Gaussian noise added to the cosine."))
        W.toggle(ps, "bias", t("Bias correction Vₜ / (1 − βᵗ)"),
                  help=t("Divide by 1 − βᵗ to undo the pull towards V₀ = 0 in the first steps."))  # fmt: skip
    with c:
        W.whole_number(ps, "seed", t("Seed"), help=t("Seed of the noise: the same seed gives the same series."))


def series_section(ps: page_state.PageState) -> None:
    v = ps.values
    st.header(t("1. Smoothing a noisy series"))
    st.markdown(
        t(
            "Each new value Sₜ is mixed into a running average, Vₜ = β·Vₜ₋₁ + (1 − β)·Sₜ, starting from V₀ = 0. "
            "Only one number is stored, however long the series. A larger β keeps more of the past: the curve "
            "is smoother but reacts later."
        )
    )
    series_controls(ps)
    if not v["betas"]:
        st.info(t("Pick at least one β to see its average."))
        return
    lesson = cache.series_lesson(int(v["n"]), float(v["noise"]), int(v["seed"]), tuple(v["betas"]))
    st.plotly_chart(F.series_figure(lesson, v["bias"], t), key="series_chart", config=W.PLOT_CONFIG)
    if v["bias"]:
        st.caption(
            t(
                "Dotted: without correction. Because V₀ = 0, the first averages are too close to 0 (about a "
                "factor 1 − βᵗ too small); dividing by 1 − βᵗ removes that start-up bias, and the correction "
                "fades as βᵗ goes to 0."
            )
        )
    else:
        st.caption(t("Turn on bias correction to see the first steps fixed."))
    rows = [
        {
            t("β"): format_number(r["beta"]),
            t("window ≈ 1/(1 − β)"): f"{r['window']:.3g}",
            t("age where the weight is 1/e"): f"{r['e_fold_age']:.3g}",
            t("weight of the newest ⌈1/(1 − β)⌉ points"): f"{100 * r['share']:.0f} %",
            t("RMS error vs the clean cosine"): f"{e:.3f}",
            t("RMS error, bias-corrected"): f"{ec:.3f}",
        }
        for r, e, ec in zip(L.window_rows(lesson.betas), lesson.rmse, lesson.rmse_corrected)
    ]
    st.dataframe(rows, hide_index=True, key="ewma_table")


def weights_section(ps: page_state.PageState) -> None:
    v = ps.values
    st.header(t("2. How much each past point counts"))
    st.markdown(
        t(
            "Unrolling the recursion gives Vₜ = Σᵢ (1 − β)·β^(t−i)·Sᵢ: the point of age t − i carries the weight "
            "(1 − β)·β^(t−i), which shrinks by the factor β at every step back. The weights fall to 1/e of the "
            "newest one at age −1/ln β ≈ 1/(1 − β), so the average mostly reflects the last 1/(1 − β) points."
        )
    )
    if not v["betas"]:
        return
    W.toggle(ps, "wlog", t("Log scale"), help=t("On a log scale each curve is a straight line of slope ln β."))
    st.plotly_chart(F.weights_figure(v["betas"], int(v["n"]), v["wlog"], t), key="weights_chart",
                    config=W.PLOT_CONFIG)  # fmt: skip
    for r in L.window_rows(v["betas"]):
        st.markdown(
            "- " + t(
                "β = {beta}: weights fall below 1/e after {age} points; the average covers about "
                "1/(1 − β) = {window} points.",
                beta=format_number(r["beta"]), age=f"{r['e_fold_age']:.2f}", window=f"{r['window']:.3g}",
            )
        )  # fmt: skip


def momentum_section(ps: page_state.PageState) -> None:
    v = ps.values
    st.header(t("3. From averages to momentum"))
    st.markdown(
        t(
            "Now average the gradients of plain SGD in a ravine. Across the valley the gradient flips sign at "
            "every step while the run bounces between the walls; along the floor it keeps its sign. The average "
            "cancels the first and keeps the second. Stepping along this average instead of the raw gradient "
            "is momentum."
        )
    )
    a, b, c, d = st.columns(4)
    with a:
        W.slider(ps, "kappa", t("Steepness of the walls κ"), help=t("Curvature across the valley (1 along the floor)."))
    with b:
        W.slider(ps, "lr", t("Learning rate η (lr)"))
    with c:
        W.slider(ps, "beta", t("β of the average"), fmt=format_number)
    with d:
        W.slider(ps, "steps", t("Steps"), fmt=lambda s: str(int(s)))
    rg = cache.ravine_gradients(float(v["kappa"]), float(v["lr"]), float(v["beta"]), int(v["steps"]))
    grid = cache.grid(rg.result.surface, rg.result.surface_params)
    lr, beta = format_number(v["lr"]), format_number(v["beta"])
    labels = [
        t("SGD, η={lr}", lr=lr),
        t("steps along the average (EWMA momentum), η={lr}, β={beta}", lr=lr, beta=beta),
        t("torch SGD, η={lr}, momentum={beta}", lr=lr, beta=beta),
    ]
    st.plotly_chart(F.gradient_components_figure(rg, t), key="gradients_chart", config=W.PLOT_CONFIG)
    steep, shallow = (f"{100 * x:.0f} %" for x in (rg.keep_steep, rg.keep_shallow))
    st.markdown(
        t(
            "Across the valley the average keeps **{steep}** of the raw gradient's size; along the floor "
            "**{shallow}**.",
            steep=steep, shallow=shallow,
        )
    )  # fmt: skip
    st.plotly_chart(F.ravine_paths_figure(rg, grid, labels, t), key="ravine_chart", config=W.PLOT_CONFIG)
    window = format_number(round(1.0 / (1.0 - float(v["beta"])), 3))
    st.caption(
        t(
            "Above: the run that steps along the average of its own gradients (momentum in the course notes' "
            "form, x ← x − η·Vₜ) stops zig-zagging. torch.optim.SGD(momentum=β) keeps the buffer "
            "bₜ = β·bₜ₋₁ + gₜ, which is exactly this average times 1/(1 − β) = {window}: the same direction "
            "with steps up to {window} times longer, so with the same η it also travels the floor much faster.",
            window=window,
        )
    )


def typed_section(ps: page_state.PageState) -> None:
    v = ps.values
    st.header(t("4. Your own numbers"))
    st.markdown(t(
        "Type a few numbers and compare their exponentially weighted average with the plain average. The "
        "plain mean needs every number kept; the running average needs only the last value and the newest "
        "number. The course notes average 0, 1, …, 9."))  # fmt: skip
    a, b = st.columns([3, 1])
    with a:
        W.text(ps, "series", t("Numbers, separated by commas"), max_chars=MAX_QUERY_VALUE,
               help=t("Up to {n} plain numbers such as 3, -1.5 or 2e3.", n=MAX_SERIES))  # fmt: skip
    with b:
        W.slider(ps, "sbeta", t("β for these numbers"), fmt=format_number)
    try:
        values = parse_series(v["series"])
    except SeriesError as err:
        st.error(t("These numbers cannot be used: {error} (character {pos}). Still showing the last numbers that "
                   "could be read.", error=t(err.template, **err.values), pos=err.position + 1),
                 icon=":material/error:")  # fmt: skip
        st.code(caret_excerpt(err.text, err.position), language=None)
        v["series"] = ps.state["series"]  # the link keeps the last series that could be read
        values = parse_series(v["series"])
    ts = L.typed_series(values, float(v["sbeta"]))
    st.plotly_chart(F.typed_series_figure(ts, t), key="typed_chart", config=W.PLOT_CONFIG)
    n, beta = len(values), float(v["sbeta"])
    st.markdown(t(
        "The plain mean of these {n} numbers is **{mean}**. The average ends at V = **{v}**, and bias-corrected "
        "at V̂ = **{vhat}**. Without correction the weights of the {n} numbers add up to only 1 − βⁿ = {total}: "
        "the rest went to V₀ = 0. In V̂ the newest number counts {new} and the first {old}, where the plain mean "
        "gives each 1/n = {flat}.",
        n=n, mean=f"{ts.mean[-1]:.4g}", v=f"{ts.average[-1]:.4g}", vhat=f"{ts.corrected[-1]:.4g}",
        total=f"{100 * ts.weights.sum():.1f} %", new=f"{100 * ts.newest_weight / ts.weights.sum():.1f} %",
        old=f"{100 * ts.oldest_weight / ts.weights.sum():.1f} %", flat=f"{100 / n:.1f} %"))  # fmt: skip
    rows = [{t("t"): int(k), t("Sₜ"): f"{s:.4g}", t("Vₜ"): f"{a_:.4g}", t("V̂ₜ"): f"{c:.4g}",
             t("mean of S₁…Sₜ"): f"{m:.4g}"}
            for k, s, a_, c, m in zip(ts.t, ts.series, ts.average, ts.corrected, ts.mean)]  # fmt: skip
    st.dataframe(rows, hide_index=True, key="typed_table", height=min(400, 38 + 35 * n))
    st.caption(t("β = {beta}: each step keeps β of the old average and adds 1 − β of the new number.",
                 beta=format_number(beta)))  # fmt: skip


def main() -> None:
    ps = page_state.load(AVERAGES)
    st.title(t("Exponentially weighted averages"))
    page_state.notices(ps, t)
    series_section(ps)
    weights_section(ps)
    momentum_section(ps)
    typed_section(ps)
    page_state.sync(ps)


main()
