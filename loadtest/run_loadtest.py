#!/usr/bin/env python3
"""Load test: many concurrent real browser sessions on the playground, against one server or a proxy.

One Chromium process (Debian's, ``/usr/bin/chromium``) with ``--sessions`` browser contexts, each a
separate Streamlit session with its own cookies and websocket. First every session opens the
playground and waits for the contour chart (``--load-concurrency`` page loads at a time); then, for
``--duration`` seconds with every session live, each one changes controls in a loop: an arrow key on
the learning-rate, steps or inspected-step slider, or the next option of the surface select box,
then a random think time (0.5–1.5 × ``--think``). All traffic goes to one URL on the loopback
interface: a server this script starts on 127.0.0.1 (free port), or ``--url``.

Control-change → redraw latency, per interaction, on the page's own clock (``performance.now()``):

    start  just before the key press (or the click on an option) that changes the control;
    end    the later of
             - the moment ``[data-testid="stApp"]`` returned to ``data-test-script-state="notRunning"``
               after the rerun this change started (it must have been ``running`` in between), and
             - the last redraw of any Plotly chart: nodes inserted or removed or text changed inside a
               ``[data-testid="stPlotlyChart"]``, or ``plotly_afterplot`` on a chart node (a change
               that leaves every figure as it was, e.g. a step past a diverged run's end, redraws none);
           the end is taken once the page has been quiet (not running, no chart change) for 1 s;
           chart changes more than 5 s after the rerun finished are not attributed to the change
           (counted and reported: a chart that keeps redrawing itself).
A MutationObserver records both moments as they happen, so neither polling nor a busy harness
shifts them. The latency is what a learner waits for: Streamlit's slider debounce, the websocket,
the script run, and the browser applying the deltas and drawing the charts.

Server round trip, per interaction: from the browser's network timestamps (CDP
``Network.webSocketFrameSent/Received``), the BackMsg ``rerun_script`` leaving the browser to the
ForwardMsg ``script_finished`` arriving. It leaves out the renderer's drawing, so it stays close to
the server's own time while twenty renderers share two cores with it (renderers that fall far behind
still slow it through websocket back-pressure).

Errors (must be 0): uncaught page errors, console errors (except the two 404s Streamlit's frontend
itself causes when it probes ``<page>/_stcore/health`` and ``<page>/_stcore/host-config`` to find the
base path of a deep link; counted and shown separately), exception elements
(``[data-testid="stException"]``), "Connection error" in the page, a websocket closed before the
session ended, page loads and interactions that time out (``--interaction-timeout``, 120 s: a hang
detector; slowness shows in the percentiles), sessions that crash, and ERROR/Traceback lines in the
server logs.

Server memory is the resident set size (VmRSS from ``/proc/PID/status``) of each server process:
before the browsers start, its peak during the test (sampled every second) and after every session
has closed. CPU time comes from ``/proc`` too: the servers', the browsers' (with this harness), and
the rest of the machine's, over the measured window. Chromium's renderer and GPU processes run at a
lower priority (``--browser-nice``): they stand in for the learners' own machines and must not
starve the server; the browser process and its network service keep the normal priority, so the
websocket timestamps of the server round trip stay prompt.
Exit status: 0 when every session loaded, at least one interaction was measured and no error was
counted; 1 otherwise.

    python loadtest/run_loadtest.py                          # 20 sessions, 60 s, own server
    python loadtest/run_loadtest.py --sessions 30 --duration 120 --think 10
    python loadtest/run_loadtest.py --url http://127.0.0.1:8080 --server-pid 123 --server-pid 456 \\
        --label "two replicas behind nginx" --section sticky
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import datetime as dt
import json
import os
import platform
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import TimeoutError as PlaywrightTimeout
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "loadtest.md"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Twenty pages share two cores: keep background pages running at full speed, skip extras.
    "--disable-renderer-backgrounding",
    "--disable-background-timer-throttling",
    "--disable-backgrounding-occluded-windows",
    "--disable-extensions",
    "--mute-audio",
    # Loopback only: any other host name fails to resolve inside the browser, so a page that refers to
    # an outside resource (a web font, an icon) cannot make the test send traffic off this machine.
    "--no-proxy-server",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
VIEWPORT = {"width": 1000, "height": 700}
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'

# The controls each session changes, round-robin from a per-session random offset. Labels are the
# playground's widget labels (accessible names); `first` picks the first match when a label repeats
# (one learning-rate slider per run).
CONTROLS: tuple[tuple[str, str], ...] = (
    ("slider", "Learning rate η (lr)"),
    ("slider", "Steps"),
    ("slider", "Inspect step k"),
    ("select", "Surface"),
)

# A redraw is complete when no chart has changed for this long (the wait; not part of the latency).
QUIET_MS = 1000

# Installed in every page before Streamlit's scripts run: the latency clock described above.
PAGE_PROBE = r"""
(() => {
  const STATE = 'data-test-script-state';
  const CHART = '[data-testid="stPlotlyChart"]';
  const now = () => performance.now();
  const ov = window.__ov = {token: 0, armedAt: 0, chartAt: 0, idleAt: 0, sawRunning: false};
  const hook = (gd) => {  // Plotly.react on an existing chart node ends with plotly_afterplot
    if (gd && !gd.__ovHooked && typeof gd.on === 'function') {
      gd.__ovHooked = true;
      gd.on('plotly_afterplot', () => { if (ov.token) ov.chartAt = now(); });
    }
  };
  ov.arm = (token) => {
    Object.assign(ov, {token, armedAt: now(), chartAt: 0, idleAt: 0, sawRunning: false});
    document.querySelectorAll(CHART + ' .js-plotly-plot').forEach(hook);
  };
  // A chart still changing CAP ms after the rerun (a Plotly relayout loop) does not hold the end back.
  const CAP = 5000;
  ov.done = (quiet) => ov.sawRunning && ov.idleAt > 0
    && (now() - Math.max(ov.chartAt, ov.idleAt) >= quiet || now() - ov.idleAt >= CAP);
  ov.result = () => ({
    ms: Math.min(Math.max(ov.chartAt, ov.idleAt), ov.idleAt + CAP) - ov.armedAt,
    capped: now() - ov.chartAt < 1000 && now() - ov.idleAt >= CAP,
  });
  ov.status = () => ({
    exceptions: document.querySelectorAll('[data-testid="stException"]').length,
    connectionError: (document.body ? document.body.textContent : '').includes('Connection error'),
  });
  const observer = new MutationObserver((records) => {
    if (!ov.token) return;
    let stateChanged = false;
    for (const r of records) {
      if (r.type === 'attributes' && r.attributeName === STATE) {
        stateChanged = true;
        if (r.oldValue === 'running') ov.sawRunning = true;
      } else {
        const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        const chart = el && el.closest(CHART);
        if (chart) { ov.chartAt = now(); hook(el.closest('.js-plotly-plot')); }
      }
    }
    if (stateChanged) {
      const state = document.querySelector('[data-testid="stApp"]').getAttribute(STATE);
      if (state === 'running') { ov.sawRunning = true; ov.idleAt = 0; }
      else if (state === 'notRunning' && ov.sawRunning) ov.idleAt = now();
    }
  });
  const start = () => observer.observe(document.documentElement, {
    childList: true, subtree: true, characterData: true,
    attributes: true, attributeFilter: [STATE], attributeOldValue: true,
  });
  if (document.documentElement) start(); else document.addEventListener('DOMContentLoaded', start);
})();
"""


# --------------------------------------------------------------------------------------------------
# Server processes: start one, read their memory and CPU from /proc


def is_loopback(host: str) -> bool:
    return host == "localhost" or host.startswith("127.") or host == "::1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    except (OSError, ValueError):
        return None
    return None


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (fields 14 and 15 of /proc/PID/stat)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def machine_busy_seconds() -> float:
    """CPU time the whole machine spent busy (all cores, every process), from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def descendants(root: int, exclude: set[int]) -> list[int]:
    """Live descendants of `root` (for the harness: Playwright's driver and Chromium), leaving out the
    processes in `exclude` (the servers) and their descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], list(children.get(root, []))
    while todo:
        pid = todo.pop()
        if pid not in exclude:
            found.append(pid)
            todo.extend(children.get(pid, []))
    return found


def process_tree_cpu(root: int, exclude: set[int]) -> dict[int, float]:
    """CPU seconds of every live descendant of `root` (see `descendants`)."""
    found = {pid: cpu_seconds(pid) for pid in descendants(root, exclude)}
    return {pid: value for pid, value in found.items() if value is not None}


def renice_renderers(root: int, exclude: set[int], niceness: int) -> None:
    """Give Chromium's renderer and GPU processes (every thread: Linux niceness is per thread) a lower
    priority. The browser process and its network service keep the normal one, so websocket frames
    are read and time-stamped promptly even while the renderers wait for CPU."""
    for pid in descendants(root, exclude):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            if b"--type=renderer" not in cmdline and b"--type=gpu-process" not in cmdline:
                continue
            for tid in os.listdir(f"/proc/{pid}/task"):
                if os.getpriority(os.PRIO_PROCESS, int(tid)) < niceness:
                    os.setpriority(os.PRIO_PROCESS, int(tid), niceness)
        except OSError:
            continue  # the process or thread is gone


def wait_healthy(base_url: str, timeout: float, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the server exited with code {proc.returncode} before it was healthy")
        try:
            with urllib.request.urlopen(base_url.rstrip("/") + "/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return
        except OSError as e:
            last = str(e)
        time.sleep(0.25)
    raise RuntimeError(f"{base_url} was not healthy within {timeout:.0f} s ({last})")


class StreamlitServer:
    """`streamlit run app.py` on 127.0.0.1 and a free port, logging to a temporary file."""

    def __init__(self, app: str = "app.py") -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = Path(tempfile.mkstemp(prefix="optim-viz-loadtest-", suffix=".log")[1])
        cmd = [
            sys.executable, "-m", "streamlit", "run", app,
            "--server.headless=true", "--server.address=127.0.0.1", f"--server.port={self.port}",
            "--browser.gatherUsageStats=false", "--server.fileWatcherType=none",
        ]  # fmt: skip
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self, timeout: float = 60.0) -> None:
        try:
            wait_healthy(self.url, timeout, self.proc)
        except RuntimeError:
            print(self.log.read_text(errors="replace")[-3000:], file=sys.stderr)
            raise

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


SERVER_LOG_ERROR = re.compile(r"Traceback \(most recent call last\)|\bERROR\b|\bCRITICAL\b")


def server_log_errors(path: Path, offset: int) -> list[str]:
    try:
        with path.open("rb") as f:
            f.seek(offset)
            text = f.read().decode(errors="replace")
    except OSError:
        return []
    return [line.strip() for line in text.splitlines() if SERVER_LOG_ERROR.search(line)]


# --------------------------------------------------------------------------------------------------
# Sessions


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=dict)  # control → seconds
    server_round_trips: list[float] = field(default_factory=list)  # rerun request → script finished, s
    load_times: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    error_samples: list[str] = field(default_factory=list)
    base_path_probes: int = 0
    menu_retries: int = 0
    still_drawing: int = 0  # interactions after which a chart kept changing for more than 5 s
    blocked: Counter = field(default_factory=Counter)  # off-machine host → blocked requests
    sessions_loaded: int = 0

    def error(self, kind: str, session: int, message: str) -> None:
        self.errors[kind] += 1
        if len(self.error_samples) < 25:
            self.error_samples.append(f"session {session}: {kind}: {message[:300]}")

    @property
    def all_latencies(self) -> list[float]:
        return sorted(x for values in self.latencies.values() for x in values)


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of an ascending list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, -(-len(sorted_values) * q // 100))
    return sorted_values[int(rank) - 1]


class Window:
    """The measured window: it opens when every session has loaded (or failed to), so the first page
    loads do not compete with measured interactions, and closes `duration` seconds later."""

    def __init__(self, sessions: int, duration: float, load_concurrency: int, on_open, on_close) -> None:
        self.waiting, self.duration, self.on_open, self.on_close = sessions, duration, on_open, on_close
        self.load_slots = asyncio.Semaphore(load_concurrency)
        self.opened = asyncio.Event()
        self.start = self.deadline = 0.0

    def arrive(self) -> None:
        self.waiting -= 1
        if self.waiting == 0:
            loop = asyncio.get_running_loop()
            self.start = loop.time()
            self.deadline = self.start + self.duration
            self.on_open()
            loop.call_at(self.deadline, self.on_close)
            self.opened.set()


class Session:
    def __init__(self, index: int, browser, args: argparse.Namespace, results: Results, window: Window) -> None:
        self.i = index
        self.browser = browser
        self.args = args
        self.results = results
        self.window = window
        self.rng = random.Random(args.seed * 1000 + index)
        self.closing = False
        self.token = 0
        self.watch_frames = False
        self.rerun_sent_at: float | None = None  # browser network timestamps (CDP), seconds
        self.round_trip: float | None = None
        self.direction: dict[str, int] = {}
        self.page = None

    # -- error hooks -----------------------------------------------------------------------------
    def _on_console(self, msg) -> None:
        if msg.type != "error":
            return
        url = (msg.location or {}).get("url", "")
        if "status of 404" in msg.text and url.endswith(self.args.probe_suffixes):
            self.results.base_path_probes += 1  # Streamlit's frontend probing for the base path
            return
        host = urllib.parse.urlsplit(url).hostname or ""
        if "ERR_NAME_NOT_RESOLVED" in msg.text and host and not is_loopback(host):
            self.results.blocked[host] += 1  # an off-machine resource, blocked by --host-resolver-rules
            return
        self.results.error("console error", self.i, f"{msg.text} ({url})")

    def _on_frame_sent(self, params: dict) -> None:
        """A BackMsg leaving the browser: remember when the rerun request of the armed change went out."""
        try:
            frame = params["response"]
            if not (self.watch_frames and frame["opcode"] == 2 and len(frame["payloadData"]) < 65536):
                return
            if BackMsg.FromString(base64.b64decode(frame["payloadData"])).WhichOneof("type") == "rerun_script":
                self.rerun_sent_at = params["timestamp"]
        except Exception as e:  # noqa: BLE001 - a raising handler would break Playwright's own calls
            self.results.error("harness", self.i, f"websocket frame: {e!r}")

    def _on_frame_received(self, params: dict) -> None:
        """A ForwardMsg arriving: the first script_finished after the rerun request ends the round trip.
        Only small frames are decoded (script_finished is a few bytes; deltas with figures are large)."""
        try:
            frame = params["response"]
            if self.rerun_sent_at is None or self.round_trip is not None or frame["opcode"] != 2:
                return
            if len(frame["payloadData"]) < 512:
                msg = ForwardMsg.FromString(base64.b64decode(frame["payloadData"]))
                if msg.WhichOneof("type") == "script_finished":
                    self.round_trip = params["timestamp"] - self.rerun_sent_at
        except Exception as e:  # noqa: BLE001
            self.results.error("harness", self.i, f"websocket frame: {e!r}")

    def _on_websocket(self, ws) -> None:
        def closed(_ws=None) -> None:
            if not self.closing:
                self.results.error("websocket closed", self.i, ws.url)

        ws.on("close", closed)

    # -- the session -----------------------------------------------------------------------------
    async def run(self) -> None:
        await asyncio.sleep(self.i * self.args.stagger)
        context = None
        try:
            try:
                async with self.window.load_slots:  # at most --load-concurrency first loads at a time
                    context = await self.browser.new_context(viewport=VIEWPORT)
                    loaded = await self.open(context)
            finally:
                self.window.arrive()  # exactly once, even on an exception: never hold the others back
            await self.window.opened.wait()
            if loaded:
                await self.interact_until_deadline()
        finally:
            self.closing = True
            if context is not None:
                await context.close()

    async def open(self, context) -> bool:
        await context.add_init_script(PAGE_PROBE)
        page = self.page = await context.new_page()
        page.set_default_timeout(self.args.interaction_timeout * 1000)
        page.on("console", self._on_console)
        page.on("pageerror", lambda e: self.results.error("page error", self.i, str(e)))
        page.on("websocket", self._on_websocket)
        # The server round trip, from the browser's own network timestamps (CDP), so a renderer or this
        # harness waiting for CPU does not count: rerun request sent → script_finished received.
        cdp = await context.new_cdp_session(page)
        await cdp.send("Network.enable")
        cdp.on("Network.webSocketFrameSent", self._on_frame_sent)
        cdp.on("Network.webSocketFrameReceived", self._on_frame_received)
        return await self.load()

    async def interact_until_deadline(self) -> None:
        loop = asyncio.get_running_loop()
        step = self.rng.randrange(len(CONTROLS))
        await asyncio.sleep(self.rng.uniform(0.0, self.args.think))  # no synchronized first burst
        while loop.time() < self.window.deadline:
            kind, label = CONTROLS[step % len(CONTROLS)]
            step += 1
            await self.interact(kind, label)
            await self.check_page()
            think = self.rng.uniform(0.5, 1.5) * self.args.think
            await asyncio.sleep(max(0.0, min(think, self.window.deadline - loop.time())))
        await self.check_page()

    async def load(self) -> bool:
        loop = asyncio.get_running_loop()
        t0 = loop.time()
        try:
            timeout = self.args.load_timeout * 1000
            await self.page.goto(self.args.page_url, wait_until="domcontentloaded", timeout=timeout)
            await self.page.wait_for_selector(f"{self.args.chart} .main-svg", state="attached", timeout=timeout)
            await self.page.wait_for_selector(IDLE, timeout=timeout)
        except Exception as e:  # noqa: BLE001 - any failure to load is one counted error
            self.results.error("page load failed", self.i, repr(e))
            return False
        self.results.load_times.append(loop.time() - t0)
        self.results.sessions_loaded += 1
        return True

    async def arm(self) -> None:
        self.token += 1
        self.rerun_sent_at = self.round_trip = None
        self.watch_frames = True
        await self.page.evaluate("t => window.__ov.arm(t)", self.token)

    async def interact(self, kind: str, label: str) -> None:
        name = f"{kind} {label!r}"
        try:
            if kind == "slider":
                await self.press_slider(label)
            elif kind == "select":
                await self.pick_option(label)
            else:
                raise ValueError(f"unknown control kind {kind!r}")
            await self.page.wait_for_function(
                "q => window.__ov.done(q)", arg=QUIET_MS, polling=100, timeout=self.args.interaction_timeout * 1000
            )
            result = await self.page.evaluate("() => window.__ov.result()")
            ms = result["ms"]
            self.results.still_drawing += bool(result["capped"])
            self.watch_frames = False
        except Exception as e:  # noqa: BLE001 - a timeout or a vanished control is one counted error
            kind_of_error = "timeout" if isinstance(e, PlaywrightTimeout | TimeoutError) else "interaction failed"
            self.results.error(kind_of_error, self.i, f"{name}: {str(e).splitlines()[0]}")
            if self.args.screenshots:
                self.args.screenshots.mkdir(parents=True, exist_ok=True)
                shot = self.args.screenshots / f"session{self.i}-{self.token}.png"
                with contextlib.suppress(Exception):
                    await self.page.screenshot(path=str(shot), full_page=True)
            await self.settle()
            return
        self.results.latencies.setdefault(name, []).append(ms / 1000.0)
        if self.round_trip is not None:
            self.results.server_round_trips.append(self.round_trip)

    async def press_slider(self, label: str) -> None:
        """One arrow key on the slider, moving away from the end it has reached."""
        # Streamlit names a slider by its label twice ("Steps Steps": aria-labelledby lists the input too).
        name = re.compile(rf"^{re.escape(label)}(?: {re.escape(label)})?$")
        slider = self.page.get_by_role("slider", name=name).first
        state = await slider.evaluate("e => ({value: +e.value, min: +e.min, max: +e.max})")
        direction = self.direction.get(label, 1)
        if state["value"] >= state["max"]:
            direction = -1
        elif state["value"] <= state["min"]:
            direction = 1
        self.direction[label] = direction
        await slider.focus()
        await self.arm()
        await slider.press("ArrowRight" if direction > 0 else "ArrowLeft")

    async def pick_option(self, label: str) -> None:
        """Open the select box and click the option after the current one (cyclically). If no rerun
        starts within 5 s (the click picked the option already shown, which can happen when the box's
        text was not readable), pick the option after that one instead: a harness retry, not an error."""
        box = self.page.get_by_role("combobox", name=label, exact=True).first
        current = await box.input_value()
        for attempt in range(2):
            options = await self.open_menu(box, label)
            names = [n.strip() for n in await options.all_inner_texts()]
            if len(names) < 2:
                raise RuntimeError(f"select box {label!r} shows {len(names)} option(s)")
            index = names.index(current) if current in names else attempt
            target = names[(index + 1) % len(names)]
            await self.arm()
            await options.filter(has_text=re.compile(rf"^\s*{re.escape(target)}\s*$")).first.click()
            if attempt == 0:
                try:
                    await self.page.wait_for_function("() => window.__ov.sawRunning", polling=100, timeout=5000)
                    return
                except PlaywrightTimeout:
                    self.results.menu_retries += 1
                    current = target

    async def open_menu(self, box, label: str):
        """Click the select box until its options show. Now and then (seen after surface changes, with a
        single session too) a click leaves the menu closed. Opening the menu is not part of the measured
        change, so the harness clicks again and counts a retry, not an error."""
        options = self.page.get_by_role("option")
        for attempt in range(3):
            if attempt:
                self.results.menu_retries += 1
                await self.page.keyboard.press("Escape")
            await box.click()
            try:
                await options.first.wait_for(timeout=self.args.interaction_timeout * 1000 / 3)
                return options
            except PlaywrightTimeout:
                continue
        raise PlaywrightTimeout(f"the options of {label!r} did not show after 3 clicks")

    async def settle(self) -> None:
        """After a failed interaction: close any open menu and wait for the app to be idle again."""
        try:
            await self.page.keyboard.press("Escape")
            await self.page.wait_for_selector(IDLE, timeout=self.args.interaction_timeout * 1000)
        except Exception:  # noqa: BLE001 - the error is already counted
            pass

    async def check_page(self) -> None:
        try:
            status = await self.page.evaluate("() => window.__ov.status()")
        except Exception as e:  # noqa: BLE001
            self.results.error("page unreachable", self.i, repr(e))
            return
        if status["exceptions"]:
            self.results.error("exception element", self.i, f"{status['exceptions']} stException element(s)")
        if status["connectionError"]:
            self.results.error("connection error", self.i, "'Connection error' shown")


async def sample(pids: list[int], peaks: dict[int, float], niceness: int, stop: asyncio.Event) -> None:
    """Every half second: the servers' peak RSS; the niceness of new renderer processes and threads."""
    while not stop.is_set():
        for pid in pids:
            value = rss_mb(pid)
            if value is not None:
                peaks[pid] = max(peaks.get(pid, 0.0), value)
        if niceness:
            renice_renderers(os.getpid(), set(pids), niceness)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=0.5)


