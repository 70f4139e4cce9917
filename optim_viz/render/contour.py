"""The headline view: the surface's contour with every run's path, start and critical points,
step-inspector arrows, and client-side animation frames that carry only the paths (never the surface).

Traces are named by ``meta`` (``path-0``, ``head-0``, …); frames speak in positions, which are
looked up from those names. A click on the plot area becomes a start point in the browser
(``ui.live_control``), so the figure needs no layer of invisible clickable markers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from ..core.engine import BatchResult
from ..core.paths import clip_segment, drawn_path, window_exit
from ..core.steps import StepDetail
from ..core.surfaces import Surface
from ..i18n import Translator, english
from . import raster, theme
from .kit import f32, figure, font, legend_line, sized, square_axes, surface_image, trace_index
from .surface_image import N_LEVELS, SurfaceGrid

MAX_FRAMES = 60
MIN_FRAMES = 20
FRAME_BUDGET = 1_000_000  # bytes of path data in all frames (JSON, base64 float32)

_MARKERS = {
    "global minimum": ("star", "minimum"),
    "local minimum": ("star-open", "local minimum"),
    "saddle": ("x-thin-open", "saddle"),
    "local maximum": ("triangle-up-open", "maximum"),
}


@dataclass(frozen=True)
class _Look:
    """Sizes that grow on a projector (classroom mode)."""

    classroom: bool

    @property
    def line_width(self) -> float:
        return 3.5 if self.classroom else 2.2

    @property
    def scale(self) -> float:
        return 1.5 if self.classroom else 1.0

    @property
    def font_size(self) -> int:
        return theme.font_size(self.classroom)


def path_name(i: int) -> str:
    return f"path-{i}"


def head_name(i: int) -> str:
    return f"head-{i}"


def contour_figure(
    result: BatchResult,
    grid: SurfaceGrid,
    start: Sequence[float],
    *,
    details: Sequence[StepDetail] = (),
    references: Sequence[tuple[str, np.ndarray]] = (),
    animate: bool = True,
    classroom: bool = False,
    height: int = 620,
    t: Translator = english,
) -> go.Figure:
    """Contour, paths, start and critical points, animation, arrows; ``references`` are (label, path)
    of methods that are not optimizers of the engine (Newton's), drawn in grey."""
    look = _Look(classroom)
    surface = result.surface
    styles = theme.run_styles([(r.spec.optimizer, r.hparams) for r in result.runs])
    drawn = [drawn_path(r.path, surface.window) for r in result.runs]
    data = [_colorbar_trace(grid, look, t)]
    data += _path_traces(result, drawn, styles, look, t)
    data += _head_traces(result, drawn, styles, look, t)
    data += _ending_markers(result, styles, look, t)
    data.append(_start_marker(start, look, t))
    data += _critical_markers(surface, look, t)
    data += _inner_traces(result, styles, look, t)
    data += [_reference_trace(i, label, drawn_path(path, surface.window), look)
             for i, (label, path) in enumerate(references)]  # fmt: skip
    annotations: list[dict] = []
    if details:
        data += [legend_line(t(label), color) | {"legendgroup": "arrows", "meta": f"arrow-{kind}"}
                 for kind, color, label in _ARROW_KINDS]  # fmt: skip
        annotations = _arrows(details, surface.window, classroom, t)
    layout = _layout(surface, grid, look, height, annotations)
    frames = None
    if animate and result.steps > 1:
        frames, controls = _animation(result, drawn, data, look, t)
        layout.update(controls)
        layout["margin"]["b"] = 160
        layout["height"] = height + 110
    return figure(data, sized(layout, classroom), frames)


def tick_label_chars(lo: float, hi: float, max_ticks: int = 10) -> int:
    """Characters of the longest tick label Plotly can write on an axis over [lo, hi]: its ticks
    step by 1, 2 or 5 × 10ⁿ, at most ``max_ticks`` of them, with as many decimals as the step."""
    rough = (hi - lo) / (max_ticks - 1)
    exp = math.floor(math.log10(rough))
    step = next(m * 10.0**exp for m in (1, 2, 5, 10) if m * 10.0**exp >= rough)
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    first = math.ceil(lo / step) * step
    ticks = [first + i * step for i in range(int((hi - first) / step + 1e-9) + 1)]
    return min(6, max(len(f"{abs(v):.{decimals}f}") + (v < 0) for v in ticks))  # SI suffixes beyond 6


def _margin(window: Sequence[float], look: _Look) -> dict:
    """Margins that hold the axes' tick labels and titles. The axes do not grow their own
    (``automargin``, on in Streamlit's chart theme): that draws the contour, measures its labels and
    draws it all again, on every rerun. The colour bar and the legend still widen theirs."""
    x0, x1, y0, y1 = window
    left = 54 + math.ceil(0.43 * look.font_size * tick_label_chars(y0, y1))  # as wide as Plotly's own
    return {"l": left, "r": 10, "t": 30, "b": 84 if look.classroom else 50}


def _layout(surface: Surface, grid: SurfaceGrid, look: _Look, height: int, annotations: list[dict]) -> dict:
    axes = square_axes(surface.window)
    for axis in axes.values():
        axis["automargin"] = False
    return {
        "height": height,
        "margin": _margin(surface.window, look),
        "font": font(look.classroom),
        **axes,
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.01, "xanchor": "left", "x": 0},
        "hovermode": "closest",
        "clickmode": "event",
        "dragmode": "pan",
        "annotations": annotations,
        "uirevision": f"contour {surface.name} {surface.window}",  # zoom survives reruns, not a new surface
        "plot_bgcolor": "white",
        "images": [surface_image(surface.window, grid.image)],
    }


