"""Lessons I without Streamlit: theory numbers by hand, rates measured on engine runs, the momentum
conventions, Nesterov's look-ahead, the hyperparameter map's layers and overlay, the race's lr
search, the figure builders and the ``theory`` CLI."""

from __future__ import annotations

import base64
import json
import math

import numpy as np
import plotly.graph_objects as go
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from optim_viz.cli import main as cli_main
from optim_viz.core import theory as T
from optim_viz.core.engine import GridAxis, RunSpec, simulate, sweep, sweepable
from optim_viz.core.surfaces import make_custom_surface, make_surface
from optim_viz.core.theory import gd_rate, heavy_ball_rate, measured_rate, quadratic_theory
from optim_viz.lessons import hyperparameter_map as HM
from optim_viz.lessons import momentum as MO
from optim_viz.lessons import race as RA
from optim_viz.lessons import results as RE
from optim_viz.render import contour as CV
from optim_viz.render import hyperparameter_map as HMV
from optim_viz.render import kit
from optim_viz.render import momentum as MOV
from optim_viz.render import race as RAV
from optim_viz.render.surface_image import surface_grid


def ravine(kappa=100.0, angle=0.0):
    return make_surface("ravine", {"kappa": kappa, "angle_deg": angle})


def run(surface, optimizer, steps=300, start=None, **hp):
    spec = RunSpec.make(optimizer, hp)
    return simulate(surface, [spec], surface.start if start is None else start, steps, record_state=True).runs[0]


# --------------------------------------------------------------------------------------
# Theory numbers, by hand


def test_ravine_kappa_100_by_hand():
    th = quadratic_theory(ravine(100.0, 30.0), momentum=0.9)
    assert th.eigenvalues == pytest.approx((1.0, 100.0))
    assert th.kappa == pytest.approx(100.0)
    assert th.gd_stable_lr == pytest.approx(0.02)
    assert th.heavy_ball_stable_lr == pytest.approx(0.038)
    assert th.gd_optimal_lr == pytest.approx(2 / 101)
    assert th.gd_optimal_rate == pytest.approx(99 / 101)
    # 4/(√100 + √1)² = 4/121, β = ((10 − 1)/(10 + 1))² = 81/121, rate 9/11
    assert th.heavy_ball_optimal_lr == pytest.approx(0.03306, abs=5e-6)
    assert th.heavy_ball_optimal_lr == pytest.approx(4 / 121)
    assert th.heavy_ball_optimal_momentum == pytest.approx(0.6694, abs=5e-5)
    assert th.heavy_ball_optimal_momentum == pytest.approx(81 / 121)
    assert th.heavy_ball_optimal_rate == pytest.approx(9 / 11)
    # the steep eigenvector is the ravine's cross direction, turned by the angle
    c, s = math.cos(math.radians(30)), math.sin(math.radians(30))
    assert abs(np.dot(th.eigenvectors[1], (-s, c))) == pytest.approx(1.0)


def test_booth_by_hand():
    """Hessian [[10, 8], [8, 10]]: eigenvalues 2 and 18 along (1, −1) and (1, 1); κ = 9."""
    th = quadratic_theory(make_surface("booth"))
    assert th.eigenvalues == pytest.approx((2.0, 18.0))
    r = 1 / math.sqrt(2)
    assert th.eigenvectors[0] == pytest.approx((r, -r))
    assert th.eigenvectors[1] == pytest.approx((r, r))
    assert th.gd_optimal_lr == pytest.approx(0.1)
    assert th.gd_optimal_rate == pytest.approx(0.8)
    assert th.heavy_ball_optimal_lr == pytest.approx(4 / (math.sqrt(18) + math.sqrt(2)) ** 2) == 0.125
    assert th.heavy_ball_optimal_momentum == pytest.approx(0.25)
    assert th.heavy_ball_optimal_rate == pytest.approx(0.5)


def test_custom_quadratic_by_hand():
    th = quadratic_theory(make_custom_surface("x**2 + 25*y**2"))
    assert th.eigenvalues == pytest.approx((2.0, 50.0))
    assert th.kappa == pytest.approx(25.0)
    assert th.heavy_ball_optimal_rate == pytest.approx(4 / 6)


