"""The Lessons II pages through Streamlit's AppTest: every control, the URL state, every preset link,
the Chinese interface (no untranslated string), and malformed links (a notice, never an exception).
"""

from __future__ import annotations

import ast
import base64
import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from optim_viz import i18n
from optim_viz.core.schedules import SCHEDULES
from optim_viz.core.surfaces import SURFACES
from optim_viz.i18n.locales import load
from optim_viz.state import playground as C
from optim_viz.state import presets as P

ROOT = Path(__file__).resolve().parents[1]
PAGES = ("ewma", "schedules", "neuron", "presets")
SCHEMAS = P.SCHEMAS
OWN_FILES = [f"pages/{p}.py" for p in PAGES] + [
    "optim_viz/render/averages.py",
    "optim_viz/render/schedules.py",
    "optim_viz/render/neuron.py",
    "optim_viz/state/schema.py",
    "optim_viz/state/neuron.py",
    "optim_viz/ui/page_state.py",
]


def fresh(page: str, query: dict | None = None, lang: str | None = None) -> AppTest:
    at = AppTest.from_file(ROOT / "pages" / f"{page}.py", default_timeout=30)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    if lang:
        at.query_params["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    return at


def rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def charts(at: AppTest) -> dict[str, dict]:
    """Plotly specs by chart key."""
    return {el.proto.id.rsplit("-", 1)[-1]: json.loads(el.proto.spec) for el in at.get("plotly_chart")}


def names(spec: dict) -> list[str]:
    return [tr.get("name") for tr in spec["data"]]


def array(value) -> np.ndarray:
    """A trace's x or y: a list, or Plotly's base64 typed array."""
    if isinstance(value, dict):
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
    return np.asarray(value, dtype=float)


def warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


def widget(at: AppTest, page: str, key: str):
    """The widget bound to a page's field (keys are ``<page>__<field>``)."""
    key = f"{page}__{key}"
    for kind in ("select_slider", "toggle", "multiselect", "number_input", "radio", "slider"):
        for w in getattr(at, kind):
            if w.key == key:
                return w
    raise KeyError(key)


def url(at: AppTest) -> dict[str, str]:
    return dict(at.query_params)


# --------------------------------------------------------------------------------------
# Every page renders its defaults and writes them to the URL


@pytest.mark.parametrize("page", ["ewma", "schedules", "neuron"])
def test_lesson_page_renders_defaults_and_keeps_them_in_the_url(page):
    at = fresh(page)
    assert warnings(at) == []
    expected = {k: str(v) for k, v in SCHEMAS[page].encode(SCHEMAS[page].default_state()).items()}
    assert {k: v for k, v in url(at).items() if k != "lang"} == expected
    assert all(spec["data"] for spec in charts(at).values())


def test_ewma_page_default_figures():
    at = fresh("ewma")
    c = charts(at)
    assert set(c) == {"series_chart", "weights_chart", "gradients_chart", "ravine_chart"}
    assert names(c["series_chart"]) == ["noisy series Sₜ", "cosine without noise", "β=0.5", "β=0.9", "β=0.98"]
    assert names(c["weights_chart"])[0::2] == ["β=0.5", "β=0.9", "β=0.98"]
    assert len(array(c["gradients_chart"]["data"][0]["x"])) == 60
    assert names(c["ravine_chart"])[:3] == [
        "SGD, η=0.035",
        "torch SGD, η=0.035, momentum=0.9",
        "steps along the average (EWMA momentum), η=0.035, β=0.9",
    ]
    table = at.dataframe[0].value
    assert list(table["window ≈ 1/(1 − β)"]) == ["2", "10", "50"]
    assert "5 %" in at.markdown[-1].value or any("5 %" in m.value for m in at.markdown)


def test_ewma_controls():
    at = fresh("ewma")
    widget(at, "ewma", "n").set_value(200.0)
    widget(at, "ewma", "noise").set_value(1.0)
    widget(at, "ewma", "seed").set_value(7)
    rerun(at)
    series = charts(at)["series_chart"]["data"][0]
    assert len(array(series["x"])) == 200
    assert url(at)["n"] == "200" and url(at)["noise"] == "1" and url(at)["seed"] == "7"
    first = array(series["y"]).copy()
    widget(at, "ewma", "seed").set_value(8)
    rerun(at)
    assert not np.array_equal(array(charts(at)["series_chart"]["data"][0]["y"]), first)

    widget(at, "ewma", "bias").set_value(True)
    rerun(at)
    assert sum("bias-corrected" in (n or "") for n in names(charts(at)["series_chart"])) == 3
    assert url(at)["bias"] == "1"
    widget(at, "ewma", "betas").set_value([0.9])
    rerun(at)
    assert len(charts(at)["series_chart"]["data"]) == 2 + 2
    assert len(at.dataframe[0].value) == 1 and url(at)["betas"] == "0.9"
    widget(at, "ewma", "wlog").set_value(False)
    rerun(at)
    assert charts(at)["weights_chart"]["layout"]["yaxis"]["type"] == "linear"

    for key, value in (("kappa", 20.0), ("lr", 0.05), ("beta", 0.5), ("steps", 30.0)):
        widget(at, "ewma", key).set_value(value)
    rerun(at)
    assert len(array(charts(at)["gradients_chart"]["data"][0]["x"])) == 30
    assert names(charts(at)["ravine_chart"])[0] == "SGD, η=0.05"
    assert (url(at)["kappa"], url(at)["lr"], url(at)["beta"], url(at)["steps"]) == ("20", "0.05", "0.5", "30")

    widget(at, "ewma", "betas").set_value([])
    rerun(at)
    assert [i.value for i in at.info] == ["Pick at least one β to see its average."]
    assert "series_chart" not in charts(at) and "gradients_chart" in charts(at)


def test_schedules_controls():
    at = fresh("schedules")
    c = charts(at)
    all_titles = [SCHEDULES[s].title for s in SCHEDULES]
    assert names(c["lr_chart"]) == all_titles
    assert names(c["distance_chart"]) == all_titles
    assert len(at.dataframe[0].value) == 5
    widget(at, "schedules", "show").set_value(["constant", "cosine"])
    widget(at, "schedules", "surface").set_value("ravine")
    rerun(at)
    assert names(charts(at)["lr_chart"]) == ["Constant", "Cosine annealing"]
    assert url(at)["show"] == "constant,cosine" and url(at)["surface"] == "ravine"
    widget(at, "schedules", "show").set_value(list(SCHEDULES))
    for key, value in (("lr", 0.1), ("steps", 200.0), ("noise", 0.5), ("step_size", 50.0), ("gamma", 0.8),
                       ("exp_k", 0.01), ("inv_k", 0.05), ("t_max", 100.0), ("eta_min", 0.01)):  # fmt: skip
        widget(at, "schedules", key).set_value(value)
    widget(at, "schedules", "seed").set_value(3)
    rerun(at)
    lr = {tr["name"]: array(tr["y"]) for tr in charts(at)["lr_chart"]["data"]}
    assert len(lr["Constant"]) == 200 and lr["Constant"][0] == pytest.approx(0.1)
    assert lr["Step decay"][50] == pytest.approx(0.08)
    assert lr["Exponential decay"][100] == pytest.approx(0.1 * np.exp(-1.0), rel=1e-6)
    assert lr["1/t decay"][100] == pytest.approx(0.1 / 6, rel=1e-6)
    assert lr["Cosine annealing"][150] == pytest.approx(0.01, rel=1e-6)
    assert url(at)["seed"] == "3" and url(at)["t_max"] == "100"
    widget(at, "schedules", "show").set_value([])
    rerun(at)
    assert [i.value for i in at.info] == ["Pick at least one schedule in the sidebar."]


def test_neuron_controls():
    at = fresh("neuron")
    c = charts(at)
    labels = ["SGD, batch 4, η=2", "GD, full batch (40 points), η=2", "SGD+momentum 0.9, batch 4, η=0.2"]
    assert names(c["data_chart"])[2:5] == labels
    assert names(c["surface_chart"])[:3] == labels
    assert names(c["loss_chart"]) == labels
    assert "after step 300" in c["data_chart"]["layout"]["title"]["text"]
    table = at.dataframe[0].value
    align = dict(zip(table["Run"], table["Step alignment"].astype(float)))
    assert align[labels[2]] > align[labels[0]] and align[labels[1]] == 1.0

    widget(at, "neuron", "same_step").set_value(False)
    widget(at, "neuron", "batches").set_value([1, 8])
    rerun(at)
    assert names(charts(at)["loss_chart"]) == [
        "SGD, batch 1, η=2", "SGD, batch 8, η=2", "SGD+momentum 0.9, batch 1, η=2", "SGD+momentum 0.9, batch 8, η=2"
    ]  # fmt: skip
    widget(at, "neuron", "momentum").set_value(0.0)
    rerun(at)
    assert len(charts(at)["loss_chart"]["data"]) == 2
    assert url(at)["momentum"] == "0" and url(at)["batches"] == "1,8" and url(at)["same_step"] == "0"

    widget(at, "neuron", "k").set_value(10)
    rerun(at)
    assert "after step 10" in charts(at)["data_chart"]["layout"]["title"]["text"]
    widget(at, "neuron", "steps").set_value(100.0)
    rerun(at)
    assert len(array(charts(at)["loss_chart"]["data"][0]["x"])) == 101 and url(at)["k"] == "10"

    for key, value in (("loss", "cross_entropy"), ("sep", 3.0), ("w1", 1.0), ("w2", -2.0), ("lr", 0.5)):
        widget(at, "neuron", key).set_value(value)
    widget(at, "neuron", "data_seed").set_value(4)
    widget(at, "neuron", "seed").set_value(9)
    rerun(at)
    surface = charts(at)["surface_chart"]
    start = [d for d in surface["data"] if d.get("name") == "start"][0]
    assert (start["x"], start["y"]) == ([1.0], [-2.0])
    assert "log" in at.latex[0].value  # the cross-entropy formula
    assert url(at)["loss"] == "cross_entropy" and url(at)["data_seed"] == "4" and url(at)["seed"] == "9"

    widget(at, "neuron", "points").set_value(10.0)  # batch 8 is still below 10 points; 32 would not be
    rerun(at)
    assert widget(at, "neuron", "batches").options == ["1", "2", "4", "8", "full batch (GD)"]
    widget(at, "neuron", "batches").set_value([])
    rerun(at)
    assert [i.value for i in at.info] == ["Pick at least one batch size in the sidebar."]


def test_k_follows_the_last_step_when_steps_change():
    at = fresh("neuron")
    widget(at, "neuron", "steps").set_value(500.0)
    rerun(at)
    assert url(at)["k"] == "500"
    assert "after step 500" in charts(at)["data_chart"]["layout"]["title"]["text"]


def test_presets_page_lists_every_preset_as_a_link():
    at = fresh("presets")
    buttons = at.get("link_button")
    assert len(buttons) == len(P.PRESETS) >= 20
    assert sorted(b.proto.url for b in buttons) == sorted(P.link(p) for p in P.PRESETS)  # relative: no host here
    assert sorted(s.value for s in at.subheader) == sorted(p.title for p in P.PRESETS)
    zh = fresh("presets", lang="zh")
    assert all(b.proto.url.endswith("&lang=zh") for b in zh.get("link_button"))
    assert zh.title[0].value == "课程预设"


def test_each_preset_is_chosen_by_its_picture():
    """One picture per card, in the gallery's order, linking where its button does."""
    at = fresh("presets")
    pictures = at.get("image")
    assert len(pictures) == len(P.PRESETS)
    by_link = {p.proto.link: p.proto.imgs[0] for p in pictures}
    for preset in P.PRESETS:
        img = by_link[P.link(preset)]
        assert img.url.endswith(".png") and img.alt == f"Open the preset “{preset.title}”"
    assert len({p.proto.imgs[0].url for p in pictures}) == len(P.PRESETS)  # each its own picture
    zh = fresh("presets", lang="zh")
    (first,) = [p for p in zh.get("image") if p.proto.link == P.link(P.PRESETS[0], "zh")]
    assert first.proto.imgs[0].alt == "打开预设“学习率太小、合适、太大”"
    assert first.proto.imgs[0].url == by_link[P.link(P.PRESETS[0])].url  # one picture for every language


# --------------------------------------------------------------------------------------
# Each preset's link loads its state


LESSON_PRESETS = [p for p in P.PRESETS if p.page != "playground"]
PLAYGROUND_PRESETS = [p for p in P.PRESETS if p.page == "playground"]


@pytest.mark.parametrize("preset", LESSON_PRESETS, ids=[p.id for p in LESSON_PRESETS])
def test_lesson_preset_link_loads_its_state(preset):
    at = fresh(preset.page, preset.query_dict)
    assert warnings(at) == []
    expected, _ = preset.schema.decode(preset.query_dict)
    assert at.session_state[preset.schema.page].state == expected
    assert {k: v for k, v in url(at).items() if k != "lang"} == preset.query_dict  # the link stays as it was
    if preset.page in ("ewma", "schedules", "neuron"):  # one widget per field: each shows its value
        for key, value in expected.items():
            w = widget(at, preset.page, key)
            got = tuple(w.value) if isinstance(value, tuple) else w.value
            assert got == value, key
    c = charts(at)
    if preset.id == "ewma_betas":
        assert names(c["series_chart"]) == ["noisy series Sₜ", "cosine without noise",
                                            "β=0.5, bias-corrected", "β=0.5, no correction",
                                            "β=0.9, bias-corrected", "β=0.9, no correction",
                                            "β=0.98, bias-corrected", "β=0.98, no correction"]  # fmt: skip
    elif preset.id == "ewma_window":
        weights = c["weights_chart"]
        assert weights["layout"]["yaxis"]["type"] == "log"  # each β a straight line of slope ln β
        assert [n for n in names(weights) if n and n.startswith("β=")] == ["β=0.5", "β=0.9", "β=0.98"]
    elif preset.id == "ewma_momentum":
        assert names(c["ravine_chart"])[:3] == ["SGD, η=0.035", "torch SGD, η=0.035, momentum=0.9",
                                                "steps along the average (EWMA momentum), η=0.035, β=0.9"]  # fmt: skip
    elif preset.id == "schedules":
        assert names(c["lr_chart"]) == [SCHEDULES[s].title for s in SCHEDULES]
    elif preset.id in ("step_decay_half", "step_decay_tenth"):
        assert names(c["lr_chart"]) == ["Constant", "Step decay"]
        lr = array(c["lr_chart"]["data"][1]["y"])
        s, gamma = (5, 0.5) if preset.id == "step_decay_half" else (20, 0.1)
        assert np.isclose(lr[s] / lr[0], gamma, rtol=1e-6) and np.isclose(lr[s - 1], lr[0])
    elif preset.id == "exp_inverse_decay":
        assert names(c["lr_chart"]) == ["Constant", "Exponential decay", "1/t decay"]
    elif preset.id == "minibatch":
        assert names(c["loss_chart"]) == ["SGD, batch 1, η=2", "SGD, batch 32, η=2", "GD, full batch (40 points), η=2"]
    elif preset.id == "momentum_conventions":
        assert names(c["mr_conventions_chart"])[:3] == [
            "PyTorch: buf = μ·buf + g; x −= η·buf",
            "CS231n: v = μ·v − η·g; x += v",
            "EWMA: v = β·v + (1 − β)·g; x −= η·v",
        ]
    elif preset.id == "nesterov_lookahead":
        assert c["mr_lookahead"]["layout"]["title"]["text"] == "Update 5: look before you leap"
    elif preset.id == "map_lr_momentum":
        assert c["hm_chart"]["data"][0]["z"]["shape"] == "100,100"
        assert "stability boundary η = 2(1+β)/L" in names(c["hm_chart"])
    elif preset.id == "race_rosenbrock":
        assert len([n for n in names(c["race_tuning"]) if ": picked η" in n]) == 9
    else:  # pragma: no cover - a new preset needs its check here
        pytest.fail(f"no figure check for preset {preset.id}")


@pytest.mark.parametrize("preset", PLAYGROUND_PRESETS, ids=[p.id for p in PLAYGROUND_PRESETS])
def test_playground_preset_link_loads_its_state(preset):
    """The playground (another page, used read-only) decodes the link into the intended comparison."""
    at = AppTest.from_file(ROOT / "pages" / "playground.py", default_timeout=30)
    for k, v in preset.query_dict.items():
        at.query_params[k] = v
    rerun(at)
    cfg, notices = C.decode_query(preset.query_dict)
    assert notices == [] and not [w for w in warnings(at) if "Link" in w]
    assert at.session_state["playground"].state.for_engine() == cfg.for_engine()
    contour = [spec for spec in charts(at).values() if spec["layout"].get("images")][0]
    labels = [C.run_label(i, r) for i, r in enumerate(cfg.runs)]
    assert [n for n in names(contour) if n in labels] == labels


# --------------------------------------------------------------------------------------
# 简体中文: nothing untranslated


def _literal_strings() -> set[str]:
    """Every English string the pages pass to t() (and every notice template)."""
    out = set()
    for f in OWN_FILES:
        for node in ast.walk(ast.parse((ROOT / f).read_text())):
            called = isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("t", "Notice")
            if called and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                out.add(node.args[0].value)
    return out


def test_catalogue_covers_every_string():
    catalogue = load()
    strings = _literal_strings()
    assert len(strings) > 150
    strings |= {p.title for p in P.PRESETS} | {p.caption for p in P.PRESETS}
    strings |= {s.title for s in SCHEDULES.values()} | {SURFACES[s].title for s in ("quadratic", "ravine")}
    strings |= {"Optimizer playground", "Exponentially weighted averages", "Learning-rate schedules",
                "Mini-batches on a real neuron"}  # fmt: skip
    missing = sorted(s for s in strings if s not in catalogue)
    assert missing == []


ZH_STATES = [
    ("ewma", {}),
    ("ewma", {"bias": "1", "betas": "0.5,0.9", "wlog": "0"}),
    ("ewma", {"betas": "", "n": "abc", "seed": "-1", "noise": "0.52", "kappa": "1e9", "junk": "1", "lr": "x" * 300}),
    ("ewma", {"betas": "0.1,0.2,0.3,0.4,0.5,0.9", "bias": "maybe", "steps": "1.5"}),
    ("ewma", {"betas": "x,y"}),
    ("schedules", {}),
    ("schedules", {"surface": "moon", "show": "warp"}),
    ("neuron", {}),
    ("neuron", {"batches": "64,128", "points": "40", "k": "900", "loss": "cross_entropy", "momentum": "0"}),
    ("presets", {}),
]


@pytest.mark.parametrize("page,query", ZH_STATES)
def test_chinese_pages_have_no_untranslated_string(page, query):
    i18n.MISSING.clear()
    at = fresh(page, query, lang="zh")
    if page == "ewma" and not query:
        widget(at, "ewma", "betas").set_value([])
        rerun(at)
    assert not i18n.MISSING, sorted(i18n.MISSING)
    assert all(not w.isascii() for w in warnings(at))  # notices in Chinese too
    assert at.title[0].value == {"ewma": "指数加权平均", "schedules": "学习率退火", "neuron": "真实神经元上的小批量",
                                 "presets": "课程预设"}[page]  # fmt: skip


def test_chinese_figures_and_tables():
    at = fresh("neuron", lang="zh")
    c = charts(at)
    assert c["loss_chart"]["layout"]["title"]["text"] == "每一步之后的全数据损失"
    assert names(c["loss_chart"])[0] == "SGD，批大小 4，η=2"
    assert "步进方向一致度" in at.dataframe[0].value.columns
    sched = fresh("schedules", lang="zh")
    assert names(charts(sched)["lr_chart"])[0] == "常数学习率"


# --------------------------------------------------------------------------------------
# Malformed links: a visible notice and the defaults, never an exception


BAD_LINKS = [
    ("ewma", {"n": "abc"}, 1),
    ("ewma", {"n": "99999", "seed": "1e300", "betas": "nan,inf"}, 3),
    ("ewma", {"bias": "perhaps", "foo": "bar"}, 2),
    ("ewma", {"betas": "," * 500}, 1),
    ("schedules", {"surface": "moon", "show": "a,b", "lr": "-1", "steps": "0x10"}, 4),
    ("schedules", {"exp_k": "0.0061"}, 1),
    ("neuron", {"batches": "0", "points": "7", "w1": "100", "k": "-5", "loss": "<script>"}, 5),
    ("neuron", {"points": "10", "batches": "32,full"}, 1),
]


@pytest.mark.parametrize("page,query,n_notices", BAD_LINKS)
def test_bad_link_shows_notices_and_falls_back(page, query, n_notices):
    at = fresh(page, query)
    notices = warnings(at)
    assert len(notices) == n_notices, notices
    assert all(n.startswith("Link problem: ") for n in notices)
    assert all(spec["data"] for spec in charts(at).values())
    values, _ = SCHEMAS[page].decode(query)
    assert widget(at, page, "seed").value == values["seed"]


def test_notices_disappear_once_the_learner_changes_something():
    at = fresh("ewma", {"n": "abc"})
    assert len(warnings(at)) == 1
    rerun(at)
    assert len(warnings(at)) == 1  # still the link's state
    widget(at, "ewma", "n").set_value(50.0)
    rerun(at)
    assert warnings(at) == []
    assert url(at)["n"] == "50"


def test_a_link_opened_in_the_same_session_replaces_the_state():
    at = fresh("ewma")
    at.query_params["n"] = "300"
    rerun(at)
    assert widget(at, "ewma", "n").value == 300.0


# --------------------------------------------------------------------------------------
# Through the app's navigation


def test_pages_are_reachable_from_the_app_and_keep_their_state():
    at = AppTest.from_file(ROOT / "app.py", default_timeout=30)
    rerun(at)
    titles = {}
    for page in PAGES:
        at.switch_page(f"pages/{page}.py")
        rerun(at)
        titles[page] = at.title[0].value
    assert titles == {"ewma": "Exponentially weighted averages", "schedules": "Learning-rate schedules",
                      "neuron": "Mini-batches on a real neuron", "presets": "Lesson presets"}  # fmt: skip
    at.switch_page("pages/ewma.py")
    rerun(at)
    widget(at, "ewma", "n").set_value(300.0)
    rerun(at)
    at.switch_page("pages/neuron.py")
    rerun(at)
    at.switch_page("pages/ewma.py")
    rerun(at)
    assert widget(at, "ewma", "n").value == 300.0
    assert len(array(charts(at)["series_chart"]["data"][0]["x"])) == 300
    assert url(at)["n"] == "300"  # the address is a shareable link again


def test_the_url_is_rewritten_when_a_page_switch_cleared_it():
    at = fresh("ewma")
    widget(at, "ewma", "n").set_value(200.0)
    rerun(at)
    at.query_params.clear()  # what the browser's page navigation does
    rerun(at)
    assert widget(at, "ewma", "n").value == 200.0
    assert url(at)["n"] == "200" and url(at)["betas"] == "0.5,0.9,0.98"


@pytest.mark.parametrize("page", PAGES)
def test_the_language_switch_translates_the_page_and_keeps_its_state(page):
    at = fresh(page, {"seed": "5"} if page != "presets" else None)
    at.selectbox(key="ui_language").set_value("zh")
    rerun(at)
    assert url(at)["lang"] == "zh"
    assert not at.title[0].value.isascii()
    if page != "presets":
        assert widget(at, page, "seed").value == 5 and url(at)["seed"] == "5"
    at.selectbox(key="ui_language").set_value("en")
    rerun(at)
    assert "lang" not in url(at) and at.title[0].value.isascii()
