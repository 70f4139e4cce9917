"""The hyperparameter map as a heatmap: the metric (bright = good), diverged cells and cells that
never reached the tolerance in their own colours, invisible clickable cells, and on a quadratic
the analytic stability boundary and the optimal settings."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from ..core.engine import GridAxis, SweepResult
from ..lessons.hyperparameter_map import MapConfig, MapOverlay
from ..lessons.results import LOSS_METRIC, STEPS_METRIC
from . import theme
from .kit import LOG_FLOOR, base_layout, f32, figure

Array = np.ndarray


@dataclass(frozen=True)
class MapLayers:
    """What the heatmap shows, shape (ny, nx): the colour ``value`` (NaN where a status colour is
    shown), the masks of diverged cells and of cells that never reached the tolerance, and the
    numbers a cell's hover reports: ``raw`` (steps, loss gap or loss) and ``diverged_at``."""

    value: Array
    diverged: Array
    unreached: Array
    log_value: bool  # value is log₁₀ of the loss gap
    raw: Array
    diverged_at: Array


def map_layers(result: SweepResult, metric: str, f_min: float | None) -> MapLayers:
    diverged = result.diverged_at > 0
    div_at = result.diverged_at
    if metric == STEPS_METRIC:
        unreached = (result.steps_to_tolerance < 0) & ~diverged
        raw = result.steps_to_tolerance.astype(np.float64)
        return MapLayers(np.where(diverged | unreached, np.nan, raw), diverged, unreached, False, raw, div_at)
    if metric != LOSS_METRIC:
        raise ValueError(f"Unknown metric: {metric!r}")
    unreached = np.zeros_like(diverged)
    if f_min is None:
        loss = result.final_loss
        return MapLayers(np.where(diverged, np.nan, loss), diverged, unreached, False, loss, div_at)
    gap = np.maximum(result.final_loss - f_min, LOG_FLOOR)
    return MapLayers(np.where(diverged, np.nan, np.log10(gap)), diverged, unreached, True, gap, div_at)


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


CELL_NAMES = ("cells-reached", "cells-diverged", "cells-unreached")  # the clickable cells, one trace per status
CELL_INDICES = (3, 4, 5)  # their positions: after the heatmap and the two status layers (clicks arrive as positions)


