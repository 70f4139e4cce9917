"""Every page's whole state in its link: move a control, take the address the page wrote, open it
in a fresh session, and the page comes back in the same state (AppTest; the real browser does the
same in test_browser_links.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from optim_viz.state import presets as P

ROOT = Path(__file__).resolve().parents[1]


def open_page(page: str, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(ROOT / "pages" / f"{page}.py", default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def state(at: AppTest, page: str):
    return at.session_state[P.SCHEMAS[page].page].state


def link(at: AppTest) -> dict:
    return {k: (v if isinstance(v, str) else list(v)) for k, v in at.query_params.items()}


def warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning if "Link problem" in w.value]


# page -> (what the learner does, a check that the state changed)
MOVES = {
    "playground": (lambda at: at.select_slider(key="run0_sgd_lr").set_value(0.015),
                   lambda s: s.runs[0].hparams_dict["lr"] == 0.015),
    "momentum": (lambda at: at.number_input(key="momentum__momentum").set_value(0.5),
                 lambda s: s["momentum"] == 0.5),
    "hyperparameter_map": (lambda at: at.select_slider(key="hyperparameter_map__n").set_value(25),
                           lambda s: s["n"] == 25),
    "race": (lambda at: at.multiselect(key="race__racers").set_value(["adam", "sgd"]),
             lambda s: s["racers"] == ("sgd", "adam")),
    "ewma": (lambda at: at.select_slider(key="ewma__n").set_value(200.0), lambda s: s["n"] == 200),
    "schedules": (lambda at: at.select_slider(key="schedules__lr").set_value(0.5), lambda s: s["lr"] == 0.5),
    "neuron": (lambda at: at.toggle(key="neuron__same_step").set_value(False), lambda s: s["same_step"] is False),
    "adaptive": (lambda at: at.select_slider(key="adaptive__angle").set_value(45.0), lambda s: s["angle"] == 45.0),
    "descent_1d": (lambda at: at.number_input(key="descent_1d__lr2").set_value(0.5), lambda s: s["lr2"] == 0.5),
}  # fmt: skip


@pytest.mark.parametrize("page", list(MOVES))
def test_a_moved_control_survives_in_the_link(page):
    move, moved = MOVES[page]
    at = open_page(page)
    before = link(at)
    move(at)
    at.run()
    assert not at.exception
    assert moved(state(at, page))
    after = link(at)
    assert after != before  # the address bar changed with the control
    again = open_page(page, after)
    assert warnings(again) == []
    assert state(again, page) == state(at, page)
    assert link(again) == after


def test_every_page_has_a_schema_and_a_preset():
    pages = {p.stem for p in (ROOT / "pages").glob("*.py")} - {"presets"}
    assert pages == set(P.SCHEMAS)
    assert pages - {"playground"} <= {p.page for p in P.PRESETS}


def test_the_map_keeps_its_axes_fixed_values_and_chosen_cell():
    query = {"optimizer": "adam", "x": "lr:0.01:1:log", "y": "beta2:0.5:0.999", "n": "25",
             "fixed": "adam(amsgrad=1)", "cell": "0.1,0.9"}  # fmt: skip
    at = open_page("hyperparameter_map", query)
    s = state(at, "hyperparameter_map")
    assert warnings(at) == []
    assert (s["x"], s["y"], s["fixed"], s["cell"]) == (("lr", 0.01, 1.0, True), ("beta2", 0.5, 0.999, False),
                                                     ("adam", (("amsgrad", True),)), (0.1, 0.9))  # fmt: skip
    assert any(m.label == "Final loss" for m in at.metric)  # the chosen cell's run is shown
    assert link(at)["cell"] == "0.1,0.9"


def test_the_race_and_momentum_starts_travel_in_the_link():
    race = open_page("race", {"start": "0,2", "surface": "himmelblau"})
    assert state(race, "race")["start"] == (0.0, 2.0) and warnings(race) == []
    assert race.number_input(key="race__start_x").value == 0.0
    mom = open_page("momentum", {"start": "-3,2"})
    assert state(mom, "momentum")["start"] == (-3.0, 2.0)
    starts = [d for d in mom.get("plotly_chart") if '"start"' in d.proto.spec]
    assert starts


@pytest.mark.parametrize("page,query", [
    ("momentum", {"surface": "ravine(kappa=-1)", "momentum": "2", "start": "99,99", "ewma_lr": "x"}),
    ("momentum", {"surface": "custom", "expr": "__import__('os')"}),
    ("hyperparameter_map", {"optimizer": "adam", "x": "momentum:0:1", "y": "lr:0:1:log", "fixed": "sgd(lr=1)",
                            "cell": "a,b", "metric": "joy"}),
    ("race", {"racers": "sgd,warp", "start": "nan,1", "criterion": "fastest", "surface": "moon()"}),
])  # fmt: skip
def test_tampered_links_fall_back_with_notices(page, query):
    at = open_page(page, query)
    assert warnings(at), query
    assert P.SCHEMAS[page].problems(state(at, page)) == []  # whatever is shown is a valid state
