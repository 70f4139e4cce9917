"""The playground page through Streamlit's AppTest: every control, the URL, clicks, divergence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from optim_viz.render.contour import path_name
from optim_viz.render.kit import trace_index
from optim_viz.state import playground as C

APP = Path(__file__).resolve().parents[1] / "app.py"


def fresh(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture(scope="module")
def app() -> AppTest:
    """One session reused by the read-only tests (the first run costs the imports)."""
    return fresh()


def charts(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def contour(at: AppTest) -> dict:
    (spec,) = [c for c in charts(at) if c["layout"].get("images")]
    return spec


def path_names(at: AppTest) -> list[str]:
    spec = contour(at)
    n = len([t for t in spec["data"] if t.get("legendgroup", "").startswith("run") and "current" in t["name"]])
    return [spec["data"][trace_index(spec, path_name(i))]["name"] for i in range(n)]


def cfg(at: AppTest) -> C.PlaygroundConfig:
    return at.session_state["playground"].state


def warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


def rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


# --------------------------------------------------------------------------------------
# Rendering


def test_default_page_renders_the_headline_comparison(app):
    assert not at_errors(app)
    assert path_names(app) == ["1. SGD η=0.019", "2. SGD+momentum η=0.004 μ=0.9"]
    assert len(at_charts := charts(app)) == 3  # contour, loss, distance (the 3-D tab is built when opened)
    assert all(c["data"] for c in at_charts)  # never an empty plot
    assert warnings(app) == []
    assert cfg(app) == C.DEFAULT_CONFIG
    table = app.dataframe[0].value
    assert list(table["run"]) == path_names(app)
    assert table["oscillation_index"][0] > 0.8 > 0.1 > table["oscillation_index"][1]
    assert len(app.latex) == 2 and r"0.9\,b_{t-1}" in app.latex[1].value


def at_errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error] + [str(e.value) for e in at.exception]


def test_every_widget_has_a_stable_key(app):
    keys = {w.key for w in app.sidebar.selectbox} | {w.key for w in app.sidebar.select_slider}
    assert {"surface", "run0_optimizer", "run0_sgd_lr", "run1_sgd_momentum", "steps", "noise", "tol"} <= keys
    assert app.slider(key="inspect_step").value == C.DEFAULT_CONFIG.inspect_step
    assert app.number_input(key="start_x").value == -4.5
    assert app.button(key="add_run").label == "Add a run"


def test_url_holds_the_whole_default_config(app):
    q = app.query_params
    assert q["surface"] == "ravine(angle_deg=0,kappa=100)"
    assert q["run"] == ["sgd(lr=0.019)", "sgd(lr=0.004,momentum=0.9)"]
    assert C.decode_query(q) == (C.DEFAULT_CONFIG, [])


# --------------------------------------------------------------------------------------
# Controls


def test_learning_rate_changes_labels_metrics_and_can_diverge():
    at = fresh()
    before = at.dataframe[0].value["final_loss"][0]
    at.select_slider(key="run0_sgd_lr").set_value(0.015)
    rerun(at)
    assert path_names(at)[0] == "1. SGD η=0.015"
    assert at.dataframe[0].value["final_loss"][0] != before
    at.select_slider(key="run0_sgd_lr").set_value(0.025)  # lr·κ = 2.5 > 2: SGD blows up
    rerun(at)
    t = at.session_state["playground"].state
    assert t.runs[0].hparams_dict["lr"] == 0.025
    (msg,) = [w for w in warnings(at) if "diverged" in w]
    assert "1. SGD η=0.025" in msg
    diverged_at = at.dataframe[0].value["diverged_at"][0]
    assert diverged_at.isdigit() and f"diverged at step **{diverged_at}**" in msg
    assert contour(at)["layout"]["xaxis"]["range"] == [-5.0, 5.0]  # the window stays put


def test_momentum_slider_renames_the_run():
    at = fresh()
    at.select_slider(key="run1_sgd_momentum").set_value(0.0)
    rerun(at)
    assert path_names(at)[1] == "2. SGD η=0.004"
    at.checkbox(key="run1_sgd_nesterov").check()
    rerun(at)  # Nesterov without momentum: told, and run without it
    assert any("Nesterov needs momentum" in c.value for c in at.caption)
    assert path_names(at)[1] == "2. SGD η=0.004"


def test_add_runs_up_to_eight_and_remove():
    at = fresh()
    for n in range(3, C.MAX_RUNS + 1):
        at.button(key="add_run").click()
        rerun(at)
        assert len(path_names(at)) == n
    assert path_names(at)[2].startswith("3. Adam")
    assert at.button(key="add_run").disabled
    assert len(at.latex) == C.MAX_RUNS
    at.button(key="run0_remove").click()
    rerun(at)
    names = path_names(at)
    assert len(names) == C.MAX_RUNS - 1 and names[0] == "1. SGD+momentum η=0.004 μ=0.9"
    assert not at.button(key="add_run").disabled


def test_last_run_cannot_be_removed():
    at = fresh({"run": "adam(lr=0.1)"})
    assert at.button(key="run0_remove").disabled


def test_switching_optimizer_uses_its_own_hyperparameters():
    at = fresh()
    at.selectbox(key="run0_optimizer").set_value("adam")
    rerun(at)
    assert path_names(at)[0] == "1. Adam η=0.1"
    assert at.select_slider(key="run0_adam_betas0").value == 0.9
    assert at.select_slider(key="run0_adam_betas1").value == 0.999
    assert "m_t" in at.latex[0].value
    at.select_slider(key="run0_adam_betas1").set_value(0.99)
    rerun(at)
    assert path_names(at)[0] == "1. Adam η=0.1 β=(0.9, 0.99)"


def test_surface_change_moves_the_start_and_the_formula():
    at = fresh()
    at.selectbox(key="surface").set_value("rosenbrock")
    rerun(at)
    c = cfg(at)
    assert c.surface == "rosenbrock" and c.start == C.suggested_start("rosenbrock", {"a": 1.0, "b": 100.0})
    assert "Rosenbrock" in at.markdown[0].value
    assert contour(at)["layout"]["xaxis"]["range"] == [-2.0, 2.0]
    at.select_slider(key="sp_rosenbrock_b").set_value(10.0)
    rerun(at)
    assert cfg(at).surface_params_dict["b"] == 10.0


def test_rotating_the_ravine_turns_the_start_with_it():
    at = fresh()
    at.select_slider(key="sp_ravine_angle_deg").set_value(30.0)
    rerun(at)
    assert cfg(at).start == C.suggested_start("ravine", {"kappa": 100.0, "angle_deg": 30.0})


def test_start_steps_schedule_noise_seed_and_tolerance():
    at = fresh()
    at.number_input(key="start_x").set_value(-3.0)
    at.select_slider(key="steps").set_value(50)
    rerun(at)
    spec = contour(at)
    assert "frames" not in spec  # frames are sent only once the learner turns the animation on
    at.toggle(key="animate_paths").set_value(True)
    rerun(at)
    spec = contour(at)
    assert spec["frames"][-1]["name"] == "50" and spec["layout"]["updatemenus"]
    start = [t for t in spec["data"] if t["name"] == "start"][0]
    assert start["x"] == [-3.0]
    at.selectbox(key="schedule").set_value("step")
    rerun(at)
    at.select_slider(key="sched_step_gamma").set_value(0.2)
    rerun(at)
    assert cfg(at).schedule_params_dict["gamma"] == 0.2
    assert r"\eta_t" in at.latex[0].value and "0.2" in at.latex[0].value
    at.select_slider(key="noise").set_value(0.5)
    rerun(at)
    assert r"0.5\,\varepsilon_t" in at.latex[0].value
    loss_a = at.dataframe[0].value["final_loss"][0]
    at.number_input(key="seed").set_value(3)
    rerun(at)
    assert at.dataframe[0].value["final_loss"][0] != loss_a  # another noise sequence


def test_tolerance_changes_steps_to_tolerance():
    at = fresh()
    assert at.dataframe[0].value["steps_to_tolerance"][1] == "64"
    at.select_slider(key="tol").set_value(0.1)
    rerun(at)
    assert cfg(at).tol == 0.1 and int(at.dataframe[0].value["steps_to_tolerance"][1]) < 64


def test_the_3d_tab_is_built_only_when_opened():
    at = fresh()
    at.session_state["view_tab"] = "3-D surface"
    rerun(at)
    types = [[t["type"] for t in c["data"]] for c in charts(at)]
    assert ["surface", "scatter3d", "scatter3d"] in types
    assert not any(c["layout"].get("images") for c in charts(at))  # the contour is not sent meanwhile


def test_inspect_step_moves_the_arrows_and_the_tables():
    at = fresh()
    arrows = contour(at)["layout"]["annotations"]
    at.slider(key="inspect_step").set_value(40)
    rerun(at)
    assert contour(at)["layout"]["annotations"] != arrows
    assert any("step k = 40" in h.value for h in at.subheader)
    assert any("momentum_buffer" in m.value for m in at.markdown)
    loss = [c for c in charts(at) if c["layout"].get("shapes")][0]
    assert loss["layout"]["shapes"][0]["x0"] == 40


def test_inspector_explains_a_step_after_divergence():
    at = fresh({"run": ["sgd(lr=0.025)", "sgd(lr=0.019,momentum=0.9)"], "k": "140"})
    assert any("No step 140" in i.value for i in at.info)


# --------------------------------------------------------------------------------------
# URL and classroom


def test_link_reproduces_the_state_in_a_fresh_session():
    at = fresh()
    at.selectbox(key="run0_optimizer").set_value("rmsprop")
    at.select_slider(key="steps").set_value(300)
    at.slider(key="inspect_step").set_value(7)
    rerun(at)
    link = dict(at.query_params)
    state = cfg(at)
    again = fresh(link)
    assert cfg(again) == state
    assert path_names(again) == path_names(at)
    assert warnings(again) == []


def test_query_params_set_every_field():
    rich = C.PlaygroundConfig(
        surface="himmelblau",
        surface_params=(),
        start=(1.5, -2.0),
        steps=250,
        runs=(C.RunConfig.make("adam", {"lr": 0.05, "amsgrad": True}), C.RunConfig.make("nadam", {"lr": 0.02})),
        schedule="cosine",
        schedule_params=(("eta_min", 0.0), ("t_max", 200.0)),
        noise=0.2,
        seed=11,
        tol=1e-4,
        inspect_step=12,
    )
    at = fresh(C.encode_query(rich))
    assert cfg(at) == rich
    assert path_names(at) == ["1. Adam η=0.05 amsgrad", "2. NAdam η=0.02"]
    assert at.selectbox(key="surface").value == "himmelblau"
    assert at.number_input(key="seed").value == 11
    assert at.slider(key="inspect_step").value == 12


@pytest.mark.parametrize(
    "query,needle",
    [
        ({"run": "sgd(lr=banana)"}, "lr"),
        ({"surface": "ravine(kappa=-1)"}, "kappa"),
        ({"steps": "99999999"}, "steps"),
        ({"start": "1e400,0"}, "start"),
        ({"run": "<script>alert(1)</script>"}, "run 1"),
        ({"surface": "os.system('rm')"}, "surface"),
    ],
)
def test_tampered_link_shows_a_notice_and_falls_back(query, needle):
    at = fresh(query)
    notes = [w for w in warnings(at) if w.startswith("Link problem")]
    assert notes and any(needle in n for n in notes), notes
    assert C.validate_config(cfg(at)) == (cfg(at), [])
    assert "<script>" not in json.dumps(dict(at.query_params))  # the URL is rewritten to the fallback


def test_notices_show_link_text_literally():
    at = fresh({"run": "[click me](https://example.com)"})
    notes = [w for w in warnings(at) if w.startswith("Link problem")]
    assert any("\\[click me\\]\\(https" in n for n in notes)  # escaped: shown as text, never as a link
    assert not any("[click me](" in n for n in notes)


def test_notices_go_away_once_the_learner_changes_something():
    at = fresh({"steps": "ten"})
    assert any("steps" in w for w in warnings(at))
    at.select_slider(key="steps").set_value(100)
    rerun(at)
    assert not any(w.startswith("Link problem") for w in warnings(at))


def test_classroom_mode_hides_controls_and_enlarges_text():
    at = fresh({"classroom": "1"})
    assert len(at.sidebar.selectbox) == 0 and len(at.sidebar.select_slider) == 0
    assert at.button(key="leave_classroom")
    spec = contour(at)
    assert spec["layout"]["font"]["size"] >= 20 and spec["layout"]["legend"]["font"]["size"] >= 20
    assert at.query_params["classroom"] == "1"
    at.slider(key="inspect_step").set_value(9)  # the main-area control still works
    rerun(at)
    assert cfg(at).inspect_step == 9 and cfg(at).runs == C.DEFAULT_CONFIG.runs
    at.button(key="leave_classroom").click()
    rerun(at)
    assert len(at.sidebar.selectbox) > 0 and "classroom" not in at.query_params


# --------------------------------------------------------------------------------------
# Click on the contour


_CLICKS = iter(range(1, 10**6))


def _click(at: AppTest, x: float, y: float) -> None:
    """A click on the contour's plot area, as the live control reports it (a numbered state value)."""
    state = dict(at.session_state["live_control"]) if "live_control" in at.session_state else {}
    at.session_state["live_control"] = state | {"click": {"x": x, "y": y, "n": next(_CLICKS)}}
    rerun(at)


