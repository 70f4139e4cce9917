"""Figures of the neuron page: the data with each run's decision boundary, the exact loss surface
with the paths, and the full-data loss over the steps."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from ..core.surfaces import make_surface
from ..i18n import Translator, english
from ..lessons.neuron import (
    NeuronLesson,
    boundary_level,
    boundary_segment,
    neuron_loss_grid,
    neuron_surface_params,
)
from ..lessons.results import PlainResult
from . import theme
from .kit import (
    base_layout,
    f32,
    figure,
    minimum_trace,
    path_trace,
    surface_view_layout,
    title,
)
from .surface_image import SurfaceGrid, grid_from_values


def _neuron_styles(result: PlainResult) -> list[tuple[str, str]]:
    return theme.run_styles([(r.optimizer, r.hparams) for r in result.runs])


def data_box(X: np.ndarray) -> float:
    """Half-width of the square that shows every data point with a margin."""
    return float(np.ceil(np.max(np.abs(X)) + 0.5))


def neuron_data_figure(lesson: NeuronLesson, k: int, labels: Sequence[str], t: Translator = english) -> go.Figure:
    """The two classes and each run's decision boundary (where ŷ = ½: w₁x₁ + w₂x₂ = 0 for the sigmoid, = ½
    for ReLU) after k steps (dotted: the boundary of the best weights)."""
    X, y = lesson.X, lesson.labels
    box = data_box(X)
    level = boundary_level(lesson.activation)
    data: list[dict] = []
    for cls, symbol in ((0, "circle-open"), (1, "circle")):
        pts = X[y == cls]
        data.append(
            {"type": "scatter", "x": f32(pts[:, 0]), "y": f32(pts[:, 1]), "mode": "markers",
             "marker": {"color": theme.CLASS_COLORS[cls], "size": 9, "symbol": symbol, "line": {"width": 1.8}},
             "name": t("label {label}", label=cls), "hovertemplate": "(%{x:.2f}, %{y:.2f})<extra></extra>"}
        )  # fmt: skip
    for r, (color, dash), name in zip(lesson.result.runs, _neuron_styles(lesson.result), labels):
        w = r.path[min(k, len(r.path) - 1)]
        seg = boundary_segment(w, box, level)
        if seg is None:
            continue
        data.append(
            {"type": "scatter", "x": seg[:, 0], "y": seg[:, 1], "mode": "lines",
             "line": {"color": color, "width": 2.6, "dash": dash}, "name": name,
             "hovertemplate": name + f"<br>w = ({w[0]:.3f}, {w[1]:.3f})<extra></extra>"}
        )  # fmt: skip
    if lesson.result.minimum is not None:
        seg = boundary_segment(lesson.result.minimum, box, level)
        if seg is not None:
            data.append(
                {"type": "scatter", "x": seg[:, 0], "y": seg[:, 1], "mode": "lines",
                 "line": {"color": theme.MINIMUM_COLOR, "width": 1.5, "dash": "dot"}, "name": t("best weights w*"),
                 "hoverinfo": "skip"}
            )  # fmt: skip
    layout = {
        "title": title(t("Data and decision boundaries after step {k}", k=k)),
        "height": 480,
        "xaxis": {"range": [-box, box], "title": {"text": "x₁"}, "constrain": "domain", "zeroline": True,
                  "zerolinecolor": "#dddddd", "showgrid": False},
        "yaxis": {"range": [-box, box], "title": {"text": "x₂"}, "scaleanchor": "x", "scaleratio": 1,
                  "constrain": "domain", "zeroline": True, "zerolinecolor": "#dddddd", "showgrid": False},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.2, "xanchor": "left", "x": 0},  # under x₁
    }  # fmt: skip
    return figure(data, base_layout(**layout))


def neuron_surface_figure(lesson: NeuronLesson, grid: SurfaceGrid, k: int, labels: Sequence[str],
                          t: Translator = english) -> go.Figure:  # fmt: skip
    """The exact full-data loss over (w₁, w₂) with each run's path; a dot marks each run at step k."""
    res = lesson.result
    data: list[dict] = []
    styles = _neuron_styles(res)
    for r, (color, dash), name in zip(res.runs, styles, labels):
        data.append(path_trace(r.path, color, dash, name, t, width=1.8))
    for r, (color, _), name in zip(res.runs, styles, labels):
        w = r.path[min(k, len(r.path) - 1)]
        data.append(
            {"type": "scatter", "x": [float(w[0])], "y": [float(w[1])], "mode": "markers",
             "marker": {"color": color, "size": 12, "line": {"color": "white", "width": 1.5}},
             "showlegend": False, "name": name,
             "hovertemplate": name + "<br>" + t("step {k}", k=k) + ": (%{x:.3g}, %{y:.3g})<extra></extra>"}
        )  # fmt: skip
    start = res.runs[0].path[0]
    data.append(
        {"type": "scatter", "x": [float(start[0])], "y": [float(start[1])], "mode": "markers+text",
         "marker": {"symbol": "circle-open", "size": 14, "color": theme.START_COLOR, "line": {"width": 2.5}},
         "text": [t("start")], "textposition": "top center", "showlegend": False, "name": t("start"),
         "hoverinfo": "skip"}
    )  # fmt: skip
    data += minimum_trace([res.minimum] if res.minimum else [], t, t("best weights w*"))
    text = t("Full-data loss L(w₁, w₂) and the paths")
    return figure(data, base_layout(**surface_view_layout(res.window, grid.image, text, "w₁", "w₂", 520)))


