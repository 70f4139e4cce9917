"""Figures of the momentum page: the Hessian's eigenvectors on the contour, measured and predicted
rates, Nesterov's look-ahead at one step, and a few paths on a surface (the three conventions)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from ..core.surfaces import Surface
from ..core.theory import QuadraticTheory
from ..i18n import Translator, english
from ..lessons.momentum import LookAhead
from . import theme
from .kit import (
    CURVE_MARGIN,
    LOG_FLOOR,
    PlainFigure,
    arr,
    arrow,
    base_layout,
    f32,
    figure,
    legend_line,
    minimum_trace,
    square_axes,
    surface_image,
)
from .surface_image import SurfaceGrid


def with_eigenvectors(
    fig: go.Figure, theory: QuadraticTheory, centre: Sequence[float], window: Sequence[float], t: Translator = english
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
    for vec, name, color in zip(theory.eigenvectors, names, theme.EIGEN_COLORS):
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


def rate_figure(curves: Sequence[RateCurve], t: Translator = english, height: int = 380) -> go.Figure:
    """‖xₖ − x*‖ on a log axis, each run with its predicted d₀·ρᵏ as a thin dotted line."""
    data: list[dict] = []
    for c in curves:
        d = np.maximum(np.asarray(c.distances, dtype=np.float64), LOG_FLOOR)
        k = np.arange(len(d))
        data.append({
            "type": "scatter", "x": arr(k, "int32"), "y": arr(d, "float64"), "mode": "lines", "name": c.label,
            "line": {"color": c.color, "width": 2.4, "dash": c.dash},
            "hovertemplate": "k=%{x}: %{y:.3g}<extra>" + c.label + "</extra>",
        })  # fmt: skip
        if c.predicted is not None and c.predicted > 0 and len(d):
            kk = np.arange(max(len(d), 2))
            with np.errstate(all="ignore"):
                pred = d[0] * np.power(c.predicted, kk)
            keep = np.isfinite(pred) & (pred >= LOG_FLOOR) & (pred <= 1e12)
            data.append({
                "type": "scatter", "x": arr(kk[keep], "int32"), "y": arr(pred[keep], "float64"), "mode": "lines",
                "name": t("{label}: predicted ρ = {rate:.4f}", label=c.label, rate=c.predicted),
                "line": {"color": c.color, "width": 1.4, "dash": "dot"}, "hoverinfo": "skip",
            })  # fmt: skip
    layout = {
        "height": height,
        "margin": CURVE_MARGIN | {"t": 50, "r": 21},  # 21: the last step's label
        "title": {"text": t("Distance to the minimum: measured (solid) and d₀·ρᵏ predicted (dotted)"), "x": 0},
        "xaxis": {"title": {"text": t("step k")}, "rangemode": "tozero"},
        "yaxis": {"title": {"text": t("‖xₖ − x*‖ (log)")}, "type": "log", "exponentformat": "power"},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.33, "x": 0},  # under the axis title
        "hovermode": "closest",
    }
    return figure(data, base_layout(**layout))


# --------------------------------------------------------------------------------------
# Nesterov's look-ahead


def lookahead_figure(surface: Surface, la: LookAhead, t: Translator = english, height: int = 560) -> go.Figure:
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
        {"type": "contour", "x": f32(xs), "y": f32(ys), "z": f32(np.where(np.isfinite(Z), Z, np.nan)),
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
        (t("−η·∇f at θ (heavy ball's correction)"), theme.HEAVY_BALL_CORRECTION),
        (t("heavy ball's step"), heavy),
    ]
    data += [legend_line(name, color) for name, color in legend]
    theta, look = la.position, la.lookahead
    annotations = [
        arrow(theta, theta + la.heavy_ball_step, heavy, 3.2, t("heavy ball's step")),
        arrow(theta, theta + la.nesterov_step, nest, 3.2, t("Nesterov's step")),
        arrow(theta, look, theme.MOMENTUM_ARROW, 2.2, t("momentum jump μ·v")),
        arrow(look, look + la.correction, theme.GRADIENT_ARROW, 2.2, t("Nesterov's correction")),
        arrow(look, look + la.heavy_ball_correction, theme.HEAVY_BALL_CORRECTION, 2.0, t("heavy ball's correction"),
              opacity=0.75),
    ]
    layout = {
        "height": height,
        "margin": {"l": 50, "r": 10, "t": 40, "b": 150},
        "title": {"text": t("Update {k}: look before you leap", k=la.step), "x": 0},
        "xaxis": {"range": [xs[0], xs[-1]], "showgrid": False, "zeroline": False, "title": {"text": "x"},
                  "constrain": "domain"},
        "yaxis": {"range": [ys[0], ys[-1]], "showgrid": False, "zeroline": False, "scaleanchor": "x",
                  "constrain": "domain", "title": {"text": "y"}},
        # at the figure's foot, under the axis title wherever the square plot ends up (up to 5 rows)
        "legend": {"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0, "x": 0},
        "annotations": annotations,
        "hovermode": "closest",
    }  # fmt: skip
    return figure(data, base_layout(**layout))


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
    surface: Surface, grid: SurfaceGrid, lines: Sequence[PathLine], t: Translator = english, height: int = 480
) -> go.Figure:
    """Paths drawn over the surface's contour image (the same image the playground shows)."""
    x0, x1, y0, y1 = surface.window
    data: list[dict] = []
    for line in lines:
        data.append({
            "type": "scatter", "x": f32(line.path[:, 0]), "y": f32(line.path[:, 1]), "mode": "lines+markers",
            "name": line.label, "line": {"color": line.color, "width": line.width, "dash": line.dash},
            "marker": {"color": line.color, "size": 5, "symbol": line.marker},
            "hovertemplate": line.label + "<br>k=%{pointNumber}: (%{x:.4g}, %{y:.4g})<extra></extra>",
        })  # fmt: skip
    mins = [(p.x, p.y) for p in surface.minima if x0 <= p.x <= x1 and y0 <= p.y <= y1]
    data += minimum_trace(mins, t, size=14)
    layout = {
        "height": height,
        "margin": {"l": 50, "r": 10, "t": 30, "b": 40},
        **square_axes(surface.window),
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0},
        "images": [surface_image(surface.window, grid.image)],
        "hovermode": "closest",
    }
    return figure(data, base_layout(**layout))
