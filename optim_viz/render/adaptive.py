"""Figures of the adaptive-step-sizes page: each coordinate's effective step size over the steps, the
accumulators behind it, Adam's bias-correction factors over t, and Adam with and without the
correction step by step. Each optimizer keeps its colour of the whole app."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from ..i18n import Translator, english
from ..lessons.adaptive import BiasFactors, StepSizes
from . import theme
from .kit import base_layout, f32, figure, legend_below, step_marker, title

# accumulator name -> (label, dash): what each line of the accumulator figure is
ACCUMULATOR_LABELS = {
    ("adagrad", "sum"): ("Adagrad: sum of g²", "solid"),
    ("rmsprop", "square_avg"): ("RMSprop: moving average of g²", "solid"),
    ("adadelta", "square_avg"): ("Adadelta: moving average of g²", "solid"),
    ("adadelta", "acc_delta"): ("Adadelta: moving average of its squared steps", "dot"),
    ("adam", "exp_avg_sq"): ("Adam: v, moving average of g²", "solid"),
}
COORDS = ("x", "y")

# The effective step size of each method as PyTorch applies it (see lessons.adaptive)
EFFECTIVE_STEP_LATEX = (
    r"\text{SGD: }\eta\qquad\text{Adagrad: }\frac{\eta}{\sqrt{\textstyle\sum g^2}+\epsilon}\qquad"
    r"\text{RMSprop: }\frac{\eta}{\sqrt{v}+\epsilon}\qquad"
    r"\text{Adadelta: }\eta\,\frac{\sqrt{u_{t-1}+\epsilon}}{\sqrt{v+\epsilon}}\qquad"
    r"\text{Adam: }\frac{\eta}{\sqrt{\hat v}+\epsilon}"
    r"=\frac{\eta/(1-\beta_1^t)}{\sqrt{v}/\sqrt{1-\beta_2^t}+\epsilon}"
)
BIAS_CORRECTION_LATEX = (
    r"\hat m_t=\frac{m_t}{1-\beta_1^t},\qquad \hat v_t=\frac{v_t}{1-\beta_2^t},\qquad "
    r"x_t=x_{t-1}-\eta\,\frac{\hat m_t}{\sqrt{\hat v_t}+\epsilon}"
)


def _two_panels(ytitle: str, log: bool, height: int, t: Translator, k: int | None, text: str) -> dict:
    """x on top, y below, sharing the step axis."""
    yaxis = {"title": {"text": ytitle}, "type": "log" if log else "linear", "exponentformat": "power"}
    layout = {
        "title": title(text),
        "height": height,
        "margin": {"l": 70, "r": 15, "t": 60, "b": 120},
        "xaxis": {"domain": [0, 1], "anchor": "y", "showticklabels": False, "matches": "x2", "showgrid": False},
        "yaxis": {"domain": [0.55, 1.0], **yaxis},
        "xaxis2": {"domain": [0, 1], "anchor": "y2", "title": {"text": t("step t")}, "showgrid": False},
        "yaxis2": {"domain": [0.0, 0.45], **yaxis},
        "legend": legend_below(-0.2),
        "hovermode": "x unified",
        "annotations": [
            {"text": f"<b>{t('coordinate {c}', c=c)}</b>", "xref": "paper", "yref": "paper", "x": 0, "y": y,
             "xanchor": "left", "yanchor": "bottom", "showarrow": False}
            for c, y in zip(COORDS, (1.0, 0.45))
        ],
    }  # fmt: skip
    if k is not None:
        layout["shapes"] = [s | {"yref": ref} for s in step_marker(k) for ref in ("y domain", "y2 domain")]
    return layout


def effective_step_figure(sizes: Sequence[StepSizes], labels: Sequence[str], k: int | None = None,
                          t: Translator = english) -> go.Figure:  # fmt: skip
    """η_eff of each coordinate after every update, one line per run (log scale)."""
    data: list[dict] = []
    for j, coord in enumerate(COORDS):
        for s, label in zip(sizes, labels):
            n = len(s.effective)
            data.append(
                {"type": "scatter", "x": np.arange(1, n + 1, dtype=np.int32), "y": f32(s.effective[:, j]),
                 "mode": "lines", "xaxis": "x" if j == 0 else "x2", "yaxis": "y" if j == 0 else "y2",
                 "line": {"color": theme.method_color(s.method), "width": 2.4}, "name": label,
                 "legendgroup": s.method, "showlegend": j == 0, "meta": f"eff-{s.method}-{coord}",
                 "hovertemplate": label + ": %{y:.3g}<extra></extra>"}
            )  # fmt: skip
    text = t("Effective step size of each coordinate, η_eff (log scale)")
    return figure(data, base_layout(**_two_panels(t("η_eff"), True, 560, t, k, text)))


def accumulator_figure(sizes: Sequence[StepSizes], k: int | None = None, t: Translator = english) -> go.Figure:
    """The squared-gradient accumulators (and Adadelta's average of squared steps), per coordinate."""
    data: list[dict] = []
    for j, coord in enumerate(COORDS):
        for s in sizes:
            for name, values in s.accumulators.items():
                if (s.method, name) not in ACCUMULATOR_LABELS:
                    continue  # Adam's m is signed: it is in the step inspector
                label, dash = ACCUMULATOR_LABELS[(s.method, name)]
                n = len(values)
                data.append(
                    {"type": "scatter", "x": np.arange(1, n + 1, dtype=np.int32),
                     "y": f32(np.maximum(values[:, j], 1e-300)), "mode": "lines",
                     "xaxis": "x" if j == 0 else "x2", "yaxis": "y" if j == 0 else "y2",
                     "line": {"color": theme.method_color(s.method), "width": 2.2, "dash": dash},
                     "name": t(label), "legendgroup": f"{s.method}-{name}", "showlegend": j == 0,
                     "meta": f"acc-{s.method}-{name}-{coord}", "hovertemplate": t(label) + ": %{y:.3g}<extra></extra>"}
                )  # fmt: skip
    text = t("What each method accumulates, per coordinate (log scale)")
    return figure(data, base_layout(**_two_panels(t("value"), True, 560, t, k, text)))


def bias_factor_figure(bf: BiasFactors, t: Translator = english) -> go.Figure:
    """1/(1 − β₁ᵗ), 1/(1 − β₂ᵗ) and the uncorrected-to-corrected step ratio over t (log–log)."""
    tt = bf.t.astype(np.float64)
    peak_t, peak = bf.peak
    data = [
        {"type": "scatter", "x": f32(tt), "y": f32(bf.first), "mode": "lines", "meta": "first",
         "line": {"color": theme.method_color("adam"), "width": 2.6}, "name": t("1/(1 − β₁ᵗ): multiplies m"),
         "hovertemplate": "t=%{x}: %{y:.4g}<extra></extra>"},
        {"type": "scatter", "x": f32(tt), "y": f32(bf.second), "mode": "lines", "meta": "second",
         "line": {"color": theme.method_color("rmsprop"), "width": 2.6}, "name": t("1/(1 − β₂ᵗ): multiplies v"),
         "hovertemplate": "t=%{x}: %{y:.4g}<extra></extra>"},
        {"type": "scatter", "x": f32(tt), "y": f32(bf.ratio), "mode": "lines", "meta": "ratio",
         "line": {"color": theme.method_color("sgd"), "width": 2.2, "dash": "dash"},
         "name": t("uncorrected step ÷ corrected step, (1 − β₁ᵗ)/√(1 − β₂ᵗ)"),
         "hovertemplate": "t=%{x}: %{y:.4g}<extra></extra>"},
        {"type": "scatter", "x": [peak_t], "y": [peak], "mode": "markers+text", "meta": "peak",
         "marker": {"color": theme.method_color("sgd"), "size": 11, "symbol": "diamond"},
         "text": [t("{ratio:.2f}× at t = {t}", ratio=peak, t=peak_t)], "textposition": "top right",
         "showlegend": False, "hoverinfo": "skip"},
    ]  # fmt: skip
    layout = {
        "title": title(t("Adam's bias-correction factors over the steps")),
        "height": 430,
        "xaxis": {"title": {"text": t("step t")}, "type": "log", "showgrid": False},
        "yaxis": {"title": {"text": t("factor")}, "type": "log", "exponentformat": "power"},
        "legend": legend_below(-0.25),
        "margin": {"l": 60, "r": 15, "t": 50, "b": 130},
        "shapes": [{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": 1, "y1": 1,
                    "line": {"color": "#888888", "width": 1, "dash": "dot"}}],
    }  # fmt: skip
    return figure(data, base_layout(**layout))


def step_length_figure(lengths: Sequence[np.ndarray], labels: Sequence[str], lr: float,
                       t: Translator = english) -> go.Figure:  # fmt: skip
    """‖Δ‖ of every update of Adam with and without bias correction, with η√2 (a step of η per coordinate)."""
    styles = ("solid", "dash")
    data = [
        {"type": "scatter", "x": np.arange(1, len(v) + 1, dtype=np.int32), "y": f32(v), "mode": "lines+markers",
         "line": {"color": theme.method_color("adam"), "width": 2.4, "dash": dash}, "marker": {"size": 5},
         "name": label, "meta": f"steps-{i}", "hovertemplate": label + ": %{y:.4g}<extra></extra>"}
        for i, (v, label, dash) in enumerate(zip(lengths, labels, styles))
    ]  # fmt: skip
    n = max((len(v) for v in lengths), default=1)
    data.append({"type": "scatter", "x": [1, n], "y": [lr * np.sqrt(2.0)] * 2, "mode": "lines", "meta": "eta",
                 "line": {"color": "#888888", "width": 1.2, "dash": "dot"},
                 "name": t("η·√2: a step of η in x and in y"), "hoverinfo": "skip"})  # fmt: skip
    layout = {
        "title": title(t("Length of each step ‖xₜ − xₜ₋₁‖")),
        "height": 400,
        "xaxis": {"title": {"text": t("step t")}, "showgrid": False},
        "yaxis": {"title": {"text": t("step length")}, "rangemode": "tozero"},
        "legend": legend_below(-0.22),
        "hovermode": "x unified",
    }
    return figure(data, base_layout(**layout))
