"""The playground in a real browser (Playwright + Debian's Chromium): it loads and draws, a key press
on the learning rate redraws, a click on the contour moves the start, Play animates in the browser
without a rerun, a copied link reproduces the view, the classroom flag hides the controls, and a
tampered link shows notices and still draws. Screenshots go to test-artifacts/playground_*.png.

Skipped without /usr/bin/chromium, unless OPTIM_VIZ_REQUIRE_BROWSER=1 (CI): then it fails.
"""

from __future__ import annotations

import statistics
import time
from urllib.parse import quote

import browser_support as bs
import pytest

from optim_viz.core.optimizers import OPTIMIZERS
from optim_viz.render import theme
from optim_viz.render.contour import path_name
from optim_viz.state import playground as C
from optim_viz.state import values as V

pytestmark = bs.BROWSER_MARKS

CONTOUR = "contour_chart"
LOSS = "loss_chart"
DISTANCE = "distance_chart"
LR = "Learning rate η (lr)"
DEFAULT_NAMES = [C.run_label(i, r) for i, r in enumerate(C.DEFAULT_RUNS)]
PATHS = [1 + i for i in range(len(C.DEFAULT_RUNS))]  # after the colour bar (checked below)

server = bs.server_fixture("playground_server")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return bs.launch_args(browser_type_launch_args)


@pytest.fixture(scope="module")
def shared_context(browser):
    """One context for the module's pages: each page is its own Streamlit session, and the app's
    JavaScript is compiled once instead of on every load."""
    ctx = bs.new_context(browser)
    yield ctx
    ctx.close()


@pytest.fixture
def open_page(browser, shared_context):
    """Pages for one test, closed after it; the test fails on JS dialogs or unexpected page errors.
    ``open_page(fresh=True)`` opens the page in a new context (no shared cookies, storage or cache)."""
    pages = []

    def make(fresh: bool = False, **viewport):
        page = bs.new_page(bs.new_context(browser) if fresh else shared_context, **viewport)
        page.fresh = fresh
        pages.append(page)
        return page

    yield make
    problems = []
    for page in pages:
        errors = [e for e in page.errors if e not in getattr(page, "expected_errors", ())]
        problems += [f"dialog: {m}" for m in page.dialogs] + [f"page error: {e}" for e in errors]
        page.close()
        if page.fresh:
            page.context.close()
    assert not problems, problems


def report(capsys, text: str) -> None:
    with capsys.disabled():
        print(f"\n[browser] {text}", end="")


def path_traces(page) -> list[dict]:
    data = bs.traces(page, CONTOUR)
    n = sum(1 for t in data if t["name"].endswith(": current step"))
    return [d for i in range(n) for d in data if d.get("meta") == path_name(i)]


def no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlert"]').filter(has_text="Link problem").count() == 0


# --------------------------------------------------------------------------------------
# 1. Loads and draws


def test_page_loads_and_draws_both_default_runs(server, open_page, capsys):
    page = open_page()
    seconds = bs.goto_ready(page, server + "/", CONTOUR)
    report(capsys, f"first playground load {seconds:.1f} s")
    page.get_by_role("heading", name="Optimizer playground").wait_for()
    no_exception(page)

    data = bs.traces(page, CONTOUR)
    names = [t["name"] for t in data]
    assert [data[i].get("meta") for i in PATHS] == [path_name(i) for i in range(len(PATHS))]  # the traces by name
    assert [names[i] for i in PATHS] == DEFAULT_NAMES
    assert {"start", "minimum"} <= set(names)
    assert not [t for t in data if t["name"] == "click to set the start"]  # no invisible layer of markers
    steps = C.DEFAULT_CONFIG.steps
    for i in PATHS:  # every step of both runs is drawn, starting at the default start
        assert len(data[i]["x"]) == steps + 1
        assert (data[i]["x"][0], data[i]["y"][0]) == pytest.approx(C.DEFAULT_CONFIG.start)
    legend = page.locator(f"{bs.chart_selector(CONTOUR)} .legendtext").all_text_contents()
    assert all(name in legend for name in DEFAULT_NAMES)

    layout = page.evaluate(
        "sel => { const gd = document.querySelector(sel); return {images: (gd.layout.images || []).length,"
        " frames: (gd._transitionData._frames || []).length, x: gd._fullLayout.xaxis.range}; }",
        bs.chart_selector(CONTOUR),
    )
    assert layout["images"] == 1  # the surface itself
    assert layout["frames"] == 0  # animation frames are sent only once the learner asks to play
    x0, x1, _, _ = C.DEFAULT_CONFIG.make_surface().window
    assert layout["x"] == pytest.approx([x0, x1])

    for key in (LOSS, DISTANCE):
        curves = bs.traces(page, key)
        assert [t["name"] for t in curves][: len(DEFAULT_NAMES)] == DEFAULT_NAMES
        assert all(len(t["y"]) == steps + 1 for t in curves[: len(DEFAULT_NAMES)])
    bs.screenshot(page, "playground_1_default")
    bs.screenshot(page.locator(f".st-key-{CONTOUR}"), "playground_1_contour")


