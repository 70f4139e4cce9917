"""Property-based checks (hypothesis) of the surfaces and the engine.

* every surface's analytic gradient agrees with central finite differences anywhere in its
  view window, for random valid parameters;
* surface functions take arrays of any shape;
* random valid hyperparameters never put NaN or infinity into the engine's output, and the
  output's shapes agree with ``diverged_at``;
* a batch of random runs equals the same runs one by one, bit for bit;
* random starts and learning rates never leak NaN (diverged runs are truncated).
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from optim_viz.core.engine import RunSpec, run_single, simulate
from optim_viz.core.optimizers import OPTIMIZERS
from optim_viz.core.schedules import SCHEDULES
from optim_viz.core.surfaces import SURFACES, make_surface

LIMIT = 1e6
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --------------------------------------------------------------------------------------
# Strategies


@st.composite
def surface_params(draw, name: str) -> dict:
    """Random valid parameters of a surface (the neuron keeps its default data set)."""
    out = {}
    for p in SURFACES[name].params:
        if name == "neuron" and p.name != "loss":
            continue
        if draw(st.booleans()):
            continue  # keep the default
        if p.choices:
            out[p.name] = draw(st.sampled_from(p.choices))
        elif p.integer:
            out[p.name] = draw(st.integers(int(p.low), int(min(p.high, 1e6))))
        else:
            v = draw(st.floats(p.low, p.high, exclude_min=not p.low_inclusive, allow_nan=False))
            out[p.name] = int(v) if draw(st.booleans()) and v.is_integer() and v > p.low else v
    return out


@st.composite
def surfaces(draw):
    name = draw(st.sampled_from(list(SURFACES)))
    return make_surface(name, draw(surface_params(name)))


def log_uniform(low: float, high: float):
    return st.floats(math.log10(low), math.log10(high)).map(lambda e: 10.0**e)


@st.composite
def hyperparameters(draw, optimizer: str) -> dict:
    """Random valid hyperparameters over the UI's suggested ranges (and a little beyond)."""
    hp = {}
    for h in OPTIMIZERS[optimizer].hparams:
        if draw(st.integers(0, 3)) == 0:
            continue  # torch's default
        if h.kind == "bool":
            hp[h.name] = draw(st.booleans())
        elif h.kind == "betas":
            hp[h.name] = (draw(st.floats(0.0, 0.999)), draw(st.floats(0.0, 0.9999)))
        elif h.parts:  # a tuple: each number in its part's range
            hp[h.name] = tuple(
                draw(log_uniform(p.low, p.high)) if p.log else draw(st.floats(p.low, p.high)) for p in h.parts
            )
        elif h.kind == "int":
            hp[h.name] = draw(st.integers(int(h.low), int(h.high)))
        elif h.kind == "choice":
            hp[h.name] = draw(st.sampled_from(h.choices))
        elif h.log:
            hp[h.name] = draw(log_uniform(h.low, h.high))
        else:
            hp[h.name] = draw(st.floats(h.low, h.high))
    nesterov_needs = hp.get("momentum", 0.0) <= 0.0 or hp.get("dampening", 0.0) != 0.0
    if optimizer == "sgd" and hp.get("nesterov") and nesterov_needs:
        hp["momentum"] = draw(st.floats(0.01, 0.99))
        hp["dampening"] = 0.0
    return hp


@st.composite
def run_specs(draw):
    optimizer = draw(st.sampled_from(list(OPTIMIZERS)))
    schedule = draw(st.sampled_from(list(SCHEDULES)))
    noisy = draw(st.booleans()) and not OPTIMIZERS[optimizer].closure  # L-BFGS takes no noise
    return RunSpec.make(
        optimizer,
        draw(hyperparameters(optimizer)),
        schedule=schedule,
        noise=draw(st.floats(0.0, 2.0)) if noisy else 0.0,
        seed=draw(st.integers(0, 2**32)),
    )


@st.composite
def starts(draw, surface):
    x0, x1, y0, y1 = surface.window
    return draw(st.floats(x0, x1)), draw(st.floats(y0, y1))


def assert_clean(run, steps: int) -> None:
    n = steps + 1 if run.diverged_at is None else run.diverged_at
    assert run.path.shape == (n, 2)
    assert run.loss.shape == (n,)
    assert run.lr.shape == (n - 1,)
    assert run.grad.shape == (n - 1, 2)
    assert np.all(np.abs(run.path) <= LIMIT)
    for a in (run.path, run.loss, run.lr, run.grad, *run.state.values()):
        assert np.all(np.isfinite(a))
    for values in run.state.values():
        assert values.shape[0] == n - 1
    m = run.metrics
    for value in (m.final_loss, m.min_loss, m.path_length, m.final_distance, m.oscillation_index):
        assert value is None or math.isfinite(value)


# --------------------------------------------------------------------------------------
# Surfaces


