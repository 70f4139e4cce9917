"""What every figure shares: one array encoding, one log floor, the base layout, the surface image
drawn under the paths, common traces, and traces addressed by name, never by position. A trace's
name for code is its ``meta`` (Plotly keeps it through serialisation; ``uid`` is dropped).

Figures are assembled as plain JSON-ready dicts and wrapped without Plotly's per-property
validation, which costs ~5× the build time on every change of a control; the tests validate every
figure instead (``go.Figure(fig.to_dict())``).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go

from ..i18n import Translator, english
from . import theme

LOG_FLOOR = 1e-16  # values below this are drawn at this value on log axes

_TYPED = {"float32": "f4", "float64": "f8", "int32": "i4"}


def arr(a, dtype: str = "float32") -> dict:
    """A numpy array as Plotly's base64 typed-array spec, encoded once here: Plotly would otherwise
    re-encode every array on every rerun when Streamlit serialises the (cached) figure."""
    a = np.ascontiguousarray(a, dtype=dtype)
    spec = {"dtype": _TYPED[dtype], "bdata": base64.b64encode(a.tobytes()).decode("ascii")}
    if a.ndim > 1:
        spec["shape"] = ",".join(str(n) for n in a.shape)
    return spec


def f32(a) -> dict:
    return arr(a, "float32")


def decode(spec: Any) -> np.ndarray:
    """The array behind a trace value (a typed-array spec or a plain list)."""
    if isinstance(spec, dict) and "bdata" in spec:
        return np.frombuffer(base64.b64decode(spec["bdata"]), dtype=spec["dtype"])
    return np.asarray(spec, dtype=float)


class PlainFigure(go.Figure):
    """A figure built from JSON-ready dicts (arrays already base64-encoded by ``arr``).

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


def figure(data: list[dict], layout: dict, frames: list[dict] | None = None) -> go.Figure:
    """The figure, with a ``datarevision`` that names its data: Plotly.js then redraws only what
    changed when a rerun sends the same data again (new array objects would otherwise count as new
    data, and every trace would be recomputed and redrawn)."""
    layout.setdefault("datarevision", data_revision(data))
    spec: dict[str, Any] = {"data": data, "layout": layout}
    if frames:
        spec["frames"] = frames
    return PlainFigure(spec)


def data_revision(data: list[dict]) -> str:
    """A short digest of the traces' JSON: equal for equal data."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def trace_index(fig: go.Figure | dict, name: str) -> int:
    """Position of the trace whose ``meta`` is ``name`` (frames and click events speak in positions)."""
    data = fig["data"] if isinstance(fig, dict) else fig.to_dict()["data"]
    for i, trace in enumerate(data):
        if trace.get("meta") == name:
            return i
    raise KeyError(name)


def payload_bytes(fig: go.Figure) -> int:
    """Size of the figure's JSON as sent to the browser."""
    return len(fig.to_json())


# --------------------------------------------------------------------------------------
# Layout pieces


# A chart over the steps (loss, distance, sharpness): room for the tick labels of the usual log axis
# (10⁻⁶ … 10²) and the axis titles. Streamlit's chart theme lets the axes grow their margins to fit
# (automargin), and growing them draws the chart a second time on every rerun: sized here, they grow
# only for wider labels (a linear axis, a projector).
CURVE_MARGIN = {"l": 84, "r": 10, "t": 60, "b": 65}


def font(classroom: bool = False) -> dict:
    return {"size": theme.font_size(classroom), "family": theme.FONT_FAMILY}


def base_layout(**layout: Any) -> dict:
    """The lesson figures' common look: the app's font, a white plot, hover on the nearest point."""
    base = {"font": font(), "plot_bgcolor": "white", "hovermode": "closest",
            "margin": {"l": 60, "r": 15, "t": 50, "b": 110}}  # fmt: skip
    return {**base, **layout}


def sized(layout: dict, classroom: bool) -> dict:
    """Explicit sizes for legend and tick labels: Streamlit's chart theme sets its own, which would
    otherwise win over ``layout.font`` and keep the text small on a projector."""
    size = theme.font_size(classroom)
    layout.setdefault("legend", {})["font"] = {"size": size}
    for axis in ("xaxis", "yaxis"):
        if axis in layout:
            layout[axis]["tickfont"] = {"size": size}
            layout[axis].setdefault("title", {})["font"] = {"size": size}
    return layout


def title(text: str) -> dict:
    return {"text": text, "x": 0, "xanchor": "left", "font": {"size": theme.BASE_FONT_SIZE + 2}}