def test_click_on_the_contour_moves_the_start():
    at = fresh()
    _click(at, 2.0, -3.0)
    assert cfg(at).start == (2.0, -3.0)
    assert at.number_input(key="start_x").value == 2.0 and at.number_input(key="start_y").value == -3.0
    assert at.query_params["start"] == "2,-3"
    start = [t for t in contour(at)["data"] if t["name"] == "start"][0]
    assert start["x"] == [2.0] and start["y"] == [-3.0]


def test_click_is_applied_once_so_typing_still_works():
    at = fresh()
    _click(at, 2.0, -3.0)
    at.number_input(key="start_x").set_value(1.0)
    rerun(at)
    assert cfg(at).start == (1.0, -3.0)


def test_the_same_click_is_applied_once_and_a_new_click_again():
    at = fresh()
    _click(at, 2.0, -3.0)
    at.number_input(key="start_x").set_value(1.0)
    rerun(at)
    rerun(at)  # the component still holds the old click: it is not applied twice
    assert cfg(at).start == (1.0, -3.0)
    _click(at, 2.0, -3.0)  # the same point clicked again is a new click
    assert cfg(at).start == (2.0, -3.0)


def _let_go(at: AppTest, run: int, hparam: str, value) -> None:
    """The learner lets go of the live slider, as the component reports it (a numbered state value)."""
    state = dict(at.session_state["live_control"]) if "live_control" in at.session_state else {}
    at.session_state["live_control"] = state | {"value": {"run": run, "hparam": hparam, "value": value,
                                                          "n": next(_CLICKS)}}  # fmt: skip
    rerun(at)


