"""Key press → every chart redrawn, in Chromium, against Streamlit's own floor measured in the same run.

Two servers run side by side: optim_viz (``app.py``) and a trivial app (``benchmarks/trivial_app.py``:
one slider, one Plotly line of 300 points). For each page, one browser tab per app; then, in
interleaved rounds (so machine noise hits both), a key press on the page's main control and one on
the trivial app's slider.

Latency, on the page's own clock (``performance.now()``): from just before the key press to the end
of the last chart redraw the press caused, i.e. the later of
  * the script run finishing (``[data-testid="stApp"]`` back to ``notRunning`` after ``running``), and
  * the last change of any Plotly chart's data on the page (its node or its ``data`` replaced),
    plus two animation frames (Chromium has painted it);
polled every 5 ms in the page, and closed after 300 ms of quiet. A press that redraws nothing
(the script ran, no figure changed) ends when the script run ends.

First load: a new browser context (cold caches) opens the page; the time until its first chart is
drawn (``.main-svg`` of the page's main chart), interleaved with the trivial app's.

The live control (``--live``): an arrow key held for 2 s on the playground's live slider; counts the
path redraws of the component (its ``data-draws`` counter) and the websocket frames sent meanwhile.

    python benchmarks/bench_browser.py                     # every page, 15 presses each
    python benchmarks/bench_browser.py --pages playground map --presses 30
    python benchmarks/bench_browser.py --json out.json
    python benchmarks/bench_browser.py --baseline ../main --pages playground   # before/after in one run

``--baseline DIR`` serves a second optim_viz from another checkout (the code before a change) and
presses its control in the same rounds, so before, after and the trivial app share the machine's noise.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("OPTIM_VIZ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'


@dataclass(frozen=True)
class Target:
    """A page and its main control: the accessible role and name, the key pressed, and how many presses."""

    path: str
    role: str
    name: str
    key: str
    chart: str  # the chart whose first drawing ends a first load
    presses: int | None = None  # None: --presses
    nth: int = 0


TARGETS = {
    "playground": Target("/", "slider", "Learning rate η (lr)", "ArrowLeft", "contour_chart"),
    "momentum": Target("/momentum", "spinbutton", "Momentum β", "ArrowDown", "mr_contour"),
    # A new tolerance is a new 100 × 100 × 200-step sweep each time (never one from the cache).
    "map": Target("/hyperparameter_map", "slider", "Tolerance on f − f*", "ArrowRight", "hm_chart", presses=6),
    "race": Target("/race", "slider", "Step budget (the same for all)", "ArrowLeft", "race_chart", presses=8),
    "ewma": Target("/ewma", "slider", "Noise σ", "ArrowRight", "series_chart"),
    "schedules": Target("/schedules", "slider", "Initial learning rate η₀ (lr)", "ArrowLeft", "lr_chart"),
    "neuron": Target("/neuron", "slider", "Learning rate η (lr)", "ArrowLeft", "surface_chart"),
}
TRIVIAL = Target("/", "slider", "a", "ArrowRight", "chart")

_ARM_JS = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const charts = () => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')];
  const w = window.__bench = {t0: 0, sawRunning: false, runEnd: null, seen: new Map(), lastPaint: null,
                               changes: 0, lastChange: null};
  for (const gd of charts()) w.seen.set(gd, gd.data);
  if (window.__benchObserver) window.__benchObserver.disconnect();
  // Read each mutation's old value too: a run can start and end between two observer callbacks.
  window.__benchObserver = new MutationObserver(records => {
    for (const r of records) {
      const now = app.getAttribute('data-test-script-state');
      if (r.oldValue === 'running' && now !== 'running') { w.sawRunning = true; w.runEnd = performance.now(); }
      else if (now === 'running') { w.sawRunning = true; w.runEnd = null; }
    }
  });
  window.__benchObserver.observe(app, {attributes: true, attributeOldValue: true,
                                       attributeFilter: ['data-test-script-state']});
  w.t0 = performance.now();
}
"""

