"""Figure builders for the lesson pages: data in, ``go.Figure`` out. No Streamlit here.

* ``with_eigenvectors``: the Hessian's eigenvector directions drawn through the minimum.
* ``rate_figure``: measured distance to the minimum on a log axis, with the predicted d₀·ρᵏ.
* ``lookahead_figure``: Nesterov's look-ahead at one step next to the heavy-ball step.
* ``paths_figure``: a few paths on a surface's contour image (the momentum conventions).
* ``map_figure``: a hyperparameter heatmap with status colours, clickable cells and theory.
* ``tuning_figure``: the race's learning-rate search, one curve per optimizer.

Every label comes through ``t`` (the page's translator), so the figures follow the page language.
Colours come from ``theme``; surfaces from ``figures.surface_grid``.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from . import theme
from .core.engine import GridAxis
from .core.surfaces import Surface
from .core.theory import QuadraticTheory
from .figures import LOG_FLOOR, PlainFigure, SurfaceGrid
from .lessons import LookAhead, MapConfig, MapLayers, MapOverlay, Tuning

Translator = Callable[..., str]

DIVERGED_COLOR = "#C0392B"
UNREACHED_COLOR = "#d0d4d9"
BOUNDARY_COLOR = "#111111"
OPTIMUM_COLOR = "#ffffff"
HEAT_SCALE = "Viridis"  # reversed: good (few steps, low loss) is bright
EIGEN_COLORS = ("#7a4fa0", "#2a9d8f")  # flat, steep
FONT = {"size": theme.BASE_FONT_SIZE, "family": "Inter, Source Sans Pro, Arial, sans-serif"}


def _english(text: str, /, **values) -> str:
    return text.format(**values) if values else text


def _arr(a, dtype: str = "f4") -> dict:
    """A numpy array as Plotly's base64 typed array, encoded once (as ``figures`` does)."""
    a = np.ascontiguousarray(a, dtype={"f4": np.float32, "f8": np.float64, "i4": np.int32}[dtype])
    spec = {"dtype": dtype, "bdata": base64.b64encode(a.tobytes()).decode("ascii")}
    if a.ndim > 1:
        spec["shape"] = ",".join(str(n) for n in a.shape)
    return spec


def _f32(a) -> dict:
    return _arr(a, "f4")


def _figure(data: list[dict], layout: dict) -> go.Figure:
    """Plain JSON-ready dicts, not validated per property (the tests validate every figure)."""
    return PlainFigure({"data": data, "layout": {"font": FONT, "plot_bgcolor": "white", **layout}})


def _arrow(tail, head, color: str, width: float, text: str = "", dash: bool = False) -> dict:
    return {
        "x": float(head[0]), "y": float(head[1]), "ax": float(tail[0]), "ay": float(tail[1]),
        "xref": "x", "yref": "y", "axref": "x", "ayref": "y", "showarrow": True, "arrowhead": 2,
        "arrowsize": 1.1, "arrowwidth": width, "arrowcolor": color, "text": "", "hovertext": text,
        "opacity": 0.75 if dash else 1.0,
    }  # fmt: skip


# --------------------------------------------------------------------------------------
# Eigenvectors on the contour


def with_eigenvectors(
    fig: go.Figure, theory: QuadraticTheory, centre: Sequence[float], window: Sequence[float], t: Translator = _english
) -> go.Figure:
    """A copy of ``fig`` with the Hessian's two eigenvector directions as lines through ``centre``,
    added after every other trace (so the trace indices of animation frames stay valid)."""
    x0, x1, y0, y1 = window
    half = 0.45 * min(x1 - x0, y1 - y0)
    names = (
        t("flat direction: λ = μ = {value:.4g}", value=theory.eigenvalues[0]),
        t("steep direction: λ = L = {value:.4g}", value=theory.eigenvalues[1]),
    )
    extra = []
    for vec, name, color in zip(theory.eigenvectors, names, EIGEN_COLORS):
        v = np.asarray(vec)
        a, b = np.asarray(centre) - half * v, np.asarray(centre) + half * v
        extra.append({"type": "scatter", "x": [float(a[0]), float(b[0])], "y": [float(a[1]), float(b[1])],
                      "mode": "lines", "name": name, "line": {"color": color, "width": 2, "dash": "dashdot"},
                      "hoverinfo": "name"})  # fmt: skip
    spec = fig.to_dict()
    return PlainFigure({**spec, "data": [*spec["data"], *extra]})


