"""Per-run numbers the playground shows under its figures: the metrics table and divergence notes."""

from __future__ import annotations

import math

from .core.engine import BatchResult
from .figures import window_exit
from .i18n import Translator, english

METRIC_COLUMNS = {
    "run": "Run",
    "final_loss": "Final loss",
    "steps_to_tolerance": "Steps to tolerance",
    "diverged_at": "Diverged at step",
    "path_length": "Path length",
    "oscillation_index": "Oscillation index",
    "final_distance": "Distance to minimum",
}

METRIC_HELP = {
    "final_loss": "f at the last point of the path (the last finite one if the run diverged).",
    "steps_to_tolerance": "First step k with f(xₖ) − f* ≤ tolerance; empty if never reached.",
    "diverged_at": "Step at which the run left every bound (|x| or |y| > 10⁶ or a non-finite loss).",
    "path_length": "Total distance travelled, Σ‖xₖ − xₖ₋₁‖.",
    "oscillation_index": "0: every step keeps going the same way; near 1: every step undoes the previous one "
    "(the zig-zag across a ravine).",
    "final_distance": "Distance from the last point to the nearest minimum.",
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
