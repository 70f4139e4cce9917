"""Figure builders, step inspector, formulas and exports: pure functions, no Streamlit."""

from __future__ import annotations

import csv
import io
import json
import struct
import zlib
from dataclasses import replace
from functools import lru_cache

import numpy as np
import plotly.graph_objects as go
import pytest

from optim_viz.core import paths
from optim_viz.core import steps as inspector
from optim_viz.core.engine import simulate
from optim_viz.core.optimizers import OPTIMIZERS
from optim_viz.render import contour, curves, export, kit, raster, theme
from optim_viz.render import tables as summary
from optim_viz.render import update_rules as formulas
from optim_viz.render.surface3d import surface3d_figure
from optim_viz.render.surface_image import surface_grid
from optim_viz.state import playground as C

KB = 1000


@lru_cache(maxsize=8)
def _run(cfg: C.PlaygroundConfig):
    result = simulate(cfg.make_surface(), cfg.run_specs(), cfg.start, cfg.steps, record_state=True, tol=cfg.tol)
    return result.with_labels(cfg.labels())


@lru_cache(maxsize=8)
def _grid(surface: str, params: tuple):
    from optim_viz.core.surfaces import make_surface

    return surface_grid(make_surface(surface, dict(params)))


def _contour(cfg: C.PlaygroundConfig, **kw) -> go.Figure:
    result = _run(cfg)
    details = [d for d in inspector.step_details(result, cfg.inspect_step) if d is not None]
    return contour.contour_figure(result, _grid(cfg.surface, cfg.surface_params), cfg.start, details=details, **kw)


_decode = kit.decode


def _paths(spec: dict, n: int) -> list[int]:
    """Positions of the n path traces, found by name."""
    return [kit.trace_index(spec, contour.path_name(i)) for i in range(n)]


def _heads(spec: dict, n: int) -> list[int]:
    return [kit.trace_index(spec, contour.head_name(i)) for i in range(n)]


EIGHT_RUNS = replace(
    C.DEFAULT_CONFIG,
    steps=2000,
    runs=tuple(C.new_run(n) for n in list(OPTIMIZERS)[: C.MAX_RUNS]),  # the playground's largest view
)
DIVERGING = replace(C.DEFAULT_CONFIG, runs=(C.RunConfig.make("sgd", {"lr": 0.025}), C.DEFAULT_CONFIG.runs[1]))


def test_every_figure_is_valid_plotly():
    """The builders skip Plotly's validation for speed; here every figure goes through it."""
    result = _run(C.DEFAULT_CONFIG)
    grid = _grid(C.DEFAULT_CONFIG.surface, C.DEFAULT_CONFIG.surface_params)
    for fig in (
        _contour(C.DEFAULT_CONFIG),
        _contour(C.DEFAULT_CONFIG, animate=False, classroom=True),
        surface3d_figure(result, grid),
        curves.loss_figure(result, inspect_step=5),
        curves.distance_figure(result, inspect_step=5),
    ):
        go.Figure(fig.to_dict())  # raises on any invalid property


def test_contour_trace_layout_names_and_indices():
    fig = _contour(C.DEFAULT_CONFIG)
    spec = fig.to_dict()
    data = spec["data"]
    assert data[kit.trace_index(spec, "colorbar")]["marker"]["showscale"] is True
    assert all(t.get("marker", {}).get("opacity") != 0 for t in data)  # no invisible click layer: clicks are
    # turned into start points in the browser (ui.live_control), without one SVG node per clickable point
    assert [data[i]["name"] for i in _paths(spec, 2)] == ["1. SGD η=0.019", "2. SGD+momentum η=0.004 μ=0.9"]
    assert all(data[i]["showlegend"] is False for i in _heads(spec, 2))
    names = [t["name"] for t in data]
    assert "start" in names and "minimum" in names
    # colours: one per method, SGD and SGD+momentum differ
    colors = [data[i]["line"]["color"] for i in _paths(spec, 2)]
    assert colors == [theme.METHOD_COLORS["sgd"], theme.METHOD_COLORS["sgd_momentum"]]