# --------------------------------------------------------------------------------------
# Measured vs predicted rate


@dataclass(frozen=True)
class RateCurve:
    """One run on the rate plot: its distances dₖ and the predicted rate ρ (None: no prediction)."""

    label: str
    color: str
    dash: str
    distances: np.ndarray
    predicted: float | None


def rate_figure(curves: Sequence[RateCurve], t: Translator = _english, height: int = 380) -> go.Figure:
    """‖xₖ − x*‖ on a log axis, each run with its predicted d₀·ρᵏ as a thin dotted line."""
    data: list[dict] = []
    for c in curves:
        d = np.maximum(np.asarray(c.distances, dtype=np.float64), LOG_FLOOR)
        k = np.arange(len(d))
        data.append({
            "type": "scatter", "x": _arr(k, "i4"), "y": _arr(d, "f8"), "mode": "lines", "name": c.label,
            "line": {"color": c.color, "width": 2.4, "dash": c.dash},
            "hovertemplate": "k=%{x}: %{y:.3g}<extra>" + c.label + "</extra>",
        })  # fmt: skip
        if c.predicted is not None and c.predicted > 0 and len(d):
            kk = np.arange(max(len(d), 2))
            with np.errstate(all="ignore"):
                pred = d[0] * np.power(c.predicted, kk)
            keep = np.isfinite(pred) & (pred >= LOG_FLOOR) & (pred <= 1e12)
            data.append({
                "type": "scatter", "x": _arr(kk[keep], "i4"), "y": _arr(pred[keep], "f8"), "mode": "lines",
                "name": t("{label}: predicted ρ = {rate:.4f}", label=c.label, rate=c.predicted),
                "line": {"color": c.color, "width": 1.4, "dash": "dot"}, "hoverinfo": "skip",
            })  # fmt: skip
    layout = {
        "height": height,
        "margin": {"l": 60, "r": 10, "t": 50, "b": 45},
        "title": {"text": t("Distance to the minimum: measured (solid) and d₀·ρᵏ predicted (dotted)"), "x": 0},
        "xaxis": {"title": {"text": t("step k")}, "rangemode": "tozero"},
        "yaxis": {"title": {"text": t("‖xₖ − x*‖ (log)")}, "type": "log", "exponentformat": "power"},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0},
        "hovermode": "closest",
    }
    return _figure(data, layout)


# --------------------------------------------------------------------------------------
# Nesterov's look-ahead


