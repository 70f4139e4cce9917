"""Animated GIF and MP4 of optimizer paths growing on a surface, rendered on the server.

``export_animation(surface, runs, ...)`` returns the file's bytes. ``runs`` is plain data, one
``(label, colour "#rrggbb", path of shape (n, 2))`` per run (optionally a fourth item, the run's
dash style, one of ``DASH_PATTERNS``), so any page can export what it shows. ``still_png`` draws
the last frame alone, without the side panel, as a small PNG (the presets page's pictures).

Each frame is drawn with Pillow on the surface's filled contour (the bands and level lines of
``render.raster``, coloured like the playground): every path up to the frame's step, a marker at
each start, at each known minimum and at each run's current point, the counter "step k / N" and a
legend. The contour, legend and the paths drawn so far are kept between frames, so a frame costs
only its new segments and markers. A GIF uses one fixed palette made of exactly the colours drawn
(plus grey shades for smooth text), so no frame is ever re-quantized; an MP4 is H.264 (yuv420p)
written by the ffmpeg binary that ships with ``imageio-ffmpeg``.

Bounds, as for every request: at most ``MAX_FRAMES`` frames (longer runs are sampled evenly,
always keeping the first and the last step), at most ``MAX_SIZE`` pixels, ``MAX_RUNS`` runs, and a
time budget; beyond any of them ValueError says which. ``progress(fraction)`` is called as frames
are done, for a progress bar.

Fonts: text is drawn with the first font file found in ``FONT_CANDIDATES`` (or the file named by
the environment variable ``OPTIM_VIZ_FONT``). The candidates start with Debian's Noto Sans CJK
(package ``fonts-noto-cjk``) and WenQuanYi Micro Hei (``fonts-wqy-microhei``), which draw Chinese
as well as Latin labels; then DejaVu Sans; else Pillow's built-in font. Without a CJK font Chinese
labels come out as empty boxes: ``text_font().cjk`` tells a page whether to warn.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ..core.surfaces import Surface
from . import raster, theme
from .surface_image import N_LEVELS, colour_scale

Array = np.ndarray

FORMATS = ("gif", "mp4")
DEFAULT_SIZE = (1280, 720)
DEFAULT_FPS = 20
MAX_FRAMES = 600
DEFAULT_MAX_FRAMES = 300
MAX_SIZE = (1920, 1080)
MIN_SIZE = (320, 180)
MAX_RUNS = 16
MAX_FPS = {"gif": 50, "mp4": 60}  # GIF delays are whole centiseconds; browsers slow down faster ones
DEFAULT_TIME_BUDGET = 60.0  # seconds

SAMPLE_BUDGET = 20_000_000  # data points × pixels evaluated for the background (neuron surfaces)
STEP_LABEL = "step {k} / {n}"

# Dash styles (Plotly's names, as in theme.DASHES): on/off lengths in line widths.
DASH_PATTERNS: dict[str, tuple[float, ...]] = {
    "solid": (),
    "dash": (4.0, 2.5),
    "dot": (1.0, 1.8),
    "dashdot": (4.0, 2.0, 1.0, 2.0),
    "longdash": (8.0, 3.0),
    "longdashdot": (8.0, 2.5, 1.0, 2.5),
}

PANEL_BG = (255, 255, 255)
TEXT_COLOR = (34, 34, 34)
HEAD_OUTLINE = (255, 255, 255)

# (path, face index in a collection, draws Chinese)
FONT_CANDIDATES: tuple[tuple[str, int, bool], ...] = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2, True),  # fonts-noto-cjk, face 2 = SC
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0, True),  # fonts-wqy-microhei
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0, True),  # fonts-wqy-zenhei
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0, False),  # fonts-dejavu-core: Latin only
)


# --------------------------------------------------------------------------------------
# Fonts


@dataclass(frozen=True)
class FontChoice:
    path: str | None  # None: Pillow's built-in font
    index: int
    cjk: bool  # True when the font draws Chinese


@lru_cache(maxsize=1)
def text_font() -> FontChoice:
    """The font file used for all text (see the module docstring)."""
    override = os.environ.get("OPTIM_VIZ_FONT", "").strip()
    if override and os.path.isfile(override):
        font = ImageFont.truetype(override, 20)
        return FontChoice(override, 0, _draws(font, "梯度"))
    for path, index, cjk in FONT_CANDIDATES:
        if os.path.isfile(path):
            return FontChoice(path, index, cjk)
    return FontChoice(None, 0, False)


def _draws(font: ImageFont.FreeTypeFont | ImageFont.ImageFont, text: str) -> bool:
    """Whether ``font`` has real glyphs for ``text``: a missing glyph draws the same box as U+FFFF."""

    def glyph(ch: str) -> bytes:
        img = Image.new("L", (64, 64))
        ImageDraw.Draw(img).text((4, 4), ch, font=font, fill=255)
        return img.tobytes()

    missing = glyph("\uffff")
    return all(glyph(ch) != missing for ch in text)


@lru_cache(maxsize=16)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    choice = text_font()
    if choice.path is None:
        return ImageFont.load_default(size)
    return ImageFont.truetype(choice.path, size, index=choice.index)


# --------------------------------------------------------------------------------------
# Input


@dataclass(frozen=True)
class RunPath:
    """One run to draw."""

    label: str
    color: tuple[int, int, int]
    path: Array  # (n, 2), finite
    dash: str = "solid"  # a key of DASH_PATTERNS


def _rgb(color: object) -> tuple[int, int, int]:
    """'#rrggbb' → (r, g, b); ValueError for anything else."""
    text = color.strip() if isinstance(color, str) else ""
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", text):
        raise ValueError(f"Invalid colour: {color!r} (expected #rrggbb)")
    return int(text[1:3], 16), int(text[3:5], 16), int(text[5:7], 16)


def _check_runs(runs: Sequence[tuple[str, str, Array]]) -> list[RunPath]:
    runs = list(runs)
    if not runs:
        raise ValueError("Nothing to draw: give at least one run")
    if len(runs) > MAX_RUNS:
        raise ValueError(f"Too many runs: {len(runs)} (at most {MAX_RUNS})")
    out = []
    for item in runs:
        try:
            label, color, path, *rest = item
        except (TypeError, ValueError):
            raise ValueError(f"Invalid run: {item!r} (expected (label, colour, path))") from None
        dash = rest[0] if len(rest) == 1 else None if rest else "solid"
        if dash not in DASH_PATTERNS:
            raise ValueError(f"Invalid run: {item!r} (expected (label, colour, path) and at most a dash style)")
        pts = np.asarray(path, dtype=np.float64)
        if pts.ndim != 2 or pts.shape[1] != 2 or len(pts) == 0:
            raise ValueError(f"Invalid path for run {label!r}: shape {pts.shape} (expected (n, 2), n ≥ 1)")
        if not np.isfinite(pts).all():
            raise ValueError(f"Invalid path for run {label!r}: it contains NaN or infinity")
        out.append(RunPath(str(label), _rgb(color), pts, dash))
    return out


def _check_int(value: object, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"Invalid {what}: {value!r} (expected a whole number)")
    if not low <= value <= high:
        raise ValueError(f"Invalid {what}: {value} (must be in [{low}, {high}])")
    return int(value)


def _check_size(size: Sequence[int], fmt: str) -> tuple[int, int]:
    try:
        w, h = size
    except (TypeError, ValueError):
        raise ValueError(f"Invalid size: {size!r} (expected width, height)") from None
    w = _check_int(w, "width", MIN_SIZE[0], MAX_SIZE[0])
    h = _check_int(h, "height", MIN_SIZE[1], MAX_SIZE[1])
    if fmt == "mp4" and (w % 2 or h % 2):
        raise ValueError(f"Invalid size: {w}x{h} (an MP4 needs an even width and height)")
    return w, h


def frame_steps(n_points: int, max_frames: int) -> Array:
    """Indices into the paths shown by the frames: all of them, or ``max_frames`` evenly spaced
    ones that always include the first and the last."""
    if n_points <= max_frames:
        return np.arange(n_points)
    return np.unique(np.rint(np.linspace(0, n_points - 1, max_frames)).astype(np.int64))


# --------------------------------------------------------------------------------------
# Layout and the background


@dataclass(frozen=True)
class Layout:
    """Where things go in a frame: the plot rectangle keeps the surface window's aspect ratio,
    the panel on its right holds the title, the step counter and the legend (no panel: the plot
    is centred in the frame and ``panel_x`` is None)."""

    size: tuple[int, int]
    window: tuple[float, float, float, float]
    plot: tuple[int, int, int, int]  # left, top, width, height in pixels
    panel_x: int | None
    margin: int

    def to_pixels(self, points: Array) -> Array:
        """World (x, y) → pixel (column, row) of the frame, as floats (pixel centres at k + 0.5)."""
        x0, x1, y0, y1 = self.window
        left, top, w, h = self.plot
        p = np.asarray(points, dtype=np.float64)
        col = left + (p[..., 0] - x0) / (x1 - x0) * w
        row = top + (y1 - p[..., 1]) / (y1 - y0) * h
        return np.stack([col, row], axis=-1)


def make_layout(window: tuple[float, float, float, float], size: tuple[int, int], panel: bool = True) -> Layout:
    W, H = size
    margin = max(8, round(0.03 * H)) if panel else max(2, round(0.02 * H))
    panel_min = max(160, round(0.24 * W)) if panel else 0
    aspect = (window[1] - window[0]) / (window[3] - window[2])
    avail_w, avail_h = W - (3 if panel else 2) * margin - panel_min, H - 2 * margin
    ph = avail_h
    pw = round(ph * aspect)
    if pw > avail_w:
        pw = avail_w
        ph = max(2, round(pw / aspect))
    top = (H - ph) // 2
    if not panel:
        return Layout((W, H), tuple(map(float, window)), ((W - pw) // 2, top, pw, ph), None, margin)
    return Layout((W, H), tuple(map(float, window)), (margin, top, pw, ph), margin + pw + margin, margin)


def _evaluate(surface: Surface, X: Array, Y: Array) -> Array:
    """f on a grid, in blocks of rows so that a data surface never holds more than ~4M numbers."""
    per_point = surface.n_samples or 1
    rows = max(1, 4_000_000 // (per_point * X.shape[1]))
    out = np.empty(X.shape)
    with np.errstate(all="ignore"):
        for r in range(0, X.shape[0], rows):
            out[r : r + rows] = surface.value(X[r : r + rows], Y[r : r + rows])
    return out


def _upsample(values: Array, shape: tuple[int, int]) -> Array:
    """Bilinear resampling of a grid of cell-centre values to ``shape`` (cell centres too)."""
    h, w = values.shape
    H, W = shape
    ys = (np.arange(H) + 0.5) * h / H - 0.5
    xs = (np.arange(W) + 0.5) * w / W - 0.5
    rows = np.stack([np.interp(xs, np.arange(w), r) for r in values])  # (h, W)
    return np.stack([np.interp(ys, np.arange(h), c) for c in rows.T], axis=1)  # (H, W)


def contour_pixels(surface: Surface, width: int, height: int) -> tuple[Array, list[tuple[int, int, int]]]:
    """Palette indices (height, width) of the filled contour over the surface's window, row 0 at
    the top, and the palette: ``N_LEVELS`` band colours then the level-line colour.

    Colours follow the playground: log₁₀(f − f_min + offset) on surfaces with log-spaced levels.
    A data surface is sampled on a coarser grid (its cost grows with the data) and interpolated.
    """
    x0, x1, y0, y1 = surface.window
    stride = 1
    if surface.n_samples:
        stride = max(1, math.ceil(math.sqrt(width * height * surface.n_samples / SAMPLE_BUDGET)))
    nx, ny = max(2, math.ceil(width / stride)), max(2, math.ceil(height / stride))
    xs = x0 + (np.arange(nx) + 0.5) * (x1 - x0) / nx
    ys = y1 - (np.arange(ny) + 0.5) * (y1 - y0) / ny  # top row first
    f = _evaluate(surface, *np.meshgrid(xs, ys))
    ok = np.isfinite(f)
    f = np.where(ok, f, f[ok].max() if ok.any() else 0.0)
    log, f_ref, offset = colour_scale(surface, f)  # the playground's colours
    if log:
        f = np.log10(np.maximum(f - f_ref, 0.0) + offset)
    if (ny, nx) != (height, width):
        f = _upsample(f, (height, width))
    idx = raster.bands(f, float(f.min()), float(f.max()), N_LEVELS)
    pixels = np.where(raster.level_lines(idx), N_LEVELS, idx).astype(np.uint8)
    return pixels, raster.band_colors(theme.CONTOUR_COLORSCALE, N_LEVELS) + [_rgb(theme.CONTOUR_LINE)]


# --------------------------------------------------------------------------------------
# Drawing


def _clip(a: Array, b: Array, rect: tuple[float, float, float, float]) -> tuple[Array, Array, Array]:
    """Liang–Barsky clipping of segments a→b (k, 2) to rect (x0, y0, x1, y1): new ends and a visible mask."""
    d = b - a
    t0, t1 = np.zeros(len(a)), np.ones(len(a))
    with np.errstate(divide="ignore", invalid="ignore"):
        for p, q in (
            (-d[:, 0], a[:, 0] - rect[0]),
            (d[:, 0], rect[2] - a[:, 0]),
            (-d[:, 1], a[:, 1] - rect[1]),
            (d[:, 1], rect[3] - a[:, 1]),
        ):
            r = q / p
            parallel = p == 0
            t0 = np.where(~parallel & (p < 0), np.maximum(t0, r), t0)
            t1 = np.where(~parallel & (p > 0), np.minimum(t1, r), t1)
            t1 = np.where(parallel & (q < 0), -1.0, t1)  # parallel and outside
    visible = t0 <= t1
    return a + t0[:, None] * d, a + t1[:, None] * d, visible


def dash_pieces(points: Array, pattern: Sequence[float], phase: float,
                rect: tuple[float, float, float, float]) -> tuple[list[tuple[Array, Array]], float]:  # fmt: skip
    """The drawn pieces of the polyline ``points`` (k, 2) inside ``rect`` under a dash ``pattern``
    (on, off, on, off, … lengths in pixels) that has already run ``phase`` pixels; and the phase
    at the polyline's end, so a path drawn in parts (frame by frame) keeps one continuous pattern.
    Only the visible part of each segment is cut into dashes (a diverged run's segments can be
    millions of pixels long)."""
    period = float(sum(pattern))
    a, b = points[:-1], points[1:]
    lengths = np.hypot(*(b - a).T)
    ca, cb, visible = _clip(a, b, rect)
    pieces: list[tuple[Array, Array]] = []
    s0 = phase
    for i in range(len(a)):
        length = float(lengths[i])
        if visible[i] and length > 0:
            lo_s = s0 + float(np.hypot(*(ca[i] - a[i])))  # arc length where the visible part begins
            hi_s = s0 + float(np.hypot(*(cb[i] - a[i])))
            start = lo_s - lo_s % period
            while start < hi_s:
                on = start
                for j, part in enumerate(pattern):
                    if j % 2 == 0:
                        lo, hi = max(on, lo_s), min(on + part, hi_s)
                        if hi > lo:
                            pieces.append((a[i] + (b[i] - a[i]) * ((lo - s0) / length),
                                           a[i] + (b[i] - a[i]) * ((hi - s0) / length)))  # fmt: skip
                    on += part
                start += period
        s0 += length
    return pieces, s0


def _palette(colors: list[tuple[int, int, int]]) -> Image.Image:
    """A 'P' image carrying ``colors`` as its palette (for quantizing frames to exactly those)."""
    unique = list(dict.fromkeys(colors))[:256]
    img = Image.new("P", (1, 1))
    flat = [v for c in unique for v in c]
    img.putpalette(flat + flat[:3] * (256 - len(unique)))
    return img


class _Painter:
    """Draws the frames of one export; keeps the contour and the paths drawn so far."""

    def __init__(self, surface: Surface, runs: list[RunPath], layout: Layout):
        self.runs, self.layout = runs, layout
        W, H = layout.size
        left, top, pw, ph = layout.plot
        self.line_width = max(2, round(H / 240))
        self.marker = max(4, round(H / 110))
        self.pixels = [layout.to_pixels(r.path) for r in runs]
        self.drawn = [0] * len(runs)  # index of the last point already drawn, per run
        self.dash_phase = [0.0] * len(runs)  # pixels of each dashed run's pattern already drawn
        # the clip rectangle in plot coordinates, a little outside so clipped lines leave the edge
        pad = 2.0 * self.line_width
        self.rect = (-pad, -pad, pw + pad, ph + pad)

        idx, contour_colors = contour_pixels(surface, pw, ph)
        contour = Image.fromarray(idx, "P")
        contour.putpalette([v for c in contour_colors for v in c])
        self.plot = contour.convert("RGB")  # the contour, then every path drawn so far

        self.frame = Image.new("RGB", (W, H), PANEL_BG)
        draw = ImageDraw.Draw(self.frame)
        draw.rectangle((left - 1, top - 1, left + pw, top + ph), outline=(120, 120, 120), width=1)
        self.counter_xy: tuple[int, int] | None = None
        if layout.panel_x is not None:
            self.title_font = _font(max(12, round(H / 26)))
            self.counter_font = _font(max(14, round(H / 17)))
            self.legend_font = _font(max(11, round(H / 32)))
            self._panel_text(draw, surface)

        self.static_marks = self._static_marks(surface)
        ramp = [tuple(round(t + (b - t) * s / 15) for t, b in zip(TEXT_COLOR, PANEL_BG)) for s in range(16)]
        self.palette = _palette(
            contour_colors + [r.color for r in runs] + ramp
            + [(120, 120, 120), _rgb(theme.MINIMUM_COLOR), _rgb(theme.START_COLOR), HEAD_OUTLINE]
        )

    # -- static parts

    def _panel_text(self, draw: ImageDraw.ImageDraw, surface: Surface) -> None:
        W, H = self.layout.size
        x, m = self.layout.panel_x, self.layout.margin
        width = W - m - x
        y = m
        draw.text((x, y), _fit(surface.spec.title, self.title_font, width), font=self.title_font, fill=TEXT_COLOR)
        y += round(self.title_font.size * 1.6)
        self.counter_xy = (x, y)
        self.counter_box = (x, y, W - m, y + round(self.counter_font.size * 1.4))
        y = self.counter_box[3] + round(self.legend_font.size * 1.2)
        swatch = round(self.legend_font.size * 1.6)
        for run in self.runs:
            mid = y + self.legend_font.size * 0.6
            draw.line([(x, mid), (x + swatch, mid)], fill=run.color, width=self.line_width + 1)
            draw.ellipse(_disc(x + swatch / 2, mid, self.marker * 0.8), fill=run.color, outline=HEAD_OUTLINE)
            label = _fit(run.label, self.legend_font, width - swatch - 10)
            draw.text((x + swatch + 10, y), label, font=self.legend_font, fill=TEXT_COLOR)
            y += round(self.legend_font.size * 1.5)
            if y > H - m - self.legend_font.size:
                break  # the rest would not fit: MAX_RUNS keeps this rare

    def _static_marks(self, surface: Surface) -> list[tuple[str, float, float]]:
        left, top, pw, ph = self.layout.plot
        marks = []
        for p in surface.minima:
            (c, r), = self.layout.to_pixels(np.array([[p.x, p.y]])) - (left, top)
            if 0 <= c <= pw and 0 <= r <= ph:
                marks.append(("minimum", c, r))
        for xy in {tuple(p[0]) for p in self.pixels}:
            c, r = xy[0] - left, xy[1] - top
            if 0 <= c <= pw and 0 <= r <= ph:
                marks.append(("start", c, r))
        return marks

    # -- per frame

    def grow(self, k: int) -> None:
        """Draw every path up to its point k (or its end) onto the kept plot image."""
        draw = ImageDraw.Draw(self.plot)
        left, top = self.layout.plot[:2]
        for i, run in enumerate(self.runs):
            end = min(k, len(run.path) - 1)
            start = self.drawn[i]
            if end <= start:
                continue
            pts = self.pixels[i][start : end + 1] - (left, top)
            pattern = DASH_PATTERNS[run.dash]
            if pattern:
                pieces, self.dash_phase[i] = dash_pieces(pts, [p * self.line_width for p in pattern],
                                                         self.dash_phase[i], self.rect)  # fmt: skip
                for p, q in pieces:
                    draw.line([tuple(p), tuple(q)], fill=run.color, width=self.line_width)
                self.drawn[i] = end
                continue
            a, b, visible = _clip(pts[:-1], pts[1:], self.rect)
            if visible.all() and np.allclose(a, pts[:-1]) and np.allclose(b, pts[1:]):
                draw.line([tuple(p) for p in pts], fill=run.color, width=self.line_width, joint="curve")
            else:
                for p, q in zip(a[visible], b[visible]):
                    draw.line([tuple(p), tuple(q)], fill=run.color, width=self.line_width)
            self.drawn[i] = end

    def render(self, k: int, step_text: str = "") -> Image.Image:
        """The frame showing every path up to point k (``grow(k)`` first); the step counter only
        when the frame has a panel."""
        plot = self.plot.copy()
        draw = ImageDraw.Draw(plot)
        s = self.marker
        for kind, c, r in self.static_marks:
            if kind == "minimum":
                draw.polygon(_star(c, r, 1.5 * s), fill=_rgb(theme.MINIMUM_COLOR), outline=HEAD_OUTLINE)
            else:
                draw.ellipse(_disc(c, r, s), fill=HEAD_OUTLINE, outline=_rgb(theme.START_COLOR), width=2)
        left, top, pw, ph = self.layout.plot
        for i, run in enumerate(self.runs):
            c, r = self.pixels[i][min(k, len(run.path) - 1)] - (left, top)
            if -s <= c <= pw + s and -s <= r <= ph + s:
                draw.ellipse(_disc(c, r, s), fill=run.color, outline=HEAD_OUTLINE, width=2)
        frame = self.frame.copy()
        frame.paste(plot, (left, top))
        if self.counter_xy is not None:
            ImageDraw.Draw(frame).text(self.counter_xy, step_text, font=self.counter_font, fill=TEXT_COLOR)
        return frame


def _disc(c: float, r: float, radius: float) -> tuple[float, float, float, float]:
    return (c - radius, r - radius, c + radius, r + radius)


def _star(c: float, r: float, radius: float) -> list[tuple[float, float]]:
    pts = []
    for j in range(10):
        a = math.pi / 2 + j * math.pi / 5
        rad = radius if j % 2 == 0 else radius * 0.45
        pts.append((c + rad * math.cos(a), r - rad * math.sin(a)))
    return pts


def _fit(text: str, font, width: float) -> str:
    """``text``, cut with an ellipsis so that it fits ``width`` pixels."""
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text + "…") > width:
        text = text[:-1]
    return text + "…"


# --------------------------------------------------------------------------------------
# A still picture

STILL_MIN_SIZE = (64, 48)


def still_png(surface: Surface, runs: Sequence[tuple], size: Sequence[int] = (360, 240)) -> bytes:
    """The last frame of ``runs`` on ``surface`` without the side panel (no text at all, so it
    reads the same in every language), as a palette PNG of a few kilobytes.

    ``runs`` are as for ``export_animation``: ``(label, colour, path[, dash])``; each run is drawn
    whole, with a marker at its last point.
    """
    try:
        w, h = size
    except (TypeError, ValueError):
        raise ValueError(f"Invalid size: {size!r} (expected width, height)") from None
    w = _check_int(w, "width", STILL_MIN_SIZE[0], MAX_SIZE[0])
    h = _check_int(h, "height", STILL_MIN_SIZE[1], MAX_SIZE[1])
    run_paths = _check_runs(runs)
    painter = _Painter(surface, run_paths, make_layout(surface.window, (w, h), panel=False))
    last = max(len(r.path) for r in run_paths) - 1
    painter.grow(last)
    return png_bytes(painter.render(last))


def png_bytes(image: Image.Image) -> bytes:
    """A PNG of ``image`` with its exact colours in a palette (Pillow's quantize would move
    near-white to its neighbours), or full colour when there are more than 256."""
    import io

    pixels = np.asarray(image.convert("RGB"))
    colors, index = np.unique(pixels.reshape(-1, 3), axis=0, return_inverse=True)
    if len(colors) <= 256:
        image = Image.fromarray(index.reshape(pixels.shape[:2]).astype(np.uint8), "P")
        image.putpalette(colors.astype(np.uint8).ravel().tolist())
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


# --------------------------------------------------------------------------------------
# The export


def export_animation(
    surface: Surface,
    runs: Sequence[tuple[str, str, Array]],
    *,
    step_numbers: Sequence[int] | None = None,
    format: str = "gif",
    size: Sequence[int] = DEFAULT_SIZE,
    fps: int = DEFAULT_FPS,
    max_frames: int = DEFAULT_MAX_FRAMES,
    hold_last: float = 1.0,
    step_label: str = STEP_LABEL,
    time_budget: float = DEFAULT_TIME_BUDGET,
    progress: Callable[[float], None] | None = None,
) -> bytes:
    """The animation of ``runs`` on ``surface`` as the bytes of a GIF or MP4 file.

    Args:
        surface (Surface): the surface drawn as the background (its window is the view).
        runs (sequence): ``(label, colour "#rrggbb", path (n, 2))`` per run; runs may differ in length
            (a diverged run stops early and its marker stays at its last point).
        step_numbers (sequence of int, optional): the step number of each path row, when the paths
            are not every step (default: row i is step i).
        format (str): ``"gif"`` or ``"mp4"`` (default ``"gif"``).
        size (width, height): frame size in pixels (default 1280 × 720, at most 1920 × 1080).
        fps (int): frames per second (default 20; at most 50 for GIF, 60 for MP4).
        max_frames (int): frames showing steps, at most ``MAX_FRAMES`` (default 300); longer runs are
            sampled evenly.
        hold_last (float): seconds the last frame stays before a GIF loops or an MP4 ends (default 1).
        step_label (str): the counter's text with ``{k}`` and ``{n}`` (default ``"step {k} / {n}"``),
            e.g. ``"第 {k} / {n} 步"``.
        time_budget (float): seconds; ValueError if rendering takes longer (default 60).
        progress (callable, optional): called with the fraction done, from 0 to 1.
    """
    if format not in FORMATS:
        raise ValueError(f"Invalid format: {format!r} (choose gif or mp4)")
    W, H = _check_size(size, format)
    fps = _check_int(fps, "fps", 1, MAX_FPS[format])
    max_frames = _check_int(max_frames, "frame count", 2, MAX_FRAMES)
    if not (isinstance(hold_last, (int, float)) and 0 <= hold_last <= 10):
        raise ValueError(f"Invalid hold_last: {hold_last!r} (seconds in [0, 10])")
    if not (isinstance(time_budget, (int, float)) and time_budget > 0):
        raise ValueError(f"Invalid time budget: {time_budget!r} (seconds > 0)")
    run_paths = _check_runs(runs)
    n_points = max(len(r.path) for r in run_paths)
    if step_numbers is None:
        numbers = np.arange(n_points)
    else:
        numbers = np.asarray(step_numbers)
        if numbers.shape != (n_points,) or not np.issubdtype(numbers.dtype, np.integer):
            raise ValueError(f"Invalid step numbers: expected {n_points} whole numbers, one per path row")
    try:
        step_label.format(k=0, n=0)
    except (KeyError, IndexError, ValueError):
        raise ValueError(f"Invalid step label: {step_label!r} (use {{k}} and {{n}})") from None

    started = time.monotonic()
    report = progress or (lambda fraction: None)
    layout = make_layout(surface.window, (W, H))
    painter = _Painter(surface, run_paths, layout)
    total = int(numbers[-1])
    shown = frame_steps(n_points, max_frames)
    hold = round(hold_last * fps)

    def frames():
        for j, k in enumerate(shown):
            if time.monotonic() - started > time_budget:
                raise ValueError(
                    f"Rendering took longer than its budget of {time_budget:g} s after {j} of {len(shown)} "
                    "frames: use fewer frames or a smaller size"
                )
            painter.grow(int(k))
            yield painter.render(int(k), step_label.format(k=int(numbers[k]), n=total))
            report(0.9 * (j + 1) / len(shown))

    data = _gif(frames(), painter.palette, fps, hold) if format == "gif" else _mp4(frames(), (W, H), fps, hold)
    report(1.0)
    return data


def _gif(frames, palette: Image.Image, fps: int, hold: int) -> bytes:
    import io

    images = [f.quantize(palette=palette, dither=Image.Dither.NONE) for f in frames]
    delay = round(100 / fps) * 10  # GIF stores centiseconds
    durations = [delay] * len(images)
    durations[-1] += hold * delay
    out = io.BytesIO()
    images[0].save(out, format="GIF", save_all=True, append_images=images[1:], duration=durations, loop=0)
    return out.getvalue()


def _mp4(frames, size: tuple[int, int], fps: int, hold: int) -> bytes:
    import imageio_ffmpeg

    with tempfile.TemporaryDirectory(prefix="optim_viz_") as tmp:
        path = os.path.join(tmp, "animation.mp4")
        writer = imageio_ffmpeg.write_frames(
            path,
            size,
            fps=fps,
            codec="libx264",
            quality=None,
            macro_block_size=2,
            ffmpeg_log_level="error",
            output_params=["-crf", "23", "-preset", "veryfast", "-tune", "animation", "-movflags", "+faststart"],
        )
        writer.send(None)
        try:
            last = None
            for frame in frames:
                last = frame.tobytes()
                writer.send(last)
            for _ in range(hold):
                writer.send(last)
        finally:
            writer.close()
        with open(path, "rb") as f:
            return f.read()
