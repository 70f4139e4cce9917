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
import struct

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


def adamax_rule(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, maximize=False):
    b1, b2 = betas

    def rule(x, g, t, s):
        g = -g if maximize else g
        g = g + weight_decay * x
        s["m"] = b1 * s.get("m", 0.0) + (1.0 - b1) * g
        s["u"] = max(b2 * s.get("u", 0.0), abs(g) + eps)  # ε inside the max, not in the denominator
        return x - lr / (1.0 - b1**t) * s["m"] / s["u"]

    return rule


def radam_rule(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, decoupled=False, maximize=False):
    b1, b2 = betas
    rho_inf = 2.0 / (1.0 - b2) - 1.0

    def rule(x, g, t, s):
        g = -g if maximize else g
        if decoupled:
            x = x * (1.0 - lr * weight_decay)
        else:
            g = g + weight_decay * x
        s["m"] = b1 * s.get("m", 0.0) + (1.0 - b1) * g
        s["v"] = b2 * s.get("v", 0.0) + (1.0 - b2) * g * g
        m_hat = s["m"] / (1.0 - b1**t)
        rho_t = rho_inf - 2.0 * t * b2**t / (1.0 - b2**t)
        if rho_t > 5.0:  # rectified: the adaptive step with the variance correction r
            r = math.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
            return x - lr * m_hat * math.sqrt(1.0 - b2**t) / (math.sqrt(s["v"]) + eps) * r
        return x - lr * m_hat  # SGD with momentum on the bias-corrected m

    return rule


def rprop_rule(lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50.0), maximize=False):
    eta_minus, eta_plus = etas
    lo, hi = step_sizes

    def rule(x, g, t, s):
        g = -g if maximize else g
        step, prev = s.get("step", lr), s.get("prev", 0.0)  # the step size starts at lr
        factor = eta_plus if g * prev > 0 else eta_minus if g * prev < 0 else 1.0
        step = min(max(step * factor, lo), hi)  # torch clamps in every case
        if g * prev < 0:
            g = 0.0  # a sign change: no step now, and the next update sees g_prev = 0
        s["step"], s["prev"] = step, g
        return x - math.copysign(step, g) if g != 0.0 else x

    return rule


def asgd_rule(lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0.0, maximize=False):
    def rule(x, g, t, s):
        g = -g if maximize else g
        eta = s.get("eta", lr)  # η₁ = lr
        g = g + weight_decay * x
        x = x * (1.0 - lambd * eta) - eta * g
        s["eta"] = lr / (1.0 + lambd * lr * t) ** alpha  # the η of the next update
        return x

    return rule


# Rules that mix the coordinates: x and g are (x, y) pairs.


def adafactor_rule(lr=1e-2, beta2_decay=-0.8, eps=(None, 1e-3), d=1.0, weight_decay=0.0, maximize=False):
    eps1 = 2.0**-52 if eps[0] is None else eps[0]  # None: float64's machine epsilon
    eps2 = eps[1]

    def rms(v):
        return math.hypot(*v) / math.sqrt(2.0)

    def rule(x, g, t, s):
        g = [-gi for gi in g] if maximize else g
        rho = min(lr, 1.0 / math.sqrt(t))  # relative step, capped by lr
        alpha = max(eps2, rms(x)) * rho  # from x before the weight decay
        x = [xi * (1.0 - lr * weight_decay) for xi in x]
        w = t**beta2_decay  # 1 − β̂₂ₜ
        s["V"] = [(1.0 - w) * vi + w * gi * gi for vi, gi in zip(s.get("V", (0.0, 0.0)), g)]
        U = [gi / max(math.sqrt(vi), eps1) for gi, vi in zip(g, s["V"])]
        denom = max(1.0, rms(U) / d)
        return [xi - alpha * ui / denom for xi, ui in zip(x, U)]

    return rule


