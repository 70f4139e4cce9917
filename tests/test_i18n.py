"""English / 简体中文 across the whole app: every page renders in Chinese with no string missing from
the catalogue and no English sentence left on screen, the switch works and stays in the URL."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from optim_viz import i18n
from optim_viz.i18n import locales

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
PAGES = re.findall(r'st\.Page\("([^"]+)"', APP.read_text())

# Code names, symbols and units that stay as they are in Chinese.
ALLOWED = {
    "sgd",
    "adam",
    "adamw",
    "nadam",
    "rmsprop",
    "adagrad",
    "adadelta",
    "nesterov",
    "amsgrad",
    "ewma",
    "lr",
    "momentum",
    "dampening",
    "weight_decay",
    "betas",
    "beta",
    "alpha",
    "rho",
    "eps",
    "lr_decay",
    "momentum_decay",
    "maximize",
    "centered",
    "foreach",
    "differentiable",
    "capturable",
    "fused",
    "initial_accumulator_value",
    "decoupled_weight_decay",
    "bias_correction",
    "torch",
    "optim",
    "torch.optim",
    "csv",
    "html",
    "png",
    "latex",
    "url",
    "json",
    "plotly",
    "plotly.js",
    "optim_viz",
    "hessian",
    "sigmoid",
    "rosenbrock",
    "beale",
    "himmelblau",
    "rastrigin",
    "booth",
    "relu",
    "mse",
    "cross_entropy",
    "kappa",
    "angle_deg",
    "step_size",
    "gamma",
    "t_max",
    "eta_min",
    "sin",
    "cos",
    "tan",
    "exp",
    "log",
    "sqrt",
    "abs",
    "sinh",
    "cosh",
    "tanh",
    "arcsin",
    "arccos",
    "arctan",
    "asin",
    "acos",
    "atan",
    "ln",
    "pi",
    "max",
    "min",
    "inf",
    "nan",
    "cs231n",
    "x",
    "y",
    "f",
    "k",
    "t",
    "n",
    "e",
    "i",
    "a",
    "b",
    "g",
    "v",
    "m",
    "u",
    "s",
    "w",
    "l",
    "d",
    "id",
    "constant",
    "step",
    "exponential",
    "inverse_time",
    "cosine",
    "classroom",
    "lang",
    "expr",
    "window",
    "surface",
    "run",
    "start",
    "steps",
    "schedule",
    "noise",
    "seed",
    "batch",
    "tol",
    "custom",
    "ravine",
    "quadratic",
    "saddle",
    "neuron",
    "buf",
    "velocity",
    "sum",
    "square_avg",
    "grad_avg",
    "acc_delta",
    "exp_avg",
    "exp_avg_sq",
    "max_exp_avg_sq",
    "mu_product",
    "momentum_buffer",
    "true",
    "false",
    "ms",
    "true/false",
    "english",
    "mu",
    "std",
    "rms",
    "ok",
    "ai",
    "ml",
    "gd",
    "hb",
    "np",
    "ij",
    "no",
}
WORD = re.compile(r"[A-Za-z][A-Za-z_.]*[A-Za-z]|[A-Za-z]")


def english_runs(text: str) -> list[str]:
    """Runs of two or more English words in ``text`` that are not code names (an untranslated phrase)."""
    text = re.sub(r"`[^`]*`|\$[^$]*\$|https?://\S+|\./\?\S*|:material/[a-z_]+:", " ", text)
    runs, current = [], []
    for token in re.split(r"(\s+)", text):
        if not token.strip():
            continue
        words = WORD.findall(token)
        english = [w for w in words if w.lower() not in ALLOWED and not re.fullmatch(r"[A-Za-z]\w?", w)]
        if english and re.fullmatch(r"[\W\d_]*[A-Za-z][A-Za-z'’\-.,:;!?()]*", token):
            current.append(token)
            continue
        if len(current) >= 2:
            runs.append(" ".join(current))
        current = []
    if len(current) >= 2:
        runs.append(" ".join(current))
    return runs


def shown_texts(at: AppTest) -> list[str]:
    """Every text a learner reads: prose, headings, notices, widget labels and help, table headers."""
    out: list[str] = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "warning", "info", "error", "success"):
        out += [str(e.value) for e in at.get(kind)]
    for kind in ("selectbox", "select_slider", "slider", "number_input", "text_input", "checkbox", "toggle",
                 "radio", "multiselect", "button", "tabs", "expander"):  # fmt: skip
        for w in at.get(kind):
            out.append(str(getattr(w, "label", "") or ""))
            out.append(str(getattr(w, "help", "") or ""))
    for df in at.dataframe:
        configured = json.loads(df.proto.columns or "{}")  # column_config: the headers and their help
        for name in df.value.columns:
            column = configured.get(str(name), {})
            out += [str(column.get("label", name)), str(column.get("help", ""))]
        out += [str(v) for v in df.value.select_dtypes(exclude="number").to_numpy().ravel()]  # text cells
    return [t for t in out if t]


def zh_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "zh"
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture(scope="module")
def zh_pages() -> dict[str, list[str]]:
    """Each registered page rendered in Chinese: its shown texts (MISSING checked along the way)."""
    i18n.MISSING.clear()
    at = zh_app()
    texts = {}
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        texts[page] = shown_texts(at)
    return texts


def test_every_page_is_registered():
    assert len(PAGES) >= 8 and "pages/playground.py" in PAGES


def test_every_page_renders_in_chinese_with_no_missing_string(zh_pages):
    assert set(zh_pages) == set(PAGES)
    assert not i18n.MISSING, sorted(i18n.MISSING)


@pytest.mark.parametrize("page", PAGES)
def test_no_english_sentence_left_on_a_chinese_page(zh_pages, page):
    leftovers = [run for text in zh_pages[page] for run in english_runs(text)]
    assert leftovers == [], leftovers


def test_the_scanner_catches_english_and_allows_code_names():
    assert english_runs("Learning rate η") == ["Learning rate"]
    assert english_runs("学习率 η (lr) · torch.optim: momentum") == []
    assert english_runs("运行 1：SGD+动量 η=0.019 μ=0.9 · `x**2 + y**2`") == []


PLAYGROUND_STATES = [
    {"surface": "custom", "expr": "x**2 + 10*y**2"},
    {"surface": "custom", "expr": "x +"},  # a link notice
    {"surface": "saddle", "run": ["sgd(lr=0.5)", "adam(lr=0.3,amsgrad=1)"], "k": "30"},
    {"surface": "neuron", "batch": "4", "schedule": "step(step_size=20,gamma=0.5)", "noise": "0.1"},
    {"run": ["sgd(lr=2)", "rmsprop(lr=0.05,centered=1,momentum=0.5)", "adadelta", "nadam", "ewma_momentum"]},
    {"steps": "nan", "run": "sgd(lr=banana)", "banana": "1", "classroom": "1"},
    {"run": ["sgd(lr=0.01,momentum=0,nesterov=1)", "sgd(lr=0.01,momentum=0.9,dampening=0.5,nesterov=1)"]},
]


@pytest.mark.parametrize("query", PLAYGROUND_STATES, ids=lambda q: "-".join(q))
def test_playground_states_in_chinese(query):
    i18n.MISSING.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "zh"
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    assert not i18n.MISSING, sorted(i18n.MISSING)
    leftovers = [run for text in shown_texts(at) for run in english_runs(text)]
    assert leftovers == [], leftovers


def test_typing_a_bad_formula_in_chinese_shows_the_caret_not_english():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"lang": "zh", "surface": "custom", "expr": "x**2"})
    at.run()
    at.text_input(key="expr").set_value("x**2 + foo(y)").run()
    assert not at.exception
    (error,) = at.error
    assert "第 8 个字符" in error.value and english_runs(error.value) == []
    assert at.code[0].value.endswith("^")


@pytest.mark.parametrize("page", PAGES)
def test_language_switch_changes_every_page_and_stays_in_the_url(page):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(page).run()
    assert "lang" not in at.query_params
    before = shown_texts(at)
    at.selectbox(key="ui_language").set_value("zh").run()
    assert not at.exception, at.exception
    assert at.query_params["lang"] == ["zh"] or at.query_params["lang"] == "zh"
    after = shown_texts(at)
    assert after != before
    assert any(re.search(r"[\u4e00-\u9fff]", t) for t in after)


def test_the_playground_keeps_lang_in_its_url_and_does_not_flag_it():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"lang": "zh", "steps": "100"})
    at.run()
    assert [w.value for w in at.warning] == []  # lang is not an "unknown link parameter"
    at.select_slider(key="steps").set_value(200).run()
    q = dict(at.query_params)
    assert q["steps"] in ("200", ["200"]) and q["lang"] in ("zh", ["zh"])


def test_duplicate_keys_across_catalogues_translate_identically():
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for info in pkgutil.iter_modules(locales.__path__):
        if not info.name.startswith("zh_"):
            continue
        for key, value in importlib.import_module(f"optim_viz.i18n.locales.{info.name}").ZH.items():
            if key in seen and seen[key][1] != value:
                clashes.append((key, seen[key], (info.name, value)))
            seen.setdefault(key, (info.name, value))
    assert clashes == []


def test_translations_keep_their_placeholders():
    merged = locales.load("zh_")
    names = re.compile(r"\{(\w+)")
    bad = [k for k, v in merged.items() if set(names.findall(v)) - set(names.findall(k))]
    assert bad == []


def test_the_engines_refusal_of_a_combination_is_said_in_chinese():
    """Nesterov without momentum: each value is on its control, torch refuses the pair; the notice
    gives torch's reason in the page's language."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "zh"
    at.query_params["run"] = "sgd(lr=0.01,momentum=0,nesterov=1)"
    at.run()
    assert not at.exception, at.exception
    notices = [w.value for w in at.warning]
    assert any("Nesterov 动量要求 momentum 大于 0 且 dampening 为 0" in n for n in notices), notices
