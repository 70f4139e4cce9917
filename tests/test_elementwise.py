"""Optimizers marked ``elementwise`` compute the same bits whether a per-run hyperparameter (and
the lr) comes as a (B, 1) column or repeated over each run's coordinates (B, 2): the engine hands
them the latter, which NumPy computes several times faster. And the sweep that relies on it (one lr
column for the constant schedule, divergence and tolerance kept in masks) still gives every cell
exactly what a run of its own gives.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optim_viz.core.engine import GridAxis, run_single, sweep
from optim_viz.core.optimizers import OPTIMIZERS, hparams_for_batch, per_coordinate, resolve_hparams, state_fields
from optim_viz.core.surfaces import make_surface

ELEMENTWISE = [name for name, o in OPTIMIZERS.items() if o.elementwise]


def bits(a: np.ndarray) -> tuple:
    """Shape, dtype and bytes: equal only if every value, NaN position and sign of zero is."""
    a = np.asarray(a)
    return a.shape, a.dtype, a.tobytes()


def draw(lo: float, hi: float, log: bool, rng: np.random.Generator) -> float:
    if rng.random() < 0.2:
        return float(lo)  # the edge (momentum 0, a zero decay) takes its own branch in some updates
    if log and lo > 0:
        return float(math.exp(rng.uniform(math.log(lo), math.log(hi))))
    return float(rng.uniform(lo, hi))


def random_hparams(name: str, rng: np.random.Generator) -> dict:
    """One run's hyperparameters: floats and tuple parts in their UI ranges, flags at random."""
    hp = {}
    for h in OPTIMIZERS[name].hparams:
        if h.kind == "float":
            hp[h.name] = draw(h.low, h.high, h.log, rng)
        elif h.kind == "bool":
            hp[h.name] = bool(rng.random() < 0.5)
        elif h.parts:
            hp[h.name] = tuple(draw(p.low, p.high, False, rng) for p in h.parts)
    try:
        return resolve_hparams(name, hp)
    except ValueError:  # e.g. Nesterov without momentum
        hp["nesterov"] = False
        return resolve_hparams(name, hp)


def test_the_fast_optimizers_are_the_ones_without_per_run_reductions():
    assert ELEMENTWISE == ["sgd", "ewma_momentum", "adagrad", "rmsprop", "adadelta", "adam", "adamw"]


@pytest.mark.parametrize("name", ELEMENTWISE)
@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), runs=st.integers(1, 7))
def test_per_coordinate_hyperparameters_give_the_same_bits(name, seed, runs):
    rng = np.random.default_rng(seed)
    opt = OPTIMIZERS[name]
    per_run = [random_hparams(name, rng) for _ in range(runs)]
    column = hparams_for_batch({k: np.array([hp[k] for hp in per_run]) for k in per_run[0]}, runs)
    wide = {k: per_coordinate(v, 2) for k, v in column.items()}
    assert all(v.shape == (runs, 2) for v in wide.values() if isinstance(v, np.ndarray))
    lr = np.exp(rng.uniform(-7, 1, (runs, 1)))
    x = rng.normal(0, 3, (runs, 2))
    x[0, 0] = -0.0
    xa, xb = x, x.copy()
    sa, sb = opt.init(xa, column), opt.init(xb, wide)
    with np.errstate(all="ignore"):
        for _ in range(6):
            g = rng.normal(0, 10, (runs, 2)) * rng.choice([0.0, 1e-8, 1.0, 1e8], (runs, 2))
            xa, sa = opt.update(g, sa, xa, lr, column)
            xb, sb = opt.update(g.copy(), sb, xb, np.repeat(lr, 2, axis=1), wide)
            assert bits(xa) == bits(xb)
            fa, fb = state_fields(sa), state_fields(sb)
            assert fa.keys() == fb.keys()
            for k in fa:
                assert bits(fa[k]) == bits(fb[k]), k


def test_per_coordinate_leaves_shared_values_alone():
    assert per_coordinate(0.9, 2) == 0.9
    assert per_coordinate(True, 2) is True
    col = np.array([[0.1], [0.5]])
    assert np.array_equal(per_coordinate(col, 2), [[0.1, 0.1], [0.5, 0.5]])
    assert per_coordinate(col, 2).flags.c_contiguous


SECOND_AXIS = {
    "sgd": GridAxis("momentum", 0.0, 0.99, 4),
    "ewma_momentum": GridAxis("beta", 0.0, 0.99, 4),
    "adagrad": GridAxis("lr_decay", 0.0, 0.1, 4),
    "rmsprop": GridAxis("alpha", 0.5, 0.99, 4),
    "adadelta": GridAxis("rho", 0.5, 0.99, 4),
    "adam": GridAxis("beta1", 0.0, 0.95, 4),
    "adamw": GridAxis("beta2", 0.9, 0.9999, 4),
}


@pytest.mark.parametrize("schedule", ["constant", "step"])
@pytest.mark.parametrize("name", ELEMENTWISE)
def test_every_cell_of_a_sweep_equals_its_own_run(name, schedule):
    """Cells that diverge (large lr), reach the tolerance or do neither, under a constant lr (one
    column shared by every step) and under a schedule (one lr per step)."""
    sp = {"step_size": 20, "gamma": 0.5} if schedule == "step" else None
    x_axis, y_axis = GridAxis("lr", 1e-3, 3.0, 6, log=True), SECOND_AXIS[name]
    start, steps, tol = (-4.5, 1.5), 120, 1e-3
    res = sweep(make_surface("ravine"), name, x_axis, y_axis, start, steps, schedule=schedule, schedule_params=sp,
                tol=tol)  # fmt: skip
    if name in ("sgd", "ewma_momentum"):
        assert (res.diverged_at > 0).any() and (res.steps_to_tolerance >= 0).any()
    for i, yv in enumerate(y_axis.values()):
        for j, xv in enumerate(x_axis.values()):
            name_y = y_axis.name
            hp = {"lr": float(xv)}
            if name_y in ("beta1", "beta2"):
                betas = {"beta1": 0.9, "beta2": 0.999, name_y: float(yv)}
                hp["betas"] = (betas["beta1"], betas["beta2"])
            else:
                hp[name_y] = float(yv)
            one = run_single("ravine", name, start, steps, hparams=hp, schedule=schedule, schedule_params=sp, tol=tol)
            where = (name, schedule, hp)
            assert bits(res.final_loss[i, j]) == bits(np.float64(one.metrics.final_loss)), where
            assert res.diverged_at[i, j] == (one.diverged_at or 0), where
            stt = one.metrics.steps_to_tolerance
            assert res.steps_to_tolerance[i, j] == (-1 if stt is None else stt), where
