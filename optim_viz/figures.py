"""Figure builders: engine results in, ``go.Figure`` out. No Streamlit here.

* ``surface_grid`` samples a surface on a regular grid (the page caches it).
* ``contour_figure``: the surface, each run's path, start and critical points, an invisible grid
  of clickable points (a click sets the start), step-inspector arrows, and client-side animation
  frames that carry only the path traces (never the contour).
* ``surface3d_figure``, ``loss_figure``, ``distance_figure``: the 3-D view and the two curves.

Figures are assembled as plain dicts and wrapped without Plotly's per-property validation, which
costs ~5× the build time on every change of a control; tests validate every figure instead
(``go.Figure(fig.to_dict())``).
"""

from __future__ import annotations

import base64
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import plotly.graph_objects as go

from . import raster, theme
from .core.engine import BatchResult
from .core.surfaces import Surface
from .i18n import DEFAULT_LANG, Translator, translator
from .i18n import english as _english
from .inspector import StepDetail

CONTOUR_GRID = 120  # samples per axis of the 3-D surface source and the level range
IMAGE_PX = 560  # pixels on the long side of the contour image
N_LEVELS = 24  # contour bands
SURFACE3D_GRID = 60  # samples per axis of the 3-D surface
# Clickable points per axis: 41 puts them on round values (every 0.25 on a window 10 wide). Each
# invisible marker is an SVG node the browser redraws on every update: 51² cost ~50 ms more per
# redraw than 41² in Chromium; WebGL would be cheaper but is missing on some classroom machines.
CLICK_GRID = 41
MAX_FRAMES = 60
MIN_FRAMES = 20
FRAME_BUDGET = 1_000_000  # bytes of path data in all frames (JSON, base64 float32)
LOG_FLOOR = 1e-16  # loss gaps below this are drawn at this value on log axes

# --------------------------------------------------------------------------------------
# The surface on a grid


@dataclass(frozen=True)
class SurfaceGrid:
    """f on a grid, and the values used for colouring (log₁₀(f − f_ref + offset) when ``log``)."""

    x: np.ndarray  # (n,)
    y: np.ndarray  # (m,)
    f: np.ndarray  # (m, n)
    color: np.ndarray  # (m, n) float32
    log: bool
    f_ref: float  # f_min (or the grid's minimum) for log colouring
    offset: float
    image: str = ""  # the filled contour as a PNG data URI, finer than the grid (see raster.py)

    @property
    def levels(self) -> tuple[float, float]:
        """Colour range (lo, hi) split into N_LEVELS bands."""
        return float(self.color.min()), float(self.color.max())

    def color_of(self, f: np.ndarray) -> np.ndarray:
        """The colour coordinate of loss values (the z of the 3-D view)."""
        f = np.asarray(f, dtype=np.float64)
        if not self.log:
            return f
        return np.log10(np.maximum(f - self.f_ref, 0.0) + self.offset)


