"""ReduceLROnPlateau and epoch training match real PyTorch.

tests/fixtures/plateau_golden.json was recorded from torch 2.13 by tests/fixtures/gen_plateau_golden.py
(run in a separate venv with torch); this test reads only the JSON. The scheduler is compared
exactly: it is a handful of Python float operations, the same ones torch does.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

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