_WAIT_JS = """
(timeoutMs) => new Promise(resolve => {
  const w = window.__bench;
  const app = document.querySelector('[data-testid="stApp"]');
  const charts = () => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')];
  const tick = () => {
    const now = performance.now();
    for (const gd of charts()) {
      if (!gd.data || w.seen.get(gd) === gd.data) continue;
      w.seen.set(gd, gd.data);
      w.changes += 1;
      w.lastChange = now;
      requestAnimationFrame(() => requestAnimationFrame(() => {
        w.lastPaint = Math.max(w.lastPaint || 0, performance.now());
      }));
    }
    // React may batch a fast run's start and end into one render: a redrawn chart then ends the
    // wait too, once the app is idle.
    const idle = app.getAttribute('data-test-script-state') !== 'running';
    const painted = w.lastChange === null || (w.lastPaint !== null && w.lastPaint >= w.lastChange);
    const settled = idle && painted && (w.runEnd !== null || w.lastChange !== null);
    const quietSince = Math.max(w.runEnd || 0, w.lastPaint || 0, w.lastChange || 0);
    if (settled && now - quietSince > 300) {
      resolve({ms: Math.max(w.runEnd || 0, w.lastPaint || 0) - w.t0, changes: w.changes});
    } else if (now - w.t0 > timeoutMs) {
      resolve({ms: null, changes: w.changes});
    } else setTimeout(tick, 5);
  };
  tick();
})
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def server(app: str, cwd: Path = ROOT):
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", app, "--server.headless=true", "--server.address=127.0.0.1",
           f"--server.port={port}", "--browser.gatherUsageStats=false", "--server.fileWatcherType=none"]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                if urllib.request.urlopen(base + "/_stcore/health", timeout=1).read() == b"ok":
                    break
            time.sleep(0.25)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def chart_ready(page, chart: str, timeout: float = 120_000) -> None:
    page.wait_for_selector(f".st-key-{chart} .js-plotly-plot .main-svg", state="attached", timeout=timeout)
    page.wait_for_selector(READY, state="attached", timeout=timeout)


def open_ready(browser, url: str, chart: str):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    page.goto(url, timeout=120_000)
    chart_ready(page, chart)
    time.sleep(1.0)
    return page


def control(page, target: Target):
    return page.get_by_role(target.role, name=target.name).nth(target.nth)


def press_once(page, target: Target, key: str, timeout_ms: float = 5_000) -> tuple[float | None, int]:
    loc = control(page, target)
    loc.focus()
    page.evaluate(_ARM_JS)
    loc.press(key)
    out = page.evaluate(_WAIT_JS, timeout_ms)
    return out["ms"], out["changes"]


def summary(values: list[float]) -> dict:
    v = sorted(x for x in values if x is not None)
    if not v:
        return {"n": 0}
    p95 = v[min(len(v) - 1, round(0.95 * (len(v) - 1)))]
    return {"n": len(v), "median_ms": round(statistics.median(v), 1), "p95_ms": round(p95, 1),
            "max_ms": round(v[-1], 1)}  # fmt: skip


def first_loads(browser, app_base: str, triv_base: str, target: Target, rounds: int) -> dict:
    app_times, triv_times = [], []
    for _ in range(rounds):
        for base, t, out in ((triv_base, TRIVIAL, triv_times), (app_base, target, app_times)):
            ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = ctx.new_page()
            t0 = time.perf_counter()
            page.goto(base + t.path, timeout=120_000)
            page.wait_for_selector(f".st-key-{t.chart} .js-plotly-plot .main-svg", state="attached", timeout=120_000)
            out.append((time.perf_counter() - t0) * 1000)
            ctx.close()
    a, b = summary(app_times), summary(triv_times)
    return {"app": a, "trivial": b, "ratio": round(a["median_ms"] / b["median_ms"], 2)}


_OPPOSITE = {"ArrowLeft": "ArrowRight", "ArrowRight": "ArrowLeft", "ArrowUp": "ArrowDown", "ArrowDown": "ArrowUp"}


def _value(loc) -> str | None:
    return loc.get_attribute("aria-valuetext") or loc.input_value()


def _press_app(page, target: Target, key: str) -> tuple[float | None, int, str]:
    """One measured press that changed the control's value; returns (ms, charts redrawn, next key)."""
    for _attempt in range(2):
        before = _value(control(page, target))
        ms, c = press_once(page, target, key, timeout_ms=60_000)
        if _value(control(page, target)) != before:
            break
        key = _OPPOSITE[key]
        page.wait_for_selector(READY, state="attached")
    return ms, c, key


def _ratios(out: dict, a: dict, b: dict, prefix: str = "") -> None:
    if a.get("n") and b.get("n"):
        out[f"{prefix}ratio_median"] = round(a["median_ms"] / b["median_ms"], 2)
        out[f"{prefix}ratio_p95"] = round(a["p95_ms"] / b["median_ms"], 2)


