"""The presets page with its pictures: how long it takes to load, against a peer measured in the same run.

(a) Drawing: each preset's picture from its link (engine or lesson run + Pillow), its time and its bytes.
(b) The page in Chromium on a fresh server: the first visit draws every picture (cold cache), later visits
    find them cached. Peer: the exponentially weighted averages page, a light lesson page, loaded the same
    way on the same server. Time = navigation until the script has finished and every picture has loaded
    (for the peer: until its first chart is drawn).

Run with ``python benchmarks/bench_presets_page.py``; medians of ``REPEAT`` warm loads.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import browser_support as bs  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from optim_viz.render.preset_pictures import preset_picture  # noqa: E402
from optim_viz.state import presets as P  # noqa: E402

REPEAT = 5
DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
PICTURES_LOADED = (
    "n => { const imgs = Array.from(document.querySelectorAll('[class*=\"st-key-preset_\"] img'));"
    " return imgs.length === n && imgs.every(i => i.complete && i.naturalWidth > 0); }"
)


def drawing() -> None:
    total_t, total_b = 0.0, 0
    print("(a) pictures, drawn from each preset's link")
    for preset in P.PRESETS:
        t0 = time.perf_counter()
        png = preset_picture(preset)
        dt = time.perf_counter() - t0
        total_t, total_b = total_t + dt, total_b + len(png)
        print(f"    {preset.id:24s} {1000 * dt:7.1f} ms {len(png) / 1024:6.1f} KB")
    print(f"    all {len(P.PRESETS)}: {total_t:.2f} s, {total_b / 1024:.0f} KB")


def load(page, url: str, presets: bool) -> float:
    t0 = time.perf_counter()
    page.goto(url)
    if presets:
        page.wait_for_function(PICTURES_LOADED, arg=len(P.PRESETS), timeout=120_000)
    else:
        page.wait_for_selector('[data-testid="stPlotlyChart"] .js-plotly-plot .main-svg', timeout=120_000)
    page.wait_for_selector(DONE, timeout=120_000)
    return time.perf_counter() - t0


def browser() -> None:
    print("(b) page loads in Chromium on a fresh server")
    with bs.streamlit_server("app.py", "bench_presets") as base, sync_playwright() as pw:
        chromium = pw.chromium.launch(**bs.launch_args({}))
        context = bs.new_context(chromium)
        page = context.new_page()
        load(page, f"{base}/ewma", presets=False)  # the server's first page (imports, navigation)
        cold = load(page, f"{base}/presets", presets=True)
        warm, peer = [], []
        for _ in range(REPEAT):  # interleaved, so machine noise hits both
            warm.append(load(page, f"{base}/presets", presets=True))
            peer.append(load(page, f"{base}/ewma", presets=False))
        w, p = statistics.median(warm), statistics.median(peer)
        print(f"    presets, first visit (pictures drawn): {cold:.2f} s")
        print(f"    presets, later visits (cached):        {w:.2f} s (median of {REPEAT})")
        print(f"    peer: ewma page:                        {p:.2f} s (median of {REPEAT})")
        print(f"    ratio presets / peer: {w / p:.2f} warm, {cold / p:.2f} first visit")
        chromium.close()


if __name__ == "__main__":
    drawing()
    browser()
