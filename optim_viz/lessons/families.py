"""A run's family: the same run at every value of one hyperparameter's slider, in one engine call.

While a learner drags a learning rate or a momentum, the browser swaps between precomputed
members of the family instead of asking the server; the engine stays the only source of numbers.
Every member is the run itself with one hyperparameter changed (same surface, start, steps,
schedule, noise, seed and mini-batches), so the member at the run's own value *is* the run.

A family has at most ``FAMILY_SIZE`` members (the engine's run cap per call): on a longer slider it
spans the whole range with every k-th value. Its members do not depend on the run's current value
(the run itself takes its place among them), so a page can keep them while that value moves.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..core.engine import MAX_RUNS, BatchResult, RunSpec, Simulation, Trajectory

FAMILY_SIZE = MAX_RUNS  # members per family: one simulate call
BETA_PARTS = {"beta1": 0, "beta2": 1}  # a family over one of Adam's betas


@dataclass(frozen=True)
class Family:
    """The members of run ``run`` over ``hparam``: ``values[i]`` gave ``result.runs[i]``;
    ``index`` is the member at the run's current value."""

    run: int
    hparam: str
    values: tuple[float, ...]
    index: int
    result: BatchResult


def family_values(grid: Sequence[float], size: int = FAMILY_SIZE) -> tuple[float, ...]:
    """The slider values a family is computed for, whatever the current value: the whole grid when
    it has fewer than ``size`` values, else every k-th value from the first to the last (the live
    slider still spans the whole range), leaving one place for the run's own value."""
    grid = tuple(float(v) for v in grid)
    if len(grid) < size:
        return grid
    k = math.ceil((len(grid) - 1) / (size - 2))
    return tuple(grid[i] for i in sorted(set(range(0, len(grid), k)) | {len(grid) - 1}))


def family_window(grid: Sequence[float], current: float, size: int = FAMILY_SIZE) -> tuple[tuple[float, ...], int]:
    """``family_values`` with ``current`` (a value of the grid) in its place, and its position."""
    if float(current) not in tuple(float(v) for v in grid):
        raise ValueError(f"{current!r} is not a value of this slider")
    values = tuple(sorted(set(family_values(grid, size)) | {float(current)}))
    return values, values.index(float(current))


def with_value(spec: RunSpec, hparam: str, value: float) -> RunSpec:
    """The run with one hyperparameter set (``beta1``/``beta2`` set one half of ``betas``)."""
    hp = spec.hparams_dict
    if hparam in BETA_PARTS:
        betas = list(hp.get("betas", (0.9, 0.999)))
        betas[BETA_PARTS[hparam]] = float(value)
        hp["betas"] = tuple(betas)
    else:
        hp[hparam] = float(value)
    return RunSpec.make(spec.optimizer, hp, spec.schedule, spec.schedule_params_dict, spec.noise, spec.seed,
                        spec.label, spec.batch_size)  # fmt: skip


def current_value(spec: RunSpec, hparam: str, default: float) -> float:
    hp = spec.hparams_dict
    if hparam in BETA_PARTS:
        return float(hp.get("betas", (0.9, 0.999))[BETA_PARTS[hparam]])
    return float(hp.get(hparam, default))


def family_simulation(simulation: Simulation, run: int, hparam: str, values: Sequence[float]) -> Simulation:
    """One engine request holding run ``run`` of ``simulation`` at each of ``values``."""
    spec = simulation.runs[run]
    members = tuple(with_value(spec, hparam, v) for v in values)
    return replace(simulation, runs=members, record_state=False)


def family_members(simulation: Simulation, run: int, hparam: str, values: Sequence[float]) -> BatchResult:
    """Run ``run`` at each of ``values``: one vectorized ``simulate`` call."""
    return family_simulation(simulation, run, hparam, values).run()


def with_run(members: BatchResult, values: Sequence[float], run: int, hparam: str, current: float,
             trajectory: Trajectory) -> Family:  # fmt: skip
    """The family with the run itself (``trajectory``, at ``current``) in its place among the members:
    the members do not depend on the current value, so moving the slider reuses them."""
    values = tuple(float(v) for v in values)
    runs = list(members.runs)
    if float(current) in values:
        index = values.index(float(current))
    else:
        index = bisect.bisect(values, float(current))
        values = values[:index] + (float(current),) + values[index:]
        runs.insert(index, replace(trajectory, spec=replace(trajectory.spec, label="")))
    return Family(run, hparam, values, index, replace(members, runs=tuple(runs)))


def run_family(simulation: Simulation, run: int, hparam: str, grid: Sequence[float], current: float) -> Family:
    """The family of run ``run`` over ``hparam`` on a slider ``grid``, the current value included:
    one vectorized ``simulate`` call."""
    values, index = family_window(grid, current)
    return Family(run, hparam, values, index, family_members(simulation, run, hparam, values))
