"""Custom surfaces from typed formulas: the Surface, its theory and engine runs (CLI: test_cli_expr.py)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from optim_viz.core.engine import GridAxis, RunSpec, run_single, simulate, sweep
from optim_viz.core.expr import ParseError
from optim_viz.core.surfaces import CUSTOM, CUSTOM_WINDOW, make_custom_surface, make_surface
from optim_viz.core.theory import quadratic_theory

# --------------------------------------------------------------------------------------
# The Surface


def test_custom_quadratic_surface():
    s = make_custom_surface("(x+2*y-7)**2+(2*x+y-5)**2")
    assert s.name == CUSTOM and s.params == {}
    assert s.is_quadratic and np.allclose(s.hessian, [[10, 8], [8, 10]])
    assert [(p.x, p.y, p.kind) for p in s.critical_points] == [(1.0, 3.0, "global minimum")]
    assert s.min_value == 0.0
    assert s.window == CUSTOM_WINDOW and s.start == (-2.5, 2.0)
    assert s.log_levels
    assert s.spec.formula.startswith("f(x,y)=") and "x + 2 y - 7" in s.spec.formula
    assert "(x+2*y-7)**2" in s.description


@pytest.mark.parametrize(
    "text, kind",
    [("x**2 - y**2", "saddle"), ("1 - x**2 - 2*y**2", "local maximum"), ("x**2 + x*y + y**2", "global minimum")],
)
def test_critical_point_kind_of_a_quadratic(text, kind):
    (p,) = make_custom_surface(text).critical_points
    assert p.kind == kind and np.allclose((p.x, p.y), (0, 0))


@pytest.mark.parametrize("text", ["x + y", "(x - y)**2", "sin(x) + y**2", "log(1 + x**2 + y**2)"])
def test_no_known_critical_points(text):
    s = make_custom_surface(text)
    assert s.critical_points == () and s.min_value is None


def test_non_quadratic_surface_has_no_hessian():
    s = make_custom_surface("sin(x)*cos(y) + 0.1*(x^2+y^2)")
    assert not s.is_quadratic and s.hessian is None
    assert not s.log_levels


def test_window_parameter_and_start():
    s = make_custom_surface("x**2 + y**2", window=(-10, 10, -5, 5))
    assert s.window == (-10.0, 10.0, -5.0, 5.0)
    assert s.start == pytest.approx((-10 + 20 / 12, -5 + 10 * 5 / 6))


@pytest.mark.parametrize(
    "window", [(1, 0, 0, 1), (0, 1), (0, 1, 0, float("nan")), (0, 1e7, 0, 1), ("a", 1, 0, 1), (0, 1, 1, 1)]
)
def test_bad_window(window):
    with pytest.raises(ValueError, match="Invalid window"):
        make_custom_surface("x**2", window=window)


def test_start_moves_to_where_the_formula_is_defined():
    s = make_custom_surface("log(x) + y**2")  # undefined at the usual start (-2.5, 2)
    x, y = s.start
    assert x > 0 and np.isfinite(s.value(x, y))


def test_bad_formula_raises_parse_error_which_is_a_value_error():
    with pytest.raises(ParseError) as info:
        make_custom_surface("x**2 + foo(y)")
    assert isinstance(info.value, ValueError) and info.value.position == 7


def test_make_surface_points_to_make_custom_surface():
    with pytest.raises(ValueError, match="make_custom_surface"):
        make_surface("custom")


# --------------------------------------------------------------------------------------
# Theory: a typed quadratic gives the numbers of the built-in one


@pytest.mark.parametrize(
    "text, name, params",
    [
        ("0.5*(3*x**2 + 5*y**2)", "quadratic", {"a": 3, "b": 5}),
        ("0.5*(x^2 + 20*y^2)", "ravine", {"kappa": 20}),
        ("(x+2*y-7)**2+(2*x+y-5)**2", "booth", {}),
        ("x**2 - y**2", "saddle", {}),
    ],
)
@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_theory_of_a_custom_quadratic_equals_the_builtin(text, name, params, momentum):
    custom = quadratic_theory(make_custom_surface(text), momentum).to_dict()
    builtin = quadratic_theory(make_surface(name, params), momentum).to_dict()
    _assert_same_theory(custom, builtin)


def _assert_same_theory(custom: dict, builtin: dict) -> None:
    assert custom.keys() == builtin.keys()
    for key, value in builtin.items():
        if value is None or isinstance(value, (bool, dict)):
            assert custom[key] == value, key
        else:
            assert np.allclose(custom[key], value, rtol=1e-12, atol=1e-15), key


def test_theory_refuses_a_non_quadratic_formula():
    with pytest.raises(ValueError, match="not quadratic"):
        quadratic_theory(make_custom_surface("x**4 + y**2"))


# --------------------------------------------------------------------------------------
# Engine runs


def test_run_single_takes_a_surface_and_matches_the_builtin():
    custom = run_single(make_custom_surface("x**2 + 10*y**2"), "sgd", (-2.5, 2.0), 50, hparams={"lr": 0.05})
    builtin = run_single("quadratic", "sgd", (-2.5, 2.0), 50, surface_params={"a": 2, "b": 20}, hparams={"lr": 0.05})
    assert np.array_equal(custom.path, builtin.path)
    assert np.allclose(custom.loss, builtin.loss, rtol=1e-14)
    assert custom.metrics.steps_to_tolerance == builtin.metrics.steps_to_tolerance


def test_run_single_refuses_surface_params_with_a_surface():
    with pytest.raises(ValueError, match="surface_params"):
        run_single(make_custom_surface("x**2"), "sgd", (1, 1), 5, surface_params={"a": 1})


@pytest.mark.parametrize(
    "text, start, lr",
    [
        ("sqrt(x) + y**2", (1.0, 1.0), 5.0),  # steps to x < 0: NaN
        ("log(x) + y**2", (1.0, 1.0), 3.0),  # log of a negative number
        ("exp(x**2) + y**2", (2.0, 1.0), 1.0),  # overflow
        ("x**2 + 1/(x - 1)", (0.0, 0.0), 1.0),  # the first step lands on x = 1: division by zero
    ],
)
def test_evaluation_blowups_are_diverged_runs_without_warnings(text, start, lr):
    surface = make_custom_surface(text)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = simulate(surface, [RunSpec.make("sgd", {"lr": lr})], start, 200).runs[0]
    assert run.diverged_at is not None
    assert np.isfinite(run.path).all() and np.isfinite(run.loss).all()
    assert len(run.path) == run.diverged_at


def test_a_start_where_f_is_undefined_is_refused():
    surface = make_custom_surface("log(x) + y**2")
    with pytest.raises(ValueError, match=r"Invalid start point: \[-1, 1\] \(f is nan there\)"):
        simulate(surface, [RunSpec.make("sgd")], (-1.0, 1.0), 10)
    with pytest.raises(ValueError, match="f is nan there"):
        sweep(surface, "sgd", GridAxis("lr", 0.01, 0.1, 2), GridAxis("momentum", 0, 0.9, 2), (-1.0, 1.0), 10)


def test_sweep_on_a_custom_surface_matches_the_builtin():
    args = ("sgd", GridAxis("lr", 1e-3, 0.2, 6, log=True), GridAxis("momentum", 0, 0.9, 3), (-2.5, 2.0), 100)
    custom = sweep(make_custom_surface("x**2 + 10*y**2"), *args)
    builtin = sweep(make_surface("quadratic", {"a": 2, "b": 20}), *args)
    assert np.array_equal(custom.diverged_at, builtin.diverged_at)
    assert np.array_equal(custom.steps_to_tolerance, builtin.steps_to_tolerance)
    assert np.allclose(custom.final_loss, builtin.final_loss, rtol=1e-12)
