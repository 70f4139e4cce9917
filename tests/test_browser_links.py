"""Every page's link in a real browser (Playwright + Debian's Chromium): move a control, copy the
address bar, open it in a fresh browser context, and the control shows the same value.

Skipped without /usr/bin/chromium, unless OPTIM_VIZ_REQUIRE_BROWSER=1 (CI): then it fails.
"""

from __future__ import annotations

import browser_support as bs
import pytest

pytestmark = bs.BROWSER_MARKS

server = bs.server_fixture("links_server")

# page path -> (a chart that shows when the page is drawn, a slider's accessible name, the key to press)
PAGES = {
    "": ("contour_chart", "Learning rate η (lr)", "ArrowRight"),
    "momentum": ("mr_contour", "Steps", "ArrowRight"),
    "hyperparameter_map": ("hm_chart", "Cells per axis", "ArrowLeft"),
    "race": ("race_chart", "Step budget (the same for all)", "ArrowLeft"),
    "ewma": ("series_chart", "Length of the series", "ArrowRight"),
    "schedules": ("lr_chart", "Initial learning rate η₀ (lr)", "ArrowRight"),
    "neuron": ("loss_chart", "Learning rate η (lr)", "ArrowLeft"),
    "adaptive": ("eff_chart", "Rotation of the valley (degrees)", "ArrowRight"),
    "descent_1d": ("descent_chart", "Steps", "ArrowRight"),
}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return bs.launch_args(browser_type_launch_args)


# Charts whose x-axis title and legend (placed under the plot) overlap on screen.
_LEGEND_ON_AXIS_TITLE = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(p => {
  const x = p.querySelector('.xtitle'), legend = p.querySelector('.legend');
  if (!x || !legend) return [];
  const a = x.getBoundingClientRect(), b = legend.getBoundingClientRect();
  const apart = a.right < b.left || b.right < a.left || a.bottom < b.top || b.bottom < a.top;
  return apart ? [] : [(p.querySelector('.gtitle') || {}).textContent || 'untitled'];
})"""


def slider_value(page, name: str) -> str:
    return page.get_by_role("slider", name=name).first.get_attribute("aria-valuetext")


@pytest.mark.parametrize("path", list(PAGES), ids=[p or "playground" for p in PAGES])
def test_a_copied_link_reproduces_the_moved_control(server, browser, path):
    chart, name, key = PAGES[path]
    context = bs.new_context(browser)
    page = bs.new_page(context)
    bs.goto_ready(page, f"{server}/{path}", chart)
    before_url, before = page.url, slider_value(page, name)
    page.get_by_role("slider", name=name).first.press(key)
    page.wait_for_function("u => location.href !== u", arg=before_url, timeout=bs.STEP_MS)
    bs.wait_idle(page)
    moved = slider_value(page, name)
    assert moved != before
    link = page.url
    bs.screenshot(page, f"links_{path or 'playground'}")
    context.close()

    fresh = bs.new_context(browser)
    copy = bs.new_page(fresh)
    bs.goto_ready(copy, link, chart)
    assert slider_value(copy, name) == moved
    assert copy.locator('[data-testid="stAlert"]').filter(has_text="Link problem").count() == 0
    assert bs.query(copy) == bs.query_of(link)
    assert copy.errors == []
    bs.wait_idle(copy)
    assert copy.locator(".js-plotly-plot .xtitle").count() > 0
    assert copy.evaluate(_LEGEND_ON_AXIS_TITLE) == []  # every legend under a plot clears its axis title
    fresh.close()
