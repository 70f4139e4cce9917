"""``python -m optim_viz``: strict JSON on stdout, one-line errors with exit code 2.

Most cases call ``optim_viz.cli.main(argv)`` in-process (capsys); a few run the real module
in a subprocess, which is also where start-up is checked to stay free of Streamlit/Plotly.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from optim_viz.cli import main
from optim_viz.core.engine import GridAxis, run_single, sweep
from optim_viz.core.optimizers import OPTIMIZERS
from optim_viz.core.schedules import SCHEDULES
from optim_viz.core.surfaces import SURFACES, make_surface

ROOT = Path(__file__).resolve().parents[1]


def _no_constants(name):
    raise ValueError(f"non-strict JSON constant {name}")


def strict_json(text: str):
    """json.loads that refuses NaN/Infinity, and exactly one JSON document followed by a newline."""
    assert text.endswith("\n") and text.count("\n") == 1, "one line of JSON on stdout"
    return json.loads(text, parse_constant=_no_constants)


def cli(capsys, *argv: str):
    """Run main(argv) in-process: (exit code, parsed stdout, stderr)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    assert err == ""
    return strict_json(out)


def cli_error(capsys, *argv: str) -> str:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 2, (code, err)
    assert out == ""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].strip(), f"one non-empty line on stderr, got {err!r}"
    assert err.endswith("\n")
    return lines[0]


def subprocess_cli(*argv: str, extra=()):
    return subprocess.run(
        [sys.executable, *extra, "-m", "optim_viz", *argv], capture_output=True, text=True, cwd=ROOT, timeout=60
    )


# --------------------------------------------------------------------------------------
# run


def test_run_prints_the_engine_trajectory_at_full_precision(capsys):
    out = cli(capsys, "run", "--surface", "rosenbrock", "--optimizer", "adam", "--hp", "lr=0.05",
              "--start=-1.5,2.0", "--steps", "120")
    ref = run_single("rosenbrock", "adam", (-1.5, 2.0), 120, hparams={"lr": 0.05})
    assert out["path"][0] == [-1.5, 2.0]
    assert len(out["path"]) == 121 and len(out["loss"]) == 121 and len(out["lr"]) == 120
    # exact, not approximate: JSON carries float64 round-trip precision
    assert np.array_equal(np.array(out["path"]), ref.path)
    assert np.array_equal(np.array(out["loss"]), ref.loss)
    assert np.array_equal(np.array(out["lr"]), ref.lr)
    assert np.array_equal(np.array(out["grad"]), ref.grad)
    assert out["diverged_at"] is None
    assert out["metrics"] == json.loads(json.dumps(ref.metrics.to_dict()))
    for name in ("final_loss", "steps_to_tolerance", "path_length", "oscillation_index"):
        assert out[name] == out["metrics"][name]


def test_run_value_forms(capsys):
    out = cli(capsys, "run", "--surface", "quadratic", "--surface-param", "a=2.0", "--surface-param", "b=50",
              "--optimizer", "adam", "--hp", "lr=1e-06", "--hp", "betas=0.9,0.999", "--hp", "amsgrad=true",
              "--hp", "bias_correction=false", "--hp", "eps=1e-8", "--start=1,-1", "--steps", "50")
    assert out["surface_params"] == {"a": 2.0, "b": 50.0}
    hp = out["hparams"]
    assert hp["lr"] == 1e-06 and hp["betas"] == [0.9, 0.999] and hp["eps"] == 1e-8
    assert hp["amsgrad"] is True and hp["bias_correction"] is False
    ref = run_single("quadratic", "adam", (1.0, -1.0), 50, surface_params={"a": 2.0, "b": 50},
                     hparams={"lr": 1e-6, "betas": (0.9, 0.999), "amsgrad": True, "bias_correction": False})
    assert np.array_equal(np.array(out["path"]), ref.path)
    assert len(out["path"]) == 51


def test_run_defaults_start_and_steps(capsys):
    out = cli(capsys, "run", "--surface", "himmelblau", "--optimizer", "sgd")
    s = make_surface("himmelblau")
    assert out["path"][0] == list(s.start)
    assert out["steps"] == len(out["lr"])
    assert out["hparams"]["lr"] == 1e-3


