"""Figures of the neuron page's later sections: training in epochs (the learning rate each rule sets and
the training and validation losses after every epoch), and the numerical gradient check's error over h."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from ..i18n import Translator, english
from ..lessons.epochs import EpochLesson
from . import theme
from .kit import base_layout, f32, figure, legend_below, title

RULE_COLORS = {"constant": theme.SCHEDULE_COLORS["constant"], "step": theme.SCHEDULE_COLORS["step"],
               "plateau": "#D55E00"}  # fmt: skip


def epochs_figure(lesson: EpochLesson, labels: Sequence[str], t: Translator = english) -> go.Figure:
    """Top: the lr of each epoch (log scale), ▼ where the plateau rule cut it. Bottom: validation loss
    (solid) and training loss (dotted) after each epoch."""
    runs = lesson.runs
    epochs = np.arange(1, runs.lr.shape[1] + 1, dtype=np.int32)
    data: list[dict] = []
    for i, (rule, label) in enumerate(zip(lesson.rules, labels)):
        color = RULE_COLORS[rule]
        data.append({"type": "scatter", "x": epochs, "y": f32(runs.lr[i]), "mode": "lines", "xaxis": "x",
                     "yaxis": "y", "line": {"color": color, "width": 2.4, "shape": "hv"}, "name": label,
                     "legendgroup": rule, "meta": f"lr-{rule}",
                     "hovertemplate": label + ": η = %{y:.4g}<extra></extra>"})  # fmt: skip
        cut = np.flatnonzero(runs.reduced[i])
        if cut.size:
            data.append({"type": "scatter", "x": (epochs[cut] + 0.5).astype(np.float64).tolist(),
                         "y": [float(v) for v in runs.lr[i, cut]], "mode": "markers", "xaxis": "x", "yaxis": "y",
                         "marker": {"symbol": "triangle-down", "size": 11, "color": color}, "legendgroup": rule,
                         "showlegend": False, "meta": f"cut-{rule}",
                         "hovertemplate": t("the validation metric stopped improving: η is cut here")
                         + "<extra></extra>"})  # fmt: skip
        data.append({"type": "scatter", "x": epochs, "y": f32(runs.val_loss[i]), "mode": "lines+markers",
                     "xaxis": "x2", "yaxis": "y2", "line": {"color": color, "width": 2.4}, "marker": {"size": 4},
                     "name": label, "legendgroup": rule, "showlegend": False, "meta": f"val-{rule}",
                     "hovertemplate": label + ": " + t("validation loss") + " %{y:.4g}<extra></extra>"})  # fmt: skip
        data.append({"type": "scatter", "x": epochs, "y": f32(runs.train_loss[i]), "mode": "lines", "xaxis": "x2",
                     "yaxis": "y2", "line": {"color": color, "width": 1.3, "dash": "dot"}, "name": label,
                     "legendgroup": rule, "showlegend": False, "meta": f"train-{rule}",
                     "hovertemplate": label + ": " + t("training loss") + " %{y:.4g}<extra></extra>"})  # fmt: skip
    layout = {
        "title": title(t("Learning rate and losses, epoch by epoch")),
        "height": 560,
        "margin": {"l": 70, "r": 15, "t": 60, "b": 110},
        "xaxis": {"domain": [0, 1], "anchor": "y", "showticklabels": False, "matches": "x2", "showgrid": False},
        "yaxis": {"domain": [0.62, 1.0], "type": "log", "title": {"text": t("learning rate η")},
                  "exponentformat": "power"},
        "xaxis2": {"domain": [0, 1], "anchor": "y2", "title": {"text": t("epoch")}, "showgrid": False},
        "yaxis2": {"domain": [0.0, 0.52], "title": {"text": t("loss (solid: validation, dotted: training)")}},
        "legend": legend_below(-0.16),
        "hovermode": "x unified",
    }  # fmt: skip
    return figure(data, base_layout(**layout))


def gradient_error_figure(hs: Sequence[float], errors: np.ndarray, h: float, t: Translator = english) -> go.Figure:
    """‖central differences − exact gradient‖ against h (log–log), the chosen h marked."""
    hs = np.asarray(hs, dtype=np.float64)
    shown = np.maximum(errors, 1e-18)
    i = int(np.argmin(np.abs(np.log(hs) - np.log(h))))
    data = [
        {"type": "scatter", "x": f32(hs), "y": shown.tolist(), "mode": "lines+markers", "meta": "error",
         "line": {"color": theme.method_color("adam"), "width": 2.4}, "name": t("difference"),
         "hovertemplate": "h = %{x:.0e}: %{y:.2e}<extra></extra>"},
        {"type": "scatter", "x": [float(hs[i])], "y": [float(shown[i])], "mode": "markers", "meta": "chosen",
         "marker": {"color": theme.GRADIENT_ARROW, "size": 13, "symbol": "circle-open", "line": {"width": 3}},
         "name": t("the h chosen above"), "hoverinfo": "skip"},
    ]  # fmt: skip
    layout = {
        "title": title(t("Size of the difference for every h")),
        "height": 360,
        "xaxis": {"title": {"text": "h"}, "type": "log", "autorange": "reversed", "exponentformat": "power"},
        "yaxis": {"title": {"text": t("‖numerical − exact‖")}, "type": "log", "exponentformat": "power"},
        "legend": legend_below(-0.3),
        "margin": {"l": 70, "r": 15, "t": 50, "b": 110},
    }
    return figure(data, base_layout(**layout))
