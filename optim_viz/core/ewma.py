r"""Exponentially weighted moving averages, the idea behind momentum.

    V₀ = 0,   V_t = β·V_{t−1} + (1 − β)·S_t,   V̂_t = V_t / (1 − β^t)   (bias correction, t from 1)

Unrolled, V_t = Σ_{i=1..t} (1 − β)·β^{t−i}·S_i: point i carries weight (1 − β)·β^{t−i}. The
weights fall below 1/e of the newest one after about 1/(1 − β) points (exactly
ln(1/e)/ln β = −1/ln β ≈ 1/(1 − β) for β near 1), the average's effective window.
"""

from __future__ import annotations

import math
import re

import numpy as np

Array = np.ndarray


def noisy_series(n: int, noise: float, seed: int, periods: float = 1.0) -> tuple[Array, Array]:
    """(t, S): a cosine over ``periods`` periods plus Gaussian noise of std ``noise``; t = 1..n."""
    if not 2 <= n <= 10_000:
        raise ValueError(f"Invalid series length: {n} (must be in [2, 10000])")
    if not (math.isfinite(noise) and 0 <= noise <= 100):
        raise ValueError(f"Invalid noise value: {noise} (must be in [0, 100])")
    t = np.arange(1, n + 1, dtype=np.float64)
    clean = np.cos(2.0 * math.pi * periods * (t - 1) / n)
    return t, clean + noise * np.random.default_rng(seed).standard_normal(n)


def ewma(series: Array, beta: float, bias_correction: bool = False) -> Array:
    """V_t (or V̂_t) for t = 1..n along the first axis of ``series`` (any trailing shape)."""
    _check_beta(beta)
    s = np.asarray(series, dtype=np.float64)
    out = np.empty_like(s)
    v = np.zeros_like(s[0])
    for t in range(s.shape[0]):
        v = beta * v + (1.0 - beta) * s[t]
        out[t] = v / (1.0 - beta ** (t + 1)) if bias_correction else v
    return out


def weights(beta: float, t: int) -> Array:
    """Weight of each point i = 1..t in V_t: (1 − β)·β^{t−i}."""
    _check_beta(beta)
    i = np.arange(1, t + 1, dtype=np.float64)
    return (1.0 - beta) * beta ** (t - i)


def effective_window(beta: float) -> float:
    """≈ 1/(1 − β): how many recent points the average mostly reflects."""
    _check_beta(beta)
    return 1.0 / (1.0 - beta)


def e_fold_age(beta: float) -> float:
    """Age (in points) at which a weight falls to 1/e of the newest weight: −1/ln β."""
    _check_beta(beta)
    return 0.0 if beta == 0 else -1.0 / math.log(beta)


MAX_SERIES = 200  # numbers in a typed series
MAX_MAGNITUDE = 1e12  # of each typed number
SEPARATORS = ",，"  # the ASCII comma and the full-width one of Chinese keyboards
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


class SeriesError(ValueError):
    """A typed series that cannot be read. ``template`` and ``values`` make the English message (and
    its translation); ``position`` is the 0-based character where the problem is, for a caret."""

    def __init__(self, template: str, position: int, text: str, **values: object):
        self.template, self.values, self.position, self.text = template, values, position, text
        super().__init__(f"{template.format(**values)} (character {position + 1})")


def parse_series(text: str, max_items: int = MAX_SERIES) -> np.ndarray:
    """The numbers of ``text`` separated by commas (``0, 1, 2.5, -3e2``), as float64.

    Each item is read by a plain-number pattern and ``float`` of the matched digits: nothing is
    evaluated, and ``nan``, ``inf``, ``1_000`` or ``0x10`` are not numbers here. SeriesError names
    the first bad item (1-based) and its position.
    """
    if not isinstance(text, str) or not text.strip():
        raise SeriesError("type numbers separated by commas, e.g. 0, 1, 2, 3", 0, str(text))
    items, start = [], 0
    for i, ch in enumerate(text + ","):
        if ch in SEPARATORS:
            items.append((start, text[start:i]))
            start = i + 1
    if len(items) > max_items:
        raise SeriesError("at most {max} numbers ({n} given)", items[max_items][0], text, max=max_items, n=len(items))
    values = []
    for k, (pos, raw) in enumerate(items, start=1):
        item = raw.strip()
        at = pos + len(raw) - len(raw.lstrip())
        if not item:
            where = min(at, len(text) - 1)  # the comma after the gap (or the last one)
            raise SeriesError("number {item} is missing (two commas in a row, or a comma at an end)", where, text,
                              item=k)
        if not _NUMBER.fullmatch(item) and all(_NUMBER.fullmatch(part) for part in item.split()):
            raise SeriesError("put a comma between the numbers of {token!r}", at, text, token=item[:20])
        if not _NUMBER.fullmatch(item):
            raise SeriesError("number {item}, {token!r}, is not a number", at, text, item=k, token=item[:20])
        v = float(item)
        if not abs(v) <= MAX_MAGNITUDE:
            raise SeriesError("number {item} is too large (at most 1e12 in size)", at, text, item=k)
        values.append(v)
    return np.array(values, dtype=np.float64)


def running_mean(series: Array) -> Array:
    """The arithmetic mean of the first t values, for t = 1..n."""
    s = np.asarray(series, dtype=np.float64)
    return np.cumsum(s) / np.arange(1, len(s) + 1)


def _check_beta(beta: float) -> None:
    if not (isinstance(beta, (int, float)) and math.isfinite(beta) and 0 <= beta < 1):
        raise ValueError(f"Invalid beta value: {beta} (must be in [0, 1))")
