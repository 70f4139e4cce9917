"""Adamax, RAdam, Rprop, ASGD, Adafactor, L-BFGS and Muon: torch's defaults and words, the new
hyperparameter kinds, and one test per torch detail an independent implementation easily gets
wrong (each built so that the plausible wrong version fails).

Expected values are worked out here in plain Python from torch's formulas, never by calling the
engine's own update functions. The step-for-step comparison with torch itself is in
test_torch_golden_more.py, the first steps by hand in test_optimizers_by_hand.py.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from optim_viz.core.engine import MAX_WORK, GridAxis, RunSpec, run_single, simulate, sweep, sweepable
from optim_viz.core.optimizers import (
    OPTIMIZERS,
    Tensor0,
    get_optimizer,
    hparams_for_batch,
    lbfgs_evaluations,
    newton_schulz_bf16,
    public_hparams,
    resolve_hparams,
)
from optim_viz.core.surfaces import make_surface

NEW = ("adamax", "radam", "rprop", "asgd", "adafactor", "lbfgs", "muon")
START = (1.0, 1.0)


def run_with(optimizer, steps=1, **hparams):
    return run_single(
        "quadratic", optimizer, START, steps, surface_params={"a": 1.0, "b": 4.0}, hparams=hparams, record_state=True
    )


# --------------------------------------------------------------------------------------
# torch 2.13's defaults (read from torch/optim/*.py: the code, where a docstring disagrees)

TORCH_DEFAULTS = {
    "adamax": {"lr": 2e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0, "maximize": False},
    "radam": {
        "lr": 1e-3,
        "betas": (0.9, 0.999),
        "eps": 1e-8,
        "weight_decay": 0.0,
        "decoupled_weight_decay": False,
        "maximize": False,
    },
    "rprop": {"lr": 1e-2, "etas": (0.5, 1.2), "step_sizes": (1e-6, 50), "maximize": False},
    "asgd": {"lr": 1e-2, "lambd": 1e-4, "alpha": 0.75, "t0": 1e6, "weight_decay": 0.0, "maximize": False},
    # Adafactor's docstring says weight_decay defaults to 1e-2; its signature says 0.0
    "adafactor": {
        "lr": 1e-2,
        "beta2_decay": -0.8,
        "eps": (None, 1e-3),
        "d": 1.0,
        "weight_decay": 0.0,
        "maximize": False,
    },
    "lbfgs": {
        "lr": 1.0,
        "max_iter": 20,
        "max_eval": None,
        "tolerance_grad": 1e-7,
        "tolerance_change": 1e-9,
        "history_size": 100,
        "line_search_fn": None,
    },
    "muon": {
        "lr": 1e-3,
        "weight_decay": 0.1,
        "momentum": 0.95,
        "nesterov": True,
        "ns_coefficients": (3.4445, -4.775, 2.0315),
        "eps": 1e-7,
        "ns_steps": 5,
        "adjust_lr_fn": None,
    },
}


@pytest.mark.parametrize("optimizer", NEW)
def test_defaults_are_torchs(optimizer):
    assert get_optimizer(optimizer).defaults == TORCH_DEFAULTS[optimizer]
    resolved = run_with(optimizer).hparams
    expected = dict(TORCH_DEFAULTS[optimizer])
    if optimizer == "adafactor":
        expected["eps"] = (2.0**-52, 1e-3)  # None: torch.finfo(float64).eps
    if optimizer == "lbfgs":
        expected["max_eval"] = 25  # max_iter * 5 // 4
    assert resolved == expected


def test_maximize_only_where_torch_has_it():
    for name in NEW:
        has = "maximize" in get_optimizer(name).defaults
        assert has == (name not in ("lbfgs", "muon")), name
    with pytest.raises(ValueError, match=r"Unknown hyperparameter for muon: 'maximize'"):
        run_with("muon", maximize=True)


# --------------------------------------------------------------------------------------
# Validation in torch's words

INVALID = [
    ("adamax", {"lr": -0.1}, "Invalid learning rate: -0.1"),
    ("adamax", {"eps": -1e-3}, "Invalid epsilon value: -0.001"),
    ("adamax", {"betas": (1.0, 0.999)}, "Invalid beta parameter at index 0: 1"),
    ("adamax", {"betas": (0.9, -0.5)}, "Invalid beta parameter at index 1: -0.5"),
    ("adamax", {"weight_decay": -0.5}, "Invalid weight_decay value: -0.5"),
    ("radam", {"betas": (0.9, 1.5)}, "Invalid beta parameter at index 1: 1.5"),
    ("radam", {"eps": -0.5}, "Invalid epsilon value: -0.5"),
    ("radam", {"weight_decay": -0.5, "decoupled_weight_decay": True}, "Invalid weight_decay value: -0.5"),
    ("rprop", {"etas": (2.0, 0.5)}, "Invalid eta values: 2, 0.5"),
    ("rprop", {"etas": (0.5, 1.0)}, "Invalid eta values: 0.5, 1"),
    ("rprop", {"etas": (0.0, 1.2)}, "Invalid eta values: 0, 1.2"),
    ("rprop", {"etas": (1.0, 1.2)}, "Invalid eta values: 1, 1.2"),
    ("rprop", {"lr": -1.0}, "Invalid learning rate: -1"),
    ("asgd", {"lr": -0.5}, "Invalid learning rate: -0.5"),
    ("asgd", {"weight_decay": -0.5}, "Invalid weight_decay value: -0.5"),
    ("adafactor", {"lr": -0.5}, "Learning rate should be >= 0 but is: -0.5"),
    ("adafactor", {"beta2_decay": 0.5}, "beta2_decay should be <= 0 but is: 0.5"),
    ("adafactor", {"eps": (-1e-3, 1e-3)}, "epsilon1 should be >= 0 but is: -0.001"),
    ("adafactor", {"eps": (None, -1e-3)}, "epsilon2 should be >= 0 but is: -0.001"),
    ("adafactor", {"d": 0.5}, "Clipping threshold d should be >= 1 but is: 0.5"),
    ("adafactor", {"weight_decay": -0.5}, "weight_decay should be >= 0 but is: -0.5"),
    ("lbfgs", {"lr": -0.5}, "Invalid learning rate: -0.5"),
    ("lbfgs", {"line_search_fn": "backtracking"}, "only 'strong_wolfe' is supported: 'backtracking'"),
    ("muon", {"lr": -0.5}, "Learning rate should be >= 0 but is: -0.5"),
    ("muon", {"momentum": -0.5}, "momentum should be >= 0 but is: -0.5"),
    ("muon", {"weight_decay": -0.5}, "weight decay should be >= 0 but is: -0.5"),
    ("muon", {"adjust_lr_fn": "sqrt"}, "Adjust learning rate function sqrt is not supported"),
    ("muon", {"ns_steps": 100}, "Number of steps must be less than 100 for computational efficiency: 100"),
    ("muon", {"ns_coefficients": (3.0, -4.0)}, "Coefficients must be a tuple of exactly 3 values: (3.0, -4.0)"),
]


@pytest.mark.parametrize(("optimizer", "hparams", "message"), INVALID, ids=[m for _, _, m in INVALID])
def test_invalid_values_are_named_in_torchs_words(optimizer, hparams, message):
    with pytest.raises(ValueError, match="^" + re.escape(message) + "$"):
        run_with(optimizer, **hparams)


# torch would fail inside step() on these (an IndexError, an unbound bracket): refused up front
@pytest.mark.parametrize(
    ("hparams", "message"),
    [
        ({"history_size": 0}, "Invalid history_size value: 0"),
        ({"history_size": -3}, "Invalid history_size value: -3"),
        ({"line_search_fn": "strong_wolfe", "max_eval": 0}, "Invalid max_eval value: 0"),
    ],
)
def test_lbfgs_values_that_break_torchs_step_are_refused(hparams, message):
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        run_with("lbfgs", **hparams)


@pytest.mark.parametrize(
    ("optimizer", "hparams"),
    [
        ("rprop", {"step_sizes": (0.5, 0.1)}),  # min > max: torch's clamp gives max
        ("rprop", {"step_sizes": (-1.0, 2.0)}),
        ("asgd", {"lambd": -0.5, "alpha": -1.0, "t0": -5.0}),
        ("adafactor", {"lr": 0.0, "eps": (0.0, 0.0), "d": 1.0, "beta2_decay": 0.0}),
        ("lbfgs", {"max_iter": 0}),
        ("lbfgs", {"max_iter": -2, "max_eval": -7, "tolerance_grad": -1.0, "tolerance_change": -1.0}),
        ("lbfgs", {"max_eval": 0}),  # without a line search torch just stops after one iteration
        ("muon", {"momentum": 1.5, "nesterov": True, "ns_steps": -1, "eps": -1.0}),
        ("muon", {"adjust_lr_fn": "original"}),
        ("radam", {"betas": (0.0, 0.0)}),
    ],
)
def test_values_torch_accepts_are_accepted(optimizer, hparams):
    run = run_with(optimizer, steps=5, **hparams)
    assert np.isfinite(run.path).all()


TUPLE_PARTS = [
    (o, h.name, i) for o in NEW for h in OPTIMIZERS[o].hparams if h.kind == "tuple" for i in range(len(h.parts))
]


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf], ids=["nan", "inf", "-inf"])
@pytest.mark.parametrize(("optimizer", "name", "index"), TUPLE_PARTS, ids=[f"{o}.{n}[{i}]" for o, n, i in TUPLE_PARTS])
def test_non_finite_tuple_numbers_are_rejected(optimizer, name, index, bad):
    value = list(get_optimizer(optimizer).hparam(name).default)
    value = [1e-3 if v is None else v for v in value]
    value[index] = bad
    with pytest.raises(ValueError, match=r"[:,] -?(nan|inf)"):  # Rprop names both etas, as torch
        run_with(optimizer, **{name: tuple(value)})


# --------------------------------------------------------------------------------------
# The hyperparameter kinds


def test_tuples_split_into_their_parts_and_join_back():
    hp = resolve_hparams("rprop", {"etas": [0.3, 1.5], "step_sizes": (1e-4, 2)})
    assert (hp["etaminus"], hp["etaplus"], hp["step_size_min"], hp["step_size_max"]) == (0.3, 1.5, 1e-4, 2.0)
    assert "etas" not in hp and "step_sizes" not in hp
    assert public_hparams("rprop", hp)["etas"] == (0.3, 1.5)
    hp = resolve_hparams("muon", {"ns_coefficients": (2, -1.5, 0.5)})
    assert (hp["ns_a"], hp["ns_b"], hp["ns_c"]) == (2.0, -1.5, 0.5)
    assert sweepable("rprop") == ["lr", "etaminus", "etaplus", "step_size_min", "step_size_max"]
    assert sweepable("muon") == ["lr", "weight_decay", "momentum", "ns_a", "ns_b", "ns_c", "eps"]
    assert sweepable("lbfgs") == ["lr", "tolerance_grad", "tolerance_change"]  # no int, no choice


@pytest.mark.parametrize(
    ("optimizer", "hparams", "message"),
    [
        ("rprop", {"etas": 0.5}, "Invalid etas value: 0.5 (expected two numbers, e.g. 0.5,1.2)"),
        ("rprop", {"etas": (0.5, 1.2, 2.0)}, "Invalid etas value"),
        ("rprop", {"etas": "0.5,1.2"}, "Invalid etas value"),
        ("rprop", {"etas": (0.5, True)}, "Invalid etaplus value: True"),
        ("rprop", {"step_sizes": (None, 1.0)}, "Invalid step_size_min value: None"),  # None only for eps1
        ("adafactor", {"eps": (1e-3,)}, "Invalid eps value: (0.001,) (expected two numbers, e.g. none,0.001)"),
        ("lbfgs", {"max_iter": 2.5}, "Invalid max_iter value: 2.5 (expected a whole number)"),
        ("lbfgs", {"max_iter": True}, "Invalid max_iter value: True"),
        ("lbfgs", {"history_size": "10"}, "Invalid history_size value: '10'"),
        ("lbfgs", {"max_iter": 2**40}, "Invalid max_iter value: 1099511627776 (too large)"),
        ("muon", {"ns_steps": None}, "Invalid ns_steps value: None"),  # None only where torch derives it
    ],
)
def test_kinds_name_a_malformed_value(optimizer, hparams, message):
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        run_with(optimizer, **hparams)


def test_ints_choices_and_none():
    hp = resolve_hparams("lbfgs", {"max_iter": 8.0, "max_eval": np.int64(9), "line_search_fn": "none"})
    assert hp["max_iter"] == 8 and isinstance(hp["max_iter"], int) and hp["max_eval"] == 9
    assert hp["line_search_fn"] is None
    assert resolve_hparams("lbfgs", {"max_iter": 7})["max_eval"] == 8  # 7 * 5 // 4
    assert resolve_hparams("lbfgs", {"max_iter": 7, "max_eval": "none"})["max_eval"] == 8
    assert resolve_hparams("lbfgs", {"max_iter": -3})["max_eval"] == -4  # Python's floor division, as torch
    assert resolve_hparams("adafactor", {"eps": ("None", 0.1)})["eps1"] == 2.0**-52
    assert resolve_hparams("muon", {"adjust_lr_fn": "NONE"})["adjust_lr_fn"] is None


def test_batched_hyperparameters_keep_their_types():
    hp = hparams_for_batch(
        {"max_iter": np.array([3, 3]), "line_search_fn": np.array([None, None]), "lr": np.array([0.1, 0.1])}, 2
    )
    assert hp == {"max_iter": 3, "line_search_fn": None, "lr": 0.1}
    assert type(hp["max_iter"]) is int
    hp = hparams_for_batch({"max_iter": np.array([3, 4]), "adjust_lr_fn": np.array(["original", None])}, 2)
    assert hp["max_iter"].dtype == np.int64 and hp["max_iter"].shape == (2, 1)
    assert hp["adjust_lr_fn"].dtype == object and hp["adjust_lr_fn"][:, 0].tolist() == ["original", None]


# --------------------------------------------------------------------------------------
# Adamax and RAdam


def test_adamax_eps_is_inside_the_max():
    # g = (1, 4): u₁ = max(0, |g| + ε); with ε = 0.5 the first step is lr·g/(|g| + ε), not lr·sign(g)
    run = run_with("adamax", lr=0.1, eps=0.5)
    np.testing.assert_allclose(run.path[1], [1 - 0.1 * 1 / 1.5, 1 - 0.1 * 4 / 4.5], rtol=1e-15)
    np.testing.assert_allclose(run.state["exp_inf"][0], [1.5, 4.5], rtol=1e-15)


def _radam_rho(t, beta2=0.999):
    rho_inf = 2 / (1 - beta2) - 1
    return rho_inf - 2 * t * beta2**t / (1 - beta2**t)


def test_radam_rectification_starts_when_rho_exceeds_five():
    assert _radam_rho(5) <= 5.0 < _radam_rho(6)  # with torch's default β₂ = 0.999
    lr, b1 = 0.05, 0.9
    run = run_with("radam", steps=8, lr=lr)
    steps = np.diff(run.path, axis=0)
    m_hat = run.state["exp_avg"] / (1 - b1 ** np.arange(1, 9))[:, None]
    # updates 1..5: un-adapted SGD with momentum on m̂
    np.testing.assert_allclose(steps[:5], -lr * m_hat[:5], rtol=1e-14)
    # update 6 on: the adaptive step, times the rectification r₆
    t, b2 = 6, 0.999
    rho_inf, rho = 2 / (1 - b2) - 1, _radam_rho(6)
    r = math.sqrt((rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho))
    v = run.state["exp_avg_sq"][5]
    expected = -lr * m_hat[5] * math.sqrt(1 - b2**t) / (np.sqrt(v) + 1e-8) * r
    np.testing.assert_allclose(steps[5], expected, rtol=1e-13)
    assert not np.allclose(steps[5], -lr * m_hat[5], rtol=1e-3)


def test_radam_never_rectifies_when_rho_inf_is_at_most_five():
    # β₂ = 0.6: ρ∞ = 4, so every update is SGD with momentum on m̂, whatever eps
    a = run_with("radam", steps=20, lr=0.05, betas=(0.9, 0.6), eps=1e-8)
    b = run_with("radam", steps=20, lr=0.05, betas=(0.9, 0.6), eps=10.0)
    assert np.array_equal(a.path, b.path)


# --------------------------------------------------------------------------------------
# Rprop


def test_rprop_sign_change_skips_the_step_and_zeroes_the_stored_gradient():
    # y: g = 4y with lr 0.6: y₁ = 0.4, then Δ = 0.72 overshoots to y₂ = −0.32 (a sign change at update 3)
    run = run_with("rprop", steps=4, lr=0.6)
    y = run.path[:, 1]
    assert y[2] < 0 < y[1]
    assert y[3] == y[2]  # update 3: the sign flipped, no step
    assert run.state["prev"][2, 1] == 0.0  # ... and the stored gradient is 0
    assert run.state["step_size"][2, 1] == pytest.approx(0.6 * 1.2 * 0.5)
    # update 4 sees g·g_prev = 0: Δ is kept (not multiplied by η₊) and the step is taken
    assert run.state["step_size"][3, 1] == run.state["step_size"][2, 1]
    assert y[4] == y[3] + run.state["step_size"][3, 1]


def test_rprop_step_sizes_start_at_the_first_lr_and_ignore_the_schedule():
    spec = dict(surface_params={"a": 1.0, "b": 4.0}, hparams={"lr": 0.05})
    flat = run_single("quadratic", "rprop", START, 30, **spec)
    decayed = run_single(
        "quadratic", "rprop", START, 30, schedule="step", schedule_params={"step_size": 2, "gamma": 0.1}, **spec
    )
    assert decayed.lr[5] < 1e-3
    assert np.array_equal(flat.path, decayed.path)


def test_rprop_clamps_with_min_above_max_to_max():
    run = run_with("rprop", steps=3, lr=0.05, step_sizes=(0.5, 0.2))
    assert np.all(run.state["step_size"] == 0.2)


# --------------------------------------------------------------------------------------
# ASGD


def test_asgd_average_follows_x_until_t0_then_averages_the_iterates():
    run = run_with("asgd", steps=12, lr=0.05)  # t0 = 1e6: μ stays 1
    assert np.array_equal(run.state["ax"], run.path[1:])
    # t0 = 0: μ for update k is 1/max(1, k − 1), so ax after update k is the mean of x₂..x_k
    run = run_with("asgd", steps=12, lr=0.05, t0=0.0)
    for k in range(2, 13):
        np.testing.assert_allclose(run.state["ax"][k - 1], run.path[2 : k + 1].mean(axis=0), rtol=1e-13)
    assert not np.allclose(run.state["ax"][-1], run.path[-1])


def test_asgd_eta_of_the_next_update_uses_this_updates_lr():
    run = run_single(
        "quadratic",
        "asgd",
        START,
        6,
        hparams={"lr": 0.1, "lambd": 0.5},
        schedule="step",
        schedule_params={"step_size": 3, "gamma": 0.1},
        record_state=True,
    )
    lrs = run.lr
    for t in range(1, 7):
        assert run.state["eta"][t - 1, 0] == lrs[t - 1] / (1 + 0.5 * lrs[t - 1] * t) ** 0.75
    # update 4 still moves with η from update 3's lr (0.1), although its own lr is 0.01
    g = run.path[3]  # ∇f on ½(x² + y²)
    eta = run.state["eta"][2, 0]
    np.testing.assert_allclose(run.path[4], run.path[3] * (1 - 0.5 * eta) - eta * g, rtol=1e-15)


def test_asgd_keeps_the_real_part_of_a_complex_power():
    # 1 + λ·lr·t < 0 from t = 3: Python's power is complex, torch stores its real part in η
    run = run_with("asgd", steps=4, lr=0.5, lambd=-0.8)
    assert run.diverged_at is None
    for t in (3, 4):
        z = 0.5 / (1 + -0.8 * 0.5 * float(t)) ** 0.75
        assert isinstance(z, complex) and run.state["eta"][t - 1, 0] == z.real
    assert run.state["eta"][2, 0] < 0  # cos(3π/4) < 0: the next update climbs


# --------------------------------------------------------------------------------------
# Adafactor


def test_adafactor_first_step_moves_each_coordinate_by_the_rms_of_x():
    # V₁ = g², so U = sign(g), RMS(U) = 1; with lr ≥ 1, ρ₁ = 1 and α = max(ε₂, RMS(x₀))
    x0 = np.array([3.0, -0.5])
    run = run_single("quadratic", "adafactor", x0, 1, hparams={"lr": 5.0})
    rms = math.sqrt((9.0 + 0.25) / 2)
    np.testing.assert_allclose(run.path[1], x0 - rms * np.sign(x0), rtol=1e-15)
    # with lr < 1/√t the relative step is lr: ρ₁ = 0.1
    run = run_single("quadratic", "adafactor", x0, 1, hparams={"lr": 0.1})
    np.testing.assert_allclose(run.path[1], x0 - 0.1 * rms * np.sign(x0), rtol=1e-15)


def test_adafactor_alpha_uses_x_before_weight_decay_and_eps2_floors_it():
    x0 = np.array([1e-4, -2e-4])
    run = run_single("quadratic", "adafactor", x0, 1, hparams={"lr": 0.5, "weight_decay": 0.4, "eps": (None, 0.01)})
    # α = max(ε₂ = 0.01, RMS(x₀) ≈ 1.6e-4)·0.5; x shrinks by (1 − lr·λ) first
    np.testing.assert_allclose(run.path[1], x0 * (1 - 0.5 * 0.4) - 0.005 * np.sign(x0), rtol=1e-14)


def test_adafactor_eps_none_is_float64_machine_epsilon():
    a = run_with("adafactor", steps=20, lr=0.3)
    b = run_with("adafactor", steps=20, lr=0.3, eps=(2.0**-52, 1e-3))
    assert np.array_equal(a.path, b.path)


def test_adafactor_update_clipping_by_d():
    # climbing the bowl (maximize) from (1, 1): update 1 moves to (2, 2), so g doubles and with
    # τ = −1, V₂ = (g₁² + g₂²)/2 and RMS(U₂) = 2/√2.5 ≈ 1.26: d = 1 clips it, a large d does not
    hp = {"lr": 5.0, "beta2_decay": -1.0, "maximize": True}
    clipped = run_with("adafactor", steps=2, d=1.0, **hp)
    free = run_with("adafactor", steps=2, d=100.0, **hp)
    np.testing.assert_allclose(clipped.path[1], [2.0, 2.0], rtol=1e-15)
    assert np.array_equal(clipped.path[1], free.path[1])
    assert not np.allclose(clipped.path[2], free.path[2], rtol=1e-6)


# --------------------------------------------------------------------------------------
# L-BFGS


def test_lbfgs_history_carries_over_from_one_update_to_the_next():
    # two updates of one iteration each = one update of two iterations (torch keeps d, t, the
    # pairs and the previous gradient in its state)
    two_updates = run_single("rosenbrock", "lbfgs", (-1.5, 2.0), 2, hparams={"lr": 0.1, "max_iter": 1})
    one_update = run_single("rosenbrock", "lbfgs", (-1.5, 2.0), 1, hparams={"lr": 0.1, "max_iter": 2, "max_eval": 9})
    short = run_single("rosenbrock", "lbfgs", (-1.5, 2.0), 1, hparams={"lr": 0.1, "max_iter": 2})
    assert np.array_equal(short.path[1], two_updates.path[1])  # max_eval = 2·5//4 = 2 stops it after one
    assert np.array_equal(two_updates.path[2], one_update.path[1])


def test_line_search_divides_by_a_tensor_as_torch_does():
    # torch: float / tensor is the tensor's reciprocal times the float, not the division
    assert 3.0 / 1.43 == 2.097902097902098 != (1.0 / 1.43) * 3.0 == 2.0979020979020984
    q = 3.0 / Tensor0(1.43)
    assert isinstance(q, Tensor0) and q == 2.0979020979020984
    # a tensor stays a tensor through arithmetic (a step t from 1/‖g‖₁, a bracket end 0 - t, ...)
    t = 0 - Tensor0(0.25) * 2.0 + 1
    assert isinstance(t, Tensor0) and t == 0.5 and isinstance(abs(-t), Tensor0)
    assert isinstance(min(1.0, Tensor0(0.5)), Tensor0) and not isinstance(min(1.0, Tensor0(2.0)), Tensor0)
    assert 3.0 / Tensor0(0.0) == math.inf and math.isnan(0.0 / Tensor0(0.0))


def test_lbfgs_records_every_evaluation_and_counts_them():
    run = run_single(
        "rosenbrock", "lbfgs", (-1.5, 2.0), 6, hparams={"line_search_fn": "strong_wolfe"}, record_state=True
    )
    evals, probes = run.state["evals"][:, 0], run.state["probes"]
    assert evals[0] > 5 and np.all(evals >= 1)
    assert np.array_equal(run.state["func_evals"][:, 0], np.cumsum(evals))
    assert probes.shape == (6, evals.max(), 2)
    np.testing.assert_array_equal(probes[:, 0], run.path[:-1])  # the first call is at the start
    s = make_surface("rosenbrock")
    for k in range(6):
        last = probes[k, evals[k] - 1]
        # with a line search, the new iterate is the point of the accepted probe
        assert any(np.allclose(run.path[k + 1], p, rtol=1e-15, atol=0) for p in probes[k, : evals[k]])
        assert np.all(probes[k, evals[k] :] == last)
    assert run.loss[-1] < s.value(*run.path[0]) * 1e-6


def test_lbfgs_converged_steps_make_one_evaluation_and_stay_put():
    run = run_single("quadratic", "lbfgs", (1.0, -2.0), 10, record_state=True)
    done = np.flatnonzero(np.abs(run.grad).max(axis=1) <= 1e-7)
    assert done.size >= 5
    k = done[0]
    assert np.all(run.state["evals"][k:, 0] == 1)
    assert np.all(run.path[k + 1 :] == run.path[k])


def test_lbfgs_evaluations_stay_within_their_bound():
    for hp in [
        {},
        {"line_search_fn": "strong_wolfe"},
        {"max_iter": 3, "max_eval": 1, "line_search_fn": "strong_wolfe"},
        {"max_iter": 50, "max_eval": 7},
        {"max_iter": 2, "max_eval": 100},
        {"max_iter": 1},
    ]:
        for surface in ("rosenbrock", "beale", "rastrigin", "himmelblau"):
            s = make_surface(surface)
            run = run_single(surface, "lbfgs", s.start, 8, hparams=hp, record_state=True)
            bound = lbfgs_evaluations(resolve_hparams("lbfgs", hp))
            assert run.state["evals"].max() <= bound, (hp, surface)


def test_lbfgs_takes_no_noise_but_works_on_mini_batches():
    with pytest.raises(ValueError, match=r"^Invalid noise value: 0.1 \(lbfgs evaluates"):
        run_single("quadratic", "lbfgs", START, 5, noise=0.1)
    # the closure evaluates update k's mini-batch: its first gradient is the one the engine records
    full = run_single("neuron", "lbfgs", (0.5, -0.5), 1, hparams={"max_iter": 1, "lr": 0.5})
    mini = run_single("neuron", "lbfgs", (0.5, -0.5), 1, hparams={"max_iter": 1, "lr": 0.5}, batch_size=4, seed=3)
    for run in (full, mini):
        g = run.grad[0]
        t = min(1.0, 1.0 / np.abs(g).sum()) * 0.5
        np.testing.assert_allclose(run.path[1], run.path[0] - t * g, rtol=1e-15)
    assert not np.allclose(full.grad[0], mini.grad[0])


def test_lbfgs_evaluations_count_against_the_work_cap():
    s = make_surface("quadratic")
    runs = [RunSpec.make("lbfgs")] * 64
    with pytest.raises(ValueError, match=r"^Too much work: 64 runs × 10000 steps × up to 20 function evaluations"):
        simulate(s, runs, START, 10_000)
    with pytest.raises(ValueError, match=r"Too much work: 1 runs × 10 steps × up to 10000000 function"):
        simulate(s, [RunSpec.make("lbfgs", {"max_iter": 10**7, "max_eval": 10**7})], START, 10)
    # the same budget for other optimizers is fine
    assert MAX_WORK >= 64 * 10_000
    simulate(s, [RunSpec.make("sgd")] * 64, START, 10_000)


def test_a_step_that_probes_a_non_finite_point_diverges():
    # a huge fixed step: the first probe beyond the float range is non-finite
    run = run_single("quadratic", "lbfgs", START, 5, hparams={"lr": 1e308, "max_iter": 3}, record_state=True)
    assert run.diverged_at == 1
    assert run.path.shape == (1, 2) and run.state["probes"].shape[0] == 0


# --------------------------------------------------------------------------------------
# Muon


def test_newton_schulz_gives_a_bfloat16_direction_scaled_by_the_quintic():
    rng = np.random.default_rng(0)
    G = rng.standard_normal((200, 2)) * 10.0 ** rng.uniform(-5, 5, (200, 1))
    O = newton_schulz_bf16(G, (3.4445, -4.775, 2.0315), 5, 1e-7)
    assert O.dtype == np.float64
    # every value is a bfloat16 number: 8 significant bits
    mantissa, _ = np.frexp(O)
    assert np.all((mantissa * 2**8) == np.round(mantissa * 2**8))
    # the direction of G: G/‖G‖ has its one singular value at 1, which five steps of the quintic
    # σ ← σ(a + bσ² + cσ⁴) take to about 0.70 in exact arithmetic; bfloat16 spreads it a little
    cos = np.einsum("ij,ij->i", O, G) / (np.linalg.norm(O, axis=1) * np.linalg.norm(G, axis=1))
    assert np.all(cos > 0.999)
    sigma = 1.0
    for _ in range(5):
        sigma *= 3.4445 - 4.775 * sigma**2 + 2.0315 * sigma**4
    norms = np.linalg.norm(O, axis=1)
    assert np.all(np.abs(norms - sigma) < 0.05) and norms.std() > 1e-3, (sigma, norms.min(), norms.max())
    # without iterations it is G / ‖G‖ (G, ‖G‖ and the quotient each rounded to bfloat16)
    O0 = newton_schulz_bf16(G, (3.4445, -4.775, 2.0315), 0, 1e-7)
    np.testing.assert_allclose(O0, G / np.linalg.norm(G, axis=1, keepdims=True), rtol=3 * 2**-8)


def test_muon_zero_gradient_stays_zero_through_the_eps_clamp():
    run = run_single("quadratic", "muon", (0.0, 0.0), 3, hparams={"lr": 0.1})
    assert np.all(run.path == 0.0)


def test_muon_lr_adjustment_for_a_1x2_matrix():
    # original: √max(1, A/B) = 1; match_rms_adamw: 0.2·√max(A, B) = 0.2·√2
    hp = {"lr": 0.1, "weight_decay": 0.0}
    original = run_with("muon", **hp)
    none = run_with("muon", **hp, adjust_lr_fn=None)
    matched = run_with("muon", **hp, adjust_lr_fn="match_rms_adamw")
    assert np.array_equal(original.path, none.path)
    step_o = original.path[1] - original.path[0]
    step_m = matched.path[1] - matched.path[0]
    np.testing.assert_allclose(step_m, step_o * 0.2 * math.sqrt(2), rtol=1e-13)


def test_muon_buffer_is_an_exponential_average():
    # torch's code: buf ← lerp(buf, g, 1 − μ) (its docstring writes μ·buf + g)
    run = run_with("muon", steps=1, lr=0.01, momentum=0.9, nesterov=False)
    np.testing.assert_allclose(run.state["momentum_buffer"][0], [0.1 * 1.0, 0.1 * 4.0], rtol=1e-14)


# --------------------------------------------------------------------------------------
# Batches and sweeps


MIXED = [
    RunSpec.make("rprop", {"lr": 0.05, "etas": (0.3, 1.5)}),
    RunSpec.make("rprop", {"lr": 0.01, "step_sizes": (1e-3, 0.2), "maximize": True}),
    RunSpec.make("asgd", {"lr": 0.02, "t0": 3.0}),
    RunSpec.make("asgd", {"lr": 0.01, "lambd": -0.2}),
    RunSpec.make("adafactor", {"eps": (1e-3, 1e-2)}),
    RunSpec.make("adafactor", {"lr": 0.2, "beta2_decay": -0.5, "d": 2.0}),
    RunSpec.make("lbfgs", {"lr": 0.5}),
    RunSpec.make("lbfgs", {"line_search_fn": "strong_wolfe", "max_iter": 4, "history_size": 2}),
    RunSpec.make("lbfgs", {"max_iter": 1, "lr": 0.1}),
    RunSpec.make("muon", {"lr": 0.02, "nesterov": False, "ns_steps": 2}),
    RunSpec.make("muon", {"lr": 0.05, "adjust_lr_fn": "match_rms_adamw", "ns_coefficients": (2.0, -1.5, 0.5)}),
    RunSpec.make("radam", {"lr": 0.05, "betas": (0.8, 0.9)}),
    RunSpec.make("radam", {"lr": 0.05, "decoupled_weight_decay": True, "weight_decay": 0.1}),
    RunSpec.make("adamax", {"lr": 0.05}),
    RunSpec.make("adamax", {"lr": 1e6}),  # diverges
]


@pytest.mark.parametrize("surface", ["rosenbrock", "himmelblau", "neuron"])
def test_batched_runs_equal_single_runs_bit_for_bit(surface):
    s = make_surface(surface)
    res = simulate(s, MIXED, s.start, 60, record_state=True)
    assert res.runs[-1].diverged_at is not None
    for spec, r in zip(MIXED, res.runs):
        one = simulate(s, [spec], s.start, 60, record_state=True).runs[0]
        assert r.diverged_at == one.diverged_at
        for name in ("path", "loss", "lr", "grad"):
            assert np.array_equal(getattr(r, name), getattr(one, name)), (spec, name)
        assert r.state.keys() == one.state.keys()
        for name in r.state:
            assert np.array_equal(r.state[name], one.state[name]), (spec, name)


@pytest.mark.parametrize(
    ("optimizer", "x_axis", "y_axis", "hparams"),
    [
        ("rprop", GridAxis("etaplus", 1.05, 2.0, 4), GridAxis("lr", 1e-3, 0.1, 3, log=True), {"etas": (0.4, 1.2)}),
        ("adafactor", GridAxis("eps2", 1e-4, 1e-1, 3, log=True), GridAxis("beta2_decay", -1.0, -0.3, 3), {}),
        ("muon", GridAxis("ns_b", -5.0, -3.0, 3), GridAxis("lr", 0.01, 0.05, 2), {"nesterov": False}),
        (
            "lbfgs",
            GridAxis("lr", 0.1, 1.0, 3),
            GridAxis("tolerance_grad", 1e-6, 1e-2, 3, log=True),
            {"line_search_fn": "strong_wolfe", "max_iter": 5},
        ),
        ("asgd", GridAxis("alpha", 0.25, 1.0, 3), GridAxis("lambd", 0.0, 0.5, 3), {"lr": 0.02}),
    ],
)
def test_sweep_cells_equal_single_runs(optimizer, x_axis, y_axis, hparams):
    s = make_surface("himmelblau")
    res = sweep(s, optimizer, x_axis, y_axis, (0.0, 0.0), 40, hparams=hparams)
    h = get_optimizer(optimizer)
    for i, yv in enumerate(y_axis.values()):
        for j, xv in enumerate(x_axis.values()):
            cell = dict(hparams)
            for name, v in ((x_axis.name, xv), (y_axis.name, yv)):
                owner = next((p for p in h.hparams if name in p.part_names), None)
                if owner is None:
                    cell[name] = v
                else:  # one number of a tuple: the others from the given tuple or the default
                    parts = dict(zip(owner.part_names, cell.get(owner.name, owner.default)))
                    parts[name] = v
                    cell[owner.name] = tuple(parts.values())
            one = run_single(s, optimizer, (0.0, 0.0), 40, hparams=cell)
            assert res.final_loss[i, j] == one.metrics.final_loss, (xv, yv)
            assert res.diverged_at[i, j] == (one.diverged_at or 0)


def test_sweep_refuses_ints_choices_and_whole_tuples():
    s = make_surface("quadratic")
    for name, optimizer in [
        ("max_iter", "lbfgs"),
        ("ns_steps", "muon"),
        ("etas", "rprop"),
        ("line_search_fn", "lbfgs"),
    ]:
        with pytest.raises(ValueError, match=rf"Cannot sweep '{name}' for {optimizer}"):
            sweep(s, optimizer, GridAxis(name, 1, 5, 5), GridAxis("lr", 0.1, 1.0, 2), START, 10)
    with pytest.raises(ValueError, match=r"Invalid noise value"):
        sweep(s, "lbfgs", GridAxis("lr", 0.1, 1.0, 2), GridAxis("tolerance_grad", 1e-5, 1e-3, 2), START, 10, noise=0.5)