def legend_below(y: float = -0.18) -> dict:
    """A horizontal legend under the plot (above it, it would cover the title)."""
    return {"orientation": "h", "yanchor": "top", "y": y, "xanchor": "left", "x": 0}


def legend_above() -> dict:
    return {"orientation": "h", "yanchor": "bottom", "y": 1.01, "xanchor": "left", "x": 0}


def square_axes(window: Sequence[float], xtitle: str = "x", ytitle: str = "y") -> dict:
    """x and y axes fixed to ``window`` with equal scales (a circle looks like a circle)."""
    x0, x1, y0, y1 = window
    return {
        "xaxis": {"range": [x0, x1], "autorange": False, "constrain": "domain", "title": {"text": xtitle},
                  "showgrid": False, "zeroline": False},
        "yaxis": {"range": [y0, y1], "autorange": False, "constrain": "domain", "scaleanchor": "x", "scaleratio": 1,
                  "title": {"text": ytitle}, "showgrid": False, "zeroline": False},
    }  # fmt: skip


def surface_image(window: Sequence[float], image: str) -> dict:
    """The surface's contour picture (a PNG data URI) as a layout image under everything else:
    frames never touch layout images, so the surface stays while an animation plays."""
    x0, x1, y0, y1 = window
    return {"source": image, "xref": "x", "yref": "y", "x": x0, "y": y1, "sizex": x1 - x0, "sizey": y1 - y0,
            "sizing": "stretch", "layer": "below", "xanchor": "left", "yanchor": "top"}  # fmt: skip


def surface_view_layout(window: Sequence[float], image: str, text: str, xtitle: str, ytitle: str, height: int) -> dict:
    """A lesson figure over a surface: its contour image, equal axes, a title, the legend below."""
    return {"title": title(text), "height": height, **square_axes(window, xtitle, ytitle), "legend": legend_below(),
            "images": [surface_image(window, image)], "dragmode": "pan"}  # fmt: skip


def step_marker(k: int | None) -> list[dict]:
    """A dotted vertical line at step k on a curve over the steps."""
    if k is None:
        return []
    return [{"type": "line", "xref": "x", "yref": "paper", "x0": k, "x1": k, "y0": 0, "y1": 1,
             "line": {"color": "#888888", "width": 1.5, "dash": "dot"}}]  # fmt: skip


# --------------------------------------------------------------------------------------
# Common traces


def path_trace(path: np.ndarray, color: str, dash: str, name: str, t: Translator = english, *,
               width: float = 2.2, marker: str = "circle", size: float = 3.5) -> dict:  # fmt: skip
    """A path as a line with small markers; hover names the step."""
    return {
        "type": "scatter", "x": f32(path[:, 0]), "y": f32(path[:, 1]), "mode": "lines+markers",
        "line": {"color": color, "width": width, "dash": dash},
        "marker": {"color": color, "size": size, "symbol": marker}, "name": name,
        "hovertemplate": name + "<br>" + t("step {k}", k="%{pointNumber}") + ": (%{x:.3g}, %{y:.3g})<extra></extra>",
    }  # fmt: skip


def minimum_trace(points: Sequence[Sequence[float]], t: Translator = english, name: str | None = None,
                  size: float = 16) -> list[dict]:  # fmt: skip
    """★ on the minimum (or minima); nothing when there is none."""
    if not points:
        return []
    return [{"type": "scatter", "x": [float(p[0]) for p in points], "y": [float(p[1]) for p in points],
             "mode": "markers", "marker": {"symbol": "star", "size": size, "color": theme.MINIMUM_COLOR},
             "name": name or t("minimum"),
             "hovertemplate": t("minimum") + " (%{x:.3g}, %{y:.3g})<extra></extra>"}]  # fmt: skip


def legend_line(name: str, color: str, width: float = 3) -> dict:
    """A legend entry for something drawn as annotations (arrows)."""
    return {"type": "scatter", "x": [None], "y": [None], "mode": "lines", "name": name,
            "line": {"color": color, "width": width}, "hoverinfo": "skip"}  # fmt: skip


def arrow(tail, head, color: str, width: float, text: str = "", *, head_style: int = 2, opacity: float = 1.0,
          size: float = 1.1) -> dict:  # fmt: skip
    """An arrow in data coordinates, as a Plotly annotation."""
    return {
        "x": float(head[0]), "y": float(head[1]), "ax": float(tail[0]), "ay": float(tail[1]),
        "xref": "x", "yref": "y", "axref": "x", "ayref": "y", "showarrow": True, "arrowhead": head_style,
        "arrowsize": size, "arrowwidth": width, "arrowcolor": color, "text": "", "hovertext": text,
        "opacity": opacity,
    }  # fmt: skip
