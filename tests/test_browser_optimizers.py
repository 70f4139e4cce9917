"""The new torch.optim optimizers in a real browser (Playwright + Debian's Chromium): a link with
L-BFGS, Rprop and ASGD draws their paths, L-BFGS's evaluations inside its steps and ASGD's averaged
iterate, and shows the controls of every kind.

Skipped without /usr/bin/chromium, unless OPTIM_VIZ_REQUIRE_BROWSER=1 (CI): then it fails.
"""

from __future__ import annotations

from urllib.parse import quote

import browser_support as bs
import pytest

pytestmark = bs.BROWSER_MARKS

server = bs.server_fixture("optimizers_server")
RUNS = ["lbfgs(lr=1,line_search_fn=strong_wolfe)", "rprop(lr=0.05,etas=0.4/1.3)", "asgd(lr=0.019,t0=10)"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return bs.launch_args(browser_type_launch_args)


def test_lbfgs_rprop_and_asgd_from_a_link(server, browser):
    context = bs.new_context(browser)
    page = bs.new_page(context)
    query = "&".join(f"run={quote(r)}" for r in RUNS) + "&surface=" + quote("rosenbrock(a=1,b=100)") + "&steps=60"
    bs.goto_ready(page, f"{server}/?{query}", "contour_chart")
    assert page.locator('[data-testid="stAlert"]').filter(has_text="Link problem").count() == 0
    metas = [t.get("meta") for t in bs.traces(page, "contour_chart")]
    assert {"path-0", "path-1", "path-2", "probes-0", "average-2"} <= set(metas)
    assert page.get_by_role("slider", name="η₋ (etas[0])").first.get_attribute("aria-valuetext") == "0.4"
    page.get_by_text("line_search_fn").first.wait_for()
    bs.screenshot(page, "optimizers_lbfgs_rprop_asgd")
    assert page.errors == []
    context.close()
