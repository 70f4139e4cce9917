"""Adaptive step sizes: SGD, Adagrad, RMSprop, Adadelta and Adam in one ravine, what each accumulates and
the step size each coordinate gets; Adam's bias correction; which optimizer to start with.

Widgets (page state in the link) → AdaptiveConfig → cached engine runs → figures, inspector and tables.
"""

from __future__ import annotations

import streamlit as st

from optim_viz.lessons import adaptive as L
from optim_viz.render import adaptive as F
from optim_viz.render.update_rules import update_rule
from optim_viz.state.adaptive import ADAPTIVE, adaptive_config
from optim_viz.state.values import format_number
from optim_viz.ui import cache, page_state
from optim_viz.ui import widgets as W
from optim_viz.ui.language import language_switch

t = language_switch()

STATE_LABELS = {"sum": "Σg²", "square_avg": "v", "acc_delta": "u", "exp_avg": "m", "exp_avg_sq": "v"}


def controls(ps: page_state.PageState) -> None:
    with st.sidebar:
        st.subheader(t("Ravine"))
        W.slider(ps, "kappa", t("Steepness of the walls κ"), help=t("Curvature across the valley (1 along the floor)."))
        W.slider(ps, "angle", t("Rotation of the valley (degrees)"), fmt=lambda a: f"{a:g}°",
                 help=t("0: the floor runs along x. 45: neither axis follows the valley."))  # fmt: skip
        W.slider(ps, "steps", t("Steps"), fmt=lambda s: str(int(s)))
        st.subheader(t("Runs"))
        W.multi(ps, "show", t("Optimizers"), format_func=lambda m: t(L.TITLES[m]),
                placeholder=t("Pick at least one optimizer"))  # fmt: skip
        for m in L.METHODS:
            W.slider(ps, f"{m}_lr", t("{name}: learning rate η (lr)", name=t(L.TITLES[m])))
        W.slider(ps, "alpha", t("RMSprop: α (alpha)"), fmt=format_number)
        W.slider(ps, "rho", t("Adadelta: ρ (rho)"), fmt=format_number)
        a, b = st.columns(2)
        with a:
            W.slider(ps, "beta1", t("Adam: β₁"), fmt=format_number)
        with b:
            W.slider(ps, "beta2", t("Adam: β₂"), fmt=format_number)


def run_labels(cfg: L.AdaptiveConfig) -> tuple[str, ...]:
    return tuple(t("{name}, η = {lr}", name=t(L.TITLES[m]), lr=format_number(cfg.lr[m])) for m in cfg.methods)


def intro() -> None:
    st.markdown(t(
        "Plain SGD gives every coordinate the same step size η. The adaptive methods give each coordinate its own, "
        "read from the gradients seen so far: a coordinate with large gradients gets small steps, one with small "
        "gradients large steps. **Adagrad** divides by the root of the sum of all past squared gradients. That sum "
        "only grows, so its steps only shrink. **RMSprop** uses a moving average of the squared gradients instead: "
        "it forgets old gradients, and its steps follow the recent ones. **Adadelta** also replaces the global "
        "learning rate by the root of a moving average of its own past steps. **Adam** is RMSprop's average plus "
        "momentum, with both averages corrected for starting at zero."))  # fmt: skip


def step_size_section(ps, cfg, result, sizes, labels) -> None:
    st.subheader(t("The step size each coordinate gets"))
    st.markdown(t(
        "For every update the effective step size η_eff is the number each coordinate's gradient is multiplied by "
        "(for Adam, the number its moment m is multiplied by), exactly as PyTorch computes it: the step is "
        "Δ = −η_eff·g (Adam: −η_eff·m)."))  # fmt: skip
    st.latex(F.EFFECTIVE_STEP_LATEX)
    k = int(ps.values["k"])
    st.plotly_chart(F.effective_step_figure(sizes, labels, k, t), key="eff_chart", config=W.PLOT_CONFIG)
    for line in step_size_facts(sizes, labels):
        st.markdown("- " + line)
    st.plotly_chart(F.accumulator_figure(sizes, k, t), key="acc_chart", config=W.PLOT_CONFIG)
    st.caption(t(
        "Adagrad's sum can only grow. The moving averages rise while the gradients are large and fall back as "
        "they shrink. Adadelta's second line is the average of its own squared steps: it starts at 0, so its first "
        "steps are tiny (about √ε/√v)."))  # fmt: skip


def step_size_facts(sizes, labels) -> list[str]:
    out = []
    for s, label in zip(sizes, labels):
        if s.method == "sgd" or not len(s.effective):
            continue
        first, last = s.effective[0], s.effective[-1]
        ratio = s.effective[:, 0] / s.effective[:, 1]
        out.append(t("{run}: η_eff goes from {a0} to {a1} in x and from {b0} to {b1} in y; the x step size is "
                     "{lo} to {hi} times the y step size.", run=label, a0=f"{first[0]:.3g}", a1=f"{last[0]:.3g}",
                     b0=f"{first[1]:.3g}", b1=f"{last[1]:.3g}", lo=f"{ratio.min():.2g}", hi=f"{ratio.max():.2g}"))
        # fmt: skip
    return out


