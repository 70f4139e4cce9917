"""The Lessons III pages and sections through Streamlit's AppTest: every new control, the numbers the
captions claim (recomputed here from the lessons), the link state, the Chinese interface and bad
input (a message, never a traceback)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from page_support import array, charts, fresh, literal_strings, names, rerun, url, warnings, widget

from optim_viz import i18n
from optim_viz.core import neuron as N
from optim_viz.core.ewma import SeriesError, parse_series
from optim_viz.core.surfaces import SURFACES, make_surface
from optim_viz.i18n.locales import load
from optim_viz.lessons import adaptive as AD
from optim_viz.lessons import epochs as EP
from optim_viz.lessons import gradient_check as GC
from optim_viz.lessons import neuron as LN
from optim_viz.lessons.averages import typed_series
from optim_viz.render import adaptive as F
from optim_viz.render.descent_1d import KIND_TEXT
from optim_viz.state import presets as P
from optim_viz.state.adaptive import adaptive_config

# Every file whose learner-facing strings Lessons III added or changed
OWN_FILES = [
    "app.py",
    "pages/adaptive.py",
    "pages/descent_1d.py",
    "pages/ewma.py",
    "pages/momentum.py",
    "pages/neuron.py",
    "pages/race.py",
    "optim_viz/render/adaptive.py",
    "optim_viz/render/averages.py",
    "optim_viz/render/descent_1d.py",
    "optim_viz/render/epochs.py",
    "optim_viz/render/neuron.py",
    "optim_viz/state/adaptive.py",
    "optim_viz/state/descent_1d.py",
    "optim_viz/state/neuron.py",
    "optim_viz/state/averages.py",
]


def test_catalogue_covers_every_new_string():
    catalogue = load()
    strings = literal_strings(OWN_FILES) | literal_strings(["optim_viz/core/ewma.py"], calls=("SeriesError",))
    strings |= {p.title for p in P.PRESETS} | {p.caption for p in P.PRESETS} | set(P.PAGE_TITLES.values())
    strings |= {label for label, _ in F.ACCUMULATOR_LABELS.values()} | set(AD.TITLES.values())
    strings |= set(KIND_TEXT.values())
    strings |= {SURFACES["neuron"].description} | {p.doc for p in SURFACES["neuron"].params}
    missing = sorted(s for s in strings if s not in catalogue)
    assert missing == []


# --------------------------------------------------------------------------------------
# The EWMA of a typed series


def test_parse_series_reads_plain_numbers_only():
    assert parse_series("0, 1, 2,3，4 ,-5e1, .5, +2.").tolist() == [0, 1, 2, 3, 4, -50, 0.5, 2]
    cases = {
        "": ("type numbers separated by commas, e.g. 0, 1, 2, 3", 0),
        "1,,2": ("number {item} is missing (two commas in a row, or a comma at an end)", 2),
        "1, 2,": ("number {item} is missing (two commas in a row, or a comma at an end)", 4),
        "1, nan": ("number {item}, {token!r}, is not a number", 3),
        "1, 2, __import__('os')": ("number {item}, {token!r}, is not a number", 6),
        "1e999": ("number {item} is too large (at most 1e12 in size)", 0),
        "1 2, 3": ("put a comma between the numbers of {token!r}", 0),
        ",".join(["1"] * 201): ("at most {max} numbers ({n} given)", 400),
    }
    for text, (template, position) in cases.items():
        with pytest.raises(SeriesError) as info:
            parse_series(text)
        assert (info.value.template, info.value.position) == (template, position), text


def test_the_notes_numbers_0_to_9():
    ts = typed_series(range(10), 0.9)
    assert ts.mean[-1] == 4.5
    assert ts.average[-1] == pytest.approx(sum(0.1 * 0.9 ** (10 - i) * (i - 1) for i in range(1, 11)), rel=1e-14)
    assert ts.average[-1] == pytest.approx(3.4868, abs=1e-4) and ts.corrected[-1] == pytest.approx(5.3534, abs=1e-4)
    assert ts.weights.sum() == pytest.approx(1 - 0.9**10) and ts.newest_weight == pytest.approx(0.1)


def test_ewma_typed_section_defaults_and_caption_numbers():
    at = fresh("ewma")
    spec = charts(at)["typed_chart"]
    assert names(spec) == ["your numbers Sₜ", "arithmetic mean of S₁…Sₜ", "β=0.9, no correction",
                           "β=0.9, bias-corrected"]  # fmt: skip
    np.testing.assert_allclose(array(spec["data"][1]["y"]), np.cumsum(range(10)) / np.arange(1, 11), rtol=1e-6)
    text = next(m.value for m in at.markdown if "plain mean of these" in m.value)
    ts = typed_series(range(10), 0.9)
    share = ts.weights / ts.weights.sum()
    for number in ("10 numbers", "**4.5**", f"**{ts.average[-1]:.4g}**", f"**{ts.corrected[-1]:.4g}**",
                   f"{100 * ts.weights.sum():.1f} %", f"{100 * share[-1]:.1f} %", f"{100 * share[0]:.1f} %", "10.0 %"):
        assert number in text, (number, text)  # fmt: skip
    assert "**3.487**" in text and "**5.353**" in text and "65.1 %" in text and "15.4 %" in text and "5.9 %" in text
    table = at.dataframe[-1].value
    assert list(table["mean of S₁…Sₜ"])[-1] == "4.5" and len(table) == 10


def test_typing_numbers_and_beta_updates_the_section_and_the_link():
    at = fresh("ewma")
    widget(at, "ewma", "series").set_value("4, 8, 15, 16, 23, 42")
    widget(at, "ewma", "sbeta").set_value(0.5)
    rerun(at)
    assert url(at)["series"] == "4, 8, 15, 16, 23, 42" and url(at)["sbeta"] == "0.5"
    ts = typed_series([4, 8, 15, 16, 23, 42], 0.5)
    y = array(charts(at)["typed_chart"]["data"][3]["y"])
    np.testing.assert_allclose(y, ts.corrected, rtol=1e-6)
    assert any("**18**" in m.value for m in at.markdown)  # the plain mean of the six numbers


@pytest.mark.parametrize("text,where", [("1, 2,, 3", "character 6"), ("1, two, 3", "character 4"),
                                        ("1 2", "character 1")])  # fmt: skip
def test_a_bad_series_shows_the_problem_and_keeps_the_last_good_one(text, where):
    at = fresh("ewma", {"series": "1, 2, 3"})
    widget(at, "ewma", "series").set_value(text)
    rerun(at)
    (error,) = at.error
    assert where in error.value and "Still showing" in error.value
    assert at.code[-1].value.splitlines()[0] == text and at.code[-1].value.endswith("^")
    assert url(at)["series"] == "1, 2, 3"  # the link keeps what could be read
    assert len(array(charts(at)["typed_chart"]["data"][0]["y"])) == 3


def test_a_bad_series_in_a_link_falls_back_with_a_notice():
    at = fresh("ewma", {"series": "1;2;3"})
    (notice,) = [w for w in warnings(at) if "series" in w]
    assert "'1;2;3', is not a number" in notice and "0, 1, 2" in notice
    assert widget(at, "ewma", "series").value == "0, 1, 2, 3, 4, 5, 6, 7, 8, 9"
    assert P.SCHEMAS["ewma"].problems(at.session_state["ewma"].state) == []


def test_the_ewma_section_in_chinese():
    i18n.MISSING.clear()
    at = fresh("ewma", {"series": "1, x"}, lang="zh")
    assert not i18n.MISSING, sorted(i18n.MISSING)
    assert all(not w.isascii() for w in warnings(at))
    at2 = fresh("ewma", lang="zh")
    widget(at2, "ewma", "series").set_value("1，，2")
    rerun(at2)
    assert "第 3 个字符" in at2.error[0].value and not i18n.MISSING


# --------------------------------------------------------------------------------------
# Adaptive step sizes


def adaptive_page(query: dict | None = None, lang: str | None = None):
    return fresh("adaptive", query, lang)


def markdown_with(at, needle: str) -> str:
    return next(m.value for m in at.markdown if needle in m.value)


def test_adaptive_page_defaults_figures_and_link():
    at = adaptive_page()
    assert warnings(at) == []
    schema = P.SCHEMAS["adaptive"]
    assert url(at) == {k: str(v) for k, v in schema.encode(schema.default_state()).items()}
    c = charts(at)
    assert set(c) == {"adaptive_chart", "eff_chart", "acc_chart", "bias_chart", "bias_steps_chart"}
    labels = ["SGD, η = 0.035", "Adagrad, η = 0.5", "RMSprop, η = 0.05", "Adadelta, η = 1", "Adam, η = 0.1"]
    assert [n for n in names(c["adaptive_chart"]) if n in labels] == labels
    metas = [tr.get("meta") for tr in c["eff_chart"]["data"]]
    assert metas == [f"eff-{m}-{xy}" for xy in "xy" for m in AD.METHODS]
    assert {tr.get("meta") for tr in c["acc_chart"]["data"]} == {
        f"acc-{m}-{n}-{xy}" for xy in "xy" for m, n in
        [("adagrad", "sum"), ("rmsprop", "square_avg"), ("adadelta", "square_avg"), ("adadelta", "acc_delta"),
         ("adam", "exp_avg_sq")]}  # fmt: skip
    assert [r["Run"] for r in at.dataframe[1].value.to_dict("records")] == labels  # the step inspector


def test_adaptive_captions_state_what_the_runs_show():
    at = adaptive_page()
    cfg, surface = adaptive_config(P.SCHEMAS["adaptive"].default_state())
    result = AD.adaptive_simulation(surface, cfg).run()
    for run in result.runs[1:]:
        eff = AD.step_sizes(run).effective
        ratio = eff[:, 0] / eff[:, 1]
        line = markdown_with(at, "- " + AD.TITLES[run.spec.optimizer] + ", η")
        for number in (eff[0, 0], eff[-1, 0], eff[0, 1], eff[-1, 1]):
            assert f"{number:.3g}" in line, (number, line)
        assert f"{ratio.min():.2g} to {ratio.max():.2g} times" in line
    comp = AD.compare_rotation(cfg)
    facts = markdown_with(at, "SGD ends")
    assert f"SGD ends {comp.aligned[0]:.3g} from the minimum in both" in facts
    for m, a, r in zip(comp.methods[1:], comp.aligned[1:], comp.rotated[1:]):
        assert f"{AD.TITLES[m]}: {a:.3g} → {r:.3g}" in facts
    table = at.dataframe[0].value
    assert list(table["Valley at 45°"]) == [f"{r:.3g}" for r in comp.rotated]
    bf = AD.bias_factors(0.9, 0.999, 1000)
    bias = markdown_with(at, "at t = 1 the factors are")
    assert "factors are 10 and 1000" in bias and "3.16 at t = 1" in bias and "at most 6.57 (at t = 12)" in bias
    assert f"still {bf.ratio[-1]:.3g} at t = 1000" in bias
    corrected, plain = AD.bias_pair_simulation(surface, cfg, 30).run().runs
    pair = markdown_with(at, "The first step is")
    assert "0.141 long with correction" in pair and "0.447 without, 3.16 times as long" in pair
    assert f"corrected run is {corrected.metrics.final_distance:.3g}" in pair
    assert f"uncorrected one {plain.metrics.final_distance:.3g}" in pair and "happen to help" in pair


def test_the_step_inspector_shows_the_numbers_of_step_k():
    at = adaptive_page()
    widget(at, "adaptive", "k").set_value(37)
    rerun(at)
    assert url(at)["k"] == "37"
    rows = at.dataframe[1].value.to_dict("records")
    cfg, surface = adaptive_config(P.SCHEMAS["adaptive"].default_state())
    result = AD.adaptive_simulation(surface, cfg).run()
    for row, run in zip(rows, result.runs):
        s = AD.step_sizes(run)
        assert row["η_eff"] == "({:.4g}, {:.4g})".format(*s.effective[36])
        taken = "({:.4g}, {:.4g})".format(*(run.path[37] - run.path[36]))
        assert row["Δ = −η_eff·(g or m)"] == row["step taken"] == taken
    adam = rows[-1]
    assert adam["multiplies"].startswith("m = ") and adam["Accumulators after the update"].startswith("m = (")
    arrows = [a for a in charts(at)["adaptive_chart"]["layout"].get("annotations", []) if a.get("showarrow")]
    assert len(arrows) >= 5  # each run's update at step k


def test_every_adaptive_control_reaches_the_runs_and_the_link():
    at = adaptive_page()
    for key, value in (("kappa", 20.0), ("angle", 30.0), ("steps", 100.0), ("sgd_lr", 0.05), ("adagrad_lr", 0.2),
                       ("rmsprop_lr", 0.02), ("adadelta_lr", 2.0), ("adam_lr", 0.05), ("alpha", 0.9), ("rho", 0.95),
                       ("beta1", 0.8), ("beta2", 0.99), ("horizon", 100.0), ("first", 10.0)):  # fmt: skip
        widget(at, "adaptive", key).set_value(value)
    widget(at, "adaptive", "show").set_value(["rmsprop", "adam", "sgd"])
    rerun(at)
    q = url(at)
    assert (q["kappa"], q["angle"], q["steps"], q["show"]) == ("20", "30", "100", "sgd,rmsprop,adam")
    assert (q["alpha"], q["rho"], q["beta1"], q["beta2"], q["horizon"], q["first"]) == ("0.9", "0.95", "0.8", "0.99",
                                                                                      "100", "10")  # fmt: skip
    state = at.session_state["adaptive"].state
    cfg, surface = adaptive_config(state)
    assert cfg.methods == ("sgd", "rmsprop", "adam") and cfg.lr["adadelta"] == 2.0
    result = AD.adaptive_simulation(surface, cfg).run()
    c = charts(at)
    runs = ["SGD, η = 0.05", "RMSprop, η = 0.02", "Adam, η = 0.05"]
    assert [n for n in names(c["adaptive_chart"]) if n in runs] == runs
    eff = array(c["eff_chart"]["data"][2]["y"])  # Adam, coordinate x
    np.testing.assert_allclose(eff, AD.step_sizes(result.runs[2]).effective[:, 0], rtol=1e-6)
    th = math.radians(30)
    assert len(eff) == 100 and surface.start == pytest.approx((-4.5 * math.cos(th) - 1.5 * math.sin(th),
                                                               -4.5 * math.sin(th) + 1.5 * math.cos(th)))
    bias = c["bias_chart"]["data"]
    assert len(array(bias[0]["x"])) == 100 and array(bias[0]["y"])[0] == pytest.approx(1 / 0.2, rel=1e-6)
    assert len(array(c["bias_steps_chart"]["data"][0]["y"])) == 10
    assert "factors are 5 and 100" in markdown_with(at, "at t = 1 the factors are")
    widget(at, "adaptive", "show").set_value([])
    rerun(at)
    assert [i.value for i in at.info] == ["Pick at least one optimizer in the sidebar."]


def test_adaptive_link_fallbacks():
    at = adaptive_page({"kappa": "0", "angle": "400", "show": "sgd,lion", "adam_lr": "x", "k": "999", "steps": "50"})
    notices = warnings(at)
    assert len(notices) == 5, notices
    state = at.session_state["adaptive"].state
    assert state["k"] == 50 and state["show"] == ("sgd",) and state["adam_lr"] == 0.1
    assert P.SCHEMAS["adaptive"].problems(state) == []


def test_a_moved_adaptive_control_survives_in_the_link():
    at = adaptive_page()
    widget(at, "adaptive", "angle").set_value(45.0)
    rerun(at)
    again = adaptive_page(url(at))
    assert warnings(again) == [] and again.session_state["adaptive"].state == at.session_state["adaptive"].state


def test_adaptive_page_in_chinese():
    i18n.MISSING.clear()
    at = adaptive_page({"k": "20"}, lang="zh")
    assert not i18n.MISSING, sorted(i18n.MISSING)
    assert at.title[0].value == "自适应步长"
    assert "t = 1 的两个因子是 10 和 1000" in markdown_with(at, "两个因子")
    bad = adaptive_page({"show": "sgd,lion"}, lang="zh")
    assert all(not w.isascii() for w in warnings(bad)) and not i18n.MISSING


def test_the_race_fine_print_gives_the_same_advice():
    at = fresh("race", {"racers": "sgd,adam", "steps": "50", "tune": "0"})
    text = markdown_with(at, "What this shows")
    assert "no verdict" not in text
    assert "Adam with β₁ = 0.9, β₂ = 0.999, ε = 1e-8" in text
    assert "SGD with momentum and a learning-rate schedule" in text
    advice = markdown_with(adaptive_page(), "start with Adam")
    assert "β₁ = 0.9, β₂ = 0.999, ε = 1e-8" in advice
    assert "SGD with momentum (0.9) and a learning-rate schedule" in advice


def test_the_adaptive_preset_shows_sgd_ahead_of_every_adaptive_method():
    preset = P.PRESETS_BY_ID["adaptive_steps"]
    at = fresh("adaptive", preset.query_dict)
    assert warnings(at) == []
    table = at.dataframe[0].value
    rotated = dict(zip(table["Optimizer"], table["Valley at 45°"].astype(float)))
    assert all(rotated["SGD"] < v for k, v in rotated.items() if k != "SGD")


# --------------------------------------------------------------------------------------
# Gradient descent in one dimension


def test_one_dimension_defaults_the_notes_example():
    at = fresh("descent_1d")
    assert warnings(at) == []
    spec = charts(at)["descent_chart"]
    titles = [a["text"] for a in spec["layout"]["annotations"] if a.get("text", "").startswith("<b>")]
    assert titles == ["<b>η = 0.05: too small</b>", "<b>η = 0.3: converges</b>", "<b>η = 1.05: too large: diverges</b>"]
    x = array(next(tr for tr in spec["data"] if tr.get("meta") == "iterates-1")["x"])
    np.testing.assert_allclose(x, 2 * 0.4 ** np.arange(13), rtol=1e-6)
    assert "slope is f′(x₀) = 4" in at.caption[0].value and "−η·4" in at.caption[0].value
    text = markdown_with(at, "f is a quadratic")
    assert "f″ = 2" in text and "η = 0.05: +0.9, η = 0.3: +0.4, η = 1.05: -1.1" in text
    assert "η = 1/f″ = 0.5 lands on the minimum in one step" in text and "above 2/f″ = 1 diverges" in text
    rows = at.dataframe[0].value.to_dict("records")
    assert [r["step −η·f′(x)"] for r in rows] == ["-0.2", "-1.2", "-4.2"]


def test_every_one_dimension_control():
    at = fresh("descent_1d")
    widget(at, "descent_1d", "start").set_value(-2.0)
    for i, lr in ((1, 0.1), (2, 0.5), (3, 1.0)):
        widget(at, "descent_1d", f"lr{i}").set_value(lr)
    widget(at, "descent_1d", "steps").set_value(20.0)
    rerun(at)
    widget(at, "descent_1d", "k").set_value(3)
    rerun(at)
    q = url(at)
    assert (q["start"], q["lr1"], q["lr2"], q["lr3"], q["steps"], q["k"]) == ("-2", "0.1", "0.5", "1", "20", "3")
    spec = charts(at)["descent_chart"]
    titles = [a["text"] for a in spec["layout"]["annotations"] if a.get("text", "").startswith("<b>")]
    assert titles[1:] == ["<b>η = 0.5: lands in one step</b>", "<b>η = 1: bounces for ever</b>"]
    assert "slope is f′(x₀) = -4" in at.caption[0].value
    rows = at.dataframe[0].value.to_dict("records")
    assert rows[2]["x before"] == "-2" and rows[2]["x after"] == "2"  # η = 1 bounces between ±2
    assert rows[1]["x before"] == "0"
    assert len([tr for tr in spec["data"] if (tr.get("meta") or "").startswith("tangent-k-")]) == 3
    widget(at, "descent_1d", "expr").set_value("x**4 - 3*x**2 + x")
    rerun(at)
    assert url(at)["expr"] == "x**4 - 3*x**2 + x" and "not a quadratic" in at.info[0].value


@pytest.mark.parametrize("expr,position", [("x**2 + y", 8), ("x**", 4), ("sin(x", 6)])
def test_a_formula_that_cannot_be_used_keeps_the_last_one(expr, position):
    at = fresh("descent_1d")
    widget(at, "descent_1d", "expr").set_value(expr)
    rerun(at)
    (error,) = at.error
    assert "Still showing f = x**2" in error.value
    assert at.code[-1].value.splitlines()[1].index("^") == position - 1
    assert url(at)["expr"] == "x**2"


def test_one_dimension_link_fallbacks():
    at = fresh("descent_1d", {"expr": "x*y", "start": "1e9", "lr1": "-1", "steps": "7", "k": "50"})
    assert len(warnings(at)) == 5, warnings(at)
    state = at.session_state["descent_1d"].state
    assert (state["expr"], state["start"], state["lr1"], state["steps"], state["k"]) == ("x**2", 2.0, 0.05, 8, 8)
    log = fresh("descent_1d", {"expr": "log(x)", "start": "-1"})
    assert [w for w in warnings(log) if "not defined" in w] and log.session_state["descent_1d"].state["start"] == 2.0


def test_one_dimension_in_chinese_and_its_preset():
    i18n.MISSING.clear()
    at = fresh("descent_1d", lang="zh")
    assert not i18n.MISSING, sorted(i18n.MISSING)
    assert at.title[0].value == "一维梯度下降"
    preset = P.PRESETS_BY_ID["descent_1d"]
    at = fresh("descent_1d", preset.query_dict)
    assert warnings(at) == [] and "slope is f′(x₀) = -4" in at.caption[0].value
    rows = at.dataframe[0].value.to_dict("records")
    assert [r["step −η·f′(x)"] for r in rows] == ["0.2", "1.2", "4.2"]  # every run steps to the right
    x = [array(tr["x"]) for tr in charts(at)["descent_chart"]["data"] if (tr.get("meta") or "").startswith("iter")]
    assert abs(x[0][1] / x[0][0]) == pytest.approx(0.9) and abs(x[1][1] / x[1][0]) == pytest.approx(0.4)
    assert abs(x[2][1] / x[2][0]) == pytest.approx(1.1)  # the preset's caption: 90 %, 40 %, farther each time


# --------------------------------------------------------------------------------------
# The neuron page: ReLU, the gradient check, epochs


def test_neuron_relu_section_and_controls():
    at = fresh("neuron")
    assert "sigmoid neuron" in at.markdown[0].value and not any("ReLU and" in h.value for h in at.subheader)
    widget(at, "neuron", "loss").set_value("cross_entropy")
    rerun(at)
    widget(at, "neuron", "activation").set_value("relu")
    rerun(at)
    assert url(at)["activation"] == "relu" and url(at)["loss"] == "mse"  # the only loss offered with ReLU
    assert widget(at, "neuron", "loss").options == ["mean squared error"]
    assert "max(" in at.latex[0].value and "ReLU neuron" in at.markdown[0].value
    text = markdown_with(at, "ReLU has no derivative at z = 0")
    X, _ = N.make_data(40, 0, 2.0)
    assert f"that is {int(np.sum(X @ [-3.0, 3.0] > 0))} of the 40 points" in text
    assert any("surround the origin" in c.value for c in at.caption)
    assert "= ½ of one run" in next(c.value for c in at.caption if c.value.startswith("Left:"))


def test_neuron_gradient_check_numbers():
    at = fresh("neuron")
    s = make_surface("neuron", {})
    check = GC.gradient_check(s, (-3.0, 3.0), 1e-5)
    rows = at.dataframe[1].value.to_dict("records")
    assert [r["Exact ∂L/∂w"] for r in rows] == [f"{v:.12g}" for v in check.analytic]
    assert [r["Central difference"] for r in rows] == [f"{v:.12g}" for v in check.numeric]
    errors = GC.error_over_h(s, (-3.0, 3.0))
    text = markdown_with(at, "the relative difference is")
    assert f"the relative difference is {check.relative_error:.1e}" in text
    assert f"smallest at h = {GC.H_SWEEP[int(np.argmin(errors))]:.0e} ({errors.min():.1e})" in text
    widget(at, "neuron", "fd_h").set_value(0.1)
    rerun(at)
    assert url(at)["fd_h"] == "0.1"
    rel = GC.gradient_check(s, (-3.0, 3.0), 0.1).relative_error
    assert f"h = 1e-01: the relative difference is {rel:.1e}" in markdown_with(at, "the relative difference is")
    chosen = next(tr for tr in charts(at)["gradient_check_chart"]["data"] if tr.get("meta") == "chosen")
    assert chosen["x"] == [pytest.approx(0.1)]


def test_neuron_epochs_section_defaults():
    at = fresh("neuron")
    lesson = EP.epoch_lesson("mse", "sigmoid", 40, 0, 2.0, (-3.0, 3.0), 2.0, 0.0, 4, 40, 0, 10, EP.RULE_ORDER, (5, 0.5),
                             EP.Plateau(factor=0.5, patience=2), "val_loss")  # fmt: skip
    spec = charts(at)["epochs_chart"]
    assert {tr.get("meta") for tr in spec["data"]} >= {"lr-constant", "lr-step", "lr-plateau", "val-plateau",
                                                      "train-step", "cut-plateau"}  # fmt: skip
    np.testing.assert_allclose(array(next(tr for tr in spec["data"] if tr.get("meta") == "val-plateau")["y"]),
                               lesson.runs.val_loss[2], rtol=1e-6)  # fmt: skip
    rows = at.dataframe[2].value.to_dict("records")
    assert [r["Rule"] for r in rows] == ["constant η", "step decay: ×0.5 every 5 epochs",
                                         "reduce on plateau: ×0.5 after 3 epochs without improvement"]  # fmt: skip
    for i, row in enumerate(rows):
        assert row["Lowest validation loss"] == f"{np.nanmin(lesson.runs.val_loss[i]):.4g}"
        assert row["Validation loss at the end"] == f"{lesson.runs.val_loss[i, -1]:.4g}"
        assert row["at epoch"] == str(lesson.best_epoch(i))
        assert row["η in the last epoch"] == f"{lesson.runs.lr[i, -1]:.3g}"
    assert rows[2]["η cut after epochs"] == "16, 19, 22, 25, 28, 31, 34, 37, 40"
    assert "cut η 9 times, after epochs 16, 19, 22" in markdown_with(at, "Reduce-on-plateau cut")
    assert "30 training points in 8 mini-batches per epoch, 10 held out" in " ".join(c.value for c in at.caption)


def test_every_epoch_control_reaches_the_runs_and_the_link():
    at = fresh("neuron")
    at.button(key="neuron_tenth_20").click()
    rerun(at)
    assert (url(at)["estep"], url(at)["egamma"]) == ("20", "0.1")
    for key, value in (("epochs", 60.0), ("val_share", 0.5), ("ebatch", 8.0), ("elr", 1.0), ("emomentum", 0.5),
                       ("factor", 0.2), ("threshold", 0.01), ("min_lr", 0.001), ("eps", 1e-6)):  # fmt: skip
        widget(at, "neuron", key).set_value(value)
    for key, value in (("eseed", 3), ("patience", 0), ("cooldown", 2)):
        widget(at, "neuron", key).set_value(value)
    widget(at, "neuron", "threshold_mode").set_value("abs")
    widget(at, "neuron", "rules").set_value(["plateau", "step"])
    rerun(at)
    q = url(at)
    expected = {"epochs": "60", "val_share": "0.5", "ebatch": "8", "elr": "1", "emomentum": "0.5", "factor": "0.2",
                "threshold": "0.01", "min_lr": "0.001", "eps": "1e-06", "eseed": "3", "patience": "0", "cooldown": "2",
                "threshold_mode": "abs", "rules": "step,plateau"}  # fmt: skip
    assert {k: q[k] for k in expected} == expected
    lesson = EP.epoch_lesson("mse", "sigmoid", 40, 0, 2.0, (-3.0, 3.0), 1.0, 0.5, 8, 60, 3, 20, ("step", "plateau"),
                             (20, 0.1), EP.Plateau(factor=0.2, patience=0, threshold=0.01, threshold_mode="abs",
                                                   cooldown=2, min_lr=0.001, eps=1e-6), "val_loss")  # fmt: skip
    rows = at.dataframe[2].value.to_dict("records")
    assert [r["η in the last epoch"] for r in rows] == [f"{lesson.runs.lr[i, -1]:.3g}" for i in range(2)]
    assert rows[1]["η cut after epochs"] == ", ".join(map(str, lesson.reductions(1)))
    assert min(lesson.runs.lr[1]) == pytest.approx(0.001)  # min_lr holds the rate up
    widget(at, "neuron", "monitor").set_value("val_accuracy")
    rerun(at)
    assert [w for w in at.warning if "mode=min on the validation accuracy" in w.value]
    widget(at, "neuron", "mode").set_value("max")
    rerun(at)
    assert not [w for w in at.warning if "mode=" in w.value] and url(at)["mode"] == "max"
    widget(at, "neuron", "rules").set_value([])
    rerun(at)
    assert "Pick at least one learning-rate rule." in [i.value for i in at.info]


def test_neuron_link_fallbacks_for_the_new_fields():
    at = fresh("neuron", {"activation": "relu", "loss": "cross_entropy", "points": "10", "val_share": "0.5",
                          "ebatch": "16", "mode": "sideways", "patience": "-1"})  # fmt: skip
    notices = [n.replace("\\", "") for n in warnings(at) if "Link problem" in n]  # Markdown escapes removed
    assert any("ReLU neuron is trained with the squared error" in n for n in notices)
    assert any("ebatch=16 is more than the 5 training points; using 4" in n for n in notices)
    assert len(notices) == 4, notices
    state = at.session_state["neuron"].state
    assert (state["loss"], state["ebatch"], state["mode"], state["patience"]) == ("mse", 4, "min", 2)
    assert P.SCHEMAS["neuron"].problems(state) == []


def test_neuron_sections_in_chinese():
    i18n.MISSING.clear()
    at = fresh("neuron", {"activation": "relu", "monitor": "val_accuracy"}, lang="zh")
    assert not i18n.MISSING, sorted(i18n.MISSING)
    assert any("周期" in h.value for h in at.subheader)


# --------------------------------------------------------------------------------------
# Momentum & ravines: classic Nesterov, μ = 0.5 next to 0.9, the bumpy valley


def test_momentum_page_classic_nesterov_panel():
    at = fresh("momentum")
    assert "mr_classic_chart" not in charts(at)
    widget(at, "momentum", "classic").set_value(True)
    rerun(at)
    assert url(at)["classic"] == "1"
    assert names(charts(at)["mr_classic_chart"])[:3] == ["PyTorch (nesterov=True): x", "classic: θ", "classic: θ + μ·v"]
    rows = next(d for d in at.dataframe if "Paths" in d.value.columns and "classic θ vs PyTorch's x"
                in list(d.value["Paths"])).value.to_dict("records")  # fmt: skip
    assert rows[0]["Largest gap"] == "1.35e+00" and rows[0]["Same path?"] == "no"
    assert float(rows[1]["Largest gap"]) < 1e-13 and rows[1]["Same path?"] == "yes"


def test_momentum_page_links_mu_one_half_next_to_its_mu():
    from urllib.parse import parse_qs, urlparse

    from optim_viz.state.playground import decode_query

    at = fresh("momentum", {"momentum": "0.9", "lr": "0.01"})
    (link,) = [b.proto.url for b in at.get("link_button")]
    query = {k: v if len(v) > 1 else v[0] for k, v in parse_qs(urlparse(link).query).items()}
    cfg, notices = decode_query(query)
    assert notices == []
    assert [(r.optimizer, r.hparams_dict["lr"], r.hparams_dict["momentum"]) for r in cfg.runs] == [
        ("sgd", 0.01, 0.5), ("sgd", 0.01, 0.9)]  # fmt: skip
    assert cfg.surface == "ravine" and cfg.start == (-4.5, 1.5) and cfg.steps == 150
    playground = fresh("playground", query)
    assert not [w for w in warnings(playground) if "Link" in w]


def test_the_bumpy_valley_on_the_momentum_page():
    at = fresh("momentum", {"surface": "bumpy(h=0.1)", "sgd_lr": "0.1", "lr": "0.1", "momentum": "0.9",
                            "steps": "300"})  # fmt: skip
    assert [i.value for i in at.info if "not quadratic" in i.value] and warnings(at) == []
    rows = next(d for d in at.dataframe if "Steps to f − f* ≤ 1e-6" in d.value.columns).value.to_dict("records")
    assert rows[0]["Steps to f − f* ≤ 1e-6"] == "—" and rows[1]["Steps to f − f* ≤ 1e-6"] == "120"


def test_momentum_additions_in_chinese():
    i18n.MISSING.clear()
    at = fresh("momentum", {"classic": "1"}, lang="zh")
    assert not i18n.MISSING, sorted(i18n.MISSING)
    assert "Nesterov：经典写法与 PyTorch 的写法" in [h.value for h in at.subheader]


def test_the_playground_offers_only_neuron_settings_that_combine():
    at = fresh("playground", {"surface": "neuron(loss=cross_entropy)"})
    assert at.selectbox(key="sp_neuron_activation").options == ["sigmoid"]
    at = fresh("playground", {"surface": "neuron(activation=relu)"})
    assert at.selectbox(key="sp_neuron_loss").options == ["mse"]
    assert at.session_state["playground"].state.surface_params_dict["activation"] == "relu"
    at.selectbox(key="sp_neuron_activation").set_value("sigmoid")
    rerun(at)
    assert at.selectbox(key="sp_neuron_loss").options == ["mse", "cross_entropy"]
    bad = fresh("playground", {"surface": "neuron(loss=cross_entropy,activation=relu)"})
    assert [w for w in warnings(bad) if "cross" in w] and not bad.exception


def test_a_relu_neuron_with_the_sigmoids_learning_rate_says_it_diverged():
    at = fresh("neuron", {"activation": "relu"})  # η = 2 and η₀ = 2 suit the sigmoid, not ReLU
    texts = [w.value.replace("\\", "") for w in at.warning]
    specs = LN.neuron_run_specs((4, "full"), 2.0, 0.9, True, 0)
    lesson = LN.neuron_lesson("mse", 40, 0, 2.0, (-3.0, 3.0), 300, specs, "relu")
    for run in lesson.result.runs:
        if run.metrics.diverged_at:
            assert any(f"diverged at step {run.metrics.diverged_at}." in w for w in texts), texts
    assert sum("diverged in epoch 5;" in w for w in texts) == 3
    assert any("needs a smaller η than the sigmoid" in c.value for c in at.caption)
    rows = at.dataframe[2].value.to_dict("records")
    assert [r["Diverged in epoch"] for r in rows] == ["5", "5", "5"]
    assert "did not cut η in these 40 epochs" in markdown_with(at, "did not cut")
    calm = fresh("neuron", {"activation": "relu", "lr": "0.2", "elr": "0.2"})
    assert not [w for w in calm.warning if "diverged" in w.value]
    assert markdown_with(calm, "Reduce-on-plateau cut η")
