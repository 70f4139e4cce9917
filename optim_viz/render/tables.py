"""Tables and messages under the figures: each run's metrics, divergence and window notes, and the
step inspector's table (numbers and fixed labels only, nothing user-typed)."""

from __future__ import annotations

import math

import numpy as np

from ..core.engine import BatchResult
from ..core.paths import window_exit
from ..core.steps import StepDetail, evaluations
from ..i18n import Translator, english

METRIC_COLUMNS = {
    "run": "Run",
    "final_loss": "Final loss",
    "steps_to_tolerance": "Steps to tolerance",
    "diverged_at": "Diverged at step",
    "path_length": "Path length",
    "oscillation_index": "Oscillation index",
    "final_distance": "Distance to minimum",
    "evaluations": "Evaluations of f and ∇f",
}

METRIC_HELP = {
    "final_loss": "f at the last point of the path (the last finite one if the run diverged).",
    "steps_to_tolerance": "First step k with f(xₖ) − f* ≤ tolerance; empty if never reached.",
    "diverged_at": "Step at which the run left every bound (|x| or |y| > 10⁶ or a non-finite loss).",
    "path_length": "Total distance travelled, Σ‖xₖ − xₖ₋₁‖.",
    "oscillation_index": "0: every step keeps going the same way; near 1: every step undoes the previous one "
    "(the zig-zag across a ravine).",
    "final_distance": "Distance from the last point to the nearest minimum.",
    "evaluations": "How many times the run evaluated f and its gradient: one per step, several per step for L-BFGS "
    "(its line search and inner iterations).",
}


def _num(v: float | None) -> float | None:
    return None if v is None or not math.isfinite(v) else float(v)


def metrics_rows(result: BatchResult, t: Translator = english) -> list[dict]:
    """One row per run, keyed like METRIC_COLUMNS; counts are text so 'not reached' reads as such."""
    rows = []
    for run in result.runs:
        m = run.metrics
        if m.steps_to_tolerance is not None:
            reached = str(m.steps_to_tolerance)
        elif result.surface.min_value is None:
            reached = t("n/a (no minimum)")
        else:
            reached = t("not within {n}", n=m.steps)
        rows.append(
            {
                "run": run.label,
                "final_loss": _num(m.final_loss),
                "steps_to_tolerance": reached,
                "diverged_at": t("no") if m.diverged_at is None else str(m.diverged_at),
                "path_length": _num(m.path_length),
                "oscillation_index": _num(m.oscillation_index),
                "final_distance": _num(m.final_distance),
                "evaluations": int(evaluations(run)[-1]),
            }
        )
    return rows


def divergence_messages(result: BatchResult, t: Translator = english) -> list[str]:
    """'Run 2 (SGD η=0.5) diverged at step 17: …' for every run that diverged."""
    out = []
    for run in result.runs:
        if run.diverged_at is None:
            continue
        last = run.path[-1]
        text = t(
            "**{label}** diverged at step **{k}**: its iterate left every bound (|x| or |y| > 10⁶, or a "
            "non-finite loss). The path stops at its last finite point ({x}, {y}), step {k_last}. "
            "Try a smaller learning rate.",
            label=run.label, k=run.diverged_at, x=f"{last[0]:.3g}", y=f"{last[1]:.3g}", k_last=run.diverged_at - 1,
        )  # fmt: skip
        if result.surface.name == "custom":
            text += " " + t(
                "On a typed formula the next point may also lie where f is not defined (log or sqrt of a "
                "negative number, division by zero) or overflows."
            )
        out.append(text)
    return out


def window_messages(result: BatchResult, t: Translator = english) -> list[str]:
    """Runs whose path leaves the plotted window without diverging (their line ends at the edge)."""
    out = []
    for run in result.runs:
        hit = window_exit(run.path, result.surface.window)
        if hit is not None and run.diverged_at is None:
            out.append(
                t("**{label}** leaves the plotted window at step {k} (□ marks where).", label=run.label, k=hit[0])
            )
    return out