# --------------------------------------------------------------------------------------
# 2. A key press on the learning rate redraws the chart


def test_learning_rate_key_press_redraws_run_1(server, open_page, capsys):
    page = open_page()
    bs.goto_ready(page, server + "/", CONTOUR)
    slider = page.get_by_role("slider", name=LR).first  # run 1's
    grid = V.hparam_grid(OPTIMIZERS["sgd"].hparam("lr"))
    lr = C.DEFAULT_RUNS[0].hparams_dict["lr"]
    before = path_traces(page)
    loss_before = bs.traces(page, LOSS)
    latencies = []
    for _ in range(2):  # smaller steps (larger ones make plain SGD diverge: lr·κ > 2 on the ravine)
        lr = grid[grid.index(lr) - 1]
        name = C.run_label(0, C.RunConfig.make("sgd", {"lr": lr}))
        slider.focus()
        t0 = time.perf_counter()
        slider.press("ArrowLeft")
        page.wait_for_function(
            "([sel, i, name]) => [...document.querySelectorAll(sel)].some(gd => gd.data[i].name === name)",
            arg=[bs.chart_selector(CONTOUR), PATHS[0], name],
            polling="raf",
        )
        latencies.append((time.perf_counter() - t0) * 1000)
        bs.wait_idle(page)
        bs.wait_single(page, CONTOUR)
        assert slider.get_attribute("aria-valuetext") == V.format_number(lr)
    report(capsys, f"lr key press → contour redrawn: median {statistics.median(latencies):.0f} ms, "
                   f"all {[round(v) for v in latencies]} ms (budget 250 ms, not asserted)")  # fmt: skip

    after = path_traces(page)
    assert after[0]["name"] == name and after[0]["x"] != before[0]["x"]  # run 1 redrawn with the new lr
    assert after[1] == before[1]  # run 2 untouched
    loss_after = bs.traces(page, LOSS)
    assert [t["name"] for t in loss_after] == [name, DEFAULT_NAMES[1]]
    assert loss_after[0]["y"] != loss_before[0]["y"] and loss_after[1] == loss_before[1]
    bs.wait_query(page, "run", f"sgd(lr={V.format_number(lr)})")
    no_exception(page)
    bs.screenshot(page, "playground_2_lr_keys")


_LABEL_BOXES_JS = """
sel => {
  const nodes = document.querySelectorAll(sel);
  const gd = nodes[nodes.length - 1];
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  return {svg: box(gd.querySelector('.main-svg')), plot: box(gd.querySelector('.nsewdrag')),
          yticks: [...gd.querySelectorAll('.yaxislayer-above .ytick text')].map(box),
          xticks: [...gd.querySelectorAll('.xaxislayer-above .xtick text')].map(box),
          ytitle: box(gd.querySelector('.g-ytitle text')), xtitle: box(gd.querySelector('.g-xtitle text'))};
}
"""


_MARGINS_JS = """
sel => { const nodes = document.querySelectorAll(sel); const gd = nodes[nodes.length - 1];
         const given = gd.layout.margin, drawn = gd._fullLayout._size;
         return {given: [given.l, given.b], drawn: [drawn.l, drawn.b]}; }
"""


def test_default_view_charts_are_drawn_in_the_margins_they_are_given(server, open_page):
    """A chart whose axes grow its margins (Streamlit's chart theme turns automargin on) is drawn a
    second time on every rerun: in the default view the margins already hold every label."""
    page = open_page()
    bs.goto_ready(page, server + "/", CONTOUR)
    for key in (CONTOUR, LOSS, DISTANCE):
        m = page.evaluate(_MARGINS_JS, bs.chart_selector(key))
        assert m["drawn"] == m["given"], key