def test_paths_start_at_the_start_and_hold_every_step():
    spec = _contour(C.DEFAULT_CONFIG).to_dict()
    data = spec["data"]
    for i in _paths(spec, 2):
        x, y = _decode(data[i]["x"]), _decode(data[i]["y"])
        assert len(x) == C.DEFAULT_CONFIG.steps + 1
        assert (x[0], y[0]) == pytest.approx(C.DEFAULT_CONFIG.start)


def test_surface_is_an_image_with_fixed_axes_and_equal_aspect():
    layout = _contour(C.DEFAULT_CONFIG).to_dict()["layout"]
    (image,) = layout["images"]
    assert image["source"].startswith("data:image/png;base64,")
    assert (image["x"], image["y"], image["sizex"], image["sizey"]) == (-5.0, 5.0, 10.0, 10.0)
    assert layout["xaxis"]["range"] == [-5.0, 5.0] and layout["xaxis"]["autorange"] is False
    assert layout["yaxis"]["range"] == [-5.0, 5.0] and layout["yaxis"]["scaleanchor"] == "x"
    assert layout["clickmode"] == "event"  # a click selects nothing (it sets the start, in the browser)


@pytest.mark.parametrize(("lo", "hi", "widest"), [(-5, 5, "−4"), (-3, 3, "−3"), (-2, 2, "−1.5"), (-1, 3, "−0.5"),
                                                (-10, 10, "−10"), (-5.12, 5.12, "−4"), (0, 1, "0.1")])  # fmt: skip
def test_tick_label_width_is_that_of_the_widest_label_plotly_writes(lo, hi, widest):
    # the labels Chromium showed on these windows (up to 10 ticks of 1, 2 or 5 × 10ⁿ)
    assert contour.tick_label_chars(lo, hi) == len(widest)


def test_contour_axes_hold_their_labels_without_growing_their_margins():
    """Automargin (on in Streamlit's chart theme) drew the contour twice on every rerun: the margins
    are sized for the labels instead, wider for longer labels and on a projector."""
    def layout(cfg, **kw):
        return _contour(cfg, animate=False, **kw).to_dict()["layout"]

    ravine = layout(C.DEFAULT_CONFIG)
    saddle = layout(replace(C.DEFAULT_CONFIG, surface="saddle", surface_params=(), start=(-1.8, 0.05)))
    big = layout(C.DEFAULT_CONFIG, classroom=True)
    for lay in (ravine, saddle, big):
        assert lay["xaxis"]["automargin"] is False and lay["yaxis"]["automargin"] is False
    # as wide as the margins Plotly grew for these labels in Chromium (65, 76 and 72 px)
    assert 65 <= ravine["margin"]["l"] < saddle["margin"]["l"] and saddle["margin"]["l"] >= 76
    assert big["margin"]["l"] >= 72 and big["margin"]["b"] > ravine["margin"]["b"]


def test_frames_animate_only_the_paths_and_never_carry_the_surface():
    fig = _contour(C.DEFAULT_CONFIG)
    d = fig.to_dict()
    frames = d["frames"]
    assert 2 <= len(frames) <= contour.MAX_FRAMES
    assert frames[0]["name"] == "0" and frames[-1]["name"] == str(C.DEFAULT_CONFIG.steps)
    for fr in frames:
        assert fr["traces"] == [*_paths(d, 2), *_heads(d, 2)]
        assert all(t["type"] == "scatter" and set(t) == {"type", "x", "y"} for t in fr["data"])
        assert "layout" not in fr  # the surface image lives in the layout and is never repeated
    # a frame's path ends at its step
    k = int(frames[10]["name"])
    x = _decode(frames[10]["data"][0]["x"])
    assert len(x) == k + 1
    # controls: Play/Pause/Replay and a slider with one step per frame, starting on the full picture
    menu = d["layout"]["updatemenus"][0]
    assert [b["label"] for b in menu["buttons"]] == ["▶ Play", "❚❚ Pause", "⟲ Replay"]
    slider = d["layout"]["sliders"][0]
    assert len(slider["steps"]) == len(frames) and slider["active"] == len(frames) - 1
    assert menu["buttons"][0]["args"][1]["frame"]["redraw"] is False


