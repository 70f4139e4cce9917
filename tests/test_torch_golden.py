"""The NumPy engine matches real torch.optim step for step, in float64.

The golden trajectories in tests/fixtures/torch_golden.json were recorded from
torch.optim (foreach=False, float64, autograd gradients) by
tests/fixtures/gen_torch_golden.py, run with a separate torch venv. This test
reads only the JSON: it needs neither torch nor that venv.

Tolerances come from each case: rtol 1e-9, atol 1e-12, except cases whose id
ends in "-illcond", where the generator measured that rounding differences of
a few ulps are amplified along the trajectory; those use rtol 1e-7. (In the
current fixture there are none.)
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from optim_viz.core.engine import run_single

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "torch_golden.json"
CASES = json.loads(FIXTURE.read_text(encoding="utf-8"))["cases"]
OPTIMIZERS = ("sgd", "adagrad", "rmsprop", "adadelta", "adam", "adamw", "nadam")

_results: dict[str, object] = {}


def _run(case):
    """run_single on a case (cached: each case is run once per session)."""
    if case["id"] not in _results:
        _results[case["id"]] = run_single(
            case["surface"],
            case["optimizer"],
            list(case["start"]),
            case["steps"],
            surface_params=copy.deepcopy(case["surface_params"]),
            hparams=copy.deepcopy(case["hparams"]),
            schedule=case["schedule"],
            schedule_params=copy.deepcopy(case["schedule_params"]),
            noise=case["noise"],
            seed=case["seed"],
        )
    return _results[case["id"]]


def _describe(case):
    return (
        f"{case['optimizer']} hparams={case['hparams']} on {case['surface']} "
        f"{case['surface_params']} from {case['start']}, {case['steps']} steps, "
        f"schedule={case['schedule']} {case['schedule_params']}, "
        f"noise={case['noise']} seed={case['seed']}"
    )


def _assert_trajectory_close(name, actual, expected, case):
    """assert_allclose, but say first where (which update) torch and the engine part."""
    rtol, atol = case["rtol"], case["atol"]
    actual = np.asarray(actual, dtype=float)
    expected = np.asarray(expected, dtype=float)
    bad = ~np.isclose(actual, expected, rtol=rtol, atol=atol)
    if bad.ndim > 1:
        bad = bad.any(axis=tuple(range(1, bad.ndim)))
    if not bad.any():
        return
    i = int(np.argmax(bad))
    lo, hi = max(i - 1, 0), min(i + 3, len(expected))
    rows = "\n".join(
        f"    {name}[{k}]: torch={expected[k].tolist()!r} engine={actual[k].tolist()!r}"
        for k in range(lo, hi)
    )
    where = "the start" if i == 0 else f"after update {i} (t={i - 1})"
    msg = (
        f"{name} differs first at index {i}, {where}; "
        f"{int(bad.sum())} of {len(bad)} entries differ (rtol={rtol}, atol={atol})\n"
        f"  case: {_describe(case)}\n{rows}"
    )
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol, err_msg=msg)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_engine_matches_torch(case):
    res = _run(case)
    n = case["steps"]
    assert res.diverged_at is None, (
        f"engine says diverged at {res.diverged_at}: {_describe(case)}"
    )
    path, loss, lr = np.asarray(res.path), np.asarray(res.loss), np.asarray(res.lr)
    assert path.shape == (n + 1, 2)
    assert loss.shape == (n + 1,)
    assert lr.shape == (n,)
    assert path.dtype == np.float64
    _assert_trajectory_close("path", path, case["path"], case)
    _assert_trajectory_close("loss", loss, case["loss"], case)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_lr_per_update_matches_torch(case):
    """lr[t] is the group lr torch used for update t (the schedule's value)."""
    res = _run(case)
    np.testing.assert_allclose(
        np.asarray(res.lr, dtype=float),
        case["lr"],
        rtol=1e-12,
        atol=0,
        err_msg=_describe(case),
    )


def test_fixture_covers_the_optimizers():
    per_opt = Counter(c["optimizer"] for c in CASES)
    assert set(per_opt) == set(OPTIMIZERS)
    assert min(per_opt.values()) >= 25, per_opt
    schedules = Counter(c["schedule"] for c in CASES)
    assert {"constant", "step", "exponential", "inverse_time", "cosine"} <= set(
        schedules
    )
    assert sum(1 for c in CASES if c["noise"]) >= 10
    for c in CASES:
        assert len(c["path"]) == c["steps"] + 1 == len(c["loss"]) == len(c["lr"]) + 1
        assert np.isfinite(c["path"]).all() and np.isfinite(c["loss"]).all()