def test_run_schedule_params(capsys):
    out = cli(capsys, "run", "--surface", "quadratic", "--optimizer", "sgd", "--hp", "lr=0.2", "--steps", "30",
              "--schedule", "step", "--schedule-param", "step_size=10", "--schedule-param", "gamma=0.5")
    np.testing.assert_allclose(out["lr"], [0.2 * 0.5 ** (t // 10) for t in range(30)], rtol=1e-15)
    out = cli(capsys, "run", "--surface", "quadratic", "--optimizer", "sgd", "--hp", "lr=0.2", "--steps", "30",
              "--schedule", "cosine", "--schedule-param", "t_max=20", "--schedule-param", "eta_min=0.01")
    expected = [0.01 + 0.19 * (1 + math.cos(math.pi * min(t, 20) / 20)) / 2 for t in range(30)]
    np.testing.assert_allclose(out["lr"], expected, rtol=1e-14)


def test_run_noise_and_seed_reproducible(capsys):
    argv = ["run", "--surface", "rastrigin", "--optimizer", "sgd", "--hp", "lr=0.002", "--steps", "80",
            "--noise", "0.5"]
    a = cli(capsys, *argv, "--seed", "42")
    b = cli(capsys, *argv, "--seed", "42")
    c = cli(capsys, *argv, "--seed", "43")
    assert a == b
    assert a["path"] != c["path"]
    ref = run_single("rastrigin", "sgd", make_surface("rastrigin").start, 80, hparams={"lr": 0.002}, noise=0.5,
                     seed=42)
    assert np.array_equal(np.array(a["path"]), ref.path)


def test_run_diverged_is_truncated_and_strict(capsys):
    out = cli(capsys, "run", "--surface", "quadratic", "--optimizer", "sgd", "--hp", "lr=3", "--start=1,1",
              "--steps", "100", "--state")
    assert out["diverged_at"] == 20
    assert len(out["path"]) == 20 and len(out["lr"]) == 19
    assert all(len(v) == 19 for v in out["state"].values())


def test_run_state_is_included_on_request(capsys):
    out = cli(capsys, "run", "--surface", "booth", "--optimizer", "adam", "--hp", "amsgrad=true", "--steps", "5",
              "--state")
    assert set(out["state"]) >= {"exp_avg", "exp_avg_sq", "max_exp_avg_sq"}
    assert np.array(out["state"]["exp_avg"]).shape == (5, 2)


# --------------------------------------------------------------------------------------
# sweep


def test_sweep_output(capsys):
    out = cli(capsys, "sweep", "--surface", "ravine", "--optimizer", "sgd", "--grid", "lr=1e-3:0.2:6:log",
              "--grid", "momentum=0:0.99:4", "--steps", "300")
    assert out["x"]["name"] == "lr" and out["x"]["log"] is True
    assert out["y"]["name"] == "momentum" and out["y"]["log"] is False
    np.testing.assert_array_equal(out["x"]["values"], GridAxis("lr", 1e-3, 0.2, 6, log=True).values())
    np.testing.assert_array_equal(out["y"]["values"], np.linspace(0, 0.99, 4))
    s = make_surface("ravine")
    ref = sweep(s, "sgd", GridAxis("lr", 1e-3, 0.2, 6, log=True), GridAxis("momentum", 0.0, 0.99, 4), s.start, 300)
    for key in ("final_loss", "steps_to_tolerance", "diverged_at"):
        assert np.array(out[key], dtype=object).shape == (4, 6), key
    assert np.array_equal(np.array(out["final_loss"]), ref.final_loss)
    flat_div = [v for row in out["diverged_at"] for v in row]
    flat_stt = [v for row in out["steps_to_tolerance"] for v in row]
    assert None in flat_div and any(isinstance(v, int) for v in flat_div)
    assert None in flat_stt and any(isinstance(v, int) for v in flat_stt)
    for i in range(4):
        for j in range(6):
            d, k = ref.diverged_at[i, j], ref.steps_to_tolerance[i, j]
            assert out["diverged_at"][i][j] == (None if d == 0 else d)
            assert out["steps_to_tolerance"][i][j] == (None if k < 0 else k)


# --------------------------------------------------------------------------------------
# listings


def test_surfaces_listing(capsys):
    out = cli(capsys, "surfaces")["surfaces"]
    assert list(out) == list(SURFACES)
    assert {k: v["default"] for k, v in out["quadratic"]["params"].items()} == {"a": 1.0, "b": 1.0}
    assert {k: v["default"] for k, v in out["rosenbrock"]["params"].items()} == {"a": 1.0, "b": 100.0}
    assert out["rastrigin"]["params"]["A"]["default"] == 10.0
    assert out["saddle"]["min_value"] is None
    assert out["booth"]["min_value"] == 0.0


def test_optimizers_listing(capsys):
    out = cli(capsys, "optimizers")["optimizers"]
    assert list(out) == list(OPTIMIZERS)
    defaults = {name: {k: v["default"] for k, v in o["hparams"].items()} for name, o in out.items()}
    assert defaults["sgd"]["lr"] == 1e-3
    assert defaults["adagrad"]["lr"] == 1e-2 and defaults["adagrad"]["eps"] == 1e-10
    assert defaults["rmsprop"]["lr"] == 1e-2 and defaults["rmsprop"]["alpha"] == 0.99
    assert defaults["adadelta"]["lr"] == 1.0 and defaults["adadelta"]["eps"] == 1e-6
    assert defaults["adam"]["betas"] == [0.9, 0.999] and defaults["adam"]["eps"] == 1e-8
    assert defaults["adamw"]["weight_decay"] == 1e-2
    assert defaults["nadam"]["lr"] == 2e-3 and defaults["nadam"]["momentum_decay"] == 4e-3
    assert out["adam"]["torch"] == "torch.optim.Adam"
    assert out["ewma_momentum"]["torch"] is None


def test_schedules_listing(capsys):
    out = cli(capsys, "schedules")["schedules"]
    assert list(out) == list(SCHEDULES)
    assert set(out["cosine"]["params"]) == {"t_max", "eta_min"}
    assert set(out["step"]["params"]) == {"step_size", "gamma"}
    assert out["constant"]["params"] == {}


# --------------------------------------------------------------------------------------
# errors: exit 2, one line on stderr naming the bad value, nothing on stdout

RUN = ["run", "--surface", "quadratic", "--optimizer", "sgd"]
SWEEP = ["sweep", "--surface", "quadratic", "--optimizer", "sgd"]
GRID_OK = ["--grid", "momentum=0:0.9:10"]

ERRORS = [
    (["run", "--surface", "nope", "--optimizer", "sgd"], "nope"),
    (["run", "--surface", "quadratic", "--optimizer", "sophia"], "sophia"),
    ([*RUN, "--hp", "lr=abc"], "abc"),
    ([*RUN, "--hp", "lr=-0.1"], "Invalid learning rate: -0.1"),
    ([*RUN, "--hp", "foo=1"], "foo"),
    ([*RUN, "--hp", "lr"], "lr"),
    ([*RUN, "--hp", "lr="], "lr"),
    ([*RUN, "--hp", "lr=1", "--hp", "lr=2"], "lr"),
    ([*RUN, "--hp", "nesterov=true"], "Nesterov"),
    (["run", "--surface", "quadratic", "--optimizer", "adam", "--hp", "betas=0.9"], "0.9"),
    (["run", "--surface", "quadratic", "--optimizer", "adam", "--hp", "betas=0.9,0.999,0.5"], "0.5"),
    (["run", "--surface", "quadratic", "--optimizer", "adam", "--hp", "betas=1.0,0.5"], "beta"),
    ([*RUN, "--start=1"], "1"),
    ([*RUN, "--start=1,2,3"], "1,2,3"),
    ([*RUN, "--start=a,b"], "a"),
    ([*RUN, "--start=nan,1"], "nan"),
    ([*RUN, "--start=1e7,0"], "10000000"),
    ([*RUN, "--steps=0"], "0"),
    ([*RUN, "--steps=1e9"], "1e9"),
    ([*RUN, "--steps=1000000000"], "1000000000"),
    ([*RUN, "--steps=2.5"], "2.5"),
    ([*RUN, "--steps=" + "9" * 40], "9999"),
    ([*RUN, "--hp", "lr=nan"], "nan"),
    ([*RUN, "--hp", "lr=inf"], "inf"),
    ([*RUN, "--hp", "lr=1e400"], "inf"),
    ([*RUN, "--hp", "momentum=-inf"], "-inf"),
    ([*RUN, "--noise=nan"], "nan"),
    ([*RUN, "--noise=-1"], "-1"),
    ([*RUN, "--noise=0.1", "--seed=-1"], "-1"),
    ([*RUN, "--seed=1.5"], "1.5"),
    ([*RUN, "--tol=0"], "tolerance"),
    ([*RUN, "--tol-mode", "grad"], "grad"),
    ([*RUN, "--hp", "lr=" + "1" * 5000], "--hp lr"),
    ([*RUN, "--hp", "lr=0." + "1" * 5000], "--hp lr"),
    ([*RUN, "--start=" + "1" * 5000 + ",1"], "--start"),
    (["run", "--surface", "q" * 5000, "--optimizer", "sgd"], "qqqq"),
    ([*RUN, "--surface-param", "c=1"], "c"),
    ([*RUN, "--surface-param", "a=0"], "a"),
    ([*RUN, "--surface-param", "a=x1"], "x1"),
    (["run", "--surface", "rastrigin", "--optimizer", "sgd", "--surface-param", "a=1"], "'a'"),
    ([*RUN, "--schedule", "linear"], "linear"),
    ([*RUN, "--schedule", "step", "--schedule-param", "step_size=0"], "step_size"),
    ([*RUN, "--schedule", "step", "--schedule-param", "step_size=2.5"], "2.5"),
    ([*RUN, "--schedule", "cosine", "--schedule-param", "warmup=5"], "warmup"),
    ([*RUN, "--bogus"], "--bogus"),
    (["run"], "--surface"),
    (["run", "--surface", "quadratic"], "--optimizer"),
    ([], "command"),
    (["fly"], "fly"),
    ([*SWEEP, "--grid", "lr=1e-3:0.2:1000:log", *GRID_OK], "1000"),
    ([*SWEEP, "--grid", "lr=1e-3:0.2:200:log", "--grid", "momentum=0:0.9:200", "--steps", "300"], "work"),
    ([*SWEEP, "--grid", "lr=1e-3:0.2:10:log"], "--grid"),
    ([*SWEEP, "--grid", "lr=0:0.2:10:log", *GRID_OK], "lr"),
    ([*SWEEP, "--grid", "lr=abc", *GRID_OK], "lr=abc"),
    ([*SWEEP, "--grid", "lr=nan:1:10", *GRID_OK], "nan"),
    ([*SWEEP, "--grid", "lr=1e-3:1:1e2", *GRID_OK], "1e2"),
    ([*SWEEP, "--grid", "betas=0:1:10", *GRID_OK], "betas"),
    ([*SWEEP, "--grid", "momentum=0:0.5:3", *GRID_OK], "momentum"),
]


@pytest.mark.parametrize(("argv", "named"), ERRORS, ids=[" ".join(a)[:60] for a, _ in ERRORS])
def test_bad_input_exits_2_with_one_line_naming_it(capsys, argv, named):
    line = cli_error(capsys, *argv)
    assert line.startswith("error: ")
    assert named in line, line
    assert len(line) <= 600


def test_negative_start_without_equals_sign_gets_a_hint(capsys):
    line = cli_error(capsys, *RUN, "--start", "-1.5,2.0")
    assert "--start=-1.5,2.0" in line


# --------------------------------------------------------------------------------------
# the real module, in a subprocess


def test_module_run_and_error_in_a_subprocess():
    t0 = time.perf_counter()
    ok = subprocess_cli("run", "--surface", "ravine", "--optimizer", "sgd", "--hp", "lr=0.05", "--hp",
                        "momentum=0.9", "--start=-1.5,2.0", "--steps", "200")
    elapsed = time.perf_counter() - t0
    print(f"one `python -m optim_viz run` (200 steps) took {elapsed:.3f} s")  # informative only
    assert ok.returncode == 0, ok.stderr
    assert ok.stderr == ""
    out = strict_json(ok.stdout)
    ref = run_single("ravine", "sgd", (-1.5, 2.0), 200, hparams={"lr": 0.05, "momentum": 0.9})
    assert np.array_equal(np.array(out["path"]), ref.path)

    bad = subprocess_cli("run", "--surface", "ravine", "--optimizer", "sgd", "--start", "-1.5,2.0")
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert len(bad.stderr.splitlines()) == 1 and "Traceback" not in bad.stderr

    bad = subprocess_cli("sweep", "--surface", "ravine", "--optimizer", "sgd", "--grid", "lr=1e-3:1:500",
                         "--grid", "momentum=0:0.9:3")
    assert bad.returncode == 2 and bad.stdout == "" and len(bad.stderr.splitlines()) == 1
    assert "500" in bad.stderr


def test_startup_imports_neither_streamlit_nor_plotly():
    proc = subprocess_cli("run", "--surface", "quadratic", "--optimizer", "sgd", "--steps", "5",
                          extra=("-X", "importtime"))
    assert proc.returncode == 0
    strict_json(proc.stdout)
    imported = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
    assert "optim_viz.core.engine" in imported  # the importtime report is really there
    heavy = sorted(m for m in imported if m.split(".")[0] in ("streamlit", "plotly"))
    assert heavy == []


def test_tiny_steps_give_a_number_and_a_silent_stderr():
    proc = subprocess_cli("run", "--surface", "quadratic", "--optimizer", "sgd", "--hp", "lr=0.5",
                          "--start=1e-200,1e-200", "--steps", "5")
    assert proc.returncode == 0
    out = strict_json(proc.stdout)
    assert proc.stderr == ""
    assert out["oscillation_index"] == 0.0
