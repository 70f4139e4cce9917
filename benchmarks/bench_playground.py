"""Playground performance against the budgets of issue 3.

* server: wall time of one rerun of the playground script with unchanged controls (after the first
  load), median over many reruns, measured inside the script thread (AppTest's own overhead excluded);
* payload: JSON size of each figure for the default view and for the largest one the controls allow
  (8 runs × 2000 steps);
* browser (when Chromium and Playwright are present): a keyboard change of the learning rate → the
  chart redrawn with the new value, median over several presses.

Budgets: rerun ≤ 50 ms; contour ≤ 500 KB without animation, ≤ 1.5 MB with it; browser ≤ 250 ms.

    .venv/bin/python benchmarks/bench_playground.py [--no-browser] [--reruns 30]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from optim_viz.core.engine import simulate  # noqa: E402
from optim_viz.core.optimizers import OPTIMIZERS  # noqa: E402
from optim_viz.core.steps import step_details  # noqa: E402
from optim_viz.render import contour, curves, kit  # noqa: E402
from optim_viz.render.surface3d import surface3d_figure  # noqa: E402
from optim_viz.render.surface_image import surface_grid  # noqa: E402
from optim_viz.state import playground as C  # noqa: E402
from optim_viz.state import values as V  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
BUDGET = {"rerun_ms": 50, "static_kb": 500, "animated_kb": 1500, "browser_ms": 250}

_TIMED_PAGE = """
import runpy, time
t0 = time.perf_counter()
runpy.run_path({page!r}, run_name="__main__")
with open({out!r}, "a") as f:
    f.write(f"{{time.perf_counter() - t0}}\\n")
"""


def server_rerun_ms(reruns: int) -> dict:
    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "times.txt"
        script = Path(tmp) / "timed_playground.py"
        script.write_text(_TIMED_PAGE.format(page=str(ROOT / "pages" / "playground.py"), out=str(out)))
        sys.path.insert(0, str(ROOT))
        at = AppTest.from_file(str(script), default_timeout=60)
        at.run()
        first = float(out.read_text().split()[0]) * 1000
        out.unlink()
        for _ in range(reruns):
            at.run()
        same = sorted(float(v) * 1000 for v in out.read_text().split())
        out.unlink()
        # A new learning rate each time: engine run and every figure rebuilt (nothing cached).
        grid = [v for v in V.log_grid(1e-3, 0.02) if v != C.PLAYGROUND_LR["sgd"]]
        for lr in grid[:reruns]:
            at.select_slider(key="run0_sgd_lr").set_value(lr)
            at.run()
        changed = sorted(float(v) * 1000 for v in out.read_text().split())

    def summary(times: list[float]) -> dict:
        return {"median_ms": round(statistics.median(times), 1), "p90_ms": round(times[int(0.9 * (len(times) - 1))], 1)}

    return {"first_load_ms": round(first, 1), "unchanged": summary(same), "lr_changed": summary(changed)}


def _sizes(cfg: C.PlaygroundConfig) -> dict:
    result = simulate(cfg.make_surface(), cfg.run_specs(), cfg.start, cfg.steps, record_state=True, tol=cfg.tol)
    grid = surface_grid(cfg.make_surface())
    details = [d for d in step_details(result, cfg.inspect_step) if d is not None]

    def kb(fig) -> float:
        return round(kit.payload_bytes(fig) / 1000, 1)

    animated = contour.contour_figure(result, grid, cfg.start, details=details)
    return {
        "contour_animated_kb": kb(animated),
        "contour_static_kb": kb(contour.contour_figure(result, grid, cfg.start, details=details, animate=False)),
        "frames": len(animated.to_dict()["frames"]),
        "surface3d_kb": kb(surface3d_figure(result, grid)),
        "loss_kb": kb(curves.loss_figure(result)),
        "distance_kb": kb(curves.distance_figure(result)),
    }


def payloads() -> dict:
    largest = replace(C.DEFAULT_CONFIG, steps=max(V.STEP_CHOICES), runs=tuple(C.new_run(n) for n in OPTIMIZERS))
    return {"default": _sizes(C.DEFAULT_CONFIG), "8 runs x 2000 steps": _sizes(largest)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def browser_ms(presses: int) -> dict | None:
    if not (os.path.exists(CHROMIUM) and shutil.which(sys.executable)):
        return None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    port = _free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless=true", "--server.address=127.0.0.1",
           f"--server.port={port}", "--browser.gatherUsageStats=false", "--server.fileWatcherType=none"]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.3)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                      "--disable-component-update", "--disable-sync", "--no-first-run"],
            )  # fmt: skip
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            t0 = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_selector(".js-plotly-plot .legendtext", timeout=60000)
            load_ms = (time.perf_counter() - t0) * 1000
            page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
            slider = page.get_by_role("slider", name="Learning rate η (lr)").first
            times = []
            for _ in range(presses):
                before = page.locator(".js-plotly-plot .legendtext").first.text_content()
                slider.focus()
                t0 = time.perf_counter()
                slider.press("ArrowRight")
                page.wait_for_function(
                    "old => { const e = document.querySelector('.js-plotly-plot .legendtext');"
                    " return e && e.textContent !== old; }",
                    arg=before,
                    polling="raf",
                    timeout=10000,
                )
                times.append((time.perf_counter() - t0) * 1000)
                page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
            browser.close()
        return {"first_load_ms": round(load_ms), "median_ms": round(statistics.median(times)),
                "max_ms": round(max(times))}  # fmt: skip
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reruns", type=int, default=30)
    ap.add_argument("--presses", type=int, default=10)
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()
    report = {
        "budget": BUDGET,
        "server_rerun": server_rerun_ms(args.reruns),
        "payload": payloads(),
        "browser_lr_keypress": None if args.no_browser else browser_ms(args.presses),
        "load_average": os.getloadavg()[0],
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
