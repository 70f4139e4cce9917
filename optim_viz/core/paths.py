"""Path geometry for drawing: where a path leaves a window, the part of it worth drawing, and
segments cut at the window's edge."""

from __future__ import annotations

import numpy as np


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