def lookahead_figure(surface: Surface, la: LookAhead, t: Translator = _english, height: int = 560) -> go.Figure:
    """The step from θₖ₋₁: momentum jump to the look-ahead, the gradient step taken there, and
    the heavy ball's gradient step from θₖ₋₁ itself, on the local contour lines."""
    pts = np.array([la.position, la.lookahead, la.nesterov_end, la.heavy_ball_end])
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    span = max(float((hi - lo).max()), 1e-9)
    mid = (lo + hi) / 2
    half = 0.65 * span
    xs = np.linspace(mid[0] - half, mid[0] + half, 70)
    ys = np.linspace(mid[1] - half, mid[1] + half, 70)
    X, Y = np.meshgrid(xs, ys)
    with np.errstate(all="ignore"):
        Z = surface.value(X, Y)
    nest = theme.method_color("sgd", {"momentum": 0.9, "nesterov": True})
    heavy = theme.method_color("sgd", {"momentum": 0.9})
    data: list[dict] = [
        {"type": "contour", "x": _f32(xs), "y": _f32(ys), "z": _f32(np.where(np.isfinite(Z), Z, np.nan)),
         "colorscale": theme.CONTOUR_COLORSCALE, "showscale": False, "ncontours": 18, "hoverinfo": "skip",
         "line": {"color": theme.CONTOUR_LINE, "width": 1}, "name": t("surface")},
    ]  # fmt: skip
    labels = [
        (la.position, t("θₖ₋₁ (where the step starts)"), theme.START_COLOR, "circle"),
        (la.lookahead, t("look-ahead θ + μ·v"), theme.MOMENTUM_ARROW, "diamond"),
        (la.nesterov_end, t("Nesterov's new point"), nest, "star"),
        (la.heavy_ball_end, t("heavy ball's new point"), heavy, "square"),
    ]
    for p, name, color, symbol in labels:
        data.append({
            "type": "scatter", "x": [float(p[0])], "y": [float(p[1])], "mode": "markers", "name": name,
            "marker": {"color": color, "size": 12, "symbol": symbol, "line": {"color": "white", "width": 1}},
            "hovertemplate": name + " (%{x:.4g}, %{y:.4g})<extra></extra>",
        })  # fmt: skip
    legend = [
        (t("momentum jump μ·v"), theme.MOMENTUM_ARROW),
        (t("−η·∇f at the look-ahead (Nesterov's correction)"), theme.GRADIENT_ARROW),
        (t("Nesterov's step"), nest),
        (t("−η·∇f at θ (heavy ball's correction)"), "#E69F00"),
        (t("heavy ball's step"), heavy),
    ]
    for name, color in legend:
        data.append({"type": "scatter", "x": [None], "y": [None], "mode": "lines", "name": name,
                     "line": {"color": color, "width": 3}, "hoverinfo": "skip"})  # fmt: skip
    theta, look = la.position, la.lookahead
    annotations = [
        _arrow(theta, theta + la.heavy_ball_step, heavy, 3.2, t("heavy ball's step")),
        _arrow(theta, theta + la.nesterov_step, nest, 3.2, t("Nesterov's step")),
        _arrow(theta, look, theme.MOMENTUM_ARROW, 2.2, t("momentum jump μ·v")),
        _arrow(look, look + la.correction, theme.GRADIENT_ARROW, 2.2, t("Nesterov's correction")),
        _arrow(look, look + la.heavy_ball_correction, "#E69F00", 2.0, t("heavy ball's correction"), dash=True),
    ]
    layout = {
        "height": height,
        "margin": {"l": 50, "r": 10, "t": 40, "b": 10},
        "title": {"text": t("Update {k}: look before you leap", k=la.step), "x": 0},
        "xaxis": {"range": [xs[0], xs[-1]], "showgrid": False, "zeroline": False, "title": {"text": "x"},
                  "constrain": "domain"},
        "yaxis": {"range": [ys[0], ys[-1]], "showgrid": False, "zeroline": False, "scaleanchor": "x",
                  "constrain": "domain", "title": {"text": "y"}},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        "annotations": annotations,
        "hovermode": "closest",
    }  # fmt: skip
    return _figure(data, layout)


# --------------------------------------------------------------------------------------
# Paths on a contour image


@dataclass(frozen=True)
class PathLine:
    label: str
    path: np.ndarray
    color: str
    dash: str = "solid"
    width: float = 2.2
    marker: str = "circle"


def paths_figure(
    surface: Surface, grid: SurfaceGrid, lines: Sequence[PathLine], t: Translator = _english, height: int = 480
) -> go.Figure:
    """Paths drawn over the surface's contour image (the same image the playground shows)."""
    x0, x1, y0, y1 = surface.window
    data: list[dict] = []
    for line in lines:
        data.append({
            "type": "scatter", "x": _f32(line.path[:, 0]), "y": _f32(line.path[:, 1]), "mode": "lines+markers",
            "name": line.label, "line": {"color": line.color, "width": line.width, "dash": line.dash},
            "marker": {"color": line.color, "size": 5, "symbol": line.marker},
            "hovertemplate": line.label + "<br>k=%{pointNumber}: (%{x:.4g}, %{y:.4g})<extra></extra>",
        })  # fmt: skip
    mins = [p for p in surface.minima if x0 <= p.x <= x1 and y0 <= p.y <= y1]
    if mins:
        data.append(
            {
                "type": "scatter",
                "x": [p.x for p in mins],
                "y": [p.y for p in mins],
                "mode": "markers",
                "marker": {"symbol": "star", "size": 14, "color": theme.MINIMUM_COLOR},
                "name": t("minimum"),
            }
        )
    layout = {
        "height": height,
        "margin": {"l": 50, "r": 10, "t": 30, "b": 40},
        "xaxis": {"range": [x0, x1], "showgrid": False, "zeroline": False, "constrain": "domain",
                  "title": {"text": "x"}},
        "yaxis": {"range": [y0, y1], "showgrid": False, "zeroline": False, "scaleanchor": "x",
                  "constrain": "domain", "title": {"text": "y"}},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0},
        "images": [{"source": grid.image, "xref": "x", "yref": "y", "x": x0, "y": y1, "sizex": x1 - x0,
                    "sizey": y1 - y0, "sizing": "stretch", "layer": "below"}],
        "hovermode": "closest",
    }  # fmt: skip
    return _figure(data, layout)