# --------------------------------------------------------------------------------------
# The step inspector's table

# torch's state names with the symbols of the update rules (update_rules.py uses the same ones).
STATE_NAMES: dict[str, str] = {
    "momentum_buffer": "buf (momentum_buffer)",
    "velocity": "v (velocity)",
    "sum": "G (sum of g²)",
    "square_avg": "v (square_avg)",
    "grad_avg": "ḡ (grad_avg)",
    "acc_delta": "u (acc_delta)",
    "exp_avg": "m (exp_avg)",
    "exp_avg_sq": "v (exp_avg_sq)",
    "max_exp_avg_sq": "v_max (max_exp_avg_sq)",
    "mu_product": "Π μ (mu_product)",
    "exp_inf": "u (exp_inf)",
    "prev": "g_prev (prev)",
    "step_size": "Δ (step_size)",
    "eta": "η_t (eta)",
    "mu": "μ_t (mu)",
    "ax": "x̄ (ax, the averaged iterate)",
    "variance": "V (variance)",
    "evals": "function evaluations in this step",
    "n_iter": "inner iterations so far (n_iter)",
}



def _vec(v: np.ndarray, scale: float = 0.0) -> str:
    """'(0.0792, -1.87)'; entries below 1e-12·scale are rounding noise and shown as 0."""
    v = np.where(np.abs(np.ravel(v)) <= 1e-12 * scale, 0.0, np.ravel(v))
    return f"({v[0]:.4g}, {v[1]:.4g})" if v.size == 2 else f"{v[0]:.4g}"


def detail_rows(d: StepDetail, t: Translator = english) -> list[dict[str, str]]:
    """The inspector's table for one run: quantity, value, meaning."""
    scale = float(np.abs(d.update).max() + np.abs(d.gradient_step).max())
    rows = [
        {"quantity": "xₖ₋₁", "value": _vec(d.position), "meaning": t("position before step {k}", k=d.step)},
        {"quantity": "gₖ", "value": _vec(d.gradient), "meaning": t("gradient given to the optimizer (∇f + noise)")},
        {"quantity": "ηₖ", "value": f"{d.lr:.4g}", "meaning": t("learning rate of this step (after the schedule)")},
    ]
    if d.adaptive:
        rows.append(
            {"quantity": "−ηₖ·gₖ", "value": _vec(d.gradient_step),
             "meaning": t("what plain SGD would do with this η (red arrow: its direction, at the update's length)")}
        )  # fmt: skip
    else:
        step = _vec(d.gradient_step)
        rows.append({"quantity": "−ηₖ·gₖ", "value": step, "meaning": t("plain gradient step (red arrow)")})
    for name, value in d.state.items():
        rows.append(
            {"quantity": t(STATE_NAMES.get(name, name)), "value": _vec(value),
             "meaning": t("optimizer state after the step")}
        )  # fmt: skip
    if not d.adaptive:
        rows.append(
            {"quantity": "Δₖ − (−ηₖ·gₖ)", "value": _vec(d.rest, scale), "meaning": t("momentum part (green arrow)")}
        )
    rows += [
        {"quantity": "Δₖ = xₖ − xₖ₋₁", "value": _vec(d.update), "meaning": t("actual update (black arrow)")},
        {"quantity": "xₖ", "value": _vec(d.new_position), "meaning": t("position after step {k}", k=d.step)},
        {"quantity": "f(xₖ₋₁) → f(xₖ)", "value": f"{d.loss_before:.4g} → {d.loss_after:.4g}", "meaning": t("loss")},
    ]
    return rows


def detail_markdown(d: StepDetail, t: Translator = english) -> str:
    """The rows as a Markdown table (numbers and fixed labels only, nothing user-typed)."""
    lines = [f"| {t('quantity')} | {t('value')} | {t('meaning')} |", "|---|---|---|"]
    lines += [f"| {r['quantity']} | `{r['value']}` | {r['meaning']} |" for r in detail_rows(d, t)]
    return "\n".join(lines)
