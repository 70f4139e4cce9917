"""Curvature along a path (eigen-analysis, kinds, drawing axes), step-size stability (quadratics
against the theory, the edge of stability on Rosenbrock) and Newton's reference path."""

from __future__ import annotations

import math

import numpy as np
import pytest

from optim_viz.core.curvature import (
    FLAT,
    MAXIMUM_LIKE,
    MINIMUM_LIKE,
    SADDLE,
    classify,
    condition_numbers,
    curvature_along,
    eigen,
    principal_axes,
    run_thresholds,
    sharpness,
    stability_thresholds,
)
from optim_viz.core.engine import run_single
from optim_viz.core.newton import newton_path
from optim_viz.core.surfaces import make_custom_surface, make_surface
from optim_viz.core.theory import quadratic_theory

# --------------------------------------------------------------------------------------
# Eigen-analysis along a path


def test_eigen_classify_and_condition_on_known_matrices():
    H = np.array([
        [[2.0, 0.0], [0.0, 8.0]],
        [[2.0, 0.0], [0.0, -2.0]],
        [[-1.0, 0.5], [0.5, -3.0]],
        [[0.0, 0.0], [0.0, 0.0]],
        [[0.0, 0.0], [0.0, 5.0]],
        [[np.nan, 0.0], [0.0, 1.0]],
    ])
    values, vectors = eigen(H)
    np.testing.assert_allclose(values[0], [2.0, 8.0])
    np.testing.assert_allclose(values[1], [-2.0, 2.0])
    for k in range(5):  # H v = λ v, unit vectors, first non-zero component positive
        for i in range(2):
            v = vectors[k, :, i]
            np.testing.assert_allclose(H[k] @ v, values[k, i] * v, atol=1e-12)
            assert abs(np.linalg.norm(v) - 1) < 1e-12 and (v[0] > 0 or (v[0] == 0 and v[1] > 0))
    assert list(classify(values)) == [MINIMUM_LIKE, SADDLE, MAXIMUM_LIKE, FLAT, MINIMUM_LIKE, FLAT]
    kappa = condition_numbers(values)
    np.testing.assert_allclose(kappa[:3], [4.0, 1.0, values[2, 0] / values[2, 1]])
    assert kappa[4] == np.inf and np.isnan(kappa[3]) and np.isnan(kappa[5])


def test_curvature_along_a_run_of_the_engine():
    s = make_surface("rosenbrock")
    run = run_single(s, "adam", s.start, 50, hparams={"lr": 0.05})
    c = curvature_along(s, run)  # a Trajectory works as well as its path
    assert c.hessians.shape == (51, 2, 2) and c.eigenvalues.shape == (51, 2) and c.kind.shape == (51,)
    assert np.all(c.eigenvalues[:, 0] <= c.eigenvalues[:, 1])
    np.testing.assert_allclose(c.sharpness, sharpness(s, run.path))
    np.testing.assert_allclose(c.hessians[7], s.hessian_at(*run.path[7]))
    with pytest.raises(ValueError, match="shape"):
        curvature_along(s, np.zeros((3, 3)))


@pytest.mark.parametrize("point", [(3.0, 2.0), (-0.2708445906673476, -0.9230385564799815),
                                   (0.08667750455539634, 2.884254701174776), (1.0, 1.0)])
def test_drawn_level_curves_lie_on_the_local_quadratic(point):
    s = make_surface("himmelblau")
    c = curvature_along(s, np.array([point]))
    axes = principal_axes(c, scale=0.3)
    lam = np.abs(c.eigenvalues[0])
    np.testing.assert_allclose(np.linalg.norm(axes.axes[0], axis=1), 0.3 / np.sqrt(lam))
    curve = axes.level_curve(0)
    d = curve[np.isfinite(curve[:, 0])] - point
    q = np.einsum("ni,ij,nj->n", d, c.hessians[0], d)
    if axes.saddle[0]:  # two hyperbolas: dᵀHd = ±s²
        np.testing.assert_allclose(np.abs(q), 0.09, rtol=1e-9)
        assert (q > 0).any() and (q < 0).any() and np.isnan(curve[:, 0]).sum() == 3
    else:  # one ellipse: |dᵀHd| = s²
        np.testing.assert_allclose(np.abs(q), 0.09, rtol=1e-9)


