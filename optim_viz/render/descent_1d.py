"""Figure of the one-dimensional gradient-descent page: one panel per learning rate, the curve f(x), the
iterates on it, the tangent at each, and the step k drawn from its tangent."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from ..i18n import Translator, english
from ..lessons.descent_1d import Iterates, left_view, tangent
from . import theme
from .kit import base_layout, f32, figure, title

RUN_COLORS = ("#0072B2", "#009E73", "#D55E00")  # too small, good, too large (in the order given)
CURVE_COLOR = "#555555"
# what the quadratic's step factor 1 − η·f″ says about a run (lessons.descent_1d.classify), as panel titles
KIND_TEXT = {
    "too small": "too small",
    "good": "converges",
    "one step": "lands in one step",
    "bounces": "bounces for ever",
    "too large": "too large: diverges",
}


def descent_figure(runs: Sequence[Iterates], curves: Sequence[tuple[np.ndarray, np.ndarray]], k: int,
                   panel_titles: Sequence[str], t: Translator = english) -> go.Figure:  # fmt: skip
    """Each run in its own panel, over the curve f on that run's own x range (``curves``: (xs, f(xs)) per
    run); at step k the tangent at x_{k−1} is bold and the step x_{k−1} → x_k is an arrow."""
    n = len(runs)
    gap = 0.05
    width = (1.0 - gap * (n - 1)) / n
    data: list[dict] = []
    annotations: list[dict] = []
    layout: dict = {"title": title(t("Gradient descent on f(x): the iterates and the tangent at each")),
                    "height": 470, "showlegend": False, "margin": {"l": 60, "r": 15, "t": 90, "b": 60}}  # fmt: skip
    for i, (run, (xs, fs), color, text) in enumerate(zip(runs, curves, RUN_COLORS, panel_titles)):
        lo, hi = float(xs[0]), float(xs[-1])
        finite = fs[np.isfinite(fs)]
        y_lo, y_hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        pad = 0.1 * max(y_hi - y_lo, 1e-9)
        half = 0.08 * (hi - lo)
        xa, ya = ("x", "y") if i == 0 else (f"x{i + 1}", f"y{i + 1}")
        dom = [i * (width + gap), i * (width + gap) + width]
        layout[f"xaxis{'' if i == 0 else i + 1}"] = {"domain": dom, "range": [lo, hi], "anchor": ya,
                                                      "title": {"text": "x"}, "showgrid": False, "zeroline": True,
                                                      "zerolinecolor": "#dddddd"}  # fmt: skip
        layout[f"yaxis{'' if i == 0 else i + 1}"] = {"range": [y_lo - pad, y_hi + pad], "anchor": xa,
                                                      "title": {"text": "f(x)" if i == 0 else ""}, "zeroline": False}
        annotations.append({"text": f"<b>{text}</b>", "xref": f"{xa} domain", "yref": f"{ya} domain", "x": 0.5,
                            "y": 1.02, "xanchor": "center", "yanchor": "bottom", "showarrow": False})  # fmt: skip
        data.append({"type": "scatter", "x": f32(xs), "y": f32(fs), "mode": "lines", "xaxis": xa, "yaxis": ya,
                     "line": {"color": CURVE_COLOR, "width": 2}, "meta": f"curve-{i}", "hoverinfo": "skip"})
        shown = np.flatnonzero((run.x >= lo) & (run.x <= hi))
        for j in shown:  # thin tangents at every iterate in view
            tx, ty = tangent(run.x[j], run.f[j], run.slope[j], half)
            data.append({"type": "scatter", "x": tx.tolist(), "y": ty.tolist(), "mode": "lines", "xaxis": xa,
                         "yaxis": ya, "line": {"color": color, "width": 1, "dash": "dot"}, "hoverinfo": "skip",
                         "meta": f"tangent-{i}-{j}"})  # fmt: skip
        data.append(
            {"type": "scatter", "x": f32(run.x[shown]), "y": f32(run.f[shown]), "mode": "lines+markers+text",
             "xaxis": xa, "yaxis": ya, "line": {"color": color, "width": 1}, "meta": f"iterates-{i}",
             "marker": {"color": color, "size": 8}, "text": [str(int(j)) for j in shown], "textposition": "top center",
             "textfont": {"color": color, "size": 11}, "customdata": np.stack([shown, run.slope[shown]], axis=1),
             "hovertemplate": t("step {k}", k="%{customdata[0]}") + ": x = %{x:.4g}, f = %{y:.4g}, f′ = "
             "%{customdata[1]:.4g}<extra></extra>"}
        )  # fmt: skip
        if 1 <= k < len(run.x) and lo <= run.x[k - 1] <= hi:
            x0, f0, s0 = run.x[k - 1], run.f[k - 1], run.slope[k - 1]
            tx, ty = tangent(x0, f0, s0, 2 * half)
            data.append({"type": "scatter", "x": tx.tolist(), "y": ty.tolist(), "mode": "lines", "xaxis": xa,
                         "yaxis": ya, "line": {"color": theme.GRADIENT_ARROW, "width": 3}, "hoverinfo": "skip",
                         "meta": f"tangent-k-{i}"})  # fmt: skip
            x1 = float(np.clip(run.x[k], lo, hi))
            annotations.append({"x": x1, "y": f0, "ax": float(x0), "ay": float(f0), "xref": xa, "yref": ya,
                                "axref": xa, "ayref": ya, "showarrow": True, "arrowhead": 2, "arrowwidth": 2.5,
                                "arrowcolor": theme.UPDATE_ARROW, "text": ""})  # fmt: skip
        gone = left_view(run, lo, hi)
        if gone is not None:
            annotations.append({"text": t("leaves the view at step {k}", k=gone), "xref": f"{xa} domain",
                                "yref": f"{ya} domain", "x": 0.5, "y": 0.95, "showarrow": False,
                                "font": {"color": theme.DIVERGED_COLOR}})  # fmt: skip
    layout["annotations"] = annotations
    return figure(data, base_layout(**layout))
