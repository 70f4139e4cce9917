"""Lessons III in a real browser (Playwright + Debian's Chromium): the adaptive-step-sizes page turns
its ravine with a key press (URL, paths and step sizes redrawn), its preset link opens the rotated
ravine, and it renders in Chinese. Screenshots go to test-artifacts/.

Skipped without /usr/bin/chromium, unless OPTIM_VIZ_REQUIRE_BROWSER=1 (CI): then it fails.
"""

from __future__ import annotations

import browser_support as bs
import pytest

from optim_viz.state import presets as P

pytestmark = bs.BROWSER_MARKS

server = bs.server_fixture("lessons3_server")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return bs.launch_args(browser_type_launch_args)


def test_turning_the_ravine_redraws_the_adaptive_page(server, browser):
    context = bs.new_context(browser, height=1400)
    page = bs.new_page(context)
    bs.goto_ready(page, f"{server}/adaptive", "eff_chart")
    bs.wait_single(page, "adaptive_chart")
    along = {t["meta"]: t["y"] for t in bs.traces(page, "eff_chart")}
    assert set(along) == {f"eff-{m}-{xy}" for m in ("sgd", "adagrad", "rmsprop", "adadelta", "adam") for xy in "xy"}
    bs.screenshot(page, "lessons3_adaptive")
    bs.goto_ready(page, f"{server}/adaptive?angle=40", "eff_chart")
    before = {t["meta"]: t["y"] for t in bs.traces(page, "eff_chart")}
    page.get_by_role("slider", name="Rotation of the valley (degrees)").press("ArrowRight")  # 40° → 45°
    bs.wait_query(page, "angle", "45")
    bs.wait_idle(page)
    bs.wait_single(page, "eff_chart")
    after = {t["meta"]: t["y"] for t in bs.traces(page, "eff_chart")}
    assert after != before
    # turned by 45°, each adaptive method gives x and y about the same step size; along x, 8 to 17 times apart
    for m in ("adagrad", "rmsprop", "adam"):
        ratio_along = along[f"eff-{m}-x"][-1] / along[f"eff-{m}-y"][-1]
        ratio_turned = after[f"eff-{m}-x"][-1] / after[f"eff-{m}-y"][-1]
        assert ratio_along > 7 and 0.8 < ratio_turned < 1.0, (m, ratio_along, ratio_turned)
    assert page.errors == [], page.errors
    assert "Link problem" not in page.locator("body").inner_text()
    bs.screenshot(page, "lessons3_adaptive_45")
    context.close()


def test_the_adaptive_preset_and_the_chinese_page(server, browser):
    context = bs.new_context(browser, height=1400)
    page = bs.new_page(context)
    bs.goto_ready(page, f"{server}/{P.link(P.PRESETS_BY_ID['adaptive_steps'], 'zh')}", "eff_chart")
    assert page.locator("h1").first.inner_text().strip() == "自适应步长"
    assert bs.query(page)["angle"] == ["45"] and bs.query(page)["lang"] == ["zh"]
    assert page.locator('[data-testid="stAlert"]').count() == 0
    names = bs.trace_names(page, "eff_chart")
    assert "Adam，η = 0.1" in names
    bs.screenshot(page, "lessons3_adaptive_zh")
    assert page.errors == []
    context.close()
