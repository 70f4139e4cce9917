"""AppTest helpers shared by the lesson page tests: open a page (with a link and a language), rerun,
read its charts by key, its traces' names and arrays, its warnings, its URL and the widget bound to a
schema field (keys are ``<page>__<field>``)."""

from __future__ import annotations

import ast
import base64
import json
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]


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
    for kind in ("select_slider", "toggle", "multiselect", "number_input", "radio", "slider", "text_input",
                 "selectbox"):  # fmt: skip
        for w in getattr(at, kind):
            if w.key == key:
                return w
    raise KeyError(key)


def url(at: AppTest) -> dict[str, str]:
    return dict(at.query_params)


def literal_strings(files, calls=("t", "Notice")) -> set[str]:
    """Every English string the given files pass to t() (and every notice template), or to ``calls``."""
    out = set()
    for f in files:
        for node in ast.walk(ast.parse((ROOT / f).read_text())):
            called = isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in calls
            if called and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                out.add(node.args[0].value)
    return out
