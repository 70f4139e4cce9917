"""Mini-batches on a real neuron: the data with its decision boundary, the exact loss surface with the
paths, batch size from 1 (SGD) to the full set (GD), and momentum averaging the mini-batch noise.

Widgets (page state in the link) → cached engine run → figures and metrics.
"""

from __future__ import annotations

import streamlit as st

from optim_viz.lessons import neuron as L
from optim_viz.lessons.results import settle_distance
from optim_viz.render import neuron as F
from optim_viz.state.neuron import NEURON, batch_options
from optim_viz.state.values import format_number
from optim_viz.ui import cache, page_state
from optim_viz.ui import widgets as W
from optim_viz.ui.language import language_switch

t = language_switch()

LOSS_LATEX = {
    "mse": r"L(w)=\frac1n\sum_i\big(\sigma(w_1x_{i1}+w_2x_{i2})-y_i\big)^2",
    "cross_entropy": r"L(w)=\frac1n\sum_i\Big[\log\big(1+e^{z_i}\big)-y_i z_i\Big],\quad z_i=w_1x_{i1}+w_2x_{i2}",
}


def loss_title(name: str) -> str:
    return t("mean squared error") if name == "mse" else t("cross-entropy")


def batch_text(b) -> str:
    return t("full batch (GD)") if b == "full" else str(b)


def controls(ps: page_state.PageState) -> None:
    v = ps.values
    with st.sidebar:
        st.subheader(t("Data"))
        W.choice(ps, "loss", t("Loss"), loss_title)
        W.slider(ps, "points", t("Number of points n"), fmt=lambda x: str(int(x)))
        W.slider(ps, "sep", t("Distance between the clusters"),
                  help=t("0: the classes overlap completely; larger: easier to separate."))  # fmt: skip
        W.whole_number(ps, "data_seed", t("Data seed"), help=t("Seed of the data set: the same seed, the same points."))
        st.subheader(t("Training"))
        a, b = st.columns(2)
        with a:
            W.slider(ps, "w1", t("Start w₁"))
        with b:
            W.slider(ps, "w2", t("Start w₂"))
        W.slider(ps, "lr", t("Learning rate η (lr)"))
        W.slider(ps, "steps", t("Steps"), fmt=lambda x: str(int(x)))
        W.multi(ps, "batches", t("Batch sizes B"), batch_text, options=batch_options(int(v["points"])),
                 help=t("Points per gradient step. Each size adds a plain SGD run."),
                 placeholder=t("Pick at least one batch size"))  # fmt: skip
        W.slider(ps, "momentum", t("Momentum μ (momentum)"),
                  help=t("Above 0, every mini-batch size also gets a run of SGD with this momentum."))  # fmt: skip
        W.toggle(ps, "same_step", t("Momentum runs use lr·(1 − μ)"),
                  help=t("The same step as plain SGD once the velocity has built up, so the comparison shows "
                         "only the averaging."))  # fmt: skip
        W.whole_number(ps, "seed", t("Mini-batch seed"), help=t("Seed of the mini-batch sampling."))


def run_labels(lesson: L.NeuronLesson, n: int) -> list[str]:
    labels = []
    for r in lesson.result.runs:
        lr = format_number(float(r.hparams["lr"]))
        mu = float(r.hparams.get("momentum", 0.0))
        if r.batch_size is None and mu == 0:
            labels.append(t("GD, full batch ({n} points), η={lr}", n=n, lr=lr))
        elif mu == 0:
            labels.append(t("SGD, batch {b}, η={lr}", b=r.batch_size, lr=lr))
        else:
            labels.append(t("SGD+momentum {mu}, batch {b}, η={lr}", mu=format_number(mu), b=r.batch_size, lr=lr))
    return labels


def step_control(ps: page_state.PageState, steps: int) -> int:
    """k in 0…steps; a k at the last step stays at the last step when the number of steps changes."""
    ss = st.session_state
    key, last = ps.widget_key("k"), ps.widget_key("k_last_steps")
    k = int(ss.get(key, ps.values["k"]))
    if ss.get(last) is not None and k == ss[last]:
        k = steps
    ss[key], ss[last] = min(max(k, 0), steps), steps
    ps.values["k"] = int(st.slider(t("Show the decision boundary after step k"), min_value=0, max_value=steps, key=key))
    return ps.values["k"]


