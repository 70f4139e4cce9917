"""Optimizer race: every optimizer from one start on one surface, with an optional fair lr search.

Widgets (page state in the link) → RaceConfig → cached lr searches and race → animated contour,
ranking, search curves.
"""

from __future__ import annotations

import streamlit as st

from optim_viz.core.steps import evaluations
from optim_viz.lessons import race as lesson
from optim_viz.lessons.results import LOSS_METRIC, STEPS_METRIC
from optim_viz.render import theme
from optim_viz.render.race import TuningCurve, tuning_figure
from optim_viz.state import race as S
from optim_viz.ui import cache, page_state
from optim_viz.ui import widgets as W
from optim_viz.ui.language import language_switch

t = language_switch()


def start_controls(ps: page_state.PageState, surface) -> None:
    """Start x and y inside the track's window; a new track starts from its suggested start."""
    x0, x1, y0, y1 = surface.window
    start = ps.values["start"] or S.suggested_start(surface)
    a, b = st.columns(2)
    keys = (ps.widget_key("start_x"), ps.widget_key("start_y"))
    for key, v in zip(keys, start):
        W.seed(key, float(v))
    sx = a.number_input(t("Start x"), float(x0), float(x1), step=0.1, format="%.2f", key=keys[0])
    sy = b.number_input(t("Start y"), float(y0), float(y1), step=0.1, format="%.2f", key=keys[1])
    chosen = (float(sx), float(sy))
    ps.values["start"] = None if chosen == S.suggested_start(surface) else chosen


def controls(ps: page_state.PageState) -> None:
    v = ps.values
    with st.sidebar:
        st.subheader(t("Track"))
        before = v["surface"]
        W.surface_choice(ps, "surface", t, lesson.RACE_SURFACES)
        if v["surface"] != before:  # a new track: start from its suggested start
            v["start"] = None
            for k in ("start_x", "start_y"):
                st.session_state.pop(ps.widget_key(k), None)
        start_controls(ps, S.surface_of(v))
        W.slider(ps, "steps", t("Step budget (the same for all)"), fmt=lambda n: str(int(n)))
        st.subheader(t("Competitors"))
        W.multi(ps, "racers", t("Optimizers"), format_func=lambda k: t(lesson.RACERS[k].title))
        st.subheader(t("Fair comparison"))
        search = t("Try 41 learning rates from 1e-4 to 10 for every optimizer and keep the best.")
        tune = W.toggle(ps, "tune", t("Tune each learning rate"), help=search)
        W.choice(ps, "criterion", t("Best means"), horizontal=False, disabled=not tune,
                 format_func=lambda c: t("lowest final loss") if c == LOSS_METRIC
                 else t("fewest steps to the tolerance"))  # fmt: skip


def learning_rates(cfg: lesson.RaceConfig, surface) -> tuple[dict[str, float], dict[str, lesson.Tuning]]:
    """Each racer's lr: the tuned one, or its default (also when every lr tried diverged)."""
    tunings = cache.tunings(cfg, surface) if cfg.tune else {}
    lrs = {}
    for k in cfg.racers:
        best = tunings[k].best_lr if k in tunings else None
        lrs[k] = best if best is not None else lesson.RACERS[k].default_lr
    return lrs, tunings


def ranking_table(cfg, result, lrs, tunings) -> None:
    rows = []
    for place, i in enumerate(lesson.ranking(result, cfg.criterion), start=1):
        run, key = result.runs[i], cfg.racers[i]
        m = run.metrics
        tuned = key in tunings and tunings[key].best_lr is not None
        rows.append({
            t("Place"): place,
            t("Optimizer"): t(lesson.RACERS[key].title),
            t("Learning rate η"): f"{lrs[key]:.3g}" + (t(" (tuned)") if tuned else t(" (line search)")
                                                      if not lesson.RACERS[key].tuned else t(" (default)")),
            t("Final loss"): f"{m.final_loss:.3e}",
            t("Steps to f − f* ≤ 1e-6"): "—" if m.steps_to_tolerance is None else str(m.steps_to_tolerance),
            t("Distance to the nearest minimum"): "—" if m.final_distance is None else f"{m.final_distance:.3g}",
            t("Diverged at step"): "" if run.diverged_at is None else str(run.diverged_at),
            t("Path length"): f"{m.path_length:.3g}",
            t("Evaluations of f and ∇f"): int(evaluations(run)[-1]),
        })  # fmt: skip
    st.dataframe(rows, hide_index=True, key="race_ranking")


