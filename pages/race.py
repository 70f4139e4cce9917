"""Optimizer race: every optimizer from one start on one surface, with an optional fair lr search.

Widgets → RaceConfig → cached lr searches and race → animated contour, ranking, search curves.
"""

from __future__ import annotations

import streamlit as st

from optim_viz import lesson_cache, lesson_figures, lessons, theme
from optim_viz import lesson_widgets as W
from optim_viz.core.surfaces import make_surface
from optim_viz.pagelang import language_switch

t = language_switch()

STEP_CHOICES = (50, 100, 200, 300, 500, 1000)


def controls() -> lessons.RaceConfig:
    ss = st.session_state
    with st.sidebar:
        st.subheader(t("Track"))
        name = W.surface_select(t, lessons.RACE_SURFACES, "race_surface", "rosenbrock")
        params = W.surface_params(t, name, "race")
        surface = make_surface(name, params)
        x0, x1, y0, y1 = surface.window
        track = (name, W.items(params))
        if ss.get("race_track") != track:  # a new track: start from its suggested start
            ss["race_track"] = track
            ss["race_start_x"], ss["race_start_y"] = (round(v, 3) for v in surface.start)
        a, b = st.columns(2)
        sx = a.number_input(t("Start x"), float(x0), float(x1), step=0.1, format="%.2f", key="race_start_x")
        sy = b.number_input(t("Start y"), float(y0), float(y1), step=0.1, format="%.2f", key="race_start_y")
        W.seed("race_steps", 300)
        steps = st.select_slider(t("Step budget (the same for all)"), STEP_CHOICES, key="race_steps")
        st.subheader(t("Competitors"))
        W.seed("race_racers", list(lessons.DEFAULT_RACERS))
        racers = st.multiselect(t("Optimizers"), list(lessons.RACERS), key="race_racers",
                                format_func=lambda k: t(lessons.RACERS[k].title))  # fmt: skip
        st.subheader(t("Fair comparison"))
        W.seed("race_tune", True)
        search = t("Try 41 learning rates from 1e-4 to 10 for every optimizer and keep the best.")
        tune = st.toggle(t("Tune each learning rate"), key="race_tune", help=search)
        W.seed("race_criterion", lessons.LOSS_METRIC)
        criterion = st.radio(t("Best means"), lessons.CRITERIA, key="race_criterion", disabled=not tune,
                             format_func=lambda c: t("lowest final loss") if c == lessons.LOSS_METRIC
                             else t("fewest steps to the tolerance"))  # fmt: skip
    return lessons.RaceConfig(name, W.items(params), (float(sx), float(sy)), int(steps),
                              tuple(k for k in lessons.RACERS if k in racers), bool(tune), criterion)  # fmt: skip


def learning_rates(cfg: lessons.RaceConfig) -> tuple[dict[str, float], dict[str, lessons.Tuning]]:
    """Each racer's lr: the tuned one, or its default (also when every lr tried diverged)."""
    tunings = lesson_cache.tunings(cfg) if cfg.tune else {}
    lrs = {}
    for k in cfg.racers:
        best = tunings[k].best_lr if k in tunings else None
        lrs[k] = best if best is not None else lessons.RACERS[k].default_lr
    return lrs, tunings


def ranking_table(cfg, result, lrs, tunings) -> None:
    rows = []
    for place, i in enumerate(lessons.ranking(result, cfg.criterion), start=1):
        run, key = result.runs[i], cfg.racers[i]
        m = run.metrics
        tuned = key in tunings and tunings[key].best_lr is not None
        rows.append({
            t("Place"): place,
            t("Optimizer"): t(lessons.RACERS[key].title),
            t("Learning rate η"): f"{lrs[key]:.3g}" + (t(" (tuned)") if tuned else t(" (default)")),
            t("Final loss"): f"{m.final_loss:.3e}",
            t("Steps to f − f* ≤ 1e-6"): "—" if m.steps_to_tolerance is None else str(m.steps_to_tolerance),
            t("Distance to the nearest minimum"): "—" if m.final_distance is None else f"{m.final_distance:.3g}",
            t("Diverged at step"): "" if run.diverged_at is None else str(run.diverged_at),
            t("Path length"): f"{m.path_length:.3g}",
        })  # fmt: skip
    st.dataframe(rows, hide_index=True, key="race_ranking")


def fine_print(cfg, tunings, bounded: bool) -> None:
    """How the comparison was made fair, and what it does not show. ``bounded``: the surface has a lowest value."""
    crit = (
        t("the lowest final loss") if cfg.criterion == lessons.LOSS_METRIC else t("the fewest steps to f − f* ≤ 1e-6")
    )
    if cfg.tune and cfg.criterion == lessons.STEPS_METRIC and not bounded:
        st.info(t("This surface has no lowest value, so no run reaches a tolerance: the lowest final loss decides."))
    if cfg.tune:
        st.markdown(t(
            "**How it was made fair.** Every optimizer had the same start and the same {steps} steps. Its learning "
            "rate was picked from 41 values between 1e-4 and 10 (8 per decade) by {crit}, among the runs that did "
            "not diverge; its other hyperparameters are PyTorch's defaults (momentum 0.9 for the SGD variants).",
            steps=cfg.steps, crit=crit))  # fmt: skip
        failed = [t(lessons.RACERS[k].title) for k, tu in tunings.items() if tu.best_lr is None]
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


def main() -> None:
    st.title(t("Optimizer race"))
    st.caption(t("Every optimizer from the same start on the same surface, animated together."))
    cfg = controls()
    if not cfg.racers:
        st.info(t("Pick at least one optimizer."))
        st.stop()
    lrs, tunings = learning_rates(cfg)
    labels = tuple(t("{name}, η = {lr:.3g}", name=t(lessons.RACERS[k].title), lr=lrs[k]) for k in cfg.racers)
    lrs_key = tuple(lrs[k] for k in cfg.racers)
    result = lesson_cache.race(cfg, lrs_key, labels)
    left, right = st.columns([3, 2], gap="medium")
    with left:
        st.plotly_chart(lesson_cache.race_contour(cfg, lrs_key, labels, t.lang), key="race_chart",
                        config={"displaylogo": False, "scrollZoom": False})  # fmt: skip
        st.caption(t("▶ Play runs the race; the slider under the plot scrubs through the steps."))
    with right:
        fine_print(cfg, tunings, result.surface.min_value is not None)
    st.subheader(t("Ranking"))
    ranking_table(cfg, result, lrs, tunings)
    if tunings:
        curves = [lesson_figures.TuningCurve(t(lessons.RACERS[k].title), theme.method_color(*_method(k)), tunings[k])
                  for k in cfg.racers]  # fmt: skip
        st.plotly_chart(lesson_figures.tuning_figure(curves, result.surface.min_value, t), key="race_tuning",
                        config={"displaylogo": False})  # fmt: skip


def _method(key: str) -> tuple[str, dict]:
    racer = lessons.RACERS[key]
    return racer.optimizer, dict(racer.hparams)


main()
