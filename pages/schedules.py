"""Learning-rate schedules: the lr curves, and what they do to the same noisy SGD run.

Widgets (page state in the link) → cached engine run → figures and metrics.
"""

from __future__ import annotations

import streamlit as st

from optim_viz.core.schedules import SCHEDULES
from optim_viz.core.surfaces import SURFACES
from optim_viz.lessons.results import PlainResult, settle_distance
from optim_viz.render import schedules as F
from optim_viz.state.schedules import SCHEDULE_ORDER, SCHEDULES_PAGE, schedule_params
from optim_viz.state.values import format_number
from optim_viz.ui import cache, page_state
from optim_viz.ui import widgets as W
from optim_viz.ui.language import language_switch

t = language_switch()


def _int(v) -> str:
    return str(int(v))


def schedule_title(name: str) -> str:
    return t(SCHEDULES[name].title)


def formula(name: str, v: dict) -> str:
    """The schedule as text with its parameters filled in."""
    n = format_number
    texts = {
        "constant": t("ηₜ = η₀"),
        "step": t("ηₜ = η₀·γ^⌊t/s⌋ with s = {s}, γ = {gamma}", s=n(v["step_size"]), gamma=n(v["gamma"])),
        "exponential": t("ηₜ = η₀·e^(−k·t) with k = {k}", k=n(v["exp_k"])),
        "inverse_time": t("ηₜ = η₀/(1 + k·t) with k = {k}", k=n(v["inv_k"])),
        "cosine": t("ηₜ = η_min + ½(η₀ − η_min)(1 + cos(π·min(t, T)/T)) with T = {T}, η_min = {eta_min}",
                    T=n(v["t_max"]), eta_min=n(v["eta_min"])),
    }  # fmt: skip
    return texts[name]


def controls(ps: page_state.PageState) -> None:
    with st.sidebar:
        st.subheader(t("Noisy SGD run"))
        W.choice(ps, "surface", t("Surface"), lambda s: t(SURFACES[s].title))
        W.slider(ps, "lr", t("Initial learning rate η₀ (lr)"))
        W.slider(ps, "steps", t("Steps"), fmt=_int)
        W.slider(ps, "noise", t("Gradient noise σ"),
                  help=t("Each update uses ∇f + σ·ε with ε ~ N(0, I), the same ε for every schedule."))  # fmt: skip
        W.whole_number(ps, "seed", t("Seed"), help=t("Seed of the noise: every schedule sees the same noise."))
        st.subheader(t("Schedules"))
        W.multi(ps, "show", t("Schedules to compare"), schedule_title, placeholder=t("Pick at least one schedule"))
        W.slider(ps, "step_size", t("Step decay: every s updates"), fmt=_int)
        W.slider(ps, "gamma", t("Step decay: factor γ"))
        W.slider(ps, "exp_k", t("Exponential decay: rate k"))
        W.slider(ps, "inv_k", t("1/t decay: rate k"))
        W.slider(ps, "t_max", t("Cosine: length T"), fmt=_int)
        W.slider(ps, "eta_min", t("Cosine: final η_min"))


def metrics(result: PlainResult, names: list[str]) -> None:
    st.subheader(t("Metrics"))
    rows = []
    for r, name in zip(result.runs, names):
        m = r.metrics
        rows.append(
            {
                t("Schedule"): name,
                t("Final lr"): f"{r.lr[-1]:.3g}" if len(r.lr) else "",
                t("Final loss"): f"{m.final_loss:.3g}",
                t("Final distance to the minimum"): f"{m.final_distance:.3g}",
                t("Mean distance, last 20 % of steps"): f"{settle_distance(r, result.minimum):.3g}",
                t("Path length"): f"{m.path_length:.3g}",
                t("Diverged at step"): t("no") if m.diverged_at is None else str(m.diverged_at),
            }
        )
    st.dataframe(rows, hide_index=True, key="schedule_metrics")
    st.caption(t("The mean distance over the last steps measures how tightly each run settled around the minimum."))


def main() -> None:
    ps = page_state.load(SCHEDULES_PAGE)
    controls(ps)
    v = ps.values
    st.title(t("Learning-rate schedules"))
    page_state.notices(ps, t)
    st.markdown(
        t(
            "With noisy gradients a fixed learning rate sets a floor: near the minimum the true gradient is "
            "small but the noise is not, so every step still kicks the point by about η·σ and the run keeps "
            "circling. A schedule lowers η as training goes on; the kicks shrink with it and the run settles."
        )
    )
    shown = [s for s in SCHEDULE_ORDER if s in v["show"]]
    if not shown:
        st.info(t("Pick at least one schedule in the sidebar."))
        page_state.sync(ps)
        return
    schedules = tuple((s, tuple(sorted(schedule_params(s, v).items()))) for s in shown)
    result = cache.schedule_runs(v["surface"], float(v["lr"]), int(v["steps"]), float(v["noise"]), int(v["seed"]),
                              schedules)  # fmt: skip
    names = [schedule_title(s) for s in shown]
    st.plotly_chart(F.lr_figure(result, names, t), key="lr_chart", config=W.PLOT_CONFIG)
    st.markdown("\n".join(f"- **{schedule_title(s)}**: {formula(s, v)}" for s in shown))
    grid = cache.grid(result.surface, result.surface_params)
    left, right = st.columns([1, 1])
    with left:
        st.plotly_chart(F.schedule_paths_figure(result, grid, names, t), key="paths_chart", config=W.PLOT_CONFIG)
    with right:
        st.plotly_chart(F.schedule_distance_figure(result, names, t), key="distance_chart", config=W.PLOT_CONFIG)
        st.caption(
            t(
                "Log scale, smoothed with an exponentially weighted average (β = 0.95) because every step is "
                "noisy. The constant lr levels off at its noise floor; the decaying schedules keep going down "
                "while their lr shrinks. Decay too fast and the run freezes before it arrives."
            )
        )
    metrics(result, names)
    page_state.sync(ps)


main()