def test_nesterov_bound_and_rate_by_hand():
    assert T.nesterov_stable_lr(100.0, 0.9) == pytest.approx(2 * 1.9 / (2.8 * 100))
    assert T.nesterov_stable_lr(100.0, 0.0) == pytest.approx(0.02)  # plain GD's 2/L
    th = quadratic_theory(ravine(100.0))
    # momentum 0: every method is GD
    for method in MO.MOMENTUM_METHODS:
        assert T.predicted_rate(method, th, 0.015, 0.0) == pytest.approx(gd_rate(th, 0.015))
    # at lr·L = 1 the steep direction's polynomial is z² = 0; the floor's is z² − (1+μ)(1−a)z + μ(1−a)
    a, mu = 0.01, 0.5
    roots = np.roots([1, -(1 + mu) * (1 - a), mu * (1 - a)])
    assert T.nesterov_rate(th, 0.01, mu) == pytest.approx(np.abs(roots).max())


def test_steep_and_flat_factors_and_steps_to_shrink():
    th = quadratic_theory(ravine(100.0))
    steep, flat = T.steep_and_flat_factors(th, 0.019)
    assert steep == pytest.approx(1 - 0.019 * 100) == pytest.approx(-0.9)
    assert flat == pytest.approx(0.981)
    assert T.steps_to_shrink(0.1, 1e-6) == pytest.approx(6.0)
    assert T.steps_to_shrink(1.0) is None and T.steps_to_shrink(None) is None


def test_sgd_lr_bound_formulas():
    L = 50.0
    assert T.sgd_lr_bound(L, 0.0) == pytest.approx(2 / L)
    assert T.sgd_lr_bound(L, 0.0, dampening=0.5) == pytest.approx(2 / L)  # torch ignores τ at μ = 0
    assert T.sgd_lr_bound(L, 0.9) == pytest.approx(3.8 / L)
    assert T.sgd_lr_bound(L, 0.9, dampening=0.5) == pytest.approx(7.6 / L)
    assert T.sgd_lr_bound(L, 0.9, weight_decay=10.0) == pytest.approx(3.8 / 60)
    assert T.sgd_lr_bound(L, 0.9, nesterov=True) == pytest.approx(T.nesterov_stable_lr(L, 0.9))
    assert T.sgd_lr_bound(L, 0.5, dampening=1.0) == math.inf
    assert T.sgd_lr_bound(-1.0, 0.5) == math.inf
    assert T.ewma_lr_bound(L, 0.9) == pytest.approx(3.8 / (0.1 * L))
    np.testing.assert_allclose(T.sgd_lr_bound(L, np.array([0.0, 0.5])), [2 / L, 3 / L])


# --------------------------------------------------------------------------------------
# Measured rates of engine runs against the predictions


@pytest.mark.parametrize("kappa, angle", [(10.0, 0.0), (100.0, 30.0), (400.0, -65.0)])
def test_measured_rates_at_the_optimal_settings(kappa, angle):
    s = ravine(kappa, angle)
    th = quadratic_theory(s)
    gd = run(s, "sgd", 2000, lr=th.gd_optimal_lr)
    assert measured_rate(RE.distances(s, gd.path)) == pytest.approx(th.gd_optimal_rate, abs=2e-3)
    hb = run(s, "sgd", 600, lr=th.heavy_ball_optimal_lr, momentum=th.heavy_ball_optimal_momentum)
    rate = measured_rate(RE.distances(s, hb.path))
    # a double root: d_k ~ k·ρᵏ, so the fit sits a little above ρ
    assert th.heavy_ball_optimal_rate - 1e-3 <= rate <= th.heavy_ball_optimal_rate + 0.02
    assert rate < th.gd_optimal_rate