def _colorbar_trace(grid: SurfaceGrid, look: _Look, t: Translator) -> dict:
    """The surface itself is a layout image; this invisible trace carries its colour bar."""
    lo, hi = grid.levels
    if grid.log:
        vals = [float(v) for v in range(math.ceil(lo), math.floor(hi) + 1)]
        ticks = {"title": {"text": t("f − f*  (log scale)"), "side": "right"}, "tickvals": vals,
                 "ticktext": [f"{10.0**v:g}" for v in vals]}  # fmt: skip
    else:
        ticks = {"title": {"text": "f(x, y)", "side": "right"}}
    colorbar = {**ticks, "thickness": 14, "len": 0.9, "x": 1.0, "outlinewidth": 0,
                "tickfont": {"size": look.font_size}}  # fmt: skip
    return {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "meta": "colorbar",
            "marker": {"color": [lo, hi], "cmin": lo, "cmax": hi, "showscale": True, "colorbar": colorbar,
                       "colorscale": raster.stepped_colorscale(theme.CONTOUR_COLORSCALE, N_LEVELS)},
            "hoverinfo": "skip", "name": "surface", "showlegend": False}  # fmt: skip


def _path_traces(result: BatchResult, drawn, styles, look: _Look, t: Translator) -> list[dict]:
    out = []
    for i, (run, p, (color, dash)) in enumerate(zip(result.runs, drawn, styles)):
        loss = np.r_[run.loss, np.nan][: len(p)] if len(p) > len(run.loss) else run.loss[: len(p)]
        hover = (f"{run.label}<br>" + t("step {k}", k="%{pointNumber}") + ": (%{x:.3g}, %{y:.3g})"
                 "<br>f=%{customdata:.4g}<extra></extra>")  # fmt: skip
        out.append({"type": "scatter", "meta": path_name(i), "x": f32(p[:, 0]), "y": f32(p[:, 1]),
                    "customdata": f32(loss), "mode": "lines+markers",
                    "line": {"color": color, "width": look.line_width, "dash": dash},
                    "marker": {"color": color, "size": 4 * look.scale}, "selected": {"marker": {"opacity": 1}},
                    "unselected": {"marker": {"opacity": 1}}, "name": run.label, "legendgroup": f"run{i}",
                    "hovertemplate": hover})  # fmt: skip
    return out


def _head_traces(result: BatchResult, drawn, styles, look: _Look, t: Translator) -> list[dict]:
    """Each run's current point (the last one; frames move it)."""
    return [{"type": "scatter", "meta": head_name(i), "x": f32(p[-1:, 0]), "y": f32(p[-1:, 1]), "mode": "markers",
             "marker": {"color": color, "size": 11 * look.scale, "line": {"color": "white", "width": 1.5}},
             "name": t("{label}: current step", label=run.label), "legendgroup": f"run{i}", "showlegend": False,
             "hoverinfo": "skip"}
            for i, (run, p, (color, _)) in enumerate(zip(result.runs, drawn, styles))]  # fmt: skip


