"""Learning-rate schedules: the same noisy SGD run (same noise at every step) under each schedule."""

from __future__ import annotations

from collections.abc import Sequence

from ..core.engine import RunSpec, simulate
from ..core.surfaces import make_surface
from .results import PlainResult, plain


def schedule_runs(
    surface: str,
    lr: float,
    steps: int,
    noise: float,
    seed: int,
    schedules: Sequence[tuple[str, tuple[tuple[str, float], ...]]],
) -> PlainResult:
    """The same noisy SGD run (same σ, same seed: the same noise at every step) under each schedule."""
    surf = make_surface(surface, {"kappa": 10.0} if surface == "ravine" else {})
    runs = [RunSpec.make("sgd", {"lr": lr}, name, dict(params), noise, seed) for name, params in schedules]
    return plain(simulate(surf, runs, surf.start, int(steps)))
