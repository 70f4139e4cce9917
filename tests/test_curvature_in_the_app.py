"""Curvature, Newton's reference run and the animation export in the pages (AppTest): every new
control, its link, hostile link values, and the files it produces."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from optim_viz.core.curvature import curvature_along
from optim_viz.state import playground as C

ROOT = Path(__file__).resolve().parents[1]
EDGE = {"surface": "rosenbrock(a=1,b=100)", "start": "0,0", "run": "sgd(lr=0.004)", "steps": "600", "k": "300"}


def fresh(page: str, query: dict) -> AppTest:
    at = AppTest.from_file(ROOT / "pages" / f"{page}.py", default_timeout=120)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def charts(at: AppTest) -> dict[str, dict]:
    return {el.proto.id.rsplit("-", 1)[-1]: json.loads(el.proto.spec) for el in at.get("plotly_chart")}


def metas(spec: dict) -> set[str]:
    return {str(d.get("meta")) for d in spec["data"]}


def notices(at: AppTest) -> list[str]:
    return [w.value for w in at.warning if "Link problem" in w.value]


def test_the_curvature_toggle_adds_the_local_quadratic_and_the_sharpness():
    at = fresh("playground", EDGE)
    assert "sharpness_chart" not in charts(at)
    at.toggle(key="curvature").set_value(True)
    at.run()
    c = charts(at)
    assert {"quadratic-0", "quadratic-axes-0"} <= metas(c["contour_chart"])
    assert {"sharpness-0", "limit-0"} <= metas(c["sharpness_chart"])
    assert at.query_params["curvature"] == "1"
    cfg = at.session_state["playground"].state
    run = cfg.simulation().run().runs[0]
    lam = curvature_along(cfg.make_surface(), run.path[299:300]).eigenvalues[0]
    text = [m.value for m in at.markdown if m.value.startswith("Local quadratic")][0]
    assert f"λ₂ = {lam[1]:.4g}" in text and "minimum-like" in text


def test_newton_as_a_reference_with_its_damping_in_the_link():
    at = fresh("playground", {"surface": "himmelblau", "run": "adam(lr=0.1)", "steps": "30"})
    at.toggle(key="newton_on").set_value(True)
    at.run()
    assert "reference-0" in metas(charts(at)["contour_chart"])
    assert at.query_params["newton"] == "1"
    assert any("Hessian was not positive definite" in i.value for i in at.info)  # it climbs to the maximum
    at.select_slider(key="newton_alpha").set_value(0.5)
    at.run()
    assert at.query_params["newton"] == "0.5"
    again = fresh("playground", {k: v for k, v in at.query_params.items()})
    assert again.session_state["playground"].state.newton == 0.5 and notices(again) == []
    assert again.toggle(key="newton_on").value is True and again.select_slider(key="newton_alpha").value == 0.5


def test_the_playground_renders_a_gif_and_an_mp4_and_keeps_the_options_in_the_link():
    at = fresh("playground", {"steps": "30"})
    at.button(key="export_render").click()
    at.run()
    (gif,) = [b for b in at.get("download_button") if "GIF" in b.proto.label]
    at.radio(key="export_format").set_value("mp4")
    at.selectbox(key="export_size").set_value("640x360")
    at.select_slider(key="export_fps").set_value(10)
    at.run()
    assert (at.query_params["export"], at.query_params["size"], at.query_params["fps"]) == ("mp4", "640x360", "10")
    assert not [b for b in at.get("download_button") if "GIF" in b.proto.label]  # the old file no longer fits
    at.button(key="export_render").click()
    at.run()
    assert [b for b in at.get("download_button") if "MP4" in b.proto.label]


def test_the_rendered_gif_shows_the_runs_of_the_view():
    from optim_viz.render.animation_export import result_animation

    cfg, _ = C.decode_query({"steps": "30"})
    result = cfg.simulation().run().with_labels(cfg.labels())
    data = result_animation(result, format="gif", size=(640, 360), fps=10)
    image = Image.open(io.BytesIO(data))
    assert image.format == "GIF" and image.size == (640, 360) and image.n_frames >= 31


@pytest.mark.parametrize("page", ["momentum", "race"])
def test_momentum_and_race_export_their_animation(page):
    at = fresh(page, {"steps": "50", "export": "gif", "size": "640x360", "fps": "10"} if page == "momentum"
               else {"steps": "50", "racers": "adam,sgd", "tune": "0", "size": "640x360"})  # fmt: skip
    assert notices(at) == []
    at.button(key=f"{page}__export_render").click()
    at.run()
    assert not at.exception
    (button,) = [b for b in at.get("download_button") if "GIF" in b.proto.label]
    assert at.query_params["size"] == "640x360"


@pytest.mark.parametrize("query,needle", [
    ({"newton": "abc"}, "newton"),
    ({"newton": "7"}, "newton"),
    ({"export": "avi"}, "export"),
    ({"size": "1x1"}, "size"),
    ({"fps": "999"}, "fps"),
    ({"curvature": "maybe"}, "curvature"),
])  # fmt: skip
def test_hostile_values_of_the_new_controls_fall_back_with_a_notice(query, needle):
    cfg, found = C.decode_query(query)
    assert any(needle in n for n in found), found
    assert C.validate_config(cfg) == (cfg, [])


def test_the_edge_of_stability_preset_shows_what_its_caption_claims():
    from optim_viz.state.presets import PRESETS_BY_ID

    preset = PRESETS_BY_ID["edge_of_stability"]
    cfg, found = C.decode_query(preset.query_dict)
    assert found == [] and cfg.curvature
    run = cfg.simulation().run().runs[0]
    lam = curvature_along(cfg.make_surface(), run.path).eigenvalues[:, 1]
    limit = 2 / 0.004
    assert round(lam[0]) == 200 and run.diverged_at is None
    first = int(np.argmax(lam >= 0.95 * limit))
    assert 150 <= first <= 200  # the caption: "within about 200 steps"
    late = lam[500:]
    assert abs(late.mean() - limit) / limit < 0.02  # "hovers around 2/η = 500"
    minimum = curvature_along(cfg.make_surface(), np.array([[1.0, 1.0]])).eigenvalues[0, 1]
    assert round(minimum) == 1002 and np.linalg.norm(run.path[-1] - 1.0) > 0.3  # it cannot settle there