@FAST
@given(data=st.data(), name=st.sampled_from(list(SURFACES)))
def test_gradient_matches_central_finite_differences(data, name):
    s = make_surface(name, data.draw(surface_params(name)))
    x, y = data.draw(starts(s))
    f, gx, gy = (float(v) for v in s.value_and_grad(x, y))
    hx, hy = 1e-6 * max(1.0, abs(x)), 1e-6 * max(1.0, abs(y))
    fd_x = (float(s.value(x + hx, y)) - float(s.value(x - hx, y))) / (2 * hx)
    fd_y = (float(s.value(x, y + hy)) - float(s.value(x, y - hy))) / (2 * hy)
    # truncation O(h²·f''') plus cancellation O(ε·|f|/h): relative to the sizes involved
    tol = 1e-7 * (1.0 + abs(f) + math.hypot(gx, gy))
    assert abs(fd_x - gx) <= tol, (x, y, fd_x, gx)
    assert abs(fd_y - gy) <= tol, (x, y, fd_y, gy)


@FAST
@given(
    name=st.sampled_from(list(SURFACES)),
    shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4),
    data=st.data(),
)
def test_surfaces_accept_arrays_of_any_shape(name, shape, data):
    s = make_surface(name)
    x0, x1, y0, y1 = s.window
    x = data.draw(hnp.arrays(np.float64, shape, elements=st.floats(x0, x1)))
    y = data.draw(hnp.arrays(np.float64, shape, elements=st.floats(y0, y1)))
    f, gx, gy = s.value_and_grad(x, y)
    for out in (f, gx, gy):
        assert np.shape(out) == shape
        assert np.asarray(out).dtype == np.float64
    for idx in np.ndindex(*shape):  # elementwise: the same as one point at a time
        fi, gxi, gyi = s.value_and_grad(float(x[idx]), float(y[idx]))
        np.testing.assert_allclose([f[idx], gx[idx], gy[idx]], [fi, gxi, gyi], rtol=1e-13, atol=1e-300)


def test_surfaces_accept_python_scalars_and_lists():
    for name in SURFACES:
        s = make_surface(name)
        f, gx, gy = s.value_and_grad(0.5, -0.25)
        assert np.shape(f) == np.shape(gx) == np.shape(gy) == ()
        f2, gx2, gy2 = s.value_and_grad([0.5, 1.0], [-0.25, 2.0])
        assert f2.shape == (2,)
        np.testing.assert_allclose([f2[0], gx2[0], gy2[0]], [f, gx, gy], rtol=1e-13)


# --------------------------------------------------------------------------------------
# Engine


@SLOW
@given(data=st.data(), optimizer=st.sampled_from(list(OPTIMIZERS)), steps=st.integers(1, 60))
def test_random_valid_hyperparameters_give_clean_output(data, optimizer, steps):
    s = data.draw(surfaces())
    hp = data.draw(hyperparameters(optimizer))
    start = data.draw(starts(s))
    run = run_single(s.name, optimizer, start, steps, surface_params=dict(s.params), hparams=hp, record_state=True)
    assert_clean(run, steps)
    assert np.array_equal(run.path[0], start)
    expected_keys = {k for k in OPTIMIZERS[optimizer].defaults if k != "betas"}
    assert expected_keys <= set(run.hparams)


@SLOW
@given(data=st.data(), specs=st.lists(run_specs(), min_size=2, max_size=6), steps=st.integers(1, 40))
def test_batched_equals_single_for_random_configs(data, specs, steps):
    fixed = specs
    s = data.draw(surfaces())
    start = data.draw(starts(s))
    res = simulate(s, fixed, start, steps, record_state=True)
    for spec, r in zip(fixed, res.runs):
        one = run_single(
            s.name, spec.optimizer, start, steps, surface_params=dict(s.params), hparams=spec.hparams_dict,
            schedule=spec.schedule, noise=spec.noise, seed=spec.seed, record_state=True,
        )
        assert r.diverged_at == one.diverged_at
        for name in ("path", "loss", "lr", "grad"):
            assert np.array_equal(getattr(r, name), getattr(one, name)), name
        for name in one.state:
            assert np.array_equal(r.state[name], one.state[name]), name
        assert_clean(r, steps)


@SLOW
@given(
    data=st.data(),
    optimizer=st.sampled_from(list(OPTIMIZERS)),
    lr=log_uniform(1e-8, 1e6),
    far=st.booleans(),
)
def test_random_start_and_lr_never_leak_nan(data, optimizer, lr, far):
    s = data.draw(surfaces())
    if far:
        start = (data.draw(st.floats(-LIMIT, LIMIT)), data.draw(st.floats(-LIMIT, LIMIT)))
    else:
        start = data.draw(starts(s))
    run = run_single(s.name, optimizer, start, 40, surface_params=dict(s.params), hparams={"lr": lr})
    assert_clean(run, 40)
    if run.diverged_at is not None:
        assert len(run.path) == run.diverged_at