def test_axes_of_a_zero_eigenvalue_are_capped():
    s = make_custom_surface("x**2")
    axes = principal_axes(curvature_along(s, np.array([[0.0, 0.0]])), max_length=5.0)
    np.testing.assert_allclose(sorted(np.linalg.norm(axes.axes[0], axis=1)), [1 / math.sqrt(2), 5.0])
    assert axes.kind[0] == MINIMUM_LIKE and not axes.saddle[0]


# --------------------------------------------------------------------------------------
# Step-size stability


def test_sharpness_is_constant_on_a_quadratic_and_the_threshold_is_the_theorys():
    s = make_surface("ravine", {"kappa": 40, "angle_deg": 30})
    th = quadratic_theory(s, momentum=0.5)
    L = th.eigenvalues[1]
    run = run_single(s, "sgd", s.start, 30, hparams={"lr": 0.02})
    np.testing.assert_allclose(sharpness(s, run.path), L, rtol=1e-12)
    np.testing.assert_allclose(stability_thresholds([th.gd_stable_lr]), [L], rtol=1e-12)
    np.testing.assert_allclose(stability_thresholds([th.heavy_ball_stable_lr], 0.5), [L], rtol=1e-12)


@pytest.mark.parametrize("momentum, nesterov", [(0.0, False), (0.6, False), (0.6, True)])
def test_gd_diverges_just_above_the_threshold_and_converges_just_below(momentum, nesterov):
    s = make_surface("ravine", {"kappa": 25, "angle_deg": -20})
    L = quadratic_theory(s).eigenvalues[1]
    lr_edge = float(stability_thresholds([1.0], momentum, nesterov=nesterov)[0] / L)  # threshold = L
    if not nesterov:
        th = quadratic_theory(s, momentum=momentum)
        assert lr_edge == pytest.approx(th.heavy_ball_stable_lr if momentum else th.gd_stable_lr, rel=1e-12)
    hp = {"momentum": momentum, "nesterov": nesterov}
    above = run_single(s, "sgd", s.start, 3000, hparams={"lr": lr_edge * 1.01, **hp})
    below = run_single(s, "sgd", s.start, 3000, hparams={"lr": lr_edge * 0.99, **hp})
    assert above.diverged_at is not None
    assert below.diverged_at is None and np.linalg.norm(below.path[-1]) < 1e-6 * np.linalg.norm(below.path[0])
    assert np.all(run_thresholds(above) < L) and np.all(run_thresholds(below) > L)


def test_thresholds_follow_the_schedule_and_skip_adaptive_optimizers():
    s = make_surface("quadratic")
    run = run_single(s, "sgd", (1.0, 1.0), 10, hparams={"lr": 0.1, "momentum": 0.9, "dampening": 0.5},
                     schedule="step", schedule_params={"step_size": 5, "gamma": 0.5})
    np.testing.assert_allclose(run_thresholds(run), 2 * 1.9 / (0.5 * run.lr))
    assert run_thresholds(run)[-1] == 2 * run_thresholds(run)[0]
    assert run_thresholds(run_single(s, "adam", (1.0, 1.0), 5)) is None
    assert stability_thresholds([0.0, 0.5])[0] == np.inf
    with pytest.raises(ValueError, match="Nesterov"):
        stability_thresholds([0.1], 0.0, nesterov=True)
    with pytest.raises(ValueError, match="momentum"):
        stability_thresholds([0.1], 1.0)


