"""Figures of the exponentially weighted averages page: a noisy series and its averages, the
weights of past points, the gradients of SGD in a ravine and their average, and the paths."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from ..i18n import Translator, english
from ..lessons.averages import RavineGradients, SeriesLesson, TypedSeries
from . import theme
from .kit import (
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


def beta_text(beta: float) -> str:
    return f"β={beta:g}"


# --------------------------------------------------------------------------------------
# Exponentially weighted averages


def series_figure(lesson: SeriesLesson, bias_correction: bool, t: Translator = english) -> go.Figure:
    """The noisy series, the clean cosine, and V_t for each β (bias-corrected V̂_t as well when asked)."""
    data: list[dict] = [
        {"type": "scatter", "x": f32(lesson.t), "y": f32(lesson.series), "mode": "markers",
         "marker": {"color": theme.POINT_COLOR, "size": 5}, "name": t("noisy series Sₜ"),
         "hovertemplate": "t=%{x}: %{y:.3f}<extra></extra>"},
        {"type": "scatter", "x": f32(lesson.t), "y": f32(lesson.clean), "mode": "lines",
         "line": {"color": theme.CLEAN_COLOR, "width": 1.2, "dash": "dash"}, "name": t("cosine without noise"),
         "hoverinfo": "skip"},
    ]  # fmt: skip
    for i, (b, v, vc) in enumerate(zip(lesson.betas, lesson.averages, lesson.corrected)):
        color = theme.BETA_COLORS[i % len(theme.BETA_COLORS)]
        group = f"beta{i}"
        if bias_correction:
            data.append(
                {"type": "scatter", "x": f32(lesson.t), "y": f32(vc), "mode": "lines",
                 "line": {"color": color, "width": 2.6}, "legendgroup": group,
                 "name": t("{beta}, bias-corrected", beta=beta_text(b)),
                 "hovertemplate": f"{beta_text(b)} " + t("corrected") + ": %{y:.3f}<extra></extra>"}
            )  # fmt: skip
        data.append(
            {"type": "scatter", "x": f32(lesson.t), "y": f32(v), "mode": "lines",
             "line": {"color": color, "width": 1.3 if bias_correction else 2.6,
                      "dash": "dot" if bias_correction else "solid"},
             "legendgroup": group,
             "name": t("{beta}, no correction", beta=beta_text(b)) if bias_correction else beta_text(b),
             "hovertemplate": f"{beta_text(b)}: %{{y:.3f}}<extra></extra>"}
        )  # fmt: skip
    layout = {
        "title": title(t("Vₜ = β·Vₜ₋₁ + (1 − β)·Sₜ on a noisy cosine")),
        "height": 430,
        "xaxis": {"title": {"text": t("t")}, "showgrid": False},
        "yaxis": {"title": {"text": t("value")}, "zeroline": True, "zerolinecolor": "#dddddd"},
        "legend": legend_below(-0.2),
        "hovermode": "x unified",
    }
    return figure(data, base_layout(**layout))


def weights_figure(betas: Sequence[float], n: int, log: bool, t: Translator = english) -> go.Figure:
    """The weight (1 − β)·β^(t−i) of each past point in V_t against its age t − i, with the point
    where it has fallen to 1/e of the newest weight (age −1/ln β ≈ 1/(1 − β))."""
    ages = np.arange(int(n))
    data: list[dict] = []
    for i, b in enumerate(betas):
        color = theme.BETA_COLORS[i % len(theme.BETA_COLORS)]
        w = (1.0 - b) * b**ages
        data.append(
            {"type": "scatter", "x": ages.astype(np.int32), "y": np.asarray(w, dtype=np.float64), "mode": "lines",
             "line": {"color": color, "width": 2.4, "shape": "hvh" if n <= 60 else "linear"},
             "legendgroup": f"beta{i}", "name": beta_text(b),
             "hovertemplate": t("age {age}: weight {weight}", age="%{x}", weight="%{y:.3g}") + "<extra>"
             + beta_text(b) + "</extra>"}
        )  # fmt: skip
        if b > 0:
            age = -1.0 / math.log(b)
            window = 1.0 / (1.0 - b)
            if age <= n:
                data.append(
                    {"type": "scatter", "x": [age], "y": [(1.0 - b) / math.e], "mode": "markers+text",
                     "marker": {"color": color, "size": 11, "symbol": "diamond",
                                "line": {"color": "white", "width": 1}},
                     "text": [t("1/e at {age}", age=f"{age:.1f}")], "textposition": "top right",
                     "textfont": {"color": color}, "legendgroup": f"beta{i}", "showlegend": False,
                     "hovertemplate": t("{beta}: the weight is 1/e of the newest at age {age} (≈ 1/(1 − β) = {window})",
                                        beta=beta_text(b), age=f"{age:.2f}", window=f"{window:.3g}")
                     + "<extra></extra>"}
                )  # fmt: skip
    yaxis = {"title": {"text": t("weight")}, "type": "log" if log else "linear", "exponentformat": "power"}
    if log and betas:
        # down to the smallest weight of the slowest average, but no further than 1e-8: faster
        # averages then leave through the bottom instead of flattening out at a floor
        low = min((1.0 - b) * b ** (n - 1) if b > 0 else 1.0 for b in betas)
        yaxis["range"] = [math.log10(max(low, 1e-8)) - 0.2, math.log10(max(1.0 - b for b in betas)) + 0.3]
    layout = {
        "title": title(t("Weight of each past point in Vₜ: (1 − β)·β^(t−i)")),
        "height": 420,
        "margin": {"l": 60, "r": 15, "t": 50, "b": 90},
        "xaxis": {"title": {"text": t("age of the point, t − i (0 = newest)")}, "showgrid": False},
        "yaxis": yaxis,
        "legend": legend_below(-0.2),
    }
    return figure(data, base_layout(**layout))


def ravine_paths_figure(rg: RavineGradients, grid: SurfaceGrid, labels: Sequence[str],
                        t: Translator = english) -> go.Figure:  # fmt: skip
    """Plain SGD and SGD with momentum in the ravine (the paths whose gradients are averaged below)."""
    res = rg.result
    styles = theme.run_styles([(r.optimizer, r.hparams) for r in res.runs])
    data = []
    for rank, (r, (color, dash), label) in enumerate(zip(res.runs, styles, labels)):
        trace = path_trace(r.path, color, dash, label, t, width=3.0 if r.optimizer == "ewma_momentum" else 1.8)
        trace["legendrank"] = 100 + rank
        data.append(trace)
    data.sort(key=lambda tr: tr["line"]["width"])  # the averaged run on top
    data += minimum_trace([res.minimum] if res.minimum else [], t)
    x0, x1, y0, y1 = res.window
    reach = max(1.0, float(np.max(np.abs(np.concatenate([r.path[:, 1] for r in res.runs])))))
    half = min(y1, math.ceil(reach * 1.2 * 2) / 2)  # the valley's floor, not its empty walls
    layout = surface_view_layout(res.window, grid.image, t("Paths in the ravine"), "x " + t("(along the floor)"),
                         "y " + t("(across the valley)"), 480)  # fmt: skip
    layout["yaxis"]["range"] = [-half, half]
    layout["legend"] = legend_below(-0.22)
    layout["margin"] = {"l": 60, "r": 15, "t": 50, "b": 130}
    return figure(data, base_layout(**layout))


def gradient_components_figure(rg: RavineGradients, t: Translator = english) -> go.Figure:
    """Two panels, steep component (y) on top, shallow (x) below: SGD's raw gradient and its EWMA."""
    n = len(rg.grad)
    k = np.arange(1, n + 1, dtype=np.int32)
    panels = (
        (1, t("across the valley (steep): ∂f/∂y"), "y", "x"),
        (0, t("along the floor (shallow): ∂f/∂x"), "y2", "x2"),
    )
    data: list[dict] = []
    for j, (axis, _, yref, xref) in enumerate(panels):
        data.append(
            {"type": "scatter", "x": k, "y": f32(rg.grad[:, axis]), "mode": "lines+markers", "xaxis": xref,
             "yaxis": yref, "line": {"color": theme.GRADIENT_ARROW, "width": 1.2},
             "marker": {"size": 3.5, "color": theme.GRADIENT_ARROW}, "name": t("raw gradient gₜ"),
             "legendgroup": "raw", "showlegend": j == 0, "hovertemplate": "%{y:.3g}<extra></extra>"}
        )  # fmt: skip
        data.append(
            {"type": "scatter", "x": k, "y": f32(rg.averaged[:, axis]), "mode": "lines", "xaxis": xref,
             "yaxis": yref, "line": {"color": theme.MOMENTUM_ARROW, "width": 3},
             "name": t("EWMA of the gradients, {beta}", beta=beta_text(rg.beta)), "legendgroup": "avg",
             "showlegend": j == 0, "hovertemplate": "%{y:.3g}<extra></extra>"}
        )  # fmt: skip
    annotations = [
        {"text": f"<b>{title}</b>", "xref": "paper", "yref": "paper", "x": 0, "y": y, "xanchor": "left",
         "yanchor": "bottom", "showarrow": False}
        for (_, title, _, _), y in zip(panels, (1.0, 0.44))
    ]  # fmt: skip
    layout = {
        "height": 520,
        "margin": {"l": 60, "r": 15, "t": 70, "b": 50},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.06, "xanchor": "left", "x": 0},
        "annotations": annotations,
        "xaxis": {"domain": [0, 1], "anchor": "y", "showticklabels": False, "matches": "x2", "showgrid": False},
        "yaxis": {"domain": [0.56, 1.0], "zeroline": True, "zerolinecolor": "#888888"},
        "xaxis2": {"domain": [0, 1], "anchor": "y2", "title": {"text": t("step t")}, "showgrid": False},
        "yaxis2": {"domain": [0.0, 0.44], "zeroline": True, "zerolinecolor": "#888888"},
        "hovermode": "x unified",
    }
    return figure(data, base_layout(**layout))