def round_trips(browser, app_base: str, triv_base: str, name: str, target: Target, presses: int,
                baseline_base: str | None = None) -> dict:  # fmt: skip
    """Interleaved presses; a press at the end of the control's range changes nothing, so the
    direction turns and the press is repeated (never measured as a press that redrew nothing).
    With ``baseline_base``, the same page of the baseline server is pressed in the same rounds."""
    app_page = open_ready(browser, app_base + target.path, target.chart)
    triv_page = open_ready(browser, triv_base + TRIVIAL.path, TRIVIAL.chart)
    base_page = open_ready(browser, baseline_base + target.path, target.chart) if baseline_base else None
    app_ms, triv_ms, base_ms, changes = [], [], [], []
    n = target.presses or presses
    key = base_key = target.key
    for _ in range(n):
        ms, _ = press_once(triv_page, TRIVIAL, TRIVIAL.key)
        triv_ms.append(ms)
        if base_page is not None:
            ms, _, base_key = _press_app(base_page, target, base_key)
            base_ms.append(ms)
        ms, c, key = _press_app(app_page, target, key)
        app_ms.append(ms)
        changes.append(c)
    a, b = summary(app_ms), summary(triv_ms)
    out = {"control": target.name, "app": a, "trivial": b, "charts_redrawn": changes,
           "timeouts": sum(v is None for v in app_ms)}  # fmt: skip
    _ratios(out, a, b)
    if base_page is not None:
        out["baseline"] = summary(base_ms)
        _ratios(out, out["baseline"], b, "baseline_")
        base_page.context.close()
    app_page.context.close()
    triv_page.context.close()
    return out


# WebSocket sends counted in the page as the app makes them (the browser reports frames to the
# harness asynchronously, sometimes late).
_COUNT_SENDS = """
(() => {
  const send = WebSocket.prototype.send;
  window.__wsSent = 0;
  WebSocket.prototype.send = function (...args) {
    if (String(this.url).includes('/_stcore/stream')) window.__wsSent += 1;
    return send.apply(this, args);
  };
})();
"""


def ws_sent(page) -> int:
    return page.evaluate("() => window.__wsSent")


_LIVE_JS = """
() => {
  const host = document.querySelector('.st-key-live_control');
  const root = host && (host.querySelector('[data-live-root]') || [...host.querySelectorAll('*')]
    .map(e => e.shadowRoot).find(Boolean)?.querySelector('[data-live-root]'));
  return root ? Number(root.getAttribute('data-draws') || 0) : null;
}
"""


_DRAW_TIMES_JS = """
since => {
  const host = document.querySelector('.st-key-live_control');
  const shadow = [...host.querySelectorAll("*")].map(e => e.shadowRoot).filter(Boolean).pop();
  return shadow.querySelector('[data-live-root]').__live.drawTimes.filter(t => t >= since);
}
"""


def _rate(times: list[float]) -> float | None:
    """Redraws per second while the value was moving: between the first and the last redraw."""
    if len(times) < 2:
        return None
    return round((len(times) - 1) / ((times[-1] - times[0]) / 1000), 1)


_DRIVE_JS = """
async ([seconds, hz]) => {
  // Input events as fast as a pointer or a key auto-repeat can make them, generated in the page so
  // that the harness's own latency does not limit the rate: the slider bounces between its ends.
  const host = document.querySelector('.st-key-live_control');
  const shadow = [...host.querySelectorAll("*")].map(e => e.shadowRoot).filter(Boolean).pop();
  const root = shadow.querySelector('[data-live-root]'), s = root.querySelector('input');
  const live = root.__live, n = Number(s.max), t0 = performance.now(), start = live.draws;
  let dir = -1, inputs = 0;
  live.dragging = true;  // as between pointerdown and pointerup
  await new Promise(done => {
    const tick = () => {
      let v = Number(s.value) + dir;
      if (v < 0 || v > n) { dir = -dir; v = Number(s.value) + dir; }
      s.value = v;
      s.dispatchEvent(new Event('input', {bubbles: true}));
      inputs += 1;
      if (performance.now() - t0 < seconds * 1000) setTimeout(tick, 1000 / hz); else done();
    };
    tick();
  });
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const elapsed = (performance.now() - t0) / 1000;
  const times = live.drawTimes.filter(t => t >= t0);
  live.dragging = false;
  return {inputs, redraws: live.draws - start, seconds: elapsed,
          per_s: (times.length - 1) / ((times[times.length - 1] - times[0]) / 1000)};
}
"""