def neuron_loss_figure(lesson: NeuronLesson, k: int, labels: Sequence[str], t: Translator = english) -> go.Figure:
    """The full-data loss after each step (mini-batch runs wobble: each step only saw a sample)."""
    res = lesson.result
    data = []
    for r, (color, dash), name in zip(res.runs, _neuron_styles(res), labels):
        data.append(
            {"type": "scatter", "x": np.arange(len(r.loss), dtype=np.int32), "y": f32(r.loss), "mode": "lines",
             "line": {"color": color, "width": 1.8, "dash": dash}, "name": name,
             "hovertemplate": "%{y:.4f}<extra>" + name + "</extra>"}
        )  # fmt: skip
    layout = {
        "title": title(t("Full-data loss after each step")),
        "height": 360,
        "xaxis": {"title": {"text": t("step k")}, "showgrid": False},
        "yaxis": {"title": {"text": t("loss")}},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.26, "xanchor": "left", "x": 0},
        "margin": {"l": 70, "r": 23, "t": 50, "b": 110},  # losses 0.x and the last step's label
        "hovermode": "x unified",
        "shapes": [{"type": "line", "xref": "x", "yref": "paper", "x0": k, "x1": k, "y0": 0, "y1": 1,
                    "line": {"color": "#888888", "width": 1.5, "dash": "dot"}}],
    }  # fmt: skip
    if res.min_value is not None:
        layout["shapes"].append(
            {"type": "line", "xref": "paper", "yref": "y", "x0": 0, "x1": 1, "y0": res.min_value, "y1": res.min_value,
             "line": {"color": theme.MINIMUM_COLOR, "width": 1, "dash": "dot"}}
        )  # fmt: skip
    return figure(data, base_layout(**layout))


def neuron_grid(loss: str, points: int, data_seed: int, sep: float, activation: str = "sigmoid") -> SurfaceGrid:
    """The neuron's exact loss as a picture (linear levels), interpolated from a coarse grid."""
    xs, ys, f = neuron_loss_grid(loss, points, data_seed, sep, activation)
    window = make_surface("neuron", neuron_surface_params(loss, points, data_seed, sep, activation)).window
    return grid_from_values(xs, ys, f, window)
