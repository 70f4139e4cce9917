"""Curvature made visible: the local quadratic at the inspected step drawn on the contour (its
principal axes and a level curve: an ellipse, or hyperbolas at a saddle), and each run's sharpness
λ_max(H(xₖ)) over the steps next to its stability limit 2/ηₖ (or 2(1 + μ)/ηₖ with momentum)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from ..core.curvature import SADDLE, PathCurvature, curvature_along, principal_axes, run_thresholds
from ..core.engine import BatchResult
from ..i18n import Translator, english
from . import theme
from .kit import CURVE_MARGIN, PlainFigure, arr, figure, font, sized, step_marker

AXIS_SHARE = 0.12  # the longer principal axis as a share of the window's span


@dataclass(frozen=True)
class LocalQuadratic:
    """One run's local model at the start of update k: where, the eigenvalues, the axes to draw."""

    label: str
    color: str
    step: int  # update k; the model is taken at x_{k−1}
    point: np.ndarray  # x_{k−1}
    eigenvalues: tuple[float, float]  # ascending
    condition: float
    kind: str
    axes: np.ndarray  # (2, 2): half-axis vectors
    curve: np.ndarray  # (m, 2) level curve, NaN rows between pieces


def local_quadratics(result: BatchResult, k: int) -> list[LocalQuadratic]:
    """The local quadratic of every run that reached update k (at its point x_{k−1})."""
    x0, x1, y0, y1 = result.surface.window
    span = max(x1 - x0, y1 - y0)
    styles = theme.run_styles([(r.spec.optimizer, r.hparams) for r in result.runs])
    out = []
    for run, (color, _) in zip(result.runs, styles):
        if not 1 <= k <= len(run.path) - 1:
            continue
        c: PathCurvature = curvature_along(result.surface, run.path[k - 1 : k])
        lam = c.eigenvalues[0]
        longest = 1.0 / np.sqrt(np.max(np.abs(lam))) if np.max(np.abs(lam)) > 0 else np.inf
        scale = AXIS_SHARE * span / longest if np.isfinite(longest) and longest > 0 else 1.0
        axes = principal_axes(c, scale=scale, max_length=0.4 * span)
        eigenvalues = (float(lam[0]), float(lam[1]))
        out.append(LocalQuadratic(run.label, color, k, run.path[k - 1], eigenvalues, float(c.condition[0]),
                                  str(c.kind[0]), axes.axes[0], axes.level_curve(0)))  # fmt: skip
    return out


def local_quadratic_traces(models: Sequence[LocalQuadratic], t: Translator = english) -> list[dict]:
    """A level curve and the two principal axes of each model, in its run's colour (dotted)."""
    data = []
    for i, m in enumerate(models):
        name = t("{label}: local quadratic at step {k}", label=m.label, k=m.step)
        hover = t("λ₁ = {l1:.4g}, λ₂ = {l2:.4g}, κ = {kappa:.3g} ({kind})", l1=m.eigenvalues[0], l2=m.eigenvalues[1],
                  kappa=m.condition, kind=t(m.kind))  # fmt: skip
        if len(m.curve):
            data.append({"type": "scatter", "meta": f"quadratic-{i}", "x": arr(m.curve[:, 0]),
                         "y": arr(m.curve[:, 1]), "mode": "lines", "name": name, "legendgroup": f"quadratic{i}",
                         "line": {"color": m.color, "width": 1.6, "dash": "dot"}, "connectgaps": False,
                         "hovertemplate": hover + "<extra></extra>"})  # fmt: skip
        segments = np.array([m.point - m.axes[0], m.point + m.axes[0], [np.nan, np.nan],
                             m.point - m.axes[1], m.point + m.axes[1]])  # fmt: skip
        data.append({"type": "scatter", "meta": f"quadratic-axes-{i}", "x": arr(segments[:, 0]),
                     "y": arr(segments[:, 1]), "mode": "lines", "showlegend": False, "legendgroup": f"quadratic{i}",
                     "name": t("{label}: principal axes", label=m.label),
                     "line": {"color": m.color, "width": 1.2, "dash": "dash" if m.kind == SADDLE else "solid"},
                     "hovertemplate": hover + "<extra></extra>"})  # fmt: skip
    return data


def with_local_quadratics(fig: go.Figure, models: Sequence[LocalQuadratic], t: Translator = english) -> go.Figure:
    """A copy of ``fig`` with the local quadratics added after every other trace (so the trace
    positions animation frames refer to stay valid)."""
    spec = fig.to_dict()
    return PlainFigure({**spec, "data": [*spec["data"], *local_quadratic_traces(models, t)]})


def sharpness_figure(result: BatchResult, *, inspect_step: int | None = None, classroom: bool = False,
                     height: int = 340, t: Translator = english) -> go.Figure:  # fmt: skip
    """λ_max(H(xₖ)) against k for every run; for SGD runs, the limit of each update as a dashed line:
    the curvature above which that update's step grows instead of shrinking."""
    styles = theme.run_styles([(r.spec.optimizer, r.hparams) for r in result.runs])
    data = []
    for i, (run, (color, dash)) in enumerate(zip(result.runs, styles)):
        lam = curvature_along(result.surface, run.path).eigenvalues[:, 1]
        k = np.arange(len(lam))
        hover = "λ_max = %{y:.4g}<extra>" + run.label + "</extra>"
        data.append({"type": "scatter", "meta": f"sharpness-{i}", "x": arr(k, "int32"), "y": arr(lam, "float64"),
                     "mode": "lines", "line": {"color": color, "width": 2.2, "dash": dash}, "name": run.label,
                     "legendgroup": f"run{i}", "hovertemplate": hover})  # fmt: skip
        limit = run_thresholds(run)
        if limit is not None and len(limit):
            finite = np.where(np.isfinite(limit), limit, np.nan)
            data.append({"type": "scatter", "meta": f"limit-{i}", "x": arr(np.arange(len(limit)), "int32"),
                         "y": arr(finite, "float64"), "mode": "lines", "legendgroup": f"run{i}",
                         "line": {"color": color, "width": 1.4, "dash": "dot"},
                         "name": t("{label}: stability limit", label=run.label),
                         "hovertemplate": t("limit {v}", v="%{y:.4g}") + f"<extra>{run.label}</extra>"})  # fmt: skip
    layout = {
        "height": height,
        "margin": dict(CURVE_MARGIN),
        "font": font(classroom),
        "title": {"text": t("Sharpness λ_max and the stability limit (dotted)"), "x": 0, "xanchor": "left",
                  "font": {"size": theme.font_size(classroom) + 2}},
        "xaxis": {"title": {"text": t("step k")}, "rangemode": "tozero"},
        "yaxis": {"title": {"text": "λ_max"}},
        "showlegend": False,
        "hovermode": "x unified",
        "plot_bgcolor": "white",
        "shapes": step_marker(inspect_step),
    }  # fmt: skip
    return figure(data, sized(layout, classroom))
