"""``python -m optim_viz ... --surface custom --expr FORMULA``: runs, sweeps, theory and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from optim_viz.cli import main
from optim_viz.core.engine import run_single

ROOT = Path(__file__).resolve().parents[1]


def _assert_same_theory(custom: dict, builtin: dict) -> None:
    assert custom.keys() == builtin.keys()
    for key, value in builtin.items():
        if value is None or isinstance(value, (bool, dict)):
            assert custom[key] == value, key
        else:
            assert np.allclose(custom[key], value, rtol=1e-12, atol=1e-15), key


def _cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0 and err == "", err
    assert out.count("\n") == 1
    return json.loads(out, parse_constant=lambda c: pytest.fail(f"non-strict JSON {c}"))


def _cli_error(capsys, *argv) -> str:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 2, (code, err)
    assert out == ""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1 and err.endswith("\n"), err
    return lines[0]


def test_cli_run_custom(capsys):
    out = _cli(
        capsys,
        "run",
        "--surface",
        "custom",
        "--expr",
        "x**2 + 10*y**2",
        "--optimizer",
        "sgd",
        "--hp",
        "lr=0.05",
        "--steps",
        "30",
    )
    assert out["surface"] == "custom" and out["expr"] == "x**2 + 10*y**2" and out["surface_params"] == {}
    ref = run_single("quadratic", "sgd", (-2.5, 2.0), 30, surface_params={"a": 2, "b": 20}, hparams={"lr": 0.05})
    assert out["start"] == [-2.5, 2.0]
    assert np.array_equal(np.array(out["path"]), ref.path)


def test_cli_builtin_output_has_no_expr(capsys):
    out = _cli(capsys, "run", "--surface", "quadratic", "--optimizer", "sgd", "--steps", "3")
    assert "expr" not in out


def test_cli_sweep_custom(capsys):
    out = _cli(
        capsys,
        "sweep",
        "--surface",
        "custom",
        "--expr",
        "sin(x)*cos(y) + 0.1*(x^2+y^2)",
        "--optimizer",
        "sgd",
        "--grid",
        "lr=0.01:0.5:3",
        "--grid",
        "momentum=0:0.9:2",
        "--steps",
        "20",
    )
    assert out["expr"] == "sin(x)*cos(y) + 0.1*(x^2+y^2)"
    assert np.array(out["final_loss"]).shape == (2, 3)


def test_cli_theory_custom_equals_builtin(capsys):
    custom = _cli(capsys, "theory", "--surface", "custom", "--expr", "(x+2*y-7)**2+(2*x+y-5)**2")
    builtin = _cli(capsys, "theory", "--surface", "booth")
    assert custom.pop("expr") == "(x+2*y-7)**2+(2*x+y-5)**2"
    assert custom.pop("surface") == "custom" and builtin.pop("surface") == "booth"
    _assert_same_theory(custom, builtin)


@pytest.mark.parametrize(
    "argv, expected",
    [
        (
            ["run", "--surface", "custom", "--expr", "x**2 + foo(y)", "--optimizer", "sgd"],
            "error: invalid --expr: unknown name 'foo' at position 7",
        ),
        (
            ["run", "--surface", "custom", "--expr", "__import__('os').system('ls')", "--optimizer", "sgd"],
            "error: invalid --expr: unknown name '__import__' at position 0",
        ),
        (
            ["run", "--surface", "custom", "--expr", "9**9**9", "--optimizer", "sgd"],
            "error: invalid --expr: number too large: 9**9",
        ),
        (
            ["run", "--surface", "custom", "--expr", "x\ny", "--optimizer", "sgd"],
            "error: invalid --expr: line break is not allowed at position 1",
        ),
        (["run", "--surface", "custom", "--expr", "", "--optimizer", "sgd"], "error: invalid --expr: empty formula"),
        (
            ["run", "--surface", "custom", "--expr", "x" * 1_000_000, "--optimizer", "sgd"],
            "error: invalid --expr: formula is too long: 1000000 characters",
        ),
        (["run", "--surface", "custom", "--optimizer", "sgd"], "error: --surface custom needs --expr"),
        (
            ["run", "--surface", "quadratic", "--expr", "x**2", "--optimizer", "sgd"],
            "error: --expr needs --surface custom",
        ),
        (
            ["run", "--surface", "custom", "--expr", "x**2", "--surface-param", "a=1", "--optimizer", "sgd"],
            "error: --surface custom takes no --surface-param",
        ),
        (
            ["run", "--surface", "custom", "--expr", "log(x) + y**2", "--start=-1,1", "--optimizer", "sgd"],
            "error: Invalid start point: [-1, 1] (f is nan there)",
        ),
        (
            [
                "sweep",
                "--surface",
                "custom",
                "--expr",
                "x**y",
                "--optimizer",
                "sgd",
                "--grid",
                "lr=0.01:0.5:3",
                "--grid",
                "momentum=0:0.9:2",
            ],
            "error: invalid --expr: an exponent that depends on x or y needs a positive constant base at position 1",
        ),
        (
            ["theory", "--surface", "custom", "--expr", "sin(x) + y**2"],
            "error: surface custom is not quadratic: theory needs a constant Hessian",
        ),
        (["theory", "--surface", "custom", "--expr", "x**2 + \uff59**2"], "error: invalid --expr: non-ASCII character"),
        (["theory", "--surface", "custom"], "error: --surface custom needs --expr"),
    ],
)
def test_cli_expr_errors(capsys, argv, expected):
    line = _cli_error(capsys, *argv)
    assert line.startswith(expected), line
    assert len(line) <= 520


def test_cli_subprocess_bad_formula_and_lazy_sympy():
    """The real module: exit 2 with one stderr line; and built-in runs never import sympy."""
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "optim_viz",
            "run",
            "--surface",
            "custom",
            "--expr",
            "x**2 + foo(y)",
            "--optimizer",
            "sgd",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith("error: invalid --expr: unknown name 'foo' at position 7") and r.stderr.count("\n") == 1
    code = (
        "import sys, io, contextlib\n"
        "from optim_viz.core.expr import parse, check\n"
        "parse('sin(x)*cos(y)'); check('foo')\n"
        "from optim_viz.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        "    assert main(['run', '--surface', 'quadratic', '--optimizer', 'sgd', '--steps', '5']) == 0\n"
        "    assert main(['run', '--surface', 'custom', '--expr', 'foo', '--optimizer', 'sgd']) == 2\n"
        "assert 'sympy' not in sys.modules, 'sympy was imported'\n"
        "from optim_viz.core.symbolic import compile_formula\n"
        "compile_formula('x**2')\n"
        "assert 'sympy' in sys.modules\n"
    )
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert r.returncode == 0, r.stderr


def test_cli_formula_starting_with_minus(capsys):
    line = _cli_error(capsys, "run", "--surface", "custom", "--expr", "-x**2+y**2", "--optimizer", "sgd")
    assert line.endswith("(write a formula that starts with '-' as --expr=-x**2)")
    out = _cli(capsys, "run", "--surface", "custom", "--expr=-x**2 + y**2", "--optimizer", "sgd", "--steps", "2")
    assert out["expr"] == "-x**2 + y**2"
