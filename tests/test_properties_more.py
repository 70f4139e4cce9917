"""Property-based checks (hypothesis) of Adamax, RAdam, Rprop, ASGD, Adafactor, L-BFGS and Muon.

* random valid hyperparameters (every kind: floats, tuples, whole numbers, choices) never raise
  and never put NaN or infinity into the engine's output, state included;
* L-BFGS never makes more evaluations in a step than its bound (the work cap counts on it), the
  first is at the step's start, and the count is torch's (the running total adds up);
* a batch of random runs of these optimizers equals the same runs one by one, bit for bit;
* huge learning rates and far starts are stopped as divergence, never leaked.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optim_viz.core.engine import RunSpec, run_single, simulate
from optim_viz.core.optimizers import OPTIMIZERS, lbfgs_evaluations, resolve_hparams
from optim_viz.core.schedules import SCHEDULES
from optim_viz.core.surfaces import SURFACES, make_surface

NEW = ("adamax", "radam", "rprop", "asgd", "adafactor", "lbfgs", "muon")
LIMIT = 1e6
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def log_uniform(low: float, high: float):
    return st.floats(math.log10(low), math.log10(high)).map(lambda e: 10.0**e)


def number(low, high, log):
    return log_uniform(low, high) if log else st.floats(low, high)


@st.composite
def hyperparameters(draw, optimizer: str) -> dict:
    """Random valid values over the suggested ranges, each kept at torch's default one time in four."""
    hp = {}
    for h in OPTIMIZERS[optimizer].hparams:
        if draw(st.integers(0, 3)) == 0:
            continue
        if h.kind == "bool":
            hp[h.name] = draw(st.booleans())
        elif h.parts:
            hp[h.name] = tuple(draw(number(p.low, p.high, p.log)) for p in h.parts)
        elif h.kind == "int":
            hp[h.name] = draw(st.integers(int(h.low), int(h.high)))
        elif h.kind == "choice":
            hp[h.name] = draw(st.sampled_from(h.choices))
        else:
            hp[h.name] = draw(number(h.low, h.high, h.log))
    return hp


@st.composite
def surface_and_start(draw):
    name = draw(st.sampled_from([s for s in SURFACES if s != "neuron"]))
    s = make_surface(name)
    x0, x1, y0, y1 = s.window
    return s, (draw(st.floats(x0, x1)), draw(st.floats(y0, y1)))


def assert_clean(run, steps: int) -> None:
    n = steps + 1 if run.diverged_at is None else run.diverged_at
    assert run.path.shape == (n, 2) and run.loss.shape == (n,) and run.lr.shape == (n - 1,)
    assert np.all(np.abs(run.path) <= LIMIT)
    for a in (run.path, run.loss, run.lr, run.grad, *run.state.values()):
        assert np.all(np.isfinite(a))
    for values in run.state.values():
        assert values.shape[0] == n - 1


@SETTINGS
@given(data=st.data(), optimizer=st.sampled_from(NEW), steps=st.integers(1, 40))
def test_random_valid_hyperparameters_give_clean_output(data, optimizer, steps):
    s, start = data.draw(surface_and_start())
    hp = data.draw(hyperparameters(optimizer))
    schedule = data.draw(st.sampled_from(list(SCHEDULES)))
    run = run_single(s.name, optimizer, start, steps, hparams=hp, schedule=schedule, record_state=True)
    assert_clean(run, steps)
    assert set(run.hparams) == set(OPTIMIZERS[optimizer].defaults)


@SETTINGS
@given(data=st.data(), steps=st.integers(1, 25))
def test_lbfgs_evaluations_are_bounded_counted_and_start_at_the_iterate(data, steps):
    s, start = data.draw(surface_and_start())
    hp = data.draw(hyperparameters("lbfgs"))
    if data.draw(st.booleans()):
        hp["max_eval"] = data.draw(st.integers(-3, 12))
        if hp.get("line_search_fn") == "strong_wolfe":
            hp["max_eval"] = max(hp["max_eval"], 1)
    run = run_single(s.name, "lbfgs", start, steps, hparams=hp, record_state=True)
    assert_clean(run, steps)
    evals = run.state["evals"][:, 0]
    assert np.all(evals >= 1) and np.all(evals <= lbfgs_evaluations(resolve_hparams("lbfgs", hp)))
    assert np.array_equal(run.state["func_evals"][:, 0], np.cumsum(evals))
    if len(evals):
        assert np.array_equal(run.state["probes"][:, 0], run.path[: len(evals)])


@st.composite
def run_specs(draw):
    optimizer = draw(st.sampled_from(NEW))
    return RunSpec.make(optimizer, draw(hyperparameters(optimizer)), schedule=draw(st.sampled_from(list(SCHEDULES))))


@SETTINGS
@given(data=st.data(), specs=st.lists(run_specs(), min_size=2, max_size=6), steps=st.integers(1, 30))
def test_batched_equals_single(data, specs, steps):
    s, start = data.draw(surface_and_start())
    res = simulate(s, specs, start, steps, record_state=True)
    for spec, r in zip(specs, res.runs):
        one = simulate(s, [spec], start, steps, record_state=True).runs[0]
        assert r.diverged_at == one.diverged_at
        for name in ("path", "loss", "lr", "grad"):
            assert np.array_equal(getattr(r, name), getattr(one, name)), name
        assert r.state.keys() == one.state.keys()
        for name in one.state:
            assert np.array_equal(r.state[name], one.state[name]), name
        assert_clean(r, steps)


@SETTINGS
@given(data=st.data(), optimizer=st.sampled_from(NEW), lr=log_uniform(1e-8, 1e8), far=st.booleans())
def test_huge_steps_and_far_starts_never_leak(data, optimizer, lr, far):
    s, start = data.draw(surface_and_start())
    if far:
        start = (data.draw(st.floats(-LIMIT, LIMIT)), data.draw(st.floats(-LIMIT, LIMIT)))
    hp = {"lr": lr}
    if optimizer == "lbfgs" and data.draw(st.booleans()):
        hp["line_search_fn"] = "strong_wolfe"
    run = run_single(s.name, optimizer, start, 30, hparams=hp, record_state=True)
    assert_clean(run, 30)
