r"""Reduce the learning rate when a metric stops improving: torch.optim.lr_scheduler.ReduceLROnPlateau.

Unlike the schedules of ``core.schedules`` this is not a function of the step count: the learning
rate depends on the metric measured at the end of every epoch (usually the validation loss), so
it is a small state machine, an ``init``/``step`` pair over a ``PlateauState`` as in optax. Every
argument means what it means in torch 2.13, step for step:

* ``is_better(a, best)``: in ``mode="min"``, ``a < best·(1 − threshold)`` (``threshold_mode="rel"``)
  or ``a < best − threshold`` (``"abs"``); in ``mode="max"``, ``a > best·(1 + threshold)`` or
  ``a > best + threshold``. ``best`` starts at +∞ (min) or −∞ (max), so the first epoch is always
  better.
* ``step(metric)``: a better metric becomes ``best`` and resets the count of bad epochs, otherwise
  the count grows by one. During a cooldown the cooldown counter falls by one and bad epochs are
  not counted. When the count exceeds ``patience``, ``lr ← max(lr·factor, min_lr)`` (ignored when
  it would change lr by ``eps`` or less), the cooldown restarts at ``cooldown`` and the count at 0.

So with ``patience=0`` a reduction follows every epoch that is not better than the best so far,
and with ``patience=p`` it follows the (p + 1)-th bad epoch in a row. The arithmetic is Python's
float arithmetic, as torch's (for instance ``threshold=1`` in ``"rel"`` mode makes +∞·0 = NaN,
so no metric is ever better).

Validation is torch's (``factor < 1``, ``mode`` and ``threshold_mode`` among their values) plus
what a page needs: finite numbers, ``factor ≥ 0``, whole ``patience`` and ``cooldown`` ≥ 0, and
``min_lr`` and ``eps`` ≥ 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

MODES = ("min", "max")
THRESHOLD_MODES = ("rel", "abs")


@dataclass(frozen=True)
class Plateau:
    """ReduceLROnPlateau's arguments, with torch's defaults (the course notes use factor 0.5)."""

    mode: str = "min"
    factor: float = 0.1
    patience: int = 10
    threshold: float = 1e-4
    threshold_mode: str = "rel"
    cooldown: int = 0
    min_lr: float = 0.0
    eps: float = 1e-8

    def __post_init__(self) -> None:
        check_plateau(self)


class PlateauState(NamedTuple):
    """What torch's scheduler keeps between epochs (``best``, ``num_bad_epochs``,
    ``cooldown_counter``) and the optimizer's current ``lr``."""

    lr: float
    best: float
    num_bad_epochs: int
    cooldown_counter: int


def check_plateau(p: Plateau) -> None:
    """Raise ValueError naming the first bad argument."""
    if p.mode not in MODES:
        raise ValueError(f"mode {p.mode} is unknown!")  # torch's words
    if p.threshold_mode not in THRESHOLD_MODES:
        raise ValueError(f"threshold mode {p.threshold_mode} is unknown!")
    for name in ("factor", "threshold", "min_lr", "eps"):
        v = getattr(p, name)
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise ValueError(f"Invalid {name} value: {v!r}")
    if p.factor >= 1.0:
        raise ValueError("Factor should be < 1.0.")
    if p.factor < 0.0:
        raise ValueError(f"Invalid factor value: {p.factor} (must be in [0, 1))")
    for name in ("patience", "cooldown"):
        v = getattr(p, name)
        if isinstance(v, bool) or not isinstance(v, int) or v < 0:
            raise ValueError(f"Invalid {name} value: {v!r} (expected a whole number ≥ 0)")
    for name in ("min_lr", "eps"):
        if getattr(p, name) < 0:
            raise ValueError(f"Invalid {name} value: {getattr(p, name)} (must be ≥ 0)")


def plateau_init(lr: float, p: Plateau) -> PlateauState:
    """The state before the first epoch: torch's ``_reset`` with the optimizer's lr."""
    return PlateauState(float(lr), math.inf if p.mode == "min" else -math.inf, 0, 0)


def is_better(a: float, best: float, p: Plateau) -> bool:
    if p.mode == "min" and p.threshold_mode == "rel":
        return a < best * (1.0 - p.threshold)
    if p.mode == "min":
        return a < best - p.threshold
    if p.threshold_mode == "rel":
        return a > best * (p.threshold + 1.0)
    return a > best + p.threshold


def plateau_step(state: PlateauState, metric: float, p: Plateau) -> PlateauState:
    """torch's ``scheduler.step(metric)`` at the end of an epoch: the new state (and lr)."""
    current = float(metric)
    best, bad, cooldown, lr = state.best, state.num_bad_epochs, state.cooldown_counter, state.lr
    if is_better(current, best, p):
        best, bad = current, 0
    else:
        bad += 1
    if cooldown > 0:
        cooldown -= 1
        bad = 0  # bad epochs in a cooldown are not counted
    if bad > p.patience:
        new_lr = max(lr * p.factor, p.min_lr)
        if lr - new_lr > p.eps:
            lr = new_lr
        cooldown, bad = p.cooldown, 0
    return PlateauState(lr, best, bad, cooldown)


def plateau_lrs(metrics, lr: float, p: Plateau) -> list[float]:
    """The lr in force after each epoch's ``step(metric)``: the lr of the next epoch."""
    state = plateau_init(lr, p)
    out = []
    for m in metrics:
        state = plateau_step(state, m, p)
        out.append(state.lr)
    return out