async def run_sessions(args: argparse.Namespace, pids: list[int]) -> tuple[Results, dict]:
    from playwright.async_api import async_playwright

    results = Results()
    peaks: dict[int, float] = {}
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample(pids, peaks, args.browser_nice, stop))
    # when → (time, [server CPU-s], {harness or browser PID: CPU-s}, machine busy CPU-s)
    marks: dict[str, tuple[float, list, dict, float]] = {}

    def mark(name: str) -> None:
        if name not in marks:
            cpu = [cpu_seconds(pid) for pid in pids]
            ours = process_tree_cpu(os.getpid(), set(pids))
            ours[os.getpid()] = cpu_seconds(os.getpid()) or 0.0
            marks[name] = (time.monotonic(), cpu, ours, machine_busy_seconds())

    mark("start")
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            window = Window(
                args.sessions, args.duration, args.load_concurrency, lambda: mark("open"), lambda: mark("close")
            )
            sessions = [Session(i, browser, args, results, window) for i in range(args.sessions)]
            # A hard bound on top of the per-step timeouts: the test always stops by itself.
            ramp = args.sessions * max(args.stagger, args.load_timeout / args.load_concurrency)
            hard_limit = ramp + args.duration + args.interaction_timeout + 60
            try:
                outcomes = await asyncio.wait_for(
                    asyncio.gather(*(s.run() for s in sessions), return_exceptions=True), timeout=hard_limit
                )
            except TimeoutError:
                outcomes = []
                results.error("test overran", -1, f"sessions still running after {hard_limit:.0f} s")
            for session, outcome in zip(sessions, outcomes):
                if isinstance(outcome, BaseException):
                    results.error("session crashed", session.i, repr(outcome))
            version = browser.version
        finally:
            mark("close")  # when the window never opened or closed: now
            await browser.close()
    stop.set()
    await sampler
    if "open" not in marks:
        marks["open"] = marks["close"]
    (t0, *_), (t1, s1, b1, m1), (t2, s2, b2, m2) = marks["start"], marks["open"], marks["close"]
    run = {"ramp": t1 - t0, "elapsed": time.monotonic() - t0, "window": t2 - t1, "peaks": peaks, "browser": version}
    readable = pids and None not in s1 + s2
    run["server_cpu"] = sum(b - a for a, b in zip(s1, s2)) if readable else None
    run["browser_cpu"] = sum(cpu - b1.get(pid, 0.0) for pid, cpu in b2.items())
    run["other_cpu"] = max(0.0, (m2 - m1) - run["browser_cpu"] - (run["server_cpu"] or 0.0))
    return results, run