@pytest.mark.parametrize(
    "method, lr, momentum",
    [("sgd", 0.019, 0.0), ("sgd", 0.005, 0.0), ("heavy_ball", 0.01, 0.9), ("heavy_ball", 0.03, 0.5),
     ("nesterov", 0.01, 0.9), ("nesterov", 0.005, 0.6)],
)  # fmt: skip
def test_measured_rate_matches_the_prediction_away_from_the_optimum(method, lr, momentum):
    s = ravine(100.0, 20.0)
    th = quadratic_theory(s)
    r = run(s, "sgd", 1500, lr=lr, momentum=momentum, nesterov=method == "nesterov")
    assert r.diverged_at is None
    assert measured_rate(RE.distances(s, r.path)) == pytest.approx(
        T.predicted_rate(method, th, lr, momentum), abs=6e-3
    )


@pytest.mark.parametrize("momentum", [0.3, 0.9])
def test_stability_bounds_separate_convergence_from_divergence(momentum):
    s = ravine(100.0, 10.0)
    L = 100.0
    for bound, hp in [
        (2 * (1 + momentum) / L, {"momentum": momentum}),
        (T.nesterov_stable_lr(L, momentum), {"momentum": momentum, "nesterov": True}),
        (T.sgd_lr_bound(L, momentum, weight_decay=5.0), {"momentum": momentum, "weight_decay": 5.0}),
    ]:
        assert run(s, "sgd", 3000, lr=0.97 * bound, **hp).diverged_at is None, hp
        assert run(s, "sgd", 3000, lr=1.03 * bound, **hp).diverged_at is not None, hp
    b = T.ewma_lr_bound(L, momentum)
    assert run(s, "ewma_momentum", 3000, lr=0.97 * b, beta=momentum).diverged_at is None
    assert run(s, "ewma_momentum", 3000, lr=1.03 * b, beta=momentum).diverged_at is not None


@settings(max_examples=25, deadline=None)
@given(kappa=st.floats(2.0, 300.0), angle=st.floats(-90.0, 90.0), frac=st.floats(0.1, 0.95))
def test_gd_rate_is_measured_for_any_stable_lr(kappa, angle, frac):
    s = ravine(kappa, angle)
    th = quadratic_theory(s)
    lr = frac * th.gd_stable_lr
    pred = gd_rate(th, lr)
    other = min(abs(1 - lr * lam) for lam in th.eigenvalues)
    assume(pred < 0.999 and other < 0.9 * pred)  # one direction dominates the tail
    r = run(s, "sgd", 1500, lr=lr)
    meas = measured_rate(RE.distances(s, r.path))
    assert meas == pytest.approx(pred, abs=5e-3)


# --------------------------------------------------------------------------------------
# The three momentum conventions


def test_cs231n_walks_torchs_path_with_velocity_minus_lr_buf():
    s = ravine(50.0, 25.0)
    lr, mu = 0.02, 0.85
    cs = MO.cs231n_momentum(s, s.start, 200, lr, mu)
    torch = run(s, "sgd", 200, lr=lr, momentum=mu)
    assert cs.diverged_at is None
    assert MO.max_gap(cs.path, torch.path) < 1e-12
    assert MO.coincide(cs.path, torch.path, 10.0)
    np.testing.assert_allclose(cs.velocity, -lr * torch.state["momentum_buffer"], atol=1e-13)
    # the rule verbatim for two steps
    x0 = np.array(s.start)
    g0 = np.array(s.grad(*x0))
    v1 = -lr * g0
    x1 = x0 + v1
    v2 = mu * v1 - lr * np.array(s.grad(*x1))
    np.testing.assert_allclose(cs.path[1:3], [x1, x1 + v2], atol=1e-15)


def test_cs231n_stops_where_the_engine_does():
    s = ravine(100.0)
    cs = MO.cs231n_momentum(s, s.start, 500, 0.05, 0.9)
    torch = run(s, "sgd", 500, lr=0.05, momentum=0.9)
    assert cs.diverged_at == torch.diverged_at is not None
    assert len(cs.path) == len(torch.path)