def inspector(ps, cfg, result, sizes, labels) -> None:
    st.subheader(t("Step inspector"))
    n = max(len(s.effective) for s in sizes)
    key = ps.widget_key("k")
    W.seed(key, ps.values["k"])
    st.session_state[key] = int(min(max(st.session_state[key], 1), n))
    k = int(st.slider(t("Step k"), 1, n, key=key)) if n > 1 else 1
    ps.values["k"] = k
    rows = []
    for run, s, label in zip(result.runs, sizes, labels):
        if k > len(s.effective):
            rows.append({t("Run"): label, t("g"): t("diverged before step {k}", k=k)})
            continue
        i = k - 1
        acc = " · ".join(f"{STATE_LABELS[name]} = {pair(v[i])}" for name, v in s.accumulators.items())
        rows.append({
            t("Run"): label,
            t("g"): pair(run.grad[i]),
            t("Accumulators after the update"): acc or "—",
            t("η_eff"): pair(s.effective[i]),
            t("multiplies"): f"{s.multiplies} = {pair(s.applied_to[i])}",
            t("Δ = −η_eff·(g or m)"): pair(s.predicted_updates()[i]),
            t("step taken"): pair(run.path[k] - run.path[k - 1]),
        })  # fmt: skip
    st.dataframe(rows, hide_index=True, key="inspector_table")
    st.caption(t(
        "The last two columns agree to rounding: the effective step sizes are the ones the runs used. Accumulator "
        "names follow PyTorch's state: Σg² is Adagrad's sum, v a moving average of g², u Adadelta's average of "
        "squared steps, m Adam's average of g."))  # fmt: skip


def pair(v) -> str:
    return "({:.4g}, {:.4g})".format(*(float(c) + 0.0 for c in v))


def rotation_section(cfg, comparison) -> None:
    st.subheader(t("Turn the valley by 45°"))
    st.caption(t("Distance to the minimum after {n} steps, with the settings of the sidebar.", n=cfg.steps))
    rows = []
    for m, a, r, (da, dr) in zip(comparison.methods, comparison.aligned, comparison.rotated, comparison.diverged):
        rows.append({
            t("Optimizer"): t(L.TITLES[m]),
            t("Valley along x"): t("diverged") if da else f"{a:.3g}",
            t("Valley at 45°"): t("diverged") if dr else f"{r:.3g}",
        })  # fmt: skip
    st.dataframe(rows, hide_index=True, key="rotation_table")
    st.markdown(t(
        "Per-coordinate steps help when the steep and the flat directions are the coordinate axes: the steep "
        "coordinate gets a small step and the flat one a large step. Turned by 45°, every coordinate sees the same "
        "mix of steep and flat, both get about the same step size, and the advantage is gone. Plain SGD never "
        "looks at coordinates: it walks the same path, turned."))  # fmt: skip
    st.markdown(rotation_facts(comparison))


def rotation_facts(c) -> str:
    i = c.methods.index("sgd") if "sgd" in c.methods else None
    parts = []
    if i is not None:
        parts.append(t("SGD ends {a} from the minimum in both.", a=f"{c.aligned[i]:.3g}"))
    for m, a, r, (da, dr) in zip(c.methods, c.aligned, c.rotated, c.diverged):
        if m != "sgd" and not (da or dr) and a > 0:
            parts.append(t("{name}: {a} → {r} ({x}× the distance).", name=t(L.TITLES[m]), a=f"{a:.3g}", r=f"{r:.3g}",
                           x=f"{r / a:.0f}" if r / a >= 10 else f"{r / a:.2g}"))  # fmt: skip
    return " ".join(parts)


def bias_section(ps, cfg, surface) -> None:
    st.subheader(t("Adam's bias correction"))
    v = ps.values
    st.markdown(t(
        "m and v start at 0, so their first values are too small: after one step m = (1 − β₁)·g and v = "
        "(1 − β₂)·g². Adam divides each by the share of weight it has collected so far:"))  # fmt: skip
    st.latex(F.BIAS_CORRECTION_LATEX)
    st.markdown(t(
        "PyTorch computes the same thing in factored form, η/(1 − β₁ᵗ) · m / (√v/√(1 − β₂ᵗ) + ε), which is what "
        "the effective step sizes above use. The course notes' Adam leaves the correction out: "
        "x ← x − η·m/(√v + ε)."))  # fmt: skip
    a, b = st.columns(2)
    with a:
        W.slider(ps, "horizon", t("Show the factors up to t ="), fmt=lambda x: str(int(x)))
    with b:
        W.slider(ps, "first", t("Compare the first steps"), fmt=lambda x: str(int(x)))
    bf = L.bias_factors(cfg.beta1, cfg.beta2, int(v["horizon"]))
    st.plotly_chart(F.bias_factor_figure(bf, t), key="bias_chart", config=W.PLOT_CONFIG)
    st.markdown(bias_facts(cfg, bf))
    pair_result = cache.bias_pair(cfg, surface, int(v["first"]))
    labels = [t("Adam, bias-corrected (PyTorch)"), t("Adam without correction (the notes)")]
    lengths = [L.step_lengths(r.path) for r in pair_result.runs]
    st.plotly_chart(F.step_length_figure(lengths, labels, cfg.lr["adam"], t), key="bias_steps_chart",
                    config=W.PLOT_CONFIG)  # fmt: skip
    st.markdown(pair_facts(cfg, pair_result, lengths))


