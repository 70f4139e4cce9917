"""The surface as a picture: f sampled on a grid, its colour coordinate (log-scaled where the
surface asks for it), and the filled-contour image drawn under the paths (see ``raster``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.surfaces import Surface
from . import raster, theme

CONTOUR_GRID = 120  # samples per axis of the 3-D surface source and the level range
IMAGE_PX = 560  # pixels on the long side of the contour image
N_LEVELS = 24  # contour bands
VALUES_IMAGE_PX = 400  # pixels per side of an image interpolated from a coarse grid (the neuron's loss)


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


def colour_scale(surface: Surface, f: np.ndarray) -> tuple[bool, float, float]:
    """(log, f_ref, offset): the colour coordinate of f is log₁₀(f − f_ref + offset) on surfaces that
    ask for log-spaced levels, f itself otherwise (f: the surface sampled over its window)."""
    log = bool(surface.log_levels)
    f_ref = surface.min_value if log and surface.min_value is not None else float(f.min())
    f_ref = min(f_ref, float(f.min()))
    span = float(f.max() - f_ref)
    # A floor ~7 decades below the window's range: rings down to the minimum without a singular centre.
    offset = max(span * 1e-7, 1e-12) if log else 0.0
    return log, f_ref, offset


def surface_grid(surface: Surface, n: int = CONTOUR_GRID, image_px: int = IMAGE_PX) -> SurfaceGrid:
    """Sample ``surface`` on an n × n grid over its window, and draw its contour image."""
    xs, ys, f = _sample(surface, n, n, centres=False)
    log, f_ref, offset = colour_scale(surface, f)
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


def _bilinear(f: np.ndarray, xs: np.ndarray, ys: np.ndarray, cx: np.ndarray, cy: np.ndarray) -> np.ndarray:
    """f sampled on the grid xs × ys, interpolated at cx × cy (rows follow y)."""
    rows = np.array([np.interp(cx, xs, row) for row in f])  # (len(ys), len(cx))
    return np.array([np.interp(cy, ys, col) for col in rows.T]).T  # (len(cy), len(cx))


def grid_from_values(xs: np.ndarray, ys: np.ndarray, f: np.ndarray, window, px: int = VALUES_IMAGE_PX) -> SurfaceGrid:
    """A SurfaceGrid (linear levels) from values already computed on a coarse grid, the image
    interpolated between them: for surfaces too costly to evaluate at every pixel."""
    x0, x1, y0, y1 = window
    cx = x0 + (np.arange(px) + 0.5) * (x1 - x0) / px
    cy = y0 + (np.arange(px) + 0.5) * (y1 - y0) / px
    lo, hi = float(f.min()), float(f.max())
    png = raster.contour_png(_bilinear(f, xs, ys, cx, cy), lo, hi, N_LEVELS, theme.CONTOUR_COLORSCALE,
                             theme.CONTOUR_LINE)  # fmt: skip
    return SurfaceGrid(xs, ys, f, f.astype(np.float32), False, lo, 0.0, raster.data_uri(png))