def test_static_figure_has_no_frames():
    d = _contour(C.DEFAULT_CONFIG, animate=False).to_dict()
    assert "frames" not in d and "sliders" not in d["layout"]


@pytest.mark.parametrize("cfg", [C.DEFAULT_CONFIG, EIGHT_RUNS], ids=["default", "8 runs x 2000 steps"])
def test_payload_sizes_are_within_budget(cfg):
    animated = kit.payload_bytes(_contour(cfg))
    static = kit.payload_bytes(_contour(cfg, animate=False))
    assert static <= 500 * KB, static
    assert animated <= 1500 * KB, animated
    result = _run(cfg)
    assert kit.payload_bytes(surface3d_figure(result, _grid(cfg.surface, cfg.surface_params))) <= 500 * KB


def test_frame_plan_shrinks_for_long_runs_but_keeps_the_last_step():
    ks = contour._frame_plan(_run(EIGHT_RUNS))
    assert ks[0] == 0 and ks[-1] == EIGHT_RUNS.steps
    assert contour.MIN_FRAMES <= len(ks) <= contour.MAX_FRAMES


def test_frame_steps():
    assert contour.frame_steps(3) == [0, 1, 2, 3]
    ks = contour.frame_steps(1000)
    assert len(ks) == 60 and ks[0] == 0 and ks[-1] == 1000


def test_diverging_run_keeps_the_window_and_marks_its_end():
    result = _run(DIVERGING)
    t = result.runs[0]
    assert t.diverged_at is not None
    d = _contour(DIVERGING).to_dict()
    assert d["layout"]["xaxis"]["range"] == [-5.0, 5.0]
    names = [tr["name"] for tr in d["data"]]
    assert f"{t.label}: diverged" in names
    assert f"{t.label}: leaves the window" in names
    exit_step, point = paths.window_exit(t.path, result.surface.window)
    assert max(abs(point[0]), abs(point[1])) == pytest.approx(5.0)
    msgs = summary.divergence_messages(result)
    assert len(msgs) == 1 and t.label in msgs[0] and f"step **{t.diverged_at}**" in msgs[0]
    loss = curves.loss_figure(result).to_dict()
    assert any(f"diverged at step {t.diverged_at}" in str(tr.get("text")) for tr in loss["data"])


def test_window_exit():
    path = np.array([[0.0, 0.0], [1.0, 0.0], [3.0, 0.0]])
    step, p = paths.window_exit(path, (-2, 2, -2, 2))
    assert step == 2 and p == pytest.approx([2.0, 0.0])
    assert paths.window_exit(path[:2], (-2, 2, -2, 2)) is None


def test_inspector_arrows_add_up_to_the_update():
    result = _run(C.DEFAULT_CONFIG)
    sgd, mom = inspector.step_details(result, 5)
    assert np.allclose(sgd.update, sgd.gradient_step)  # plain SGD: the update is the gradient step
    assert np.allclose(sgd.rest, 0.0, atol=1e-12)
    # heavy ball: the rest is exactly −η·μ·buf_{k−1}
    buf_prev = result.runs[1].state["momentum_buffer"][3]
    assert np.allclose(mom.rest, -0.004 * 0.9 * buf_prev)
    assert set(mom.state) == {"momentum_buffer"} and sgd.state == {}
    ann = _contour(C.DEFAULT_CONFIG).to_dict()["layout"]["annotations"]
    assert len(ann) == 5  # SGD: update + gradient (rest is zero); momentum: all three
    assert all(a["axref"] == "x" and a["showarrow"] for a in ann)


def test_inspector_beyond_divergence_is_none():
    result = _run(DIVERGING)
    t = result.runs[0]
    assert inspector.step_detail(0, t, t.diverged_at) is None
    assert inspector.step_detail(0, t, t.diverged_at - 1) is not None


