"""Adamax, RAdam, Rprop, ASGD, Adafactor, L-BFGS and Muon match real torch.optim step for step.

The golden trajectories in tests/fixtures/torch_golden_more.json were recorded from torch.optim
2.13 (float64, autograd gradients, foreach=False) by tests/fixtures/gen_torch_golden_more.py,
run with a separate torch venv; this test reads only the JSON.

Per case: the path and the loss at the case's tolerance (rtol 1e-9, atol 1e-12; 1e-7 for the
"-illcond" cases, whose shadow runs showed that a few ulps are amplified), the lr of every
update, and where the fixture has them ASGD's averaged iterate ``ax``, L-BFGS's number of
function evaluations in every step (exactly) and the point of each evaluation. Divergent cases
must diverge at torch's update, with the same path before it.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from optim_viz.core.engine import run_single
from optim_viz.core.surfaces import make_custom_surface

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "torch_golden_more.json"
CASES = json.loads(FIXTURE.read_text(encoding="utf-8"))["cases"]
OPTIMIZERS = ("adamax", "radam", "rprop", "asgd", "adafactor", "lbfgs", "muon")
SURFACES = ("ravine", "quadratic", "rosenbrock", "beale", "himmelblau", "saddle", "custom")

_results: dict[str, object] = {}


def _run(case):
    """run_single on a case, with per-step state (cached: each case runs once per session)."""
    if case["id"] not in _results:
        if case["surface"] == "custom":
            surface, params = make_custom_surface(case["expr"]), None
        else:
            surface, params = case["surface"], copy.deepcopy(case["surface_params"])
        _results[case["id"]] = run_single(
            surface,
            case["optimizer"],
            list(case["start"]),
            case["steps"],
            surface_params=params,
            hparams=copy.deepcopy(case["hparams"]),
            schedule=case["schedule"],
            schedule_params=copy.deepcopy(case["schedule_params"]),
            record_state=True,
        )
    return _results[case["id"]]


def _describe(case):
    return (
        f"{case['optimizer']} hparams={case['hparams']} on {case['surface']} {case['surface_params']} "
        f"from {case['start']}, {case['steps']} steps, schedule={case['schedule']} {case['schedule_params']}"
    )


def _assert_close(name, actual, expected, case):
    """assert_allclose, saying first at which update torch and the engine part."""
    rtol, atol = case["rtol"], case["atol"]
    actual = np.asarray(actual, dtype=float)
    expected = np.asarray(expected, dtype=float)
    assert actual.shape == expected.shape, f"{name}: shape {actual.shape} != torch's {expected.shape}"
    bad = ~np.isclose(actual, expected, rtol=rtol, atol=atol)
    if bad.ndim > 1:
        bad = bad.any(axis=tuple(range(1, bad.ndim)))
    if not bad.any():
        return
    i = int(np.argmax(bad))
    rows = "\n".join(
        f"    {name}[{k}]: torch={expected[k].tolist()!r} engine={actual[k].tolist()!r}"
        for k in range(max(i - 1, 0), min(i + 3, len(expected)))
    )
    msg = f"{name} differs first at index {i}; {int(bad.sum())} of {len(bad)} differ\n  case: {_describe(case)}\n{rows}"
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol, err_msg=msg)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_engine_matches_torch(case):
    res = _run(case)
    assert res.diverged_at == case["diverged_at"], _describe(case)
    n = len(case["path"])
    assert res.path.shape == (n, 2) and res.loss.shape == (n,) and res.lr.shape == (n - 1,)
    _assert_close("path", res.path, case["path"], case)
    _assert_close("loss", res.loss, case["loss"], case)
    np.testing.assert_allclose(res.lr, case["lr"], rtol=1e-12, atol=0, err_msg=_describe(case))


ASGD = [c for c in CASES if c["optimizer"] == "asgd"]


@pytest.mark.parametrize("case", ASGD, ids=[c["id"] for c in ASGD])
def test_asgd_averaged_iterate_matches_torch(case):
    _assert_close("ax", _run(case).state["ax"], case["ax"], case)


LBFGS = [c for c in CASES if c["optimizer"] == "lbfgs"]


@pytest.mark.parametrize("case", LBFGS, ids=[c["id"] for c in LBFGS])
def test_lbfgs_evaluations_match_torch(case):
    """The same number of closure calls in every step, at the same points, in the same order."""
    res = _run(case)
    evals = res.state["evals"][:, 0]
    assert evals.tolist() == case["evals"], _describe(case)
    assert res.state["func_evals"][:, 0].tolist() == np.cumsum(case["evals"]).tolist()
    for k, points in enumerate(case["probes"]):
        probes = res.state["probes"][k]
        _assert_close(f"probes of update {k + 1}", probes[: len(points)], points, case)
        # past the evaluations, the array repeats the last point (a fixed width for every step)
        padding = probes[len(points) :]
        assert np.array_equal(padding, np.broadcast_to(probes[len(points) - 1], padding.shape))
    # the first evaluation of each step is at the step's starting point
    if case["probes"]:
        np.testing.assert_array_equal(res.state["probes"][:, 0], res.path[:-1])


def test_fixture_covers_the_optimizers_surfaces_and_edges():
    per_opt = Counter(c["optimizer"] for c in CASES)
    assert set(per_opt) == set(OPTIMIZERS)
    assert min(per_opt.values()) >= 20, per_opt
    for opt in OPTIMIZERS:
        mine = [c for c in CASES if c["optimizer"] == opt]
        assert any(c["diverged_at"] for c in mine), f"{opt}: no divergent case"
        assert any(c["schedule"] != "constant" for c in mine), f"{opt}: no schedule"
        assert len({c["surface"] for c in mine}) >= 5, f"{opt}: too few surfaces"
    assert set(SURFACES) <= {c["surface"] for c in CASES}
    hp = [(c["optimizer"], k, json.dumps(v)) for c in CASES for k, v in c["hparams"].items()]
    for needed in [
        ("lbfgs", "line_search_fn", '"strong_wolfe"'),
        ("muon", "nesterov", "false"),
        ("muon", "adjust_lr_fn", '"match_rms_adamw"'),
        ("radam", "decoupled_weight_decay", "true"),
        ("adafactor", "eps", "[null, 0.1]"),
    ]:
        assert needed in hp, needed
    for opt in ("adamax", "radam", "rprop", "asgd", "adafactor"):
        assert (opt, "maximize", "true") in hp, opt
    strict = [c for c in CASES if c["conditioning"] == "strict"]
    assert len(strict) >= 0.95 * len(CASES)
    for c in CASES:
        assert len(c["path"]) == len(c["loss"]) == len(c["lr"]) + 1
        assert np.isfinite(c["path"]).all() and np.isfinite(c["loss"]).all()