# --------------------------------------------------------------------------------------------------
# Report


def machine_summary() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cores = len(os.sched_getaffinity(0))
    cpu = f" ({model})" if model else ""
    return f"{cores} cores{cpu}, {mem_gb:.0f} GiB RAM, {platform.system()} {platform.release()}"


def fmt_mb(values: list[float | None]) -> str:
    if not values or any(v is None for v in values):
        return "n/a"
    parts = [f"{v:.0f}" for v in values]
    return (" + ".join(parts) + f" = {sum(values):.0f}") if len(values) > 1 else parts[0]


def build_report(args: argparse.Namespace, results: Results, m: dict) -> str:
    lat, rtt = results.all_latencies, sorted(results.server_round_trips)
    loads = sorted(results.load_times)
    n_int, window = len(lat), max(m["window"], 1e-9)
    server_cpu = (
        f"{m['server_cpu']:.0f} CPU-s = {m['server_cpu'] / window:.2f} cores on average, "
        f"{1000 * m['server_cpu'] / max(n_int, 1):.0f} CPU-ms per interaction"
        if m["server_cpu"] is not None
        else "n/a"
    )
    lines = [
        f"### {args.label}",
        "",
        f"{dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}; machine: {machine_summary()}; "
        f"target: `{args.page_url}`; Streamlit {streamlit_version()}, Chromium {m['browser']}.",
        "",
        "| metric | value |",
        "|---|---|",
        f"| sessions (browser contexts in one Chromium) | {args.sessions} ({results.sessions_loaded} loaded) |",
        f"| duration | {m['window']:.0f} s measured with every session live (`--duration {args.duration:g}`), "
        f"after {m['ramp']:.0f} s of first page loads ({args.load_concurrency} at a time); "
        f"{m['elapsed']:.0f} s in all |",
        f"| interactions (control change → redraw) | {n_int} ({n_int / window:.1f}/s; "
        f"think time {args.think * 0.5:g}–{args.think * 1.5:g} s) |",
        f"| **errors** | **{m['errors']}** |",
        f"| latency p50 | {percentile(lat, 50):.2f} s |",
        f"| latency p95 | {percentile(lat, 95):.2f} s |",
        f"| latency max | {percentile(lat, 100):.2f} s |",
        f"| of which server round trip (rerun request → script finished), p50 / p95 | "
        f"{percentile(rtt, 50):.2f} s / {percentile(rtt, 95):.2f} s ({len(rtt)} measured) |",
        f"| first page load p50 / max | {percentile(loads, 50):.1f} s / {percentile(loads, 100):.1f} s |",
        f"| server RSS before (MB) | {fmt_mb(m['rss_before'])} |",
        f"| server RSS peak during (MB) | {fmt_mb(m['rss_peak'])} |",
        f"| server RSS after (MB) | {fmt_mb(m['rss_after'])} |",
        f"| server CPU in the window | {server_cpu} |",
        f"| browsers' CPU in the window (Chromium, renderers at nice {args.browser_nice}, and this harness) | "
        f"{m['browser_cpu']:.0f} CPU-s = {m['browser_cpu'] / window:.2f} cores on average |",
        f"| other processes on the machine in the window | {m['other_cpu'] / window:.2f} cores on average |",
        "",
    ]
    if results.latencies:
        lines += ["| control | interactions | p50 | p95 | max |", "|---|---|---|---|---|"]
        for name, values in sorted(results.latencies.items()):
            v = sorted(values)
            p50, p95 = percentile(v, 50), percentile(v, 95)
            lines.append(f"| {name} | {len(v)} | {p50:.2f} s | {p95:.2f} s | {v[-1]:.2f} s |")
        lines.append("")
    if results.errors:
        lines.append("Errors by kind: " + ", ".join(f"{k}: {n}" for k, n in sorted(results.errors.items())) + ".")
        lines += ["", "```", *results.error_samples, "```", ""]
    if results.still_drawing:
        lines += [
            f"Not counted as errors: after {results.still_drawing} interaction(s) a chart was still changing 5 s after "
            "the rerun had finished (Plotly redrawing again and again); the latency counts up to those 5 s.",
            "",
        ]
    if results.menu_retries:
        lines += [
            f"Not counted as errors: {results.menu_retries} select-box pick(s) retried by the harness (a menu that did "
            "not open on the first click, or a click that started no rerun within 5 s; the measured change is the "
            "retry).",
            "",
        ]
    if results.blocked:
        hosts = ", ".join(f"`{h}` ({n})" for h, n in results.blocked.most_common())
        lines += [
            f"Not counted as errors, but worth fixing: the page asked for resources on other hosts, which this "
            f"test blocks (loopback only) and an offline classroom would not reach either: {hosts}.",
            "",
        ]
    if results.base_path_probes:
        lines += [
            f"Not counted as errors: {results.base_path_probes} console 404s from Streamlit's own base-path probe "
            "of the deep link (`<page>/_stcore/health`, `<page>/_stcore/host-config`).",
            "",
        ]
    return "\n".join(lines)


