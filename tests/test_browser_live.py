"""The live control in a real browser (Playwright + Debian's Chromium): holding an arrow key or
dragging the pointer on it redraws run 1's path many times with no message to the server; letting
go sends the value once, the link carries it and a fresh browser reproduces the view; the family
the browser draws agrees with the run the server draws at the same value; it is a slider to
assistive technology (role, name, value text, arrow keys, Page Up/Down, Home/End).

Functional, not timed (the frame rate is measured by benchmarks/bench_browser.py).
Skipped without /usr/bin/chromium, unless OPTIM_VIZ_REQUIRE_BROWSER=1 (CI): then it fails.
"""

from __future__ import annotations

import time

import browser_support as bs
import pytest

from optim_viz.core.optimizers import OPTIMIZERS
from optim_viz.render.contour import path_name
from optim_viz.state import playground as C
from optim_viz.state import values as V

pytestmark = bs.BROWSER_MARKS

CONTOUR = "contour_chart"
LIVE = "live_control"
LR = "Learning rate η (lr)"
LR_GRID = V.hparam_grid(OPTIMIZERS["sgd"].hparam("lr"))

server = bs.server_fixture("live_server")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return bs.launch_args(browser_type_launch_args)


# Counted in the page itself, as the app calls send(): the browser reports websocket frames to the
# test asynchronously, sometimes after the page has already moved on.
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


@pytest.fixture
def page(browser):
    context = bs.new_context(browser)
    context.add_init_script(_COUNT_SENDS)
    p = bs.new_page(context)
    yield p
    problems = [f"dialog: {m}" for m in p.dialogs] + [f"page error: {e}" for e in p.errors]
    context.close()
    assert not problems, problems


_ROOT = """
() => {
  const host = document.querySelector('.st-key-live_control');
  const shadow = host && [...host.querySelectorAll('*')].map(e => e.shadowRoot).find(Boolean);
  return shadow ? shadow.querySelector('[data-live-root]') : null;
}
"""

_STATE_JS = f"""
() => {{
  const root = ({_ROOT})();
  if (!root) return null;
  const s = root.querySelector('input[type=range]');
  return {{draws: Number(root.getAttribute('data-draws') || 0), index: Number(s.value),
           valuetext: s.getAttribute('aria-valuetext'), label: s.getAttribute('aria-label'),
           metrics: root.querySelector('.metrics').textContent,
           overlay: document.querySelectorAll('canvas.optim-viz-live-overlay').length}};
}}
"""

# The member the slider shows, as the browser decoded it from the family, and run 1's path as
# Plotly draws it from the server's figure.
_MEMBER_JS = f"""
i => {{
  const live = ({_ROOT})().__live;
  const m = live.member(i);
  return {{value: live.fam.values[i], path: Array.from(m.path), stride: live.fam.stride}};
}}
"""


def live_state(page) -> dict:
    state = page.evaluate(_STATE_JS)
    assert state is not None, "the live control is not on the page"
    return state


def open_playground(page, url: str) -> None:
    bs.goto_ready(page, url, CONTOUR)
    page.wait_for_function(f"() => ({_ROOT})() && !({_ROOT})().hidden")


def live_slider(page):
    return page.locator(f".st-key-{LIVE}").get_by_role("slider", name=LR)


