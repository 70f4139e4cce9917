"""A filled contour plot as a PNG image: coloured bands between levels, with the level lines drawn in.

The playground draws the surface as a background image rather than a Plotly contour trace because
Plotly's animation drops contour traces from the plot while frames play (it redraws only the
animated traces' layers), whereas layout images are never touched by frames. Encoded with the
standard library only (zlib): an 8-bit palette PNG of a few dozen colours stays small.
"""

from __future__ import annotations

import base64
import struct
import zlib

import numpy as np


def _hex(color: str) -> tuple[int, int, int]:
    c = color.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def sample_colorscale(scale: list[list], t: float) -> tuple[int, int, int]:
    """The colour at t ∈ [0, 1] of a Plotly-style colorscale [[0, '#rrggbb'], …, [1, '#rrggbb']]."""
    t = min(max(t, 0.0), 1.0)
    for (t0, c0), (t1, c1) in zip(scale, scale[1:]):
        if t <= t1:
            w = 0.0 if t1 == t0 else (t - t0) / (t1 - t0)
            a, b = np.array(_hex(c0)), np.array(_hex(c1))
            r, g, bl = np.rint(a + w * (b - a)).astype(int)
            return int(r), int(g), int(bl)
    return _hex(scale[-1][1])


def band_colors(scale: list[list], n_bands: int) -> list[tuple[int, int, int]]:
    return [sample_colorscale(scale, (i + 0.5) / n_bands) for i in range(n_bands)]


def stepped_colorscale(scale: list[list], n_bands: int) -> list[list]:
    """A colorscale with one flat step per band, so a colour bar shows the bands of the image."""
    out = []
    for i, (r, g, b) in enumerate(band_colors(scale, n_bands)):
        color = f"#{r:02x}{g:02x}{b:02x}"
        out += [[i / n_bands, color], [(i + 1) / n_bands, color]]
    return out


def bands(values: np.ndarray, lo: float, hi: float, n_bands: int) -> np.ndarray:
    """Band index 0 … n_bands − 1 of each value (levels evenly spaced from lo to hi)."""
    span = (hi - lo) or 1.0
    idx = np.floor((np.asarray(values, dtype=np.float64) - lo) / span * n_bands)
    return np.clip(np.nan_to_num(idx, nan=n_bands - 1), 0, n_bands - 1).astype(np.uint8)


def level_lines(idx: np.ndarray) -> np.ndarray:
    """True on pixels where the band changes to the right or below: the level lines."""
    edge = np.zeros(idx.shape, dtype=bool)
    edge[:, :-1] |= idx[:, :-1] != idx[:, 1:]
    edge[:-1, :] |= idx[:-1, :] != idx[1:, :]
    return edge


def png_palette(pixels: np.ndarray, palette: list[tuple[int, int, int]]) -> bytes:
    """Encode an (h, w) array of palette indices as an 8-bit indexed-colour PNG."""
    h, w = pixels.shape

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = np.zeros((h, w + 1), dtype=np.uint8)  # filter byte 0 (none) before each row
    raw[:, 1:] = pixels
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 3, 0, 0, 0))
        + chunk(b"PLTE", bytes(v for rgb in palette for v in rgb))
        + chunk(b"IDAT", zlib.compress(raw.tobytes(), 9))
        + chunk(b"IEND", b"")
    )


def contour_png(values: np.ndarray, lo: float, hi: float, n_bands: int, scale: list[list], line: str) -> bytes:
    """values: (rows, cols) with row 0 at the *bottom* (y ascending), as a grid from meshgrid."""
    idx = bands(values, lo, hi, n_bands)
    pixels = np.where(level_lines(idx), n_bands, idx).astype(np.uint8)[::-1]  # PNG rows go top-down
    return png_palette(pixels, band_colors(scale, n_bands) + [_hex(line)])


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
