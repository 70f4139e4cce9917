"""The race's learning-rate search: final loss against η for every optimizer, the pick marked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from ..i18n import Translator, english
from ..lessons.race import Tuning
from .kit import LOG_FLOOR, arr, base_layout, figure


@dataclass(frozen=True)
class TuningCurve:
    label: str
    color: str
    tuning: Tuning


def tuning_figure(
    curves: Sequence[TuningCurve], f_min: float | None, t: Translator = english, height: int = 360
) -> go.Figure:
    """Final loss (the gap f − f* on a log axis when f* is known) against lr for every racer,
    diverged lrs left out, the picked lr marked."""
    log_loss = f_min is not None
    data: list[dict] = []
    for c in curves:
        tu = c.tuning
        ok = (tu.diverged_at == 0) & np.isfinite(tu.final_loss)
        y = np.maximum(tu.final_loss - f_min, LOG_FLOOR) if log_loss else tu.final_loss
        data.append({
            "type": "scatter", "x": arr(tu.lrs[ok], "float64"), "y": arr(y[ok], "float64"), "mode": "lines+markers",
            "name": c.label,
            "line": {"color": c.color, "width": 1.8}, "marker": {"size": 4, "color": c.color},
            "hovertemplate": "η=%{x:.3g}: %{y:.3g}<extra>" + c.label + "</extra>",
        })  # fmt: skip
        if tu.best_lr is not None:
            i = int(np.argmin(np.abs(tu.lrs - tu.best_lr)))
            data.append({
                "type": "scatter", "x": [tu.best_lr], "y": [float(y[i])], "mode": "markers",
                "marker": {"symbol": "star", "size": 14, "color": c.color, "line": {"color": "black", "width": 1}},
                "name": t("{label}: picked η = {lr:.3g}", label=c.label, lr=tu.best_lr), "showlegend": False,
                "hovertemplate": t("{label}: picked η = {lr:.3g}", label=c.label, lr=tu.best_lr) + "<extra></extra>",
            })  # fmt: skip
    layout = {
        "height": height,
        "margin": {"l": 60, "r": 10, "t": 40, "b": 45},
        "title": {"text": t("The learning-rate search: final loss for every η tried (diverged runs left out)"),
                  "x": 0},
        "xaxis": {"type": "log", "title": {"text": t("learning rate η")}, "exponentformat": "power"},
        "yaxis": {"type": "log" if log_loss else "linear",
                  "title": {"text": t("final loss gap f − f*") if log_loss else t("final loss f")},
                  "exponentformat": "power"},
        "legend": {"orientation": "v", "x": 1.02, "y": 1},
        "hovermode": "closest",
    }  # fmt: skip
    return figure(data, base_layout(**layout))
