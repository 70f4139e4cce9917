"""Lessons II without Streamlit: the neuron's gradients and mini-batches, the lesson computations,
the pages' query parameters, the presets, and the figure builders.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optim_viz.core import ewma, neuron
from optim_viz.core.engine import RunSpec, run_single, simulate
from optim_viz.core.surfaces import make_surface
from optim_viz.lessons import averages as LA
from optim_viz.lessons import neuron as LN
from optim_viz.lessons import results as LR
from optim_viz.lessons import schedules as LS
from optim_viz.render import averages as FA
from optim_viz.render import neuron as FN
from optim_viz.render import schedules as FS
from optim_viz.state import playground as C
from optim_viz.state import presets as P
from optim_viz.state.averages import AVERAGES as EWMA
from optim_viz.state.neuron import NEURON, batch_options
from optim_viz.state.schedules import SCHEDULES_PAGE as SCHEDULE_LESSON
from optim_viz.state.schedules import schedule_params

SCHEMAS = {k: s for k, s in P.SCHEMAS.items() if k != "playground"}  # the pages whose state is a dict of values

ROOT = Path(__file__).resolve().parents[1]

# --------------------------------------------------------------------------------------
# The neuron: analytic gradients, mini-batches, the CLI

neuron_params = st.fixed_dictionaries(
    {
        "n_points": st.integers(4, 60),
        "data_seed": st.integers(0, 1000),
        "separation": st.floats(0.0, 6.0),
        "loss": st.sampled_from(["mse", "cross_entropy"]),
    }
)
weight = st.floats(-6.0, 6.0, allow_nan=False)


def _fd_grad(f, w1: float, w2: float, h: float = 1e-6) -> tuple[float, float]:
    return (f(w1 + h, w2) - f(w1 - h, w2)) / (2 * h), (f(w1, w2 + h) - f(w1, w2 - h)) / (2 * h)


@settings(max_examples=60, deadline=None)
@given(params=neuron_params, w1=weight, w2=weight)
def test_full_batch_gradient_matches_finite_differences(params, w1, w2):
    s = make_surface("neuron", params)
    _, g1, g2 = s.value_and_grad(np.array(w1), np.array(w2))
    fd = _fd_grad(lambda a, b: float(s.value(np.array(a), np.array(b))), w1, w2)
    assert np.allclose([g1, g2], fd, rtol=1e-5, atol=1e-8)


@settings(max_examples=60, deadline=None)
@given(params=neuron_params, w1=weight, w2=weight, data=st.data())
def test_mini_batch_gradient_matches_finite_differences_of_the_batch_loss(params, w1, w2, data):
    """The gradient the engine uses for a mini-batch is the exact gradient of that batch's mean loss."""
    n = params["n_points"]
    idx = np.array(data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True)))
    s = make_surface("neuron", params)
    X, labels = neuron.make_data(n, params["data_seed"], params["separation"])
    f, g1, g2 = s.batch_value_and_grad(np.array([w1]), np.array([w2]), idx[None, :])

    def batch_loss(a, b):
        return float(neuron.loss_and_grad(np.array(a), np.array(b), X[idx], labels[idx], params["loss"])[0])

    assert f[0] == pytest.approx(batch_loss(w1, w2), rel=1e-12)
    assert np.allclose([g1[0], g2[0]], _fd_grad(batch_loss, w1, w2), rtol=1e-5, atol=1e-8)


def test_mini_batch_gradients_average_to_the_full_gradient():
    """Every batch of a partition of the data, averaged, gives the full-data gradient (unbiasedness)."""
    s = make_surface("neuron", {"n_points": 40})
    w1, w2 = np.full(10, 0.7), np.full(10, -1.3)
    idx = np.random.default_rng(3).permutation(40).reshape(10, 4)
    _, b1, b2 = s.batch_value_and_grad(w1, w2, idx)
    _, g1, g2 = s.value_and_grad(0.7, -1.3)
    assert np.mean(b1) == pytest.approx(float(g1), rel=1e-12)
    assert np.mean(b2) == pytest.approx(float(g2), rel=1e-12)