def _sample(surface: Surface, nx: int, ny: int, *, centres: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x0, x1, y0, y1 = surface.window
    if centres:  # pixel centres, so the image covers the window exactly
        xs = x0 + (np.arange(nx) + 0.5) * (x1 - x0) / nx
        ys = y0 + (np.arange(ny) + 0.5) * (y1 - y0) / ny
    else:
        xs, ys = np.linspace(x0, x1, nx), np.linspace(y0, y1, ny)
    X, Y = np.meshgrid(xs, ys)
    with np.errstate(all="ignore"):
        f = surface.value(X, Y)
    ok = np.isfinite(f)
    f = np.where(ok, f, f[ok].max() if ok.any() else 0.0)
    return xs, ys, f


def surface_grid(surface: Surface, n: int = CONTOUR_GRID, image_px: int = IMAGE_PX) -> SurfaceGrid:
    """Sample ``surface`` on an n × n grid over its window, and draw its contour image."""
    xs, ys, f = _sample(surface, n, n, centres=False)
    log = bool(surface.log_levels)
    f_ref = surface.min_value if log and surface.min_value is not None else float(f.min())
    f_ref = min(f_ref, float(f.min()))
    span = float(f.max() - f_ref)
    # A floor ~7 decades below the window's range: rings down to the minimum without a singular centre.
    offset = max(span * 1e-7, 1e-12) if log else 0.0
    grid = SurfaceGrid(xs, ys, f, np.zeros(1, np.float32), log, f_ref, offset)
    color = grid.color_of(f).astype(np.float32)
    lo, hi = float(color.min()), float(color.max())
    x0, x1, y0, y1 = surface.window
    w, h = (image_px, max(2, round(image_px * (y1 - y0) / (x1 - x0))))
    if h > image_px:
        w, h = max(2, round(image_px * (x1 - x0) / (y1 - y0))), image_px
    _, _, fi = _sample(surface, w, h, centres=True)
    png = raster.contour_png(grid.color_of(fi), lo, hi, N_LEVELS, theme.CONTOUR_COLORSCALE, theme.CONTOUR_LINE)
    return SurfaceGrid(xs, ys, f, color, log, f_ref, offset, raster.data_uri(png))


# --------------------------------------------------------------------------------------
# Shared pieces


_TYPED = {"float32": "f4", "float64": "f8", "int32": "i4"}


def _arr(a, dtype: str = "float32") -> dict:
    """A numpy array as Plotly's base64 typed-array spec, encoded once here: Plotly would otherwise
    re-encode every array on every rerun when Streamlit serialises the (cached) figure."""
    a = np.ascontiguousarray(a, dtype=dtype)
    spec = {"dtype": _TYPED[dtype], "bdata": base64.b64encode(a.tobytes()).decode("ascii")}
    if a.ndim > 1:
        spec["shape"] = ",".join(str(n) for n in a.shape)
    return spec


def _f32(a) -> dict:
    return _arr(a, "float32")


class PlainFigure(go.Figure):
    """A figure built from JSON-ready dicts (arrays already base64-encoded by ``_arr``).

    ``to_dict`` (which Streamlit, ``to_json`` and ``to_html`` all go through) hands back those
    dicts instead of deep-copying and re-walking them: Streamlit calls it on every rerun, even for
    a cached figure. Animation frames are kept only there: turning 60 frames into Plotly objects
    cost more than the rest of the page. So ``fig.frames`` is empty; read ``fig.to_dict()["frames"]``.
    The builders never mutate a figure after making it; ``go.Figure(fig.to_dict())`` gives an
    editable (and validated) copy.
    """

    def __init__(self, spec: dict[str, Any]):
        super().__init__({"data": spec["data"], "layout": spec["layout"]}, _validate=False)
        self._plain_spec = spec

    def to_dict(self) -> dict[str, Any]:
        return dict(self._plain_spec)


def _figure(data: list[dict], layout: dict, frames: list[dict] | None = None) -> go.Figure:
    spec: dict[str, Any] = {"data": data, "layout": layout}
    if frames:
        spec["frames"] = frames
    return PlainFigure(spec)


def _font(classroom: bool) -> dict:
    return {"size": theme.font_size(classroom), "family": "Inter, Source Sans Pro, Arial, sans-serif"}


def _sized(layout: dict, classroom: bool) -> dict:
    """Explicit sizes for legend and tick labels: Streamlit's chart theme sets its own, which would
    otherwise win over ``layout.font`` and keep the text small on a projector."""
    size = theme.font_size(classroom)
    layout.setdefault("legend", {})["font"] = {"size": size}
    for axis in ("xaxis", "yaxis"):
        if axis in layout:
            layout[axis]["tickfont"] = {"size": size}
            layout[axis].setdefault("title", {})["font"] = {"size": size}
    return layout


def _styles(result: BatchResult) -> list[tuple[str, str]]:
    return theme.run_styles([(t.spec.optimizer, t.hparams) for t in result.runs])


def _line_width(classroom: bool) -> float:
    return 3.5 if classroom else 2.2


def _colorbar_ticks(grid: SurfaceGrid, lang: str = DEFAULT_LANG) -> dict:
    if not grid.log:
        return {"title": {"text": "f(x, y)", "side": "right"}}
    lo, hi = float(grid.color.min()), float(grid.color.max())
    vals = [float(v) for v in range(math.ceil(lo), math.floor(hi) + 1)]
    return {
        "title": {"text": translator(lang)("f − f*  (log scale)"), "side": "right"},
        "tickvals": vals,
        "ticktext": [f"{10.0**v:g}" for v in vals],
    }


def frame_steps(steps: int, max_frames: int = MAX_FRAMES) -> list[int]:
    """Steps shown by the animation frames: 0, …, steps, at most ``max_frames`` of them, evenly spread."""
    n = min(max_frames, steps + 1)
    return sorted({int(round(v)) for v in np.linspace(0, steps, n)})


def _frame_plan(result: BatchResult) -> list[int]:
    """As many frames as fit FRAME_BUDGET (each frame carries every path up to its step)."""
    lengths = [len(t.path) for t in result.runs]
    for n in range(MAX_FRAMES, MIN_FRAMES - 1, -5):
        ks = frame_steps(result.steps, n)
        points = sum(min(k + 1, m) for k in ks for m in lengths)
        if points * 2 * 4 * 4 / 3 <= FRAME_BUDGET:
            return ks
    return frame_steps(result.steps, MIN_FRAMES)


def _stride_for(result: BatchResult, ks: Sequence[int]) -> int:
    """Every how many path points the frames keep, so that even MIN_FRAMES fit the budget."""
    points = sum(min(k + 1, len(t.path)) for k in ks for t in result.runs)
    return max(1, math.ceil(points * 2 * 4 * 4 / 3 / FRAME_BUDGET))


def _frame_path(path: np.ndarray, k: int, stride: int) -> np.ndarray:
    end = min(k, len(path) - 1)
    if stride == 1:
        return path[: end + 1]
    idx = np.unique(np.r_[np.arange(0, end + 1, stride), end])
    return path[idx]


def window_exit(path: np.ndarray, window: tuple[float, float, float, float]) -> tuple[int, np.ndarray] | None:
    """(step, point on the window's edge) where a path first leaves the window, or None."""
    x0, x1, y0, y1 = window
    outside = (path[:, 0] < x0) | (path[:, 0] > x1) | (path[:, 1] < y0) | (path[:, 1] > y1)
    hits = np.flatnonzero(outside)
    if not hits.size or hits[0] == 0:
        return None
    i = int(hits[0])
    a, b = path[i - 1], path[i]
    d = b - a
    t = 1.0
    for lo, hi, axis in ((x0, x1, 0), (y0, y1, 1)):
        if d[axis] > 0 and b[axis] > hi:
            t = min(t, (hi - a[axis]) / d[axis])
        elif d[axis] < 0 and b[axis] < lo:
            t = min(t, (lo - a[axis]) / d[axis])
    return i, a + max(0.0, t) * d


def drawn_path(path: np.ndarray, window: tuple[float, float, float, float]) -> np.ndarray:
    """The part of a path worth sending to the browser: up to where it leaves a box twice the
    window's size in every direction (ending on that box's edge). Beyond that it is off-screen
    anyway, and coordinates of a diverging run (up to 10⁶ × the window) break the SVG clipping."""
    x0, x1, y0, y1 = window
    w, h = x1 - x0, y1 - y0
    hit = window_exit(path, (x0 - 2 * w, x1 + 2 * w, y0 - 2 * h, y1 + 2 * h))
    if hit is None:
        return path
    i, edge = hit
    return np.vstack([path[:i], edge])


def clip_segment(tail: np.ndarray, head: np.ndarray, window) -> tuple[np.ndarray, np.ndarray] | None:
    """The segment cut at the window's edge, or None when it starts outside the window."""
    hit = window_exit(np.vstack([tail, head]), window)
    if hit is None:
        x0, x1, y0, y1 = window
        inside = x0 <= tail[0] <= x1 and y0 <= tail[1] <= y1
        return (tail, head) if inside else None
    return tail, hit[1]


_MARKERS = {
    "global minimum": ("star", "minimum"),
    "local minimum": ("star-open", "local minimum"),
    "saddle": ("x-thin-open", "saddle"),
    "local maximum": ("triangle-up-open", "maximum"),
}

# --------------------------------------------------------------------------------------
# Contour with paths, animation and inspector arrows


@dataclass(frozen=True)
class ContourTraces:
    """Indices of the traces of ``contour_figure`` (tests and the page's click handler read them)."""

    colorbar: int
    click_grid: int
    paths: tuple[int, ...]
    heads: tuple[int, ...]


def contour_layout_indices(n_runs: int) -> ContourTraces:
    paths = tuple(range(2, 2 + n_runs))
    heads = tuple(range(2 + n_runs, 2 + 2 * n_runs))
    return ContourTraces(0, 1, paths, heads)


def contour_figure(
    result: BatchResult,
    grid: SurfaceGrid,
    start: Sequence[float],
    *,
    details: Sequence[StepDetail] = (),
    animate: bool = True,
    classroom: bool = False,
    height: int = 620,
    lang: str = DEFAULT_LANG,
) -> go.Figure:
    """The headline view: contour, paths, start and critical points, clickable grid, animation, arrows."""
    tx = translator(lang)
    surface = result.surface
    window = surface.window
    x0, x1, y0, y1 = window
    styles = _styles(result)
    lw = _line_width(classroom)
    big = 1.5 if classroom else 1.0
    lo, hi = grid.levels
    # The surface itself is a layout image (see raster.py); this invisible trace carries its colour bar.
    data: list[dict] = [
        {
            "type": "scatter",
            "x": [None],
            "y": [None],
            "mode": "markers",
            "marker": {
                "color": [lo, hi],
                "cmin": lo,
                "cmax": hi,
                "colorscale": raster.stepped_colorscale(theme.CONTOUR_COLORSCALE, N_LEVELS),
                "showscale": True,
                "colorbar": {
                    **_colorbar_ticks(grid, lang),
                    "thickness": 14,
                    "len": 0.9,
                    "x": 1.0,
                    "outlinewidth": 0,
                    "tickfont": {"size": theme.font_size(classroom)},
                },
            },
            "hoverinfo": "skip",
            "name": "surface",
            "showlegend": False,
        }
    ]
    cx = np.linspace(x0, x1, CLICK_GRID)
    cy = np.linspace(y0, y1, CLICK_GRID)
    CX, CY = np.meshgrid(cx, cy)
    with np.errstate(all="ignore"):
        cf = surface.value(CX, CY)
    data.append(
        {
            "type": "scatter",
            "x": _f32(CX.ravel()),
            "y": _f32(CY.ravel()),
            "customdata": _f32(np.where(np.isfinite(cf), cf, np.nan).ravel()),
            "mode": "markers",
            "marker": {"size": 14, "opacity": 0, "color": "#000000"},
            "selected": {"marker": {"opacity": 0}},
            "unselected": {"marker": {"opacity": 0}},
            "hovertemplate": "x=%{x:.2f}, y=%{y:.2f}<br>f=%{customdata:.4g}<br><i>"
            + tx("click to start here")
            + "</i><extra></extra>",
            "name": tx("click to set the start"),
            "showlegend": False,
        }
    )
    drawn = [drawn_path(t.path, window) for t in result.runs]
    for i, (t, p, (color, dash)) in enumerate(zip(result.runs, drawn, styles)):
        data.append(
            {
                "type": "scatter",
                "x": _f32(p[:, 0]),
                "y": _f32(p[:, 1]),
                "customdata": _f32(np.r_[t.loss, np.nan][: len(p)] if len(p) > len(t.loss) else t.loss[: len(p)]),
                "mode": "lines+markers",
                "line": {"color": color, "width": lw, "dash": dash},
                "marker": {"color": color, "size": 4 * big},
                "selected": {"marker": {"opacity": 1}},
                "unselected": {"marker": {"opacity": 1}},
                "name": t.label,
                "legendgroup": f"run{i}",
                "hovertemplate": f"{t.label}<br>" + tx("step {k}", k="%{pointNumber}") + ": (%{x:.3g}, %{y:.3g})"
                "<br>f=%{customdata:.4g}<extra></extra>",
            }
        )
    for i, (t, p, (color, _)) in enumerate(zip(result.runs, drawn, styles)):
        data.append(
            {
                "type": "scatter",
                "x": _f32(p[-1:, 0]),
                "y": _f32(p[-1:, 1]),
                "mode": "markers",
                "marker": {"color": color, "size": 11 * big, "line": {"color": "white", "width": 1.5}},
                "name": tx("{label}: current step", label=t.label),
                "legendgroup": f"run{i}",
                "showlegend": False,
                "hoverinfo": "skip",
            }
        )
    data += _ending_markers(result, styles, big, tx)
    data.append(
        {
            "type": "scatter",
            "x": [float(start[0])],
            "y": [float(start[1])],
            "mode": "markers+text",
            "marker": {"symbol": "circle-open", "size": 14 * big, "color": theme.START_COLOR, "line": {"width": 2.5}},
            "text": [tx("start")],
            "textposition": "top center",
            "textfont": {"size": theme.font_size(classroom)},
            "name": tx("start"),
            "hovertemplate": tx("start") + " (%{x:.3g}, %{y:.3g})<extra></extra>",
            "showlegend": False,
        }
    )
    data += _critical_markers(surface, window, big, tx)
    annotations = []
    if details:
        data += _arrow_legend(tx)
        annotations = _arrows(details, window, classroom, tx)
    layout = {
        "height": height,
        "margin": {"l": 50, "r": 10, "t": 30, "b": 50},
        "font": _font(classroom),
        "xaxis": {"range": [x0, x1], "autorange": False, "constrain": "domain", "title": {"text": "x"},
                  "showgrid": False, "zeroline": False},
        "yaxis": {"range": [y0, y1], "autorange": False, "constrain": "domain", "scaleanchor": "x",
                  "scaleratio": 1, "title": {"text": "y"}, "showgrid": False, "zeroline": False},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.01, "xanchor": "left", "x": 0},
        "hovermode": "closest",
        "clickmode": "event+select",
        "dragmode": "pan",
        "annotations": annotations,
        "uirevision": f"contour {surface.name} {window}",  # zoom survives reruns, not a new surface
        "plot_bgcolor": "white",
        "images": [
            {"source": grid.image, "xref": "x", "yref": "y", "x": x0, "y": y1, "sizex": x1 - x0, "sizey": y1 - y0,
             "sizing": "stretch", "layer": "below", "xanchor": "left", "yanchor": "top"}
        ],
    }  # fmt: skip
    frames = None
    if animate and result.steps > 1:
        frames, controls = _animation(result, classroom, tx)
        layout.update(controls)
        layout["margin"]["b"] = 160
        layout["height"] = height + 110
    return _figure(data, _sized(layout, classroom), frames)


