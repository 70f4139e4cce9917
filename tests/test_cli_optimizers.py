"""The command line with Adamax, RAdam, Rprop, ASGD, Adafactor, L-BFGS and Muon: the listing, tuple,
whole-number and choice hyperparameters in ``--hp``, sweeps over one number of a tuple, and bad
values answered with torch's words, exit code 2 and one line on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from optim_viz.cli import main
from optim_viz.core.engine import GridAxis, run_single, sweep
from optim_viz.core.surfaces import make_surface

ROOT = Path(__file__).resolve().parents[1]
NEW = ("adamax", "radam", "rprop", "asgd", "adafactor", "lbfgs", "muon")


def _no_constants(name):
    raise ValueError(f"non-strict JSON constant {name}")


def cli(capsys, *argv: str):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0 and err == "", err
    assert out.endswith("\n") and out.count("\n") == 1
    return json.loads(out, parse_constant=_no_constants)


def cli_error(capsys, *argv: str) -> str:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 2, (code, err)
    assert out == "" and "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1 and err.endswith("\n"), err
    return lines[0]


def test_listing_shows_kinds_parts_choices_and_what_a_sweep_can_vary(capsys):
    out = cli(capsys, "optimizers")["optimizers"]
    assert set(NEW) <= set(out)
    assert out["rprop"]["torch"] == "torch.optim.Rprop" and out["lbfgs"]["torch"] == "torch.optim.LBFGS"
    etas = out["rprop"]["hparams"]["etas"]
    assert etas["kind"] == "tuple" and etas["default"] == [0.5, 1.2]
    assert [p["name"] for p in etas["parts"]] == ["etaminus", "etaplus"]
    assert out["rprop"]["hparams"]["step_sizes"]["default"] == [1e-6, 50]
    assert out["adafactor"]["hparams"]["eps"]["default"] == [None, 1e-3]
    assert out["muon"]["hparams"]["ns_coefficients"]["default"] == [3.4445, -4.775, 2.0315]
    ls = out["lbfgs"]["hparams"]["line_search_fn"]
    assert ls == {"kind": "choice", "default": None, "doc": ls["doc"], "choices": [None, "strong_wolfe"]}
    assert out["lbfgs"]["hparams"]["max_iter"]["kind"] == "int"
    assert out["lbfgs"]["hparams"]["max_eval"]["default"] is None
    assert out["muon"]["hparams"]["adjust_lr_fn"]["choices"] == [None, "original", "match_rms_adamw"]
    assert out["adam"]["hparams"]["betas"]["kind"] == "betas"
    assert out["adam"]["sweepable"] == ["lr", "beta1", "beta2", "eps", "weight_decay"]
    assert out["lbfgs"]["sweepable"] == ["lr", "tolerance_grad", "tolerance_change"]
    assert "maximize" not in out["muon"]["hparams"] and "maximize" not in out["lbfgs"]["hparams"]


def test_run_with_tuple_int_and_choice_values(capsys):
    out = cli(
        capsys,
        "run",
        "--surface",
        "ravine",
        "--optimizer",
        "rprop",
        "--hp",
        "etas=0.4,1.3",
        "--hp",
        "step_sizes=1e-4,0.5",
        "--steps",
        "30",
        "--start=-3,1",
    )
    assert out["hparams"]["etas"] == [0.4, 1.3] and out["hparams"]["step_sizes"] == [1e-4, 0.5]
    ref = run_single("ravine", "rprop", (-3.0, 1.0), 30, hparams={"etas": (0.4, 1.3), "step_sizes": (1e-4, 0.5)})
    assert np.array_equal(np.array(out["path"]), ref.path)
    out = cli(
        capsys,
        "run",
        "--surface",
        "rosenbrock",
        "--optimizer",
        "lbfgs",
        "--hp",
        "line_search_fn=strong_wolfe",
        "--hp",
        "max_iter=5",
        "--hp",
        "history_size=3",
        "--steps",
        "4",
        "--state",
    )
    assert out["hparams"]["line_search_fn"] == "strong_wolfe" and out["hparams"]["max_eval"] == 6
    evals = [e[0] for e in out["state"]["evals"]]
    assert len(evals) == 4 and all(1 <= e <= 7 for e in evals)
    probes = out["state"]["probes"]
    assert len(probes) == 4 and len(probes[0]) == max(evals) and probes[0][0] == out["path"][0]
    out = cli(
        capsys, "run", "--surface", "quadratic", "--optimizer", "adafactor", "--hp", "eps=none,0.01", "--steps", "3"
    )
    assert out["hparams"]["eps"] == [2.0**-52, 0.01]
    out = cli(
        capsys,
        "run",
        "--surface",
        "himmelblau",
        "--optimizer",
        "muon",
        "--hp",
        "adjust_lr_fn=match_rms_adamw",
        "--hp",
        "ns_coefficients=2,-1.5,0.5",
        "--hp",
        "nesterov=false",
        "--steps",
        "5",
    )
    assert out["hparams"]["ns_coefficients"] == [2.0, -1.5, 0.5] and out["hparams"]["nesterov"] is False
    out = cli(capsys, "run", "--surface", "quadratic", "--optimizer", "asgd", "--hp", "t0=2", "--steps", "6", "--state")
    assert len(out["state"]["ax"]) == 6 and out["state"]["ax"][-1] != out["path"][-1]


ERRORS = [
    (["--optimizer", "rprop", "--hp", "etas=2,0.5"], "Invalid eta values: 2, 0.5"),
    (["--optimizer", "rprop", "--hp", "etas=0.5"], "Invalid etas value: 0.5 (expected two numbers"),
    (["--optimizer", "rprop", "--hp", "step_sizes=1e-6,inf"], "Invalid step_sizes value: inf"),
    (["--optimizer", "adamax", "--hp", "betas=0.9,1"], "Invalid beta parameter at index 1: 1"),
    (["--optimizer", "radam", "--hp", "eps=-1"], "Invalid epsilon value: -1"),
    (["--optimizer", "asgd", "--hp", "weight_decay=-0.1"], "Invalid weight_decay value: -0.1"),
    (["--optimizer", "adafactor", "--hp", "d=0.5"], "Clipping threshold d should be >= 1 but is: 0.5"),
    (["--optimizer", "adafactor", "--hp", "beta2_decay=0.2"], "beta2_decay should be <= 0 but is: 0.2"),
    (["--optimizer", "lbfgs", "--hp", "line_search_fn=armijo"], "only 'strong_wolfe' is supported: 'armijo'"),
    (["--optimizer", "lbfgs", "--hp", "max_iter=2.5"], "Invalid max_iter value: 2.5"),
    (["--optimizer", "lbfgs", "--hp", "history_size=0"], "Invalid history_size value: 0"),
    (["--optimizer", "lbfgs", "--noise", "0.5"], "Invalid noise value: 0.5"),
    (["--optimizer", "muon", "--hp", "ns_steps=120"], "Number of steps must be less than 100"),
    (["--optimizer", "muon", "--hp", "ns_coefficients=1,2"], "Coefficients must be a tuple of exactly 3 values"),
    (["--optimizer", "muon", "--hp", "adjust_lr_fn=sqrt"], "Adjust learning rate function sqrt is not supported"),
    (["--optimizer", "muon", "--hp", "maximize=true"], "Unknown hyperparameter for muon: 'maximize'"),
    (["--optimizer", "muon", "--hp", "lr=-1"], "Learning rate should be >= 0 but is: -1"),
]


@pytest.mark.parametrize(("argv", "message"), ERRORS, ids=[" ".join(a) for a, _ in ERRORS])
def test_bad_values_exit_2_with_torchs_words(capsys, argv, message):
    line = cli_error(capsys, "run", "--surface", "quadratic", *argv)
    assert line.startswith("error: " + message), line


def test_sweep_over_one_number_of_a_tuple(capsys):
    out = cli(
        capsys,
        "sweep",
        "--surface",
        "ravine",
        "--optimizer",
        "rprop",
        "--grid",
        "etaplus=1.05:2:4",
        "--grid",
        "lr=1e-3:0.1:3:log",
        "--hp",
        "etas=0.3,1.2",
        "--steps",
        "50",
    )
    res = sweep(
        make_surface("ravine"),
        "rprop",
        GridAxis("etaplus", 1.05, 2.0, 4),
        GridAxis("lr", 1e-3, 0.1, 3, log=True),
        make_surface("ravine").start,
        50,
        hparams={"etas": (0.3, 1.2)},
    )
    assert np.array_equal(np.array(out["final_loss"]), res.final_loss)
    # the fixed etaminus is the given one: a cell equals the run with etas = (0.3, etaplus)
    one = run_single("ravine", "rprop", make_surface("ravine").start, 50, hparams={"lr": 1e-3, "etas": (0.3, 1.05)})
    assert out["final_loss"][0][0] == one.metrics.final_loss


def test_lbfgs_sweep_and_what_cannot_be_swept(capsys):
    out = cli(
        capsys,
        "sweep",
        "--surface",
        "rosenbrock",
        "--optimizer",
        "lbfgs",
        "--grid",
        "lr=0.1:1:4",
        "--grid",
        "tolerance_grad=1e-6:1e-2:3:log",
        "--hp",
        "line_search_fn=strong_wolfe",
        "--steps",
        "20",
    )
    assert np.array(out["final_loss"]).shape == (3, 4)
    line = cli_error(
        capsys,
        "sweep",
        "--surface",
        "rosenbrock",
        "--optimizer",
        "lbfgs",
        "--grid",
        "max_iter=1:5:5",
        "--grid",
        "lr=0.1:1:4",
    )
    assert "Cannot sweep 'max_iter' for lbfgs (choose from lr, tolerance_grad, tolerance_change)" in line
    line = cli_error(
        capsys,
        "sweep",
        "--surface",
        "rosenbrock",
        "--optimizer",
        "rprop",
        "--grid",
        "etas=1:2:5",
        "--grid",
        "lr=0.1:1:4",
    )
    assert "Cannot sweep 'etas' for rprop" in line and "etaplus" in line


def test_the_module_in_a_subprocess_answers_a_bad_eta_with_one_line():
    p = subprocess.run(
        [
            sys.executable,
            "-m",
            "optim_viz",
            "run",
            "--surface",
            "quadratic",
            "--optimizer",
            "rprop",
            "--hp",
            "etas=2,0.5",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert p.returncode == 2 and p.stdout == ""
    assert p.stderr == "error: Invalid eta values: 2, 0.5\n"
