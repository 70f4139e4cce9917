"""Figures of the lesson pages (EWMA, schedules, neuron): data in, ``go.Figure`` out. No Streamlit.

Every builder takes ``t``, the page's translator (``t("English", name=value)``), for its titles,
legends and hover text, and run labels already translated by the page. Optimizer colours come
from ``theme`` (a method has the same colour on every page); the other colour sets (one per β,
one per schedule) live in the constants block below. Surfaces are drawn with the playground's
contour image (``figures.surface_grid``), so a surface looks the same everywhere.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import plotly.graph_objects as go

from . import theme
from .figures import SurfaceGrid
from .lesson2 import NeuronLesson, PlainResult, RavineGradients, SeriesLesson, boundary_segment

Translator = Callable[..., str]

# Colours of the lesson figures (the optimizers' own colours are in theme.py).
BETA_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00")  # one per β, in the order given
SCHEDULE_COLORS = {
    "constant": "#111111",
    "step": "#0072B2",
    "exponential": "#009E73",
    "inverse_time": "#CC79A7",
    "cosine": "#E69F00",
}
POINT_COLOR = "#9aa3ad"  # the noisy series
CLEAN_COLOR = "#555555"
CLASS_COLORS = ("#6b8fb5", "#C0392B")  # label 0, label 1
FONT = {"size": theme.BASE_FONT_SIZE, "family": "Inter, Source Sans Pro, Arial, sans-serif"}
LOG_FLOOR = 1e-12
SMOOTHING_BETA = 0.95  # EWMA of the schedules' noisy distance curves (≈ 20 steps)


def _english(text: str, /, **values) -> str:
    return text.format(**values) if values else text


def _f32(a) -> np.ndarray:
    return np.ascontiguousarray(a, dtype=np.float32)


def _figure(data: list[dict], layout: dict) -> go.Figure:
    base = {"font": FONT, "plot_bgcolor": "white", "hovermode": "closest",
            "margin": {"l": 60, "r": 15, "t": 50, "b": 110}}  # fmt: skip
    return go.Figure({"data": data, "layout": {**base, **layout}}, _validate=False)


def _title(text: str) -> dict:
    return {"text": text, "x": 0, "xanchor": "left", "font": {"size": theme.BASE_FONT_SIZE + 2}}


def _legend_below(y: float = -0.18) -> dict:
    """A horizontal legend under the plot (above it, it would cover the title)."""
    return {"orientation": "h", "yanchor": "top", "y": y, "xanchor": "left", "x": 0}


def beta_text(beta: float) -> str:
    return f"β={beta:g}"


# --------------------------------------------------------------------------------------
# Exponentially weighted averages


def series_figure(lesson: SeriesLesson, bias_correction: bool, t: Translator = _english) -> go.Figure:
    """The noisy series, the clean cosine, and V_t for each β (bias-corrected V̂_t as well when asked)."""
    data: list[dict] = [
        {"type": "scatter", "x": _f32(lesson.t), "y": _f32(lesson.series), "mode": "markers",
         "marker": {"color": POINT_COLOR, "size": 5}, "name": t("noisy series Sₜ"),
         "hovertemplate": "t=%{x}: %{y:.3f}<extra></extra>"},
        {"type": "scatter", "x": _f32(lesson.t), "y": _f32(lesson.clean), "mode": "lines",
         "line": {"color": CLEAN_COLOR, "width": 1.2, "dash": "dash"}, "name": t("cosine without noise"),
         "hoverinfo": "skip"},
    ]  # fmt: skip
    for i, (b, v, vc) in enumerate(zip(lesson.betas, lesson.averages, lesson.corrected)):
        color = BETA_COLORS[i % len(BETA_COLORS)]
        group = f"beta{i}"
        if bias_correction:
            data.append(
                {"type": "scatter", "x": _f32(lesson.t), "y": _f32(vc), "mode": "lines",
                 "line": {"color": color, "width": 2.6}, "legendgroup": group,
                 "name": t("{beta}, bias-corrected", beta=beta_text(b)),
                 "hovertemplate": f"{beta_text(b)} " + t("corrected") + ": %{y:.3f}<extra></extra>"}
            )  # fmt: skip
        data.append(
            {"type": "scatter", "x": _f32(lesson.t), "y": _f32(v), "mode": "lines",
             "line": {"color": color, "width": 1.3 if bias_correction else 2.6,
                      "dash": "dot" if bias_correction else "solid"},
             "legendgroup": group,
             "name": t("{beta}, no correction", beta=beta_text(b)) if bias_correction else beta_text(b),
             "hovertemplate": f"{beta_text(b)}: %{{y:.3f}}<extra></extra>"}
        )  # fmt: skip
    layout = {
        "title": _title(t("Vₜ = β·Vₜ₋₁ + (1 − β)·Sₜ on a noisy cosine")),
        "height": 430,
        "xaxis": {"title": {"text": t("t")}, "showgrid": False},
        "yaxis": {"title": {"text": t("value")}, "zeroline": True, "zerolinecolor": "#dddddd"},
        "legend": _legend_below(-0.2),
        "hovermode": "x unified",
    }
    return _figure(data, layout)


def weights_figure(betas: Sequence[float], n: int, log: bool, t: Translator = _english) -> go.Figure:
    """The weight (1 − β)·β^(t−i) of each past point in V_t against its age t − i, with the point
    where it has fallen to 1/e of the newest weight (age −1/ln β ≈ 1/(1 − β))."""
    ages = np.arange(int(n))
    data: list[dict] = []
    for i, b in enumerate(betas):
        color = BETA_COLORS[i % len(BETA_COLORS)]
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
        "title": _title(t("Weight of each past point in Vₜ: (1 − β)·β^(t−i)")),
        "height": 420,
        "margin": {"l": 60, "r": 15, "t": 50, "b": 90},
        "xaxis": {"title": {"text": t("age of the point, t − i (0 = newest)")}, "showgrid": False},
        "yaxis": yaxis,
        "legend": _legend_below(-0.2),
    }
    return _figure(data, layout)


def _surface_image(window: tuple[float, float, float, float], grid: SurfaceGrid) -> dict:
    x0, x1, y0, y1 = window
    return {"source": grid.image, "xref": "x", "yref": "y", "x": x0, "y": y1, "sizex": x1 - x0, "sizey": y1 - y0,
            "sizing": "stretch", "layer": "below", "xanchor": "left", "yanchor": "top"}  # fmt: skip


def _map_layout(window, grid: SurfaceGrid, title: str, xtitle: str, ytitle: str, height: int) -> dict:
    x0, x1, y0, y1 = window
    return {
        "title": _title(title),
        "height": height,
        "xaxis": {"range": [x0, x1], "autorange": False, "constrain": "domain", "title": {"text": xtitle},
                  "showgrid": False, "zeroline": False},
        "yaxis": {"range": [y0, y1], "autorange": False, "constrain": "domain", "scaleanchor": "x", "scaleratio": 1,
                  "title": {"text": ytitle}, "showgrid": False, "zeroline": False},
        "legend": _legend_below(),
        "images": [_surface_image(window, grid)],
        "dragmode": "pan",
    }  # fmt: skip


def _path_trace(path, color: str, dash: str, name: str, t: Translator, width: float = 2.2) -> dict:
    return {
        "type": "scatter", "x": _f32(path[:, 0]), "y": _f32(path[:, 1]), "mode": "lines+markers",
        "line": {"color": color, "width": width, "dash": dash}, "marker": {"color": color, "size": 3.5},
        "name": name,
        "hovertemplate": name + "<br>" + t("step {k}", k="%{pointNumber}") + ": (%{x:.3g}, %{y:.3g})<extra></extra>",
    }  # fmt: skip


def _minimum_trace(result: PlainResult, t: Translator, name: str | None = None) -> list[dict]:
    if result.minimum is None:
        return []
    x, y = result.minimum
    return [{"type": "scatter", "x": [x], "y": [y], "mode": "markers",
             "marker": {"symbol": "star", "size": 16, "color": theme.MINIMUM_COLOR},
             "name": name or t("minimum"),
             "hovertemplate": t("minimum") + " (%{x:.3g}, %{y:.3g})<extra></extra>"}]  # fmt: skip


def ravine_paths_figure(rg: RavineGradients, grid: SurfaceGrid, labels: Sequence[str],
                        t: Translator = _english) -> go.Figure:  # fmt: skip
    """Plain SGD and SGD with momentum in the ravine (the paths whose gradients are averaged below)."""
    res = rg.result
    styles = theme.run_styles([(r.optimizer, r.hparams) for r in res.runs])
    data = []
    for rank, (r, (color, dash), label) in enumerate(zip(res.runs, styles, labels)):
        trace = _path_trace(r.path, color, dash, label, t, width=3.0 if r.optimizer == "ewma_momentum" else 1.8)
        trace["legendrank"] = 100 + rank
        data.append(trace)
    data.sort(key=lambda tr: tr["line"]["width"])  # the averaged run on top
    data += _minimum_trace(res, t)
    x0, x1, y0, y1 = res.window
    reach = max(1.0, float(np.max(np.abs(np.concatenate([r.path[:, 1] for r in res.runs])))))
    half = min(y1, math.ceil(reach * 1.2 * 2) / 2)  # the valley's floor, not its empty walls
    layout = _map_layout(res.window, grid, t("Paths in the ravine"), "x " + t("(along the floor)"),
                         "y " + t("(across the valley)"), 480)  # fmt: skip
    layout["yaxis"]["range"] = [-half, half]
    layout["legend"] = _legend_below(-0.22)
    layout["margin"] = {"l": 60, "r": 15, "t": 50, "b": 130}
    return _figure(data, layout)


def gradient_components_figure(rg: RavineGradients, t: Translator = _english) -> go.Figure:
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
            {"type": "scatter", "x": k, "y": _f32(rg.grad[:, axis]), "mode": "lines+markers", "xaxis": xref,
             "yaxis": yref, "line": {"color": theme.GRADIENT_ARROW, "width": 1.2},
             "marker": {"size": 3.5, "color": theme.GRADIENT_ARROW}, "name": t("raw gradient gₜ"),
             "legendgroup": "raw", "showlegend": j == 0, "hovertemplate": "%{y:.3g}<extra></extra>"}
        )  # fmt: skip
        data.append(
            {"type": "scatter", "x": k, "y": _f32(rg.averaged[:, axis]), "mode": "lines", "xaxis": xref,
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
    return _figure(data, layout)


# --------------------------------------------------------------------------------------
# Learning-rate schedules


def lr_figure(result: PlainResult, names: Sequence[str], t: Translator = _english) -> go.Figure:
    """ηₜ of each schedule against the update t."""
    data = []
    for r, name in zip(result.runs, names):
        color = SCHEDULE_COLORS.get(r.schedule, "#000000")
        data.append(
            {"type": "scatter", "x": np.arange(len(r.lr), dtype=np.int32), "y": _f32(r.lr), "mode": "lines",
             "line": {"color": color, "width": 2.4}, "name": name,
             "hovertemplate": "%{y:.4g}<extra>" + name + "</extra>"}
        )  # fmt: skip
    layout = {
        "title": _title(t("Learning rate ηₜ of each schedule")),
        "height": 360,
        "xaxis": {"title": {"text": t("update t")}, "showgrid": False, "rangemode": "tozero"},
        "yaxis": {"title": {"text": "ηₜ"}, "rangemode": "tozero"},
        "legend": _legend_below(),
        "hovermode": "x unified",
    }
    return _figure(data, layout)


def schedule_paths_figure(result: PlainResult, grid: SurfaceGrid, names: Sequence[str],
                          t: Translator = _english) -> go.Figure:  # fmt: skip
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
        color = SCHEDULE_COLORS.get(r.schedule, "#000000")
        trace = _path_trace(tail, color, "solid", name, t, width=1.2)
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
    data += _minimum_trace(result, t)
    window = (mx - half, mx + half, my - half, my + half)
    layout = _map_layout(result.window, grid, t("Around the minimum: the second half of each run"), "x", "y", 500)
    layout["xaxis"]["range"] = [window[0], window[1]]
    layout["yaxis"]["range"] = [window[2], window[3]]
    layout["legend"] = _legend_below(-0.14)
    return _figure(data, layout)


def smoothed_distance(path: np.ndarray, minimum: Sequence[float], beta: float = SMOOTHING_BETA) -> np.ndarray:
    """Distance to the minimum at each step, averaged with an EWMA (bias-corrected) so the trend shows."""
    from .core.ewma import ewma

    d = np.hypot(path[:, 0] - minimum[0], path[:, 1] - minimum[1])
    return ewma(d, beta, bias_correction=True)


def schedule_distance_figure(result: PlainResult, names: Sequence[str], t: Translator = _english) -> go.Figure:
    """Distance to the minimum against the step (EWMA-smoothed, log scale): constant lr stalls at its
    noise floor, the decaying schedules keep going down."""
    data = []
    minimum = result.minimum or (0.0, 0.0)
    for r, name in zip(result.runs, names):
        d = np.maximum(smoothed_distance(r.path, minimum), LOG_FLOOR)
        data.append(
            {"type": "scatter", "x": np.arange(len(d), dtype=np.int32), "y": np.asarray(d, dtype=np.float64),
             "mode": "lines", "line": {"color": SCHEDULE_COLORS.get(r.schedule, "#000000"), "width": 2.2},
             "name": name, "hovertemplate": "%{y:.3g}<extra>" + name + "</extra>"}
        )  # fmt: skip
    layout = {
        "title": _title(t("Distance to the minimum, averaged over ≈{n} steps", n=round(1 / (1 - SMOOTHING_BETA)))),
        "height": 500,
        "margin": {"l": 60, "r": 15, "t": 50, "b": 140},
        "xaxis": {"title": {"text": t("step k")}, "showgrid": False},
        "yaxis": {"title": {"text": t("distance (log)")}, "type": "log", "exponentformat": "power", "dtick": 1},
        "legend": _legend_below(-0.14),
        "hovermode": "x unified",
    }
    return _figure(data, layout)


# --------------------------------------------------------------------------------------
# The neuron


def _neuron_styles(result: PlainResult) -> list[tuple[str, str]]:
    return theme.run_styles([(r.optimizer, r.hparams) for r in result.runs])


def data_box(X: np.ndarray) -> float:
    """Half-width of the square that shows every data point with a margin."""
    return float(np.ceil(np.max(np.abs(X)) + 0.5))


def neuron_data_figure(lesson: NeuronLesson, k: int, labels: Sequence[str], t: Translator = _english) -> go.Figure:
    """The two classes and each run's decision boundary w₁x₁ + w₂x₂ = 0 after k steps (dotted: the
    boundary of the best weights)."""
    X, y = lesson.X, lesson.labels
    box = data_box(X)
    data: list[dict] = []
    for cls, symbol in ((0, "circle-open"), (1, "circle")):
        pts = X[y == cls]
        data.append(
            {"type": "scatter", "x": _f32(pts[:, 0]), "y": _f32(pts[:, 1]), "mode": "markers",
             "marker": {"color": CLASS_COLORS[cls], "size": 9, "symbol": symbol, "line": {"width": 1.8}},
             "name": t("label {label}", label=cls), "hovertemplate": "(%{x:.2f}, %{y:.2f})<extra></extra>"}
        )  # fmt: skip
    for r, (color, dash), name in zip(lesson.result.runs, _neuron_styles(lesson.result), labels):
        w = r.path[min(k, len(r.path) - 1)]
        seg = boundary_segment(w, box)
        if seg is None:
            continue
        data.append(
            {"type": "scatter", "x": seg[:, 0], "y": seg[:, 1], "mode": "lines",
             "line": {"color": color, "width": 2.6, "dash": dash}, "name": name,
             "hovertemplate": name + f"<br>w = ({w[0]:.3f}, {w[1]:.3f})<extra></extra>"}
        )  # fmt: skip
    if lesson.result.minimum is not None:
        seg = boundary_segment(lesson.result.minimum, box)
        if seg is not None:
            data.append(
                {"type": "scatter", "x": seg[:, 0], "y": seg[:, 1], "mode": "lines",
                 "line": {"color": theme.MINIMUM_COLOR, "width": 1.5, "dash": "dot"}, "name": t("best weights w*"),
                 "hoverinfo": "skip"}
            )  # fmt: skip
    layout = {
        "title": _title(t("Data and decision boundaries after step {k}", k=k)),
        "height": 480,
        "xaxis": {"range": [-box, box], "title": {"text": "x₁"}, "constrain": "domain", "zeroline": True,
                  "zerolinecolor": "#dddddd", "showgrid": False},
        "yaxis": {"range": [-box, box], "title": {"text": "x₂"}, "scaleanchor": "x", "scaleratio": 1,
                  "constrain": "domain", "zeroline": True, "zerolinecolor": "#dddddd", "showgrid": False},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.12, "xanchor": "left", "x": 0},
    }  # fmt: skip
    return _figure(data, layout)


def neuron_surface_figure(lesson: NeuronLesson, grid: SurfaceGrid, k: int, labels: Sequence[str],
                          t: Translator = _english) -> go.Figure:  # fmt: skip
    """The exact full-data loss over (w₁, w₂) with each run's path; a dot marks each run at step k."""
    res = lesson.result
    data: list[dict] = []
    styles = _neuron_styles(res)
    for r, (color, dash), name in zip(res.runs, styles, labels):
        data.append(_path_trace(r.path, color, dash, name, t, width=1.8))
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
    data += _minimum_trace(res, t, t("best weights w*"))
    title = t("Full-data loss L(w₁, w₂) and the paths")
    return _figure(data, _map_layout(res.window, grid, title, "w₁", "w₂", 520))


