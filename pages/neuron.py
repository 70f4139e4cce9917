"""Mini-batches on a real neuron: the data with its decision boundary, the exact loss surface with the
paths, batch size from 1 (SGD) to the full set (GD), and momentum averaging the mini-batch noise; a sigmoid
or a ReLU neuron; the gradient checked by central differences; training in epochs with a validation split
under a step decay and reduce-on-plateau.

Widgets (page state in the link) → cached engine run → figures and metrics.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from optim_viz.lessons import neuron as L
from optim_viz.lessons.gradient_check import H_SWEEP
from optim_viz.lessons.results import settle_distance
from optim_viz.render import epochs as E
from optim_viz.render import neuron as F
from optim_viz.state.neuron import NEURON, batch_options, epoch_args
from optim_viz.state.values import format_number
from optim_viz.ui import cache, page_state
from optim_viz.ui import widgets as W
from optim_viz.ui.language import language_switch

t = language_switch()

LOSS_LATEX = {
    ("sigmoid", "mse"): r"L(w)=\frac1n\sum_i\big(\sigma(w_1x_{i1}+w_2x_{i2})-y_i\big)^2",
    ("sigmoid", "cross_entropy"): r"L(w)=\frac1n\sum_i\Big[\log\big(1+e^{z_i}\big)-y_i z_i\Big],\quad "
                                  r"z_i=w_1x_{i1}+w_2x_{i2}",
    ("relu", "mse"): r"L(w)=\frac1n\sum_i\big(\max(0,\,w_1x_{i1}+w_2x_{i2})-y_i\big)^2",
}
RELU_LATEX = r"\mathrm{relu}(z)=\max(0,z),\qquad \mathrm{relu}'(z)=\begin{cases}1 & z>0\\ 0 & z\le 0\end{cases}"


def loss_title(name: str) -> str:
    return t("mean squared error") if name == "mse" else t("cross-entropy")


def activation_title(name: str) -> str:
    return t("sigmoid σ") if name == "sigmoid" else t("ReLU")


def batch_text(b) -> str:
    return t("full batch (GD)") if b == "full" else str(b)


def controls(ps: page_state.PageState) -> None:
    v = ps.values
    with st.sidebar:
        st.subheader(t("Data"))
        W.choice(ps, "activation", t("Activation"), activation_title,
                 help=t("The notes' neuron uses ReLU; the sigmoid gives an output between 0 and 1."))  # fmt: skip
        W.choice(ps, "loss", t("Loss"), loss_title, options=("mse",) if v["activation"] == "relu" else None)
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


def intro(v) -> None:
    if v["activation"] == "relu":
        st.markdown(t(
            "One ReLU neuron ŷ = max(0, w₁x₁ + w₂x₂) (no bias), the neuron of the course notes, learns to separate "
            "two clusters of points with the squared error. Its loss over the whole data set is a surface over the "
            "two weights (w₁, w₂). A mini-batch step sees only B random points, so its gradient is a noisy estimate "
            "of the true one: B = 1 is pure SGD, the full batch is plain gradient descent."))  # fmt: skip
    else:
        st.markdown(t(
            "One sigmoid neuron ŷ = σ(w₁x₁ + w₂x₂) (no bias) learns to separate two clusters of points. Its loss "
            "over the whole data set is a surface over the two weights (w₁, w₂). A mini-batch step sees only B "
            "random points, so its gradient is a noisy estimate of the true one: B = 1 is pure SGD, the full "
            "batch is plain gradient descent."))  # fmt: skip
    st.latex(LOSS_LATEX[(v["activation"], v["loss"])])


def divergence_warnings(runs: list[tuple[str, int | None]], activation: str, template: str) -> None:
    """A warning per diverged run (``template`` names the run and the step or epoch), and for ReLU why."""
    gone = [(label, k) for label, k in runs if k is not None]
    for label, k in gone:
        st.warning(template.format(run=label, k=k))
    if gone and activation == "relu":
        st.caption(t("ReLU's output grows with the weights, unlike the sigmoid's, and so does its gradient: the "
                     "ReLU neuron needs a smaller η than the sigmoid."))  # fmt: skip


def relu_section(v, lesson: L.NeuronLesson) -> None:
    st.subheader(t("ReLU and its derivative"))
    st.latex(RELU_LATEX)
    active = L.active_points((float(v["w1"]), float(v["w2"])), lesson.X)
    st.markdown(t(
        "ReLU has no derivative at z = 0. Like PyTorch, whose autograd gives relu′(0) = 0, this page takes 0 "
        "there, so the gradient is ∇L = (1/n) Σᵢ 2(relu(zᵢ) − yᵢ)·[zᵢ > 0]·xᵢ: only points with zᵢ > 0 move the "
        "weights. At the start w = ({w1}, {w2}), that is {k} of the {n} points. Where zᵢ ≤ 0 for every point the "
        "gradient is exactly 0 and gradient descent cannot move: the neuron is dead. Its boundary, where ŷ = ½, is "
        "the line w₁x₁ + w₂x₂ = ½.",
        w1=format_number(v["w1"]), w2=format_number(v["w2"]), k=active, n=len(lesson.X)))  # fmt: skip
    if L.surrounds_origin(lesson.X):
        st.caption(t("These points surround the origin, so the neuron is dead only at w = (0, 0): start there and "
                     "no run moves."))  # fmt: skip
    else:
        st.caption(t("These points all lie on one side of a line through the origin: for the weights pointing "
                     "away from them every zᵢ ≤ 0, and a run started there does not move."))  # fmt: skip


def gradient_check_section(ps: page_state.PageState) -> None:
    v = ps.values
    st.subheader(t("Checking the gradient numerically"))
    st.markdown(t(
        "The gradient used above is exact, derived by hand. A numerical gradient checks it: nudge each weight by "
        "±h and divide the change of the loss by 2h, ∂L/∂wᵢ ≈ (L(w + h·eᵢ) − L(w − h·eᵢ))/(2h). It costs two "
        "evaluations of the whole loss per weight, which is why training uses the exact gradient and keeps "
        "this for checking it."))  # fmt: skip
    W.slider(ps, "fd_h", t("Step h"), fmt=lambda h: f"{h:.0e}",
             help=t("Too large: the formula's own error (about h²) shows. Too small: the rounding of L "
                    "(about 1e-16/h) shows."))  # fmt: skip
    w = (float(v["w1"]), float(v["w2"]))
    check, errors = cache.neuron_gradient_check(v["loss"], v["activation"], int(v["points"]), int(v["data_seed"]),
                                                float(v["sep"]), w, float(v["fd_h"]))  # fmt: skip
    rows = [{t("Weight"): name, t("Exact ∂L/∂w"): f"{a:.12g}", t("Central difference"): f"{b:.12g}",
             t("Difference"): f"{b - a:.2e}"}
            for name, a, b in zip(("w₁", "w₂"), check.analytic, check.numeric)]  # fmt: skip
    left, right = st.columns([1, 1], gap="medium")
    with left:
        st.dataframe(rows, hide_index=True, key="gradient_check_table")
        best = int(np.argmin(errors))
        st.markdown(t(
            "At the start w = ({w1}, {w2}) with h = {h}: the relative difference is {rel}. Over h = 1e-1 … 1e-12 "
            "the difference is smallest at h = {best} ({err}); larger h let the formula's own error show (and for "
            "ReLU the kinks within ±h), smaller h the rounding of L.",
            w1=format_number(w[0]), w2=format_number(w[1]), h=f"{check.h:.0e}", rel=f"{check.relative_error:.1e}",
            best=f"{H_SWEEP[best]:.0e}", err=f"{errors[best]:.1e}"))  # fmt: skip
    with right:
        st.plotly_chart(E.gradient_error_figure(H_SWEEP, np.array(errors), float(v["fd_h"]), t),
                        key="gradient_check_chart", config=W.PLOT_CONFIG)  # fmt: skip


def rule_label(rule: str, v) -> str:
    if rule == "step":
        return t("step decay: ×{gamma} every {s} epochs", gamma=format_number(v["egamma"]), s=int(v["estep"]))
    if rule == "plateau":
        return t("reduce on plateau: ×{factor} after {p} epochs without improvement", factor=format_number(v["factor"]),
                 p=int(v["patience"]) + 1)  # fmt: skip
    return t("constant η")


def set_step_decay(ps: page_state.PageState, step_size: int, gamma: float) -> None:
    st.session_state[ps.widget_key("estep")] = float(step_size)
    st.session_state[ps.widget_key("egamma")] = float(gamma)


def epoch_controls(ps: page_state.PageState) -> None:
    v = ps.values
    a, b, c = st.columns(3, gap="medium")
    with a:
        st.markdown(t("**Training**"))
        W.slider(ps, "epochs", t("Epochs"), fmt=lambda x: str(int(x)))
        W.slider(ps, "val_share", t("Held out for validation"), fmt=lambda x: f"{100 * x:.0f} %",
                 help=t("These points are never trained on; the loss on them after each epoch is the "
                        "validation loss."))  # fmt: skip
        W.slider(ps, "ebatch", t("Batch size"), fmt=lambda x: str(int(x)))
        W.slider(ps, "elr", t("Initial learning rate η₀ (lr)"))
        W.slider(ps, "emomentum", t("Momentum μ (momentum)"))
        W.whole_number(ps, "eseed", t("Shuffling seed"), help=t("Seed of the order of the points in each epoch."))
        W.multi(ps, "rules", t("Learning-rate rules"), rule_title, placeholder=t("Pick at least one rule"))
    with b:
        st.markdown(t("**Step decay** (torch.optim.lr_scheduler.StepLR)"))
        W.slider(ps, "estep", t("Every … epochs (step_size)"), fmt=lambda x: str(int(x)))
        W.slider(ps, "egamma", t("Multiply η by (gamma)"), fmt=format_number)
        st.button(t("Halve every 5 epochs"), key="neuron_halve_5", on_click=set_step_decay, args=(ps, 5, 0.5))
        st.button(t("×0.1 every 20 epochs"), key="neuron_tenth_20", on_click=set_step_decay, args=(ps, 20, 0.1))
    with c:
        st.markdown(t("**Reduce on plateau** (torch.optim.lr_scheduler.ReduceLROnPlateau)"))
        W.choice(ps, "monitor", t("Watch"), lambda m: t("validation loss") if m == "val_loss"
                 else t("validation accuracy"))  # fmt: skip
        W.choice(ps, "mode", t("Better means (mode)"), lambda m: t("lower (min)") if m == "min" else t("higher (max)"))
        W.slider(ps, "factor", t("Multiply η by (factor)"), fmt=format_number)
        W.whole_number(ps, "patience", t("Epochs without improvement allowed (patience)"))
        with st.expander(t("threshold, cooldown, min_lr, eps")):
            W.slider(ps, "threshold", t("Improvement needed (threshold)"), fmt=format_number)
            W.choice(ps, "threshold_mode", t("threshold_mode"), lambda m: t("relative (rel)") if m == "rel"
                     else t("absolute (abs)"))  # fmt: skip
            W.whole_number(ps, "cooldown", t("Epochs to wait after a cut (cooldown)"))
            W.slider(ps, "min_lr", t("Lowest η (min_lr)"), fmt=format_number)
            W.slider(ps, "eps", t("Smallest cut applied (eps)"), fmt=format_number)
    if (v["monitor"] == "val_loss") != (v["mode"] == "min"):
        st.warning(t("mode={mode} on the {metric}: the rule now waits for it to move the wrong way.", mode=v["mode"],
                     metric=t("validation loss") if v["monitor"] == "val_loss" else t("validation accuracy")))
        # fmt: skip


def rule_title(rule: str) -> str:
    return {"constant": t("constant η"), "step": t("step decay"), "plateau": t("reduce on plateau")}[rule]


def epochs_section(ps: page_state.PageState) -> None:
    v = ps.values
    st.subheader(t("Epochs, a validation set and the learning rate"))
    st.markdown(t(
        "Training scripts count in epochs: one epoch is one pass over the training points, shuffled and cut "
        "into mini-batches. Part of the data is held out as a validation set and never trained on; its loss "
        "after each epoch shows how well the neuron does on points it has not seen. The course notes anneal the "
        "learning rate in steps (halve it every 5 epochs, or multiply it by 0.1 every 20) or watch the "
        "validation error and multiply η by a constant such as 0.5 when it stops improving. The step decay and "
        "the plateau rule below are PyTorch's schedulers, step for step, stepped once per epoch."))  # fmt: skip
    epoch_controls(ps)
    if not v["rules"]:
        st.info(t("Pick at least one learning-rate rule."))
        return
    lesson = cache.epoch_lesson(*epoch_args(v))
    labels = [rule_label(r, v) for r in lesson.rules]
    st.plotly_chart(E.epochs_figure(lesson, labels, t), key="epochs_chart", config=W.PLOT_CONFIG)
    st.caption(t("{n_train} training points in {b} mini-batches per epoch, {n_val} held out for validation.",
                 n_train=lesson.n_train, b=lesson.batches_per_epoch, n_val=lesson.n_val))  # fmt: skip
    rows = []
    for i, (rule, label) in enumerate(zip(lesson.rules, labels)):
        r = lesson.runs
        cuts = lesson.reductions(i)
        rows.append({
            t("Rule"): label,
            t("Lowest validation loss"): f"{np.nanmin(r.val_loss[i]):.4g}",
            t("at epoch"): str(lesson.best_epoch(i)),
            t("Validation loss at the end"): f"{r.val_loss[i, -1]:.4g}",
            t("Validation accuracy at the end"): f"{100 * r.val_accuracy[i, -1]:.0f} %",
            t("η in the last epoch"): f"{r.lr[i, -1]:.3g}",
            t("η cut after epochs"): ", ".join(map(str, cuts)) if rule == "plateau" and cuts else "—",
            t("Diverged in epoch"): "" if r.diverged_at[i] is None else str(r.diverged_at[i]),
        })  # fmt: skip
    st.dataframe(rows, hide_index=True, key="epochs_table")
    divergence_warnings(list(zip(labels, lesson.runs.diverged_at)), v["activation"],
                        t("{run} diverged in epoch {k}; after it the curves and the table repeat its last finite "
                          "values."))  # fmt: skip
    if "plateau" in lesson.rules and not lesson.reductions(lesson.rules.index("plateau")):
        st.markdown(t("Reduce-on-plateau did not cut η in these {n} epochs.", n=int(v["epochs"])))
    elif "plateau" in lesson.rules:
        i = lesson.rules.index("plateau")
        cuts = lesson.reductions(i)
        st.markdown(t(
            "Reduce-on-plateau cut η {n} times, after epochs {cuts}. Each cut follows {p} epochs in a row in which "
            "the watched metric did not beat its best by the threshold (bad epochs during a cooldown do not count). "
            "With patience 0, the notes' \"when it stops improving\" taken literally, a noisy validation loss "
            "triggers a cut almost every epoch.",
            n=len(cuts), cuts=", ".join(map(str, cuts)) or "—", p=int(v["patience"]) + 1))  # fmt: skip


def main() -> None:
    ps = page_state.load(NEURON)
    controls(ps)
    v = ps.values
    st.title(t("Mini-batches on a real neuron"))
    page_state.notices(ps, t)
    intro(v)
    if not v["batches"]:
        st.info(t("Pick at least one batch size in the sidebar."))
        page_state.sync(ps)
        return
    specs = tuple(L.neuron_run_specs(v["batches"], float(v["lr"]), float(v["momentum"]), v["same_step"],
                                           int(v["seed"])))  # fmt: skip
    n = int(v["points"])
    lesson = cache.neuron_lesson(v["loss"], n, int(v["data_seed"]), float(v["sep"]), (float(v["w1"]), float(v["w2"])),
                                 int(v["steps"]), specs, v["activation"])  # fmt: skip
    labels = run_labels(lesson, n)
    k = step_control(ps, int(v["steps"]))
    left, right = st.columns(2)
    with left:
        st.plotly_chart(F.neuron_data_figure(lesson, k, labels, t), key="data_chart", config=W.PLOT_CONFIG)
    with right:
        grid = cache.neuron_grid(v["loss"], n, int(v["data_seed"]), float(v["sep"]), v["activation"])
        st.plotly_chart(F.neuron_surface_figure(lesson, grid, k, labels, t), key="surface_chart",
                        config=W.PLOT_CONFIG)  # fmt: skip
    if v["activation"] == "relu":
        st.caption(t(
            "Left: each line is the boundary w₁x₁ + w₂x₂ = ½ of one run after step k, where ŷ = ½. Right: the "
            "exact loss over all points, the same surface for every run; the dots mark step k."))  # fmt: skip
    else:
        st.caption(
            t(
                "Left: each line is the boundary w₁x₁ + w₂x₂ = 0 of one run after step k; points on the side w "
                "points to get ŷ > ½. Right: the exact loss over all points, the same surface for every run; the "
                "dots mark step k."
            )
        )
    st.plotly_chart(F.neuron_loss_figure(lesson, k, labels, t), key="loss_chart", config=W.PLOT_CONFIG)
    divergence_warnings([(label, r.metrics.diverged_at) for r, label in zip(lesson.result.runs, labels)],
                        v["activation"], t("{run} diverged at step {k}."))  # fmt: skip
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
    if v["activation"] == "relu":
        relu_section(v, lesson)
    gradient_check_section(ps)
    epochs_section(ps)
    page_state.sync(ps)


main()
