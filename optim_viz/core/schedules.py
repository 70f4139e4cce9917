r"""Learning-rate schedules: the lr used for update t (t = 0 for the first update).

A schedule is a function of the step count, as in optax: ``lr_t = schedule(lr0, t, **params)``.
lr₀ is the optimizer's ``lr``; arrays broadcast, so one call gives a whole batch.

* ``constant``: lr₀
* ``step`` (step_size, gamma): lr₀·gamma^⌊t/step_size⌋
* ``exponential`` (k): lr₀·e^(−k·t)
* ``inverse_time`` (k): lr₀/(1 + k·t)
* ``cosine`` (t_max, eta_min=0): eta_min + (lr₀ − eta_min)·(1 + cos(π·min(t, t_max)/t_max))/2
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

Array = np.ndarray


@dataclass(frozen=True)
class ScheduleParam:
    name: str
    default: float
    low: float
    high: float
    doc: str
    integer: bool = False


@dataclass(frozen=True)
class Schedule:
    name: str
    title: str
    formula: str  # LaTeX
    params: tuple[ScheduleParam, ...]
    fn: Callable[..., Array]

    @property
    def defaults(self) -> dict[str, float]:
        return {p.name: p.default for p in self.params}


def _constant(lr0, t):
    return lr0 * np.ones_like(t, dtype=np.float64)


def _step(lr0, t, step_size, gamma):
    return lr0 * gamma ** np.floor_divide(t, step_size)


def _exponential(lr0, t, k):
    return lr0 * np.exp(-k * t)


def _inverse_time(lr0, t, k):
    return lr0 / (1.0 + k * t)


def _cosine(lr0, t, t_max, eta_min):
    return eta_min + (lr0 - eta_min) * (1.0 + np.cos(math.pi * np.minimum(t, t_max) / t_max)) / 2.0


SCHEDULES: dict[str, Schedule] = {
    s.name: s
    for s in [
        Schedule("constant", "Constant", r"\eta_t=\eta_0", (), _constant),
        Schedule(
            "step",
            "Step decay",
            r"\eta_t=\eta_0\,\gamma^{\lfloor t/s\rfloor}",
            (
                ScheduleParam("step_size", 50, 1, 1e6, "updates between decays", integer=True),
                ScheduleParam("gamma", 0.5, 0.0, 1.0, "factor applied at each decay"),
            ),
            _step,
        ),
        Schedule(
            "exponential",
            "Exponential decay",
            r"\eta_t=\eta_0\,e^{-kt}",
            (ScheduleParam("k", 0.01, 0.0, 10.0, "decay rate per update"),),
            _exponential,
        ),
        Schedule(
            "inverse_time",
            "1/t decay",
            r"\eta_t=\eta_0/(1+kt)",
            (ScheduleParam("k", 0.01, 0.0, 10.0, "decay rate per update"),),
            _inverse_time,
        ),
        Schedule(
            "cosine",
            "Cosine annealing",
            r"\eta_t=\eta_{min}+\tfrac12(\eta_0-\eta_{min})(1+\cos(\pi\min(t,T)/T))",
            (
                ScheduleParam("t_max", 100, 1, 1e6, "updates until the lr reaches eta_min", integer=True),
                ScheduleParam("eta_min", 0.0, 0.0, 1e3, "final learning rate"),
            ),
            _cosine,
        ),
    ]
}


def schedule_names() -> list[str]:
    return list(SCHEDULES)


def resolve_schedule(name: str, params: Mapping[str, object] | None = None) -> dict[str, float]:
    """Validate a schedule's parameters (defaults filled in); unknown names raise ValueError."""
    sched = SCHEDULES.get(name)
    if sched is None:
        raise ValueError(f"Unknown schedule: {name!r} (choose from {', '.join(SCHEDULES)})")
    given = dict(params or {})
    known = {p.name for p in sched.params}
    unknown = sorted(set(given) - known)
    if unknown:
        allowed = ", ".join(sorted(known)) or "none"
        raise ValueError(f"Unknown parameter for schedule {name}: {unknown[0]!r} (allowed: {allowed})")
    out = {}
    for p in sched.params:
        v = given.get(p.name, p.default)
        if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
            raise ValueError(f"Invalid schedule parameter {p.name}: {v!r} (expected a number)")
        v = float(v)
        if not math.isfinite(v) or v < p.low or v > p.high:
            raise ValueError(f"Invalid schedule parameter {p.name}: {v:g} (must be in [{p.low:g}, {p.high:g}])")
        if p.integer and not v.is_integer():
            raise ValueError(f"Invalid schedule parameter {p.name}: {v:g} (must be a whole number)")
        out[p.name] = v
    if name == "cosine" and out["eta_min"] < 0:
        raise ValueError(f"Invalid schedule parameter eta_min: {out['eta_min']:g}")
    return out


def learning_rates(name: str, lr0, steps: int, params: Mapping[str, object] | None = None) -> Array:
    """The lr of each update: shape (steps,) for a scalar lr0, (B, steps) for an array of B."""
    p = resolve_schedule(name, params)
    t = np.arange(steps, dtype=np.float64)
    lr0 = np.asarray(lr0, dtype=np.float64)
    if lr0.ndim:
        lr0 = lr0.reshape(-1, 1)
    return SCHEDULES[name].fn(lr0, t, **p) * np.ones_like(lr0)