def live_drag(browser, app_base: str, hold_s: float = 2.0, repeat_hz: float = 60.0) -> dict | None:
    """The live slider, held and dragged: path redraws per second and websocket frames sent.

    Held key: keydowns repeated at ``repeat_hz`` (an OS auto-repeat; Playwright repeats a key that
    is already down) for ``hold_s``. Pointer: the thumb dragged across the track, one move per frame.
    """
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    ctx.add_init_script(_COUNT_SENDS)
    page = ctx.new_page()
    page.goto(app_base + "/", timeout=120_000)
    chart_ready(page, "contour_chart")
    if page.evaluate(_LIVE_JS) is None:
        ctx.close()
        return None
    slider = page.locator(".st-key-live_control").get_by_role("slider").first
    out = {}
    for how in ("key", "pointer"):
        time.sleep(1.0)
        page.wait_for_selector(READY, state="attached")
        draws0, n0 = page.evaluate(_LIVE_JS), ws_sent(page)
        mark = page.evaluate("() => performance.now()")
        t0 = time.monotonic()
        if how == "key":
            slider.focus()
            while time.monotonic() - t0 < hold_s:
                page.keyboard.down("ArrowLeft")  # 60 members: 2 s at 30+ Hz reaches the end, still redrawn
                time.sleep(1 / repeat_hz)
            held = time.monotonic() - t0
            draws1 = page.evaluate(_LIVE_JS)
            time.sleep(0.5)  # still held
            during = ws_sent(page) - n0
            page.keyboard.up("ArrowLeft")
        else:
            box = slider.bounding_box()
            y = box["y"] + box["height"] / 2
            page.mouse.move(box["x"] + box["width"] / 2, y)
            page.mouse.down()
            k = 0
            while time.monotonic() - t0 < hold_s:
                k += 1
                phase = (k % 120) / 120  # across the track and back
                frac = 0.1 + 0.8 * (2 * phase if phase < 0.5 else 2 - 2 * phase)
                page.mouse.move(box["x"] + frac * box["width"], y)
                time.sleep(1 / repeat_hz)
            held = time.monotonic() - t0
            draws1 = page.evaluate(_LIVE_JS)
            time.sleep(0.5)  # still held
            during = ws_sent(page) - n0
            page.mouse.up()
        time.sleep(2.0)
        out[how] = {"held_s": round(held, 2), "redraws": draws1 - draws0,
                    "updates_per_s_while_moving": _rate(page.evaluate(_DRAW_TIMES_JS, mark)),
                    "updates_per_s_over_hold": round((draws1 - draws0) / held, 1), "ws_frames_during_hold": during,
                    "ws_frames_after_release": ws_sent(page) - n0 - during}  # fmt: skip
    page.wait_for_selector(READY, state="attached")
    r = page.evaluate(_DRIVE_JS, [hold_s, repeat_hz])
    out["in_page_60hz"] = {"inputs": r["inputs"], "redraws": r["redraws"], "updates_per_s": round(r["per_s"], 1)}
    ctx.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", nargs="*", default=list(TARGETS), choices=list(TARGETS))
    ap.add_argument("--presses", type=int, default=15)
    ap.add_argument("--loads", type=int, default=3, help="first loads per app (fresh browser contexts)")
    ap.add_argument("--json", help="also write the report to this file")
    ap.add_argument("--baseline", type=Path, help="another optim_viz checkout, pressed in the same rounds")
    ap.add_argument("--no-live", action="store_true", help="skip the live control's drag measurement")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    report: dict = {"load_average_before": os.getloadavg()[0], "pages": {}}
    with contextlib.ExitStack() as stack, sync_playwright() as p:
        app_base = stack.enter_context(server("app.py"))
        triv_base = stack.enter_context(server("benchmarks/trivial_app.py"))
        base_base = stack.enter_context(server("app.py", args.baseline.resolve())) if args.baseline else None
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # warm the servers (imports, caches of the default views) and Chromium's code cache
        apps = [app_base] + ([base_base] if base_base else [])
        for base, t in [(triv_base, TRIVIAL)] + [(a, TARGETS[n]) for a in apps for n in args.pages]:
            open_ready(browser, base + t.path, t.chart).context.close()
            print(f"warmed {t.path}", flush=True)
        report["first_load"] = first_loads(browser, app_base, triv_base, TARGETS["playground"], args.loads)
        print(f"first load: {json.dumps(report['first_load'])}", flush=True)
        for name in args.pages:
            r = round_trips(browser, app_base, triv_base, name, TARGETS[name], args.presses, base_base)
            report["pages"][name] = r
            print(f"{name:10s} app {r['app']} trivial {r['trivial']} ratio {r.get('ratio_median')} "
                  f"(p95/floor {r.get('ratio_p95')}), charts redrawn {r['charts_redrawn']}", flush=True)  # fmt: skip
            if base_base:
                print(f"{'':10s} baseline {r['baseline']} ratio {r.get('baseline_ratio_median')} "
                      f"(p95/floor {r.get('baseline_ratio_p95')})", flush=True)  # fmt: skip
        if not args.no_live:
            report["live_drag"] = live_drag(browser, app_base)
            print(f"live drag: {report['live_drag']}", flush=True)
        browser.close()
    report["load_average_after"] = os.getloadavg()[0]
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