@pytest.mark.parametrize("link", ["/", "/?surface=saddle", "/?surface=rosenbrock", "/?classroom=1"])
def test_contour_axis_labels_fit_in_the_figure(server, open_page, link):
    """The contour's margins are sized for its tick labels (its axes do not grow them): every label
    and axis title is drawn inside the figure, outside the plot area, titles clear of the labels."""
    page = open_page()
    bs.goto_ready(page, server + link, CONTOUR)
    b = page.evaluate(_LABEL_BOXES_JS, bs.chart_selector(CONTOUR))
    left, top, right, bottom = b["svg"]
    plot_left, _, _, plot_bottom = b["plot"]
    assert b["yticks"] and b["xticks"]
    for x0, _, x1, _ in b["yticks"]:
        assert left <= b["ytitle"][2] <= x0 and x1 <= plot_left
    for _, y0, _, y1 in b["xticks"]:
        assert plot_bottom <= y0 and y1 <= b["xtitle"][1] and b["xtitle"][3] <= bottom


# --------------------------------------------------------------------------------------
# 3. A click on the contour moves the start


def test_click_on_contour_moves_the_start(server, open_page):
    page = open_page()
    bs.goto_ready(page, server + "/", CONTOUR)
    target = (2.0, -3.0)  # away from the paths and markers
    sel = bs.chart_selector(CONTOUR)
    px, py = page.evaluate(
        "([sel, x, y]) => { const gd = document.querySelector(sel), L = gd._fullLayout,"
        " r = gd.getBoundingClientRect();"
        " return [r.left + L.xaxis._offset + L.xaxis.l2p(x), r.top + L.yaxis._offset + L.yaxis.l2p(y)]; }",
        [sel, *target],
    )
    page.mouse.move(px, py)
    # The pointer's tip names the point under it and says what a click does.
    page.locator(".optim-viz-click-tip").filter(has_text="x=2.00, y=-3.00 · click to start here").wait_for()
    page.mouse.down()
    page.mouse.up()
    page.wait_for_function(
        "([sel, i, x, y]) => [...document.querySelectorAll(sel)].some("
        " gd => gd._fullData[i].x[0] === x && gd._fullData[i].y[0] === y)",
        arg=[sel, PATHS[0], *target],
    )
    bs.wait_idle(page)
    bs.wait_single(page, CONTOUR)

    for t in path_traces(page):
        assert (t["x"][0], t["y"][0]) == target
    start = next(t for t in bs.traces(page, CONTOUR) if t["name"] == "start")
    assert (start["x"][0], start["y"][0]) == target
    assert page.get_by_label("Start x").input_value() == "2.00"
    assert page.get_by_label("Start y").input_value() == "-3.00"
    assert bs.query(page)["start"] == ["2,-3"]
    no_exception(page)
    bs.screenshot(page, "playground_3_clicked_start")


# --------------------------------------------------------------------------------------
# 4. Play animates in the browser, with no rerun

_SAMPLER_JS = """
([sel, i]) => {
  window.__anim = [];
  const sample = () => {
    const gd = document.querySelector(sel);
    if (gd && gd._fullData) {
      const n = gd._fullData[i].x.length;
      const label = (gd.querySelector('.slider-label') || {}).textContent || '';
      const last = window.__anim[window.__anim.length - 1];
      if (!last || last[0] !== n || last[1] !== label) window.__anim.push([n, label]);
    }
    requestAnimationFrame(sample);
  };
  sample();
}
"""


def _anim(page) -> list[tuple[int, str]]:
    return [tuple(v) for v in page.evaluate("() => window.__anim")]


