"""Lessons II in a real browser (Playwright + Debian's Chromium): preset links open the intended
figures, a key press updates the URL and the chart, and the Chinese interface renders.

Skipped when /usr/bin/chromium is missing, unless OPTIM_VIZ_REQUIRE_BROWSER=1 (CI), where a
missing browser is a failure. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlparse

import browser_support as bs
import pytest

from optim_viz.state import presets as P

ROOT, ARTIFACTS, CHROMIUM = bs.ROOT, bs.ARTIFACTS, bs.CHROMIUM

pytestmark = bs.BROWSER_MARKS


def test_the_browser_is_present():
    """With OPTIM_VIZ_REQUIRE_BROWSER=1 a missing Chromium fails here instead of skipping."""
    assert CHROMIUM.exists(), "Chromium is required (OPTIM_VIZ_REQUIRE_BROWSER=1) but /usr/bin/chromium is missing"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return bs.launch_args(browser_type_launch_args)


def running_app(log_name: str):
    """The whole app (app.py) on a free port, as ``streamlit run`` serves it; yields its base URL."""
    return bs.streamlit_server("app.py", log_name.removesuffix(".log"))


@pytest.fixture(scope="module")
def server():
    with running_app("lessons2_server.log") as base:
        yield base


def ready(page, chart: str | None = None, timeout: float = 60_000) -> None:
    """Wait until a chart (by its Streamlit key) is drawn and the script has finished."""
    selector = f".st-key-{chart} .js-plotly-plot .main-svg" if chart else '[data-testid="stApp"]'
    page.wait_for_selector(selector, timeout=timeout)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)


def trace_names(page, chart: str) -> list[list[str]]:
    return page.evaluate(
        "key => Array.from(document.querySelectorAll(`.st-key-${key} .js-plotly-plot`))"
        ".map(el => el.data.map(d => d.name))",
        chart,
    )


def query_of(url: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(url).query).items()}


def test_gallery_click_opens_the_mini_batch_preset(server, page):
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{server}/presets")
    ready(page)
    preset = P.PRESETS_BY_ID["minibatch"]
    card = page.locator(f".st-key-preset_{preset.id}")
    with page.context.expect_page() as opened:
        card.get_by_role("link", name="Open this preset").click()
    tab = opened.value
    tab.set_viewport_size({"width": 1400, "height": 1800})
    ready(tab, "loss_chart")
    assert urlparse(tab.url).path == "/neuron"
    assert query_of(tab.url)["batches"] == "1,32,full"
    assert trace_names(tab, "loss_chart") == [
        ["SGD, batch 1, η=2", "SGD, batch 32, η=2", "GD, full batch (40 points), η=2"]
    ]
    assert tab.locator('[data-testid="stAlert"]').count() == 0  # no link notices
    tab.screenshot(path=str(ARTIFACTS / "lessons2_minibatch_preset.png"), full_page=True)


def pictures_loaded(page) -> list[int]:
    """Wait until every picture of the gallery has loaded; their natural widths."""
    page.wait_for_function(
        "n => { const imgs = Array.from(document.querySelectorAll('[class*=\"st-key-preset_\"] img'));"
        " return imgs.length === n && imgs.every(i => i.complete && i.naturalWidth > 0); }",
        arg=len(P.PRESETS),
        timeout=60_000,
    )
    return page.evaluate(
        "() => Array.from(document.querySelectorAll('[class*=\"st-key-preset_\"] img')).map(i => i.naturalWidth)"
    )


def test_the_gallery_shows_pictures_and_a_click_on_one_opens_its_page(server, page):
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{server}/presets")
    ready(page)
    assert pictures_loaded(page) == [320] * len(P.PRESETS)
    page.screenshot(path=str(ARTIFACTS / "presets_gallery_en.png"), full_page=True)
    preset = P.PRESETS_BY_ID["step_decay_half"]
    card = page.locator(f".st-key-preset_{preset.id}")
    with page.context.expect_page() as opened:
        card.get_by_role("link", name=f"Open the preset “{preset.title}”").click()
    tab = opened.value
    tab.set_viewport_size({"width": 1400, "height": 1400})
    ready(tab, "lr_chart")
    assert urlparse(tab.url).path == "/schedules"
    assert query_of(tab.url) == {k: ",".join(v) if isinstance(v, list) else v for k, v in preset.query_dict.items()}
    assert trace_names(tab, "lr_chart") == [["Constant", "Step decay"]]
    assert tab.get_by_role("slider", name="Step decay: every s updates").get_attribute("aria-valuetext") == "5"
    assert tab.locator('[data-testid="stAlert"]').count() == 0  # no link notices


def test_the_chinese_gallery_opens_a_chinese_page(server, page):
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{server}/presets?lang=zh")
    ready(page)
    pictures_loaded(page)
    page.screenshot(path=str(ARTIFACTS / "presets_gallery_zh.png"), full_page=True)
    preset = P.PRESETS_BY_ID["adam_bias_correction"]
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="打开预设“有偏差修正与没有偏差修正的 Adam”").click()
    tab = opened.value
    ready(tab)
    tab.wait_for_selector('[data-testid="stPlotlyChart"] .js-plotly-plot .main-svg', timeout=60_000)
    ready(tab)
    assert query_of(tab.url)["lang"] == "zh" and query_of(tab.url)["run"] == preset.query_dict["run"][-1]
    assert tab.locator("h1").first.inner_text().strip() == "优化器试验场"


def test_ewma_preset_link_shows_both_corrections(server, page):
    page.set_viewport_size({"width": 1400, "height": 1400})
    page.goto(f"{server}/{P.link(P.PRESETS_BY_ID['ewma_betas'])}")
    ready(page, "series_chart")
    names = trace_names(page, "series_chart")[0]
    assert [n for n in names if "bias-corrected" in n] == [f"β={b}, bias-corrected" for b in ("0.5", "0.9", "0.98")]
    assert page.get_by_role("switch", name="Bias correction Vₜ / (1 − βᵗ)").is_checked()
    page.screenshot(path=str(ARTIFACTS / "lessons2_ewma_preset.png"))


def test_playground_preset_link_opens_the_comparison(server, page):
    page.goto(f"{server}/{P.link(P.PRESETS_BY_ID['learning_rates'])}")
    ready(page)
    page.wait_for_selector('[data-testid="stPlotlyChart"] .js-plotly-plot .main-svg', timeout=60_000)
    names = page.evaluate(
        "() => Array.from(document.querySelectorAll('.js-plotly-plot')).flatMap(el => el.data.map(d => d.name))"
    )
    for label in ("1. SGD η=0.02", "2. SGD η=0.18", "3. SGD η=0.22"):
        assert label in names
    assert page.locator('[data-testid="stAlert"]').filter(has_text="Link").count() == 0


def test_a_key_press_updates_the_url_and_the_chart(server, page):
    page.goto(f"{server}/ewma")
    ready(page, "series_chart")
    slider = page.get_by_role("slider", name="Length of the series")
    start = time.perf_counter()
    slider.press("ArrowRight")
    page.wait_for_url("**n=150**", timeout=20_000)
    # el.data keeps Plotly's base64 form of the arrays; _fullData holds the decoded ones
    page.wait_for_function(
        "() => { const el = document.querySelector('.st-key-series_chart .js-plotly-plot');"
        " return el && el._fullData && el._fullData[0].x.length === 150; }",
        timeout=20_000,
    )
    elapsed = time.perf_counter() - start
    ready(page, "series_chart")
    assert elapsed < 10, f"key press to updated chart took {elapsed:.1f} s"


def test_chinese_interface_and_a_bad_link_notice(server, page):
    page.set_viewport_size({"width": 1400, "height": 1600})
    page.goto(f"{server}/neuron?lang=zh&points=abc")
    ready(page, "loss_chart")
    assert page.locator("h1").first.inner_text().strip() == "真实神经元上的小批量"
    notice = page.locator('[data-testid="stAlert"]').first.inner_text()
    assert "链接问题" in notice and "points='abc'" in notice
    assert trace_names(page, "loss_chart")[0][0] == "SGD，批大小 4，η=2"
    page.screenshot(path=str(ARTIFACTS / "lessons2_neuron_zh.png"))


def test_a_shared_link_on_a_fresh_server_runs_through_app_py(page):
    with running_app("lessons2_fresh_server.log") as base:
        page.goto(f"{base}/{P.link(P.PRESETS_BY_ID['minibatch'])}")
        ready(page, "loss_chart")
        nav = page.locator('[data-testid="stSidebarNav"] li').all_inner_texts()
        assert any("Mini-batches on a neuron" in item for item in nav), nav