@pytest.mark.parametrize("beta", [0.5, 0.9, 0.99])
def test_ewma_with_rescaled_lr_walks_torchs_path(beta):
    s = ravine(30.0, -40.0)
    lr = 0.01
    torch = run(s, "sgd", 150, lr=lr, momentum=beta)
    rescaled = run(s, "ewma_momentum", 150, lr=MO.ewma_lr(lr, beta, True), beta=beta)
    same = run(s, "ewma_momentum", 150, lr=MO.ewma_lr(lr, beta, False), beta=beta)
    assert MO.coincide(rescaled.path, torch.path, 10.0)
    assert not MO.coincide(same.path, torch.path, 10.0)
    # the EWMA velocity is (1 − β)·buf; its first step is (1 − β) as long as torch's
    np.testing.assert_allclose(rescaled.state["velocity"], (1 - beta) * torch.state["momentum_buffer"], atol=1e-12)
    np.testing.assert_allclose(same.path[1] - same.path[0], (1 - beta) * (torch.path[1] - torch.path[0]), atol=1e-14)


def test_max_gap_of_paths_of_different_lengths_is_infinite():
    assert MO.max_gap(np.zeros((3, 2)), np.zeros((4, 2))) == math.inf
    assert MO.max_gap(np.zeros((3, 2)), np.ones((3, 2))) == pytest.approx(math.sqrt(2))


# --------------------------------------------------------------------------------------
# Nesterov's look-ahead


def test_lookahead_geometry_from_engine_state():
    s = ravine(100.0, 15.0)
    lr, mu = 0.008, 0.9
    r = run(s, "sgd", 40, lr=lr, momentum=mu, nesterov=True)
    buf = r.state["momentum_buffer"]
    for k in range(1, 41):
        la = MO.nesterov_lookahead(s, r, k)
        # torch's iterate is the look-ahead point; the classic point is x + η·μ·buf
        np.testing.assert_allclose(la.lookahead, r.path[k - 1], atol=1e-13)
        np.testing.assert_allclose(la.nesterov_end, r.path[k] + lr * mu * buf[k - 1], atol=1e-12)
        np.testing.assert_allclose(la.lookahead_gradient, s.grad(*la.lookahead), atol=1e-12)
        np.testing.assert_allclose(la.heavy_ball_gradient, s.grad(*la.position), atol=1e-12)
        np.testing.assert_allclose(la.momentum_jump, mu * la.velocity)
        np.testing.assert_allclose(la.nesterov_step, la.momentum_jump + la.correction)
        np.testing.assert_allclose(la.heavy_ball_step, la.momentum_jump - lr * la.heavy_ball_gradient)
    first = MO.nesterov_lookahead(s, r, 1)
    assert np.all(first.velocity == 0)
    np.testing.assert_allclose(first.nesterov_step, first.heavy_ball_step)


def test_lookahead_brakes_before_a_wall():
    """Defaults of the page: at update 2 the look-ahead gradient undoes the jump across the ravine,
    while the heavy ball's gradient (taken on the floor) does not."""
    s = ravine(100.0)
    r = run(s, "sgd", 10, lr=0.01, momentum=0.9, nesterov=True)
    la = MO.nesterov_lookahead(s, r, 2)
    assert abs(la.nesterov_step[1]) < 1e-9 < abs(la.heavy_ball_step[1])


def test_lookahead_refuses_what_it_cannot_draw():
    s = ravine()
    plain = run(s, "sgd", 5, lr=0.01, momentum=0.9)
    with pytest.raises(ValueError, match="nesterov=True"):
        MO.nesterov_lookahead(s, plain, 1)
    nest = run(s, "sgd", 5, lr=0.01, momentum=0.9, nesterov=True)
    with pytest.raises(ValueError, match="Invalid step: 6"):
        MO.nesterov_lookahead(s, nest, 6)
    no_state = simulate(s, [RunSpec.make("sgd", {"lr": 0.01, "momentum": 0.9, "nesterov": True})], s.start, 5)
    with pytest.raises(ValueError, match="record_state"):
        MO.nesterov_lookahead(s, no_state.runs[0], 1)


def test_momentum_specs_in_method_order():
    cfg = MO.MomentumConfig(momentum=0.0)
    specs = MO.momentum_specs(cfg)
    assert [s.hparams_dict.get("momentum", 0.0) for s in specs] == [0.0, 0.0, 0.0]
    assert specs[0].hparams_dict["lr"] == cfg.sgd_lr and specs[1].hparams_dict["lr"] == cfg.momentum_lr
    assert specs[2].hparams_dict["nesterov"] is False  # no Nesterov without momentum (torch refuses it)
    with_mu = MO.momentum_specs(MO.MomentumConfig(momentum=0.9))
    assert [s.hparams_dict.get("nesterov", False) for s in with_mu] == [False, False, True]