def test_play_animates_without_a_rerun(server, open_page):
    page = open_page()
    bs.goto_ready(page, server + "/", CONTOUR)
    sel = bs.chart_selector(CONTOUR)
    # The learner asks for the animation: one rerun brings the frames, then playing needs none.
    page.get_by_text("Animate the paths").click()
    page.wait_for_function(
        "sel => [...document.querySelectorAll(sel)].some(gd => (gd._transitionData._frames || []).length > 1)", arg=sel
    )
    bs.wait_idle(page)
    bs.wait_single(page, CONTOUR)
    full = C.DEFAULT_CONFIG.steps + 1
    bs.watch_script_state(page)
    page.evaluate(_SAMPLER_JS, [sel, PATHS[0]])
    sent_before = len(page.traffic.sent)
    buttons = page.locator(f"{sel} .updatemenu-button")
    # Plotly.animate's promise rejects with `undefined` when Pause interrupts it, and the buttons
    # leave it unhandled: an "Uncaught (in promise) undefined" in the console, nothing on screen.
    page.expected_errors = {"undefined"}

    buttons.filter(has_text="⟲ Replay").click()
    # Frames arrive over time: wait until the path has grown through several sizes.
    page.wait_for_function(
        "full => { const c = window.__anim.map(s => s[0]).filter(n => n < full); return new Set(c).size >= 4; }",
        arg=full,
    )
    buttons.filter(has_text="❚❚ Pause").click()
    paused = _anim(page)[-1][0]
    assert paused < full
    bs.screenshot(page.locator(f".st-key-{CONTOUR}"), "playground_4_paused_mid_animation")

    buttons.filter(has_text="▶ Play").click()  # resumes from the paused frame
    page.wait_for_function("n => window.__anim[window.__anim.length - 1][0] > n", arg=paused)

    samples = _anim(page)
    counts = [n for n, _ in samples]
    grow = counts[counts.index(min(counts)) :]
    assert grow == sorted(grow), samples  # the path only grows while playing
    assert len({label for _, label in samples}) >= 4, samples  # the "step k" label moves with it
    assert all(label.startswith("step ") for _, label in samples)
    # …all of it in the browser: no script run, nothing sent to the server.
    assert "running" not in bs.script_states(page)
    assert len(page.traffic.sent) == sent_before

    # The two probes do see a rerun when there is one (so the silence above means something).
    page.get_by_role("slider", name="Inspect step k").press("ArrowRight")
    page.wait_for_function("() => (window.__scriptStates || []).includes('running')")
    bs.wait_idle(page)
    assert len(page.traffic.sent) > sent_before


# --------------------------------------------------------------------------------------
# 5. A copied link reproduces the view in a fresh page

_VIEW_JS = """
() => ({
  sliders: [...document.querySelectorAll('[role="slider"], input[type="range"]')].map(
    s => [s.getAttribute('aria-label'), s.getAttribute('aria-valuetext') || s.getAttribute('aria-valuenow')]),
  numbers: [...document.querySelectorAll('input[type="number"]')].map(
    i => [i.getAttribute('aria-label'), i.value]),
  selects: [...document.querySelectorAll('[data-testid="stSelectbox"]')].map(s => s.innerText),
  headings: [...document.querySelectorAll('[data-testid="stHeading"]')].map(h => h.innerText),
})
"""


def _view(page) -> dict:
    view = page.evaluate(_VIEW_JS)
    for key in (CONTOUR, LOSS, DISTANCE):
        view[key] = bs.traces(page, key)
    return view


def test_copied_link_reproduces_the_view(server, open_page):
    page = open_page()
    bs.goto_ready(page, server + "/", CONTOUR)
    lr_sliders = page.get_by_role("slider", name=LR)

    lr_sliders.nth(1).press("ArrowLeft")  # run 2: 0.004 → 0.0035
    bs.wait_query(page, "run", "sgd(lr=0.0035,momentum=0.9)")
    page.get_by_role("slider", name="Steps").press("ArrowLeft")  # 150 → 120
    bs.wait_query(page, "steps", "120")
    # 0° → 5°: the start sat on the surface's suggested start, so it turns with the valley.
    page.get_by_role("slider", name="angle_deg: rotation of the valley in degrees").press("ArrowRight")
    bs.wait_query(page, "surface", "ravine(angle_deg=5,kappa=100)")
    page.get_by_role("slider", name="Inspect step k").press("ArrowRight")  # 5 → 6 (a view-only field)
    bs.wait_query(page, "k", "6")
    bs.wait_idle(page)
    for key in (CONTOUR, LOSS, DISTANCE):
        bs.wait_single(page, key)
    no_exception(page)
    link = page.url
    original = _view(page)
    bs.screenshot(page, "playground_5_changed")

    fresh = open_page(fresh=True)  # a new context: no cookies, no storage, no cache, a new session
    bs.goto_ready(fresh, link, CONTOUR)
    for key in (LOSS, DISTANCE):
        bs.wait_single(fresh, key)
    no_exception(fresh)
    copy = _view(fresh)
    bs.screenshot(fresh, "playground_5_from_link")

    assert copy["sliders"] == original["sliders"]
    assert copy["numbers"] == original["numbers"]
    assert copy["selects"] == original["selects"]
    assert copy["headings"] == original["headings"]
    assert ["Steps", "120"] in copy["sliders"] and ["Inspect step k", "6"] in copy["sliders"]
    for key in (CONTOUR, LOSS, DISTANCE):
        assert copy[key] == original[key], key
    paths = [copy[CONTOUR][i] for i in PATHS]
    assert paths[1]["name"] == "2. SGD+momentum η=0.0035 μ=0.9"
    start = C.suggested_start("ravine", {"angle_deg": 5.0, "kappa": 100.0})
    assert bs.query(fresh)["start"] == [f"{start[0]!r},{start[1]!r}"]
    assert all(len(p["x"]) == 121 and (p["x"][0], p["y"][0]) == pytest.approx(start, abs=1e-6) for p in paths)
    assert fresh.url == link  # the fresh page keeps the same link (nothing fell back)


