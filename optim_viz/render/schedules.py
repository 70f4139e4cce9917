"""Figures of the learning-rate schedules page: ηₜ of each schedule, the noisy runs around the
minimum, and their (smoothed) distance to it."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from ..core.ewma import ewma
from ..i18n import Translator, english
from ..lessons.results import PlainResult
from . import theme
from .kit import (
    CURVE_MARGIN,
    LOG_FLOOR,
    base_layout,
    f32,
    figure,
    legend_below,
    minimum_trace,
    path_trace,
    surface_view_layout,
    title,
)
from .surface_image import SurfaceGrid

SMOOTHING_BETA = 0.95  # EWMA of the schedules' noisy distance curves (≈ 20 steps)


def lr_figure(result: PlainResult, names: Sequence[str], t: Translator = english) -> go.Figure:
    """ηₜ of each schedule against the update t."""
    data = []
    for r, name in zip(result.runs, names):
        color = theme.SCHEDULE_COLORS.get(r.schedule, "#000000")
        data.append(
            {"type": "scatter", "x": np.arange(len(r.lr), dtype=np.int32), "y": f32(r.lr), "mode": "lines",
             "line": {"color": color, "width": 2.4}, "name": name,
             "hovertemplate": "%{y:.4g}<extra>" + name + "</extra>"}
        )  # fmt: skip
    layout = {
        "title": title(t("Learning rate ηₜ of each schedule")),
        "height": 360,
        "xaxis": {"title": {"text": t("update t")}, "showgrid": False, "rangemode": "tozero"},
        "yaxis": {"title": {"text": "ηₜ"}, "rangemode": "tozero"},
        "legend": legend_below(-0.3),  # under the axis title: the plot is only 200 px high
        "margin": {"l": 77, "r": 15, "t": 50, "b": 110},  # labels of η₀ up to 0.xx (wider ones grow it)
        "hovermode": "x unified",
    }
    return figure(data, base_layout(**layout))


def schedule_paths_figure(result: PlainResult, grid: SurfaceGrid, names: Sequence[str],
                          t: Translator = english) -> go.Figure:  # fmt: skip
    """Around the minimum: the second half of each noisy SGD run, where the schedules differ.

    The view is zoomed to those points (the whole path from the start would shrink the clouds to
    a dot); each run's last point is marked.
    """
    mx, my = result.minimum or (0.0, 0.0)
    tails = [r.path[len(r.path) // 2 :] for r in result.runs]
    reach = max([float(np.max(np.abs(tail - (mx, my)))) for tail in tails] + [1e-3])
    half = 1.15 * reach
    data: list[dict] = []
    for r, tail, name in zip(result.runs, tails, names):
        color = theme.SCHEDULE_COLORS.get(r.schedule, "#000000")
        trace = path_trace(tail, color, "solid", name, t, width=1.2)
        trace["opacity"] = 0.85
        trace["legendgroup"] = r.schedule
        trace["hovertemplate"] = name + ": (%{x:.3g}, %{y:.3g})<extra></extra>"
        data.append(trace)
        data.append(
            {"type": "scatter", "x": [float(tail[-1, 0])], "y": [float(tail[-1, 1])], "mode": "markers",
             "marker": {"color": color, "size": 12, "line": {"color": "white", "width": 1.5}},
             "legendgroup": r.schedule, "showlegend": False, "name": name,
             "hovertemplate": name + ", " + t("last step") + ": (%{x:.3g}, %{y:.3g})<extra></extra>"}
        )  # fmt: skip
    data += minimum_trace([result.minimum] if result.minimum else [], t)
    window = (mx - half, mx + half, my - half, my + half)
    text = t("Around the minimum: the second half of each run")
    layout = surface_view_layout(result.window, grid.image, text, "x", "y", 500)
    layout["xaxis"]["range"] = [window[0], window[1]]
    layout["yaxis"]["range"] = [window[2], window[3]]
    layout["legend"] = legend_below(-0.14)
    return figure(data, base_layout(**layout))


def smoothed_distance(path: np.ndarray, minimum: Sequence[float], beta: float = SMOOTHING_BETA) -> np.ndarray:
    """Distance to the minimum at each step, averaged with an EWMA (bias-corrected) so the trend shows."""
    d = np.hypot(path[:, 0] - minimum[0], path[:, 1] - minimum[1])
    return ewma(d, beta, bias_correction=True)


def schedule_distance_figure(result: PlainResult, names: Sequence[str], t: Translator = english) -> go.Figure:
    """Distance to the minimum against the step (EWMA-smoothed, log scale): constant lr stalls at its
    noise floor, the decaying schedules keep going down."""
    data = []
    minimum = result.minimum or (0.0, 0.0)
    for r, name in zip(result.runs, names):
        d = np.maximum(smoothed_distance(r.path, minimum), LOG_FLOOR)
        data.append(
            {"type": "scatter", "x": np.arange(len(d), dtype=np.int32), "y": np.asarray(d, dtype=np.float64),
             "mode": "lines", "line": {"color": theme.SCHEDULE_COLORS.get(r.schedule, "#000000"), "width": 2.2},
             "name": name, "hovertemplate": "%{y:.3g}<extra>" + name + "</extra>"}
        )  # fmt: skip
    layout = {
        "title": title(t("Distance to the minimum, averaged over ≈{n} steps", n=round(1 / (1 - SMOOTHING_BETA)))),
        "height": 500,
        "margin": CURVE_MARGIN | {"t": 50, "r": 23, "b": 140},  # 23: the last update's label
        "xaxis": {"title": {"text": t("step k")}, "showgrid": False},
        "yaxis": {"title": {"text": t("distance (log)")}, "type": "log", "exponentformat": "power", "dtick": 1},
        "legend": legend_below(-0.2),  # under the axis title
        "hovermode": "x unified",
    }
    return figure(data, base_layout(**layout))
