"""Lessons III without Streamlit: the bumpy valley, and every number the new pages' captions claim,
recomputed from the engine and the lessons."""

from __future__ import annotations

import math

import numpy as np
import pytest

from optim_viz.cli import main as cli_main
from optim_viz.core.engine import run_single
from optim_viz.core.surfaces import make_surface

# --------------------------------------------------------------------------------------
# The bumpy valley


def test_bumpy_valley_formula_gradient_and_minima():
    s = make_surface("bumpy", {"h": 0.1})
    x, y = np.array([-4.5, 0.25, 1.0]), np.array([1.0, -0.5, 0.0])
    f, gx, gy = s.value_and_grad(x, y)
    np.testing.assert_allclose(f, x**2 / 20 + 0.1 * (1 - np.cos(2 * np.pi * x)) + y**2, rtol=1e-15)
    np.testing.assert_allclose(gx, x / 10 + 0.1 * 2 * np.pi * np.sin(2 * np.pi * x), rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(gy, 2 * y)
    assert (s.global_minima[0].x, s.global_minima[0].y) == (0.0, 0.0) and s.min_value == 0.0
    locals_ = [p for p in s.critical_points if p.kind == "local minimum"]
    saddles = [p for p in s.critical_points if p.kind == "saddle"]
    assert len(locals_) == 10 and len(saddles) == 10  # a dip and a ridge per unit of x on each side
    for p in s.critical_points:
        assert np.hypot(*s.grad(p.x, p.y)) < 1e-12
    assert make_surface("bumpy", {"h": 0.0}).critical_points == (s.global_minima[0],)  # no bumps, no dips


def test_momentum_rolls_over_the_bumps_where_sgd_stalls():
    """The lesson of the bumpy valley, from its suggested start with η = 0.1 for 300 steps."""
    s = make_surface("bumpy")
    sgd = run_single(s, "sgd", s.start, 300, hparams={"lr": 0.1})
    heavy = run_single(s, "sgd", s.start, 300, hparams={"lr": 0.1, "momentum": 0.9})
    dip = [p for p in s.critical_points if p.kind == "local minimum" and -4.0 < p.x < -3.5][0]
    assert np.hypot(*(sgd.path[-1] - (dip.x, dip.y))) < 1e-9  # SGD settles in the first dip
    assert sgd.metrics.final_loss == pytest.approx(0.7795, abs=1e-4)
    assert heavy.metrics.final_loss < 1e-12 and heavy.metrics.steps_to_tolerance == 120
    slow = run_single(s, "sgd", s.start, 300, hparams={"lr": 0.01, "momentum": 0.9})  # the same top speed as SGD
    assert slow.path[-1][0] < -3.5  # momentum needs its speed: with η·(1 − μ) it stalls too


def test_the_command_line_knows_the_bumpy_valley(capsys):
    import json

    assert cli_main(["run", "--surface", "bumpy", "--surface-param", "h=0.2", "--optimizer", "sgd", "--hp",
                     "lr=0.05", "--steps", "20"]) == 0  # fmt: skip
    out = json.loads(capsys.readouterr().out)
    assert out["surface_params"] == {"h": 0.2} and len(out["path"]) == 21
    assert cli_main(["run", "--surface", "bumpy", "--surface-param", "h=2", "--optimizer", "sgd"]) == 2
    assert capsys.readouterr().err.strip() == "error: Invalid surface parameter h: 2 (must be in [0, 1])"
    assert cli_main(["surfaces"]) == 0
    listed = json.loads(capsys.readouterr().out)["surfaces"]
    assert math.isclose(listed["bumpy"]["params"]["h"]["default"], 0.1) and listed["bumpy"]["start"] == [-4.5, 1.0]
