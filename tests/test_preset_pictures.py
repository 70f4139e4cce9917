"""The presets' pictures, without Streamlit: the still image of the export, dashes, the small charts
and every preset's picture drawn from its own link (its runs where the engine puts them)."""

from __future__ import annotations

import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from optim_viz.core.engine import RunSpec, simulate
from optim_viz.core.surfaces import make_surface
from optim_viz.render import animation_export as ax
from optim_viz.render import theme
from optim_viz.render import thumbnails as th
from optim_viz.render.preset_pictures import preset_picture
from optim_viz.state import playground as C
from optim_viz.state import presets as P


def image(png: bytes) -> np.ndarray:
    im = Image.open(io.BytesIO(png))
    assert im.format == "PNG"
    return np.asarray(im.convert("RGB"))


def has_color(img: np.ndarray, hex_color: str) -> bool:
    return bool((img == np.array(th.rgb(hex_color))).all(axis=-1).any())


# --------------------------------------------------------------------------------------
# Dashes


@settings(max_examples=60, deadline=None)
@given(
    lengths=st.lists(st.floats(0.5, 80.0), min_size=1, max_size=12),
    pattern=st.sampled_from([p for p in ax.DASH_PATTERNS.values() if p]),
    phase=st.floats(0.0, 50.0),
)
def test_dash_pieces_cover_the_on_parts_of_the_pattern(lengths, pattern, phase):
    """Along a straight polyline the drawn length is the 'on' share of the pattern (± one period)."""
    x = np.concatenate([[0.0], np.cumsum(lengths)])
    points = np.stack([x, np.full_like(x, 5.0)], axis=1)
    pattern = [p * 2 for p in pattern]
    pieces, end = ax.dash_pieces(points, pattern, phase, (-1.0, -1.0, 1e9, 1e9))
    total = float(x[-1])
    assert end == pytest.approx(phase + total)
    drawn = sum(float(np.hypot(*(b - a))) for a, b in pieces)
    on = sum(pattern[0::2]) / sum(pattern)
    assert abs(drawn - on * total) <= sum(pattern) + 1e-9
    for a, b in pieces:  # every piece lies on the line, in order along it
        assert a[1] == pytest.approx(5.0) and b[0] >= a[0] - 1e-9


def test_a_dash_pattern_continues_across_parts():
    points = np.array([[0.0, 0.0], [37.0, 0.0], [90.0, 0.0]])
    whole, _ = ax.dash_pieces(points, [4.0, 3.0], 0.0, (-1, -1, 100, 100))
    first, phase = ax.dash_pieces(points[:2], [4.0, 3.0], 0.0, (-1, -1, 100, 100))
    second, _ = ax.dash_pieces(points[1:], [4.0, 3.0], phase, (-1, -1, 100, 100))
    def length(pieces):
        return sum(np.hypot(*(b - a)) for a, b in pieces)

    assert length(first + second) == pytest.approx(length(whole))


def test_a_diverged_segment_is_cut_only_where_it_is_seen():
    """A segment millions of pixels long costs only the dashes inside the picture."""
    points = np.array([[10.0, 10.0], [1e9, 1e9]])
    pieces, end = ax.dash_pieces(points, [1.0, 1.0], 0.0, (0.0, 0.0, 100.0, 100.0))
    assert 40 < len(pieces) < 120 and end > 1e9
    assert all(0 <= v <= 100 for a, b in pieces for v in (*a, *b))


# --------------------------------------------------------------------------------------
# The still image and the small charts


def test_still_png_draws_each_run_where_it_ends_without_a_panel():
    s = make_surface("quadratic", {"a": 1.0, "b": 10.0})
    res = simulate(s, [RunSpec.make("sgd", {"lr": 0.05}), RunSpec.make("sgd", {"lr": 0.05, "momentum": 0.9})],
                   (-2.5, 2.0), 40)  # fmt: skip
    sgd_color, hb_color = theme.METHOD_COLORS["sgd"], theme.METHOD_COLORS["sgd_momentum"]
    png = ax.still_png(s, [("a", sgd_color, res.runs[0].path), ("b", hb_color, res.runs[1].path, "dash")], (320, 240))
    img = image(png)
    assert img.shape == (240, 320, 3) and len(png) < 20_000
    layout = ax.make_layout(s.window, (320, 240), panel=False)
    assert layout.panel_x is None and layout.plot[2] == layout.plot[3]  # a square window, centred
    for path, color in ((res.runs[0].path, sgd_color), (res.runs[1].path, hb_color)):
        c, r = (int(v) for v in layout.to_pixels(path[-1]))
        assert (img[r - 5 : r + 6, c - 5 : c + 6] == th.rgb(color)).all(axis=-1).any()
    assert (img[:, -5:] == 255).all()  # no legend panel on the right: the picture has no text