def test_curves_use_log_axes_and_mark_step_k():
    result = _run(C.DEFAULT_CONFIG)
    for fig in (curves.loss_figure(result, inspect_step=7), curves.distance_figure(result, inspect_step=7)):
        d = fig.to_dict()
        assert d["layout"]["yaxis"]["type"] == "log"
        assert d["layout"]["shapes"][0]["x0"] == 7
        assert [t["name"] for t in d["data"]] == [t.label for t in result.runs]


def test_saddle_has_no_minimum_but_no_empty_plot():
    cfg, _ = C.decode_query({"surface": "saddle"})
    result = _run(cfg)
    loss = curves.loss_figure(result).to_dict()
    assert loss["layout"]["yaxis"]["type"] == "linear"
    dist = curves.distance_figure(result).to_dict()
    assert "saddle" in dist["layout"]["title"]["text"]
    assert [t["name"] for t in dist["data"][:2]] == [t.label for t in result.runs]


def test_3d_figure_has_surface_and_paths():
    result = _run(C.DEFAULT_CONFIG)
    d = surface3d_figure(result, _grid(C.DEFAULT_CONFIG.surface, C.DEFAULT_CONFIG.surface_params)).to_dict()
    assert [t["type"] for t in d["data"]] == ["surface", "scatter3d", "scatter3d"]


def test_log_levels_colour_by_log_gap():
    grid = _grid(C.DEFAULT_CONFIG.surface, C.DEFAULT_CONFIG.surface_params)
    assert grid.log and grid.f_ref == 0.0
    lo, hi = grid.levels
    assert hi - lo > 3  # decades between the valley floor and the walls


def test_png_is_a_valid_palette_image():
    png = raster.contour_png(np.linspace(0, 1, 12).reshape(3, 4), 0.0, 1.0, 4, theme.CONTOUR_COLORSCALE, "#000000")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    w, h = struct.unpack(">II", png[16:24])
    assert (w, h) == (4, 3)
    idat = png[png.index(b"IDAT") + 4 : png.index(b"IEND") - 8]
    raw = zlib.decompress(idat)
    assert len(raw) == h * (w + 1)


def test_contour_image_is_small():
    grid = _grid(C.DEFAULT_CONFIG.surface, C.DEFAULT_CONFIG.surface_params)
    assert len(grid.image) < 150 * KB


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_update_rule_substitutes_values(name):
    run = C.new_run(name)
    tex = formulas.update_rule(name, run.hparams_dict)
    assert tex.startswith(r"\begin{aligned}") and tex.endswith(r"\end{aligned}")
    assert formulas.num(run.hparams_dict["lr"]) in tex
    assert "nan" not in tex and "inf" not in tex


def test_update_rule_details():
    tex = formulas.update_rule("sgd", {"lr": 0.019, "momentum": 0.9, "dampening": 0.0, "nesterov": False,
                                       "weight_decay": 0.0, "maximize": False})  # fmt: skip
    assert r"b_t &= 0.9\,b_{t-1} + g_t" in tex and r"x_t &= x_{t-1} - 0.019\,b_t" in tex
    sched = formulas.update_rule("adam", C.new_run("adam").hparams_dict, schedule="step",
                                 schedule_params={"step_size": 50, "gamma": 0.5}, noise=0.1)  # fmt: skip
    assert r"\eta_t" in sched and r"0.1\,\varepsilon_t" in sched
    assert formulas.num(1e-8) == "10^{-8}"
    assert "μ = momentum = 0.9" in formulas.symbol_legend("sgd", {"momentum": 0.9})


def test_csv_has_every_run_and_step_with_state_columns():
    result = _run(C.DEFAULT_CONFIG)
    rows = list(csv.DictReader(io.StringIO(export.runs_csv(result))))
    assert len(rows) == 2 * (C.DEFAULT_CONFIG.steps + 1)
    assert list(rows[0])[:10] == list(export.BASE_COLUMNS)
    assert "momentum_buffer_x" in rows[0]
    first, second = rows[0], rows[1]
    assert first["step"] == "0" and first["lr"] == "" and float(first["x"]) == -4.5
    assert float(second["lr"]) == 0.019
    t = result.runs[0]
    assert float(second["grad_y"]) == t.grad[0, 1]
    mom_rows = [r for r in rows if r["run"] == "2"]
    assert float(mom_rows[5]["momentum_buffer_x"]) == result.runs[1].state["momentum_buffer"][4, 0]