# --------------------------------------------------------------------------------------
# The hyperparameter map


def small_map(**kw) -> HM.MapConfig:
    base = dict(x=GridAxis("lr", 1e-3, 0.1, 30, True), y=GridAxis("momentum", 0.0, 0.95, 20), steps=300)
    return HM.MapConfig(**(base | kw))


def test_map_layers_mark_status_cells_and_leave_them_blank():
    cfg = small_map()
    s = make_surface(cfg.surface, dict(cfg.surface_params))
    res = HM.run_sweep(s, cfg)
    steps = HMV.map_layers(res, RE.STEPS_METRIC, s.min_value)
    assert steps.diverged.any() and steps.unreached.any() and np.isfinite(steps.value).any()
    assert not (steps.diverged & steps.unreached).any()
    assert np.all(np.isnan(steps.value[steps.diverged | steps.unreached]))
    np.testing.assert_array_equal(
        steps.value[np.isfinite(steps.value)], res.steps_to_tolerance[np.isfinite(steps.value)]
    )
    loss = HMV.map_layers(res, RE.LOSS_METRIC, s.min_value)
    assert loss.log_value and not loss.unreached.any()
    ok = ~loss.diverged
    np.testing.assert_allclose(loss.value[ok], np.log10(np.maximum(res.final_loss[ok], kit.LOG_FLOOR)))
    plain = HMV.map_layers(res, RE.LOSS_METRIC, None)
    assert not plain.log_value
    with pytest.raises(ValueError):
        HMV.map_layers(res, "speed", 0.0)


def test_map_boundary_follows_the_engines_divergence():
    """Across each momentum row, the first diverged lr is where the theory puts the boundary."""
    cfg = small_map(x=GridAxis("lr", 1e-3, 0.1, 60, True), steps=1500)
    s = make_surface(cfg.surface, dict(cfg.surface_params))
    res = HM.run_sweep(s, cfg)
    lrs = cfg.x.values()
    ratio = lrs[1] / lrs[0]
    for row, beta in enumerate(cfg.y.values()):
        bound = T.sgd_lr_bound(100.0, beta)
        diverged = res.diverged_at[row] > 0
        assert not diverged[lrs < bound / ratio].any(), beta
        assert diverged[lrs > bound * ratio].all(), beta


def test_map_overlay_curve_and_optimal_points():
    th = quadratic_theory(ravine(100.0))
    cfg = small_map()
    ov = HM.map_overlay(th, cfg)
    bx, by = ov.boundary
    np.testing.assert_allclose(bx, 2 * (1 + by) / 100.0)
    kinds = {k: (x, y) for k, x, y in ov.points}
    assert kinds["heavy_ball"] == pytest.approx((4 / 121, 81 / 121))
    assert kinds["gd"] == pytest.approx((2 / 101, 0.0))
    swapped = HM.map_overlay(th, small_map(x=cfg.y, y=cfg.x))
    np.testing.assert_allclose(swapped.boundary[0], by)
    for kind, x, y in swapped.points:
        assert (y, x) == pytest.approx(kinds[kind])
    nest = HM.map_overlay(th, small_map(hparams=(("nesterov", True),), y=GridAxis("momentum", 0.1, 0.9, 5)))
    np.testing.assert_allclose(nest.boundary[0], 2 * (1 + nest.boundary[1]) / ((1 + 2 * nest.boundary[1]) * 100))
    assert nest.points == ()
    ewma = HM.map_overlay(th, small_map(optimizer="ewma_momentum", y=GridAxis("beta", 0.0, 0.9, 5)))
    np.testing.assert_allclose(ewma.boundary[0], 2 * (1 + ewma.boundary[1]) / ((1 - ewma.boundary[1]) * 100))
    b = 81 / 121
    [(kind, x, y)] = ewma.points
    assert kind == "heavy_ball" and (x, y) == pytest.approx(((4 / 121) / (1 - b), b))
    # lr against weight decay: the boundary moves with L + λ
    wd = HM.map_overlay(th, small_map(y=GridAxis("weight_decay", 0.0, 50.0, 5)))
    np.testing.assert_allclose(wd.boundary[0], 2 / (100.0 + wd.boundary[1]))
    assert HM.map_overlay(None, cfg) == HM.MapOverlay(None, ())
    assert HM.map_overlay(th, small_map(optimizer="adam", y=GridAxis("beta1", 0, 0.9, 3))).boundary is None
    assert HM.map_overlay(
        th, small_map(x=GridAxis("momentum", 0, 0.9, 3), y=GridAxis("dampening", 0, 0.5, 3))
    ) == (HM.MapOverlay(None, ()))


