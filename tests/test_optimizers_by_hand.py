"""The first updates of every optimizer, derived by hand from torch.optim's formulas.

Everything runs on the quadratic f = ½(x² + 4y²) (a=1, b=4) from (1, 1), where ∇f = (x, 4y).
The quadratic is separable and every optimizer here acts coordinate by coordinate, so the
expected path is worked out one coordinate at a time with plain Python floats, never by
calling the engine's own update functions. The engine (``run_single``) must agree to about
1e-14 relative: the only differences allowed are the last-ulp ones of evaluating the same
formula in another order.

Then one test per detail of torch.optim that an independent implementation easily gets
wrong, each built so that the plausible wrong version fails; the three momentum
conventions of the course notes; validation in torch's words; torch's defaults.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from optim_viz.core.engine import run_single
from optim_viz.core.optimizers import OPTIMIZERS, get_optimizer

A, B = 1.0, 4.0  # curvatures of the test quadratic: ∇f = (A·x, B·y)
START = (1.0, 1.0)
RTOL = 1e-14


def engine_path(optimizer: str, steps: int = 3, start=START, record_state: bool = False, **hparams):
    run = run_single(
        "quadratic",
        optimizer,
        start,
        steps,
        surface_params={"a": A, "b": B},
        hparams=hparams,
        record_state=record_state,
    )
    assert run.diverged_at is None
    return run if record_state else run.path


def by_hand(rule, steps: int = 3, start=START) -> np.ndarray:
    """Iterate a one-coordinate rule ``x = rule(x, g, t, state)`` on each coordinate.

    ``t`` counts updates from 1, as torch's ``state["step"]``; ``state`` is a plain dict the
    rule keeps its buffers in (one dict per coordinate).
    """
    columns = []
    for x, curvature in zip(start, (A, B)):
        state: dict[str, float] = {}
        column = [x]
        for t in range(1, steps + 1):
            x = rule(x, curvature * x, t, state)
            column.append(x)
        columns.append(column)
    return np.array(columns).T


def assert_same(actual, expected, rtol=RTOL):
    np.testing.assert_allclose(np.asarray(actual), np.asarray(expected), rtol=rtol, atol=0)


# --------------------------------------------------------------------------------------
# The update rules, as the torch docs write them (one coordinate, plain floats).


def sgd_rule(lr, momentum=0.0, dampening=0.0, nesterov=False, weight_decay=0.0):
    def rule(x, g, t, s):
        g = g + weight_decay * x  # L2 term first
        if momentum != 0.0:
            # torch: the first buffer is a clone of g, without the (1 − dampening) factor
            s["buf"] = g if t == 1 else momentum * s["buf"] + (1.0 - dampening) * g
            g = g + momentum * s["buf"] if nesterov else s["buf"]
        return x - lr * g

    return rule


def ewma_rule(lr, beta=0.9, bias_correction=False, first_buffer_is_gradient=False):
    def rule(x, g, t, s):
        if first_buffer_is_gradient and t == 1:
            s["v"] = g  # what torch's SGD(momentum=β, dampening=β) does at t = 1
        else:
            s["v"] = beta * s.get("v", 0.0) + (1.0 - beta) * g  # v₀ = 0
        v_hat = s["v"] / (1.0 - beta**t) if bias_correction else s["v"]
        return x - lr * v_hat

    return rule


def adagrad_rule(lr, lr_decay=0.0, eps=1e-10, initial_accumulator_value=0.0, weight_decay=0.0):
    def rule(x, g, t, s):
        g = g + weight_decay * x
        clr = lr / (1.0 + (t - 1) * lr_decay)
        s["sum"] = s.get("sum", initial_accumulator_value) + g * g
        return x - clr * g / (math.sqrt(s["sum"]) + eps)

    return rule


def rmsprop_rule(lr, alpha=0.99, eps=1e-8, momentum=0.0, centered=False, weight_decay=0.0):
    def rule(x, g, t, s):
        g = g + weight_decay * x
        s["v"] = alpha * s.get("v", 0.0) + (1.0 - alpha) * g * g
        if centered:
            s["g_avg"] = alpha * s.get("g_avg", 0.0) + (1.0 - alpha) * g
            denom = math.sqrt(s["v"] - s["g_avg"] ** 2) + eps
        else:
            denom = math.sqrt(s["v"]) + eps
        if momentum > 0.0:
            s["buf"] = momentum * s.get("buf", 0.0) + g / denom
            return x - lr * s["buf"]
        return x - lr * g / denom

    return rule


def adadelta_rule(lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0):
    def rule(x, g, t, s):
        g = g + weight_decay * x
        s["v"] = rho * s.get("v", 0.0) + (1.0 - rho) * g * g
        delta = math.sqrt(s.get("u", 0.0) + eps) / math.sqrt(s["v"] + eps) * g
        s["u"] = rho * s.get("u", 0.0) + (1.0 - rho) * delta * delta
        return x - lr * delta

    return rule


def adam_rule(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False,
              bias_correction=True, decoupled=False):
    b1, b2 = betas

    def rule(x, g, t, s):
        if decoupled:
            x = x * (1.0 - lr * weight_decay)  # AdamW: shrink x first, g untouched
        else:
            g = g + weight_decay * x
        s["m"] = b1 * s.get("m", 0.0) + (1.0 - b1) * g
        s["v"] = b2 * s.get("v", 0.0) + (1.0 - b2) * g * g
        s["v_max"] = max(s.get("v_max", 0.0), s["v"])  # max of the raw v
        v = s["v_max"] if amsgrad else s["v"]
        if not bias_correction:
            return x - lr * s["m"] / (math.sqrt(v) + eps)
        return x - lr / (1.0 - b1**t) * s["m"] / (math.sqrt(v) / math.sqrt(1.0 - b2**t) + eps)

    return rule


def nadam_rule(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, momentum_decay=4e-3, weight_decay=0.0):
    b1, b2 = betas

    def mu(t):
        return b1 * (1.0 - 0.5 * 0.96 ** (t * momentum_decay))

    def rule(x, g, t, s):
        g = g + weight_decay * x
        s["mu_product"] = s.get("mu_product", 1.0) * mu(t)
        s["m"] = b1 * s.get("m", 0.0) + (1.0 - b1) * g
        s["v"] = b2 * s.get("v", 0.0) + (1.0 - b2) * g * g
        denom = math.sqrt(s["v"] / (1.0 - b2**t)) + eps
        prod, mu_t, mu_next = s["mu_product"], mu(t), mu(t + 1)
        return x - lr * (1.0 - mu_t) / (1.0 - prod) * g / denom - lr * mu_next / (1.0 - prod * mu_next) * s["m"] / denom

    return rule


# --------------------------------------------------------------------------------------
# Every optimizer, first three steps.

HAND_CASES = [
    ("sgd", {"lr": 0.1}, sgd_rule(0.1)),
    ("sgd", {"lr": 0.05, "momentum": 0.9}, sgd_rule(0.05, momentum=0.9)),
    ("sgd", {"lr": 0.05, "momentum": 0.8, "dampening": 0.3}, sgd_rule(0.05, momentum=0.8, dampening=0.3)),
    ("sgd", {"lr": 0.05, "momentum": 0.9, "nesterov": True}, sgd_rule(0.05, momentum=0.9, nesterov=True)),
    ("sgd", {"lr": 0.05, "momentum": 0.5, "weight_decay": 0.2}, sgd_rule(0.05, momentum=0.5, weight_decay=0.2)),
    ("ewma_momentum", {"lr": 0.1}, ewma_rule(0.1)),
    ("ewma_momentum", {"lr": 0.1, "beta": 0.8, "bias_correction": True}, ewma_rule(0.1, 0.8, bias_correction=True)),
    ("adagrad", {}, adagrad_rule(1e-2)),
    ("adagrad", {"lr": 0.1, "lr_decay": 0.5, "initial_accumulator_value": 0.3, "weight_decay": 0.1},
     adagrad_rule(0.1, lr_decay=0.5, initial_accumulator_value=0.3, weight_decay=0.1)),
    ("rmsprop", {}, rmsprop_rule(1e-2)),
    ("rmsprop", {"lr": 0.01, "alpha": 0.9, "momentum": 0.5}, rmsprop_rule(0.01, alpha=0.9, momentum=0.5)),
    ("rmsprop", {"lr": 0.01, "centered": True, "momentum": 0.7, "weight_decay": 0.1},
     rmsprop_rule(0.01, centered=True, momentum=0.7, weight_decay=0.1)),
    ("adadelta", {}, adadelta_rule()),
    ("adadelta", {"lr": 0.5, "rho": 0.8, "eps": 1e-3, "weight_decay": 0.1},
     adadelta_rule(0.5, rho=0.8, eps=1e-3, weight_decay=0.1)),
    ("adam", {}, adam_rule()),
    ("adam", {"lr": 0.1, "betas": (0.8, 0.99), "eps": 1e-3, "weight_decay": 0.1},
     adam_rule(0.1, (0.8, 0.99), eps=1e-3, weight_decay=0.1)),
    ("adam", {"lr": 0.1, "bias_correction": False}, adam_rule(0.1, bias_correction=False)),
    ("adam", {"lr": 0.1, "amsgrad": True}, adam_rule(0.1, amsgrad=True)),
    ("adamw", {}, adam_rule(decoupled=True, weight_decay=1e-2)),
    ("adamw", {"lr": 0.1, "weight_decay": 0.5}, adam_rule(0.1, decoupled=True, weight_decay=0.5)),
    ("nadam", {}, nadam_rule()),
    ("nadam", {"lr": 0.1, "betas": (0.8, 0.9), "momentum_decay": 0.05, "weight_decay": 0.1},
     nadam_rule(0.1, (0.8, 0.9), momentum_decay=0.05, weight_decay=0.1)),
]


@pytest.mark.parametrize(
    ("optimizer", "hparams", "rule"),
    HAND_CASES,
    ids=[f"{o}-{'-'.join(f'{k}={v}' for k, v in h.items()) or 'defaults'}" for o, h, _ in HAND_CASES],
)
def test_first_steps_match_the_formulas(optimizer, hparams, rule):
    assert_same(engine_path(optimizer, **hparams), by_hand(rule))


def test_every_optimizer_has_a_hand_case():
    assert {o for o, _, _ in HAND_CASES} == set(OPTIMIZERS)


def test_sgd_first_step_written_out():
    # x₁ = (1 − 0.1·1, 1 − 0.1·4) = (0.9, 0.6); x₂ = (0.81, 0.36)
    assert_same(engine_path("sgd", steps=2, lr=0.1), [[1.0, 1.0], [0.9, 0.6], [0.81, 0.36]])


# --------------------------------------------------------------------------------------
# One test per easy-to-get-wrong torch detail.


def test_sgd_first_momentum_buffer_is_the_gradient_without_dampening():
    lr, mu, tau = 0.05, 0.9, 0.5
    path = engine_path("sgd", steps=2, lr=lr, momentum=mu, dampening=tau)
    g1 = np.array([A * 1.0, B * 1.0])
    # buf₁ = g₁ (torch clones the gradient), not (1 − τ)·g₁
    assert_same(path[1], np.array(START) - lr * g1)
    assert not np.allclose(path[1], np.array(START) - lr * (1 - tau) * g1)
    # buf₂ = μ·buf₁ + (1 − τ)·g₂
    g2 = np.array([A, B]) * path[1]
    assert_same(path[2], path[1] - lr * (mu * g1 + (1 - tau) * g2))


def test_nesterov_uses_the_updated_buffer():
    lr, mu = 0.05, 0.9
    path = engine_path("sgd", steps=2, lr=lr, momentum=mu, nesterov=True)
    g1 = np.array([A, B]) * START
    # t = 1: buf₁ = g₁, d = g₁ + μ·buf₁ = (1 + μ)·g₁
    assert_same(path[1], np.array(START) - lr * (1 + mu) * g1)
    # t = 2: buf₂ = μ·g₁ + g₂, d = g₂ + μ·buf₂ (not g₂ + μ·buf₁)
    g2 = np.array([A, B]) * path[1]
    buf2 = mu * g1 + g2
    assert_same(path[2], path[1] - lr * (g2 + mu * buf2))
    assert not np.allclose(path[2], path[1] - lr * (g2 + mu * g1))


def test_weight_decay_is_added_to_the_gradient_before_momentum():
    lr, mu, wd = 0.05, 0.9, 0.5
    path = engine_path("sgd", steps=2, lr=lr, momentum=mu, weight_decay=wd)
    x0 = np.array(START)
    g1 = np.array([A, B]) * x0 + wd * x0
    assert_same(path[1], x0 - lr * g1)
    g2 = np.array([A, B]) * path[1] + wd * path[1]
    assert_same(path[2], path[1] - lr * (mu * g1 + g2))  # the L2 term rides in the buffer


def test_adam_weight_decay_enters_both_moments():
    lr, wd = 0.1, 0.5
    path = engine_path("adam", steps=3, lr=lr, weight_decay=wd)
    assert_same(path, by_hand(adam_rule(lr, weight_decay=wd)))
    # An AdamW-style (decoupled) version would land elsewhere.
    assert not np.allclose(path, by_hand(adam_rule(lr, weight_decay=wd, decoupled=True)), rtol=1e-6)


def test_adamw_shrinks_x_before_the_adam_step_with_default_weight_decay_0_01():
    lr = 0.1
    path = engine_path("adamw", steps=1, lr=lr)  # weight_decay not given: torch's 0.01
    x0 = np.array(START)
    g1 = np.array([A, B]) * x0
    # x ← x·(1 − lr·λ); then Adam at t = 1: m̂ = g, √v̂ = |g|, so the step is lr·g/(|g| + ε)
    expected = x0 * (1 - lr * 0.01) - lr * g1 / (np.abs(g1) + 1e-8)
    assert_same(path[1], expected)
    assert_same(engine_path("adamw", lr=lr), by_hand(adam_rule(lr, weight_decay=0.01, decoupled=True)))
    assert_same(engine_path("adamw", lr=lr, weight_decay=0.0), engine_path("adam", lr=lr))
    # torch ≥ 2.6: Adam(decoupled_weight_decay=True) is AdamW
    assert_same(engine_path("adam", lr=lr, weight_decay=0.01, decoupled_weight_decay=True), engine_path("adamw", lr=lr))


def test_maximize_flips_the_gradient_before_weight_decay():
    lr, wd = 0.1, 0.5
    path = engine_path("sgd", steps=1, lr=lr, weight_decay=wd, maximize=True)
    x0 = np.array(START)
    g1 = np.array([A, B]) * x0
    assert_same(path[1], x0 - lr * (-g1 + wd * x0))
    assert_same(engine_path("adam", lr=lr, maximize=True), by_hand(lambda x, g, t, s: adam_rule(lr)(x, -g, t, s)))


def test_adagrad_effective_lr_decays_as_lr_over_1_plus_t_minus_1_times_lr_decay():
    lr, decay = 0.1, 0.5
    path = engine_path("adagrad", steps=3, lr=lr, lr_decay=decay)
    x = START[0]
    acc = 0.0
    for t in (1, 2, 3):
        g = A * x
        acc += g * g
        x -= lr / (1 + (t - 1) * decay) * g / (math.sqrt(acc) + 1e-10)
        assert path[t, 0] == pytest.approx(x, rel=RTOL)
    # t = 1 uses the full lr (a version with 1 + t·lr_decay would already be off)
    assert path[1, 0] == pytest.approx(1.0 - lr * 1.0 / (1.0 + 1e-10), rel=RTOL)


def test_adagrad_eps_outside_the_root_and_initial_accumulator():
    lr, eps, acc0 = 0.1, 0.1, 0.3
    path = engine_path("adagrad", steps=1, lr=lr, eps=eps, initial_accumulator_value=acc0)
    g1 = np.array([A, B]) * START
    expected = np.array(START) - lr * g1 / (np.sqrt(acc0 + g1**2) + eps)
    assert_same(path[1], expected)
    inside = np.array(START) - lr * g1 / np.sqrt(acc0 + g1**2 + eps)
    assert not np.allclose(path[1], inside, rtol=1e-6)


def test_adagrad_default_eps_is_1e_10():
    # At the start the accumulator is g², so the step is lr·g/(|g| + ε): ε shows as a tiny shortfall.
    lr = 0.5
    path = engine_path("adagrad", steps=1, lr=lr)
    g1 = np.array([A, B]) * START
    assert_same(path[1], np.array(START) - lr * g1 / (np.abs(g1) + 1e-10))
    assert get_optimizer("adagrad").defaults["eps"] == 1e-10


def test_rmsprop_has_no_bias_correction():
    lr = 0.01
    path = engine_path("rmsprop", steps=1, lr=lr)
    g1 = np.array([A, B]) * START
    # v₁ = (1 − α)·g² = 0.01·g², so the first step is lr·g/(0.1·|g| + ε) ≈ 10·lr, not lr.
    assert_same(path[1], np.array(START) - lr * g1 / (np.sqrt(0.01 * g1**2) + 1e-8))
    assert np.allclose(np.array(START) - path[1], 10 * lr, rtol=1e-6)


def test_rmsprop_eps_outside_the_root():
    lr, eps = 0.01, 0.1
    path = engine_path("rmsprop", steps=1, lr=lr, eps=eps)
    g1 = np.array([A, B]) * START
    v1 = 0.01 * g1**2
    assert_same(path[1], np.array(START) - lr * g1 / (np.sqrt(v1) + eps))
    assert not np.allclose(path[1], np.array(START) - lr * g1 / np.sqrt(v1 + eps), rtol=1e-6)


def test_rmsprop_centered_with_momentum():
    lr, alpha, mu = 0.01, 0.9, 0.5
    run = engine_path("rmsprop", steps=2, lr=lr, alpha=alpha, momentum=mu, centered=True, record_state=True)
    x0 = np.array(START)
    g1 = np.array([A, B]) * x0
    v1, gbar1 = (1 - alpha) * g1**2, (1 - alpha) * g1
    denom1 = np.sqrt(v1 - gbar1**2) + 1e-8  # √(v − ḡ²): the centred second moment
    buf1 = g1 / denom1
    assert_same(run.path[1], x0 - lr * buf1)
    g2 = np.array([A, B]) * run.path[1]
    v2, gbar2 = alpha * v1 + (1 - alpha) * g2**2, alpha * gbar1 + (1 - alpha) * g2
    buf2 = mu * buf1 + g2 / (np.sqrt(v2 - gbar2**2) + 1e-8)  # buf = μ·buf + g/denom
    assert_same(run.path[2], run.path[1] - lr * buf2)  # then x −= lr·buf
    assert_same(run.state["momentum_buffer"], [buf1, buf2])
    assert_same(run.state["grad_avg"], [gbar1, gbar2])


def test_adadelta_default_lr_is_one_and_eps_is_inside_both_roots():
    path = engine_path("adadelta", steps=2)  # lr not given: torch's 1.0
    x0 = np.array(START)
    rho, eps = 0.9, 1e-6
    g1 = np.array([A, B]) * x0
    v1 = (1 - rho) * g1**2
    delta1 = np.sqrt(0.0 + eps) / np.sqrt(v1 + eps) * g1
    assert_same(path[1], x0 - 1.0 * delta1)
    u1 = (1 - rho) * delta1**2
    g2 = np.array([A, B]) * path[1]
    v2 = rho * v1 + (1 - rho) * g2**2
    delta2 = np.sqrt(u1 + eps) / np.sqrt(v2 + eps) * g2
    assert_same(path[2], path[1] - delta2)
    assert get_optimizer("adadelta").defaults["lr"] == 1.0


def test_adam_adds_eps_after_the_bias_corrected_root():
    lr, eps = 0.1, 0.1
    path = engine_path("adam", steps=1, lr=lr, eps=eps)
    x0 = np.array(START)
    g1 = np.array([A, B]) * x0
    # m̂₁ = g₁, √v̂₁ = |g₁|: denominator |g| + ε (ε after the correction)
    assert_same(path[1], x0 - lr * g1 / (np.abs(g1) + eps))
    # ε before the correction would give (√v₁ + ε)/√(1 − β₂) = |g| + 0.1/√0.001 ≈ |g| + 3.16
    wrong = x0 - lr * g1 / ((np.sqrt(0.001 * g1**2) + eps) / np.sqrt(0.001))
    assert not np.allclose(path[1], wrong, rtol=1e-3)


def test_adam_without_bias_correction_is_the_notes_simplified_rule():
    lr = 0.1
    path = engine_path("adam", steps=1, lr=lr, bias_correction=False)
    g1 = np.array([A, B]) * START
    m1, v1 = 0.1 * g1, 0.001 * g1**2
    assert_same(path[1], np.array(START) - lr * m1 / (np.sqrt(v1) + 1e-8))


def test_amsgrad_keeps_the_max_of_the_raw_second_moment():
    # β₂ = 0.5 forgets fast and a big first step shrinks g, so v falls after t = 1.
    lr, betas = 0.5, (0.9, 0.5)
    run = engine_path("adam", steps=3, lr=lr, betas=betas, amsgrad=True, record_state=True)
    v = run.state["exp_avg_sq"]
    assert np.all(v[2] < v[1]) and np.all(v[1] < v[0]), "the case must have a decreasing v"
    assert_same(run.state["max_exp_avg_sq"], np.maximum.accumulate(v, axis=0))
    assert_same(run.path, by_hand(adam_rule(lr, betas, amsgrad=True)))
    plain = engine_path("adam", steps=3, lr=lr, betas=betas)
    assert not np.allclose(run.path[2:], plain[2:], rtol=1e-6)

    # The max of the bias-corrected v̂ would be a different (wrong) rule.
    def max_of_corrected(x, g, t, s):
        b1, b2 = betas
        s["m"] = b1 * s.get("m", 0.0) + (1 - b1) * g
        s["v"] = b2 * s.get("v", 0.0) + (1 - b2) * g * g
        s["vh"] = max(s.get("vh", 0.0), s["v"] / (1 - b2**t))
        return x - lr / (1 - b1**t) * s["m"] / (math.sqrt(s["vh"]) + 1e-8)

    assert not np.allclose(run.path[2:], by_hand(max_of_corrected)[2:], rtol=1e-6)


def test_nadam_momentum_schedule():
    lr, b1 = 0.1, 0.9
    for psi in (0.0, 4e-3, 0.05):
        # μ_t = β₁·(1 − ½·0.96^(t·ψ)); ψ = 0 gives μ_t = β₁/2 at every t
        assert_same(engine_path("nadam", lr=lr, momentum_decay=psi), by_hand(nadam_rule(lr, momentum_decay=psi)))
    # Written out for ψ = 0, t = 1: μ₁ = μ₂ = 0.45, Π₁ = 0.45, m₁ = 0.1·g, D = |g| + ε.
    path = engine_path("nadam", steps=1, lr=lr, momentum_decay=0.0)
    g1 = np.array([A, B]) * START
    mu = 0.5 * b1
    denom = np.abs(g1) + 1e-8
    expected = np.array(START) - lr * (1 - mu) / (1 - mu) * g1 / denom - lr * mu / (1 - mu * mu) * (0.1 * g1) / denom
    assert_same(path[1], expected)


def test_ewma_momentum_starts_from_zero_velocity():
    lr, beta = 0.1, 0.9
    path = engine_path("ewma_momentum", steps=1, lr=lr, beta=beta)
    g1 = np.array([A, B]) * START
    assert_same(path[1], np.array(START) - lr * (1 - beta) * g1)  # v₁ = (1 − β)·g₁
    corrected = engine_path("ewma_momentum", steps=1, lr=lr, beta=beta, bias_correction=True)
    assert_same(corrected[1], np.array(START) - lr * g1)  # v̂₁ = v₁/(1 − β) = g₁
    assert_same(
        engine_path("ewma_momentum", steps=3, lr=lr, beta=beta, bias_correction=True),
        by_hand(ewma_rule(lr, beta, bias_correction=True)),
    )


# --------------------------------------------------------------------------------------
# The three momentum conventions of the course notes (numerically, over many steps).

N_LONG = 60


def test_cs231n_momentum_equals_torch_heavy_ball_under_constant_lr():
    lr, mu = 0.05, 0.9

    def cs231n(x, g, t, s):  # v = μ·v − lr·dx; x += v
        s["v"] = mu * s.get("v", 0.0) - lr * g
        return x + s["v"]

    engine = engine_path("sgd", steps=N_LONG, lr=lr, momentum=mu)
    np.testing.assert_allclose(engine, by_hand(cs231n, steps=N_LONG), rtol=1e-12, atol=1e-14)


def test_ewma_equals_torch_sgd_with_dampening_beta_except_at_the_first_step():
    lr, beta = 0.1, 0.8
    torch_damped = engine_path("sgd", steps=N_LONG, lr=lr, momentum=beta, dampening=beta)
    ewma = engine_path("ewma_momentum", steps=N_LONG, lr=lr, beta=beta)
    # Same recurrence v = β·v + (1 − β)·g; only the first buffer differs (g₁ vs (1 − β)·g₁).
    np.testing.assert_allclose(
        torch_damped, by_hand(ewma_rule(lr, beta, first_buffer_is_gradient=True), steps=N_LONG), rtol=1e-12, atol=1e-14
    )
    np.testing.assert_allclose(ewma, by_hand(ewma_rule(lr, beta), steps=N_LONG), rtol=1e-12, atol=1e-14)
    # The first step of torch's is 1/(1 − β) times the EWMA's, and the paths part from there.
    np.testing.assert_allclose(torch_damped[1] - START, (ewma[1] - START) / (1 - beta), rtol=1e-12)
    assert not np.allclose(torch_damped[1:], ewma[1:], rtol=1e-3)


def test_ewma_with_lr_over_1_minus_beta_equals_undamped_heavy_ball():
    lr, beta = 0.05, 0.9
    heavy_ball = engine_path("sgd", steps=N_LONG, lr=lr, momentum=beta)
    ewma = engine_path("ewma_momentum", steps=N_LONG, lr=lr / (1 - beta), beta=beta)
    np.testing.assert_allclose(ewma, heavy_ball, rtol=1e-11, atol=1e-13)


# --------------------------------------------------------------------------------------
# Validation in torch's words.


def run_with(optimizer, **hparams):
    return run_single("quadratic", optimizer, START, 1, hparams=hparams)


@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
def test_negative_lr_is_rejected_in_torch_words(optimizer):
    with pytest.raises(ValueError, match=r"^Invalid learning rate: -0\.1$"):
        run_with(optimizer, lr=-0.1)


@pytest.mark.parametrize(
    "hparams",
    [{"nesterov": True}, {"nesterov": True, "momentum": 0.9, "dampening": 0.1}],
    ids=["without-momentum", "with-dampening"],
)
def test_nesterov_requires_momentum_and_zero_dampening(hparams):
    with pytest.raises(ValueError, match=r"^Nesterov momentum requires a momentum and zero dampening$"):
        run_with("sgd", **hparams)


INVALID = [
    ("sgd", {"momentum": -0.5}, "Invalid momentum value: -0.5"),
    ("sgd", {"weight_decay": -0.5}, "Invalid weight_decay value: -0.5"),
    ("ewma_momentum", {"beta": 1.0}, "Invalid beta value: 1"),
    ("ewma_momentum", {"beta": -0.5}, "Invalid beta value: -0.5"),
    ("adagrad", {"lr_decay": -0.5}, "Invalid lr_decay value: -0.5"),
    ("adagrad", {"initial_accumulator_value": -0.5}, "Invalid initial_accumulator_value value: -0.5"),
    ("adagrad", {"eps": -0.5}, "Invalid epsilon value: -0.5"),
    ("adagrad", {"weight_decay": -0.5}, "Invalid weight_decay value: -0.5"),
    ("rmsprop", {"alpha": -0.5}, "Invalid alpha value: -0.5"),
    ("rmsprop", {"eps": -0.5}, "Invalid epsilon value: -0.5"),
    ("rmsprop", {"momentum": -0.5}, "Invalid momentum value: -0.5"),
    ("adadelta", {"rho": 1.5}, "Invalid rho value: 1.5"),
    ("adadelta", {"rho": -0.5}, "Invalid rho value: -0.5"),
    ("adadelta", {"eps": -0.5}, "Invalid epsilon value: -0.5"),
    ("adam", {"betas": (1.0, 0.999)}, "Invalid beta parameter at index 0: 1"),
    ("adam", {"betas": (-0.5, 0.999)}, "Invalid beta parameter at index 0: -0.5"),
    ("adam", {"betas": (0.9, 1.0)}, "Invalid beta parameter at index 1: 1"),
    ("adam", {"eps": -0.5}, "Invalid epsilon value: -0.5"),
    ("adam", {"weight_decay": -0.5}, "Invalid weight_decay value: -0.5"),
    ("adamw", {"betas": (0.9, 1.5)}, "Invalid beta parameter at index 1: 1.5"),
    ("adamw", {"weight_decay": -0.5}, "Invalid weight_decay value: -0.5"),
    ("nadam", {"momentum_decay": -0.5}, "Invalid momentum_decay value: -0.5"),
    ("nadam", {"betas": (0.9, -0.5)}, "Invalid beta parameter at index 1: -0.5"),
]


@pytest.mark.parametrize(("optimizer", "hparams", "message"), INVALID, ids=[m for _, _, m in INVALID])
def test_invalid_values_are_named(optimizer, hparams, message):
    # torch prints 1.0 where we print 1: the value must follow the message, in either form.
    with pytest.raises(ValueError, match="^" + re.escape(message) + r"(\.0)?$"):
        run_with(optimizer, **hparams)


FLOAT_HPARAMS = [
    (o.name, h.name) for o in OPTIMIZERS.values() for h in o.hparams if h.kind in ("float", "betas")
]


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf], ids=["nan", "inf", "-inf"])
@pytest.mark.parametrize(("optimizer", "name"), FLOAT_HPARAMS, ids=[f"{o}.{n}" for o, n in FLOAT_HPARAMS])
def test_non_finite_values_are_rejected(optimizer, name, bad):
    value = (bad, 0.999) if name == "betas" else bad
    with pytest.raises(ValueError, match=r": -?(nan|inf)"):
        run_with(optimizer, **{name: value})


@pytest.mark.parametrize(
    ("optimizer", "hparams"),
    [("rmsprop", {"alpha": 2.0}), ("adadelta", {"rho": 1.0}), ("sgd", {"momentum": 1.5}),
     ("sgd", {"dampening": -1.0}), ("adam", {"eps": 0.0}), ("sgd", {"lr": 0.0})],
)
def test_values_torch_accepts_are_accepted(optimizer, hparams):
    run_with(optimizer, **hparams)


def test_unknown_optimizer_and_hyperparameters_are_named():
    with pytest.raises(ValueError, match=r"Unknown optimizer: 'adamax'"):
        run_with("adamax")
    with pytest.raises(ValueError, match=r"Unknown hyperparameter for adam: 'momentum'"):
        run_with("adam", momentum=0.9)
    with pytest.raises(ValueError, match=r"Unknown hyperparameter for sgd: 'betas'"):
        run_with("sgd", betas=(0.9, 0.999))
    with pytest.raises(ValueError, match=r"Unknown hyperparameter for sgd: 'Lr'"):
        run_with("sgd", Lr=0.1)


@pytest.mark.parametrize(
    ("optimizer", "hparams", "name"),
    [("sgd", {"nesterov": "yes"}, "nesterov"), ("sgd", {"lr": "0.1"}, "lr"), ("sgd", {"lr": True}, "lr"),
     ("adam", {"betas": 0.9}, "betas"), ("adam", {"betas": (0.9, 0.99, 0.5)}, "betas"),
     ("adam", {"amsgrad": 0.5}, "amsgrad")],
)
def test_wrong_types_are_named(optimizer, hparams, name):
    with pytest.raises(ValueError, match=rf"Invalid {name} value"):
        run_with(optimizer, **hparams)


# --------------------------------------------------------------------------------------
# Defaults: torch's, as its documentation states them (torch 2.x).

TORCH_DEFAULTS: dict[str, dict] = {
    "sgd": {"lr": 1e-3, "momentum": 0.0, "dampening": 0.0, "nesterov": False, "weight_decay": 0.0},
    "adagrad": {"lr": 1e-2, "lr_decay": 0.0, "eps": 1e-10, "initial_accumulator_value": 0.0, "weight_decay": 0.0},
    "rmsprop": {"lr": 1e-2, "alpha": 0.99, "eps": 1e-8, "momentum": 0.0, "centered": False, "weight_decay": 0.0},
    "adadelta": {"lr": 1.0, "rho": 0.9, "eps": 1e-6, "weight_decay": 0.0},
    "adam": {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "amsgrad": False, "weight_decay": 0.0},
    "adamw": {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "amsgrad": False, "weight_decay": 1e-2},
    "nadam": {"lr": 2e-3, "betas": (0.9, 0.999), "eps": 1e-8, "momentum_decay": 4e-3, "weight_decay": 0.0,
              "decoupled_weight_decay": False},
}


TORCH_DEFAULTS["adam"]["decoupled_weight_decay"] = False
for _defaults in TORCH_DEFAULTS.values():
    _defaults["maximize"] = False


@pytest.mark.parametrize("optimizer", list(TORCH_DEFAULTS))
def test_defaults_are_torchs(optimizer):
    defaults = get_optimizer(optimizer).defaults
    for name, value in TORCH_DEFAULTS[optimizer].items():
        assert defaults[name] == value, f"{optimizer}.{name}"
    resolved = run_with(optimizer).hparams
    for name, value in TORCH_DEFAULTS[optimizer].items():
        assert resolved[name] == value, f"{optimizer}.{name} as resolved by the engine"


def test_teaching_variant_defaults():
    assert get_optimizer("ewma_momentum").defaults["beta"] == 0.9
    assert get_optimizer("ewma_momentum").defaults["bias_correction"] is False
    assert get_optimizer("adam").defaults["bias_correction"] is True
