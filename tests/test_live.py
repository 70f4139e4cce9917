"""The live control's numbers: a run's family (one engine call over a slider's values) and the payload
the browser swaps while the slider is dragged. The engine stays the only source of numbers: every
member equals the normal run at its value, divergent members end where a normal run's drawn path
ends, and the default view's family stays small."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from optim_viz.core.engine import MAX_RUNS, simulate
from optim_viz.core.optimizers import OPTIMIZERS
from optim_viz.core.paths import drawn_path
from optim_viz.lessons import families
from optim_viz.render import live, theme
from optim_viz.state import playground as C
from optim_viz.state import values as V

LR_GRID = V.hparam_grid(OPTIMIZERS["sgd"].hparam("lr"))
MOMENTUM_GRID = V.hparam_grid(OPTIMIZERS["sgd"].hparam("momentum"))


def family_of(cfg: C.PlaygroundConfig, run: int, hparam: str, grid) -> families.Family:
    sim = cfg.simulation()
    return families.run_family(sim, run, hparam, grid, families.current_value(sim.runs[run], hparam, grid[0]))


def payload_of(cfg: C.PlaygroundConfig, fam: families.Family) -> dict:
    base = simulate(cfg.make_surface(), cfg.run_specs(), cfg.start, cfg.steps)
    styles = live.member_styles([(r.spec.optimizer, r.hparams) for r in base.runs], fam.run, fam)
    n = len(fam.values)
    return live.family_payload(fam, labels=[f"m{i}" for i in range(n)], styles=styles,
                               texts=[V.format_number(v) for v in fam.values])  # fmt: skip


def single(cfg: C.PlaygroundConfig, run: int, hparam: str, value: float):
    spec = families.with_value(cfg.run_specs()[run], hparam, value)
    return simulate(cfg.make_surface(), [spec], cfg.start, cfg.steps, tol=cfg.tol).runs[0]


# --------------------------------------------------------------------------------------
# Which values a family holds


def test_a_short_slider_is_covered_whole():
    values, i = families.family_window(MOMENTUM_GRID, 0.9)
    assert values == MOMENTUM_GRID and values[i] == 0.9


def test_a_long_slider_is_thinned_but_keeps_its_ends_and_the_current_value():
    assert len(LR_GRID) > MAX_RUNS
    for current in (LR_GRID[0], LR_GRID[1], 0.019, LR_GRID[-2], LR_GRID[-1]):
        values, i = families.family_window(LR_GRID, current)
        assert len(values) <= MAX_RUNS
        assert values[0] == LR_GRID[0] and values[-1] == LR_GRID[-1]
        assert values[i] == current
        assert list(values) == sorted(set(values)) and set(values) <= set(LR_GRID)


def test_a_value_off_the_slider_is_refused():
    with pytest.raises(ValueError, match="not a value of this slider"):
        families.family_window(LR_GRID, 0.0191)


# --------------------------------------------------------------------------------------
# The family is the engine's: batched members equal single runs


def test_every_member_equals_the_run_at_its_value():
    cfg = C.DEFAULT_CONFIG
    fam = family_of(cfg, 0, "lr", LR_GRID)
    assert fam.result.runs[fam.index].path.tolist() == simulate(
        cfg.make_surface(), cfg.run_specs(), cfg.start, cfg.steps).runs[0].path.tolist()  # fmt: skip
    for i in range(0, len(fam.values), 7):
        member, alone = fam.result.runs[i], single(cfg, 0, "lr", fam.values[i])
        np.testing.assert_array_equal(member.path, alone.path)
        np.testing.assert_array_equal(member.loss, alone.loss)
        assert member.diverged_at == alone.diverged_at
        assert member.metrics == alone.metrics


def test_a_momentum_family_changes_only_the_momentum():
    cfg = C.DEFAULT_CONFIG
    fam = family_of(cfg, 1, "momentum", MOMENTUM_GRID)
    assert fam.values[fam.index] == 0.9
    base = cfg.run_specs()[1].hparams_dict
    for member, v in zip(fam.result.runs, fam.values):
        assert member.spec.hparams_dict == base | {"momentum": v}


def test_a_beta1_family_keeps_beta2():
    cfg = replace(C.DEFAULT_CONFIG, runs=(C.RunConfig.make("adam", {"lr": 0.1, "betas": (0.8, 0.99)}),))
    grid = V.hparam_grid(OPTIMIZERS["adam"].hparam("betas"), "beta1")
    fam = family_of(cfg, 0, "beta1", grid)
    assert fam.values[fam.index] == 0.8
    assert {m.hparams["betas"][1] for m in fam.result.runs} == {0.99}
    i = fam.values.index(0.5)
    np.testing.assert_array_equal(fam.result.runs[i].path, single(cfg, 0, "beta1", 0.5).path)


def test_schedule_noise_and_start_carry_over_to_every_member():
    cfg = replace(C.DEFAULT_CONFIG, schedule="cosine", schedule_params=C.schedule_defaults("cosine"), noise=0.5,
                  seed=3, start=(-3.0, 1.0))  # fmt: skip
    fam = family_of(cfg, 0, "lr", LR_GRID)
    i = fam.values.index(0.01)
    np.testing.assert_array_equal(fam.result.runs[i].path, single(cfg, 0, "lr", 0.01).path)


# --------------------------------------------------------------------------------------
# The payload


def test_divergent_members_end_where_a_normal_run_ends():
    cfg = C.DEFAULT_CONFIG
    fam = family_of(cfg, 0, "lr", LR_GRID)
    payload = payload_of(cfg, fam)
    diverged = [i for i, d in enumerate(payload["diverged_at"]) if d is not None]
    assert len(diverged) > 10  # lr·κ > 2 on the ravine: the upper part of the slider diverges
    surface = cfg.make_surface()
    for i in diverged[::5] + [diverged[0]]:
        alone = single(cfg, 0, "lr", fam.values[i])
        assert payload["diverged_at"][i] == alone.diverged_at
        got = live.decode_member(payload, i)
        want = live.thin(drawn_path(alone.path, surface.window), payload["stride"])
        np.testing.assert_allclose(got["path"], want, rtol=1e-6, atol=1e-6)
        assert np.isfinite(got["path"]).all() and np.isfinite(got["loss"]).all()
        assert payload["last_step"][i] == len(alone.loss) - 1


def test_the_family_agrees_with_a_normal_run_to_float32():
    cfg = C.DEFAULT_CONFIG
    fam = family_of(cfg, 0, "lr", LR_GRID)
    payload = payload_of(cfg, fam)
    i = fam.values.index(0.01)
    alone = single(cfg, 0, "lr", 0.01)
    got = live.decode_member(payload, i)
    np.testing.assert_allclose(got["path"], drawn_path(alone.path, cfg.make_surface().window), rtol=1e-6, atol=1e-6)
    gap = np.maximum(alone.loss - cfg.make_surface().min_value, 1e-16)
    np.testing.assert_allclose(got["loss"], gap, rtol=1e-6)
    assert payload["final_loss"][i] == pytest.approx(alone.metrics.final_loss, rel=1e-12)
    assert payload["steps_to_tolerance"][i] == alone.metrics.steps_to_tolerance
    assert payload["oscillation_index"][i] == pytest.approx(alone.metrics.oscillation_index, rel=1e-12)


def test_long_runs_are_thinned_keeping_the_last_point():
    cfg = replace(C.DEFAULT_CONFIG, steps=2000)
    fam = family_of(cfg, 1, "momentum", MOMENTUM_GRID)
    payload = payload_of(cfg, fam)
    assert payload["stride"] == live.stride_for(2000) > 1
    assert max(payload["path_len"]) <= live.MAX_POINTS + 1
    member = live.decode_member(payload, fam.index)
    np.testing.assert_allclose(member["path"][-1], fam.result.runs[fam.index].path[-1], rtol=1e-6, atol=1e-12)


def test_member_colours_follow_the_method():
    cfg = C.DEFAULT_CONFIG
    fam = family_of(cfg, 0, "momentum", MOMENTUM_GRID)
    payload = payload_of(cfg, fam)
    assert payload["colors"][0] == theme.method_color("sgd", {})
    assert payload["colors"][fam.values.index(0.9)] == theme.method_color("sgd", {"momentum": 0.9})


def test_payload_sizes():
    cfg = C.DEFAULT_CONFIG
    for run, hparam, grid in ((0, "lr", LR_GRID), (1, "momentum", MOMENTUM_GRID)):
        size = len(json.dumps(payload_of(cfg, family_of(cfg, run, hparam, grid))))
        assert size <= 300_000, (hparam, size)  # the default view's family
    worst = replace(cfg, steps=2000)
    size = len(json.dumps(payload_of(worst, family_of(worst, 1, "lr", LR_GRID))))
    assert size <= 700_000, size  # thinned to MAX_POINTS per member whatever the steps


def test_members_are_kept_while_the_runs_own_value_moves():
    """The page computes the members once (without the run's value) and puts the run itself in its
    place: for any current value the family equals the one computed with it."""
    cfg = C.DEFAULT_CONFIG
    sim = cfg.simulation()
    values = families.family_values(LR_GRID)
    members = families.family_members(sim, 0, "lr", values)
    for current in (0.019, 0.02, LR_GRID[1]):  # off and on the thinned values
        run = replace(cfg, runs=(C.RunConfig.make("sgd", {"lr": current}),) + cfg.runs[1:])
        own = run.simulation().run().runs[0]
        fam = families.with_run(members, values, 0, "lr", current, own)
        want = family_of(run, 0, "lr", LR_GRID)
        assert fam.values == want.values and fam.index == want.index and fam.values[fam.index] == current
        for a, b in zip(fam.result.runs, want.result.runs):
            np.testing.assert_array_equal(a.path, b.path)
            assert a.metrics == b.metrics