def lbfgs_one_iteration_rule(lr=1.0):
    """torch's L-BFGS with max_iter=1: one direction and one fixed step per update."""

    def dot(u, v):
        return u[0] * v[0] + u[1] * v[1]

    def rule(x, g, t, s):
        if t == 1:
            d = [-g[0], -g[1]]
            step = min(1.0, 1.0 / (abs(g[0]) + abs(g[1]))) * lr
            s["pairs"], s["H"] = [], 1.0
        else:
            y = [g[0] - s["g"][0], g[1] - s["g"][1]]
            sv = [s["d"][0] * s["t"], s["d"][1] * s["t"]]
            if dot(y, sv) > 1e-10:
                s["pairs"].append((sv, y, 1.0 / dot(y, sv)))
                s["H"] = dot(y, sv) / dot(y, y)
            # two-loop recursion: d = −H·g
            q, alphas = [-g[0], -g[1]], []
            for sv, y, rho in reversed(s["pairs"]):
                a = rho * dot(sv, q)
                q = [q[0] - a * y[0], q[1] - a * y[1]]
                alphas.append(a)
            r = [s["H"] * q[0], s["H"] * q[1]]
            for (sv, y, rho), a in zip(s["pairs"], reversed(alphas)):
                b = rho * dot(y, r)
                r = [r[0] + (a - b) * sv[0], r[1] + (a - b) * sv[1]]
            d, step = r, lr
        s["g"], s["d"], s["t"] = g, d, step
        return [x[0] + step * d[0], x[1] + step * d[1]]

    return rule


def float32(v: float) -> float:
    return struct.unpack("<f", struct.pack("<f", v))[0]


def bfloat16(v: float) -> float:
    """float32 → bfloat16, round to nearest even, on the bits."""
    bits = struct.unpack("<I", struct.pack("<f", v))[0]
    bits = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16) << 16
    return struct.unpack("<f", struct.pack("<I", bits & 0xFFFFFFFF))[0]


def newton_schulz_1x2(v, coefficients=(3.4445, -4.775, 2.0315), steps=5, eps=1e-7):
    """torch's Newton–Schulz for a 1 × 2 matrix in bfloat16 (float32 arithmetic, bfloat16 storage)."""
    a, b, c = (float32(k) for k in coefficients)
    X = [bfloat16(float32(vi)) for vi in v]
    norm = bfloat16(float32(math.sqrt(float32(X[0] * X[0] + X[1] * X[1]))))
    norm = bfloat16(max(norm, float32(eps)))
    X = [bfloat16(float32(xi / norm)) for xi in X]
    for _ in range(steps):
        gram = bfloat16(float32(X[0] * X[0] + X[1] * X[1]))
        u = bfloat16(float32(float32(b * gram) + float32(c * float32(gram * gram))))
        X = [bfloat16(float32(float32(a * xi) + float32(u * xi))) for xi in X]
    return X


def muon_rule(lr=1e-3, weight_decay=0.1, momentum=0.95, nesterov=True, ns_steps=5, adjust_lr_fn=None):
    ratio = 0.2 * math.sqrt(2.0) if adjust_lr_fn == "match_rms_adamw" else 1.0  # A = 1, B = 2

    def rule(x, g, t, s):
        s["buf"] = [momentum * bi + (1.0 - momentum) * gi for bi, gi in zip(s.get("buf", (0.0, 0.0)), g)]
        update = [(1.0 - momentum) * gi + momentum * bi for gi, bi in zip(g, s["buf"])] if nesterov else s["buf"]
        O = newton_schulz_1x2(update, steps=ns_steps)
        return [xi * (1.0 - lr * weight_decay) - lr * ratio * oi for xi, oi in zip(x, O)]

    return rule