# --------------------------------------------------------------------------------------
# The hyperparameter map


MAP_CLICK_TRACES = (3, 4, 5)  # the invisible clickable cells in map_figure: reached, diverged, never reached


def axis_coord(axis: GridAxis, values) -> np.ndarray:
    """Plot coordinate of hyperparameter values: log₁₀ on a log axis (drawn on a linear axis so that
    heatmap cells are even), the value itself otherwise."""
    v = np.asarray(values, dtype=np.float64)
    return np.log10(v) if axis.log else v


def axis_value(axis: GridAxis, coord: float) -> float:
    """Inverse of ``axis_coord`` for one clicked coordinate."""
    return float(10.0**coord) if axis.log else float(coord)


def _axis_layout(axis: GridAxis, title: str) -> dict:
    lo, hi = axis_coord(axis, [axis.low, axis.high])
    pad = 0.5 * (hi - lo) / max(axis.n - 1, 1)
    out = {"title": {"text": title}, "range": [lo - pad, hi + pad], "showgrid": False, "zeroline": False}
    if axis.log:
        decades = list(range(math.ceil(lo - 1e-9), math.floor(hi + 1e-9) + 1))
        out.update(tickvals=decades, ticktext=[f"{10.0**d:g}" for d in decades])
    return out


@dataclass(frozen=True)
class MapLabels:
    """Texts of the map, already translated by the page."""

    x_title: str
    y_title: str
    colorbar: str
    diverged: str
    unreached: str
    hover_value: str  # a cell's number as Plotly hover text, with %{customdata[2]}
    hover_diverged: str  # the same for a diverged cell (customdata[2] is the step)
    boundary: str
    optimum: dict  # kind -> label
    selected: str


def _status_swatch(name: str, color: str) -> dict:
    return {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": name,
            "marker": {"symbol": "square", "size": 13, "color": color}, "hoverinfo": "skip"}  # fmt: skip


