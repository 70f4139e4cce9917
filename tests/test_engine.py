"""The trajectory engine: every optimizer on every surface, schedules, noise, divergence,
batching, sweeps, metrics and the surfaces themselves.

Expected values are computed here independently (formulas written out in the test, or
NumPy on the engine's recorded path), never by calling the engine's private helpers.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from optim_viz.core.engine import MAX_GRID, GridAxis, RunSpec, run_single, simulate, sweep
from optim_viz.core.optimizers import OPTIMIZERS
from optim_viz.core.surfaces import SURFACES, make_surface

LIMIT = 1e6  # |x| or |y| beyond this is divergence (engine docstring)

MODEST_LR = {
    "sgd": 1e-3,
    "ewma_momentum": 1e-3,
    "adagrad": 0.05,
    "rmsprop": 1e-3,
    "adadelta": 1.0,
    "adam": 1e-2,
    "adamw": 1e-2,
    "nadam": 1e-2,
    "adamax": 1e-2,
    "radam": 1e-2,
    "rprop": 1e-3,
    "asgd": 1e-3,
    "adafactor": 1e-2,
    "lbfgs": 0.5,
    "muon": 1e-2,
}


def all_finite(*arrays) -> bool:
    return all(np.all(np.isfinite(np.asarray(a, dtype=float))) for a in arrays)


def assert_run_is_clean(run, steps: int) -> None:
    """Shapes agree with diverged_at; nothing non-finite anywhere in the result."""
    n = steps + 1 if run.diverged_at is None else run.diverged_at
    if run.diverged_at is not None:
        assert 1 <= run.diverged_at <= steps
    assert run.path.shape == (n, 2)
    assert run.loss.shape == (n,)
    assert run.lr.shape == (n - 1,)
    assert run.grad.shape == (n - 1, 2)
    assert np.all(np.abs(run.path) <= LIMIT)
    assert all_finite(run.path, run.loss, run.lr, run.grad)
    for name, values in run.state.items():
        assert values.shape[0] == n - 1, name
        assert all_finite(values), name
    m = run.metrics
    assert m.steps == n - 1
    assert m.diverged_at == run.diverged_at
    for value in (m.final_loss, m.min_loss, m.path_length, m.oscillation_index, m.final_distance):
        assert value is None or math.isfinite(value)


def assert_same_run(a, b) -> None:
    """Bit-for-bit equality of two trajectories."""
    assert a.diverged_at == b.diverged_at
    for name in ("path", "loss", "lr", "grad"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert a.state.keys() == b.state.keys()
    for name in a.state:
        assert np.array_equal(a.state[name], b.state[name]), name
    assert a.metrics == b.metrics


# --------------------------------------------------------------------------------------
# Every optimizer meets every surface.


@pytest.mark.parametrize("surface", list(SURFACES))
@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
def test_every_optimizer_on_every_surface(optimizer, surface):
    s = make_surface(surface)
    run = run_single(surface, optimizer, s.start, 200, hparams={"lr": MODEST_LR[optimizer]}, record_state=True)
    assert_run_is_clean(run, 200)
    assert np.array_equal(run.path[0], s.start)
    assert run.loss[0] == pytest.approx(float(s.value(*s.start)), rel=1e-15)
    assert np.all(run.lr == MODEST_LR[optimizer])


def test_the_table_covers_every_optimizer():
    assert set(MODEST_LR) == set(OPTIMIZERS)


# --------------------------------------------------------------------------------------
# Schedules: the lr of update t (t = 0 first).

LR0 = 0.1
SCHEDULES = [
    ("constant", {}, lambda t: LR0),
    ("step", {"step_size": 7, "gamma": 0.5}, lambda t: LR0 * 0.5 ** (t // 7)),
    ("exponential", {"k": 0.03}, lambda t: LR0 * math.exp(-0.03 * t)),
    ("inverse_time", {"k": 0.1}, lambda t: LR0 / (1 + 0.1 * t)),
    (
        "cosine",
        {"t_max": 40, "eta_min": 0.01},
        lambda t: 0.01 + (LR0 - 0.01) * (1 + math.cos(math.pi * min(t, 40) / 40)) / 2,
    ),
    ("cosine", {"t_max": 30}, lambda t: (LR0 - 0.0) * (1 + math.cos(math.pi * min(t, 30) / 30)) / 2),
]


@pytest.mark.parametrize(("schedule", "params", "formula"), SCHEDULES, ids=[f"{s}-{p}" for s, p, _ in SCHEDULES])
def test_schedule_lr_sequence_matches_the_formula(schedule, params, formula):
    steps = 60
    run = run_single("quadratic", "sgd", (1.0, -2.0), steps, hparams={"lr": LR0}, schedule=schedule,
                     schedule_params=params)
    expected = np.array([formula(t) for t in range(steps)])
    np.testing.assert_allclose(run.lr, expected, rtol=1e-14, atol=0)
    # ... and update t + 1 really uses lr_t: on ½(x² + y²), SGD gives xₜ₊₁ = (1 − lrₜ)·xₜ.
    np.testing.assert_allclose(run.path[1:, 0], np.cumprod(1 - expected), rtol=1e-12)
    np.testing.assert_allclose(run.path[1:, 1], -2 * np.cumprod(1 - expected), rtol=1e-12)


def test_cosine_is_flat_at_eta_min_after_t_max():
    run = run_single("quadratic", "sgd", (1.0, 1.0), 80, hparams={"lr": LR0}, schedule="cosine",
                     schedule_params={"t_max": 25, "eta_min": 0.003})
    assert run.lr[0] == LR0
    assert np.all(run.lr[25:] == run.lr[25])
    assert run.lr[25] == pytest.approx(0.003, rel=1e-15)
    assert np.all(np.diff(run.lr[:26]) < 0)


def test_step_schedule_accepts_int_parameters_and_rejects_bad_ones():
    run = run_single("quadratic", "sgd", (1.0, 1.0), 10, hparams={"lr": 1}, schedule="step",
                     schedule_params={"step_size": 3, "gamma": 0.1})
    np.testing.assert_allclose(run.lr, [1, 1, 1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.001], rtol=1e-14)
    with pytest.raises(ValueError, match="step_size: 2.5"):
        run_single("quadratic", "sgd", (1.0, 1.0), 10, schedule="step", schedule_params={"step_size": 2.5})
    with pytest.raises(ValueError, match="Unknown schedule: 'linear'"):
        run_single("quadratic", "sgd", (1.0, 1.0), 10, schedule="linear")
    with pytest.raises(ValueError, match="Unknown parameter for schedule exponential: 'gamma'"):
        run_single("quadratic", "sgd", (1.0, 1.0), 10, schedule="exponential", schedule_params={"gamma": 0.5})
    with pytest.raises(ValueError, match="k: nan"):
        run_single("quadratic", "sgd", (1.0, 1.0), 10, schedule="exponential", schedule_params={"k": math.nan})


# --------------------------------------------------------------------------------------
# Gradient noise.


def added_noise(run, surface="quadratic", params=None) -> np.ndarray:
    """What the engine added to ∇f at each update: run.grad − ∇f(xₖ₋₁)."""
    s = make_surface(surface, params)
    gx, gy = s.grad(run.path[:-1, 0], run.path[:-1, 1])
    return run.grad - np.stack([gx, gy], axis=1)


def test_same_seed_same_path_bit_for_bit_and_different_seed_differs():
    kw = dict(hparams={"lr": 0.01, "momentum": 0.9}, noise=0.3)
    a = run_single("rosenbrock", "sgd", (-1.0, 1.5), 300, seed=7, record_state=True, **kw)
    b = run_single("rosenbrock", "sgd", (-1.0, 1.5), 300, seed=7, record_state=True, **kw)
    c = run_single("rosenbrock", "sgd", (-1.0, 1.5), 300, seed=8, record_state=True, **kw)
    assert_same_run(a, b)
    assert not np.array_equal(a.path, c.path)
    assert not np.array_equal(a.path[1], c.path[1])


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_noise_is_sigma_times_default_rng_row_t_at_update_t_plus_1(optimizer):
    sigma, seed, steps = 0.25, 12345, 50
    run = run_single("quadratic", optimizer, (1.0, -2.0), steps, hparams={"lr": 0.05}, noise=sigma, seed=seed)
    expected = sigma * np.random.default_rng(seed).standard_normal((steps, 2))
    # g = ∇f + noise in floating point: one rounding, so a few ulps of |g| at most
    np.testing.assert_allclose(added_noise(run), expected, rtol=0, atol=1e-14)
    # the same noise row t whatever the run's length
    short = run_single("quadratic", optimizer, (1.0, -2.0), 10, hparams={"lr": 0.05}, noise=sigma, seed=seed)
    assert np.array_equal(short.path, run.path[:11])


def test_no_noise_means_the_exact_gradient():
    run = run_single("himmelblau", "adam", (-0.5, 0.5), 30, hparams={"lr": 0.1})
    assert np.array_equal(added_noise(run, "himmelblau"), np.zeros((30, 2)))


def test_noise_statistics():
    sigma, n = 0.5, 10_000
    run = run_single("quadratic", "sgd", (0.0, 0.0), n, hparams={"lr": 0.01}, noise=sigma, seed=2024)
    eps = added_noise(run)
    assert eps.shape == (n, 2)
    assert np.all(np.abs(eps.mean(axis=0)) < 4 * sigma / math.sqrt(n))
    np.testing.assert_allclose(eps.std(axis=0), sigma, rtol=0.04)
    assert abs(np.corrcoef(eps[:, 0], eps[:, 1])[0, 1]) < 4 / math.sqrt(n)  # coordinates uncorrelated
    for j in range(2):  # and successive updates too
        assert abs(np.corrcoef(eps[:-1, j], eps[1:, j])[0, 1]) < 4 / math.sqrt(n)


# --------------------------------------------------------------------------------------
# Divergence.


def first_escape(factor: float, x0: float) -> int:
    """First k with |factor^k · x0| > 1e6 (SGD on a 1-D quadratic: x_k = (1 − lr·a)^k · x0)."""
    k, x = 0, x0
    while abs(x) <= LIMIT:
        k += 1
        x = factor**k * x0
    return k


@pytest.mark.parametrize(("lr", "a"), [(3.0, 1.0), (2.5, 1.0), (0.3, 10.0)])
def test_sgd_diverges_where_the_analytic_iterate_leaves_the_box(lr, a):
    x0 = 0.7
    k = first_escape(1 - lr * a, x0)
    run = run_single("quadratic", "sgd", (x0, 0.0), 200, surface_params={"a": a}, hparams={"lr": lr})
    assert run.diverged_at == k
    assert len(run.path) == k  # x₀ … x_{k−1}: the path stops before the escaping iterate
    np.testing.assert_allclose(run.path[:, 0], x0 * (1 - lr * a) ** np.arange(k), rtol=1e-12)
    assert abs(run.path[-1, 0]) <= LIMIT
    assert run.metrics.diverged_at == k
    assert run.metrics.final_loss == run.loss[-1]
    assert_run_is_clean(run, 200)


def test_divergence_in_a_batch_leaves_the_other_runs_alone():
    s = make_surface("quadratic")
    specs = [
        RunSpec.make("sgd", {"lr": 0.1}),
        RunSpec.make("sgd", {"lr": 3.0}),  # diverges
        RunSpec.make("sgd", {"lr": 0.5, "momentum": 0.5}),
        RunSpec.make("adam", {"lr": 0.1}),
    ]
    res = simulate(s, specs, (1.0, 1.0), 100, record_state=True)
    assert [r.diverged_at for r in res.runs] == [None, 20, None, None]  # 2^20 > 1e6 ≥ 2^19
    for spec, r in zip(specs, res.runs):
        one = run_single("quadratic", spec.optimizer, (1.0, 1.0), 100, hparams=spec.hparams_dict, record_state=True)
        assert_same_run(r, one)
        assert_run_is_clean(r, 100)


def test_a_run_that_merely_wanders_is_not_divergence():
    # |1 − lr| = 1.02: the iterate grows slowly; loss ends ~7× its start, far from the 1e6 box.
    run = run_single("quadratic", "sgd", (1.0, 1.0), 50, hparams={"lr": 2.02})
    assert run.diverged_at is None
    assert len(run.path) == 51
    assert 5 < run.loss[-1] / run.loss[0] < 10


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_no_nan_or_inf_leaves_the_engine_even_with_lr_1e3(optimizer):
    for surface in ("quadratic", "rosenbrock", "beale", "rastrigin", "saddle", "six_hump_camel"):
        s = make_surface(surface)
        for lr in (1e3, 1e8):
            run = run_single(surface, optimizer, s.start, 100, hparams={"lr": lr}, record_state=True)
            assert_run_is_clean(run, 100)


def test_saddle_runs_off_to_minus_infinity_and_is_stopped():
    run = run_single("saddle", "sgd", (0.0, 0.5), 1000, hparams={"lr": 0.1})
    # y_k = 1.2^k·0.5 leaves the box at the first k with 1.2^k·0.5 > 1e6
    assert run.diverged_at == first_escape(1.2, 0.5)
    assert_run_is_clean(run, 1000)


# --------------------------------------------------------------------------------------
# Batched == one by one, bit for bit.

MIXED = [
    RunSpec.make("sgd", {"lr": 0.002, "momentum": 0.9}),
    RunSpec.make("sgd", {"lr": 0.001, "momentum": 0.5, "nesterov": True}),
    RunSpec.make("sgd", {"lr": 0.0005, "momentum": 0.3, "dampening": 0.2, "weight_decay": 0.1}),
    RunSpec.make("sgd", {"lr": 0.001}, schedule="cosine", schedule_params={"t_max": 100}),
    RunSpec.make("ewma_momentum", {"lr": 0.002}),
    RunSpec.make("ewma_momentum", {"lr": 0.001, "bias_correction": True}, noise=0.5, seed=3),
    RunSpec.make("adagrad", {"lr": 0.1, "lr_decay": 0.01}),
    RunSpec.make("adagrad", {"lr": 0.3, "initial_accumulator_value": 0.1, "eps": 1e-6}),
    RunSpec.make("rmsprop", {"lr": 0.001, "centered": True, "momentum": 0.5}),
    RunSpec.make("rmsprop", {"lr": 0.003, "alpha": 0.9, "weight_decay": 0.01}, schedule="step"),
    RunSpec.make("adadelta", {}),
    RunSpec.make("adadelta", {"lr": 0.5, "rho": 0.95, "eps": 1e-4}),
    RunSpec.make("adam", {"lr": 0.05, "amsgrad": True}),
    RunSpec.make("adam", {"lr": 0.01, "eps": 1e-4, "bias_correction": False}, noise=0.2, seed=1),
    RunSpec.make("adam", {"lr": 0.02, "weight_decay": 0.1}, schedule="exponential", schedule_params={"k": 0.01}),
    RunSpec.make("adamw", {"lr": 0.01, "weight_decay": 0.1}),
    RunSpec.make("adamw", {"lr": 0.02, "amsgrad": True}),
    RunSpec.make("nadam", {"lr": 0.01}),
    RunSpec.make("nadam", {"lr": 0.02, "weight_decay": 0.01}, noise=0.1, seed=9),
    RunSpec.make("sgd", {"lr": 0.05}),  # diverges on the rosenbrock
]


def single(surface, spec, start, steps):
    return run_single(
        surface, spec.optimizer, start, steps, hparams=spec.hparams_dict, schedule=spec.schedule,
        schedule_params=spec.schedule_params_dict, noise=spec.noise, seed=spec.seed, record_state=True,
    )


def test_batched_simulate_equals_one_by_one_bit_for_bit():
    s = make_surface("rosenbrock")
    res = simulate(s, MIXED, (-1.0, 1.5), 300, record_state=True)
    assert len(res.runs) == len(MIXED)
    assert res.runs[-1].diverged_at is not None
    for spec, r in zip(MIXED, res.runs):
        assert r.spec == spec
        assert_same_run(r, single("rosenbrock", spec, (-1.0, 1.5), 300))


def test_batched_with_one_start_per_run():
    s = make_surface("himmelblau")
    specs = MIXED[:8]
    starts = np.array([[-4.0 + i, 3.0 - 0.7 * i] for i in range(len(specs))])
    res = simulate(s, specs, starts, 150, record_state=True)
    for spec, start, r in zip(specs, starts, res.runs):
        assert np.array_equal(r.path[0], start)
        assert_same_run(r, single("himmelblau", spec, start, 150))


def test_batched_equals_single_when_betas_differ_per_run():
    s = make_surface("rosenbrock")
    specs = [
        RunSpec.make("adam", {"lr": 0.02, "betas": (0.9, 0.999)}),
        RunSpec.make("adam", {"lr": 0.02, "betas": (0.8, 0.99)}),
        RunSpec.make("adam", {"lr": 0.02, "betas": (0.7, 0.9)}),
        RunSpec.make("nadam", {"lr": 0.02, "momentum_decay": 0.004}),
        RunSpec.make("nadam", {"lr": 0.02, "momentum_decay": 0.02}),
        RunSpec.make("nadam", {"lr": 0.02, "momentum_decay": 0.05}),
        RunSpec.make("ewma_momentum", {"lr": 0.001, "beta": 0.9, "bias_correction": True}),
        RunSpec.make("ewma_momentum", {"lr": 0.001, "beta": 0.7, "bias_correction": True}),
    ]
    res = simulate(s, specs, (-1.0, 1.5), 200)
    mismatched = [
        spec.hparams_dict for spec, r in zip(specs, res.runs)
        if not np.array_equal(r.path, run_single("rosenbrock", spec.optimizer, (-1.0, 1.5), 200,
                                                 hparams=spec.hparams_dict).path)
    ]
    assert mismatched == []


# --------------------------------------------------------------------------------------
# Sweeps.


def assert_cells_equal_single_runs(res, surface, optimizer, start, steps, fixed=None, **kw):
    for i, yv in enumerate(res.y.values()):
        for j, xv in enumerate(res.x.values()):
            hp = dict(fixed or {})
            hp[res.x.name] = float(xv)
            hp[res.y.name] = float(yv)
            one = run_single(surface, optimizer, start, steps, hparams=hp, **kw)
            where = f"cell ({i}, {j}) {hp}"
            assert res.final_loss[i, j] == one.metrics.final_loss, where
            assert res.diverged_at[i, j] == (one.diverged_at or 0), where
            stt = one.metrics.steps_to_tolerance
            assert res.steps_to_tolerance[i, j] == (-1 if stt is None else stt), where


def test_sweep_cells_equal_single_runs_log_by_linear():
    s = make_surface("ravine")
    x_axis = GridAxis("lr", 1e-3, 0.2, 12, log=True)
    y_axis = GridAxis("momentum", 0.0, 0.99, 9)
    res = sweep(s, "sgd", x_axis, y_axis, s.start, 300)
    assert res.final_loss.shape == res.steps_to_tolerance.shape == res.diverged_at.shape == (9, 12)
    assert (res.diverged_at > 0).any() and (res.diverged_at == 0).any()
    assert (res.steps_to_tolerance >= 0).any() and (res.steps_to_tolerance < 0).any()
    assert np.all(np.isfinite(res.final_loss))
    assert_cells_equal_single_runs(res, "ravine", "sgd", s.start, 300)


def test_sweep_with_noise_fixed_hparams_schedule_and_distance_tolerance():
    s = make_surface("himmelblau")
    x_axis = GridAxis("lr", 0.01, 0.2, 5)
    y_axis = GridAxis("weight_decay", 0.0, 0.01, 3)
    kw = dict(noise=0.2, seed=4, schedule="inverse_time", schedule_params={"k": 0.05}, tol=1e-2, tol_mode="distance")
    res = sweep(s, "adam", x_axis, y_axis, (-0.5, 0.5), 200, hparams={"amsgrad": True}, **kw)
    assert (res.steps_to_tolerance >= 0).any()
    assert_cells_equal_single_runs(res, "himmelblau", "adam", (-0.5, 0.5), 200, fixed={"amsgrad": True}, **kw)


def test_sweep_over_a_power_hyperparameter_equals_single_runs():
    s = make_surface("ravine")
    res = sweep(s, "nadam", GridAxis("lr", 1e-2, 1.0, 5, log=True), GridAxis("momentum_decay", 0.0, 0.05, 5),
                s.start, 300)
    assert_cells_equal_single_runs(res, "ravine", "nadam", s.start, 300)


def test_grid_axis_values():
    lin = GridAxis("momentum", 0.0, 0.9, 10).values()
    np.testing.assert_allclose(np.diff(lin), 0.1, rtol=1e-12)
    assert lin[0] == 0.0 and lin[-1] == 0.9
    log = GridAxis("lr", 1e-4, 1.0, 5, log=True).values()
    np.testing.assert_allclose(log, [1e-4, 1e-3, 1e-2, 1e-1, 1.0], rtol=1e-12)


def test_sweep_caps_and_bad_axes():
    s = make_surface("quadratic")
    ok = GridAxis("momentum", 0.0, 0.9, 3)
    with pytest.raises(ValueError, match=f"Invalid grid size for lr: {MAX_GRID + 1}"):
        sweep(s, "sgd", GridAxis("lr", 1e-3, 1, MAX_GRID + 1), ok, (1, 1), 10)
    with pytest.raises(ValueError, match="Invalid grid size for lr: 0"):
        sweep(s, "sgd", GridAxis("lr", 1e-3, 1, 0), ok, (1, 1), 10)
    with pytest.raises(ValueError, match="Too much work"):
        sweep(s, "sgd", GridAxis("lr", 1e-3, 1, 200), GridAxis("momentum", 0, 0.9, 200), (1, 1), 300)
    with pytest.raises(ValueError, match="Cannot sweep 'betas'"):
        sweep(s, "sgd", GridAxis("betas", 0.1, 0.9, 3), ok, (1, 1), 10)
    with pytest.raises(ValueError, match="Sweep axes must differ"):
        sweep(s, "sgd", ok, ok, (1, 1), 10)
    with pytest.raises(ValueError, match="Invalid log grid for lr"):
        sweep(s, "sgd", GridAxis("lr", 0.0, 1, 3, log=True), ok, (1, 1), 10)
    with pytest.raises(ValueError, match="Invalid learning rate: -1"):
        sweep(s, "sgd", GridAxis("lr", -1.0, 1, 3), ok, (1, 1), 10)


def test_sweep_over_beta1_beta2():
    s = make_surface("booth")
    res = sweep(s, "adam", GridAxis("beta1", 0.5, 0.9, 3), GridAxis("beta2", 0.9, 0.999, 2), s.start, 50,
                hparams={"lr": 0.5})
    assert res.final_loss.shape == (2, 3)
    for i, b2 in enumerate(res.y.values()):
        for j, b1 in enumerate(res.x.values()):
            one = run_single("booth", "adam", s.start, 50, hparams={"lr": 0.5, "betas": (float(b1), float(b2))})
            assert res.final_loss[i, j] == pytest.approx(one.metrics.final_loss, rel=1e-9, abs=1e-12)


# --------------------------------------------------------------------------------------
# Metrics, computed independently from the path.


def oscillation_index(path):
    """Σ w·max(0, −cos θ) / Σ w over consecutive steps, w = min of the two step lengths."""
    steps = np.diff(path, axis=0)
    num = den = 0.0
    for a, b in zip(steps[:-1], steps[1:]):
        na, nb = math.hypot(*a), math.hypot(*b)
        w = min(na, nb)
        if w > 0:
            num += w * max(0.0, -float((a / na) @ (b / nb)))
            den += w
    return num / den if den > 0 else None


def first_index(mask):
    hits = np.flatnonzero(mask)
    return int(hits[0]) if hits.size else None


METRIC_RUNS = [
    ("ravine", "sgd", {"lr": 0.095}),
    ("ravine", "sgd", {"lr": 0.01}),
    ("himmelblau", "adam", {"lr": 0.1}),
    ("rosenbrock", "nadam", {"lr": 0.02}),
    ("six_hump_camel", "rmsprop", {"lr": 0.01, "momentum": 0.5}),
    ("booth", "adagrad", {"lr": 1.0}),
]


@pytest.mark.parametrize(("surface", "optimizer", "hparams"), METRIC_RUNS)
@pytest.mark.parametrize("tol_mode", ["loss", "distance"])
def test_metrics_match_an_independent_computation(surface, optimizer, hparams, tol_mode):
    s = make_surface(surface)
    tol = 1e-4
    run = run_single(surface, optimizer, s.start, 400, hparams=hparams, tol=tol, tol_mode=tol_mode)
    m = run.metrics
    path = run.path
    assert m.path_length == pytest.approx(np.hypot(*np.diff(path, axis=0).T).sum(), rel=1e-12)
    assert m.final_loss == run.loss[-1]
    assert m.min_loss == run.loss.min()
    assert m.oscillation_index == pytest.approx(oscillation_index(path), rel=1e-9, abs=1e-15)
    minima = np.array([(p.x, p.y) for p in s.critical_points if "minimum" in p.kind])
    dist = np.min(np.hypot(path[:, None, 0] - minima[:, 0], path[:, None, 1] - minima[:, 1]), axis=1)
    assert m.final_distance == pytest.approx(dist[-1], rel=1e-12, abs=1e-15)
    if tol_mode == "loss":
        fmin = min(float(s.value(p.x, p.y)) for p in s.critical_points if p.kind == "global minimum")
        expected = first_index(run.loss - fmin <= tol)
    else:
        expected = first_index(dist <= tol)
    assert m.steps_to_tolerance == expected
    assert m.steps == 400


def test_steps_to_tolerance_is_reached_and_not_reached():
    reached = run_single("quadratic", "sgd", (1.0, 1.0), 100, hparams={"lr": 0.5})
    # f = ½(x² + y²) with x = y = 0.5^k: f_k = 0.25^k ≤ 1e-6 first at k = 10
    assert reached.metrics.steps_to_tolerance == 10
    assert run_single("quadratic", "sgd", (1.0, 1.0), 5, hparams={"lr": 0.5}).metrics.steps_to_tolerance is None
    assert run_single("quadratic", "sgd", (0.0, 0.0), 5).metrics.steps_to_tolerance == 0
    # distance mode: ‖x_k‖ = √2·0.5^k ≤ 1e-3 first at k = 11
    dist = run_single("quadratic", "sgd", (1.0, 1.0), 100, hparams={"lr": 0.5}, tol=1e-3, tol_mode="distance")
    assert dist.metrics.steps_to_tolerance == 11
    # a surface without a minimum: undefined
    saddle = run_single("saddle", "sgd", (1.0, 0.0), 100, hparams={"lr": 0.25})
    assert saddle.metrics.steps_to_tolerance is None


def test_oscillation_index_extremes():
    straight = run_single("quadratic", "sgd", (1.0, 2.0), 50, hparams={"lr": 0.1})
    assert straight.metrics.oscillation_index == 0.0
    back_and_forth = run_single("quadratic", "sgd", (1.0, 2.0), 50, hparams={"lr": 2.0})  # x_k = −x_{k−1}
    assert back_and_forth.metrics.oscillation_index == pytest.approx(1.0, abs=1e-12)
    assert back_and_forth.metrics.path_length == pytest.approx(50 * 2 * math.hypot(1, 2), rel=1e-12)
    one_step = run_single("quadratic", "sgd", (1.0, 2.0), 1, hparams={"lr": 0.1})
    assert one_step.metrics.oscillation_index is None


def test_oscillation_index_of_a_path_with_tiny_steps_is_a_number():
    run = run_single("quadratic", "sgd", (1e-200, 1e-200), 5, hparams={"lr": 0.5})  # a straight line
    assert run.metrics.oscillation_index == 0.0


def test_sgd_zigzags_more_near_2_over_kappa():
    kappa = 20.0
    ravine = {"kappa": kappa}
    near = run_single("ravine", "sgd", (-4.5, 1.5), 300, surface_params=ravine, hparams={"lr": 0.95 * 2 / kappa})
    small = run_single("ravine", "sgd", (-4.5, 1.5), 300, surface_params=ravine, hparams={"lr": 0.01})
    assert small.metrics.oscillation_index < 0.05
    assert near.metrics.oscillation_index > 0.3
    assert near.metrics.oscillation_index > small.metrics.oscillation_index + 0.25


# --------------------------------------------------------------------------------------
# Surfaces.

SURFACE_CASES = [(name, {}) for name in SURFACES] + [
    ("quadratic", {"a": 3, "b": 0.5}),
    ("ravine", {"kappa": 50, "angle_deg": 30}),
    ("ravine", {"kappa": 5.5, "angle_deg": -120}),
    ("rosenbrock", {"a": 2.0, "b": 10}),
    ("rastrigin", {"A": 3}),
]
SURFACE_IDS = [f"{n}-{p}" if p else n for n, p in SURFACE_CASES]


def fd_hessian(s, x, y, h=1e-5):
    H = np.empty((2, 2))
    for j, (dx, dy) in enumerate(((h, 0.0), (0.0, h))):
        gp = np.array(s.grad(np.float64(x + dx), np.float64(y + dy)))
        gm = np.array(s.grad(np.float64(x - dx), np.float64(y - dy)))
        H[:, j] = (gp - gm) / (2 * h)
    return 0.5 * (H + H.T)


@pytest.mark.parametrize(("name", "params"), SURFACE_CASES, ids=SURFACE_IDS)
def test_critical_points_have_zero_gradient_and_the_right_kind(name, params):
    s = make_surface(name, params)
    assert s.critical_points
    for p in s.critical_points:
        gx, gy = s.grad(np.float64(p.x), np.float64(p.y))
        assert math.hypot(gx, gy) < 1e-9, f"{p}"
        eig = np.linalg.eigvalsh(fd_hessian(s, p.x, p.y))
        if "minimum" in p.kind:
            assert np.all(eig > 0), f"{p}: {eig}"
        elif p.kind == "saddle":
            assert eig[0] < 0 < eig[1], f"{p}: {eig}"
        else:
            assert p.kind == "local maximum"
            assert np.all(eig < 0), f"{p}: {eig}"
    for p in s.global_minima:
        assert float(s.value(p.x, p.y)) == pytest.approx(s.min_value, abs=1e-12)


KNOWN_MINIMA = {
    "quadratic": [((0, 0), 0.0)],
    "ravine": [((0, 0), 0.0)],
    "rosenbrock": [((1, 1), 0.0)],
    "beale": [((3, 0.5), 0.0)],
    "himmelblau": [((3, 2), 0.0), ((-2.805118, 3.131312), 0.0), ((-3.779310, -3.283186), 0.0),
                   ((3.584428, -1.848126), 0.0)],
    "rastrigin": [((0, 0), 0.0)],
    "booth": [((1, 3), 0.0)],
    "six_hump_camel": [((0.0898, -0.7126), -1.0316284534898774), ((-0.0898, 0.7126), -1.0316284534898774)],
}


@pytest.mark.parametrize("name", list(KNOWN_MINIMA))
def test_listed_global_minima_and_values(name):
    s = make_surface(name)
    listed = sorted((p.x, p.y) for p in s.global_minima)
    known = sorted(xy for xy, _ in KNOWN_MINIMA[name])
    assert len(listed) == len(known)
    np.testing.assert_allclose(listed, known, atol=1e-4)
    for (x, y), value in KNOWN_MINIMA[name]:
        p = min(s.global_minima, key=lambda q, x=x, y=y: math.hypot(q.x - x, q.y - y))
        assert float(s.value(p.x, p.y)) == pytest.approx(value, abs=1e-12)
    assert s.min_value == pytest.approx(KNOWN_MINIMA[name][0][1], abs=1e-12)


def test_six_hump_camel_local_minima_values():
    s = make_surface("six_hump_camel")
    values = sorted(round(float(s.value(p.x, p.y)), 6) for p in s.critical_points if p.kind == "local minimum")
    assert values == [-0.215464, -0.215464, 2.104250, 2.104250]


def test_saddle_has_no_minimum():
    s = make_surface("saddle")
    assert s.min_value is None and not s.minima
    assert [p.kind for p in s.critical_points] == ["saddle"]


@pytest.mark.parametrize(("kappa", "angle"), [(20, 0), (50, 30), (3.5, -75), (1000, 200)])
def test_ravine_hessian_matches_finite_differences(kappa, angle):
    s = make_surface("ravine", {"kappa": kappa, "angle_deg": angle})
    rng = np.random.default_rng(0)
    for x, y in rng.uniform(-4, 4, (5, 2)):
        np.testing.assert_allclose(fd_hessian(s, x, y, h=1e-3), s.hessian, rtol=1e-7, atol=1e-7 * kappa)
    eig = np.linalg.eigvalsh(s.hessian)
    np.testing.assert_allclose(eig, sorted([1.0, kappa]), rtol=1e-12)


@pytest.mark.parametrize(("name", "params"), [("quadratic", {"a": 2, "b": 7}), ("booth", {}), ("saddle", {})])
def test_other_constant_hessians_match_finite_differences(name, params):
    s = make_surface(name, params)
    np.testing.assert_allclose(fd_hessian(s, 0.3, -1.7, h=1e-3), s.hessian, rtol=1e-7, atol=1e-7)


def test_non_quadratic_surfaces_have_no_constant_hessian():
    assert make_surface("rosenbrock").hessian is None
    assert make_surface("quadratic").is_quadratic


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("nope", {}, "Unknown surface: 'nope'"),
        ("quadratic", {"c": 1}, "Unknown parameter for surface quadratic: 'c'"),
        ("rastrigin", {"a": 5}, "Unknown parameter for surface rastrigin: 'a'"),  # 'A' is case-sensitive
        ("quadratic", {"a": "2"}, "Invalid surface parameter a: '2'"),
        ("quadratic", {"a": True}, "Invalid surface parameter a: True"),
        ("quadratic", {"a": None}, "Invalid surface parameter a: None"),
        ("quadratic", {"a": 0}, "Invalid surface parameter a: 0"),
        ("quadratic", {"b": -1.5}, "Invalid surface parameter b: -1.5"),
        ("quadratic", {"a": 1e5}, "Invalid surface parameter a: 100000"),
        ("quadratic", {"a": math.nan}, "Invalid surface parameter a: nan"),
        ("ravine", {"kappa": math.inf}, "Invalid surface parameter kappa: inf"),
        ("ravine", {"angle_deg": 400}, "Invalid surface parameter angle_deg: 400"),
        ("rosenbrock", {"b": 0}, "Invalid surface parameter b: 0"),
        ("rastrigin", {"A": 101}, "Invalid surface parameter A: 101"),
        ("beale", {"a": 1}, "Unknown parameter for surface beale: 'a'"),
    ],
)
def test_surface_parameter_validation(name, params, message):
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(")):
        make_surface(name, params)
    if name in SURFACES:
        with pytest.raises(ValueError):
            run_single(name, "sgd", (0.5, 0.5), 5, surface_params=params)


def test_int_surface_parameters_are_accepted_as_floats():
    as_int = make_surface("quadratic", {"a": 2, "b": np.int64(3)})
    as_float = make_surface("quadratic", {"a": 2.0, "b": 3.0})
    assert dict(as_int.params) == {"a": 2.0, "b": 3.0}
    assert all(type(v) is float for v in as_int.params.values())
    assert np.array_equal(as_int.value_and_grad(1.5, -0.5), as_float.value_and_grad(1.5, -0.5))
    assert make_surface("rastrigin", {"A": 3}).params["A"] == 3.0
    # the same run whichever way the parameter arrives
    a = run_single("rastrigin", "adam", (3.1, 2.2), 50, surface_params={"A": 3}, hparams={"lr": 0.1})
    b = run_single("rastrigin", "adam", (3.1, 2.2), 50, surface_params={"A": 3.0}, hparams={"lr": 0.1})
    assert_same_run(a, b)


def test_surface_defaults():
    assert make_surface("quadratic").params == {"a": 1.0, "b": 1.0}
    assert make_surface("rosenbrock").params == {"a": 1.0, "b": 100.0}
    assert make_surface("rastrigin").params == {"A": 10.0}
    assert make_surface("ravine").params["angle_deg"] == 0.0
    assert make_surface("ravine").params["kappa"] > 1


# --------------------------------------------------------------------------------------
# Engine arguments.


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"steps": 0}, "Invalid number of steps: 0"),
        ({"steps": 10_001}, "Invalid number of steps: 10001"),
        ({"steps": 2.5}, "Invalid number of steps: 2.5"),
        ({"steps": True}, "Invalid number of steps: True"),
        ({"start": (math.nan, 0.0)}, "Invalid start point"),
        ({"start": (1.0, 2.0, 3.0)}, "Invalid start point"),
        ({"start": (2e6, 0.0)}, "Invalid start point"),
        ({"noise": -0.1}, "Invalid noise value: -0.1"),
        ({"noise": math.inf}, "Invalid noise value: inf"),
        ({"noise": 0.1, "seed": -1}, "Invalid seed: -1"),
        ({"seed": 1.5}, "Invalid seed: 1.5"),
        ({"tol": 0.0}, "Invalid tolerance: 0"),
        ({"tol_mode": "grad"}, "Invalid tolerance mode: 'grad'"),
    ],
)
def test_engine_arguments_are_validated(kwargs, message):
    args = {"start": (1.0, 1.0), "steps": 10} | kwargs
    start, steps = args.pop("start"), args.pop("steps")
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        run_single("quadratic", "sgd", start, steps, **args)


def test_batch_size_limits():
    s = make_surface("quadratic")
    with pytest.raises(ValueError, match="Too many runs: 65"):
        simulate(s, [RunSpec.make("sgd")] * 65, (1.0, 1.0), 10)
    with pytest.raises(ValueError, match="Nothing to run"):
        simulate(s, [], (1.0, 1.0), 10)
    with pytest.raises(ValueError, match="Invalid start points"):
        simulate(s, [RunSpec.make("sgd")] * 3, [[1.0, 1.0], [2.0, 2.0]], 10)