def bias_facts(cfg, bf) -> str:
    peak_t, peak = bf.peak
    return t(
        "With β₁ = {b1} and β₂ = {b2}, at t = 1 the factors are {f1} and {f2}. For the same m and v, a step "
        "without correction is (1 − β₁ᵗ)/√(1 − β₂ᵗ) times the corrected one: {r1} at t = 1, at most {peak} (at "
        "t = {peak_t}), and still {rl} at t = {last}: the uncorrected v is too small for hundreds of steps, and it "
        "sits under a square root in the denominator.",
        b1=format_number(cfg.beta1), b2=format_number(cfg.beta2), f1=f"{bf.first[0]:.4g}",
        f2=f"{bf.second[0]:.4g}", r1=f"{bf.ratio[0]:.3g}", peak=f"{peak:.3g}", peak_t=peak_t,
        rl=f"{bf.ratio[-1]:.3g}", last=int(bf.t[-1]))  # fmt: skip


def pair_facts(cfg, result, lengths) -> str:
    corrected, plain = result.runs
    dc, dp = corrected.metrics.final_distance, plain.metrics.final_distance
    text = t(
        "The first step is {c} long with correction (η = {lr} in each coordinate, whatever the size of the "
        "gradient) and {p} without, {r} times as long. After {n} steps the corrected run is {dc} from the minimum "
        "and the uncorrected one {dp}.",
        c=f"{lengths[0][0]:.3g}", p=f"{lengths[1][0]:.3g}", r=f"{lengths[1][0] / lengths[0][0]:.3g}",
        lr=format_number(cfg.lr["adam"]), n=len(lengths[0]), dc=f"{dc:.3g}", dp=f"{dp:.3g}")  # fmt: skip
    if dp < dc:
        text += " " + t("Here the larger early steps happen to help; the correction is not about speed, but about "
                        "making η mean the same step size from the first update on.")  # fmt: skip
    return text


def advice_section() -> None:
    st.subheader(t("Which optimizer should I use?"))
    st.markdown(t(
        "The course notes' advice: **start with Adam** at its usual settings β₁ = 0.9, β₂ = 0.999, ε = 1e-8 "
        "(PyTorch's defaults) and tune mainly the learning rate; most of the time it works well without much "
        "care. If it does not, try the others. The usual alternative is **SGD with momentum (0.9) and a "
        "learning-rate schedule**, which asks for more tuning of η and of the schedule."))  # fmt: skip
    st.markdown(t(
        "What this page shows fits that advice, within its limits: the adaptive methods do not care how steep "
        "each axis is, which spares you tuning η to the steepest direction, but they lose that edge when the "
        "valley is not aligned with the axes, and Adagrad's steps keep shrinking. A two-dimensional valley is "
        "not a network, though: as on the optimizer race page, one surface, one start and one budget can rank "
        "the methods in any order. Use these pages to see how each method moves, and the advice above to "
        "choose where to start."))  # fmt: skip
    lang = "" if t.lang == "en" else f"?lang={t.lang}"
    st.markdown(f"[{t('Open the optimizer race')}](race{lang})")


def main() -> None:
    ps = page_state.load(ADAPTIVE)
    st.title(t("Adaptive step sizes"))
    controls(ps)
    page_state.notices(ps, t)
    intro()
    cfg, surface = adaptive_config(ps.values)
    if not cfg.methods:
        st.info(t("Pick at least one optimizer in the sidebar."))
        page_state.sync(ps)
        return
    labels = run_labels(cfg)
    result = cache.adaptive_runs(cfg, surface).with_labels(labels)
    sizes = [L.step_sizes(r) for r in result.runs]
    left, right = st.columns([3, 2], gap="medium")
    with left:
        st.plotly_chart(cache.adaptive_contour(cfg, surface, labels, int(ps.values["k"]), t.lang),
                        key="adaptive_chart", config={"displaylogo": False, "scrollZoom": False})  # fmt: skip
        st.caption(t("▶ Play animates the runs. The arrows show step k of each run (set it in the step inspector)."))
    with right:
        with st.expander(t("Update rules with these values")):
            for run, label in zip(result.runs, labels):
                st.markdown(f"**{label}**")
                st.latex(update_rule(run.spec.optimizer, run.hparams))
        rotation_section(cfg, cache.adaptive_comparison(cfg))
    step_size_section(ps, cfg, result, sizes, labels)
    inspector(ps, cfg, result, sizes, labels)
    bias_section(ps, cfg, surface)
    advice_section()
    page_state.sync(ps)


main()