def streamlit_version() -> str:
    try:
        from importlib.metadata import version

        return version("streamlit")
    except Exception:  # noqa: BLE001
        return "?"


DOC_HEADER = """# Load test

Produced by `make loadtest` (one server) and `make sticky-demo` (two replicas behind nginx with cookie
stickiness); each run replaces its own section below. Method, latency definition and error rules:
the docstring of `loadtest/run_loadtest.py`. All traffic stays on 127.0.0.1.

How to read the numbers: the browsers run on the same 2 cores as the server. Drawing the playground
after a change costs a browser roughly ten times the CPU the server spends on it, so on this machine
the key press → redraw latency is mostly the twenty renderers waiting for CPU (their CPU share is in
the table). The server's CPU per interaction and its memory describe the server itself; the server
round trip (rerun request → script finished, from the browser's network timestamps) leaves out the
renderers' drawing but, when they fall far behind, also absorbs the websocket back-pressure of pages
that read slowly. "Other processes" is load on the machine that is not part of the test.
"""


def write_section(doc: Path, section: str, body: str) -> None:
    """Replace the section between this run's markers in `doc` (append it the first time)."""
    begin, end = f"<!-- loadtest:{section}:begin -->", f"<!-- loadtest:{section}:end -->"
    block = f"{begin}\n{body.rstrip()}\n{end}\n"
    text = doc.read_text() if doc.exists() else DOC_HEADER
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + block + rest.split(end, 1)[1].lstrip("\n")
    else:
        text = text.rstrip("\n") + "\n\n" + block
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(text)