def test_batch_indices_are_distinct_points_and_reproducible():
    idx = neuron.batch_indices(seed=5, steps=50, n_points=20, batch_size=8)
    assert idx.shape == (50, 8)
    assert all(len(set(row)) == 8 for row in idx)
    assert idx.min() >= 0 and idx.max() < 20
    assert np.array_equal(idx, neuron.batch_indices(5, 50, 20, 8))
    assert not np.array_equal(idx, neuron.batch_indices(6, 50, 20, 8))


@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
@pytest.mark.parametrize("optimizer,hp", [("sgd", {"lr": 1.0}), ("sgd", {"lr": 0.2, "momentum": 0.9}),
                                          ("adam", {"lr": 0.1})])  # fmt: skip
def test_mini_batch_runs_are_reproducible_per_seed(loss, optimizer, hp):
    s = make_surface("neuron", {"loss": loss})
    runs = [RunSpec.make(optimizer, hp, seed=seed, batch_size=4) for seed in (1, 1, 2)]
    a, b, c = simulate(s, runs, (-3.0, 3.0), 80).runs
    assert np.array_equal(a.path, b.path) and np.array_equal(a.grad, b.grad)
    assert not np.array_equal(a.path, c.path)
    again = simulate(s, runs[:1], (-3.0, 3.0), 80).runs[0]
    assert np.array_equal(a.path, again.path)  # alone or in a batch: the same run


@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
def test_batch_size_n_is_full_batch_gradient_descent_exactly(loss):
    s = make_surface("neuron", {"loss": loss, "n_points": 40})
    full, batch_n = simulate(
        s, [RunSpec.make("sgd", {"lr": 2.0}), RunSpec.make("sgd", {"lr": 2.0}, seed=7, batch_size=40)], (-3, 3), 100
    ).runs
    assert np.array_equal(full.path, batch_n.path)
    assert np.array_equal(full.grad, batch_n.grad)
    # and by hand: x ← x − lr·∇L(x) on the whole data set
    x = np.array([-3.0, 3.0])
    for _ in range(100):
        _, g1, g2 = s.value_and_grad(x[0], x[1])
        x = x - 2.0 * np.array([float(g1), float(g2)])
    assert np.array_equal(x, full.path[-1])


def test_smaller_batches_give_noisier_gradients():
    """The spread of mini-batch gradients around the full gradient shrinks as the batch grows."""
    s = make_surface("neuron", {"n_points": 64})
    spreads = []
    for b in (1, 4, 16):
        t = run_single(s, "sgd", (0.5, 0.5), 200, hparams={"lr": 1e-9}, seed=0, batch_size=b)  # x barely moves
        g_full = np.array([float(v) for v in s.grad(0.5, 0.5)])
        spreads.append(float(np.mean(np.sum((t.grad - g_full) ** 2, axis=1))))
    assert spreads[0] > spreads[1] > spreads[2]


def _no_constants(name):
    raise ValueError(f"non-strict JSON constant {name}")