def map_figure(
    cfg: MapConfig,
    layers: MapLayers,
    overlay: MapOverlay,
    labels: MapLabels,
    selected: tuple[float, float] | None = None,
    height: int = 600,
) -> go.Figure:
    """Heatmap of the metric (bright = good), diverged cells in their own colour, cells that never
    reached the tolerance in grey, invisible clickable cells (traces CELL_NAMES, one per status,
    numbers only so that 10⁴ cells stay small), and for quadratic surfaces the stability boundary
    and the optimal settings.

    The clickable cells are WebGL markers: as SVG, 10⁴ of them take the browser ~2 s to draw on
    every rerun (measured in Chromium), and a heatmap alone reports no clicks to Streamlit."""
    xs, ys = axis_coord(cfg.x, cfg.x.values()), axis_coord(cfg.y, cfg.y.values())
    data = [_heatmap(xs, ys, layers, labels),
            _status_layer(xs, ys, layers.diverged, theme.DIVERGED_COLOR, labels.diverged),
            _status_layer(xs, ys, layers.unreached, theme.UNREACHED_COLOR, labels.unreached)]  # fmt: skip
    data += _cells(cfg, xs, ys, layers, labels)
    data.append(_status_swatch(labels.diverged, theme.DIVERGED_COLOR))
    if layers.unreached.any():
        data.append(_status_swatch(labels.unreached, theme.UNREACHED_COLOR))
    data += _theory_traces(cfg, overlay, labels)
    if selected is not None:
        cell_px = _cell_px(cfg)
        data.append({"type": "scatter", "meta": "selected", "x": [float(axis_coord(cfg.x, selected[0]))],
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
    return figure(data, base_layout(**layout))


def _cell_px(cfg: MapConfig) -> float:
    return max(4.0, min(16.0, 480.0 / max(cfg.x.n, cfg.y.n)))


def _heatmap(xs, ys, layers: MapLayers, labels: MapLabels) -> dict:
    finite = layers.value[np.isfinite(layers.value)]
    cmin, cmax = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    if cmax == cmin:
        cmax = cmin + 1.0
    colorbar = {"title": {"text": labels.colorbar, "side": "right"}, "thickness": 14, "len": 0.85}
    if layers.log_value:
        decades = list(range(math.ceil(cmin), math.floor(cmax) + 1))
        colorbar.update(tickvals=decades, ticktext=[f"1e{d}" for d in decades])
    return {"type": "heatmap", "meta": "metric", "x": f32(xs), "y": f32(ys), "z": f32(layers.value),
            "colorscale": theme.HEAT_SCALE, "reversescale": True, "zmin": cmin, "zmax": cmax, "colorbar": colorbar,
            "hoverinfo": "skip", "name": labels.colorbar}  # fmt: skip


def _status_layer(xs, ys, mask: np.ndarray, color: str, name: str) -> dict:
    return {"type": "heatmap", "x": f32(xs), "y": f32(ys), "z": f32(np.where(mask, 1.0, np.nan)),
            "colorscale": [[0, color], [1, color]], "showscale": False, "hoverinfo": "skip", "name": name,
            "zmin": 0, "zmax": 1}  # fmt: skip


def _cells(cfg: MapConfig, xs, ys, layers: MapLayers, labels: MapLabels) -> list[dict]:
    """Invisible WebGL markers on the cells of each status: they carry the hover and the click."""
    X, Y = np.meshgrid(xs, ys)
    VX, VY = np.meshgrid(cfg.x.values(), cfg.y.values())
    where = f"{cfg.x.name} = %{{customdata[0]:.4g}}<br>{cfg.y.name} = %{{customdata[1]:.4g}}<br>"
    reached = ~(layers.diverged | layers.unreached)
    groups = ((reached, layers.raw, labels.hover_value),
              (layers.diverged, layers.diverged_at.astype(np.float64), labels.hover_diverged),
              (layers.unreached, layers.raw, labels.unreached))  # fmt: skip
    return [{"type": "scattergl", "meta": name, "x": f32(X[mask]), "y": f32(Y[mask]),
             "customdata": f32(np.stack([VX[mask], VY[mask], number[mask]], axis=1)), "mode": "markers",
             "marker": {"size": _cell_px(cfg), "opacity": 0, "color": "#000000", "symbol": "square"},
             "selected": {"marker": {"opacity": 0}}, "unselected": {"marker": {"opacity": 0}},
             "hovertemplate": where + text + "<extra></extra>", "name": "cells", "showlegend": False}
            for name, (mask, number, text) in zip(CELL_NAMES, groups)]  # fmt: skip


def _theory_traces(cfg: MapConfig, overlay: MapOverlay, labels: MapLabels) -> list[dict]:
    """The stability boundary (dashed) and the optimal settings (★ heavy ball, ◆ plain GD)."""
    out = []
    if overlay.boundary is not None:
        bx, by = overlay.boundary
        out.append({"type": "scatter", "meta": "boundary", "x": f32(axis_coord(cfg.x, bx)),
                    "y": f32(axis_coord(cfg.y, by)), "mode": "lines", "name": labels.boundary,
                    "line": {"color": theme.BOUNDARY_COLOR, "width": 2.5, "dash": "dash"},
                    "hoverinfo": "skip"})  # fmt: skip
    for kind, px, py in overlay.points:
        out.append({"type": "scatter", "meta": f"optimum-{kind}", "x": [float(axis_coord(cfg.x, px))],
                    "y": [float(axis_coord(cfg.y, py))], "mode": "markers", "name": labels.optimum[kind],
                    "marker": {"symbol": "star" if kind == "heavy_ball" else "diamond", "size": 17,
                               "color": theme.OPTIMUM_COLOR, "line": {"color": theme.BOUNDARY_COLOR, "width": 1.5}},
                    "hovertemplate": labels.optimum[kind] + "<br>(%{x:.3f}, %{y:.3f})<extra></extra>"})  # fmt: skip
    return out