# --------------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--sessions", type=int, default=20, help="concurrent browser contexts (default 20)")
    p.add_argument("--duration", type=float, default=60.0, help="seconds with every session live (default 60)")
    p.add_argument("--load-concurrency", type=int, default=2, help="first page loads at a time (default 2)")
    p.add_argument("--stagger", type=float, default=0.5, help="minimum seconds between session starts (0.5)")
    p.add_argument("--think", type=float, default=30.0, help="mean pause between interactions, s (default 30)")
    p.add_argument("--url", help="test this server (loopback only) instead of starting one")
    p.add_argument("--path", default="/", help="page path (default /: the playground is the default page)")
    p.add_argument("--chart-key", default="contour_chart", help="key of the chart that must redraw ('': any)")
    p.add_argument("--app", default="app.py", help="Streamlit script of the server started here (default app.py)")
    p.add_argument("--server-pid", type=int, action="append", default=[], help="with --url: PIDs to measure")
    p.add_argument("--server-log", type=Path, action="append", default=[], help="with --url: logs to scan")
    p.add_argument("--load-timeout", type=float, default=90.0, help="seconds for a first page load (default 90)")
    p.add_argument("--interaction-timeout", type=float, default=120.0, help="seconds per redraw (default 120)")
    p.add_argument("--browser-nice", type=int, default=5, help="niceness of Chromium's renderers (default 5)")
    p.add_argument("--seed", type=int, default=0, help="seed of the per-session control order")
    p.add_argument("--label", default="One server", help="heading of the report section")
    p.add_argument("--section", default="single", help="section of docs/loadtest.md to replace")
    p.add_argument("--doc", type=Path, default=DOC, help="markdown file to update (default docs/loadtest.md)")
    p.add_argument("--no-doc", action="store_true", help="do not update the markdown file")
    p.add_argument("--report", type=Path, help="also write the report section alone to this file")
    p.add_argument("--screenshots", type=Path, help="save a screenshot of each failed interaction here")
    p.add_argument("--json", type=Path, help="write the raw numbers as JSON to this file")
    args = p.parse_args(argv)
    scope = f".st-key-{args.chart_key} " if args.chart_key else ""
    args.chart = f'{scope}[data-testid="stPlotlyChart"] .js-plotly-plot'
    if min(args.sessions, args.load_concurrency) < 1 or args.duration <= 0:
        p.error("--sessions and --load-concurrency must be ≥ 1, --duration > 0")
    if min(args.stagger, args.think, args.browser_nice) < 0:
        p.error("--stagger, --think and --browser-nice must be ≥ 0")
    if args.url:
        host = urllib.parse.urlsplit(args.url).hostname or ""
        if not is_loopback(host):
            p.error(f"--url must point at the loopback interface (127.0.0.0/8, localhost, ::1), not {host!r}")
    return args