# --------------------------------------------------------------------------------------
# 6. Classroom flag


def _font_px(page, css: str) -> float:
    return page.evaluate("css => parseFloat(getComputedStyle(document.querySelector(css)).fontSize)", css)


def test_classroom_flag_hides_controls_and_enlarges_text(server, open_page):
    page = open_page(width=1600, height=1300)
    bs.goto_ready(page, server + "/?classroom=1", CONTOUR)
    no_exception(page)
    legend = f"{bs.chart_selector(CONTOUR)} .legendtext"

    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert not page.locator('[data-testid="stSidebarCollapsedControl"]').is_visible()
    assert page.get_by_label("Start x").count() == 0 or not page.get_by_label("Start x").is_visible()
    assert page.get_by_role("slider", name=LR).count() == 0
    assert page.get_by_role("button", name="Runs as CSV").count() == 0
    show = page.get_by_role("button", name="Show controls")
    assert show.is_visible()
    assert [path_traces(page)[i]["name"] for i in range(2)] == DEFAULT_NAMES
    assert _font_px(page, legend) == theme.CLASSROOM_FONT_SIZE
    assert _font_px(page, "html") >= 20
    classroom_title = _font_px(page, "h1")
    bs.screenshot(page, "playground_6_classroom")

    show.click()  # back to the full page, controls and normal type
    page.get_by_role("slider", name=LR).first.wait_for()
    bs.wait_idle(page)
    bs.wait_single(page, CONTOUR)
    assert page.locator('[data-testid="stSidebar"]').is_visible()
    assert "classroom" not in bs.query(page)
    assert _font_px(page, legend) == theme.BASE_FONT_SIZE
    assert _font_px(page, "h1") < classroom_title


# --------------------------------------------------------------------------------------
# 7. Tampered link

TAMPERED = {
    "surface": "ravine(kappa=abc)",
    "start": "nan,1",
    "steps": "-3",
    "run": ["sgd(lr=1e9)", "evil(x=1)"],
    "k": "<img src=x onerror=alert(1)>",
    "noise": "$x^2$",
    "zzz": "**bold**",
}


def test_tampered_link_shows_notices_and_still_draws(server, open_page):
    page = open_page()
    parts = [f"{k}={quote(v)}" for k, vs in TAMPERED.items() for v in (vs if isinstance(vs, list) else [vs])]
    bs.goto_ready(page, server + "/?" + "&".join(parts), CONTOUR)
    assert page.locator('[data-testid="stException"]').count() == 0
    notices = page.locator('[data-testid="stAlert"]').filter(has_text="Link problem").all_inner_texts()
    text = "\n".join(notices)
    assert len(notices) >= 7, notices
    for fragment in ("'zzz'", "kappa: 'abc'", "start: 'nan'", "steps=-3", "lr=1e+09", "'evil'",
                     "'<img src=x onerror=alert(1)>'", "'$x^2$'"):  # fmt: skip
        assert fragment in text, (fragment, notices)  # shown literally, never interpreted
    assert page.locator('[data-testid="stMain"] img[src="x"]').count() == 0

    # Still the default comparison minus the dropped run: one SGD run, drawn over every step.
    paths = path_traces(page)
    assert [p["name"] for p in paths] == DEFAULT_NAMES[:1]
    assert len(paths[0]["x"]) == C.DEFAULT_CONFIG.steps + 1
    assert (paths[0]["x"][0], paths[0]["y"][0]) == pytest.approx(C.DEFAULT_CONFIG.start)
    page.locator(f"{bs.chart_selector(CONTOUR)} .legendtext").first.wait_for()
    assert bs.query(page)["steps"] == [str(C.DEFAULT_CONFIG.steps)]  # the URL now holds what is shown
    bs.screenshot(page, "playground_7_tampered")
