"""Curvature, Newton's reference and the animation export in a real browser (Playwright + Debian's
Chromium): each new control does what it says, and the exported file is a real GIF.

Skipped without /usr/bin/chromium, unless OPTIM_VIZ_REQUIRE_BROWSER=1 (CI): then it fails.
"""

from __future__ import annotations

import io
from urllib.parse import quote

import browser_support as bs
import pytest
from PIL import Image

pytestmark = bs.BROWSER_MARKS

server = bs.server_fixture("curvature_server")
EDGE = "surface=" + quote("rosenbrock(a=1,b=100)") + "&start=0,0&run=" + quote("sgd(lr=0.004)") + "&steps=600&k=300"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return bs.launch_args(browser_type_launch_args)


@pytest.fixture
def page(browser):
    context = bs.new_context(browser)
    page = bs.new_page(context)
    yield page
    context.close()


def metas(page, chart: str) -> set[str]:
    return {str(t.get("meta")) for t in bs.traces(page, chart)}


def test_the_curvature_switch_draws_the_local_quadratic_and_the_sharpness(server, page):
    bs.goto_ready(page, f"{server}/?{EDGE}", "contour_chart")
    page.get_by_text("Show the curvature").click()
    bs.wait_ready(page, "sharpness_chart")
    bs.wait_query(page, "curvature", "1")
    assert {"quadratic-0", "quadratic-axes-0"} <= metas(page, "contour_chart")
    assert {"sharpness-0", "limit-0"} <= metas(page, "sharpness_chart")
    bs.screenshot(page, "curvature_edge_of_stability")
    assert page.errors == []


def test_newton_and_its_damping(server, page):
    bs.goto_ready(page, f"{server}/?surface=himmelblau&steps=30", "contour_chart")
    page.get_by_text("Newton's method as a reference").click()
    bs.wait_query(page, "newton", "1")
    bs.wait_idle(page)
    bs.wait_single(page, "contour_chart")
    assert "reference-0" in metas(page, "contour_chart")
    page.get_by_role("slider", name="Damping α").first.press("ArrowLeft")
    bs.wait_query(page, "newton", "0.95")
    assert page.locator('[data-testid="stAlert"]').filter(has_text="not positive definite").count() >= 1


def test_the_gif_export_downloads_a_gif_of_the_view(server, page):
    bs.goto_ready(page, f"{server}/?steps=30&size=640x360&fps=10", "contour_chart")
    page.get_by_role("button", name="Render the animation (GIF)").click()
    button = page.get_by_role("button", name="Download the GIF")
    button.wait_for(timeout=bs.STEP_MS)
    with page.expect_download() as info:
        button.click()
    data = info.value.path().read_bytes()
    image = Image.open(io.BytesIO(data))
    assert image.format == "GIF" and image.size == (640, 360) and image.n_frames >= 31
    assert page.errors == []