def _ending_markers(result: BatchResult, styles, look: _Look, t: Translator) -> list[dict]:
    """□ where a path leaves the window; × where a diverged run's path stops."""
    out = []
    for i, (run, (color, _)) in enumerate(zip(result.runs, styles)):
        exit_ = window_exit(run.path, result.surface.window)
        if exit_ is not None:
            step, p = exit_
            out.append({"type": "scatter", "meta": f"exit-{i}", "x": [float(p[0])], "y": [float(p[1])],
                        "mode": "markers", "marker": {"symbol": "square-open", "size": 12 * look.scale,
                                                      "color": color, "line": {"width": 2.5}},
                        "name": t("{label}: leaves the window", label=run.label), "legendgroup": f"run{i}",
                        "showlegend": False, "hovertemplate": f"{run.label}<br>"
                        + t("leaves the window at step {k}", k=step) + "<extra></extra>"})  # fmt: skip
        if run.diverged_at is not None:
            last = run.path[-1]
            hover = f"{run.label}<br>" + t("last finite point; diverged at step {k}", k=run.diverged_at)
            out.append({"type": "scatter", "meta": f"diverged-{i}", "x": [float(last[0])], "y": [float(last[1])],
                        "mode": "markers", "marker": {"symbol": "x", "size": 14 * look.scale, "color": color,
                                                      "line": {"width": 1}},
                        "name": t("{label}: diverged", label=run.label), "legendgroup": f"run{i}",
                        "showlegend": False, "hovertemplate": hover + "<extra></extra>"})  # fmt: skip
    return out


def _inner_traces(result: BatchResult, styles, look: _Look, t: Translator) -> list[dict]:
    """What some optimizers compute besides their path: ASGD's averaged iterate x̄ (a second, dashed
    path) and every point L-BFGS evaluated inside its steps (small markers), when recorded."""
    window = result.surface.window
    out = []
    for i, (run, (color, _)) in enumerate(zip(result.runs, styles)):
        if "ax" in run.state and len(run.state["ax"]):
            ax = drawn_path(np.vstack([run.path[:1], run.state["ax"]]), window)
            out.append({"type": "scatter", "meta": f"average-{i}", "x": f32(ax[:, 0]), "y": f32(ax[:, 1]),
                        "mode": "lines", "line": {"color": color, "width": look.line_width * 0.7, "dash": "dash"},
                        "name": t("{label}: averaged iterate x̄", label=run.label), "legendgroup": f"run{i}",
                        "hovertemplate": t("{label}: averaged iterate x̄", label=run.label)
                        + "<br>(%{x:.3g}, %{y:.3g})<extra></extra>"})  # fmt: skip
        if "probes" in run.state and "evals" in run.state and len(run.state["evals"]):
            counts = run.state["evals"][:, 0]
            probes = np.concatenate([p[:n] for p, n in zip(run.state["probes"], counts)]) if counts.sum() else None
            if probes is None:
                continue
            x0, x1, y0, y1 = window
            inside = (probes[:, 0] >= x0) & (probes[:, 0] <= x1) & (probes[:, 1] >= y0) & (probes[:, 1] <= y1)
            probes = probes[inside]
            out.append({"type": "scatter", "meta": f"probes-{i}", "x": f32(probes[:, 0]), "y": f32(probes[:, 1]),
                        "mode": "markers", "marker": {"color": color, "size": 4 * look.scale, "symbol": "circle-open",
                                                      "opacity": 0.6},
                        "name": t("{label}: points evaluated inside its steps", label=run.label),
                        "legendgroup": f"run{i}", "hovertemplate": t("evaluated inside a step") + " (%{x:.3g}, "
                        "%{y:.3g})<extra></extra>"})  # fmt: skip
    return out


def _reference_trace(i: int, label: str, path: np.ndarray, look: _Look) -> dict:
    return {"type": "scatter", "meta": f"reference-{i}", "x": f32(path[:, 0]), "y": f32(path[:, 1]),
            "mode": "lines+markers", "name": label,
            "line": {"color": theme.REFERENCE_COLOR, "width": look.line_width, "dash": "dashdot"},
            "marker": {"color": theme.REFERENCE_COLOR, "size": 5 * look.scale, "symbol": "diamond"},
            "hovertemplate": label + "<br>%{pointNumber}: (%{x:.3g}, %{y:.3g})<extra></extra>"}  # fmt: skip