def test_a_value_let_go_on_the_live_slider_becomes_the_runs_and_the_links():
    at = fresh()
    _let_go(at, 0, "lr", 0.01)
    assert cfg(at).runs[0].hparams_dict["lr"] == 0.01
    assert at.select_slider(key="run0_sgd_lr").value == 0.01  # the sidebar's slider follows
    assert at.query_params["run"][0] == "sgd(lr=0.01)"
    _let_go(at, 1, "momentum", 0.5)
    assert cfg(at).runs[1].hparams_dict["momentum"] == 0.5 and cfg(at).runs[0].hparams_dict["lr"] == 0.01
    at.select_slider(key="run0_sgd_lr").set_value(0.02)  # the sidebar still works after it
    rerun(at)
    rerun(at)  # the component still holds the old value: it is not applied again
    assert cfg(at).runs[0].hparams_dict["lr"] == 0.02


def test_a_live_value_for_a_hyperparameter_the_run_cannot_drag_is_ignored():
    at = fresh()
    _let_go(at, 0, "eps", 0.5)
    _let_go(at, 5, "lr", 0.01)  # no run 6
    _let_go(at, 0, "lr", "a lot")
    assert cfg(at).runs == C.DEFAULT_CONFIG.runs and not at.exception


# --------------------------------------------------------------------------------------
# Exports


