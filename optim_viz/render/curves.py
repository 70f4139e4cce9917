"""Curves over the steps of the playground's runs: the loss gap and the distance to the minimum."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from ..core.engine import BatchResult
from ..i18n import Translator, english
from . import theme
from .kit import CURVE_MARGIN, LOG_FLOOR, arr, figure, font, sized, step_marker


def _layout(title: str, ytitle: str, log: bool, classroom: bool, height: int, t: Translator) -> dict:
    return {
        "height": height,
        "margin": dict(CURVE_MARGIN),
        "font": font(classroom),
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": theme.font_size(classroom) + 2}},
        "xaxis": {"title": {"text": t("step k")}, "rangemode": "tozero"},
        "yaxis": {"title": {"text": ytitle}, "type": "log" if log else "linear", "exponentformat": "power"},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.2, "x": 0},
        "showlegend": False,
        "hovermode": "x unified",
        "plot_bgcolor": "white",
    }


def _curves(result: BatchResult, values: list[np.ndarray], log: bool, t: Translator) -> list[dict]:
    styles = theme.run_styles([(r.spec.optimizer, r.hparams) for r in result.runs])
    data = []
    last = max((len(v) - 1 for v in values), default=0)
    for i, (run, v, (color, dash)) in enumerate(zip(result.runs, values, styles)):
        y = np.maximum(v, LOG_FLOOR) if log else v
        steps = np.arange(len(y))
        data.append({"type": "scatter", "meta": f"curve-{i}", "x": arr(steps, "int32"), "y": arr(y, "float64"),
                     "mode": "lines", "line": {"color": color, "width": 2.2, "dash": dash}, "name": run.label,
                     "legendgroup": f"run{i}", "hovertemplate": f"%{{y:.3g}}<extra>{run.label}</extra>"})  # fmt: skip
        if run.diverged_at is not None:
            data.append({"type": "scatter", "meta": f"curve-diverged-{i}", "x": [int(steps[-1])], "y": [float(y[-1])],
                         "mode": "markers+text", "marker": {"symbol": "x", "size": 12, "color": color},
                         "text": [t("diverged at step {k}", k=run.diverged_at)],
                         # near the right edge the label goes to the left of its mark, inside the chart
                         "textposition": "middle left" if len(y) - 1 > 0.6 * last else "middle right",
                         "cliponaxis": False, "textfont": {"color": color},
                         "name": t("{label}: diverged", label=run.label), "legendgroup": f"run{i}",
                         "showlegend": False, "hoverinfo": "skip"})  # fmt: skip
    return data


def _log_ticks(layout: dict, values: list[np.ndarray]) -> None:
    """Ticks on whole decades only (auto ticks label 2 and 5 between them, which clutters)."""
    finite = np.concatenate([np.ravel(v) for v in values] or [np.ones(1)])
    finite = np.maximum(finite[np.isfinite(finite)], LOG_FLOOR)
    if finite.size:
        span = math.log10(finite.max()) - math.log10(finite.min())
        if span > 3:  # within a few decades Plotly's own ticks (1, 2, 5, …) are the readable ones
            layout["yaxis"]["dtick"] = math.ceil(span / 6)


def loss_figure(
    result: BatchResult, *, inspect_step: int | None = None, classroom: bool = False, height: int = 340,
    t: Translator = english,
) -> go.Figure:  # fmt: skip
    """f(xₖ) − f* against k on a log axis (f itself, linear, where f* is unknown)."""
    f_min = result.surface.min_value
    if f_min is not None:
        values = [run.loss - f_min for run in result.runs]
        title, ytitle, log = "Loss gap f(xₖ) − f*", "f − f* (log)", True
    else:
        values = [run.loss for run in result.runs]
        title, ytitle, log = "Loss f(xₖ) (no lower bound on this surface)", "f", False
    layout = _layout(t(title), t(ytitle), log, classroom, height, t)
    layout["shapes"] = step_marker(inspect_step)
    if log:
        _log_ticks(layout, values)
    return figure(_curves(result, values, log, t), sized(layout, classroom))


def distance_figure(
    result: BatchResult, *, inspect_step: int | None = None, classroom: bool = False, height: int = 340,
    t: Translator = english,
) -> go.Figure:  # fmt: skip
    """Distance to the nearest minimum (or the nearest critical point on a surface with none) on a log axis."""
    surface = result.surface
    if surface.minima:
        values = [surface.distance_to_nearest_minimum(r.path[:, 0], r.path[:, 1]) for r in result.runs]
        title = t("Distance to the nearest minimum ‖xₖ − x*‖")
    else:
        pts = surface.critical_points
        values = [
            np.min([np.hypot(r.path[:, 0] - p.x, r.path[:, 1] - p.y) for p in pts], axis=0)
            if pts
            else np.hypot(r.path[:, 0] - r.path[0, 0], r.path[:, 1] - r.path[0, 1])
            for r in result.runs
        ]
        nearest = t("Distance to the {kind} (no minimum here)", kind=t(pts[0].kind)) if pts else None
        title = nearest or t("Distance from the start")
    layout = _layout(title, t("distance (log)"), True, classroom, height, t)
    layout["shapes"] = step_marker(inspect_step)
    _log_ticks(layout, values)
    return figure(_curves(result, values, True, t), sized(layout, classroom))