def _start_marker(start: Sequence[float], look: _Look, t: Translator) -> dict:
    return {"type": "scatter", "meta": "start", "x": [float(start[0])], "y": [float(start[1])],
            "mode": "markers+text", "marker": {"symbol": "circle-open", "size": 14 * look.scale,
                                               "color": theme.START_COLOR, "line": {"width": 2.5}},
            "text": [t("start")], "textposition": "top center", "textfont": {"size": look.font_size},
            "name": t("start"), "hovertemplate": t("start") + " (%{x:.3g}, %{y:.3g})<extra></extra>",
            "showlegend": False}  # fmt: skip


def _critical_markers(surface: Surface, look: _Look, t: Translator) -> list[dict]:
    x0, x1, y0, y1 = surface.window
    by_kind: dict[str, list] = {}
    for p in surface.critical_points:
        if x0 <= p.x <= x1 and y0 <= p.y <= y1:
            by_kind.setdefault(p.kind, []).append(p)
    out = []
    for kind, pts in by_kind.items():
        symbol, label = _MARKERS.get(kind, ("circle-open", kind))
        out.append({"type": "scatter", "meta": f"critical-{kind}", "x": [p.x for p in pts], "y": [p.y for p in pts],
                    "mode": "markers", "marker": {"symbol": symbol, "size": 16 * look.scale,
                                                  "color": theme.MINIMUM_COLOR,
                                                  "line": {"width": 1.5, "color": theme.MINIMUM_COLOR}},
                    "name": t(label), "hovertemplate": t(kind) + " (%{x:.4g}, %{y:.4g})<extra></extra>"})  # fmt: skip
    return out


# --------------------------------------------------------------------------------------
# Animation


def frame_steps(steps: int, max_frames: int = MAX_FRAMES) -> list[int]:
    """Steps shown by the animation frames: 0, …, steps, at most ``max_frames`` of them, evenly spread."""
    n = min(max_frames, steps + 1)
    return sorted({int(round(v)) for v in np.linspace(0, steps, n)})


def _frame_plan(result: BatchResult) -> list[int]:
    """As many frames as fit FRAME_BUDGET (each frame carries every path up to its step)."""
    lengths = [len(r.path) for r in result.runs]
    for n in range(MAX_FRAMES, MIN_FRAMES - 1, -5):
        ks = frame_steps(result.steps, n)
        points = sum(min(k + 1, m) for k in ks for m in lengths)
        if points * 2 * 4 * 4 / 3 <= FRAME_BUDGET:
            return ks
    return frame_steps(result.steps, MIN_FRAMES)


def _stride_for(result: BatchResult, ks: Sequence[int]) -> int:
    """Every how many path points the frames keep, so that even MIN_FRAMES fit the budget."""
    points = sum(min(k + 1, len(r.path)) for k in ks for r in result.runs)
    return max(1, math.ceil(points * 2 * 4 * 4 / 3 / FRAME_BUDGET))


def _frame_path(path: np.ndarray, k: int, stride: int) -> np.ndarray:
    end = min(k, len(path) - 1)
    if stride == 1:
        return path[: end + 1]
    idx = np.unique(np.r_[np.arange(0, end + 1, stride), end])
    return path[idx]


def _animation(result: BatchResult, drawn, data: list[dict], look: _Look, t: Translator) -> tuple[list[dict], dict]:
    """Frames that update only the path and head traces, with Play/Pause buttons and a step slider."""
    spec = {"data": data}
    n = len(result.runs)
    animated = [trace_index(spec, name(i)) for name in (path_name, head_name) for i in range(n)]
    ks = _frame_plan(result)
    stride = _stride_for(result, ks)
    frames = []
    for k in ks:
        paths = [_frame_path(p, k, stride) for p in drawn]
        heads = [p[min(k, len(p) - 1)] for p in drawn]
        frames.append({"name": str(k), "traces": animated,
                       "data": [{"type": "scatter", "x": f32(p[:, 0]), "y": f32(p[:, 1])} for p in paths]
                       + [{"type": "scatter", "x": [float(h[0])], "y": [float(h[1])]} for h in heads]})  # fmt: skip
    return frames, _player(ks, look, t)


