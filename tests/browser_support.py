"""Shared pieces for the real-browser tests (Playwright + Debian's Chromium).

Import it from a browser test module (``tests/`` is on ``sys.path`` under pytest)::

    import browser_support as bs

    pytestmark = bs.BROWSER_MARKS
    server = bs.server_fixture("my_page")  # one Streamlit server for the module; yields its base URL


    @pytest.fixture(scope="session")
    def browser_type_launch_args(browser_type_launch_args):
        return bs.launch_args(browser_type_launch_args)  # Debian's Chromium, or a clear failure in CI

Then use pytest-playwright's ``browser`` fixture (one Chromium for the whole session, shared with the
other browser modules), ``bs.new_context(browser)`` and ``bs.new_page(context)``.

Without /usr/bin/chromium (or pytest-playwright) the tests are skipped, unless
``OPTIM_VIZ_REQUIRE_BROWSER=1`` (CI), where they fail with a message saying what is missing.
Never run ``playwright install``: the bundled browser builds cannot be downloaded here.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path(os.environ.get("OPTIM_VIZ_CHROMIUM", "/usr/bin/chromium"))  # the env var: another build
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REQUIRED = os.environ.get("OPTIM_VIZ_REQUIRE_BROWSER") == "1"

FIRST_LOAD_MS = 60_000  # a cold server on a loaded 2-core machine imports numpy, sympy, plotly…
STEP_MS = 30_000  # any later wait (a rerun, a redraw)
HEALTH_S = 30

READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
RUNNING = '[data-testid="stApp"][data-test-script-state="running"]'


# --------------------------------------------------------------------------------------
# Is there a browser?


def browser_problem() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install -y chromium; never `playwright install`)"
    if importlib.util.find_spec("pytest_playwright") is None:
        return "pytest-playwright is not installed (pip install -r requirements-dev.txt)"
    return None


_PROBLEM = browser_problem()
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        _PROBLEM is not None and not REQUIRED,
        reason=f"{_PROBLEM}; set OPTIM_VIZ_REQUIRE_BROWSER=1 to make this a failure",
    ),
]


def launch_args(base: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's launch options, pointed at Debian's Chromium. Fails loudly in CI when absent."""
    problem = browser_problem()
    if problem is not None:
        pytest.fail(f"OPTIM_VIZ_REQUIRE_BROWSER=1 but the browser tests cannot run: {problem}", pytrace=False)
    return {**base, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


# --------------------------------------------------------------------------------------
# The server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(app: str = "app.py", log_name: str = "server") -> Iterator[str]:
    """``streamlit run app`` on a free port until the block ends; yields the base URL.

    The server's output goes to test-artifacts/<log_name>.log (read it when a test fails).
    """
    ARTIFACTS.mkdir(exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = ARTIFACTS / f"{log_name}.log"
    cmd = [sys.executable, "-m", "streamlit", "run", app, "--server.headless=true", "--server.address=127.0.0.1",
           f"--server.port={port}", "--browser.gatherUsageStats=false", "--server.fileWatcherType=none"]  # fmt: skip
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + HEALTH_S
            while True:
                if proc.poll() is not None:
                    pytest.fail(f"streamlit exited with code {proc.returncode} before it was healthy:\n"
                                f"{log_path.read_text()[-2000:]}", pytrace=False)  # fmt: skip
                try:
                    with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                        if r.read() == b"ok":
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"streamlit was not healthy within {HEALTH_S} s (log: {log_path})", pytrace=False)
                time.sleep(0.25)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def server_fixture(log_name: str, app: str = "app.py", scope: str = "module"):
    """A pytest fixture running one server for the module (or ``scope``); yields its base URL."""

    @pytest.fixture(scope=scope)
    def server() -> Iterator[str]:
        with streamlit_server(app, log_name) as base:
            yield base

    return server


# --------------------------------------------------------------------------------------
# Pages


class Traffic:
    """What a page sends on Streamlit's websocket: every rerun request is a frame sent by the browser."""

    def __init__(self) -> None:
        self.sent: list[float] = []

    def attach(self, page) -> None:
        def on_ws(ws) -> None:
            if "/_stcore/stream" in ws.url:
                ws.on("framesent", lambda _payload: self.sent.append(time.monotonic()))

        page.on("websocket", on_ws)


def new_context(browser, width: int = 1400, height: int = 1600):
    """A browser context (own cookies, storage and cache) with the suite's timeouts.

    Pages of one context share the HTTP and compiled-code caches: the app's JavaScript compiles
    once instead of on every load (a cold load costs Chromium ~6 CPU-seconds, a warm one ~2), while
    each page is still its own Streamlit session. Use a new context where "a fresh browser" matters.
    """
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(STEP_MS)
    return context


def new_page(context, width: int | None = None, height: int | None = None):
    """A page (its own Streamlit session) that records its websocket traffic, JS dialogs and uncaught
    errors as ``page.traffic``, ``page.dialogs`` and ``page.errors``."""
    page = context.new_page()
    if width or height:
        size = page.viewport_size or {"width": 1400, "height": 1600}
        page.set_viewport_size({"width": width or size["width"], "height": height or size["height"]})
    page.traffic = Traffic()
    page.traffic.attach(page)
    page.dialogs = []
    page.errors = []

    def on_dialog(dialog) -> None:
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda err: page.errors.append(str(err)))
    return page


