"""Hostile and broken links to the playground, through AppTest: each gets a clear notice and the
defaults, nothing executes, and the page keeps serving. Plus a hypothesis fuzz of the query state."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from optim_viz.state import playground as C
from optim_viz.state.surfaces import SURFACE_CHOICES

APP = Path(__file__).resolve().parents[1] / "app.py"
PWNED = "/tmp/optim_viz_pwned"


def fresh(query: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    return at


def link_notices(at: AppTest) -> list[str]:
    """The link notices, without the Markdown escaping that shows URL text literally."""
    return [w.value.replace("\\", "") for w in at.warning if w.value.startswith("Link problem")]


def page_text(at: AppTest) -> str:
    parts = [str(e.value) for kind in ("markdown", "caption", "warning", "error", "info", "code") for e in at.get(kind)]
    return "\n".join(parts)


def assert_healthy(at: AppTest) -> None:
    """No exception element, no traceback, a valid config, and no NaN among the metrics shown."""
    assert not at.exception, at.exception
    assert "Traceback" not in page_text(at)
    cfg = at.session_state["playground"].state
    assert C.validate_config(cfg) == (cfg, [])
    table = at.dataframe[0].value
    for column in ("final_loss", "path_length"):
        assert all(math.isfinite(v) for v in table[column]), table
    for column in ("steps_to_tolerance", "diverged_at"):
        assert not any("nan" in str(v).lower() for v in table[column]), table


HOSTILE = [
    ({"steps": "nan"}, "steps"),
    ({"noise": "inf"}, "noise"),
    ({"tol": "-inf"}, "tol"),
    ({"seed": "1e300"}, "seed"),
    ({"k": "-7"}, "k"),
    ({"start": "nan,nan"}, "start"),
    ({"start": "1e308,-1e308"}, "start"),
    ({"run": "sgd(lr=nan)"}, "lr"),
    ({"run": "adam(lr=1e999)"}, "lr"),
    ({"run": "adam(betas=inf/nan)"}, "betas"),
    ({"run": "sgd(lr=0.1,lr=0.2)"}, "run 1"),
    ({"run": "torch.optim.SGD"}, "run 1"),
    ({"run": ["sgd(lr=0.01)"] * 20}, "At most 8 runs"),
    ({"steps": ["10", "20", "x"]}, "steps"),
    ({"surface": "__import__('os')"}, "surface"),
    ({"surface": "quadratic(a=1e999)"}, "a"),
    ({"surface": "rastrigin(A=" + "9" * 500 + ")"}, "too long"),
    ({"schedule": "cosine(t_max=nan)"}, "t_max"),
    ({"classroom": "maybe"}, "classroom"),
    ({"banana": "1"}, "banana"),
    ({"surface": "custom"}, "needs a formula"),
    ({"surface": "custom", "expr": f"__import__('os').system('touch {PWNED}')"}, "__import__"),
    ({"surface": "custom", "expr": "x.__class__.__bases__"}, "formula"),
    ({"surface": "custom", "expr": "eval('1')"}, "eval"),
    ({"surface": "custom", "expr": "lambda: x"}, "formula"),
    ({"surface": "custom", "expr": "[x for x in y]"}, "formula"),
    ({"surface": "custom", "expr": "9**9**9"}, "formula"),
    ({"surface": "custom", "expr": "(" * 100 + "x" + ")" * 100}, "formula"),
    ({"surface": "custom", "expr": "x" * 5000}, "too long"),
    ({"surface": "custom", "expr": "ｘ**2 + y**2"}, "formula"),
    ({"surface": "custom", "expr": "   "}, "formula"),
    ({"surface": "custom", "expr": "x**2", "window": "nan,1,2,3"}, "window"),
    ({"surface": "custom", "expr": "x**2", "window": "3,-3,-3,3"}, "window"),
    ({"surface": "custom", "expr": "log(x)", "start": "-1,1"}, "not defined"),
    ({"surface": "ravine", "expr": "x**2"}, "only to surface=custom"),
]


@pytest.mark.parametrize("query,needle", HOSTILE, ids=[f"{i}-{'-'.join(q)}" for i, (q, _) in enumerate(HOSTILE)])
def test_hostile_link_gets_a_notice_and_defaults(query, needle):
    at = fresh(query)
    assert_healthy(at)
    notes = link_notices(at)
    assert any(needle in n for n in notes), notes
    assert not os.path.exists(PWNED)
    # the URL now holds the validated state, not the hostile text
    url = json.dumps(dict(at.query_params))
    assert "__import__" not in url and "lambda" not in url


def test_a_good_custom_link_loads_without_notices():
    at = fresh({"surface": "custom", "expr": "x**2 + 10*y**2", "window": "-4,4,-2,2"})
    assert_healthy(at)
    cfg = at.session_state["playground"].state
    assert (cfg.surface, cfg.expr, cfg.window) == ("custom", "x**2 + 10*y**2", (-4.0, 4.0, -2.0, 2.0))
    assert link_notices(at) == []
    assert at.text_input(key="expr").value == "x**2 + 10*y**2"


# --------------------------------------------------------------------------------------
# Fuzz: any mix of known and unknown keys with plausible and junk values.

_JUNK = st.sampled_from(["", "nan", "inf", "-inf", "1e999", "-1", "0", "1e-320", "None", "[]", "%00", "é", "()", ","])
_NUMBER = st.floats(allow_nan=True, allow_infinity=True).map(repr)
_VALUES = {
    "surface": st.sampled_from([*SURFACE_CHOICES, "ravine(kappa=5)", "quadratic(a=nan)", "nope(x=1)"]),
    "expr": st.sampled_from(["x**2 + y**2", "log(x)", "sqrt(-x)", "exp(x*y)", "1/x", "x**2 - y**2", "x +", "__a"]),
    "window": st.sampled_from(["-1,1,-1,1", "0,0,0,0", "1e6,1e7,0,1", "-3,3,-3,3"]),
    "start": st.tuples(_NUMBER, _NUMBER).map(",".join),
    "steps": _NUMBER,
    "run": st.lists(st.sampled_from(["sgd(lr=0.1)", "adam(lr=5)", "rmsprop(lr=nan)", "adagrad", "x(y=1)"]),
                    max_size=10),  # fmt: skip
    "schedule": st.sampled_from(["constant", "step(step_size=1,gamma=0)", "cosine(t_max=nan)", "exponential"]),
    "noise": _NUMBER,
    "seed": _NUMBER,
    "batch": _NUMBER,
    "tol": _NUMBER,
    "k": _NUMBER,
    "classroom": st.sampled_from(["0", "1", "yes", "maybe"]),
    "lang": st.sampled_from(["en", "zh", "xx"]),
    "zzz": _JUNK,
}
QUERIES = st.fixed_dictionaries({}, optional={k: st.one_of(v, _JUNK) for k, v in _VALUES.items()})


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(QUERIES)
def test_fuzzed_links_never_break_the_playground(query):
    at = fresh(query)
    assert_healthy(at)