@pytest.mark.parametrize("lr", [0.004, 0.005])
def test_edge_of_stability_on_rosenbrock(lr):
    """GD sharpens along Rosenbrock's valley until λ_max ≈ 2/η, then hovers there instead of
    converging: the minimum's λ_max ≈ 1001.6 is above 2/η, so it can never settle in it."""
    s = make_surface("rosenbrock")
    run = run_single(s, "sgd", (0.0, 0.0), 1000, hparams={"lr": lr})
    assert run.diverged_at is None
    ratio = sharpness(s, run.path) / (2.0 / lr)  # λ_max / (2/η)
    assert ratio[0] < 0.55  # starts well inside the stable region (λ_max = 200 at the origin)
    assert np.argmax(ratio >= 0.95) > 40  # and gets to the edge by sharpening, not at once
    late = ratio[500:]
    assert abs(late.mean() - 1.0) < 0.03
    assert np.mean(np.abs(late - 1.0) < 0.15) > 0.75
    assert sharpness(s, np.array([[1.0, 1.0]]))[0] > 2.0 / lr
    assert np.hypot(*(run.path[-1] - 1.0)) > 0.2 and run.loss[500:].min() > 0.01  # never settles


# --------------------------------------------------------------------------------------
# Newton's method


def test_newton_solves_a_quadratic_in_one_step_whatever_its_condition():
    s = make_surface("ravine", {"kappa": 1000, "angle_deg": 35})
    r = newton_path(s, s.start, 3)
    np.testing.assert_allclose(r.path[1], [0.0, 0.0], atol=1e-12)
    assert r.not_positive_definite == () and r.diverged_at is None and r.loss.shape == (4,)


def test_damped_newton_shrinks_the_error_by_one_minus_alpha():
    s = make_surface("booth")
    r = newton_path(s, s.start, 6, damping=0.25)
    d = np.linalg.norm(r.path - [1.0, 3.0], axis=1)
    np.testing.assert_allclose(d[1:] / d[:-1], 0.75, rtol=1e-9)


def test_newton_heads_for_stationary_points_that_are_not_minima_and_says_so():
    s = make_surface("himmelblau")
    r = newton_path(s, (-0.5, 0.5), 20)
    np.testing.assert_allclose(r.path[-1], [-0.2708445906673476, -0.9230385564799815], atol=1e-9)  # the maximum
    assert r.not_positive_definite == tuple(range(1, 21))
    assert {n.kind for n in r.notes} == {MAXIMUM_LIKE} and "uphill" in r.notes[0].message
    sad = newton_path(make_surface("saddle"), (1.0, -0.7), 2)
    np.testing.assert_allclose(sad.path[1], [0.0, 0.0], atol=1e-15)
    assert [n.kind for n in sad.notes] == [SADDLE, SADDLE]
    assert sad.notes[0].eigenvalues == (-2.0, 2.0)


def test_newton_on_a_singular_hessian_moves_only_along_the_curved_direction():
    r = newton_path(make_custom_surface("(x + y)**2"), (1.0, 2.0), 1)
    np.testing.assert_allclose(r.path[1], [-0.5, 0.5])
    assert [n.kind for n in r.notes] == ["singular"]


def test_newton_divergence_stops_the_path_like_the_engine():
    far = newton_path(make_custom_surface("sqrt(1 + x**2) + y**2"), (2.0, 1.0), 10)  # x ← −x³
    assert far.diverged_at == 3 and far.path.shape == (3, 2) and far.loss.shape == (3,)  # −512³ is past 1e6
    np.testing.assert_allclose(far.path[:, 0], [2.0, -8.0, 512.0])
    undefined = newton_path(make_custom_surface("x - log(x) + y**2"), (3.0, 0.0), 5)  # x ← 2x − x²: −3
    assert undefined.diverged_at == 1 and undefined.path.shape == (1, 2) and np.isfinite(undefined.loss).all()


@pytest.mark.parametrize("kwargs, message", [
    ({"damping": 0.0}, "damping"), ({"damping": 1.5}, "damping"), ({"damping": True}, "damping"),
    ({"steps": 0}, "steps"),
])
def test_newton_refuses_bad_settings(kwargs, message):
    args = {"steps": 5, **kwargs}
    steps = args.pop("steps")
    with pytest.raises(ValueError, match=message):
        newton_path(make_surface("quadratic"), (1.0, 1.0), steps, **args)