def chart_selector(key: str) -> str:
    """Every plotly node of the chart with this Streamlit key (two may coexist during a rerun)."""
    return f".st-key-{key} .js-plotly-plot"


def wait_idle(page, timeout: float = STEP_MS) -> None:
    page.wait_for_selector(READY, timeout=timeout)


def wait_ready(page, chart_key: str, timeout: float = FIRST_LOAD_MS) -> None:
    """The chart is drawn, the script has finished, and only one plotly node is left for the chart."""
    page.wait_for_selector(f"{chart_selector(chart_key)} .main-svg", timeout=timeout)
    wait_idle(page, timeout)
    wait_single(page, chart_key, timeout)


def wait_single(page, chart_key: str, timeout: float = STEP_MS) -> None:
    page.wait_for_function(
        "sel => document.querySelectorAll(sel).length === 1",
        arg=chart_selector(chart_key),
        timeout=timeout,
    )


def goto_ready(page, url: str, chart_key: str) -> float:
    """Open ``url`` and wait until ``chart_key`` is drawn and idle; returns the seconds it took."""
    t0 = time.perf_counter()
    page.goto(url, timeout=FIRST_LOAD_MS)
    wait_ready(page, chart_key)
    return time.perf_counter() - t0


_TRACES_JS = """
sel => {
  const nodes = document.querySelectorAll(sel);
  const gd = nodes[nodes.length - 1];
  if (!gd || !gd._fullData) return null;
  const arr = v => (v == null ? null : Array.from(v, x => (Number.isFinite(x) ? x : null)));
  return gd._fullData.map(t => ({name: t.name, meta: t.meta ?? null, type: t.type, mode: t.mode || null,
                                 x: arr(t.x), y: arr(t.y)}));
}
"""


def traces(page, chart_key: str) -> list[dict]:
    """Each trace of the chart as Plotly drew it: name, meta, type, mode and the decoded x/y arrays."""
    out = page.evaluate(_TRACES_JS, chart_selector(chart_key))
    assert out is not None, f"no plotly chart with key {chart_key!r} on the page"
    return out


def trace_names(page, chart_key: str) -> list[str]:
    return [t["name"] for t in traces(page, chart_key)]


def query(page) -> dict[str, list[str]]:
    """The page's current query parameters (every value of repeated keys, in order)."""
    return page.evaluate(
        "() => { const q = new URLSearchParams(location.search); const out = {};"
        " for (const [k, v] of q) (out[k] = out[k] || []).push(v); return out; }"
    )


def query_of(url: str) -> dict[str, list[str]]:
    """A URL's query parameters, as ``query`` reads them from a page."""
    from urllib.parse import parse_qs, urlparse

    return {k: v for k, v in parse_qs(urlparse(url).query, keep_blank_values=True).items()}


def wait_query(page, key: str, value: str, timeout: float = STEP_MS) -> None:
    """Wait until the URL holds ``key=value`` (one of its values, for repeated keys)."""
    page.wait_for_function(
        "([k, v]) => new URLSearchParams(location.search).getAll(k).includes(v)",
        arg=[key, value],
        timeout=timeout,
    )


def screenshot(page_or_locator, name: str) -> Path:
    """Save test-artifacts/<name>.png (look at them: what a person sees is the product)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page_or_locator.screenshot(path=str(path), animations="disabled")
    return path


def watch_script_state(page) -> None:
    """Record every change of the app's script state from now on (read with ``script_states``)."""
    page.evaluate(
        """() => {
          const app = document.querySelector('[data-testid="stApp"]');
          window.__scriptStates = [];
          new MutationObserver(() => window.__scriptStates.push(app.getAttribute('data-test-script-state')))
            .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
        }"""
    )


def script_states(page) -> list[str]:
    return page.evaluate("() => window.__scriptStates || []")
