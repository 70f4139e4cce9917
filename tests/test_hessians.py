"""Exact Hessians: every built-in surface, the neuron's full-data loss and typed formulas (symbolic),
each against central finite differences of its own exact gradient."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from optim_viz.core import neuron
from optim_viz.core.curvature import MAXIMUM_LIKE, MINIMUM_LIKE, SADDLE, curvature_along, eigen, hessians_along
from optim_viz.core.expr import ParseError
from optim_viz.core.surfaces import SURFACES, make_custom_surface, make_surface
from optim_viz.core.symbolic import MAX_HESSIAN_OPERATIONS, X, Y, compile_formula

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def surface_params(draw, name: str) -> dict:
    """Random valid parameters (the neuron: either loss, a few data sets)."""
    out = {}
    for p in SURFACES[name].params:
        if draw(st.booleans()):
            continue
        if p.choices:
            out[p.name] = draw(st.sampled_from(p.choices))
        elif p.integer:
            out[p.name] = draw(st.integers(int(p.low), int(min(p.high, 60))))
        else:
            out[p.name] = draw(st.floats(p.low, p.high, exclude_min=not p.low_inclusive, allow_nan=False))
    if out.get("activation") == "relu":
        out["loss"] = "mse"  # the ReLU neuron has no cross-entropy
    return out


def fd_hessian(grad, x: float, y: float) -> tuple[np.ndarray, float]:
    """Central differences of the gradient, and the step used."""
    h = 1e-6 * max(1.0, abs(x), abs(y))
    cx = (np.array(grad(x + h, y), dtype=float) - np.array(grad(x - h, y), dtype=float)) / (2 * h)
    cy = (np.array(grad(x, y + h), dtype=float) - np.array(grad(x, y - h), dtype=float)) / (2 * h)
    return np.column_stack([cx, cy]), h


def assert_hessian_matches(surface, x: float, y: float) -> None:
    H = surface.hessian_at(x, y)
    assert H.shape == (2, 2) and H[0, 1] == H[1, 0]
    fd, h = fd_hessian(surface.grad, x, y)
    g = math.hypot(*surface.grad(x, y))
    # truncation O(h²·f''') plus cancellation O(ε·|∇f|/h), relative to the sizes involved
    tol = 1e-6 * (1.0 + np.abs(H).max()) + 1e-15 * g / h
    assert np.abs(fd - H).max() <= tol, (x, y, H, fd)


# --------------------------------------------------------------------------------------
# Hessians of the surfaces


@FAST
@given(data=st.data(), name=st.sampled_from(list(SURFACES)))
def test_every_surface_hessian_matches_finite_differences_of_its_gradient(data, name):
    s = make_surface(name, data.draw(surface_params(name)))
    x0, x1, y0, y1 = s.window
    x, y = data.draw(st.floats(x0, x1)), data.draw(st.floats(y0, y1))
    if name == "neuron" and s.params["activation"] == "relu":
        X, _ = neuron.make_data(s.params["n_points"], s.params["data_seed"], s.params["separation"])
        assume(np.abs(X @ [x, y]).min() > 1e-3)  # no kink between the finite-difference points
    assert_hessian_matches(s, x, y)


@FAST
@given(
    name=st.sampled_from(list(SURFACES)),
    shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4),
    data=st.data(),
)
def test_hessians_take_arrays_of_any_shape(name, shape, data):
    s = make_surface(name)
    x0, x1, y0, y1 = s.window
    x = data.draw(hnp.arrays(np.float64, shape, elements=st.floats(x0, x1)))
    y = data.draw(hnp.arrays(np.float64, shape, elements=st.floats(y0, y1)))
    H = s.hessian_at(x, y)
    assert H.shape == (*shape, 2, 2) and H.dtype == np.float64
    for idx in np.ndindex(*shape):
        np.testing.assert_allclose(H[idx], s.hessian_at(float(x[idx]), float(y[idx])), rtol=1e-13, atol=1e-300)


def test_constant_hessians_agree_with_the_quadratic_theory_input():
    for name in ("quadratic", "ravine", "saddle", "booth"):
        s = make_surface(name)
        assert s.is_quadratic
        H = s.hessian_at(np.array([-1.0, 0.3, 2.0]), 1.5)
        np.testing.assert_allclose(H, np.broadcast_to(s.hessian, (3, 2, 2)), rtol=1e-15)


def test_known_critical_points_are_classified_as_declared():
    expected = {"global minimum": MINIMUM_LIKE, "local minimum": MINIMUM_LIKE, "saddle": SADDLE,
                "local maximum": MAXIMUM_LIKE}
    checked = 0
    for name in SURFACES:
        s = make_surface(name)
        pts = s.critical_points
        if not pts:
            continue
        c = curvature_along(s, np.array([[p.x, p.y] for p in pts]))
        for p, kind in zip(pts, c.kind):
            assert kind == expected[p.kind], (name, p, kind)
            checked += 1
    assert checked >= 20


@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
@pytest.mark.parametrize("n_points, seed, separation", [(40, 0, 2.0), (7, 3, 0.5), (200, 11, 6.0)])
def test_neuron_hessian_matches_finite_differences(loss, n_points, seed, separation):
    X, labels = neuron.make_data(n_points, seed, separation)
    rng = np.random.default_rng(seed)
    for w1, w2 in rng.uniform(-6, 6, size=(25, 2)):
        hxx, hxy, hyy = neuron.hessian(w1, w2, X, labels, loss)
        H = np.array([[hxx, hxy], [hxy, hyy]])
        fd, _ = fd_hessian(lambda a, b: neuron.loss_and_grad(a, b, X, labels, loss)[1:], w1, w2)
        np.testing.assert_allclose(fd, H, rtol=1e-6, atol=1e-9)


def test_neuron_cross_entropy_is_convex_and_mse_is_not():
    s_ce = make_surface("neuron", {"loss": "cross_entropy"})
    s_mse = make_surface("neuron", {"loss": "mse"})
    W = np.stack(np.meshgrid(np.linspace(-6, 6, 41), np.linspace(-6, 6, 41)), axis=-1).reshape(-1, 2)
    assert np.all(eigen(hessians_along(s_ce, W))[0][:, 0] >= -1e-15)
    assert np.any(eigen(hessians_along(s_mse, W))[0][:, 0] < -1e-3)


# --------------------------------------------------------------------------------------
# Symbolic Hessians of typed formulas

FORMULAS = [
    "x**2 + 10*y**2",
    "(1 - x)**2 + 100*(y - x**2)**2",
    "sin(x)*cos(y)*exp(x*y/4)/(1 + x**2 + y**2)",
    "sqrt(1 + x**2 + 3*y**2)",
    "log(1 + exp(x - 2*y)) + tanh(x*y)",
    "arctan(x) * arcsin(y/4) + cosh(x/3) - sinh(y/5)",
    "abs(x - 1) * y**2 + abs(log(2 + x**2))",
    "2**x + e**(-y**2) + tan(x/3)",
    "x**-2 + (y + 4)**0.5",
]


@settings(max_examples=60, deadline=None)
@given(text=st.sampled_from(FORMULAS), x=st.floats(-2.5, 2.5), y=st.floats(-2.5, 2.5))
def test_symbolic_hessian_matches_finite_differences(text, x, y):
    s = make_custom_surface(text)
    f = float(s.value(x, y))
    if not math.isfinite(f) or abs(x - 1) < 1e-3 or abs(x) < 0.2:  # kinks, poles
        return
    assert_hessian_matches(s, x, y)


def test_symbolic_hessian_of_a_quadratic_is_its_constant_hessian():
    f = compile_formula("3*x**2 - 4*x*y + 0.5*y**2 + 7*x - 2")
    fxx, fxy, fyy = f.second_derivatives(np.zeros((2, 3)), 1.0)
    assert fxx.shape == (2, 3)
    np.testing.assert_array_equal([fxx[0, 0], fxy[0, 0], fyy[0, 0]], [6.0, -4.0, 1.0])
    assert f.quadratic.hessian == ((6.0, -4.0), (-4.0, 1.0))


def test_kinks_differentiate_to_zero_instead_of_a_delta():
    f = compile_formula("abs(x) + abs(log(x + 3))*y")
    exprs = f.hessian_expressions
    assert all(e.free_symbols <= {X, Y} and not e.has(sympy.DiracDelta, sympy.Derivative) for e in exprs)
    fxx, fxy, fyy = f.second_derivatives(np.array([0.5, -0.5]), np.array([2.0, 2.0]))
    np.testing.assert_allclose(fxy, np.sign(np.log([3.5, 2.5])) / np.array([3.5, 2.5]))


def test_hessian_is_compiled_on_first_use_and_bounded():
    f = compile_formula("exp(x)*y + x**2")
    assert f._hessian == {}  # nothing spent until someone asks
    assert f.hessian_operations > 0 and f._hessian
    product = "*".join(f"(x+{i}*y)" for i in range(1, 12))  # fine for the gradient, too much for the Hessian
    g = compile_formula(product)
    assert g.operations <= 300
    for _ in range(2):  # the refusal is remembered, and says why
        with pytest.raises(ParseError, match="too complex") as info:
            g.second_derivatives(1.0, 2.0)
        assert str(MAX_HESSIAN_OPERATIONS) in info.value.hint
    s = make_custom_surface(product)
    assert np.isfinite(s.value_and_grad(0.1, 0.2)[1])  # the surface still runs
    with pytest.raises(ValueError, match="too complex"):
        s.hessian_at(0.1, 0.2)


def test_surface_without_any_hessian_says_so():
    from dataclasses import replace

    s = make_surface("beale")
    bare = type(s)(replace(s.spec, second_derivatives=None), s.params)
    with pytest.raises(ValueError, match="has no Hessian"):
        bare.hessian_at(1.0, 1.0)


TYPED = {
    "rosenbrock": "(1 - x)**2 + 100*(y - x**2)**2",
    "beale": "(1.5 - x + x*y)**2 + (2.25 - x + x*y**2)**2 + (2.625 - x + x*y**3)**2",
    "himmelblau": "(x**2 + y - 11)**2 + (x + y**2 - 7)**2",
    "rastrigin": "20 + x**2 - 10*cos(2*pi*x) + y**2 - 10*cos(2*pi*y)",
    "six_hump_camel": "(4 - 2.1*x**2 + x**4/3)*x**2 + x*y + (-4 + 4*y**2)*y**2",
    "booth": "(x + 2*y - 7)**2 + (2*x + y - 5)**2",
    "bumpy": "x**2/20 + 0.1*(1 - cos(2*pi*x)) + y**2",
}


@pytest.mark.parametrize("name", sorted(TYPED))
def test_hand_written_hessians_equal_the_symbolic_hessian_of_the_same_formula(name):
    """Two independent derivations, by hand and by sympy, agree to round-off over the whole window."""
    s, typed = make_surface(name), make_custom_surface(TYPED[name])
    x0, x1, y0, y1 = s.window
    X, Y = np.meshgrid(np.linspace(x0, x1, 41), np.linspace(y0, y1, 41))
    H, Hs = s.hessian_at(X, Y), typed.hessian_at(X, Y)
    scale = np.maximum(1.0, np.abs(H).max(axis=(-2, -1)))[..., None, None]
    assert (np.abs(H - Hs) / scale).max() < 1e-12