def measure(args: argparse.Namespace, pids: list[int], logs: list[Path]) -> tuple[Results, dict]:
    """Run the sessions against args.page_url; read the servers' memory, CPU and logs around them."""
    log_offsets = {log: (log.stat().st_size if log.exists() else 0) for log in logs}
    rss_before = [rss_mb(pid) for pid in pids]
    print(
        f"load test: {args.sessions} sessions on {args.page_url}: first page loads {args.load_concurrency} at a "
        f"time, then {args.duration:g} s with all of them live; server RSS before: {fmt_mb(rss_before)} MB",
        flush=True,
    )
    results, m = asyncio.run(run_sessions(args, pids))
    time.sleep(3)  # let the servers notice the closed sessions before the "after" reading
    m["rss_before"], m["rss_after"] = rss_before, [rss_mb(pid) for pid in pids]
    m["rss_peak"] = [m["peaks"].get(pid) for pid in pids]
    for pid, rss in zip(pids, m["rss_after"]):
        if rss is None:
            results.error("server died", -1, f"PID {pid} is gone")
    for log, offset in log_offsets.items():
        for line in server_log_errors(log, offset):
            results.error("server log", -1, f"{log.name}: {line}")
    if not results.all_latencies:
        results.error("no interaction measured", -1, "not a single control change completed")
    m["errors"] = sum(results.errors.values())
    return results, m


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: apt-get install -y chromium", file=sys.stderr)
        return 2
    server = None
    try:
        if args.url:
            base, pids, logs = args.url.rstrip("/"), list(args.server_pid), list(args.server_log)
        else:
            server = StreamlitServer(args.app)
            server.wait_ready()
            base, pids, logs = server.url, [server.proc.pid], [server.log]
        wait_healthy(base, 30)
        args.page_url = base + "/" + args.path.lstrip("/")
        path = urllib.parse.urlsplit(args.page_url).path.rstrip("/")
        args.probe_suffixes = (f"{path}/_stcore/health", f"{path}/_stcore/host-config") if path else ("\0",)
        results, m = measure(args, pids, logs)
        report = build_report(args, results, m)
        print("\n" + report)
        if not args.no_doc:
            write_section(args.doc, args.section, report)
            print(f"updated {args.doc}")
        if args.report:
            args.report.write_text(report + "\n")
        if args.json:
            lat = results.all_latencies
            summary = {
                "sessions": args.sessions,
                "sessions_loaded": results.sessions_loaded,
                "duration": args.duration,
                "interactions": len(lat),
                "errors": m["errors"],
                "errors_by_kind": dict(results.errors),
                "p50": percentile(lat, 50),
                "p95": percentile(lat, 95),
                "max": percentile(lat, 100),
                "rss_before_mb": m["rss_before"],
                "rss_peak_mb": m["rss_peak"],
                "rss_after_mb": m["rss_after"],
                "server_cpu_s": m["server_cpu"],
                "browser_cpu_s": m["browser_cpu"],
                "elapsed_s": m["elapsed"],
            }
            args.json.write_text(json.dumps(summary, indent=2) + "\n")
        return 0 if m["errors"] == 0 and results.sessions_loaded == args.sessions else 1
    finally:
        if server is not None:
            server.stop()
            server.log.unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(main())
