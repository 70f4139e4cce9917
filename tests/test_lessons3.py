"""Lessons III without Streamlit: the bumpy valley, and every number the new pages' captions claim,
recomputed from the engine and the lessons."""

from __future__ import annotations

import math

import numpy as np
import pytest

from optim_viz.cli import main as cli_main
from optim_viz.core.engine import run_single
from optim_viz.core.surfaces import make_surface

# --------------------------------------------------------------------------------------
# The bumpy valley


def test_bumpy_valley_formula_gradient_and_minima():
    s = make_surface("bumpy", {"h": 0.1})
    x, y = np.array([-4.5, 0.25, 1.0]), np.array([1.0, -0.5, 0.0])
    f, gx, gy = s.value_and_grad(x, y)
    np.testing.assert_allclose(f, x**2 / 20 + 0.1 * (1 - np.cos(2 * np.pi * x)) + y**2, rtol=1e-15)
    np.testing.assert_allclose(gx, x / 10 + 0.1 * 2 * np.pi * np.sin(2 * np.pi * x), rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(gy, 2 * y)
    assert (s.global_minima[0].x, s.global_minima[0].y) == (0.0, 0.0) and s.min_value == 0.0
    locals_ = [p for p in s.critical_points if p.kind == "local minimum"]
    saddles = [p for p in s.critical_points if p.kind == "saddle"]
    assert len(locals_) == 10 and len(saddles) == 10  # a dip and a ridge per unit of x on each side
    for p in s.critical_points:
        assert np.hypot(*s.grad(p.x, p.y)) < 1e-12
    assert make_surface("bumpy", {"h": 0.0}).critical_points == (s.global_minima[0],)  # no bumps, no dips


def test_momentum_rolls_over_the_bumps_where_sgd_stalls():
    """The lesson of the bumpy valley, from its suggested start with η = 0.1 for 300 steps."""
    s = make_surface("bumpy")
    sgd = run_single(s, "sgd", s.start, 300, hparams={"lr": 0.1})
    heavy = run_single(s, "sgd", s.start, 300, hparams={"lr": 0.1, "momentum": 0.9})
    dip = [p for p in s.critical_points if p.kind == "local minimum" and -4.0 < p.x < -3.5][0]
    assert np.hypot(*(sgd.path[-1] - (dip.x, dip.y))) < 1e-9  # SGD settles in the first dip
    assert sgd.metrics.final_loss == pytest.approx(0.7795, abs=1e-4)
    assert heavy.metrics.final_loss < 1e-12 and heavy.metrics.steps_to_tolerance == 120
    slow = run_single(s, "sgd", s.start, 300, hparams={"lr": 0.01, "momentum": 0.9})  # the same top speed as SGD
    assert slow.path[-1][0] < -3.5  # momentum needs its speed: with η·(1 − μ) it stalls too


def test_the_command_line_knows_the_bumpy_valley(capsys):
    import json

    assert cli_main(["run", "--surface", "bumpy", "--surface-param", "h=0.2", "--optimizer", "sgd", "--hp",
                     "lr=0.05", "--steps", "20"]) == 0  # fmt: skip
    out = json.loads(capsys.readouterr().out)
    assert out["surface_params"] == {"h": 0.2} and len(out["path"]) == 21
    assert cli_main(["run", "--surface", "bumpy", "--surface-param", "h=2", "--optimizer", "sgd"]) == 2
    assert capsys.readouterr().err.strip() == "error: Invalid surface parameter h: 2 (must be in [0, 1])"
    assert cli_main(["surfaces"]) == 0
    listed = json.loads(capsys.readouterr().out)["surfaces"]
    assert math.isclose(listed["bumpy"]["params"]["h"]["default"], 0.1) and listed["bumpy"]["start"] == [-4.5, 1.0]


# --------------------------------------------------------------------------------------
# Adaptive step sizes

from optim_viz.lessons import adaptive as AD  # noqa: E402


def adaptive_result(angle: float = 0.0, **changes):
    cfg = AD.AdaptiveConfig(angle=angle, **changes)
    surface = make_surface("ravine", {"kappa": cfg.kappa, "angle_deg": angle})
    return cfg, AD.adaptive_simulation(surface, cfg).run()


@pytest.mark.parametrize("angle", [0.0, 30.0, 45.0])
def test_effective_step_sizes_reproduce_every_recorded_step(angle):
    """η_eff·(g or m) is the step torch took, for every method, update and coordinate."""
    _, result = adaptive_result(angle, steps=150)
    for run in result.runs:
        sizes = AD.step_sizes(run)
        taken = np.diff(run.path, axis=0)
        scale = np.abs(taken).max(axis=1, keepdims=True)
        assert np.all(np.abs(sizes.predicted_updates() - taken) <= 1e-12 * scale + 1e-300), run.spec.optimizer
        assert sizes.multiplies == ("m" if run.spec.optimizer == "adam" else "g")


def test_adam_effective_step_is_eta_over_root_v_hat_applied_to_m_hat():
    """PyTorch's factored form and the textbook m̂, v̂ form give the same step."""
    cfg, result = adaptive_result(steps=40)
    adam = result.runs[AD.METHODS.index("adam")]
    m, v = adam.state["exp_avg"], adam.state["exp_avg_sq"]
    t = np.arange(1, 41)[:, None]
    m_hat, v_hat = m / (1 - 0.9**t), v / (1 - 0.999**t)
    textbook = -0.1 * m_hat / (np.sqrt(v_hat) + 1e-8)
    np.testing.assert_allclose(AD.step_sizes(adam).predicted_updates(), textbook, rtol=1e-9)
    plain = AD.step_sizes(
        run_single("ravine", "adam", (-4.5, 1.5), 40, surface_params={"kappa": 50.0},
                   hparams={"lr": 0.1, "bias_correction": False}, record_state=True))  # fmt: skip
    np.testing.assert_allclose(plain.effective, 0.1 / (np.sqrt(plain.accumulators["exp_avg_sq"]) + 1e-8), rtol=1e-15)


def test_adagrad_steps_only_shrink_and_rmsprop_steps_do_not():
    _, result = adaptive_result()
    eff = {r.spec.optimizer: AD.step_sizes(r).effective for r in result.runs}
    assert np.all(np.diff(eff["adagrad"], axis=0) <= 0)  # its sum never decreases
    assert eff["adagrad"][-1, 0] == pytest.approx(0.0381, abs=5e-5) and eff["adagrad"][0, 0] == pytest.approx(1 / 9)
    assert np.any(np.diff(eff["rmsprop"], axis=0) > 0)  # the moving average forgets: steps grow back
    assert eff["rmsprop"][-1, 1] > eff["rmsprop"][0, 1]


def test_along_the_axes_the_adaptive_methods_ignore_the_steepness():
    paths = {}
    for kappa in (10.0, 200.0):
        _, result = adaptive_result(kappa=kappa, methods=AD.METHODS[1:])
        paths[kappa] = [r.path for r in result.runs]
    for a, b in zip(paths[10.0], paths[200.0]):
        assert np.abs(a - b).max() < 1e-7  # the same path: only ε sees κ


def test_turned_by_45_degrees_both_coordinates_get_about_the_same_step():
    """The claims of the rotation section and of the adaptive preset."""
    for angle, (lo, hi) in ((0.0, (7.5, 17.0)), (45.0, (0.8, 0.95))):
        _, result = adaptive_result(angle)
        for run in result.runs[1:]:
            eff = AD.step_sizes(run).effective
            ratio = eff[:, 0] / eff[:, 1]
            assert lo <= ratio.min() and ratio.max() <= hi, (angle, run.spec.optimizer, ratio.min(), ratio.max())
    c = AD.compare_rotation(AD.AdaptiveConfig())
    sgd = c.methods.index("sgd")
    assert c.aligned[sgd] == pytest.approx(c.rotated[sgd], rel=1e-12)  # SGD turns with the valley
    assert all(c.rotated[sgd] < r for m, r in zip(c.methods, c.rotated) if m != "sgd")
    assert all(r > 100 * a for m, a, r in zip(c.methods, c.aligned, c.rotated) if m in ("adagrad", "rmsprop", "adam"))


def test_bias_correction_factors_and_the_uncorrected_step_ratio():
    bf = AD.bias_factors(0.9, 0.999, 1000)
    assert (bf.first[0], bf.second[0]) == (pytest.approx(10.0), pytest.approx(1000.0))
    assert bf.ratio[0] == pytest.approx(0.1 / math.sqrt(0.001))  # 3.162
    assert bf.peak[0] == 12 and bf.peak[1] == pytest.approx(6.5685, abs=1e-4)
    assert bf.ratio[-1] == pytest.approx((1 - 0.9**1000) / math.sqrt(1 - 0.999**1000)) and 1.25 < bf.ratio[-1] < 1.26
    assert np.all(np.diff(bf.first) <= 0) and np.all(bf.first >= 1) and bf.first[100] == pytest.approx(1.0, abs=1e-4)


def test_adam_with_and_without_correction_from_the_first_step():
    cfg = AD.AdaptiveConfig()
    surface = make_surface("ravine", {"kappa": 50.0, "angle_deg": 0.0})
    corrected, plain = AD.bias_pair_simulation(surface, cfg, 30).run().runs
    first = [AD.step_lengths(r.path)[0] for r in (corrected, plain)]
    assert first[0] == pytest.approx(0.1 * math.sqrt(2), rel=1e-7)  # η in each coordinate
    assert first[1] / first[0] == pytest.approx(0.1 / math.sqrt(0.001), rel=1e-6)
    assert corrected.metrics.final_distance == pytest.approx(1.75, abs=0.005)
    assert plain.metrics.final_distance == pytest.approx(0.478, abs=0.0005)


def test_the_effective_step_size_refuses_settings_it_does_not_model():
    run = run_single("ravine", "rmsprop", (-4.5, 1.5), 5, hparams={"lr": 0.01, "momentum": 0.5}, record_state=True)
    with pytest.raises(ValueError, match="momentum=0.0"):
        AD.step_sizes(run)
    with pytest.raises(ValueError, match="record_state=True"):
        AD.step_sizes(run_single("ravine", "adagrad", (-4.5, 1.5), 5))


# --------------------------------------------------------------------------------------
# Gradient descent in one dimension

from optim_viz.core.expr import ParseError  # noqa: E402
from optim_viz.lessons import descent_1d as D1  # noqa: E402


def run_1d(expr="x**2", start=2.0, lrs=(0.05, 0.3, 1.05), steps=12):
    surface = D1.surface_1d(expr)
    cfg = D1.Descent1D(expr, start, lrs, steps)
    result = D1.descent_simulation(surface, cfg).run()
    return surface, [D1.iterates(surface, r.path, r.loss, lr, r.diverged_at) for r, lr in zip(result.runs, lrs)], result


@pytest.mark.parametrize("start,slope", [(2.0, 4.0), (-2.0, -4.0)])
def test_x_squared_from_plus_minus_two(start, slope):
    surface, runs, result = run_1d(start=start)
    for run, lr in zip(runs, (0.05, 0.3, 1.05)):
        assert run.slope[0] == slope  # f′(±2) = ±4
        assert run.steps[0] == pytest.approx(-lr * slope)
        np.testing.assert_allclose(run.x, start * (1 - 2 * lr) ** np.arange(13), rtol=1e-12)  # factor 1 − η·f″
        np.testing.assert_allclose(run.f, run.x**2, rtol=1e-12)
        np.testing.assert_allclose(run.slope, 2 * run.x, rtol=1e-12)
    assert all(np.all(r.path[:, 1] == 0.0) for r in result.runs)  # the runs never leave the x axis
    v = D1.quadratic_verdict(surface, (0.05, 0.3, 1.05, 0.5, 1.0))
    assert (v.curvature, v.one_step_lr, v.limit_lr) == (2.0, 0.5, 1.0)
    assert v.factors == pytest.approx((0.9, 0.4, -1.1, 0.0, -1.0))
    assert v.kinds == ("too small", "good", "too large", "one step", "bounces")
    assert abs(runs[2].x[-1]) == pytest.approx(2 * 1.1**12)  # every hop lands farther away


def test_one_dimensional_formulas_use_x_only():
    with pytest.raises(ParseError) as info:
        D1.surface_1d("x**2 + sin(3*y)")
    assert info.value.position == 13 and "x only" in str(info.value)  # the y in sin(3*y)
    with pytest.raises(ParseError):
        D1.surface_1d("x**")
    surface, runs, _ = run_1d("x**4 - 3*x**2 + x", start=-2.0, lrs=(0.01, 0.05, 0.12))
    assert D1.quadratic_verdict(surface, (0.1,)) is None
    assert runs[0].slope[0] == pytest.approx(4 * -8 - 6 * -2 + 1)  # f′(−2) = −19
    assert runs[2].x[-1] > 0 > runs[1].x[-1]  # η = 0.12 hops over the hump into the other dip


def test_each_panel_shows_its_own_run_and_leaves_out_a_far_divergence():
    _, runs, _ = run_1d(steps=30)
    lo, hi = D1.view_range(runs[1], 2.0)
    assert lo < -0.5 < 2.0 < hi and hi - lo < 4
    lo, hi = D1.view_range(runs[2], 2.0)
    assert hi < 10 and D1.left_view(runs[2], lo, hi) == 17  # |x₁₇| = 2·1.1¹⁷ = 10.1: beyond 4·|x₀| and its margin
    xs, fs = D1.curve(D1.surface_1d("log(x)"), -1.0, 1.0, 5)
    assert np.isnan(fs[:3]).all() and np.isfinite(fs[-1])


# --------------------------------------------------------------------------------------
# The ReLU neuron, the numerical gradient check, training in epochs

from hypothesis import assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from optim_viz.core import neuron as N  # noqa: E402
from optim_viz.lessons import epochs as EP  # noqa: E402
from optim_viz.lessons import gradient_check as GC  # noqa: E402
from optim_viz.lessons import neuron as LN  # noqa: E402


@settings(max_examples=80, deadline=None)
@given(n=st.integers(4, 60), seed=st.integers(0, 500), sep=st.floats(0.0, 6.0), w1=st.floats(-6, 6),
       w2=st.floats(-6, 6))  # fmt: skip
def test_relu_gradient_and_hessian_are_exact_away_from_the_kinks(n, seed, sep, w1, w2):
    X, y = N.make_data(n, seed, sep)
    assume(np.abs(X @ [w1, w2]).min() > 1e-3)
    s = make_surface("neuron", {"n_points": n, "data_seed": seed, "separation": sep, "activation": "relu"})
    f, g1, g2 = s.value_and_grad(w1, w2)
    z = X @ [w1, w2]
    assert float(f) == pytest.approx(np.mean((np.maximum(z, 0) - y) ** 2), rel=1e-12)
    h = 1e-6
    fd = [(float(s.value(w1 + h, w2)) - float(s.value(w1 - h, w2))) / (2 * h),
          (float(s.value(w1, w2 + h)) - float(s.value(w1, w2 - h))) / (2 * h)]  # fmt: skip
    assert np.allclose([g1, g2], fd, rtol=1e-6, atol=1e-9)
    active = z > 0
    H = 2 * (X[active].T @ X[active]) / n
    np.testing.assert_allclose(s.hessian_at(w1, w2), H, rtol=1e-12, atol=1e-15)


def test_a_dead_relu_neuron_does_not_move():
    """At w = 0 every z is 0, where relu′ is 0 (torch's convention): the gradient vanishes and SGD stays."""
    s = make_surface("neuron", {"activation": "relu"})
    _, y = N.make_data(40, 0, 2.0)
    _, g1, g2 = s.value_and_grad(0.0, 0.0)
    assert (float(g1), float(g2)) == (0.0, 0.0)
    run = run_single(s, "sgd", (0.0, 0.0), 50, hparams={"lr": 1.0, "momentum": 0.9})
    assert np.all(run.path == 0.0) and run.loss[-1] == pytest.approx(np.mean(y**2))
    moving = run_single(s, "sgd", (0.0, 0.25), 50, hparams={"lr": 1.0})
    assert np.hypot(*(moving.path[-1] - moving.path[0])) > 0.1  # a quarter step away it trains
    assert LN.active_points((0.0, 0.0), N.make_data(40, 0, 2.0)[0]) == 0


@pytest.mark.parametrize("n,seed,sep", [(40, 0, 2.0), (200, 3, 4.0), (10, 7, 0.5), (500, 1, 2.0)])
def test_the_relu_neurons_minimum_is_the_global_one(n, seed, sep):
    s = make_surface("neuron", {"n_points": n, "data_seed": seed, "separation": sep, "activation": "relu"})
    (m,) = s.critical_points
    assert np.hypot(*s.grad(m.x, m.y)) < 1e-12
    W1, W2 = np.meshgrid(np.linspace(-6, 6, 401), np.linspace(-6, 6, 401))
    assert s.min_value <= float(s.value(W1, W2).min()) + 1e-15


def test_relu_accuracy_and_boundary_sit_where_the_output_is_one_half():
    X = np.array([[1.0, 0.0], [0.4, 0.0], [-1.0, 0.0]])
    assert N.accuracy(np.array([1.0, 0.0]), X, np.array([1.0, 0.0, 0.0]), "relu") == 1.0  # z = 0.4 < ½: label 0
    assert N.accuracy(np.array([1.0, 0.0]), X, np.array([1.0, 0.0, 0.0]), "sigmoid") == pytest.approx(2 / 3)
    seg = LN.boundary_segment((1.0, 2.0), 4.0, 0.5)
    np.testing.assert_allclose(seg @ [1.0, 2.0], 0.5)
    assert np.allclose(np.max(np.abs(seg), axis=1), 4.0)
    assert LN.boundary_segment((0.01, 0.0), 4.0, 0.5) is None  # the line x₁ = 50 misses the square
    with pytest.raises(ValueError, match="loss=mse"):
        make_surface("neuron", {"activation": "relu", "loss": "cross_entropy"})


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_central_differences_agree_with_the_exact_gradient(activation):
    s = make_surface("neuron", {"activation": activation})
    check = GC.gradient_check(s, (-3.0, 3.0), 1e-5)
    assert check.relative_error < 1e-9
    np.testing.assert_allclose(check.difference, check.numeric - check.analytic)
    errors = GC.error_over_h(s, (-3.0, 3.0))
    best = int(np.argmin(errors))
    assert 0 < best < len(errors) - 1  # too large and too small h both do worse
    assert errors[-1] > 100 * errors[best]  # h = 1e-12: rounding
    assert errors[0] > 100 * errors[best]  # h = 0.1: truncation (sigmoid) or a kink within ±h (ReLU)


def default_epochs(**changes):
    args = dict(loss="mse", activation="sigmoid", points=40, data_seed=0, sep=2.0, start=(-3.0, 3.0), lr=2.0,
                momentum=0.0, batch=4, epochs=40, seed=0, validation=10, rules=EP.RULE_ORDER, step=(5, 0.5),
                plateau=EP.Plateau(factor=0.5, patience=2), monitor="val_loss")  # fmt: skip
    args.update(changes)
    return EP.epoch_lesson(**args)


def test_epochs_step_decay_and_plateau():
    lesson = default_epochs()
    runs = lesson.runs
    assert (lesson.n_train, lesson.n_val, lesson.batches_per_epoch) == (30, 10, 8)
    assert np.all(runs.lr[0] == 2.0)
    assert runs.lr[1].tolist() == [2.0 * 0.5 ** (e // 5) for e in range(40)]  # halve every 5 epochs
    cuts = lesson.reductions(2)
    assert cuts == [16, 19, 22, 25, 28, 31, 34, 37, 40]
    for e in cuts[:-1]:
        assert runs.lr[2, e] == runs.lr[2, e - 1] * 0.5  # the next epoch runs at half the rate
    tenth = default_epochs(step=(20, 0.1), rules=("step",))
    assert tenth.runs.lr[0, 19] == 2.0 and tenth.runs.lr[0, 20] == pytest.approx(0.2)  # ×0.1 every 20 epochs


def test_with_patience_zero_the_rule_cuts_almost_every_epoch():
    lesson = default_epochs(plateau=EP.Plateau(factor=0.5, patience=0), rules=("plateau",))
    cuts = lesson.reductions(0)
    after_first = 40 - cuts[0] + 1
    assert len(cuts) >= 0.8 * after_first and cuts[0] < 20


def test_the_plateau_rule_can_watch_the_validation_accuracy():
    lesson = default_epochs(monitor="val_accuracy", plateau=EP.Plateau(mode="max", factor=0.5, patience=2),
                            rules=("plateau",))  # fmt: skip
    acc = lesson.runs.val_accuracy[0]
    assert set(np.round(acc * 10)) <= set(range(11))  # 10 validation points
    assert lesson.reductions(0)  # the accuracy stops rising at some point


def test_a_relu_neuron_can_be_dead_over_a_whole_range_of_directions():
    X, _ = N.make_data(10, 240, 6.0)  # ten points that all fall on one side of a line through the origin
    assert not LN.surrounds_origin(X) and LN.surrounds_origin(N.make_data(40, 0, 2.0)[0])
    angles = np.sort(np.arctan2(X[:, 1], X[:, 0]))
    gaps = np.diff(np.concatenate([angles, [angles[0] + 2 * np.pi]]))
    middle = angles[int(np.argmax(gaps))] + gaps.max() / 2  # the direction away from every point
    w = 2.0 * np.array([np.cos(middle), np.sin(middle)])
    assert np.all(X @ w < 0)
    s = make_surface("neuron", {"n_points": 10, "data_seed": 240, "separation": 6.0, "activation": "relu"})
    run = run_single(s, "sgd", w, 30, hparams={"lr": 1.0})
    assert np.all(run.path == w)


# --------------------------------------------------------------------------------------
# Nesterov: the classic form and PyTorch's

from optim_viz.lessons import momentum as LM  # noqa: E402


@settings(max_examples=40, deadline=None)
@given(surface=st.sampled_from(["ravine", "quadratic", "booth", "bumpy", "rosenbrock"]),
       lr=st.floats(1e-4, 0.02), mu=st.floats(0.05, 0.99), steps=st.integers(1, 120))  # fmt: skip
def test_classic_nesterov_is_pytorchs_after_the_change_of_variable(surface, lr, mu, steps):
    s = make_surface(surface)
    classic = LM.classic_nesterov(s, s.start, steps, lr, mu)
    torch_run = run_single(s, "sgd", s.start, steps, hparams={"lr": lr, "momentum": mu, "nesterov": True})
    assume(classic.diverged_at is None and torch_run.diverged_at is None)
    scale = 1.0 + np.abs(torch_run.path).max()
    assert LM.max_gap(classic.lookahead, torch_run.path) <= 1e-9 * scale  # x = θ + μ·v
    buf = -classic.velocity / lr  # b = −v/η: PyTorch's momentum buffer
    recorded = run_single(s, "sgd", s.start, steps, hparams={"lr": lr, "momentum": mu, "nesterov": True},
                          record_state=True).state["momentum_buffer"]  # fmt: skip
    np.testing.assert_allclose(buf, recorded, rtol=1e-7, atol=1e-9 * (1 + np.abs(recorded).max()))


def test_without_the_change_of_variable_the_paths_differ():
    s = make_surface("ravine", {"kappa": 100.0, "angle_deg": 0.0})
    classic = LM.classic_nesterov(s, (-4.5, 1.5), 150, 0.01, 0.9)
    torch_run = run_single(s, "sgd", (-4.5, 1.5), 150, hparams={"lr": 0.01, "momentum": 0.9, "nesterov": True})
    assert LM.max_gap(classic.path, torch_run.path) == pytest.approx(1.35, abs=0.005)
    assert LM.max_gap(classic.lookahead, torch_run.path) < 1e-13
    assert np.allclose(classic.path[1:] - torch_run.path[1:], -0.9 * classic.velocity)  # θ runs μ·v behind


# --------------------------------------------------------------------------------------
# Links: any text decodes to a state the page can show

from optim_viz.state.presets import SCHEMAS  # noqa: E402

LESSONS3_SCHEMAS = ("adaptive", "descent_1d", "neuron", "ewma", "momentum")
SPECIAL = ["nan", "-1", "1e308", "0", "relu", "x*y", "1,,2", "cross_entropy", "max", "abs", "0.5", "999"]
LINK_TEXT = st.one_of(st.text(max_size=30), st.sampled_from(SPECIAL))


@settings(max_examples=60, deadline=None)
@given(page=st.sampled_from(LESSONS3_SCHEMAS), data=st.data())
def test_any_link_decodes_to_a_valid_state(page, data):
    schema = SCHEMAS[page]
    keys = data.draw(st.lists(st.sampled_from(schema.keys), max_size=6, unique=True))
    query = {k: data.draw(LINK_TEXT) for k in keys}
    state, notices = schema.decode(query)  # never raises
    assert schema.problems(state) == [], (query, notices)


def test_the_command_line_runs_the_relu_neuron_and_refuses_relu_with_cross_entropy(capsys):
    import json

    assert cli_main(["run", "--surface", "neuron", "--surface-param", "activation=relu", "--optimizer", "sgd",
                     "--hp", "lr=0.2", "--steps", "20"]) == 0  # fmt: skip
    out = json.loads(capsys.readouterr().out)
    assert out["surface_params"]["activation"] == "relu" and len(out["path"]) == 21
    assert cli_main(["run", "--surface", "neuron", "--surface-param", "activation=relu", "--surface-param",
                     "loss=cross_entropy", "--optimizer", "sgd"]) == 2  # fmt: skip
    err = capsys.readouterr().err
    assert err == "error: The ReLU neuron is trained with loss=mse: cross-entropy needs an output in (0, 1)\n"