def test_download_buttons_are_there(app):
    keys = {b.key for b in app.get("download_button")} if app.get("download_button") else set()
    labels = [el.proto.label for el in app.get("download_button")]
    assert any("CSV" in label for label in labels) and any("HTML" in label for label in labels), (keys, labels)


# --------------------------------------------------------------------------------------
# Every choice renders


def test_every_surface_optimizer_and_schedule_renders():
    from optim_viz.core.optimizers import OPTIMIZERS
    from optim_viz.core.schedules import SCHEDULES
    from optim_viz.core.surfaces import SURFACES

    at = fresh()
    for name in SURFACES:
        at.selectbox(key="surface").set_value(name)
        rerun(at)
        assert cfg(at).surface == name and contour(at)["data"], name
    for name in OPTIMIZERS:
        at.selectbox(key="run0_optimizer").set_value(name)
        rerun(at)
        assert cfg(at).runs[0].optimizer == name and at.latex[0].value
    for name in SCHEDULES:
        at.selectbox(key="schedule").set_value(name)
        rerun(at)
        assert cfg(at).schedule == name


def test_mini_batches_on_the_neuron_surface():
    at = fresh({"surface": "neuron"})
    at.select_slider(key="batch").set_value(8)
    rerun(at)
    assert cfg(at).batch_size == 8 and "B_t" in at.latex[0].value
    assert at.query_params["batch"] == "8"
    at.selectbox(key="surface").set_value("ravine")
    rerun(at)
    assert cfg(at).batch_size is None and "batch" not in at.query_params