def neuron_loss_figure(lesson: NeuronLesson, k: int, labels: Sequence[str], t: Translator = _english) -> go.Figure:
    """The full-data loss after each step (mini-batch runs wobble: each step only saw a sample)."""
    res = lesson.result
    data = []
    for r, (color, dash), name in zip(res.runs, _neuron_styles(res), labels):
        data.append(
            {"type": "scatter", "x": np.arange(len(r.loss), dtype=np.int32), "y": _f32(r.loss), "mode": "lines",
             "line": {"color": color, "width": 1.8, "dash": dash}, "name": name,
             "hovertemplate": "%{y:.4f}<extra>" + name + "</extra>"}
        )  # fmt: skip
    layout = {
        "title": _title(t("Full-data loss after each step")),
        "height": 360,
        "xaxis": {"title": {"text": t("step k")}, "showgrid": False},
        "yaxis": {"title": {"text": t("loss")}},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.2, "xanchor": "left", "x": 0},
        "hovermode": "x unified",
        "shapes": [{"type": "line", "xref": "x", "yref": "paper", "x0": k, "x1": k, "y0": 0, "y1": 1,
                    "line": {"color": "#888888", "width": 1.5, "dash": "dot"}}],
    }  # fmt: skip
    if res.min_value is not None:
        layout["shapes"].append(
            {"type": "line", "xref": "paper", "yref": "y", "x0": 0, "x1": 1, "y0": res.min_value, "y1": res.min_value,
             "line": {"color": theme.MINIMUM_COLOR, "width": 1, "dash": "dot"}}
        )  # fmt: skip
    return _figure(data, layout)
