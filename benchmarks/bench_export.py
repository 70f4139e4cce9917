"""Animation export benchmarks: time and file size of GIF and MP4 exports, against peers measured in the same run.

(a) The budget case: 3 runs × 150 steps on Rosenbrock at 1280 × 720, 20 fps (151 frames + 1 s hold), GIF and MP4
    (budget: 5 s each).
    GIF peer: the naive exporter, which redraws every frame from scratch in RGB and lets Pillow pick an adaptive
    palette for each frame when saving. MP4 peer: the encoder's floor, the same number of identical ready-made
    frames piped to the same ffmpeg settings.
(b) A data surface (neuron, 500 points: its background costs the most to sample), and the largest request the
    bounds allow (600 frames at 1920 × 1080), to show where the time budget matters.

Run with ``python benchmarks/bench_export.py``; medians of ``REPEAT`` runs.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from optim_viz.core.engine import RunSpec, simulate  # noqa: E402
from optim_viz.core.surfaces import make_surface  # noqa: E402
from optim_viz.render import animation_export as ax  # noqa: E402
from optim_viz.render import theme  # noqa: E402

REPEAT = 3


def timed(fn, repeat=REPEAT):
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def runs_on(surface, steps, specs):
    res = simulate(surface, specs, surface.start, steps)
    return [(r.label, theme.method_color(r.spec.optimizer, r.hparams), r.path) for r in res.runs]


def naive_gif(surface, runs, size, fps):
    """Every frame drawn from scratch in RGB; Pillow quantizes each one adaptively when saving."""
    layout = ax.make_layout(surface.window, size)
    left, top, pw, ph = layout.plot
    idx, colors = ax.contour_pixels(surface, pw, ph)
    contour = Image.fromarray(np.array(colors, dtype=np.uint8)[idx], "RGB")
    n = max(len(p) for _, _, p in runs)
    frames = []
    for k in range(n):
        frame = Image.new("RGB", size, (255, 255, 255))
        frame.paste(contour, (left, top))
        draw = ImageDraw.Draw(frame)
        for _, color, path in runs:
            pts = [tuple(p) for p in layout.to_pixels(path[: k + 1])]
            if len(pts) > 1:
                draw.line(pts, fill=color, width=3)
        draw.text((layout.panel_x, 40), f"step {k} / {n - 1}", fill=(0, 0, 0), font=ax._font(42))
        frames.append(frame)
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], duration=1000 // fps, loop=0)
    return out.getvalue()


def encoder_floor(size, fps, n_frames):
    """The same ffmpeg settings fed ``n_frames`` copies of one frame: the cost of encoding alone."""
    import imageio_ffmpeg

    frame = np.full((size[1], size[0], 3), 200, np.uint8)
    frame[100:300, 100:300] = (200, 30, 30)
    data = frame.tobytes()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "floor.mp4")
        w = imageio_ffmpeg.write_frames(
            path, size, fps=fps, codec="libx264", quality=None, macro_block_size=2, ffmpeg_log_level="error",
            output_params=["-crf", "23", "-preset", "veryfast", "-tune", "animation", "-movflags", "+faststart"],
        )
        w.send(None)
        for _ in range(n_frames):
            w.send(data)
        w.close()
        return os.path.getsize(path)


def row(name, seconds, nbytes, peer_name=None, peer_seconds=None, frames=None):
    text = f"  {name:<44} {seconds:6.2f} s  {nbytes / 1e6:7.2f} MB"
    if frames:
        text += f"  {1000 * seconds / frames:5.1f} ms/frame"
    if peer_seconds is not None:
        text += f"   {peer_name}: {peer_seconds:6.2f} s  (ratio ours/peer {seconds / peer_seconds:.2f})"
    print(text)


def main():
    print(f"font: {ax.text_font()}")
    s = make_surface("rosenbrock")
    specs = [
        RunSpec.make("sgd", {"lr": 0.001}, label="SGD lr=0.001"),
        RunSpec.make("sgd", {"lr": 0.001, "momentum": 0.9}, label="Momentum 0.9 动量"),
        RunSpec.make("adam", {"lr": 0.05}, label="Adam lr=0.05"),
    ]
    runs = runs_on(s, 150, specs)
    size, fps = (1280, 720), 20
    print("(a) Rosenbrock, 3 runs × 150 steps, 1280×720, 20 fps, 151 frames + 1 s hold (budget 5 s each)")
    t_gif, gif = timed(lambda: ax.export_animation(s, runs, format="gif", size=size, fps=fps))
    t_naive, _ = timed(lambda: naive_gif(s, runs, size, fps), repeat=1)
    row("GIF", t_gif, len(gif), "naive redraw + adaptive palette", t_naive, frames=151)
    t_mp4, mp4 = timed(lambda: ax.export_animation(s, runs, format="mp4", size=size, fps=fps))
    t_floor, _ = timed(lambda: encoder_floor(size, fps, 171))
    row("MP4 (H.264 crf 23, veryfast)", t_mp4, len(mp4), "encoder floor, same frame count", t_floor, frames=171)
    for name, t in (("GIF", t_gif), ("MP4", t_mp4)):
        print(f"  {name} within the 5 s budget: {'yes' if t <= 5.0 else 'NO'}")

    print("(b) heavier requests")
    neuron = make_surface("neuron", {"n_points": 500})
    nruns = runs_on(neuron, 150, [RunSpec.make("sgd", {"lr": 1.0}), RunSpec.make("adam", {"lr": 0.1})])
    t, data = timed(lambda: ax.export_animation(neuron, nruns, format="gif"), repeat=1)
    row("neuron (500 points), GIF 1280×720", t, len(data), frames=151)
    long_runs = runs_on(s, 1000, specs)
    for fmt in ("gif", "mp4"):
        t, data = timed(
            lambda fmt=fmt: ax.export_animation(s, long_runs, format=fmt, size=(1920, 1080), max_frames=600),
            repeat=1,
        )
        row(f"largest allowed: 600 frames, 1920×1080, {fmt.upper()}", t, len(data), frames=600)


if __name__ == "__main__":
    main()