def _ending_markers(result: BatchResult, styles, big: float, tx: Translator = _english) -> list[dict]:
    """× where a diverged run's path stops; ▲ where a path leaves the window."""
    out = []
    for i, (t, (color, _)) in enumerate(zip(result.runs, styles)):
        exit_ = window_exit(t.path, result.surface.window)
        if exit_ is not None:
            step, p = exit_
            out.append(
                {
                    "type": "scatter",
                    "x": [float(p[0])],
                    "y": [float(p[1])],
                    "mode": "markers",
                    "marker": {"symbol": "square-open", "size": 12 * big, "color": color, "line": {"width": 2.5}},
                    "name": tx("{label}: leaves the window", label=t.label),
                    "legendgroup": f"run{i}",
                    "showlegend": False,
                    "hovertemplate": f"{t.label}<br>" + tx("leaves the window at step {k}", k=step) + "<extra></extra>",
                }
            )
        if t.diverged_at is not None:
            last = t.path[-1]
            out.append(
                {
                    "type": "scatter",
                    "x": [float(last[0])],
                    "y": [float(last[1])],
                    "mode": "markers",
                    "marker": {"symbol": "x", "size": 14 * big, "color": color, "line": {"width": 1}},
                    "name": tx("{label}: diverged", label=t.label),
                    "legendgroup": f"run{i}",
                    "showlegend": False,
                    "hovertemplate": f"{t.label}<br>"
                    + tx("last finite point; diverged at step {k}", k=t.diverged_at)
                    + "<extra></extra>",
                }
            )
    return out