def by_hand_vector(rule, steps: int = 3, start=START) -> np.ndarray:
    """Iterate a rule ``x = rule(x, g, t, state)`` on the (x, y) pair; ∇f = (A·x, B·y)."""
    x, state, path = list(start), {}, [list(start)]
    for t in range(1, steps + 1):
        x = rule(x, [A * x[0], B * x[1]], t, state)
        path.append(list(x))
    return np.array(path)


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
    ("adamax", {}, adamax_rule()),
    ("adamax", {"lr": 0.1, "betas": (0.8, 0.99), "eps": 1e-3, "weight_decay": 0.1},
     adamax_rule(0.1, (0.8, 0.99), eps=1e-3, weight_decay=0.1)),
    ("adamax", {"lr": 0.1, "maximize": True}, adamax_rule(0.1, maximize=True)),
    ("radam", {}, radam_rule()),
    ("radam", {"lr": 0.1, "betas": (0.8, 0.99), "weight_decay": 0.1}, radam_rule(0.1, (0.8, 0.99), weight_decay=0.1)),
    ("radam", {"lr": 0.1, "weight_decay": 0.1, "decoupled_weight_decay": True, "maximize": True},
     radam_rule(0.1, weight_decay=0.1, decoupled=True, maximize=True)),
    ("rprop", {}, rprop_rule()),
    ("rprop", {"lr": 0.6, "etas": (0.3, 1.5), "step_sizes": (0.1, 0.7)}, rprop_rule(0.6, (0.3, 1.5), (0.1, 0.7))),
    ("rprop", {"lr": 0.1, "maximize": True}, rprop_rule(0.1, maximize=True)),
    ("asgd", {}, asgd_rule()),
    ("asgd", {"lr": 0.1, "lambd": 0.5, "alpha": 0.5, "weight_decay": 0.1},
     asgd_rule(0.1, lambd=0.5, alpha=0.5, weight_decay=0.1)),
    ("asgd", {"lr": 0.1, "maximize": True}, asgd_rule(0.1, maximize=True)),
]

# Optimizers that mix the coordinates (the relative step of Adafactor, L-BFGS's curvature pairs,
# Muon's normalisation): worked out on the (x, y) pair.
VECTOR_HAND_CASES = [
    ("adafactor", {}, adafactor_rule()),
    ("adafactor", {"lr": 0.5, "beta2_decay": -0.5, "eps": (1e-3, 1e-2), "d": 1.5, "weight_decay": 0.1},
     adafactor_rule(0.5, -0.5, (1e-3, 1e-2), d=1.5, weight_decay=0.1)),
    ("adafactor", {"lr": 0.1, "maximize": True}, adafactor_rule(0.1, maximize=True)),
    ("lbfgs", {"lr": 0.5, "max_iter": 1}, lbfgs_one_iteration_rule(0.5)),
    ("lbfgs", {"lr": 0.1, "max_iter": 1, "history_size": 5}, lbfgs_one_iteration_rule(0.1)),
    ("muon", {}, muon_rule()),
    ("muon", {"lr": 0.05, "momentum": 0.5, "nesterov": False, "weight_decay": 0.0},
     muon_rule(0.05, weight_decay=0.0, momentum=0.5, nesterov=False)),
    ("muon", {"lr": 0.05, "ns_steps": 2, "adjust_lr_fn": "match_rms_adamw"},
     muon_rule(0.05, ns_steps=2, adjust_lr_fn="match_rms_adamw")),
]


@pytest.mark.parametrize(
    ("optimizer", "hparams", "rule"),
    HAND_CASES,
    ids=[f"{o}-{'-'.join(f'{k}={v}' for k, v in h.items()) or 'defaults'}" for o, h, _ in HAND_CASES],
)
def test_first_steps_match_the_formulas(optimizer, hparams, rule):
    assert_same(engine_path(optimizer, **hparams), by_hand(rule))


@pytest.mark.parametrize(
    ("optimizer", "hparams", "rule"),
    VECTOR_HAND_CASES,
    ids=[f"{o}-{'-'.join(f'{k}={v}' for k, v in h.items()) or 'defaults'}" for o, h, _ in VECTOR_HAND_CASES],
)
def test_first_steps_match_the_formulas_on_the_pair(optimizer, hparams, rule):
    assert_same(engine_path(optimizer, **hparams), by_hand_vector(rule))


def test_every_optimizer_has_a_hand_case():
    assert {o for o, _, _ in HAND_CASES + VECTOR_HAND_CASES} == set(OPTIMIZERS)


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


# Adafactor and Muon word it their own way in torch
LR_MESSAGE = {"adafactor": "Learning rate should be >= 0 but is", "muon": "Learning rate should be >= 0 but is"}


@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
def test_negative_lr_is_rejected_in_torch_words(optimizer):
    message = LR_MESSAGE.get(optimizer, "Invalid learning rate")
    with pytest.raises(ValueError, match="^" + re.escape(message) + r": -0\.1$"):
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
    with pytest.raises(ValueError, match=r"Unknown optimizer: 'sophia'"):
        run_with("sophia")
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
