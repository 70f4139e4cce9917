"""Small pictures drawn with Pillow: line charts and heat maps, without any text.

The presets page shows one picture per preset. Runs on a surface are drawn by
``animation_export.still_png`` (the export's last frame); what is not a surface (an average, a
schedule, a map of runs) is drawn here. No text, so one picture serves every language; no Plotly,
no browser: a picture costs a few milliseconds and a few kilobytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from . import theme
from .animation_export import DASH_PATTERNS, dash_pieces, png_bytes

Array = np.ndarray

THUMBNAIL_SIZE = (320, 240)
BACKGROUND = (255, 255, 255)
FRAME = (120, 120, 120)
ZERO_LINE = (200, 200, 200)
LOG_FLOOR = 1e-12


def rgb(color: str) -> tuple[int, int, int]:
    """'#rrggbb' → (r, g, b)."""
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


@dataclass(frozen=True)
class Curve:
    """One line (or, with ``dots``, one series of points) of a chart."""

    x: Array
    y: Array
    color: str
    width: int = 2
    dash: str = "solid"
    dots: bool = False


def _finite(values: Array, log_floor: float | None) -> Array:
    v = np.asarray(values, dtype=np.float64)
    if log_floor is not None:
        v = np.log10(np.maximum(v, log_floor))
    return v[np.isfinite(v)]


def line_chart_png(curves: Sequence[Curve], size: Sequence[int] = THUMBNAIL_SIZE, *, log_y: bool = False,
                   log_floor: float = LOG_FLOOR, zero_line: bool = False,
                   y_from_zero: bool = False) -> bytes:  # fmt: skip
    """The curves in one frame, each axis spanning the data (the y axis from 0 with
    ``y_from_zero``; log₁₀ with ``log_y``, down to ``log_floor``: a curve going lower leaves the
    frame at its bottom). Points that are not finite are left out."""
    w, h = int(size[0]), int(size[1])
    margin = max(4, round(0.04 * h))
    left, top, right, bottom = margin, margin, w - margin - 1, h - margin - 1
    xs = np.concatenate([_finite(c.x, None) for c in curves] or [np.zeros(1)])
    ys = np.concatenate([_finite(c.y, log_floor if log_y else None) for c in curves] or [np.zeros(1)])
    x0, x1 = float(xs.min()), float(xs.max())
    y0, y1 = float(ys.min()), float(ys.max())
    if y_from_zero and not log_y:
        y0, y1 = min(y0, 0.0), max(y1, 0.0)
    pad = 0.04 * (y1 - y0 or 1.0)
    y0, y1 = y0 - pad, y1 + pad
    x1 = x1 if x1 > x0 else x0 + 1.0

    def to_px(x: Array, y: Array) -> Array:
        yy = np.log10(np.maximum(y, 1e-300)) if log_y else y  # below the floor: off the frame, clipped
        col = left + (np.asarray(x, dtype=np.float64) - x0) / (x1 - x0) * (right - left)
        row = bottom - (yy - y0) / (y1 - y0) * (bottom - top)
        return np.stack([col, row], axis=-1)

    img = Image.new("RGB", (w, h), BACKGROUND)
    draw = ImageDraw.Draw(img)
    if zero_line and y0 < 0 < y1 and not log_y:
        row = float(to_px(np.array([x0]), np.array([0.0]))[0, 1])
        draw.line([(left, row), (right, row)], fill=ZERO_LINE, width=1)
    rect = (float(left), float(top), float(right), float(bottom))
    for c in curves:
        pts = to_px(c.x, c.y)
        ok = np.isfinite(pts).all(axis=1)
        color = rgb(c.color)
        if c.dots:
            r = max(1.0, c.width / 2)
            for px, py in pts[ok]:
                draw.ellipse((px - r, py - r, px + r, py + r), fill=color)
            continue
        pts = pts[ok]
        if len(pts) < 2:
            continue
        pattern = [p * c.width for p in DASH_PATTERNS[c.dash]] or [1e9]  # solid: one endless dash
        pieces, _ = dash_pieces(pts, pattern, 0.0, rect)
        for p, q in pieces:
            draw.line([tuple(p), tuple(q)], fill=color, width=c.width)
    draw.rectangle((left - 1, top - 1, right + 1, bottom + 1), outline=FRAME, width=1)
    return png_bytes(img)


# Viridis at five stops (bright = good on the map, as on the page's reversed scale).
_VIRIDIS = ((0.0, "#440154"), (0.25, "#3b528b"), (0.5, "#21918c"), (0.75, "#5ec962"), (1.0, "#fde725"))


def heat_map_png(values: Array, diverged: Array, unreached: Array, size: Sequence[int] = THUMBNAIL_SIZE) -> bytes:
    """A map of runs (rows: y from bottom to top, columns: x): low values bright (viridis
    reversed), diverged cells red, cells that never got there grey."""
    v = np.asarray(values, dtype=np.float64)
    good = np.isfinite(v) & ~diverged & ~unreached
    lo, hi = (float(v[good].min()), float(v[good].max())) if good.any() else (0.0, 1.0)
    frac = 1.0 - (v - lo) / (hi - lo if hi > lo else 1.0)  # reversed: the lowest value is the brightest
    stops = np.array([s for s, _ in _VIRIDIS])
    channels = np.array([rgb(c) for _, c in _VIRIDIS], dtype=np.float64)
    pixels = np.stack([np.interp(np.nan_to_num(frac), stops, channels[:, k]) for k in range(3)], axis=-1)
    pixels[unreached] = rgb(theme.UNREACHED_COLOR)
    pixels[diverged] = rgb(theme.DIVERGED_COLOR)
    img = Image.fromarray(np.flipud(pixels).round().astype(np.uint8), "RGB")
    w, h = int(size[0]), int(size[1])
    side = h - 2 * max(2, round(0.02 * h))
    canvas = Image.new("RGB", (w, h), BACKGROUND)
    canvas.paste(img.resize((side, side), Image.Resampling.NEAREST), ((w - side) // 2, (h - side) // 2))
    return png_bytes(canvas)