def hold(page, key: str, seconds: float, every: float = 0.03) -> None:
    """Hold a key down: the first keydown, then auto-repeated keydowns (as an OS does); no keyup."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        page.keyboard.down(key)  # a key already down repeats (KeyboardEvent.repeat)
        time.sleep(every)


def test_holding_an_arrow_key_redraws_live_then_sends_the_value_once(server, browser, page):
    open_playground(page, server + "/")
    start = live_state(page)
    assert start["label"] == LR and start["valuetext"] == "0.019"
    before_path = next(t for t in bs.traces(page, CONTOUR) if t["meta"] == path_name(0))
    live_slider(page).focus()
    bs.watch_script_state(page)
    sent, frames = ws_sent(page), len(page.traffic.sent)

    hold(page, "ArrowLeft", 1.0)
    time.sleep(1.0)  # still held, without repeats: longer than the debounce, and frames reported late arrive
    during = live_state(page)
    assert ws_sent(page) == sent and len(page.traffic.sent) == frames  # nothing went to the server
    assert "running" not in bs.script_states(page)
    assert during["draws"] - start["draws"] >= 10  # the path was redrawn many times
    assert during["index"] < start["index"] - 5 and during["overlay"] == 2  # over the contour and the loss chart
    assert during["valuetext"] != "0.019" and during["valuetext"] in during["metrics"]
    bs.screenshot(page, "live_1_while_holding")

    value = during["valuetext"]
    page.keyboard.up("ArrowLeft")
    bs.wait_query(page, "run", f"sgd(lr={value})")  # let go: the value reaches the page state and the link
    assert ws_sent(page) - sent == 1  # one message: the value
    page.wait_for_function(
        "([sel, name]) => [...document.querySelectorAll(sel)].some(gd => gd.data.some(t => t.name === name))",
        arg=[bs.chart_selector(CONTOUR), C.run_label(0, C.RunConfig.make("sgd", {"lr": float(value)}))],
    )
    bs.wait_idle(page)
    bs.wait_single(page, CONTOUR)
    page.wait_for_function("() => !document.querySelector('canvas.optim-viz-live-overlay')")  # the overlay gave way
    after_path = next(t for t in bs.traces(page, CONTOUR) if t["meta"] == path_name(0))
    assert after_path["x"] != before_path["x"]
    assert page.get_by_role("slider", name=LR).first.get_attribute("aria-valuetext") == value  # the sidebar's
    bs.screenshot(page, "live_2_after_release")

    # The family member the browser drew equals the run the server draws at that value (float32).
    member = page.evaluate(_MEMBER_JS, live_state(page)["index"])
    assert V.format_number(member["value"]) == value and member["stride"] == 1
    xs, ys = member["path"][0::2], member["path"][1::2]
    assert xs == pytest.approx(after_path["x"], rel=1e-6, abs=1e-6)
    assert ys == pytest.approx(after_path["y"], rel=1e-6, abs=1e-6)

    # A fresh browser opening the link sees the same value and the same path.
    url = page.url
    fresh_context = bs.new_context(browser)
    fresh = bs.new_page(fresh_context)
    try:
        open_playground(fresh, url)
        assert fresh.get_by_role("slider", name=LR).first.get_attribute("aria-valuetext") == value
        assert live_state(fresh)["valuetext"] == value
        again = next(t for t in bs.traces(fresh, CONTOUR) if t["meta"] == path_name(0))
        assert (again["x"], again["y"]) == (after_path["x"], after_path["y"])
        assert not fresh.errors
    finally:
        fresh_context.close()


def test_dragging_with_the_pointer_redraws_without_a_round_trip(server, page):
    open_playground(page, server + "/")
    box = live_slider(page).bounding_box()
    if box is None or box["width"] < 20:  # the native input is the visible track here
        pytest.fail(f"the live slider has no usable track: {box}")
    start = live_state(page)
    y = box["y"] + box["height"] / 2
    x0 = box["x"] + box["width"] * (start["index"] + 0.5) / (len(LR_GRID) // 2 + 2)
    sent = ws_sent(page)
    page.mouse.move(x0, y)
    page.mouse.down()
    for k in range(1, 25):
        page.mouse.move(x0 - k * box["width"] / 80, y)
        time.sleep(0.02)
    time.sleep(0.8)  # the button still down, longer than the debounce
    during = live_state(page)
    assert ws_sent(page) == sent  # still held: nothing sent
    assert during["draws"] - start["draws"] >= 5 and during["index"] < start["index"]
    page.mouse.up()
    bs.wait_query(page, "run", f"sgd(lr={during['valuetext']})")
    assert ws_sent(page) - sent == 1


def settle(page) -> None:
    """Past the debounce, and the rerun the released value started (if any) is over."""
    time.sleep(0.6)
    bs.wait_idle(page)


def values(page) -> list[float]:
    return page.evaluate(f"() => ({_ROOT})().__live.fam.values")


def test_the_live_control_is_a_slider_to_assistive_technology(server, page):
    open_playground(page, server + "/")
    slider = live_slider(page)
    slider.focus()
    fmt = V.format_number
    s0, vals = live_state(page), values(page)
    slider.press("ArrowRight")
    assert live_state(page)["valuetext"] == fmt(vals[s0["index"] + 1])
    settle(page)
    s1, vals = live_state(page), values(page)
    slider.press("PageDown")
    s2 = live_state(page)
    assert s2["valuetext"] == fmt(vals[s1["index"] - max(1, round(len(vals) / 10))])
    settle(page)
    slider.press("Home")
    assert live_state(page)["valuetext"] == fmt(LR_GRID[0])
    settle(page)
    slider.press("End")
    assert live_state(page)["valuetext"] == fmt(LR_GRID[-1])
    assert "diverged at step" in live_state(page)["metrics"]  # lr = 10 on the ravine
    bs.wait_query(page, "run", "sgd(lr=10)")
    settle(page)
    # Switching to run 2's momentum swaps the family; the slider names the new hyperparameter.
    page.locator(".st-key-live_choice").click()
    page.get_by_role("option", name="Run 2: μ (momentum)").click()
    # (the component is remounted by the rerun: it can be missing for a moment)
    page.wait_for_function(f"() => ({_ROOT})()?.querySelector('input')?.getAttribute('aria-label') === 'μ (momentum)'")
    assert live_state(page)["valuetext"] == "0.9"
    bs.screenshot(page, "live_3_momentum")