def fine_print(cfg, tunings, bounded: bool) -> None:
    """How the comparison was made fair, and what it does not show. ``bounded``: the surface has a lowest value."""
    crit = t("the lowest final loss") if cfg.criterion == LOSS_METRIC else t("the fewest steps to f − f* ≤ 1e-6")
    if cfg.tune and cfg.criterion == STEPS_METRIC and not bounded:
        st.info(t("This surface has no lowest value, so no run reaches a tolerance: the lowest final loss decides."))
    if cfg.tune:
        st.markdown(t(
            "**How it was made fair.** Every optimizer had the same start and the same {steps} steps. Its learning "
            "rate was picked from 41 values between 1e-4 and 10 (8 per decade) by {crit}, among the runs that did "
            "not diverge; its other hyperparameters are PyTorch's defaults (momentum 0.9 for the SGD variants).",
            steps=cfg.steps, crit=crit))  # fmt: skip
        if "lbfgs" in cfg.racers:
            st.markdown(t(
                "**L-BFGS** is not searched: its strong-Wolfe line search chooses every step, and it evaluates f "
                "and ∇f several times per step (see the evaluations column), where the others evaluate once. "
                "Compare it by evaluations, not only by steps."))  # fmt: skip
        failed = [t(lesson.RACERS[k].title) for k, tu in tunings.items() if tu.best_lr is None]
        if failed:
            st.warning(t("Every learning rate tried diverged for: {names}. They race with their default.",
                         names=", ".join(failed)))  # fmt: skip
    else:
        st.warning(t(
            "Without tuning every optimizer runs with a fixed default learning rate: the ranking then mostly "
            "says whose default happens to suit this surface."))  # fmt: skip
    st.markdown(t(
        "**What this shows, and what it does not.** It is one surface, one start, one step budget and one way of "
        "picking the learning rate. A different start, budget or criterion can reorder the field, and a 2-D "
        "surface is not a neural network: it is no verdict on which optimizer to use. It does show how each "
        "method moves: who zig-zags, who stalls on a plateau, who overshoots."))  # fmt: skip


def racer_color(key: str) -> str:
    racer = lesson.RACERS[key]
    return theme.method_color(racer.optimizer, dict(racer.hparams))


def main() -> None:
    ps = page_state.load(S.RACE)
    st.title(t("Optimizer race"))
    st.caption(t("Every optimizer from the same start on the same surface, animated together."))
    controls(ps)
    page_state.notices(ps, t)
    page_state.sync(ps)
    cfg, surface = S.race_config(ps.values)
    if not cfg.racers:
        st.info(t("Pick at least one optimizer."))
        st.stop()
    lrs, tunings = learning_rates(cfg, surface)
    labels = tuple(t("{name}, η = {lr:.3g}", name=t(lesson.RACERS[k].title), lr=lrs[k]) for k in cfg.racers)
    lrs_key = tuple(lrs[k] for k in cfg.racers)
    result = cache.race_runs(cfg, surface, lrs_key).with_labels(labels)
    left, right = st.columns([3, 2], gap="medium")
    with left:
        st.plotly_chart(cache.race_contour(cfg, surface, lrs_key, labels, t.lang), key="race_chart",
                        config={"displaylogo": False, "scrollZoom": False})  # fmt: skip
        st.caption(t("▶ Play runs the race; the slider under the plot scrubs through the steps."))
    with right:
        fine_print(cfg, tunings, surface.min_value is not None)
    st.subheader(t("Ranking"))
    ranking_table(cfg, result, lrs, tunings)
    if tunings:
        searched = [k for k in cfg.racers if k in tunings]  # L-BFGS is not searched
        curves = [TuningCurve(t(lesson.RACERS[k].title), racer_color(k), tunings[k]) for k in searched]
        st.plotly_chart(tuning_figure(curves, surface.min_value, t), key="race_tuning", config={"displaylogo": False})


main()
