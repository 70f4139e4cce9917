"""ReduceLROnPlateau and epoch training match real PyTorch.

tests/fixtures/plateau_golden.json was recorded from torch 2.13 by tests/fixtures/gen_plateau_golden.py
(run in a separate venv with torch); this test reads only the JSON. The scheduler is compared
exactly: it is a handful of Python float operations, the same ones torch does.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from optim_viz.core.plateau import Plateau, plateau_init, plateau_lrs, plateau_step

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "plateau_golden.json"
DATA = json.loads(FIXTURE.read_text(encoding="utf-8"))
SCHEDULERS = DATA["schedulers"]


def number(v) -> float:
    return float(v) if isinstance(v, str) else v  # "inf", "-inf", "nan"


def same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


def test_the_fixture_comes_from_torch_2_13_and_covers_every_argument():
    assert DATA["torch"].startswith("2.13")
    used = {k for c in SCHEDULERS for k in c["args"]}
    assert used == {"mode", "factor", "patience", "threshold", "threshold_mode", "cooldown", "min_lr", "eps"}
    reductions = sum(1 for c in SCHEDULERS for a, b in zip([c["lr"]] + [s["lr"] for s in c["expected"]],
                                                           [s["lr"] for s in c["expected"]]) if b < a)  # fmt: skip
    assert len(SCHEDULERS) >= 30 and reductions >= 50


@pytest.mark.parametrize("case", SCHEDULERS, ids=[c["id"] for c in SCHEDULERS])
def test_plateau_matches_torch_step_by_step(case):
    p = Plateau(**case["args"])
    state = plateau_init(case["lr"], p)
    for k, (metric, want) in enumerate(zip(case["metrics"], case["expected"]), start=1):
        state = plateau_step(state, number(metric), p)
        assert state.lr == want["lr"], (k, state, want)
        assert same(state.best, number(want["best"])), (k, state, want)
        assert (state.num_bad_epochs, state.cooldown_counter) == (want["num_bad_epochs"], want["cooldown_counter"])
    assert plateau_lrs([number(m) for m in case["metrics"]], case["lr"], p) == [s["lr"] for s in case["expected"]]


def test_the_notes_rule_halves_the_lr_each_time_the_validation_loss_stops_falling():
    case = next(c for c in SCHEDULERS if c["id"].startswith("notes"))
    lrs = plateau_lrs(case["metrics"], case["lr"], Plateau(**case["args"]))
    assert lrs == [0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.0125, 0.00625, 0.00625]


@pytest.mark.parametrize("args,message", [
    ({"factor": 1.0}, "Factor should be < 1.0."),
    ({"mode": "lowest"}, "mode lowest is unknown!"),
    ({"threshold_mode": "pct"}, "threshold mode pct is unknown!"),
    ({"factor": -0.5}, "Invalid factor value: -0.5"),
    ({"patience": -1}, "Invalid patience value: -1"),
    ({"cooldown": 1.5}, "Invalid cooldown value: 1.5"),
    ({"min_lr": -1e-3}, "Invalid min_lr value: -0.001"),
    ({"threshold": math.nan}, "Invalid threshold value: nan"),
    ({"eps": math.inf}, "Invalid eps value: inf"),
])  # fmt: skip
def test_bad_arguments_are_refused_by_name(args, message):
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(").replace(".", r"\.")):
        Plateau(**args)


# --------------------------------------------------------------------------------------
# Epoch training: SGD on the neuron with a validation split, step decay or ReduceLROnPlateau

TRAINING = DATA["training"]


@pytest.mark.parametrize("case", TRAINING, ids=[c["id"] for c in TRAINING])
def test_epoch_training_matches_torch(case):
    from optim_viz.core import neuron
    from optim_viz.core.epochs import LrRule, train_in_epochs, validation_split

    X, labels = neuron.make_data(case["points"], case["data_seed"], case["sep"])
    split = validation_split(case["points"], case["data_seed"], case["validation"])
    if case["schedule"] == "plateau":
        rule = LrRule("plateau", plateau=Plateau(**case["plateau"]))
    elif case["schedule"] == "step":
        rule = LrRule("step", case["step_size"], case["gamma"])
    else:
        rule = LrRule("constant")
    runs = train_in_epochs(X, labels, split, case["start"], case["lr"], case["momentum"], case["batch"],
                           case["epochs"], case["seed"], [rule], "mse", case["activation"])  # fmt: skip
    want = case["expected"]
    assert runs.lr[0].tolist() == want["lr"]  # the same decisions, the same lr to the last bit
    np.testing.assert_allclose(runs.weights[0], want["weights"], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(runs.train_loss[0], want["train_loss"], rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(runs.val_loss[0], want["val_loss"], rtol=1e-9, atol=1e-15)
    if case["schedule"] == "plateau":  # a cut after epoch e shows as a lower lr in epoch e + 1
        lrs = want["lr"]
        cuts = [e for e in range(len(lrs) - 1) if lrs[e + 1] < lrs[e]]
        assert np.flatnonzero(runs.reduced[0][:-1]).tolist() == cuts


def test_training_cases_cut_the_learning_rate():
    plateau = [c for c in TRAINING if c["schedule"] == "plateau"]
    assert all(min(c["expected"]["lr"]) < c["lr"] for c in plateau)
    step = next(c for c in TRAINING if c["schedule"] == "step")
    assert step["expected"]["lr"][:11] == [2.0] * 5 + [1.0] * 5 + [0.5]  # the notes: halve every 5 epochs


def test_relu_derivative_at_zero_is_torchs():
    """A point with z = 0 exactly adds what torch's autograd gives there: relu′(0)·2(relu(0) − y)·x."""
    from optim_viz.core import neuron

    X, y = np.array([[1.0, 0.0], [0.5, 2.0]]), np.array([1.0, 0.0])
    _, g1, g2 = neuron.loss_and_grad(np.array(0.0), np.array(1.0), X[:1], y[:1], "mse", "relu")
    torch_relu_prime = DATA["relu_grad_at_zero"]
    assert torch_relu_prime == 0.0
    assert (float(g1), float(g2)) == (torch_relu_prime * 2 * (0 - 1) * 1.0, 0.0)