def _cli(*args: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "optim_viz", "run", "--surface", "neuron", "--optimizer", "sgd", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert proc.stdout.endswith("\n") and proc.stdout.count("\n") == 1
    return json.loads(proc.stdout, parse_constant=_no_constants)


def test_cli_runs_the_neuron_on_mini_batches_as_strict_json():
    out = _cli("--hp", "lr=2", "--steps", "30", "--batch-size", "4", "--seed", "1")
    assert out["batch_size"] == 4 and out["seed"] == 1
    assert out["surface_params"]["n_points"] == 40
    assert len(out["path"]) == 31 and len(out["grad"]) == 30
    engine = run_single("neuron", "sgd", (-4.0, 5.0), 30, hparams={"lr": 2.0}, seed=1, batch_size=4)
    assert np.array_equal(np.array(out["path"]), engine.path)
    assert _cli("--hp", "lr=2", "--steps", "30", "--batch-size", "4", "--seed", "1") == out
    assert _cli("--hp", "lr=2", "--steps", "30", "--batch-size", "4", "--seed", "2")["path"] != out["path"]


def test_cli_rejects_a_batch_larger_than_the_data_in_one_line():
    proc = subprocess.run(
        [sys.executable, "-m", "optim_viz", "run", "--surface", "neuron", "--optimizer", "sgd", "--batch-size", "41"],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "Invalid batch size: 41" in proc.stderr


# --------------------------------------------------------------------------------------
# Lesson computations


def test_series_lesson_averages_and_corrections():
    lesson = LA.series_lesson(100, 0.5, 0, (0.5, 0.9, 0.98))
    assert lesson.series.shape == lesson.t.shape == (100,)
    for b, v, vc in zip(lesson.betas, lesson.averages, lesson.corrected):
        assert np.array_equal(v, ewma.ewma(lesson.series, b))
        assert np.allclose(vc * (1 - b**lesson.t), v)
    # the first value: V₁ = (1 − β)·S₁, corrected V̂₁ = S₁
    assert lesson.corrected[2][0] == pytest.approx(lesson.series[0])
    # the uncorrected β = 0.98 average starts far too close to 0; correction removes most of that error
    early = slice(0, 20)
    raw_err = np.abs(lesson.averages[2][early] - lesson.clean[early]).mean()
    corr_err = np.abs(lesson.corrected[2][early] - lesson.clean[early]).mean()
    assert corr_err < 0.5 * raw_err


def test_window_rows_state_the_effective_window():
    rows = LA.window_rows([0.5, 0.9, 0.98])
    assert [r["window"] for r in rows] == pytest.approx([2, 10, 50])
    assert rows[1]["e_fold_age"] == pytest.approx(-1 / math.log(0.9))
    assert rows[1]["share"] == pytest.approx(1 - 0.9**10)  # not 0.9**11: 1/(1 − 0.9) is 10.000000000000002
    for r in rows:
        b, age = r["beta"], r["e_fold_age"]
        assert (1 - b) * b**age == pytest.approx((1 - b) / math.e)  # weight at that age is 1/e of the newest


def test_ravine_gradients_cancel_across_and_keep_along_the_floor():
    rg = LA.ravine_gradients(55, 0.035, 0.9, 60)
    assert rg.grad.shape == rg.averaged.shape == (60, 2)
    assert np.array_equal(rg.averaged, ewma.ewma(rg.grad, 0.9))
    assert rg.keep_steep < 0.1 and rg.keep_shallow > 0.9
    assert np.all(np.sign(rg.grad[:-1, 1]) != np.sign(rg.grad[1:, 1]))  # SGD's steep gradient flips every step
    sgd, avg, torch_momentum = rg.result.runs
    assert avg.optimizer == "ewma_momentum" and torch_momentum.hparams["momentum"] == 0.9
    assert avg.metrics.oscillation_index < 0.05 < sgd.metrics.oscillation_index
    assert torch_momentum.metrics.final_distance < avg.metrics.final_distance < sgd.metrics.final_distance


def test_ewma_momentum_steps_along_the_average_of_its_own_gradients():
    """The claim of section 3: momentum (course-notes form) is x ← x − η·EWMA(g)."""
    t = run_single("ravine", "ewma_momentum", (-4.5, 1.5), 40, surface_params={"kappa": 55},
                   hparams={"lr": 0.035, "beta": 0.9}, record_state=True)  # fmt: skip
    v = ewma.ewma(t.grad, 0.9)
    assert np.allclose(t.state["velocity"], v, rtol=1e-12, atol=1e-15)
    assert np.allclose(np.diff(t.path, axis=0), -0.035 * v, rtol=1e-12, atol=1e-15)


def test_torch_momentum_buffer_is_the_average_over_one_minus_beta():
    t = run_single("ravine", "sgd", (-4.5, 1.5), 40, surface_params={"kappa": 55},
                   hparams={"lr": 0.035, "momentum": 0.9}, record_state=True)  # fmt: skip
    assert np.allclose(t.state["momentum_buffer"], ewma.ewma(t.grad, 0.9) / (1 - 0.9), rtol=1e-10, atol=1e-12)


def _schedules(values: dict) -> tuple:
    return tuple((s, tuple(sorted(schedule_params(s, values).items()))) for s in values["show"])


def test_schedule_runs_share_the_noise_and_decay_settles_closer():
    v = SCHEDULE_LESSON.defaults()
    res = LS.schedule_runs(v["surface"], v["lr"], v["steps"], v["noise"], v["seed"], _schedules(v))
    assert [r.schedule for r in res.runs] == list(v["show"])
    const, *decaying = res.runs
    assert np.all(const.lr == v["lr"])
    assert all(r.lr[0] == v["lr"] and r.lr[-1] < 0.1 * v["lr"] for r in decaying)
    floor = LR.settle_distance(const, res.minimum)
    for r in decaying:
        assert LR.settle_distance(r, res.minimum) < 0.5 * floor, r.schedule
    # common random numbers: the first update has lr η₀ for every schedule, so the first step is identical
    assert all(np.array_equal(r.path[:2], const.path[:2]) for r in decaying)


def test_schedule_params_map_the_page_fields():
    v = SCHEDULE_LESSON.defaults()
    assert schedule_params("exponential", v) == {"k": v["exp_k"]}
    assert schedule_params("inverse_time", v) == {"k": v["inv_k"]}
    assert schedule_params("cosine", v) == {"t_max": v["t_max"], "eta_min": v["eta_min"]}
    assert schedule_params("constant", v) == {}


def test_neuron_run_specs():
    specs = LN.neuron_run_specs((1, 4, "full"), 2.0, 0.9, True, 3)
    assert [(s.optimizer, s.batch_size, s.hparams_dict.get("momentum")) for s in specs] == [
        ("sgd", 1, None), ("sgd", 4, None), ("sgd", None, None), ("sgd", 1, 0.9), ("sgd", 4, 0.9)
    ]  # fmt: skip
    assert specs[-1].hparams_dict["lr"] == pytest.approx(0.2) and all(s.seed == 3 for s in specs)
    assert LN.neuron_run_specs((4,), 2.0, 0.9, False, 0)[-1].hparams_dict["lr"] == 2.0
    assert len(LN.neuron_run_specs((4, "full"), 2.0, 0.0, True, 0)) == 2


def test_neuron_lesson_momentum_points_steps_downhill_more_consistently():
    v = NEURON.defaults()
    specs = LN.neuron_run_specs(v["batches"], v["lr"], v["momentum"], v["same_step"], v["seed"])
    lesson = LN.neuron_lesson(v["loss"], v["points"], v["data_seed"], v["sep"], (v["w1"], v["w2"]), v["steps"],
                                   specs)  # fmt: skip
    sgd, gd, mom = lesson.result.runs
    a_sgd, a_gd, a_mom = lesson.alignment
    assert a_gd == pytest.approx(1.0)  # full-batch steps are exactly −η∇L
    assert a_mom > a_sgd + 0.2
    assert mom.metrics.path_length < 0.5 * sgd.metrics.path_length
    assert min(lesson.accuracy) >= 0.7
    assert lesson.X.shape == (40, 2)


def test_step_alignment_and_accuracy_by_hand():
    path = np.array([[0.0, 0.0], [-1.0, 0.0], [-1.0, 1.0]])

    def grad(x, y):
        return np.ones_like(x), np.zeros_like(x)  # ∇ = (1, 0): downhill is −x

    assert LN.step_alignment(path, grad) == pytest.approx(0.5)  # cos 0 and cos 90°
    X = np.array([[1.0, 0.0], [-1.0, 0.0], [2.0, 1.0]])
    assert LN.accuracy(np.array([1.0, 0.0]), X, np.array([1.0, 0.0, 0.0])) == pytest.approx(2 / 3)


@given(w1=weight, w2=weight, box=st.floats(0.5, 10))
def test_decision_boundary_segment(w1, w2, box):
    seg = LN.boundary_segment((w1, w2), box)
    if math.hypot(w1, w2) == 0:
        assert seg is None
        return
    assert seg.shape == (2, 2)
    assert np.allclose(seg @ np.array([w1, w2]), 0.0, atol=1e-9 * box * (abs(w1) + abs(w2)))  # on w·x = 0
    assert np.allclose(np.max(np.abs(seg), axis=1), box)  # both ends on the square's edge


@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
def test_neuron_grid_is_the_exact_loss(loss):
    grid = FN.neuron_grid(loss, 40, 0, 2.0)
    s = make_surface("neuron", LN.neuron_surface_params(loss, 40, 0, 2.0))
    X, Y = np.meshgrid(grid.x, grid.y)
    assert np.allclose(grid.f, s.value(X, Y), rtol=1e-12, atol=1e-14)
    assert grid.image.startswith("data:image/png;base64,")


# --------------------------------------------------------------------------------------
# Query parameters of the lesson pages


@pytest.mark.parametrize("schema", list(SCHEMAS.values()), ids=list(SCHEMAS))
def test_defaults_round_trip_without_notices(schema):
    defaults = schema.default_state()
    assert schema.problems(defaults) == []
    assert schema.decode({}) == (defaults, [])
    values, notices = schema.decode(schema.encode(defaults))
    assert values == defaults and notices == []


@pytest.mark.parametrize(
    "schema,query,key,expected",
    [
        (EWMA, {"n": "abc"}, "n", 100),
        (EWMA, {"n": "1e9"}, "n", 100),
        (EWMA, {"n": "nan"}, "n", 100),
        (EWMA, {"noise": "0.52"}, "noise", 0.5),
        (EWMA, {"seed": "-1"}, "seed", 0),
        (EWMA, {"seed": "1.5"}, "seed", 0),
        (EWMA, {"bias": "maybe"}, "bias", False),
        (EWMA, {"betas": ""}, "betas", (0.5, 0.9, 0.98)),
        (EWMA, {"betas": "0.9,7,x"}, "betas", (0.9,)),
        (EWMA, {"betas": "0,0.1,0.2,0.3,0.4,0.5"}, "betas", (0.0, 0.1, 0.2, 0.3, 0.4)),
        (EWMA, {"lr": "x" * 500}, "lr", 0.035),
        (SCHEDULE_LESSON, {"surface": "moon"}, "surface", "quadratic"),
        (SCHEDULE_LESSON, {"show": "cosine,warp"}, "show", ("cosine",)),
        (NEURON, {"loss": "hinge"}, "loss", "mse"),
        (NEURON, {"batches": "3"}, "batches", (4, "full")),
    ],
)
def test_malformed_values_fall_back_with_a_notice(schema, query, key, expected):
    values, notices = schema.decode(query)
    assert values[key] == expected
    assert notices and all(n.render() for n in notices)


def test_sets_are_put_in_order_without_repeats():
    assert EWMA.decode({"betas": "0.98,0.5,0.5"}) == (EWMA.defaults() | {"betas": (0.5, 0.98)}, [])
    assert NEURON.decode({"batches": "full,1"}) == (NEURON.defaults() | {"batches": (1, "full")}, [])


def test_unknown_keys_are_reported_and_lang_is_not():
    _, notices = EWMA.decode({"lang": "zh", "foo": "1"})
    assert [n.render() for n in notices] == ["Unknown link parameter 'foo' ignored."]


def test_neuron_consistency_drops_batches_above_the_data_and_clamps_k():
    values, notices = NEURON.decode({"points": "20", "batches": "4,32,full", "steps": "100", "k": "500"})
    assert values["batches"] == (4, "full") and values["k"] == 100
    assert len(notices) == 2
    assert batch_options(20) == (1, 2, 4, 8, 16, "full")


query_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


@settings(max_examples=200, deadline=None)
@given(page=st.sampled_from(list(SCHEMAS)), data=st.data())
def test_decode_never_raises_and_always_gives_showable_values(page, data):
    schema = SCHEMAS[page]
    keys = st.sampled_from(list(schema.keys) + ["lang", "junk"])
    query = data.draw(st.dictionaries(keys, st.one_of(query_text, st.lists(query_text, max_size=3)), max_size=6))
    values, notices = schema.decode(query)
    assert set(values) == set(schema.keys)
    assert schema.problems(values) == []  # every value is one a control can show
    for n in notices:
        assert isinstance(n.render(), str)


# --------------------------------------------------------------------------------------
# Presets


def test_presets_cover_the_issue_and_have_two_or_three_sentences():
    assert len(P.PRESETS) == len(P.PRESETS_BY_ID) >= 13
    for p in P.PRESETS:
        sentences = [s for s in p.caption.replace("e.g.", "eg").split(". ") if s.strip()]
        assert 2 <= len(sentences) <= 3, (p.id, len(sentences))
        assert p.page in P.SCHEMAS
    assert set(P.SCHEMAS) <= {p.page for p in P.PRESETS} | {"playground"}  # a preset opens every page


@pytest.mark.parametrize("preset", P.PRESETS, ids=[p.id for p in P.PRESETS])
def test_every_preset_decodes_without_notices(preset):
    if preset.page == "playground":
        cfg, notices = C.decode_query(preset.query_dict)
        assert notices == []
        assert C.encode_query(cfg) == preset.query_dict
    else:
        values, notices = preset.schema.decode(preset.query_dict)
        assert notices == []
        assert preset.schema.encode(values) == preset.query_dict


def test_preset_links():
    p = P.PRESETS_BY_ID["minibatch"]
    assert P.link(p).startswith("neuron?") and "batches=1,32,full" in P.link(p)
    assert P.link(p, "zh").endswith("&lang=zh") and "lang" not in P.link(p, "en")
    ravine = P.link(P.PRESETS_BY_ID["ravine_momentum"])
    assert ravine.count("run=") == 2 and "surface=ravine(angle_deg=0,kappa=100)" in ravine


# --------------------------------------------------------------------------------------
# Figures: valid Plotly, traces named in the page's language


def _valid(fig: go.Figure) -> dict:
    go.Figure(fig.to_dict())  # full validation (the builders skip it for speed)
    return fig.to_plotly_json()


def _pretend_zh(text, /, **values):
    return "ZH:" + (text.format(**values) if values else text)


def test_lesson_figures_are_valid_and_translated():
    lesson = LA.series_lesson(50, 0.3, 1, (0.5, 0.9))
    fig = _valid(FA.series_figure(lesson, True, _pretend_zh))
    assert len(fig["data"]) == 2 + 2 * 2
    assert all(tr["name"].startswith("ZH:") or tr["name"].startswith("β") for tr in fig["data"])
    assert len(_valid(FA.series_figure(lesson, False))["data"]) == 4
    w = _valid(FA.weights_figure((0.5, 0.9, 0.98), 100, True, _pretend_zh))
    assert len(w["data"]) == 6 and w["layout"]["yaxis"]["type"] == "log"
    rg = LA.ravine_gradients(20, 0.05, 0.9, 30)
    grid = FN.neuron_grid("mse", 20, 0, 2.0)  # any SurfaceGrid will do for the background
    paths = _valid(FA.ravine_paths_figure(rg, grid, ["a", "b", "c"], _pretend_zh))
    assert [tr["name"] for tr in paths["data"][:3]] == ["a", "c", "b"]  # the averaged run drawn last
    assert len(_valid(FA.gradient_components_figure(rg, _pretend_zh))["data"]) == 4


def test_schedule_and_neuron_figures_are_valid():
    v = SCHEDULE_LESSON.defaults()
    res = LS.schedule_runs("quadratic", 0.2, 100, 1.0, 0, _schedules(v))
    names = [f"s{i}" for i in range(5)]
    assert [tr["name"] for tr in _valid(FS.lr_figure(res, names))["data"]] == names
    grid = FN.neuron_grid("mse", 20, 0, 2.0)
    assert len(_valid(FS.schedule_paths_figure(res, grid, names))["data"]) == 2 * 5 + 1
    assert len(_valid(FS.schedule_distance_figure(res, names))["data"]) == 5
    specs = LN.neuron_run_specs((4, "full"), 2.0, 0.9, True, 0)
    lesson = LN.neuron_lesson("mse", 40, 0, 2.0, (-3.0, 3.0), 50, specs)
    labels = ["x", "y", "z"]
    data = _valid(FN.neuron_data_figure(lesson, 10, labels))["data"]
    assert [tr["name"] for tr in data][2:5] == labels and len(data) == 2 + 3 + 1
    surf = _valid(FN.neuron_surface_figure(lesson, FN.neuron_grid("mse", 40, 0, 2.0), 10, labels))
    assert [tr["name"] for tr in surf["data"][:3]] == labels
    assert len(_valid(FN.neuron_loss_figure(lesson, 10, labels))["data"]) == 3
