"""The Lessons I pages through Streamlit's AppTest: every control changes what is shown, the
'apply optimal' buttons, heatmap clicks, the playground link, and complete Chinese rendering."""

from __future__ import annotations

import json
import math
import string
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from streamlit.testing.v1 import AppTest

from optim_viz import i18n
from optim_viz.lessons import race as RA
from optim_viz.lessons.results import LOSS_METRIC, STEPS_METRIC
from optim_viz.render.contour import path_name
from optim_viz.render.hyperparameter_map import CELL_INDICES
from optim_viz.render.kit import trace_index
from optim_viz.state import playground as C

ROOT = Path(__file__).resolve().parents[1]
PAGES = {name: ROOT / "pages" / f"{name}.py" for name in ("momentum", "hyperparameter_map", "race")}


def fresh(page: str, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(PAGES[page], default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    return rerun(at)


def rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def charts(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def names(spec: dict) -> list[str]:
    return [d.get("name") for d in spec["data"]]


def chart_with(at: AppTest, name: str) -> dict:
    found = [c for c in charts(at) if name in names(c)]
    assert found, (name, [names(c)[:6] for c in charts(at)])
    return found[0]


def table_with(at: AppTest, column: str):
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert found, (column, [list(d.value.columns) for d in at.dataframe])
    return found[0]


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [w.value for w in at.warning] + [i.value for i in at.info] + [e.value for e in at.error]
    return "\n".join(parts)


def click(at: AppTest, key: str, x: float, y: float, curve: int) -> AppTest:
    """A click on a chart point, as the frontend reports it (NOTES.md)."""
    at.session_state[key] = {
        "selection": {"points": [{"x": x, "y": y, "curve_number": curve}], "point_indices": [0], "box": [], "lasso": []}
    }
    return rerun(at)


# --------------------------------------------------------------------------------------
# Momentum & ravines


@pytest.fixture(scope="module")
def momentum() -> AppTest:
    return fresh("momentum")


def contour_names(at: AppTest) -> list[str]:
    return names(chart_with(at, "start"))


def theory_value(at: AppTest, quantity: str) -> str:
    table = table_with(at, "Quantity")
    return table.loc[table["Quantity"] == quantity, "Value"].iloc[0]


def test_momentum_page_renders_three_runs_and_the_theory(momentum):
    assert [h.value for h in momentum.title] == ["Momentum & ravines"]
    run_names = contour_names(momentum)
    assert run_names[1:4] == ["SGD, η = 0.019", "Heavy ball, η = 0.01, β = 0.9", "Nesterov, η = 0.01, β = 0.9"]
    assert "steep direction: λ = L = 100" in run_names and "flat direction: λ = μ = 1" in run_names
    assert theory_value(momentum, "Condition number κ") == "100"
    assert theory_value(momentum, "Optimal heavy-ball learning rate") == "0.0330579"
    assert theory_value(momentum, "Optimal heavy-ball rate") == "0.818182"
    assert "the steep factor is **-0.900**" in texts(momentum)
    rates = table_with(momentum, "Measured rate")
    assert list(rates["Predicted rate ρ"]) == ["0.9810", "0.9487", "0.9439"]
    assert list(rates["Measured rate"])[:2] == ["0.9810", "0.9486"]
    assert len(charts(momentum)) == 3  # contour, rates, look-ahead
    assert not momentum.warning


def test_apply_optimal_buttons_set_the_theorys_values():
    at = fresh("momentum")
    at.button(key="mr_apply_gd").click()
    rerun(at)
    assert at.session_state["momentum__sgd_lr"] == pytest.approx(2 / 101)
    assert "SGD, η = 0.0198" in contour_names(at)
    at.button(key="mr_apply_hb").click()
    rerun(at)
    assert at.session_state["momentum__lr"] == pytest.approx(4 / 121)
    assert at.session_state["momentum__momentum"] == pytest.approx(81 / 121)
    rates = table_with(at, "Measured rate")
    hb = rates.iloc[1]
    assert hb["Predicted rate ρ"] == "0.8182"
    assert abs(float(hb["Measured rate"]) - 9 / 11) < 0.02
    assert hb["Steps to f − f* ≤ 1e-6"] != "—"
    # the same settings are beyond Nesterov's lower limit 2(1+β)/((1+2β)L) ≈ 0.0143: the page says why
    assert any("Nesterov" in w.value and "diverged" in w.value for w in at.warning)
    assert "Nesterov's limit is lower than the heavy ball's" in texts(at)


def test_kappa_and_angle_change_the_theory():
    at = fresh("momentum")
    at.select_slider(key="momentum__surface_ravine_kappa").set_value(1000.0)
    rerun(at)
    assert theory_value(at, "Condition number κ") == "1000"
    assert "steep direction: λ = L = 1000" in contour_names(at)
    at.select_slider(key="momentum__surface_ravine_angle_deg").set_value(90.0)
    rerun(at)
    assert theory_value(at, "Their eigenvectors (dash-dot lines)") == "(0.000, 1.000), (1.000, 0.000)"


def test_surface_choice_and_custom_formulas():
    at = fresh("momentum")
    at.selectbox(key="momentum__surface").set_value("booth")
    rerun(at)
    assert theory_value(at, "Hessian eigenvalues μ, L") == "2, 18"
    at.selectbox(key="momentum__surface").set_value("quadratic")
    rerun(at)
    at.select_slider(key="momentum__surface_quadratic_b").set_value(10.0)
    rerun(at)
    assert theory_value(at, "Condition number κ") == "10"
    at.selectbox(key="momentum__surface").set_value("custom")
    rerun(at)
    assert theory_value(at, "Condition number κ") == "25"  # the default x**2 + 25*y**2
    at.text_input(key="momentum__expr").input("x**4 + y**2")
    rerun(at)
    assert "not quadratic" in texts(at)
    assert not [d for d in at.dataframe if "Quantity" in d.value.columns]
    assert set(table_with(at, "Predicted rate ρ")["Predicted rate ρ"]) == {"—"}
    at.text_input(key="momentum__expr").input("x**2 - y**2")
    rerun(at)
    assert "not convex" in texts(at)
    at.text_input(key="momentum__expr").input("x +")
    rerun(at)
    assert at.error and "This formula cannot be used" in at.error[0].value


def test_learning_rates_momentum_and_steps():
    at = fresh("momentum")
    at.number_input(key="momentum__sgd_lr").set_value(0.03)
    at.number_input(key="momentum__lr").set_value(0.012)
    at.number_input(key="momentum__momentum").set_value(0.5)
    at.select_slider(key="momentum__steps").set_value(50)
    rerun(at)
    assert contour_names(at)[1:4] == ["SGD, η = 0.03", "Heavy ball, η = 0.012, β = 0.5", "Nesterov, η = 0.012, β = 0.5"]
    assert any("diverged at step" in w.value for w in at.warning)  # 0.03 > 2/L = 0.02
    assert at.slider(key="momentum__k").max == 50
    assert theory_value(at, "Heavy ball stable for η below (β = 0.5)") == "0.03"
    at.number_input(key="momentum__momentum").set_value(0.0)
    rerun(at)
    assert "Nesterov needs a momentum β > 0." in texts(at)


def test_lookahead_step_slider():
    at = fresh("momentum")
    assert chart_with(at, "look-ahead θ + μ·v")["layout"]["title"]["text"] == "Update 2: look before you leap"
    at.slider(key="momentum__k").set_value(7)
    rerun(at)
    assert chart_with(at, "look-ahead θ + μ·v")["layout"]["title"]["text"] == "Update 7: look before you leap"


def test_conventions_toggle_and_ewma_scaling():
    at = fresh("momentum")
    assert len(charts(at)) == 3
    at.toggle(key="momentum__conventions").set_value(True)
    rerun(at)
    spec = chart_with(at, "CS231n: v = μ·v − η·g; x += v")
    assert names(spec)[:3] == [
        "PyTorch: buf = μ·buf + g; x −= η·buf", "CS231n: v = μ·v − η·g; x += v", "EWMA: v = β·v + (1 − β)·g; x −= η·v"
    ]  # fmt: skip
    table = table_with(at, "Same path?")
    assert list(table["Same path?"]) == ["yes", "yes"]
    at.radio(key="momentum__ewma_lr").set_value("same")
    rerun(at)
    assert list(table_with(at, "Same path?")["Same path?"]) == ["yes", "no"]
    assert "η/(1 − β) = 0.1" in texts(at)


def test_click_on_the_contour_moves_the_shared_start():
    at = fresh("momentum")
    at.session_state["mr_live"] = {"value": None, "click": {"x": -3.0, "y": 2.0, "n": 1}}
    rerun(at)
    start = [d for d in chart_with(at, "start")["data"] if d.get("name") == "start"][0]
    assert (start["x"], start["y"]) == ([-3.0], [2.0])
    at.select_slider(key="momentum__surface_ravine_kappa").set_value(50.0)  # another surface: back to its own start
    rerun(at)
    start = [d for d in chart_with(at, "start")["data"] if d.get("name") == "start"][0]
    assert start["x"] == [-4.5]


# --------------------------------------------------------------------------------------
# Hyperparameter map


@pytest.fixture(scope="module")
def hmap() -> AppTest:
    return fresh("hyperparameter_map")


def heat(at: AppTest) -> dict:
    return chart_with(at, "cells")


def test_map_renders_a_100_by_100_sweep_with_theory(hmap):
    spec = heat(hmap)
    assert names(spec)[:6] == [
        "steps to f − f* ≤ 1e-06", "diverged", "did not reach the tolerance", "cells", "cells", "cells"
    ]  # fmt: skip
    assert spec["data"][CELL_INDICES[0]]["hovertemplate"].endswith(
        "%{customdata[2]} steps<extra></extra>"
    )
    assert {"stability boundary η = 2(1+β)/L", "optimal heavy ball", "optimal GD (β = 0)"} <= set(names(spec))
    assert spec["data"][0]["z"]["shape"] == "100,100"
    assert any(c.value.startswith("10000 runs × 200 steps") for c in hmap.caption)
    assert "Click a cell of the map" in texts(hmap)


def test_clicking_a_cell_shows_its_run_and_a_playground_link():
    at = fresh("hyperparameter_map")
    click(at, "hm_chart", math.log10(0.02), 0.5, CELL_INDICES[0])
    lr, mom = at.session_state["hyperparameter_map"].state["cell"]
    assert mom == 0.5
    assert lr == pytest.approx(0.02, rel=0.04)
    run_chart = chart_with(at, "start")
    assert f"lr = {lr:.4g}, momentum = 0.5" in names(run_chart)
    assert "selected run" in names(heat(at))
    assert [m.label for m in at.metric] == ["Final loss", "Steps to tolerance"]
    (link,) = at.get("link_button")
    url = urlparse(link.proto.url)
    assert url.path == "./"
    q = parse_qs(url.query)
    cfg, notices = C.decode_query(q)
    assert cfg.surface == "ravine" and cfg.steps == 200 and cfg.tol == 1e-6
    assert cfg.runs[0].optimizer == "sgd" and cfg.runs[0].hparams_dict["momentum"] == 0.5
    assert notices == []  # the link holds slider values already


def test_show_optimum_button_selects_the_heavy_ball_optimum():
    at = fresh("hyperparameter_map")
    at.button(key="hm_show_optimum").click()
    rerun(at)
    assert at.session_state["hyperparameter_map"].state["cell"] == pytest.approx((4 / 121, 81 / 121))
    assert int(at.metric[1].value) < 100


def test_optimizer_and_axes():
    at = fresh("hyperparameter_map")
    at.selectbox(key="hyperparameter_map__optimizer").set_value("adam")
    rerun(at)
    spec = heat(at)
    assert spec["layout"]["yaxis"]["title"]["text"].startswith("beta1")
    assert not any(n and n.startswith("stability boundary") for n in names(spec))
    assert "drawn for SGD and EWMA momentum" in texts(at)
    at.selectbox(key="hyperparameter_map__optimizer").set_value("ewma_momentum")
    rerun(at)
    assert "stability boundary η = 2(1+β)/((1−β)L)" in names(heat(at))
    at.selectbox(key="hyperparameter_map__optimizer").set_value("sgd")
    rerun(at)
    at.checkbox(key="hyperparameter_map__fixed_sgd_nesterov").check()
    at.number_input(key="hyperparameter_map__y_sgd_momentum_low").set_value(0.1)
    rerun(at)
    assert "stability boundary η = 2(1+β)/((1+2β)L)" in names(heat(at))
    at.checkbox(key="hyperparameter_map__fixed_sgd_nesterov").uncheck()
    at.selectbox(key="hyperparameter_map__x_sgd").set_value("momentum")
    rerun(at)
    spec = heat(at)
    assert spec["layout"]["xaxis"]["title"]["text"].startswith("momentum")
    assert spec["layout"]["yaxis"]["title"]["text"].startswith("lr")  # the y axis moved to the next choice
    assert "stability boundary η = 2(1+β)/L" in names(spec)


def test_ranges_log_grid_steps_metric_and_tolerance():
    at = fresh("hyperparameter_map")
    at.select_slider(key="hyperparameter_map__n").set_value(25)
    at.select_slider(key="hyperparameter_map__steps").set_value(100)
    rerun(at)
    assert any(c.value.startswith("625 runs × 100 steps") for c in at.caption)
    at.number_input(key="hyperparameter_map__x_sgd_lr_low").set_value(0.01)
    at.number_input(key="hyperparameter_map__x_sgd_lr_high").set_value(0.05)
    rerun(at)
    assert heat(at)["layout"]["xaxis"]["range"][0] > -2.1
    at.checkbox(key="hyperparameter_map__x_sgd_lr_log").uncheck()
    rerun(at)
    assert "tickvals" not in heat(at)["layout"]["xaxis"]
    at.radio(key="hyperparameter_map__metric").set_value(LOSS_METRIC)
    rerun(at)
    assert names(heat(at))[0] == "log₁₀(f − f*) at the end"
    at.radio(key="hyperparameter_map__metric").set_value(STEPS_METRIC)
    at.select_slider(key="hyperparameter_map__tol").set_value(1e-3)
    rerun(at)
    assert names(heat(at))[0] == "steps to f − f* ≤ 0.001"
    at.number_input(key="hyperparameter_map__x_sgd_lr_low").set_value(0.0)
    at.checkbox(key="hyperparameter_map__x_sgd_lr_log").check()
    rerun(at)
    assert at.error and "Invalid log grid for lr" in at.error[0].value


def test_fixed_hyperparameters_move_the_map():
    at = fresh("hyperparameter_map")
    at.select_slider(key="hyperparameter_map__n").set_value(25)
    rerun(at)
    before = [c.value for c in at.caption if "runs ×" in c.value]
    at.number_input(key="hyperparameter_map__fixed_sgd_weight_decay").set_value(20.0)
    rerun(at)
    after = [c.value for c in at.caption if "runs ×" in c.value]
    assert before != after  # more cells diverge: the steepest curvature is now L + λ


def test_surfaces_without_theory_or_without_a_minimum():
    at = fresh("hyperparameter_map")
    at.select_slider(key="hyperparameter_map__n").set_value(25)
    at.selectbox(key="hyperparameter_map__surface").set_value("rosenbrock")
    rerun(at)
    assert "not quadratic" in texts(at)
    at.select_slider(key="hyperparameter_map__surface_rosenbrock_b").set_value(10.0)
    rerun(at)
    assert heat(at)["data"][0]["z"]["shape"] == "25,25"
    at.selectbox(key="hyperparameter_map__surface").set_value("saddle")
    rerun(at)
    assert "colouring by final loss" in texts(at)
    assert names(heat(at))[0] == "f at the end"


# --------------------------------------------------------------------------------------
# Optimizer race


@pytest.fixture(scope="module")
def race() -> AppTest:
    return fresh("race")


def race_names(at: AppTest) -> list[str]:
    spec = chart_with(at, "start")
    n = sum(1 for d in spec["data"] if str(d.get("name", "")).endswith(": current step"))
    return [spec["data"][trace_index(spec, path_name(i))]["name"] for i in range(n)]


def test_race_renders_every_default_optimizer_tuned(race):
    labels = race_names(race)
    assert len(labels) == len(RA.DEFAULT_RACERS) == 9
    assert "frames" in chart_with(race, "start")  # animated together
    ranking = table_with(race, "Place")
    assert list(ranking["Place"]) == list(range(1, 10))
    assert all(v.endswith("(tuned)") for v in ranking["Learning rate η"])
    assert "How it was made fair" in texts(race) and "What this shows, and what it does not" in texts(race)
    tuning = chart_with(race, "SGD: picked η = 0.00237")
    assert len([n for n in names(tuning) if ": picked η" in n]) == 9


def test_race_controls():
    at = fresh("race")
    at.toggle(key="race__tune").set_value(False)
    rerun(at)
    assert race_names(at)[0] == "SGD, η = 0.019"
    assert all(v.endswith("(default)") for v in table_with(at, "Place")["Learning rate η"])
    assert any("fixed default learning rate" in w.value for w in at.warning)
    assert len(charts(at)) == 1  # no lr search to show
    at.multiselect(key="race__racers").set_value(["adam", "sgd_momentum"])
    rerun(at)
    assert race_names(at) == ["SGD+momentum, η = 0.019", "Adam, η = 0.1"]  # in the racers' fixed order
    at.select_slider(key="race__steps").set_value(50)
    at.number_input(key="race__start_x").set_value(0.0)
    at.number_input(key="race__start_y").set_value(2.0)
    rerun(at)
    start = [d for d in chart_with(at, "start")["data"] if d.get("name") == "start"][0]
    assert (start["x"], start["y"]) == ([0.0], [2.0])
    at.select_slider(key="race__surface_rosenbrock_b").set_value(10.0)
    rerun(at)
    at.selectbox(key="race__surface").set_value("himmelblau")
    rerun(at)
    start = [d for d in chart_with(at, "start")["data"] if d.get("name") == "start"][0]
    assert (start["x"], start["y"]) == ([-0.5], [0.5])  # a new track starts at its own suggested start
    at.multiselect(key="race__racers").set_value([])
    rerun(at)
    assert "Pick at least one optimizer." in texts(at)


def test_race_criterion_changes_the_search():
    at = fresh("race")
    at.selectbox(key="race__surface").set_value("ravine")
    rerun(at)
    by_loss = race_names(at)
    at.radio(key="race__criterion").set_value(STEPS_METRIC)
    rerun(at)
    assert race_names(at) != by_loss
    assert "the fewest steps to f − f* ≤ 1e-6" in texts(at)
    at.selectbox(key="race__surface").set_value("saddle")
    rerun(at)
    assert "the lowest final loss decides" in texts(at)
    assert chart_with(at, "SGD")["layout"]["yaxis"]["type"] == "linear"  # no f*: final loss itself


# --------------------------------------------------------------------------------------
# Chinese


def test_every_page_renders_in_chinese_with_no_missing_string():
    before = set(i18n.MISSING)
    mr = fresh("momentum", {"lang": "zh"})
    assert [h.value for h in mr.title] == ["动量与沟谷"]
    mr.toggle(key="momentum__conventions").set_value(True)
    mr.number_input(key="momentum__sgd_lr").set_value(0.03)
    rerun(mr)
    mr.selectbox(key="momentum__surface").set_value("custom")
    rerun(mr)
    mr.text_input(key="momentum__expr").input("x**2 - y**2")
    rerun(mr)
    mr.text_input(key="momentum__expr").input("x**4 + y**2")
    rerun(mr)
    mr.number_input(key="momentum__momentum").set_value(0.0)
    rerun(mr)
    hm = fresh("hyperparameter_map", {"lang": "zh"})
    assert "稳定边界 η = 2(1+β)/L" in names(heat(hm))
    hm.select_slider(key="hyperparameter_map__n").set_value(25)
    rerun(hm)
    click(hm, "hm_chart", math.log10(0.05), 0.2, CELL_INDICES[1])
    assert at_least_one(hm.metric)
    (link,) = hm.get("link_button")
    query = parse_qs(urlparse(link.proto.url).query)
    assert query["lang"] == ["zh"]  # the playground opens in the same language
    assert C.decode_query(query)[1] == []  # and says nothing about the extra parameter
    run_chart = [c for c in charts(hm) if c["layout"].get("images")][0]
    assert "起点" in names(run_chart)  # the playground's contour builder speaks the page language
    for opt in ("adam", "ewma_momentum"):
        hm.selectbox(key="hyperparameter_map__optimizer").set_value(opt)
        rerun(hm)
    hm.selectbox(key="hyperparameter_map__surface").set_value("saddle")
    rerun(hm)
    rc = fresh("race", {"lang": "zh"})
    assert table_with(rc, "名次") is not None
    assert "▶ 播放" in json.dumps(chart_with(rc, "起点")["layout"], ensure_ascii=False)
    rc.toggle(key="race__tune").set_value(False)
    rerun(rc)
    assert set(i18n.MISSING) - before == set()


def at_least_one(elements) -> bool:
    return len(list(elements)) > 0


def test_catalogue_keeps_every_placeholder():
    from optim_viz.i18n.locales.zh_lessons1 import ZH

    def fields(text: str) -> list[tuple[str, str]]:
        return sorted((n, s) for _, n, s, _ in string.Formatter().parse(text) if n is not None)

    for english, chinese in ZH.items():
        assert fields(english) == fields(chinese), english


def test_pages_are_registered_in_the_app():
    at = rerun(AppTest.from_file(ROOT / "app.py", default_timeout=60))
    for page, title in (("momentum", "Momentum & ravines"), ("hyperparameter_map", "Hyperparameter map"),
                        ("race", "Optimizer race")):  # fmt: skip
        at.switch_page(f"pages/{page}.py")
        rerun(at)
        assert [h.value for h in at.title] == [title]