def test_map_run_hparams_reassemble_betas():
    cfg = HM.MapConfig(optimizer="adam", hparams=(("eps", 1e-8),), x=GridAxis("lr", 1e-3, 1, 3, True),
                            y=GridAxis("beta2", 0.5, 0.999, 3))  # fmt: skip
    assert cfg.run_hparams(0.1, 0.9) == {"eps": 1e-8, "lr": 0.1, "betas": (0.9, 0.9)}


@pytest.mark.parametrize("optimizer", ["sgd", "ewma_momentum", "adagrad", "rmsprop", "adadelta", "adam", "nadam"])
def test_default_axes_and_ranges_sweep(optimizer):
    x, y = HM.default_axes(optimizer)
    assert x == "lr" and y in sweepable(optimizer) and y != "lr"
    axes = [GridAxis(n, *HM.axis_range(optimizer, n)[:2], 4, HM.axis_range(optimizer, n)[2]) for n in (x, y)]
    s = make_surface("rosenbrock")
    res = sweep(s, optimizer, axes[0], axes[1], s.start, 20)
    assert res.final_loss.shape == (4, 4)


def test_nearest_index():
    log = GridAxis("lr", 1e-3, 1.0, 4, True)
    assert HM.nearest_index(log, 0.011) == 1
    assert HM.nearest_index(log, 0.3) == 2  # by ratio: 3× from 0.1, 3.3× from 1
    assert HM.nearest_index(log, 0.5) == 3
    lin = GridAxis("momentum", 0.0, 0.9, 10)
    assert HM.nearest_index(lin, 0.44) == 4


# --------------------------------------------------------------------------------------
# The race


def test_pick_best_excludes_divergence():
    loss = np.array([0.5, 1e-9, 0.1, np.nan])
    stt = np.array([-1, 10, 5, -1])
    div = np.array([0, 7, 0, 3])
    assert RA.pick_best(loss, stt, div, RE.LOSS_METRIC) == 2
    assert RA.pick_best(loss, stt, div, RE.STEPS_METRIC) == 2
    assert RA.pick_best(loss, stt, np.ones(4, int), RE.LOSS_METRIC) is None
    # steps first, loss breaks ties; runs that never reach the tolerance come after
    assert (
        RA.pick_best(np.array([0.3, 0.2, 0.0]), np.array([8, 8, -1]), np.zeros(3, int), "steps_to_tolerance") == 1
    )
    with pytest.raises(ValueError):
        RA.pick_best(loss, stt, div, "luck")


@pytest.mark.parametrize("key", [k for k, r in RA.RACERS.items() if r.tuned])
def test_tune_lr_picks_the_best_non_diverged_lr(key):
    racer = RA.RACERS[key]
    s = make_surface("rosenbrock")
    start, steps = (-1.5, 2.5), 200
    grid = GridAxis("lr", 1e-4, 10.0, 15, True)
    tu = RA.tune_lr(s, racer, start, steps, RE.LOSS_METRIC, 1e-6, grid)
    # the same runs one by one
    specs = [RunSpec.make(racer.optimizer, dict(racer.hparams) | {"lr": lr}) for lr in grid.values()]
    runs = simulate(s, specs, start, steps).runs
    loss = np.array([r.metrics.final_loss for r in runs])
    div = np.array([r.diverged_at or 0 for r in runs])
    np.testing.assert_array_equal(tu.diverged_at, div)
    np.testing.assert_allclose(tu.final_loss, loss, rtol=1e-12, atol=1e-300)
    ok = div == 0
    assert tu.best_lr == pytest.approx(grid.values()[ok][np.argmin(loss[ok])])