def typed_series_figure(ts: TypedSeries, t: Translator = english) -> go.Figure:
    """A typed series, its EWMA with and without bias correction, and the running arithmetic mean."""
    b = beta_text(ts.beta)
    data: list[dict] = [
        {"type": "scatter", "x": f32(ts.t), "y": f32(ts.series), "mode": "markers", "meta": "series",
         "marker": {"color": theme.POINT_COLOR, "size": 9}, "name": t("your numbers Sₜ"),
         "hovertemplate": "t=%{x}: %{y:.4g}<extra></extra>"},
        {"type": "scatter", "x": f32(ts.t), "y": f32(ts.mean), "mode": "lines+markers", "meta": "mean",
         "line": {"color": theme.CLEAN_COLOR, "width": 2, "dash": "dash"}, "marker": {"size": 5},
         "name": t("arithmetic mean of S₁…Sₜ"), "hovertemplate": "%{y:.4g}<extra></extra>"},
        {"type": "scatter", "x": f32(ts.t), "y": f32(ts.average), "mode": "lines+markers", "meta": "ewma",
         "line": {"color": theme.BETA_COLORS[0], "width": 1.6, "dash": "dot"}, "marker": {"size": 5},
         "name": t("{beta}, no correction", beta=b), "hovertemplate": "%{y:.4g}<extra></extra>"},
        {"type": "scatter", "x": f32(ts.t), "y": f32(ts.corrected), "mode": "lines+markers", "meta": "corrected",
         "line": {"color": theme.BETA_COLORS[0], "width": 2.8}, "marker": {"size": 6},
         "name": t("{beta}, bias-corrected", beta=b), "hovertemplate": "%{y:.4g}<extra></extra>"},
    ]  # fmt: skip
    layout = {
        "title": title(t("Your numbers, their running mean and their exponentially weighted average")),
        "height": 400,
        "xaxis": {"title": {"text": t("t")}, "showgrid": False, "dtick": 1 if len(ts.t) <= 30 else None},
        "yaxis": {"title": {"text": t("value")}, "zeroline": True, "zerolinecolor": "#dddddd"},
        "legend": legend_below(-0.2),
        "hovermode": "x unified",
    }
    return figure(data, base_layout(**layout))
