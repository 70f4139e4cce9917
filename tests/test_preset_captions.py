"""Every preset's caption states only what its run shows.

Each preset is recomputed through the engine (or its lesson) from its own link, and every number
and comparison its caption makes is checked against the result: a number as written (``0.23``
means a value that rounds to 0.23), a count, a setting of the link, a formula of the theory. A
caption may hold no digit that a check did not account for, and its Chinese translation must
quote exactly the same numbers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import numpy as np
import pytest

from optim_viz.core import ewma
from optim_viz.core.engine import simulate
from optim_viz.core.paths import window_exit
from optim_viz.core.theory import quadratic_theory
from optim_viz.i18n.locales import load
from optim_viz.lessons import averages as LA
from optim_viz.lessons import hyperparameter_map as LH
from optim_viz.lessons import momentum as LM
from optim_viz.lessons import neuron as LN
from optim_viz.lessons import race as LR
from optim_viz.lessons import schedules as LS
from optim_viz.lessons.results import settle_distance
from optim_viz.state import playground as C
from optim_viz.state import presets as P
from optim_viz.state.hyperparameter_map import map_config
from optim_viz.state.momentum import momentum_config
from optim_viz.state.race import race_config
from optim_viz.state.schedules import SCHEDULE_ORDER, schedule_params


class Caption:
    """A caption and what has been checked in it."""

    def __init__(self, text: str):
        self.text = text
        self.checked: list[str] = []

    def says(self, written: str, value: float | None = None) -> None:
        """``written`` is in the caption (a number not as part of a longer one); with ``value``,
        its number is that value as rounded in the text (``0.23`` covers [0.225, 0.235], ``75 %``
        [74.5, 75.5]; ``−0.08`` is negative)."""
        assert _pattern(written).search(self.text), f"{written!r} not in the caption"
        if value is not None:
            text = SIGNED.search(written).group()
            number = float(text.replace("−", "-"))
            decimals = len(text.split(".")[1]) if "." in text else 0
            assert abs(value - number) <= 0.5 * 10.0**-decimals + 1e-12, (written, value)
        self.checked.append(written)

    def unchecked(self) -> str:
        """The caption with every checked text removed (longest first)."""
        rest = self.text
        for w in sorted(self.checked, key=len, reverse=True):
            rest = _pattern(w).sub(" ", rest)
        return rest


SIGNED = re.compile(r"[−-]?\d+(?:\.\d+)?")


def _pattern(written: str) -> re.Pattern:
    """``written``, not preceded or followed by more of a number."""
    before = r"(?<![\d.])" if written[0].isdigit() else ""
    after = r"(?!\d|\.\d)" if written[-1].isdigit() else ""
    return re.compile(before + re.escape(written) + after)


def crossings(values: np.ndarray, at: float) -> int:
    s = np.sign(values - at)
    return int(np.sum(s[1:] * s[:-1] < 0))


def playground_runs(p: P.Preset):
    cfg, notices = C.decode_query(p.query_dict)
    assert notices == []
    surface = cfg.make_surface()
    return cfg, surface, simulate(surface, cfg.run_specs(), cfg.start, cfg.steps, tol=cfg.tol).runs


def lesson_values(p: P.Preset) -> dict:
    values, notices = p.schema.decode(p.query_dict)
    assert notices == []
    return values


def step_lengths(path: np.ndarray) -> np.ndarray:
    return np.hypot(*np.diff(path, axis=0).T)


CHECKS: dict[str, Callable[[P.Preset, Caption], None]] = {}


def check(preset_id: str):
    def register(fn):
        CHECKS[preset_id] = fn
        return fn

    return register


@check("learning_rates")
def _(p, c):
    cfg, surface, (small, right, large) = playground_runs(p)
    assert cfg.surface_params_dict == {"a": 1.0, "b": 10.0}
    c.says("curvatures are 1 and 10")
    assert [r.hparams["lr"] for r in (small, right, large)] == [0.02, 0.18, 0.22]
    c.says("η = 0.02"), c.says("η = 0.18"), c.says("η = 0.22")
    assert small.diverged_at is None and right.diverged_at is None
    c.says("0.33", small.metrics.final_distance), c.says("after 100 steps"), c.says("1e-8")
    assert cfg.steps == 100 and right.metrics.final_distance < 1e-8 < small.metrics.final_distance
    theory = quadratic_theory(surface, 0.0)
    assert math.isclose(theory.gd_optimal_lr, 2 / (1 + 10)) and abs(0.18 - theory.gd_optimal_lr) < 0.01
    c.says("2/(1 + 10)")
    assert math.isclose(theory.gd_stable_lr, 2 / 10) and theory.gd_stable_lr < 0.22
    c.says("2/10")
    assert large.diverged_at == 72
    c.says("at step 72")


@check("ravine_momentum")
def _(p, c):
    cfg, surface, (plain, heavy) = playground_runs(p)
    assert cfg.surface_params_dict["kappa"] == 100.0 and cfg.steps == 150
    c.says("κ = 100"), c.says("After 150 steps")
    assert plain.hparams["lr"] == 0.019 and heavy.hparams["lr"] == 0.004 and heavy.hparams["momentum"] == 0.9
    c.says("η = 0.019"), c.says("η = 0.004"), c.says("Momentum 0.9")
    assert plain.metrics.oscillation_index > 0.8 > 0.1 > heavy.metrics.oscillation_index  # bounces; cancels
    c.says("η/(1 − μ)"), c.says("0.04", 0.004 / (1 - 0.9))
    c.says("0.00017", heavy.metrics.final_distance), c.says("0.25", plain.metrics.final_distance)


@check("momentum_values")
def _(p, c):
    cfg, surface, (half, most) = playground_runs(p)
    assert {r.hparams["lr"] for r in (half, most)} == {0.01}
    assert (half.hparams["momentum"], most.hparams["momentum"]) == (0.5, 0.9)
    c.says("η = 0.01"), c.says("μ = 0.5"), c.says("μ = 0.9")
    c.says("η/(1 − μ)")
    c.says("0.02", 0.01 / (1 - 0.5)), c.says("0.1", 0.01 / (1 - 0.9))
    assert cfg.steps == 150
    c.says("after 150 steps")
    c.says("0.21", half.metrics.final_distance), c.says("0.0019", most.metrics.final_distance)
    assert cfg.surface_params_dict["angle_deg"] == 0.0  # the floor is the x axis
    assert crossings(most.path[:, 0], 0.0) == 4 and crossings(half.path[:, 0], 0.0) == 0
    c.says("4 times")


@check("momentum_conventions")
def _(p, c):
    values = lesson_values(p)
    cfg, surface = momentum_config(values)
    assert values["conventions"] and values["ewma_lr"] == "rescaled"
    cs, torch_run, ewma_run = LM.conventions(surface, cfg, True)
    scale = float(np.max(np.abs(torch_run.path)))
    assert LM.coincide(cs.path, torch_run.path, scale) and LM.coincide(ewma_run.path, torch_run.path, scale)
    c.says("1 − β")
    _, _, ewma_same = LM.conventions(surface, cfg, False)  # with the same η the average does not
    assert not LM.coincide(ewma_same.path, torch_run.path, scale)


@check("nesterov")
def _(p, c):
    cfg, surface, (heavy, nesterov) = playground_runs(p)
    assert cfg.surface_params_dict == {"a": 1.0, "b": 10.0}
    c.says("curvatures are 1 and 10")
    assert all(r.hparams["lr"] == 0.05 and r.hparams["momentum"] == 0.9 for r in (heavy, nesterov))
    assert nesterov.hparams["nesterov"] and not heavy.hparams["nesterov"]
    c.says("η = 0.05"), c.says("μ = 0.9")

    def first_overshoot(path, axis):
        s = np.sign(path[:, axis])
        cross = np.flatnonzero(s[1:] * s[:-1] < 0)
        end = cross[1] + 1 if len(cross) > 1 else len(path)
        return float(np.max(np.abs(path[cross[0] + 1 : end, axis])))

    c.says("0.86", first_overshoot(nesterov.path, 0)), c.says("1.19", first_overshoot(heavy.path, 0))
    c.says("0.81", first_overshoot(nesterov.path, 1)), c.says("1.68", first_overshoot(heavy.path, 1))
    assert crossings(heavy.path[:, 0], 0) == crossings(nesterov.path[:, 0], 0) == 7
    c.says("7 times along x")
    assert (crossings(heavy.path[:, 1], 0), crossings(nesterov.path[:, 1], 0)) == (24, 25)
    c.says("24 and 25 times along y")
    assert cfg.steps == 100
    c.says("After 100 steps")
    c.says("0.00099", nesterov.metrics.final_distance), c.says("0.014", heavy.metrics.final_distance)


@check("nesterov_lookahead")
def _(p, c):
    values = lesson_values(p)
    cfg, surface = momentum_config(values)
    assert values["k"] == 5
    c.says("update 5")
    runs = LM.momentum_simulation(surface, cfg).run().runs
    la = LM.nesterov_lookahead(surface, runs[2], 5)
    assert np.allclose(la.lookahead, la.position + la.momentum_jump)  # the jump first
    assert np.allclose(la.lookahead_gradient, surface.grad(*la.lookahead))  # then the gradient where it lands
    assert np.allclose(la.heavy_ball_gradient, surface.grad(*la.position))  # heavy ball: before the jump


@check("ewma_betas")
def _(p, c):
    values = lesson_values(p)
    assert values["betas"] == (0.5, 0.9, 0.98) and values["bias"]
    c.says("β = 0.5, 0.9 and 0.98")
    lesson = LA.series_lesson(int(values["n"]), float(values["noise"]), int(values["seed"]), values["betas"])
    c.says("1/(1 − β) = 2, 10 and 50")
    assert [round(ewma.effective_window(b)) for b in values["betas"]] == [2, 10, 50]
    rough = [float(np.mean(np.abs(np.diff(v)))) for v in lesson.corrected]
    assert rough[0] > rough[1] > rough[2]  # smoother

    def lag(v):  # the shift that best matches the clean cosine
        return int(np.argmin([np.mean((v[k + 20 :] - lesson.clean[20 : len(v) - k]) ** 2) for k in range(40)]))

    lags = [lag(v) for v in lesson.corrected]
    assert lags[0] < lags[1] < lags[2]  # lags further behind
    for written, e in zip(("0.30", "0.33", "0.61"), lesson.rmse_corrected):
        c.says(written, e)
    c.says("(1 − β)·S₁")
    assert math.isclose(lesson.averages[2][0], (1 - 0.98) * lesson.series[0])
    c.says("0.021", lesson.averages[2][0]), c.says("β = 0.98")
    assert all(math.isclose(v[0], lesson.series[0]) for v in lesson.corrected)
    c.says("1.06", lesson.series[0])


@check("ewma_window")
def _(p, c):
    values = lesson_values(p)
    assert values["betas"] == (0.5, 0.9, 0.98) and values["wlog"] and values["n"] == 200  # log: straight lines
    c.says("(1 − β)·β^age"), c.says("1/e"), c.says("−1/ln β")
    for written, b in zip(("1.44", "9.49", "49.5"), values["betas"]):
        c.says(written, ewma.e_fold_age(b))
        weights = ewma.weights(b, 200)[::-1]  # by age
        age = ewma.e_fold_age(b)
        assert math.isclose((1 - b) * b**age, weights[0] / math.e)
    c.says("β = 0.5"), c.says("0.9"), c.says("0.98"), c.says("1/(1 − β) = 2, 10 and 50"), c.says("⌈1/(1 − β)⌉")
    for written, row in zip(("75 %", "65 %", "64 %"), LA.window_rows(values["betas"])):
        c.says(written, 100 * row["share"])
    c.says("1 − 1/e = 63 %")
    assert round(100 * (1 - 1 / math.e)) == 63


@check("ewma_momentum")
def _(p, c):
    values = lesson_values(p)
    rg = LA.ravine_gradients(float(values["kappa"]), float(values["lr"]), float(values["beta"]), int(values["steps"]))
    assert (values["lr"], values["kappa"], values["beta"], values["steps"]) == (0.035, 55.0, 0.9, 60.0)
    c.says("η = 0.035"), c.says("55 times"), c.says("β = 0.9"), c.says("after 60 steps")
    sgd, averaged, torch_run = rg.result.runs
    assert sgd.metrics.oscillation_index > 0.9  # bounces between the walls
    c.says("5 %"), c.says("94 %")
    assert round(100 * rg.keep_steep) == 5 and round(100 * rg.keep_shallow) == 94
    assert averaged.metrics.oscillation_index < 0.05  # stops zig-zagging
    c.says("0.27", averaged.metrics.final_distance), c.says("0.53", sgd.metrics.final_distance)
    c.says("1/(1 − β) = 10")
    b = rg.beta
    assert math.isclose(1 / (1 - b), 10)
    c.says("0.016", torch_run.metrics.final_distance)


def schedule_result(values: dict, **changes):
    v = values | changes
    shown = [s for s in SCHEDULE_ORDER if s in v["show"]]
    specs = tuple((s, tuple(sorted(schedule_params(s, v).items()))) for s in shown)
    result = LS.schedule_runs(v["surface"], float(v["lr"]), int(v["steps"]), float(v["noise"]), int(v["seed"]), specs)
    return shown, result


@check("schedules")
def _(p, c):
    values = lesson_values(p)
    shown, result = schedule_result(values)
    assert values["noise"] == 1.0 and values["lr"] == 0.2 and values["steps"] == 500
    c.says("σ = 1"), c.says("η = 0.2"), c.says("the last 100 of 500 updates")
    assert round(0.2 * 501) == 100  # settle_distance's last 20 % of the path
    settle = {s: settle_distance(r, result.minimum) for s, r in zip(shown, result.runs)}
    c.says("0.40", settle.pop("constant"))
    c.says("0.060", min(settle.values())), c.says("0.11", max(settle.values()))


@check("step_decay_half")
def _(p, c):
    values = lesson_values(p)
    shown, result = schedule_result(values)
    assert shown == ["constant", "step"] and (values["step_size"], values["gamma"]) == (5.0, 0.5)
    c.says("halve η every 5 epochs")
    constant, step = result.runs
    assert values["lr"] == 0.2 and math.isclose(step.lr[50], 0.2 / 1024)
    c.says("η = 0.2"), c.says("0.2/1024 after 50 updates")
    d = np.hypot(*(step.path - result.minimum).T)
    assert np.max(np.abs(d[40:] - d[-1])) < 0.01  # it stops moving
    c.says("from update 40 on"), c.says("0.17", d[40]), c.says("0.17", d[-1])
    c.says("0.39", settle_distance(constant, result.minimum))
    others = [settle_distance(schedule_result(values, seed=s)[1].runs[1], result.minimum) for s in (1, 2, 3)]
    assert max(others) - min(others) > 0.2  # where it freezes depends on the noise


@check("step_decay_tenth")
def _(p, c):
    values = lesson_values(p)
    shown, result = schedule_result(values)
    assert shown == ["constant", "step"] and (values["step_size"], values["gamma"]) == (20.0, 0.1)
    c.says("η × 0.1 every 20 epochs"), c.says("20 updates at η = 0.2")
    constant, step = result.runs
    assert np.allclose(step.lr[:20], 0.2) and math.isclose(step.lr[20], 0.02)
    d = np.hypot(*(step.path - result.minimum).T)
    floor = settle_distance(constant, result.minimum)
    assert abs(d[20] - floor) < 0.05  # at the noise floor after 20 updates
    c.says("0.30", d[-1]), c.says("0.39", floor)
    assert np.all(np.diff([np.ptp(d[k : k + 20]) for k in (20, 40, 60, 80)]) < 0)  # each drop freezes it more
    assert result.surface == "quadratic" and dict(result.surface_params) == {"a": 1.0, "b": 1.0}
    c.says("η = 0.02"), c.says("2 %")  # curvature 1: the error shrinks by 1 − 0.02·1 per update
    c.says("within 20 updates")


@check("exp_inverse_decay")
def _(p, c):
    values = lesson_values(p)
    shown, result = schedule_result(values)
    assert shown == ["constant", "exponential", "inverse_time"]
    assert (values["exp_k"], values["inv_k"], values["lr"], values["steps"]) == (0.006, 0.03, 0.2, 500)
    c.says("α = α₀·e^(−kt) with k = 0.006"), c.says("α = α₀/(1 + kt) with k = 0.03"), c.says("from 0.2")
    c.says("in 500 updates")
    constant, exp, inv = result.runs
    c.says("about 0.01", exp.lr[-1]), c.says("0.010", exp.lr[-1]), c.says("0.0125", inv.lr[-1])
    c.says("the last 100 updates")
    s_const, s_exp, s_inv = (settle_distance(r, result.minimum) for r in result.runs)
    c.says("0.092", s_exp), c.says("0.094", s_inv), c.says("0.40", s_const)
    assert s_const / max(s_exp, s_inv) > 3.5 and s_const / min(s_exp, s_inv) < 4.5  # about four times


@check("minibatch")
def _(p, c):
    values = lesson_values(p)
    assert values["batches"] == (1, 32, "full") and values["points"] == 40 and values["lr"] == 2.0
    c.says("40 data points"), c.says("η = 2"), c.says("32 points")
    v = values
    specs = LN.neuron_run_specs(v["batches"], v["lr"], v["momentum"], v["same_step"], v["seed"])
    lesson = LN.neuron_lesson(values["loss"], int(values["points"]), values["data_seed"], values["sep"],
                              (values["w1"], values["w2"]), int(values["steps"]), specs)  # fmt: skip
    one, mini, full = lesson.result.runs
    a1, a32, afull = lesson.alignment
    c.says("−0.08", a1), c.says("0.42", a32), c.says("1.00", afull)
    minimum = lesson.result.minimum
    c.says("1.5", settle_distance(one, minimum, last=0.5)), c.says("0.056", settle_distance(mini, minimum, last=0.5))


@check("adagrad_rmsprop")
def _(p, c):
    cfg, surface, (ada, rms) = playground_runs(p)
    sa, sr = step_lengths(ada.path), step_lengths(rms.path)
    assert cfg.steps == 300
    c.says("over steps 50 to 100"), c.says("over the last 100")
    c.says("0.013", sa[50:100].mean()), c.says("0.0061", sa[-100:].mean())
    assert sa[50:100].mean() > sa[100:200].mean() > sa[-100:].mean()  # Adagrad's steps shrink
    c.says("0.018", sr[50:100].mean())
    c.says("0.21", rms.metrics.final_distance), c.says("1.1", ada.metrics.final_distance)


@check("adam_bias_correction")
def _(p, c):
    cfg, surface, (corrected, raw) = playground_runs(p)
    assert corrected.hparams["bias_correction"] and not raw.hparams["bias_correction"]
    assert all(r.hparams["lr"] == 0.1 and r.hparams["betas"] == (0.9, 0.999) for r in (corrected, raw))
    c.says("η = 0.1"), c.says("β₁ = 0.9"), c.says("β₂ = 0.999")
    first = corrected.path[1] - corrected.path[0]
    assert np.allclose(np.abs(first), 0.1)  # each coordinate moves by exactly η
    sc, sr = step_lengths(corrected.path), step_lengths(raw.path)
    c.says("0.14", sc[0]), c.says("0.45", sr[0])
    c.says("0.1/√0.001 ≈ 3.16")
    assert math.isclose(sr[0] / sc[0], 0.1 / math.sqrt(0.001), rel_tol=1e-6)
    assert round(sr[0] / sc[0], 2) == 3.16
    assert int(np.argmax(sr)) + 1 == 4
    c.says("0.72", sr.max()), c.says("at step 4")
    assert (crossings(raw.path[:, 0], 0), crossings(corrected.path[:, 0], 0)) == (8, 3)
    c.says("8 times"), c.says("3 times")


@check("rosenbrock_adam")
def _(p, c):
    cfg, surface, (sgd, adam) = playground_runs(p)
    assert sgd.hparams["lr"] == 0.001 and adam.hparams["lr"] == 0.1 and cfg.steps == 500
    c.says("η = 0.001"), c.says("η = 0.1"), c.says("after 500 steps")
    assert sgd.metrics.oscillation_index > 0.5  # zig-zags
    c.says("2.3", sgd.metrics.final_distance), c.says("0.23", adam.metrics.final_distance)
    d = surface.distance_to_nearest_minimum(adam.path[:, 0], adam.path[:, 1])
    assert np.all(np.diff(d[-100:]) < 0)  # still getting closer


@check("saddle")
def _(p, c):
    cfg, surface, runs = playground_runs(p)
    assert cfg.start == (-1.8, 0.01)
    c.says("(−1.8, 0.01)")
    leave = [window_exit(r.path, surface.window)[0] for r in runs]
    sgd, heavy, nesterov, adagrad, rmsprop, adadelta, adam, nadam = leave
    assert max(adagrad, rmsprop) == 5
    c.says("within 5 steps")
    assert (min(nadam, nesterov, adam, heavy), max(nadam, nesterov, adam, heavy)) == (17, 21)
    c.says("17 to 21 steps")
    assert adadelta == 47 and sgd == 56
    c.says("47"), c.says("56")
    assert step_lengths(runs[5].path)[:3].max() < 0.01 < step_lengths(runs[0].path)[:3].min()  # Adadelta's tiny steps


@check("map_lr_momentum")
def _(p, c):
    cfg, surface = map_config(lesson_values(p))
    assert cfg.x.n * cfg.y.n == 10_000 and cfg.optimizer == "sgd" and (cfg.x.name, cfg.y.name) == ("lr", "momentum")
    result = LH.run_sweep(surface, cfg)
    lr, beta = np.meshgrid(cfg.x.values(), cfg.y.values())
    beyond = lr > 2 * (1 + beta) / quadratic_theory(surface, 0.0).eigenvalues[1]
    agree = np.mean((result.diverged_at > 0) == beyond)
    assert agree > 0.97  # the red edge follows the limit
    c.says("η < 2(1 + β)/L")


@check("race_rosenbrock")
def _(p, c):
    cfg, surface = race_config(lesson_values(p))
    assert cfg.steps == 300 and cfg.tune and cfg.criterion == "final_loss" and LR.TUNE_GRID.n == 41
    c.says("300 steps"), c.says("41 values")
    race = LR.race_simulation(surface, cfg, [0.01] * len(cfg.racers))  # one start, one budget for all
    assert race.start == cfg.start and race.steps == 300 and len(race.runs) == len(cfg.racers)


def test_every_preset_has_a_caption_check():
    assert set(CHECKS) == set(P.PRESETS_BY_ID)


@pytest.mark.parametrize("preset", P.PRESETS, ids=[p.id for p in P.PRESETS])
def test_the_caption_states_what_the_run_shows(preset):
    caption = Caption(preset.caption)
    CHECKS[preset.id](preset, caption)
    left = re.sub(r"\b[A-Za-z]+\d+[A-Za-z]*\b", " ", caption.unchecked())  # names such as CS231n
    assert not re.search(r"\d", left), f"numbers not checked in: {left!r}"


NUMBER = re.compile(r"\d+(?:\.\d+)?(?:e-\d+)?")


@pytest.mark.parametrize("preset", P.PRESETS, ids=[p.id for p in P.PRESETS])
def test_the_chinese_caption_quotes_the_same_numbers(preset):
    zh = load()
    assert sorted(NUMBER.findall(zh[preset.title])) == sorted(NUMBER.findall(preset.title))
    assert sorted(NUMBER.findall(zh[preset.caption])) == sorted(NUMBER.findall(preset.caption))