def test_tuned_sgd_stays_below_the_stability_bound_on_the_ravine():
    s = ravine(100.0)
    tu = RA.tune_lr(s, RA.RACERS["sgd"], s.start, 300, RE.LOSS_METRIC, 1e-6)
    assert tu.best_lr < 0.02
    assert tu.best_lr > 0.01


def test_ranking_puts_diverged_runs_last():
    s = ravine(100.0)
    specs = [
        RunSpec.make("sgd", {"lr": 0.05}),  # diverges
        RunSpec.make("sgd", {"lr": 0.01}),
        RunSpec.make("sgd", {"lr": 4 / 121, "momentum": 81 / 121}),
        RunSpec.make("sgd", {"lr": 0.1}),  # diverges sooner
    ]
    result = simulate(s, specs, s.start, 200)
    assert RA.ranking(result, RE.LOSS_METRIC) == [2, 1, 0, 3]
    assert RA.ranking(result, RE.STEPS_METRIC)[:2] == [2, 1]


def test_race_defaults():
    assert "ewma_momentum" not in RA.DEFAULT_RACERS
    assert set(RA.RACE_SURFACES) == {"beale", "saddle", "rosenbrock", "rastrigin", "himmelblau", "ravine"}
    cfg = RA.RaceConfig()
    assert dict(cfg.surface_params) == dict(make_surface("rosenbrock").params)


# --------------------------------------------------------------------------------------
# Figures (validated by Plotly)


def validated(fig: go.Figure) -> dict:
    go.Figure(fig.to_dict())  # raises on any invalid property
    return json.loads(fig.to_json())


def test_with_eigenvectors_appends_two_lines_and_keeps_the_frames():
    s = ravine(100.0, 30.0)
    result = simulate(s, [RunSpec.make("sgd", {"lr": 0.01})], s.start, 30)
    base = CV.contour_figure(result, surface_grid(s), s.start)
    fig = MOV.with_eigenvectors(base, quadratic_theory(s), (0.0, 0.0), s.window)
    spec = validated(fig)
    assert len(spec["data"]) == len(base.to_dict()["data"]) + 2
    assert spec["data"][-1]["name"].startswith("steep direction")
    assert len(spec["frames"]) == len(base.to_dict()["frames"])
    x, y = spec["data"][-1]["x"], spec["data"][-1]["y"]
    c, sn = math.cos(math.radians(30)), math.sin(math.radians(30))
    assert abs((x[1] - x[0]) * c + (y[1] - y[0]) * sn) < 1e-9  # across the valley


def test_rate_figure_has_a_predicted_line_per_run():
    curves = [
        MOV.RateCurve("a", "#000000", "solid", np.geomspace(1, 1e-5, 50), 0.8),
        MOV.RateCurve("b", "#111111", "dash", np.geomspace(1, 1e-2, 50), None),
    ]
    spec = validated(MOV.rate_figure(curves))
    assert [d["name"] for d in spec["data"]] == ["a", "a: predicted ρ = 0.8000", "b"]
    assert spec["layout"]["yaxis"]["type"] == "log"


def test_lookahead_figure_and_paths_figure_validate():
    s = ravine(100.0)
    r = run(s, "sgd", 10, lr=0.01, momentum=0.9, nesterov=True)
    spec = validated(MOV.lookahead_figure(s, MO.nesterov_lookahead(s, r, 3)))
    assert len(spec["layout"]["annotations"]) == 5
    assert spec["layout"]["title"]["text"] == "Update 3: look before you leap"
    line = MOV.PathLine("p", r.path, "#000000")
    spec = validated(MOV.paths_figure(s, surface_grid(s), [line]))
    assert [d["name"] for d in spec["data"]] == ["p", "minimum"]