def test_still_png_refuses_what_it_cannot_draw():
    s = make_surface("quadratic")
    path = np.zeros((3, 2))
    with pytest.raises(ValueError, match="dash style"):
        ax.still_png(s, [("a", "#000000", path, "wavy")])
    with pytest.raises(ValueError, match="width"):
        ax.still_png(s, [("a", "#000000", path)], (10, 240))


def test_a_line_chart_spans_its_data():
    t = np.arange(50.0)
    curves = [th.Curve(t, np.sin(t / 8), "#0072B2"), th.Curve(t, np.cos(t / 8), "#D55E00", dash="dot"),
              th.Curve(t, 0.5 * np.ones(50), "#9aa3ad", width=3, dots=True)]  # fmt: skip
    png = th.line_chart_png(curves, zero_line=True)
    img = image(png)
    assert img.shape == (240, 320, 3)
    assert has_color(img, "#0072B2") and has_color(img, "#D55E00") and has_color(img, "#9aa3ad")
    rows = np.flatnonzero((img == th.rgb("#0072B2")).all(axis=-1).any(axis=1))
    assert rows.min() < 30 and rows.max() > 210  # from the top of the frame to its bottom


def test_a_heat_map_marks_diverged_and_unreached_cells():
    values = np.arange(12.0).reshape(3, 4)
    diverged = np.zeros((3, 4), bool)
    diverged[:, 3] = True
    unreached = np.zeros((3, 4), bool)
    unreached[0, 0] = True
    img = image(th.heat_map_png(values, diverged, unreached))
    assert has_color(img, theme.DIVERGED_COLOR) and has_color(img, theme.UNREACHED_COLOR)
    assert has_color(img, "#fde725") and has_color(img, "#440154")  # lowest value brightest, highest darkest


# --------------------------------------------------------------------------------------
# Every preset's picture


@pytest.mark.parametrize("preset", P.PRESETS, ids=[p.id for p in P.PRESETS])
def test_every_preset_has_a_small_picture(preset):
    png = preset_picture(preset)
    img = image(png)
    assert img.shape == (240, 320, 3) and len(png) < 40_000
    assert len(np.unique(img.reshape(-1, 3), axis=0)) >= 4  # not a blank frame: background, frame and two lines


def test_a_playground_picture_shows_its_runs_where_the_engine_ends_them():
    preset = P.PRESETS_BY_ID["ravine_momentum"]
    img = image(preset_picture(preset))
    cfg, _ = C.decode_query(preset.query_dict)
    surface = cfg.make_surface()
    runs = simulate(surface, cfg.run_specs(), cfg.start, cfg.steps).runs
    layout = ax.make_layout(surface.window, (320, 240), panel=False)
    for run in runs:
        color = theme.method_color(run.spec.optimizer, run.hparams)
        c, r = (int(v) for v in layout.to_pixels(run.path[-1]))
        assert (img[r - 5 : r + 6, c - 5 : c + 6] == th.rgb(color)).all(axis=-1).any(), color


def test_pictures_follow_their_page_figure():
    """An average is drawn as curves in the β colours, a schedule in the schedules' colours."""
    ewma = image(preset_picture(P.PRESETS_BY_ID["ewma_betas"]))
    assert all(has_color(ewma, c) for c in theme.BETA_COLORS[:3])
    steps = image(preset_picture(P.PRESETS_BY_ID["step_decay_half"]))
    assert has_color(steps, theme.SCHEDULE_COLORS["step"]) and has_color(steps, theme.SCHEDULE_COLORS["constant"])
    assert not has_color(steps, theme.SCHEDULE_COLORS["cosine"])
    heat = image(preset_picture(P.PRESETS_BY_ID["map_lr_momentum"]))
    assert has_color(heat, theme.DIVERGED_COLOR)


def test_a_preset_names_only_pictures_its_page_has():
    with pytest.raises(ValueError, match="no picture"):
        P.Preset("x", "t", "c", "schedules", (), "weights")