def _player(ks: Sequence[int], look: _Look, t: Translator) -> dict:
    """Play/Pause/Replay buttons and the step slider under the plot."""
    duration = max(40, min(150, 6000 // len(ks)))
    # redraw=False: each frame restyles only the path traces (cheap and smooth); the surface is a
    # layout image and every other trace is a scatter, so nothing else is dropped while playing.
    play = {"frame": {"duration": duration, "redraw": False}, "transition": {"duration": 0}, "fromcurrent": True,
            "mode": "immediate"}  # fmt: skip
    restart = {**play, "fromcurrent": False}
    still = {"frame": {"duration": 0, "redraw": False}, "mode": "immediate", "transition": {"duration": 0}}
    prefix, suffix = t("step {k}", k="\x00").split("\x00")  # "step 40" / "第 40 步"
    buttons = [
        {"label": t("▶ Play"), "method": "animate", "args": [None, play]},
        {"label": t("❚❚ Pause"), "method": "animate", "args": [[None], still]},
        {"label": t("⟲ Replay"), "method": "animate", "args": [[str(k) for k in ks], restart]},
    ]
    return {
        "updatemenus": [{"type": "buttons", "direction": "left", "showactive": False, "x": 0.0, "y": -0.11,
                         "xanchor": "left", "yanchor": "top", "pad": {"r": 8, "t": 0},
                         "font": {"size": look.font_size}, "buttons": buttons}],
        "sliders": [{"active": len(ks) - 1, "x": 0.0, "len": 1.0, "y": -0.2, "yanchor": "top",
                     "pad": {"t": 0, "b": 0},
                     "currentvalue": {"prefix": prefix, "suffix": suffix, "xanchor": "left",
                                      "font": {"size": look.font_size, "color": "#333333"}},
                     "font": {"color": "rgba(0,0,0,0)"},  # 60 step labels would overlap; the current one is shown
                     "steps": [{"label": str(k), "method": "animate", "args": [[str(k)], still]} for k in ks]}],
    }  # fmt: skip


# --------------------------------------------------------------------------------------
# Step-inspector arrows


_ARROW_KINDS = (
    ("gradient", theme.GRADIENT_ARROW, "−η·∇f (gradient step)"),
    ("extra", theme.MOMENTUM_ARROW, "momentum part"),
    ("update", theme.UPDATE_ARROW, "update Δ = xₖ − xₖ₋₁"),
)
_ARROW_HOVER = {
    "gradient": "gradient step −η·g",
    "direction": "direction of −∇f (drawn at the update's length)",
    "extra": "momentum part Δ − (−η·g)",
    "update": "update Δ",
}


def _arrows(details: Sequence[StepDetail], window, classroom: bool, t: Translator = english) -> list[dict]:
    """Arrows in data coordinates: gradient step and the rest from xₖ₋₁, the update on top."""
    x0, x1, y0, y1 = window
    tiny = 1e-3 * max(x1 - x0, y1 - y0)
    width = 2.6 if classroom else 1.8
    colors = {k: c for k, c, _ in _ARROW_KINDS}
    out = []
    for d in details:
        a = d.position
        # The update first and widest: for plain SGD it coincides with the gradient step drawn on top.
        segments = [("update", a, a + d.update), ("gradient", a, a + d.gradient_arrow)]
        if not d.adaptive:
            segments.append(("extra", a + d.gradient_step, a + d.update))
        for kind, tail, head in segments:
            if np.hypot(*(head - tail)) < tiny:
                continue
            clipped = clip_segment(tail, head, window)
            if clipped is None:
                continue
            cut = not np.array_equal(clipped[1], head)  # runs past the window: no arrowhead at the edge
            tail, head = clipped
            what = t(_ARROW_HOVER["direction" if kind == "gradient" and d.adaptive else kind])
            hover = f"{d.label}, {t('step {k}', k=d.step)}: {what}" + (t(" (continues off the plot)") if cut else "")
            out.append({
                "x": float(head[0]), "y": float(head[1]), "ax": float(tail[0]), "ay": float(tail[1]),
                "xref": "x", "yref": "y", "axref": "x", "ayref": "y", "showarrow": True,
                "arrowhead": 0 if cut else 2, "arrowsize": 1.2,
                "arrowwidth": width * 1.8 if kind == "update" else width, "arrowcolor": colors[kind], "text": "",
                "hovertext": hover,
            })  # fmt: skip
    return out