def metrics(lesson: L.NeuronLesson, labels: list[str]) -> None:
    st.subheader(t("Metrics"))
    res = lesson.result
    rows = []
    for r, label, align, acc in zip(res.runs, labels, lesson.alignment, lesson.accuracy):
        half = settle_distance(r, res.minimum, last=0.5) if res.minimum else float("nan")
        rows.append(
            {
                t("Run"): label,
                t("Final loss"): f"{r.metrics.final_loss:.4f}",
                t("Mean distance to w*, second half"): f"{half:.3g}",
                t("Accuracy at the end"): f"{100 * acc:.0f} %",
                t("Step alignment"): f"{align:.2f}",
                t("Path length"): f"{r.metrics.path_length:.3g}",
            }
        )
    st.dataframe(rows, hide_index=True, key="neuron_metrics")
    st.caption(
        t(
            "Step alignment: the mean cosine between each step and the steepest way down the full-data loss "
            "(1: always straight downhill; 0: no better than a random direction). Mini-batch noise lowers it; "
            "momentum raises it again, because its velocity is an average of many mini-batch gradients."
        )
    )


def main() -> None:
    ps = page_state.load(NEURON)
    controls(ps)
    v = ps.values
    st.title(t("Mini-batches on a real neuron"))
    page_state.notices(ps, t)
    st.markdown(
        t(
            "One sigmoid neuron ŷ = σ(w₁x₁ + w₂x₂) (no bias) learns to separate two clusters of points. Its loss "
            "over the whole data set is a surface over the two weights (w₁, w₂). A mini-batch step sees only B "
            "random points, so its gradient is a noisy estimate of the true one: B = 1 is pure SGD, the full "
            "batch is plain gradient descent."
        )
    )
    st.latex(LOSS_LATEX[v["loss"]])
    if not v["batches"]:
        st.info(t("Pick at least one batch size in the sidebar."))
        page_state.sync(ps)
        return
    specs = tuple(L.neuron_run_specs(v["batches"], float(v["lr"]), float(v["momentum"]), v["same_step"],
                                           int(v["seed"])))  # fmt: skip
    n = int(v["points"])
    lesson = cache.neuron_lesson(v["loss"], n, int(v["data_seed"]), float(v["sep"]), (float(v["w1"]), float(v["w2"])),
                              int(v["steps"]), specs)  # fmt: skip
    labels = run_labels(lesson, n)
    k = step_control(ps, int(v["steps"]))
    left, right = st.columns(2)
    with left:
        st.plotly_chart(F.neuron_data_figure(lesson, k, labels, t), key="data_chart", config=W.PLOT_CONFIG)
    with right:
        grid = cache.neuron_grid(v["loss"], n, int(v["data_seed"]), float(v["sep"]))
        st.plotly_chart(F.neuron_surface_figure(lesson, grid, k, labels, t), key="surface_chart",
                        config=W.PLOT_CONFIG)  # fmt: skip
    st.caption(
        t(
            "Left: each line is the boundary w₁x₁ + w₂x₂ = 0 of one run after step k; points on the side w "
            "points to get ŷ > ½. Right: the exact loss over all points, the same surface for every run; the "
            "dots mark step k."
        )
    )
    st.plotly_chart(F.neuron_loss_figure(lesson, k, labels, t), key="loss_chart", config=W.PLOT_CONFIG)
    metrics(lesson, labels)
    st.subheader(t("Momentum averages the mini-batch noise"))
    st.markdown(
        t(
            "Momentum's velocity is a running average of the mini-batch gradients (section 3 of the "
            "exponentially weighted averages page). Their noise points in a different random direction at "
            "every step and partly cancels in the average, while the true gradient, the same at every step, "
            "adds up. The momentum path is therefore smoother and its steps point more consistently downhill. "
            "At the same effective step it does not shrink the cloud around the minimum: for that, lower η "
            "or take larger batches."
        )
    )
    page_state.sync(ps)


main()