def map_figure(
    cfg: MapConfig,
    layers: MapLayers,
    overlay: MapOverlay,
    labels: MapLabels,
    selected: tuple[float, float] | None = None,
    height: int = 600,
) -> go.Figure:
    """Heatmap of the metric (bright = good), diverged cells in their own colour, cells that never
    reached the tolerance in grey, invisible clickable cells (traces MAP_CLICK_TRACES, one per
    status, numbers only so that 10⁴ cells stay small), and for quadratic surfaces the stability
    boundary and the optimal settings.

    The clickable cells are WebGL markers: as SVG, 10⁴ of them take the browser ~2 s to draw on
    every rerun (measured in Chromium), and a heatmap alone reports no clicks to Streamlit."""
    xs, ys = axis_coord(cfg.x, cfg.x.values()), axis_coord(cfg.y, cfg.y.values())
    finite = layers.value[np.isfinite(layers.value)]
    cmin, cmax = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    if cmax == cmin:
        cmax = cmin + 1.0

    def status_layer(mask: np.ndarray, color: str, name: str) -> dict:
        return {"type": "heatmap", "x": _f32(xs), "y": _f32(ys), "z": _f32(np.where(mask, 1.0, np.nan)),
                "colorscale": [[0, color], [1, color]], "showscale": False, "hoverinfo": "skip", "name": name,
                "zmin": 0, "zmax": 1}  # fmt: skip

    colorbar = {"title": {"text": labels.colorbar, "side": "right"}, "thickness": 14, "len": 0.85}
    if layers.log_value:
        decades = list(range(math.ceil(cmin), math.floor(cmax) + 1))
        colorbar.update(tickvals=decades, ticktext=[f"1e{d}" for d in decades])
    X, Y = np.meshgrid(xs, ys)
    VX, VY = np.meshgrid(cfg.x.values(), cfg.y.values())
    cell_px = max(4.0, min(16.0, 480.0 / max(cfg.x.n, cfg.y.n)))
    where = f"{cfg.x.name} = %{{customdata[0]:.4g}}<br>{cfg.y.name} = %{{customdata[1]:.4g}}<br>"
    reached = ~(layers.diverged | layers.unreached)

    def cells(mask: np.ndarray, number: np.ndarray, text: str) -> dict:
        """Invisible WebGL markers on the cells of ``mask``: they carry the hover and the click."""
        return {"type": "scattergl", "x": _f32(X[mask]), "y": _f32(Y[mask]),
                "customdata": _f32(np.stack([VX[mask], VY[mask], number[mask]], axis=1)), "mode": "markers",
                "marker": {"size": cell_px, "opacity": 0, "color": "#000000", "symbol": "square"},
                "selected": {"marker": {"opacity": 0}}, "unselected": {"marker": {"opacity": 0}},
                "hovertemplate": where + text + "<extra></extra>", "name": "cells", "showlegend": False}  # fmt: skip

    data: list[dict] = [
        {"type": "heatmap", "x": _f32(xs), "y": _f32(ys), "z": _f32(layers.value), "colorscale": HEAT_SCALE,
         "reversescale": True, "zmin": cmin, "zmax": cmax, "colorbar": colorbar, "hoverinfo": "skip",
         "name": labels.colorbar},
        status_layer(layers.diverged, DIVERGED_COLOR, labels.diverged),
        status_layer(layers.unreached, UNREACHED_COLOR, labels.unreached),
        cells(reached, layers.raw, labels.hover_value),
        cells(layers.diverged, layers.diverged_at.astype(np.float64), labels.hover_diverged),
        cells(layers.unreached, layers.raw, labels.unreached),
        _status_swatch(labels.diverged, DIVERGED_COLOR),
    ]  # fmt: skip
    if layers.unreached.any():
        data.append(_status_swatch(labels.unreached, UNREACHED_COLOR))
    if overlay.boundary is not None:
        bx, by = overlay.boundary
        data.append({"type": "scatter", "x": _f32(axis_coord(cfg.x, bx)), "y": _f32(axis_coord(cfg.y, by)),
                     "mode": "lines", "name": labels.boundary,
                     "line": {"color": BOUNDARY_COLOR, "width": 2.5, "dash": "dash"}, "hoverinfo": "skip"})  # fmt: skip
    for kind, px, py in overlay.points:
        data.append({"type": "scatter", "x": [float(axis_coord(cfg.x, px))], "y": [float(axis_coord(cfg.y, py))],
                     "mode": "markers", "name": labels.optimum[kind],
                     "marker": {"symbol": "star" if kind == "heavy_ball" else "diamond", "size": 17,
                                "color": OPTIMUM_COLOR, "line": {"color": BOUNDARY_COLOR, "width": 1.5}},
                     "hovertemplate": labels.optimum[kind] + "<br>(%{x:.3f}, %{y:.3f})<extra></extra>"})  # fmt: skip
    if selected is not None:
        data.append({"type": "scatter", "x": [float(axis_coord(cfg.x, selected[0]))],
                     "y": [float(axis_coord(cfg.y, selected[1]))], "mode": "markers", "name": labels.selected,
                     "marker": {"symbol": "square-open", "size": max(cell_px + 6, 12), "color": "#ff00ff",
                                "line": {"width": 3}}, "hoverinfo": "skip"})  # fmt: skip
    layout = {
        "height": height,
        "margin": {"l": 60, "r": 10, "t": 30, "b": 50},
        "xaxis": _axis_layout(cfg.x, labels.x_title),
        "yaxis": _axis_layout(cfg.y, labels.y_title),
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0},
        "hovermode": "closest",
        "clickmode": "event+select",
        "dragmode": "pan",
        "uirevision": "map",
    }
    return _figure(data, layout)


# --------------------------------------------------------------------------------------
# The race's lr search


@dataclass(frozen=True)
class TuningCurve:
    label: str
    color: str
    tuning: Tuning


def tuning_figure(
    curves: Sequence[TuningCurve], f_min: float | None, t: Translator = _english, height: int = 360
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
            "type": "scatter", "x": _arr(tu.lrs[ok], "f8"), "y": _arr(y[ok], "f8"), "mode": "lines+markers",
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
    return _figure(data, layout)