def test_html_export_is_standalone_and_animates():
    html = export.figure_html(_contour(C.DEFAULT_CONFIG), "t <b>")
    assert html.lower().startswith("<!doctype html>")
    assert "<title>t &lt;b&gt;</title>" in html
    assert "Plotly.addFrames" in html or "frames" in html
    assert len(html) > 3_000_000  # plotly.js is inlined: works offline


def test_metrics_rows_read_as_text_where_counts_do_not_apply():
    rows = summary.metrics_rows(_run(C.DEFAULT_CONFIG))
    sgd, mom = rows
    assert sgd["steps_to_tolerance"].startswith("not within") and mom["steps_to_tolerance"].isdigit()
    assert sgd["diverged_at"] == "no"
    assert sgd["oscillation_index"] > 0.8 and mom["oscillation_index"] < 0.1  # the headline contrast
    json.dumps(rows)  # plain values only


def test_adaptive_methods_draw_the_gradient_direction_at_the_update_length():
    cfg = replace(C.DEFAULT_CONFIG, runs=(C.new_run("adam"),))
    (d,) = inspector.step_details(_run(cfg), 3)
    assert d.adaptive
    assert np.hypot(*d.gradient_arrow) == pytest.approx(np.hypot(*d.update))
    cos = np.dot(d.gradient_arrow, -d.gradient) / (np.hypot(*d.gradient_arrow) * np.hypot(*d.gradient))
    assert cos == pytest.approx(1.0)
    ann = _contour(cfg).to_dict()["layout"]["annotations"]
    assert len(ann) == 2 and not any("momentum part" in a["hovertext"] for a in ann)
    assert not any("momentum part" in r["meaning"] for r in summary.detail_rows(d))


def test_far_away_points_are_cut_at_twice_the_window():
    window = (-1.0, 1.0, -1.0, 1.0)
    path = np.array([[0.0, 0.0], [0.5, 0.0], [1e5, 0.0], [2e5, 0.0]])
    drawn = paths.drawn_path(path, window)
    assert drawn.shape == (3, 2) and drawn[-1] == pytest.approx([5.0, 0.0])
    assert paths.drawn_path(path[:2], window) is path[:2] or np.array_equal(
        paths.drawn_path(path[:2], window), path[:2]
    )
    tail, head = paths.clip_segment(np.array([0.0, 0.0]), np.array([0.0, 3.0]), window)
    assert head == pytest.approx([0.0, 1.0])
    assert paths.clip_segment(np.array([2.0, 2.0]), np.array([0.0, 0.0]), window) is None


def test_diverging_path_coordinates_stay_near_the_window():
    d = _contour(DIVERGING).to_dict()
    for i in _paths(d, 2):
        x, y = _decode(d["data"][i]["x"]), _decode(d["data"][i]["y"])
        assert np.abs(x).max() <= 25 and np.abs(y).max() <= 25  # window ± twice its size


def test_divergence_label_stays_inside_the_chart():
    """The run that ends last is at the right edge: its label goes left of its mark; a run that
    diverges early, while another runs on, keeps its label to the right."""
    cfg, _ = C.decode_query({"surface": "quadratic", "steps": "100",
                             "run": ["sgd(lr=5)", "sgd(lr=0.05)"]})  # fmt: skip
    early = _run(cfg)
    assert early.runs[0].diverged_at is not None and early.runs[1].diverged_at is None
    alone = _run(replace(cfg, runs=cfg.runs[:1]))
    for fig, position in ((curves.loss_figure(early), "middle right"), (curves.loss_figure(alone), "middle left")):
        marks = [d for d in fig.to_dict()["data"] if d.get("meta") == "curve-diverged-0"]
        assert [m["textposition"] for m in marks] == [position]
