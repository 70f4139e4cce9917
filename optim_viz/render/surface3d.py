"""The surface in 3-D (log-scaled height where the contour is log-scaled) with each path on it."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ..core.engine import BatchResult
from ..core.paths import drawn_path
from ..i18n import Translator, english
from . import theme
from .kit import f32, figure, font
from .surface_image import SurfaceGrid

SURFACE3D_GRID = 60  # samples per axis of the 3-D surface


def surface3d_figure(
    result: BatchResult, grid: SurfaceGrid, *, classroom: bool = False, height: int = 620, t: Translator = english
) -> go.Figure:
    """The surface in 3-D with each path on it."""
    step = max(1, len(grid.x) // SURFACE3D_GRID)
    z = grid.color[::step, ::step]
    lo, hi = float(z.min()), float(z.max())
    # Paths float a little above the mesh (which cuts corners across a narrow valley) and stop at
    # its floor: the sampled surface cannot show heights below its lowest grid point.
    lift = 0.03 * (hi - lo or 1.0)
    ztitle = "log₁₀(f − f* + ε)" if grid.log else "f(x, y)"  # symbols only: the same in every language
    data: list[dict] = [
        {"type": "surface", "meta": "surface", "x": f32(grid.x[::step]), "y": f32(grid.y[::step]), "z": f32(z),
         "colorscale": theme.SURFACE_COLORSCALE, "showscale": False, "opacity": 0.75, "hoverinfo": "skip",
         "name": "surface",
         "contours": {"z": {"show": True, "usecolormap": False, "color": "#7a7a7a", "width": 1,
                            "start": lo, "end": hi, "size": (hi - lo) / 16 or 1.0}}},
    ]  # fmt: skip
    styles = theme.run_styles([(r.spec.optimizer, r.hparams) for r in result.runs])
    for i, (run, (color, dash)) in enumerate(zip(result.runs, styles)):
        p = drawn_path(run.path, result.surface.window)
        p = p[: len(run.loss)]  # the edge point has no loss: the 3-D line stops one point earlier
        loss = run.loss[: len(p)]
        hover = f"{run.label}<br>" + t("step {k}", k="%{pointNumber}") + "<extra></extra>"
        data.append({"type": "scatter3d", "meta": f"path3d-{i}", "x": f32(p[:, 0]), "y": f32(p[:, 1]),
                     "z": f32(np.clip(grid.color_of(loss), lo, hi) + lift), "mode": "lines+markers",
                     "line": {"color": color, "width": 6 if classroom else 4, "dash": dash},
                     "marker": {"color": color, "size": 2}, "name": run.label, "legendgroup": f"run{i}",
                     "hovertemplate": hover})  # fmt: skip
    x0, x1, y0, y1 = result.surface.window
    layout = {
        "height": height,
        "margin": {"l": 0, "r": 0, "t": 30, "b": 0},
        "font": font(classroom),
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
    return figure(data, layout)