def _critical_markers(surface: Surface, window, big: float, tx: Translator = _english) -> list[dict]:
    x0, x1, y0, y1 = window
    out = []
    by_kind: dict[str, list] = {}
    for p in surface.critical_points:
        if x0 <= p.x <= x1 and y0 <= p.y <= y1:
            by_kind.setdefault(p.kind, []).append(p)
    for kind, pts in by_kind.items():
        symbol, label = _MARKERS.get(kind, ("circle-open", kind))
        out.append(
            {
                "type": "scatter",
                "x": [p.x for p in pts],
                "y": [p.y for p in pts],
                "mode": "markers",
                "marker": {"symbol": symbol, "size": 16 * big, "color": theme.MINIMUM_COLOR,
                           "line": {"width": 1.5, "color": theme.MINIMUM_COLOR}},
                "name": tx(label),
                "hovertemplate": tx(kind) + " (%{x:.4g}, %{y:.4g})<extra></extra>",
            }
        )  # fmt: skip
    return out


def _animation(result: BatchResult, classroom: bool, tx: Translator = _english) -> tuple[list[dict], dict]:
    """Frames that update only the path and head traces, with Play/Pause buttons and a step slider."""
    n = len(result.runs)
    idx = contour_layout_indices(n)
    ks = _frame_plan(result)
    stride = _stride_for(result, ks)
    drawn = [drawn_path(t.path, result.surface.window) for t in result.runs]
    frames = []
    for k in ks:
        paths = [_frame_path(p, k, stride) for p in drawn]
        heads = [p[min(k, len(p) - 1)] for p in drawn]
        frames.append(
            {
                "name": str(k),
                "traces": [*idx.paths, *idx.heads],
                "data": [{"type": "scatter", "x": _f32(p[:, 0]), "y": _f32(p[:, 1])} for p in paths]
                + [{"type": "scatter", "x": [float(h[0])], "y": [float(h[1])]} for h in heads],
            }
        )
    duration = max(40, min(150, 6000 // len(ks)))
    # redraw=False: each frame restyles only the path traces (cheap and smooth); the surface is a
    # layout image and every other trace is a scatter, so nothing else is dropped while playing.
    play = {"frame": {"duration": duration, "redraw": False}, "transition": {"duration": 0}, "fromcurrent": True,
            "mode": "immediate"}  # fmt: skip
    restart = {**play, "fromcurrent": False}
    pause = {"frame": {"duration": 0, "redraw": False}, "mode": "immediate", "transition": {"duration": 0}}
    font = theme.font_size(classroom)
    step_prefix, step_suffix = tx("step {k}", k="\x00").split("\x00")  # "step 40" / "第 40 步"
    controls = {
        "updatemenus": [
            {
                "type": "buttons",
                "direction": "left",
                "showactive": False,
                "x": 0.0,
                "y": -0.11,
                "xanchor": "left",
                "yanchor": "top",
                "pad": {"r": 8, "t": 0},
                "font": {"size": font},
                "buttons": [
                    {"label": tx("▶ Play"), "method": "animate", "args": [None, play]},
                    {"label": tx("❚❚ Pause"), "method": "animate", "args": [[None], pause]},
                    {"label": tx("⟲ Replay"), "method": "animate", "args": [[str(k) for k in ks], restart]},
                ],
            }
        ],
        "sliders": [
            {
                "active": len(ks) - 1,
                "x": 0.0,
                "len": 1.0,
                "y": -0.2,
                "yanchor": "top",
                "pad": {"t": 0, "b": 0},
                "currentvalue": {"prefix": step_prefix, "suffix": step_suffix,
                                 "font": {"size": font, "color": "#333333"}, "xanchor": "left"},
                "font": {"color": "rgba(0,0,0,0)"},  # 60 step labels would overlap; the current one is shown
                "steps": [
                    {
                        "label": str(k),
                        "method": "animate",
                        "args": [[str(k)], {"frame": {"duration": 0, "redraw": False}, "mode": "immediate",
                                            "transition": {"duration": 0}}],
                    }
                    for k in ks
                ],
            }
        ],
    }  # fmt: skip
    return frames, controls


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


def _arrow_legend(tx: Translator = _english) -> list[dict]:
    return [
        {
            "type": "scatter",
            "x": [None],
            "y": [None],
            "mode": "lines",
            "line": {"color": color, "width": 3},
            "name": tx(label),
            "legendgroup": "arrows",
            "hoverinfo": "skip",
        }
        for kind, color, label in _ARROW_KINDS
    ]


def _arrows(details: Sequence[StepDetail], window, classroom: bool, tx: Translator = _english) -> list[dict]:
    """Arrows in data coordinates: gradient step and the rest from xₖ₋₁, the update on top."""
    x0, x1, y0, y1 = window
    tiny = 1e-3 * max(x1 - x0, y1 - y0)
    width = 2.6 if classroom else 1.8
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
            color = {k: c for k, c, _ in _ARROW_KINDS}[kind]
            what = tx(_ARROW_HOVER["direction" if kind == "gradient" and d.adaptive else kind])
            out.append(
                {
                    "x": float(head[0]),
                    "y": float(head[1]),
                    "ax": float(tail[0]),
                    "ay": float(tail[1]),
                    "xref": "x",
                    "yref": "y",
                    "axref": "x",
                    "ayref": "y",
                    "showarrow": True,
                    "arrowhead": 0 if cut else 2,
                    "arrowsize": 1.2,
                    "arrowwidth": width * 1.8 if kind == "update" else width,
                    "arrowcolor": color,
                    "text": "",
                    "hovertext": f"{d.label}, {tx('step {k}', k=d.step)}: {what}"
                    + (tx(" (continues off the plot)") if cut else ""),
                }
            )
    return out


# --------------------------------------------------------------------------------------
# 3-D view


def surface3d_figure(
    result: BatchResult, grid: SurfaceGrid, *, classroom: bool = False, height: int = 620, lang: str = DEFAULT_LANG
) -> go.Figure:
    """The surface in 3-D (log-scaled height where the contour is log-scaled) with each path on it."""
    step = max(1, len(grid.x) // SURFACE3D_GRID)
    z = grid.color[::step, ::step]
    lo, hi = float(z.min()), float(z.max())
    # Paths float a little above the mesh (which cuts corners across a narrow valley) and stop at
    # its floor: the sampled surface cannot show heights below its lowest grid point.
    lift = 0.03 * (hi - lo or 1.0)
    ztitle = "log₁₀(f − f* + ε)" if grid.log else "f(x, y)"  # symbols only: the same in every language
    data: list[dict] = [
        {
            "type": "surface",
            "x": _f32(grid.x[::step]),
            "y": _f32(grid.y[::step]),
            "z": _f32(z),
            "colorscale": theme.SURFACE_COLORSCALE,
            "showscale": False,
            "opacity": 0.75,
            "hoverinfo": "skip",
            "name": "surface",
            "contours": {"z": {"show": True, "usecolormap": False, "color": "#7a7a7a", "width": 1,
                               "start": lo, "end": hi, "size": (hi - lo) / 16 or 1.0}},
        }
    ]  # fmt: skip
    for i, (t, (color, dash)) in enumerate(zip(result.runs, _styles(result))):
        p = drawn_path(t.path, result.surface.window)
        p = p[: len(t.loss)]  # the edge point has no loss: the 3-D line stops one point earlier
        loss = t.loss[: len(p)]
        data.append(
            {
                "type": "scatter3d",
                "x": _f32(p[:, 0]),
                "y": _f32(p[:, 1]),
                "z": _f32(np.clip(grid.color_of(loss), lo, hi) + lift),
                "mode": "lines+markers",
                "line": {"color": color, "width": 6 if classroom else 4, "dash": dash},
                "marker": {"color": color, "size": 2},
                "name": t.label,
                "legendgroup": f"run{i}",
                "hovertemplate": f"{t.label}<br>"
                + translator(lang)("step {k}", k="%{pointNumber}")
                + "<extra></extra>",
            }
        )
    x0, x1, y0, y1 = result.surface.window
    layout = {
        "height": height,
        "margin": {"l": 0, "r": 0, "t": 30, "b": 0},
        "font": _font(classroom),
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        "scene": {
            "xaxis": {"title": {"text": "x"}, "range": [x0, x1]},
            "yaxis": {"title": {"text": "y"}, "range": [y0, y1]},
            "zaxis": {"title": {"text": ztitle}},
            "aspectmode": "manual",
            "aspectratio": {"x": 1, "y": (y1 - y0) / (x1 - x0), "z": 0.6},
            "camera": {"eye": {"x": -1.1, "y": -1.5, "z": 1.5}},
        },
        "uirevision": "surface3d",
    }
    return _figure(data, layout)


# --------------------------------------------------------------------------------------
# Curves


def _curve_layout(title: str, ytitle: str, log: bool, classroom: bool, height: int, tx: Translator = _english) -> dict:
    return {
        "height": height,
        "margin": {"l": 60, "r": 10, "t": 60, "b": 45},
        "font": _font(classroom),
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": theme.font_size(classroom) + 2}},
        "xaxis": {"title": {"text": tx("step k")}, "rangemode": "tozero"},
        "yaxis": {"title": {"text": ytitle}, "type": "log" if log else "linear", "exponentformat": "power"},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.2, "x": 0},
        "showlegend": False,
        "hovermode": "x unified",
        "plot_bgcolor": "white",
    }


def _curves(result: BatchResult, values: list[np.ndarray], log: bool, tx: Translator = _english) -> list[dict]:
    data = []
    for i, (t, v, (color, dash)) in enumerate(zip(result.runs, values, _styles(result))):
        y = np.maximum(v, LOG_FLOOR) if log else v
        steps = np.arange(len(y))
        data.append(
            {
                "type": "scatter",
                "x": _arr(steps, "int32"),
                "y": _arr(y, "float64"),
                "mode": "lines",
                "line": {"color": color, "width": 2.2, "dash": dash},
                "name": t.label,
                "legendgroup": f"run{i}",
                "hovertemplate": f"%{{y:.3g}}<extra>{t.label}</extra>",
            }
        )
        if t.diverged_at is not None:
            data.append(
                {
                    "type": "scatter",
                    "x": [int(steps[-1])],
                    "y": [float(y[-1])],
                    "mode": "markers+text",
                    "marker": {"symbol": "x", "size": 12, "color": color},
                    "text": [tx("diverged at step {k}", k=t.diverged_at)],
                    "textposition": "middle right",
                    "cliponaxis": False,
                    "textfont": {"color": color},
                    "name": tx("{label}: diverged", label=t.label),
                    "legendgroup": f"run{i}",
                    "showlegend": False,
                    "hoverinfo": "skip",
                }
            )
    return data


def _log_ticks(layout: dict, values: list[np.ndarray]) -> None:
    """Ticks on whole decades only (auto ticks label 2 and 5 between them, which clutters)."""
    finite = np.concatenate([np.ravel(v) for v in values] or [np.ones(1)])
    finite = np.maximum(finite[np.isfinite(finite)], LOG_FLOOR)
    if finite.size:
        span = math.log10(finite.max()) - math.log10(finite.min())
        if span > 3:  # within a few decades Plotly's own ticks (1, 2, 5, …) are the readable ones
            layout["yaxis"]["dtick"] = math.ceil(span / 6)


def _step_marker(layout: dict, k: int | None) -> None:
    if k is not None:
        layout["shapes"] = [
            {"type": "line", "xref": "x", "yref": "paper", "x0": k, "x1": k, "y0": 0, "y1": 1,
             "line": {"color": "#888888", "width": 1.5, "dash": "dot"}}
        ]  # fmt: skip


def loss_figure(
    result: BatchResult,
    *,
    inspect_step: int | None = None,
    classroom: bool = False,
    height: int = 340,
    lang: str = DEFAULT_LANG,
) -> go.Figure:
    """f(xₖ) − f* against k on a log axis (f itself, linear, where f* is unknown)."""
    f_min = result.surface.min_value
    if f_min is not None:
        values = [t.loss - f_min for t in result.runs]
        title, ytitle, log = "Loss gap f(xₖ) − f*", "f − f* (log)", True
    else:
        values = [t.loss for t in result.runs]
        title, ytitle, log = "Loss f(xₖ) (no lower bound on this surface)", "f", False
    tx = translator(lang)
    layout = _curve_layout(tx(title), tx(ytitle), log, classroom, height, tx)
    _step_marker(layout, inspect_step)
    if log:
        _log_ticks(layout, values)
    return _figure(_curves(result, values, log, tx), _sized(layout, classroom))


def distance_figure(
    result: BatchResult,
    *,
    inspect_step: int | None = None,
    classroom: bool = False,
    height: int = 340,
    lang: str = DEFAULT_LANG,
) -> go.Figure:
    """Distance to the nearest minimum (or the nearest critical point on a surface with none) on a log axis."""
    surface = result.surface
    tx = translator(lang)
    if surface.minima:
        values = [surface.distance_to_nearest_minimum(t.path[:, 0], t.path[:, 1]) for t in result.runs]
        title = tx("Distance to the nearest minimum ‖xₖ − x*‖")
    else:
        pts = surface.critical_points
        values = [
            np.min([np.hypot(t.path[:, 0] - p.x, t.path[:, 1] - p.y) for p in pts], axis=0)
            if pts
            else np.hypot(t.path[:, 0] - t.path[0, 0], t.path[:, 1] - t.path[0, 1])
            for t in result.runs
        ]
        title = (
            tx("Distance to the {kind} (no minimum here)", kind=tx(pts[0].kind))
            if pts
            else tx("Distance from the start")
        )
    layout = _curve_layout(title, tx("distance (log)"), True, classroom, height, tx)
    _step_marker(layout, inspect_step)
    _log_ticks(layout, values)
    return _figure(_curves(result, values, True, tx), _sized(layout, classroom))


def payload_bytes(fig: go.Figure) -> int:
    """Size of the figure's JSON as sent to the browser."""
    return len(fig.to_json())
