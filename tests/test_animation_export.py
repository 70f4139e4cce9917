"""Animation export: the files open with the expected frames, size and timing, and their first and
last frames show each run where the engine says it is."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image, ImageFont

from optim_viz.cli import main
from optim_viz.core.engine import RunSpec, simulate
from optim_viz.core.surfaces import make_surface
from optim_viz.render import animation_export as ax

ROOT = Path(__file__).resolve().parents[1]
SGD, ADAM = "#D55E00", "#332288"


@pytest.fixture(scope="module")
def rosenbrock_runs():
    s = make_surface("rosenbrock")
    res = simulate(s, [RunSpec.make("sgd", {"lr": 0.001}), RunSpec.make("adam", {"lr": 0.05})], s.start, 150)
    sgd, adam = res.runs
    assert np.hypot(*(sgd.path[-1] - adam.path[-1])) > 0.3  # the two ends are apart (~40 px at 540p)
    return s, [("SGD lr=0.001", SGD, sgd.path), ("Adam 自适应 lr=0.05", ADAM, adam.path)]


def gif_frames(data: bytes) -> list[tuple[np.ndarray, int]]:
    im = Image.open(io.BytesIO(data))
    out = []
    for i in range(im.n_frames):
        im.seek(i)
        out.append((np.asarray(im.convert("RGB")), im.info["duration"]))
    return out


def mp4_frames(data: bytes, tmp_path: Path):
    path = tmp_path / "a.mp4"
    path.write_bytes(data)
    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    w, h = meta["size"]
    frames = [np.frombuffer(f, np.uint8).reshape(h, w, 3) for f in reader]
    return meta, frames


def pixel(frame: np.ndarray, layout: ax.Layout, point) -> np.ndarray:
    """The mean colour of the 3 × 3 pixels around a world point."""
    c, r = layout.to_pixels(np.array(point, dtype=float))
    c, r = int(c), int(r)
    return frame[r - 1 : r + 2, c - 1 : c + 2].reshape(-1, 3).mean(axis=0)


def touches(frame: np.ndarray, layout: ax.Layout, point, hex_color: str) -> bool:
    """Whether any of the 5 × 5 pixels around a world point has exactly this colour (a thin line)."""
    c, r = (int(v) for v in layout.to_pixels(np.array(point, dtype=float)))
    return bool((frame[r - 2 : r + 3, c - 2 : c + 3] == rgb(hex_color)).all(axis=-1).any())


def rgb(hex_color: str) -> np.ndarray:
    return np.array([int(hex_color[i : i + 2], 16) for i in (1, 3, 5)], dtype=float)


# --------------------------------------------------------------------------------------
# GIF


def test_gif_frames_size_timing_and_where_the_runs_are(rosenbrock_runs):
    s, runs = rosenbrock_runs
    size = (960, 540)
    data = ax.export_animation(s, runs, size=size, fps=20, hold_last=1.0)
    frames = gif_frames(data)
    assert len(frames) == 151
    assert all(f.shape == (540, 960, 3) for f, _ in frames)
    assert [d for _, d in frames[:-1]] == [50] * 150 and frames[-1][1] == 50 + 20 * 50
    layout = ax.make_layout(s.window, size)
    first, last = frames[0][0], frames[-1][0]
    start = runs[0][2][0]
    # first frame: both heads sit on the start; Adam's, drawn last, is on top
    assert np.array_equal(pixel(first, layout, start), rgb(ADAM))
    # last frame: each head where the engine ended, and the start shows its own marker again
    assert np.array_equal(pixel(last, layout, runs[0][2][-1]), rgb(SGD))
    assert np.array_equal(pixel(last, layout, runs[1][2][-1]), rgb(ADAM))
    assert not np.array_equal(pixel(last, layout, start), rgb(ADAM))
    # and nowhere at the end of a run in the first frame
    assert not np.array_equal(pixel(first, layout, runs[0][2][-1]), rgb(SGD))


def test_long_runs_are_sampled_to_the_frame_bound_and_keep_the_last_step():
    s = make_surface("quadratic")
    path = np.column_stack([np.linspace(-2.5, 0.0, 1001), np.linspace(2.0, 0.0, 1001)])
    data = ax.export_animation(s, [("a", "#0072B2", path)], size=(480, 270), max_frames=40, hold_last=0)
    frames = gif_frames(data)
    assert len(frames) == 40
    layout = ax.make_layout(s.window, (480, 270))
    assert np.array_equal(pixel(frames[-1][0], layout, (0.0, 0.0)), rgb("#0072B2"))
    steps = ax.frame_steps(1001, 40)
    assert steps[0] == 0 and steps[-1] == 1000 and len(steps) == 40 and np.all(np.diff(steps) > 0)
    assert np.array_equal(ax.frame_steps(5, 40), np.arange(5))


def test_a_shorter_run_waits_at_its_end_and_off_window_paths_are_clipped():
    s = make_surface("quadratic")  # window (-3, 3)²
    short = np.array([[-2.0, -2.0], [-1.0, -2.0]])
    away = np.array([[0.0, 1.0], [1e5, 1.0], [1e5, 2.0]])
    size = (640, 360)
    frames = gif_frames(ax.export_animation(s, [("s", "#009E73", short), ("a", "#CC79A7", away)], size=size))
    assert len(frames) == 3
    layout = ax.make_layout(s.window, size)
    last = frames[-1][0]
    assert np.array_equal(pixel(last, layout, (-1.0, -2.0)), rgb("#009E73"))
    assert touches(last, layout, (2.5, 1.0), "#CC79A7")  # the line runs to the edge
    assert not touches(last, layout, (2.5, -1.0), "#CC79A7")
    left, top, pw, ph = layout.plot
    _, row = layout.to_pixels(np.array([0.0, 1.0]))
    beyond = last[int(row) - 3 : int(row) + 4, left + pw + 4 : layout.panel_x + 40]
    assert not (beyond == rgb("#CC79A7")).all(axis=-1).any()  # nothing past the plot's edge


def test_step_numbers_and_progress():
    s = make_surface("booth")
    path = np.array([[-7.0, -6.0], [-3.0, -1.0], [0.0, 2.0], [1.0, 3.0]])
    seen = []
    data = ax.export_animation(
        s, [("x", "#000000", path)], step_numbers=[0, 10, 20, 30], size=(480, 270), progress=seen.append
    )
    assert len(gif_frames(data)) == 4
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) == 5


# --------------------------------------------------------------------------------------
# MP4


def test_mp4_frames_size_fps_and_where_the_runs_are(rosenbrock_runs, tmp_path):
    s, runs = rosenbrock_runs
    size = (960, 540)
    data = ax.export_animation(s, runs, format="mp4", size=size, fps=25, hold_last=0.4)
    meta, frames = mp4_frames(data, tmp_path)
    assert meta["size"] == size and meta["fps"] == 25 and meta["codec"] == "h264"
    assert len(frames) == 151 + 10
    layout = ax.make_layout(s.window, size)
    first, last = frames[0], frames[-1]

    def near(color, hex_color):  # H.264 is lossy: close, not equal
        return np.abs(color - rgb(hex_color)).max() <= 40

    assert near(pixel(first, layout, runs[0][2][0]), ADAM)
    assert near(pixel(last, layout, runs[0][2][-1]), SGD)
    assert near(pixel(last, layout, runs[1][2][-1]), ADAM)
    assert not near(pixel(first, layout, runs[0][2][-1]), SGD)


# --------------------------------------------------------------------------------------
# Bounds and bad input


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"format": "webm"}, "format"),
        ({"size": (3840, 2160)}, "width"),
        ({"size": (1280, 100)}, "height"),
        ({"size": (1280,)}, "size"),
        ({"format": "mp4", "size": (641, 360)}, "even"),
        ({"fps": 0}, "fps"),
        ({"fps": 60}, "fps"),
        ({"fps": 2.5}, "fps"),
        ({"max_frames": 601}, "frame count"),
        ({"hold_last": -1}, "hold_last"),
        ({"step_numbers": [0, 1]}, "step numbers"),
        ({"step_label": "step {j}"}, "step label"),
        ({"time_budget": 0}, "budget"),
    ],
)
def test_bad_options_are_refused(kwargs, message):
    path = np.zeros((3, 2))
    with pytest.raises(ValueError, match=message):
        ax.export_animation(make_surface("quadratic"), [("a", "#000000", path)], **kwargs)


@pytest.mark.parametrize(
    "runs, message",
    [
        ([], "at least one run"),
        ([("a", "#000000", np.zeros((2, 2)))] * 17, "Too many runs"),
        ([("a", "red", np.zeros((2, 2)))], "colour"),
        ([("a", "#000000", np.zeros((2, 3)))], "shape"),
        ([("a", "#000000", np.array([[0.0, 0.0], [np.nan, 1.0]]))], "NaN"),
        ([("a", "#000000")], "Invalid run"),
    ],
)
def test_bad_runs_are_refused(runs, message):
    with pytest.raises(ValueError, match=message):
        ax.export_animation(make_surface("quadratic"), runs)


def test_the_time_budget_stops_a_render():
    path = np.zeros((50, 2))
    with pytest.raises(ValueError, match="budget of 1e-09 s"):
        ax.export_animation(make_surface("quadratic"), [("a", "#000000", path)], time_budget=1e-9)


def test_font_strategy_knows_which_fonts_draw_chinese():
    choice = ax.text_font()
    present = [(p, i, cjk) for p, i, cjk in ax.FONT_CANDIDATES if Path(p).is_file()]
    if present:
        assert (choice.path, choice.index, choice.cjk) == present[0]
    for path, index, cjk in present:
        assert ax._draws(ImageFont.truetype(path, 20, index=index), "梯度") == cjk, path
    assert not ax._draws(ImageFont.load_default(20), "梯度")  # Pillow's own font: Latin only
    assert ax._draws(ImageFont.load_default(20), "step")


# --------------------------------------------------------------------------------------
# CLI


def test_cli_render_writes_the_file_and_reports_it(tmp_path, capsys):
    out = tmp_path / "run.gif"
    code = main(["render", "--surface", "himmelblau", "--optimizer", "adam", "--hp", "lr=0.1", "--steps", "30",
                 "--out", str(out), "--size", "640x360", "--fps", "10"])
    stdout, stderr = capsys.readouterr()
    assert code == 0 and stderr == ""
    report = json.loads(stdout)
    assert report["format"] == "gif" and report["bytes"] == out.stat().st_size and report["size"] == [640, 360]
    im = Image.open(out)
    assert im.n_frames == 31 and im.size == (640, 360) and im.info["duration"] == 100
    im.seek(30)
    layout = ax.make_layout(make_surface("himmelblau").window, (640, 360))
    assert np.array_equal(pixel(np.asarray(im.convert("RGB")), layout, report["final_point"]), rgb("#332288"))


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--size", "12"], "--size"),
        (["--size", "4000x3000"], "width"),
        (["--format", "avi"], "--format"),
        (["--fps", "fast"], "--fps"),
        (["--max-frames", "1000"], "frame count"),
        (["--hp", "lr=-1"], "learning rate"),
    ],
)
def test_cli_render_bad_input_exits_2_with_one_line(tmp_path, capsys, extra, message):
    code = main(["render", "--surface", "quadratic", "--optimizer", "sgd", "--out", str(tmp_path / "a.gif"), *extra])
    stdout, stderr = capsys.readouterr()
    assert code == 2 and stdout == "" and len(stderr.splitlines()) == 1 and message in stderr
    assert not (tmp_path / "a.gif").exists()


def test_cli_render_refuses_an_unwritable_place_before_rendering(capsys):
    code = main(["render", "--surface", "quadratic", "--optimizer", "sgd", "--out", "/nonexistent/dir/a.gif"])
    _, stderr = capsys.readouterr()
    assert code == 2 and "no writable folder" in stderr


def test_cli_render_imports_neither_streamlit_nor_plotly(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "optim_viz", "render", "--surface", "quadratic", "--optimizer",
         "sgd", "--steps", "5", "--out", str(tmp_path / "a.mp4"), "--size", "320x180"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-500:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
    assert "optim_viz.render.animation_export" in imported and "imageio_ffmpeg" in imported
    assert sorted(m for m in imported if m.split(".")[0] in ("streamlit", "plotly")) == []
    assert json.loads(proc.stdout)["format"] == "mp4"
