"""Lessons I in a real browser (Playwright + Debian's Chromium): each page loads, draws its chart
and answers one interaction; a screenshot of each goes to test-artifacts/.

Skipped when /usr/bin/chromium is missing, unless OPTIM_VIZ_REQUIRE_BROWSER=1 (CI), where a
missing browser is a failure.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import browser_support as bs
import pytest

ROOT, ARTIFACTS, CHROMIUM = bs.ROOT, bs.ARTIFACTS, bs.CHROMIUM
TIMEOUT = 60_000  # ms; generous because CI machines are shared

pytestmark = bs.BROWSER_MARKS


def test_the_browser_is_present():
    """With OPTIM_VIZ_REQUIRE_BROWSER=1 a missing Chromium fails here instead of skipping."""
    assert CHROMIUM.exists(), "Chromium is required (OPTIM_VIZ_REQUIRE_BROWSER=1) but /usr/bin/chromium is missing"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return bs.launch_args(browser_type_launch_args)


# The whole app (app.py) on a free port, shared by the module; each test opens its page by a deep
# link, as a shared link would (the first one on a fresh server, see ``served_by_the_app``).
server = bs.server_fixture("lessons1_server")


def ready(page, chart: str) -> None:
    """Wait until the chart with this Streamlit key is drawn and the script has finished."""
    page.wait_for_selector(f".st-key-{chart} .js-plotly-plot .main-svg", timeout=TIMEOUT)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=TIMEOUT)


def served_by_the_app(page, title: str) -> bool:
    """The page runs inside app.py's navigation (its title in the sidebar), not as a lone script:
    Streamlit treats a folder named ``pages`` as a legacy multipage app until app.py has run once
    (``pagelang.ensure_app_navigation`` reroutes such a first deep link)."""
    return page.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).count() == 1


def trace_names(page, chart: str) -> list[str]:
    return page.evaluate(
        "key => { const el = document.querySelector(`.st-key-${key} .js-plotly-plot`);"
        " return el ? el.data.map(d => d.name) : []; }",
        chart,
    )


def wait_for_trace(page, chart: str, prefix: str) -> None:
    page.wait_for_function(
        "([key, prefix]) => { const el = document.querySelector(`.st-key-${key} .js-plotly-plot`);"
        " return !!el && el.data.some(d => (d.name || '').startsWith(prefix)); }",
        arg=[chart, prefix],
        timeout=TIMEOUT,
    )


def test_momentum_apply_optimal_heavy_ball(server, page):
    page.set_viewport_size({"width": 1400, "height": 1800})
    page.goto(f"{server}/momentum")
    ready(page, "mr_contour")
    assert served_by_the_app(page, "Momentum & ravines")
    assert "Heavy ball, η = 0.01, β = 0.9" in trace_names(page, "mr_contour")
    assert "steep direction: λ = L = 100" in trace_names(page, "mr_contour")
    page.get_by_role("button", name="Apply optimal heavy-ball settings").click()
    wait_for_trace(page, "mr_contour", "Heavy ball, η = 0.03306, β = 0.669")
    ready(page, "mr_rates")
    assert "Heavy ball, η = 0.03306, β = 0.669: predicted ρ = 0.8182" in trace_names(page, "mr_rates")
    assert page.get_by_text("Nesterov's limit is lower than the heavy ball's").count() == 1
    page.screenshot(path=str(ARTIFACTS / "lessons1_momentum.png"), full_page=True)


def test_map_click_on_a_cell_shows_its_run_and_a_playground_link(server, page):
    page.set_viewport_size({"width": 1400, "height": 1800})
    page.goto(f"{server}/hyperparameter_map")
    ready(page, "hm_chart")
    assert served_by_the_app(page, "Hyperparameter map")
    names = trace_names(page, "hm_chart")
    assert names[:6] == ["steps to f − f* ≤ 1e-06", "diverged", "did not reach the tolerance"] + ["cells"] * 3
    assert "stability boundary η = 2(1+β)/L" in names
    plot = page.locator(".st-key-hm_chart .nsewdrag").first.bounding_box()
    # lr = 10^(-3 + 3·0.45) ≈ 0.022, momentum ≈ 0.99·0.6: a converging cell left of the boundary
    page.mouse.click(plot["x"] + 0.45 * plot["width"], plot["y"] + 0.4 * plot["height"])
    ready(page, "hm_run_chart")
    heading = page.locator("h3").filter(has_text="The run at").first.inner_text()
    assert heading.startswith("The run at lr = 0.02")
    link = page.get_by_role("link", name="Open in the playground ↗")
    query = parse_qs(urlparse(link.get_attribute("href")).query)
    assert query["surface"] == ["ravine(angle_deg=0,kappa=100)"]
    assert query["run"][0].startswith("sgd(lr=0.02")
    assert "selected run" in trace_names(page, "hm_chart")
    page.screenshot(path=str(ARTIFACTS / "lessons1_hyperparameter_map.png"), full_page=True)


def test_race_without_tuning_uses_the_defaults(server, page):
    page.set_viewport_size({"width": 1400, "height": 1600})
    page.goto(f"{server}/race")
    ready(page, "race_chart")
    assert served_by_the_app(page, "Optimizer race")
    names = trace_names(page, "race_chart")
    assert "SGD, η = 0.00237" in names  # tuned by default
    assert page.locator(".st-key-race_tuning .js-plotly-plot").count() == 1
    page.get_by_text("Tune each learning rate").click()
    wait_for_trace(page, "race_chart", "SGD, η = 0.019")
    ready(page, "race_chart")
    assert page.locator(".st-key-race_tuning .js-plotly-plot").count() == 0
    # the race replays in the browser (Plotly frames, no rerun): the step shown under the plot moves
    page.locator(".st-key-race_chart .updatemenu-button").filter(has_text="Replay").click()
    page.wait_for_function(
        "() => { const v = document.querySelector('.st-key-race_chart .slider-group > .slider-label');"
        " return !!v && v.textContent !== 'step 300'; }",
        timeout=TIMEOUT,
    )
    page.screenshot(path=str(ARTIFACTS / "lessons1_race.png"), full_page=True)