def test_map_figure_layers_and_click_grid():
    cfg = small_map(x=GridAxis("lr", 1e-3, 0.1, 12, True), y=GridAxis("momentum", 0.0, 0.9, 8))
    s = make_surface(cfg.surface, dict(cfg.surface_params))
    res = HM.run_sweep(s, cfg)
    layers = HMV.map_layers(res, cfg.metric, s.min_value)
    overlay = HM.map_overlay(quadratic_theory(s), cfg)
    labels = HMV.MapLabels("x", "y", "c", "div", "unr", "%{customdata[2]} steps", "d %{customdata[2]}", "b",
                                      {"heavy_ball": "hb", "gd": "gd"}, "sel")  # fmt: skip
    spec = validated(HMV.map_figure(cfg, layers, overlay, labels, selected=(0.01, 0.5)))
    names = [d.get("name") for d in spec["data"]]
    reached, diverged, never = (spec["data"][i] for i in HMV.CELL_INDICES)
    assert [reached["name"], diverged["name"], never["name"]] == ["cells"] * 3
    assert {reached["type"], diverged["type"], never["type"]} == {"scattergl"}  # 10⁴ SVG markers draw slowly
    sizes = [len(np.frombuffer(base64.b64decode(d["x"]["bdata"]), np.float32)) for d in (reached, diverged, never)]
    assert sizes == [int((~(layers.diverged | layers.unreached)).sum()), int(layers.diverged.sum()),
                     int(layers.unreached.sum())]  # fmt: skip
    assert sum(sizes) == 8 * 12
    assert diverged["hovertemplate"].endswith("d %{customdata[2]}<extra></extra>")
    assert diverged["customdata"]["shape"] == f"{sizes[1]},3"
    assert names[:3] == ["c", "div", "unr"]
    assert {"b", "hb", "gd", "sel"} <= set(names)
    assert spec["layout"]["xaxis"]["ticktext"] == ["0.001", "0.01", "0.1"]
    assert HMV.axis_value(cfg.x, float(HMV.axis_coord(cfg.x, 0.02))) == pytest.approx(0.02)


def test_tuning_figure_marks_the_pick():
    tu = RA.Tuning(np.array([0.1, 1.0, 10.0]), np.array([1.0, 0.01, 5.0]), np.array([-1, -1, -1]),
                        np.array([0, 0, 4]), 1.0)  # fmt: skip
    spec = validated(RAV.tuning_figure([RAV.TuningCurve("a", "#000000", tu)], 0.0))
    assert spec["data"][1]["x"] == [1.0]
    assert spec["layout"]["yaxis"]["type"] == "log"


# --------------------------------------------------------------------------------------
# CLI ``theory`` (section 4 of the issue)


def test_cli_theory_kappa_100(capsys):
    assert cli_main(["theory", "--surface", "ravine", "--surface-param", "kappa=100"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    data = json.loads(out, parse_constant=lambda c: pytest.fail(f"non-strict JSON {c}"))
    assert data["kappa"] == pytest.approx(100.0)
    assert data["eigenvalues"] == pytest.approx([1.0, 100.0])
    assert data["heavy_ball_optimal_lr"] == pytest.approx(0.03306, abs=5e-6)
    assert data["heavy_ball_optimal_momentum"] == pytest.approx(0.6694, abs=5e-5)
    assert data["heavy_ball_optimal_rate"] == pytest.approx(9 / 11)
    assert data["gd_optimal_lr"] == pytest.approx(2 / 101)
    assert data["gd_stable_lr"] == pytest.approx(0.02)


def test_cli_theory_non_quadratic_exits_2(capsys):
    assert cli_main(["theory", "--surface", "rosenbrock"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "not quadratic" in err and err.count("\n") == 1


def test_cli_theory_agrees_with_heavy_ball_rate(capsys):
    cli_main(["theory", "--surface", "booth"])
    data = json.loads(capsys.readouterr().out)
    th = quadratic_theory(make_surface("booth"))
    assert heavy_ball_rate(th, data["heavy_ball_optimal_lr"], data["heavy_ball_optimal_momentum"]) == pytest.approx(
        data["heavy_ball_optimal_rate"], abs=1e-6
    )
