"""Momentum & ravines: SGD, heavy ball and Nesterov on a quadratic, with the theory live.

Widgets (page state in the link) → MomentumConfig → cached engine runs → figures and the theory panel.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from optim_viz.core import theory as th
from optim_viz.core.surfaces import CUSTOM
from optim_viz.core.theory import QuadraticTheory, measured_rate, quadratic_theory
from optim_viz.lessons import momentum as lesson
from optim_viz.lessons.results import distances
from optim_viz.render import momentum as views
from optim_viz.render import theme
from optim_viz.state.momentum import MOMENTUM, SURFACES, momentum_config, mu_comparison
from optim_viz.ui import cache, page_state
from optim_viz.ui import live_control as live
from optim_viz.ui import widgets as W
from optim_viz.ui.export_controls import animation_download, export_controls
from optim_viz.ui.formula import formula_error
from optim_viz.ui.language import language_switch

t = language_switch()

CHART_KEY = "mr_contour"
LIVE_KEY = "mr_live"
COLORS = {
    "sgd": theme.method_color("sgd"),
    "heavy_ball": theme.method_color("sgd", {"momentum": 0.9}),
    "nesterov": theme.method_color("sgd", {"momentum": 0.9, "nesterov": True}),
}


def controls(ps: page_state.PageState) -> None:
    v = ps.values
    with st.sidebar:
        st.subheader(t("Surface"))
        before = v["surface"]
        name = W.surface_choice(ps, "surface", t, SURFACES)
        if name == CUSTOM:
            W.text(ps, "expr", t("f(x, y) ="), help=t("A quadratic formula gets the full theory."))
        W.slider(ps, "steps", t("Steps"), fmt=lambda s: str(int(s)))
        st.subheader(t("Plain SGD"))
        W.real_number(ps, "sgd_lr", t("Learning rate η"))
        st.subheader(t("Heavy ball and Nesterov"))
        W.real_number(ps, "lr", t("Learning rate η"))
        W.real_number(ps, "momentum", t("Momentum β"), step=0.01, fmt="%.4f")
    if v["surface"] != before:
        v["start"] = None  # a new surface starts from its own suggested start
    click = live.new_click(LIVE_KEY)
    if click is not None:
        v["start"] = (round(click[0], 2), round(click[1], 2))


def labels(cfg: lesson.MomentumConfig) -> dict[str, str]:
    return {
        "sgd": t("SGD, η = {lr:.4g}", lr=cfg.sgd_lr),
        "heavy_ball": t("Heavy ball, η = {lr:.4g}, β = {beta:.3g}", lr=cfg.momentum_lr, beta=cfg.momentum),
        "nesterov": t("Nesterov, η = {lr:.4g}, β = {beta:.3g}", lr=cfg.momentum_lr, beta=cfg.momentum),
    }


def theory_of(surface, momentum: float) -> QuadraticTheory | None:
    return quadratic_theory(surface, momentum) if surface.is_quadratic else None


def main_figure(cfg, surface, run_labels, theory) -> None:
    left, right = st.columns([3, 2], gap="medium")
    with left:
        animate = bool(st.session_state.get("mr_animate", False))
        fig = cache.momentum_contour(cfg, surface, run_labels, t.lang, animate=animate)
        live.live_control(t=t, click_chart=CHART_KEY, key=LIVE_KEY)  # a click on the contour: a new start
        st.plotly_chart(fig, key=CHART_KEY, config={"displaylogo": False, "scrollZoom": False})
        st.toggle(t("Animate the paths (▶ Play, ❚❚ Pause, step slider)"), key="mr_animate")  # frames only then
        if animate:
            st.caption(t("▶ Play animates the three runs. Click the surface to start from another point."))
        else:
            st.caption(t("Click the surface to start from another point."))
        st.caption(t("The course notes use μ = 0.5 or 0.9. Heavy ball with μ = 0.5 next to μ = {mu}, same η and "
                     "start:", mu=f"{cfg.momentum:.3g}"))  # fmt: skip
        W.playground_button(t, mu_comparison(cfg), key="mr_mu_link")
    with right:
        explain_zigzag(cfg, theory)


def explain_zigzag(cfg, theory: QuadraticTheory | None) -> None:
    if theory is None or not theory.convex:
        st.info(t("The rates below need a convex quadratic surface; this one is not, so only the runs are shown."))
        return
    mu, L = theory.eigenvalues
    steep, flat = th.steep_and_flat_factors(theory, cfg.sgd_lr)
    st.markdown(t("#### Why plain SGD zig-zags"))
    st.markdown(t(
        "On a quadratic, gradient descent treats each eigendirection on its own: the error along an "
        "eigenvector of curvature λ is multiplied by **1 − η·λ** at every step. Here the steep direction "
        "has λ = L = {L:.4g} and the flat floor λ = μ = {mu:.4g} (κ = L/μ = {kappa:.4g}; on the ravine L = κ).",
        L=L, mu=mu, kappa=theory.kappa))  # fmt: skip
    st.markdown(t(
        "With η = {lr:.4g} the steep factor is **{steep:+.3f}** and the floor factor **{flat:.4f}**. A factor "
        "near −1 flips the sign of the error each step while hardly shrinking it: the path bounces from wall "
        "to wall. A factor just below 1 is a slow crawl along the floor. A larger η crawls faster but pushes "
        "the steep factor below −1: past η = 2/L = {bound:.4g} the bounce grows and the run diverges.",
        lr=cfg.sgd_lr, steep=steep, flat=flat, bound=theory.gd_stable_lr))  # fmt: skip
    st.markdown(t("#### Why momentum helps"))
    n_gd = th.steps_to_shrink(theory.gd_optimal_rate)
    n_hb = th.steps_to_shrink(theory.heavy_ball_optimal_rate)
    st.markdown(t(
        "The velocity sums past gradients with weights 1, β, β², …. Across the ravine the gradients alternate "
        "in sign and cancel; along the floor they agree and pile up, so the floor is crossed with an effective "
        "step of about η/(1 − β) = {eff:.4g}. At their best settings, GD shrinks the error by {gd:.4f} per step "
        "and heavy ball by {hb:.4f}: about {n_gd} versus {n_hb} steps to gain six decades.",
        eff=cfg.momentum_lr / (1.0 - cfg.momentum), gd=theory.gd_optimal_rate, hb=theory.heavy_ball_optimal_rate,
        n_gd=round(n_gd) if n_gd else "∞", n_hb=round(n_hb) if n_hb else "∞"))  # fmt: skip


def apply_gd(lr: float) -> None:
    st.session_state[MOMENTUM.page + "__sgd_lr"] = float(lr)


def apply_heavy_ball(lr: float, beta: float) -> None:
    st.session_state[MOMENTUM.page + "__lr"] = float(lr)
    st.session_state[MOMENTUM.page + "__momentum"] = float(beta)


def vector(v) -> str:
    """(x, y) to 3 decimals, without a '-0.000'."""
    return "({:.3f}, {:.3f})".format(*(round(c, 3) + 0.0 for c in v))


def theory_panel(cfg, theory: QuadraticTheory) -> None:
    st.subheader(t("Theory of this quadratic"))
    mu, L = theory.eigenvalues
    (v1, v2) = theory.eigenvectors
    rows = [
        (t("Hessian eigenvalues μ, L"), "λ_min, λ_max", f"{mu:.6g}, {L:.6g}"),
        (t("Their eigenvectors (dash-dot lines)"), "v_μ, v_L", f"{vector(v1)}, {vector(v2)}"),
    ]  # fmt: skip
    if theory.convex:
        b = cfg.momentum
        rows += [
            (t("Condition number κ"), "L/μ", f"{theory.kappa:.6g}"),
            (t("GD stable for η below"), "2/L", f"{theory.gd_stable_lr:.6g}"),
            (t("Heavy ball stable for η below (β = {beta:.4g})", beta=b), "2(1+β)/L",
             f"{theory.heavy_ball_stable_lr:.6g}"),
            (t("Nesterov stable for η below (β = {beta:.4g})", beta=b), "2(1+β)/((1+2β)L)",
             f"{th.nesterov_stable_lr(L, b):.6g}"),
            (t("Optimal GD learning rate"), "2/(L+μ)", f"{theory.gd_optimal_lr:.6g}"),
            (t("Optimal GD rate"), "(κ−1)/(κ+1)", f"{theory.gd_optimal_rate:.6g}"),
            (t("Optimal heavy-ball learning rate"), "4/(√L+√μ)²", f"{theory.heavy_ball_optimal_lr:.6g}"),
            (t("Optimal heavy-ball momentum"), "((√κ−1)/(√κ+1))²", f"{theory.heavy_ball_optimal_momentum:.6g}"),
            (t("Optimal heavy-ball rate"), "(√κ−1)/(√κ+1)", f"{theory.heavy_ball_optimal_rate:.6g}"),
        ]  # fmt: skip
    st.dataframe(
        [{t("Quantity"): q, t("Formula"): f, t("Value"): v} for q, f, v in rows], hide_index=True, key="mr_theory"
    )
    if not theory.convex:
        st.warning(t("This quadratic is not convex (an eigenvalue ≤ 0): it has no minimum, so no optimal settings."))
        return
    a, b = st.columns(2)
    a.button(t("Apply optimal GD learning rate"), key="mr_apply_gd", on_click=apply_gd, args=(theory.gd_optimal_lr,))
    b.button(t("Apply optimal heavy-ball settings"), key="mr_apply_hb", on_click=apply_heavy_ball,
             args=(theory.heavy_ball_optimal_lr, theory.heavy_ball_optimal_momentum))  # fmt: skip


def rates(cfg, result, theory: QuadraticTheory | None) -> None:
    st.subheader(t("Predicted and measured rates"))
    surface = result.surface
    curves, rows = [], []
    settings = {"sgd": (cfg.sgd_lr, 0.0), "heavy_ball": (cfg.momentum_lr, cfg.momentum),
                "nesterov": (cfg.momentum_lr, cfg.momentum)}  # fmt: skip
    for method, run in zip(lesson.MOMENTUM_METHODS, result.runs):
        d = distances(surface, run.path)
        lr, beta = settings[method]
        pred = th.predicted_rate(method, theory, lr, beta) if theory is not None and theory.convex else None
        meas = None if run.diverged_at else measured_rate(d)
        curves.append(views.RateCurve(run.label, COLORS[method], "solid", d, pred))
        rows.append({
            t("Run"): run.label,
            t("Predicted rate ρ"): "—" if pred is None else f"{pred:.4f}",
            t("Measured rate"): "—" if meas is None else f"{meas:.4f}",
            t("Steps to f − f* ≤ 1e-6"): "—" if run.metrics.steps_to_tolerance is None
            else str(run.metrics.steps_to_tolerance),
            t("Diverged at step"): "" if run.diverged_at is None else str(run.diverged_at),
        })  # fmt: skip
    left, right = st.columns([3, 2], gap="medium")
    left.plotly_chart(views.rate_figure(curves, t), key="mr_rates", config={"displaylogo": False})
    st.dataframe(rows, hide_index=True, key="mr_rate_table")
    with right:
        st.caption(t(
            "ρ is the factor by which the distance to the minimum shrinks per step, in the long run (the largest "
            "root of each method's recurrence over the two eigenvalues). The measured rate is exp(slope) of a "
            "straight-line fit to log ‖xₖ − x*‖ over the second half of the run, before round-off. At the optimal "
            "heavy-ball settings the two roots coincide and the distance falls like k·ρᵏ, so the measured rate "
            "sits slightly above ρ."))  # fmt: skip
        for run in result.runs:
            if run.diverged_at:
                st.warning(t("{run} diverged at step {k}.", run=run.label, k=run.diverged_at))
        heavy, nesterov = result.runs[1], result.runs[2]
        if nesterov.diverged_at and not heavy.diverged_at and theory is not None and theory.convex:
            st.info(t(
                "Nesterov's limit is lower than the heavy ball's: with β = {beta:.3g} it is stable only for "
                "η < 2(1+β)/((1+2β)L) = {bound:.4g}, so the heavy ball's best settings are too bold for it.",
                beta=cfg.momentum, bound=th.nesterov_stable_lr(theory.eigenvalues[1], cfg.momentum)))  # fmt: skip


def lookahead(ps, cfg, result) -> None:
    st.subheader(t("Nesterov's look-ahead, step by step"))
    nesterov = result.runs[2]
    n = len(nesterov.path) - 1
    if cfg.momentum <= 0 or n < 1:
        st.info(t("Nesterov needs a momentum β > 0."))
        return
    key = ps.widget_key("k")
    W.seed(key, ps.values["k"])
    st.session_state[key] = int(min(max(st.session_state[key], 1), n))
    k = st.slider(t("Step k"), 1, n, key=key) if n > 1 else 1
    ps.values["k"] = int(k)
    la = lesson.nesterov_lookahead(result.surface, nesterov, int(k))
    left, right = st.columns([3, 2], gap="medium")
    left.plotly_chart(views.lookahead_figure(result.surface, la, t), key="mr_lookahead",
                      config={"displaylogo": False})  # fmt: skip
    right.markdown(t(
        "Heavy ball takes the gradient where it stands, then adds the momentum. Nesterov first makes the "
        "momentum jump μ·v, takes the gradient at that look-ahead point, and corrects from there. Heading "
        "into a wall, the look-ahead gradient already points back, so the correction brakes before the "
        "overshoot instead of after it."))  # fmt: skip
    right.markdown(t(
        "torch stores the look-ahead point itself as the parameters: the Nesterov path on the contour is the "
        "sequence of look-ahead points, and the classic point drawn here is θ = x + η·μ·buf. Both steps start "
        "from θ with the same velocity v = −η·buf = ({vx:.3g}, {vy:.3g})."
        , vx=la.velocity[0], vy=la.velocity[1]))  # fmt: skip
    gap = float(np.hypot(*(la.nesterov_end - la.heavy_ball_end)))
    right.caption(t("The two new points differ by {gap:.3g}.", gap=gap))


def classic_nesterov(ps, cfg, surface, grid, result) -> None:
    st.subheader(t("Nesterov, the classic way and PyTorch's"))
    st.latex(r"\text{classic: }\ v_k=\mu v_{k-1}-\eta\,\nabla f(\theta_{k-1}+\mu v_{k-1}),\quad "
             r"\theta_k=\theta_{k-1}+v_k")  # fmt: skip
    st.latex(r"\text{PyTorch: }\ b_k=\mu b_{k-1}+\nabla f(x_{k-1}),\quad "
             r"x_k=x_{k-1}-\eta\,\big(\nabla f(x_{k-1})+\mu b_k\big)")  # fmt: skip
    if not W.toggle(ps, "classic", t("Run the classic form next to PyTorch's")):
        st.caption(t("The classic form takes its gradient at the look-ahead point θ + μ·v; PyTorch keeps that point "
                     "as its parameters."))  # fmt: skip
        return
    if cfg.momentum <= 0:
        st.info(t("Nesterov needs a momentum β > 0."))
        return
    classic = cache.classic_nesterov(cfg, surface)
    torch_run = result.runs[2]
    x0, x1, y0, y1 = surface.window
    span = max(x1 - x0, y1 - y0)
    lines = [
        views.PathLine(t("PyTorch (nesterov=True): x"), torch_run.path, COLORS["nesterov"], width=5),
        views.PathLine(t("classic: θ"), classic.path, "#111111", "dot", 2, "x"),
        views.PathLine(t("classic: θ + μ·v"), classic.lookahead, theme.method_color("sgd"), "dash"),
    ]  # fmt: skip
    left, right = st.columns([3, 2], gap="medium")
    left.plotly_chart(views.paths_figure(surface, grid, lines, t), key="mr_classic_chart",
                      config={"displaylogo": False})  # fmt: skip
    rows = []
    for name, a in ((t("classic θ vs PyTorch's x"), classic.path), (t("θ + μ·v vs PyTorch's x"), classic.lookahead)):
        gap = lesson.max_gap(a, torch_run.path)
        rows.append({t("Paths"): name, t("Largest gap"): f"{gap:.2e}",
                     t("Same path?"): t("yes") if lesson.coincide(a, torch_run.path, span) else t("no")})  # fmt: skip
    with right:
        st.dataframe(rows, hide_index=True, key="mr_classic_table")
        st.markdown(t(
            "Both forms make the same moves, seen from two places. Write x = θ + μ·v for the point where the "
            "classic form takes its gradient and b = −v/η for the velocity: the classic update becomes exactly "
            "PyTorch's, b ← μ·b + ∇f(x), x ← x − η·(∇f(x) + μ·b). So PyTorch's path is the classic look-ahead "
            "path θ + μ·v, and θ itself runs μ·v behind it."))  # fmt: skip
        st.caption(t("With a learning-rate schedule the two part ways, as for the momentum conventions below."))


def conventions(ps, cfg, surface, grid) -> None:
    st.subheader(t("Three ways to write momentum"))
    if not W.toggle(ps, "conventions", t("Run the three conventions together")):
        st.caption(t("CS231n, PyTorch and the EWMA form of the course notes, on the heavy-ball settings above."))
        return
    scale = W.choice(ps, "ewma_lr", t("EWMA learning rate"),
                     format_func=lambda o: t("η/(1 − β)") if o == "rescaled" else t("the same η"))  # fmt: skip
    rescaled = scale == "rescaled"
    cs, torch_run, ewma_run = cache.conventions(cfg, surface, rescaled)
    lr, beta = cfg.momentum_lr, cfg.momentum
    x0, x1, y0, y1 = surface.window
    span = max(x1 - x0, y1 - y0)
    lines = [
        views.PathLine(t("PyTorch: buf = μ·buf + g; x −= η·buf"), torch_run.path, COLORS["heavy_ball"],
                                width=5),
        views.PathLine(t("CS231n: v = μ·v − η·g; x += v"), cs.path, "#111111", "dot", 2, "x"),
        views.PathLine(t("EWMA: v = β·v + (1 − β)·g; x −= η·v"), ewma_run.path,
                                theme.method_color("ewma_momentum"), "dash"),
    ]  # fmt: skip
    left, right = st.columns([3, 2], gap="medium")
    left.plotly_chart(views.paths_figure(surface, grid, lines, t), key="mr_conventions_chart",
                      config={"displaylogo": False})  # fmt: skip
    pairs = [(t("CS231n vs PyTorch"), cs.path, torch_run.path), (t("EWMA vs PyTorch"), ewma_run.path, torch_run.path)]
    rows = []
    for name, a, b in pairs:
        gap = lesson.max_gap(a, b)
        same = lesson.coincide(a, b, span)
        rows.append({t("Paths"): name, t("Largest gap"): f"{gap:.2e}", t("Same path?"): t("yes") if same else t("no")})
    with right:
        st.dataframe(rows, hide_index=True, key="mr_conventions_table")
        st.markdown(t(
            "With a constant η, CS231n's velocity is exactly −η·buf, so it walks PyTorch's path. The EWMA "
            "velocity is (1 − β)·buf: with the same η it takes steps {f:.3g} times as long as PyTorch's; with "
            "η/(1 − β) = {lr2:.4g} it walks PyTorch's path again.", f=1.0 - beta, lr2=lr / (1.0 - beta)))  # fmt: skip
        st.caption(t(
            "With a learning-rate schedule CS231n and PyTorch part ways: CS231n's v keeps past steps sized by "
            "past learning rates, while PyTorch multiplies the whole buffer by the current one."))  # fmt: skip


def main() -> None:
    ps = page_state.load(MOMENTUM)
    st.title(t("Momentum & ravines"))
    st.caption(t(
        "Plain SGD, heavy-ball momentum and Nesterov from one start with one step budget, on a quadratic whose "
        "theory is known exactly: the rates on this page are predictions you can check."))  # fmt: skip
    controls(ps)
    page_state.notices(ps, t)
    try:
        cfg, surface = momentum_config(ps.values)
    except ValueError as err:  # ParseError is a ValueError: the typed formula cannot be used
        formula_error(err, t)
        st.stop()
    run_labels = tuple(labels(cfg).values())
    try:
        result = cache.momentum_runs(cfg, surface).with_labels(run_labels)
    except ValueError as err:
        st.error(t("The engine refused these settings: {error}", error=str(err)))
        st.stop()
    theory = theory_of(surface, cfg.momentum)
    grid = cache.grid(cfg.surface, cfg.surface_params, cfg.expr)
    if theory is None:
        st.info(t("This surface is not quadratic (its Hessian is not constant): no theory panel."))
    main_figure(cfg, surface, run_labels, theory)
    if theory is not None:
        theory_panel(cfg, theory)
    rates(cfg, result, theory)
    lookahead(ps, cfg, result)
    classic_nesterov(ps, cfg, surface, grid, result)
    conventions(ps, cfg, surface, grid)
    export_section(ps, cfg, result)
    page_state.sync(ps)


def export_section(ps, cfg, result) -> None:
    st.subheader(t("The animation as a file"))
    st.caption(t("For slides: the three runs growing step by step on the surface, with the step counter and "
                 "the legend, drawn on the server."))  # fmt: skip
    v = ps.values
    options = export_controls(ps.widget_key("export"), (v["export"], v["size"], int(v["fps"])), t)
    v["export"], v["size"], v["fps"] = options[0], options[1], float(options[2])
    animation_download(ps.widget_key("export"), cfg, lambda: result, options, t, "optim_viz_momentum")


main()
