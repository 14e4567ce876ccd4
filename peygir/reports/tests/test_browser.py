"""A dashboard in a real Chromium under the strict CSP: charts drawn by the self-hosted
Chart.js, Persian digits on the axes, no console error, nothing fetched from elsewhere."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from peygir.conftest import open_tab
from peygir.reports.tests.conftest import Province

SCREENSHOTS = Path(__file__).resolve().parents[3] / "artifacts" / "screenshots"
PERSIAN_DIGITS = set("۰۱۲۳۴۵۶۷۸۹")

pytestmark = pytest.mark.browser


def test_the_fulfilment_dashboard_draws_its_charts(
    browser: Browser, live_server: Any, province: Province
) -> None:
    page, external = open_tab(browser, live_server, user=province.world.users["deputy"])
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    # The machine the suite runs on may be busy: a slow page is not what this test is about.
    page.set_default_timeout(90_000)
    page.set_default_navigation_timeout(90_000)
    try:
        page.goto(f"{live_server.url}/staff/reports/")
        expect(page.get_by_role("heading", name="تحقق مصوبات و وعده\u200cسنج")).to_be_visible(
            timeout=60_000
        )
        canvas = page.locator('canvas[data-chart="chart-fulfilment-county"]')
        expect(canvas).to_have_attribute("data-drawn", "true", timeout=60_000)
        ticks = page.evaluate(
            """() => {
              const chart = Chart.getChart(document.querySelector(
                'canvas[data-chart="chart-fulfilment-county"]'));
              return chart.scales.x.ticks.map((t) => String(t.label));
            }"""
        )
        assert ticks and all(set(t) <= PERSIAN_DIGITS for t in ticks), ticks
        painted = page.evaluate(
            """() => {
              const c = document.querySelector('canvas[data-chart="chart-fulfilment-county"]');
              const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
              let n = 0;
              for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) n++; }
              return n;
            }"""
        )
        assert painted > 500
        assert page.locator("canvas[data-drawn='true']").count() >= 8
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "reports-fulfilment.png"), full_page=True)
        page.get_by_role("link", name="روند در گذر زمان").click()
        expect(page.locator("canvas[data-drawn='true']")).to_have_count(1, timeout=60_000)
        page.screenshot(path=str(SCREENSHOTS / "reports-trends.png"), full_page=True)
        assert errors == []
        assert external == []
    finally:
        page.context.close()


def test_the_dashboard_says_when_its_figures_await_the_workers_count(
    browser: Browser, live_server: Any, province: Province
) -> None:
    from django.core.management import call_command

    world = province.world
    page, _external = open_tab(browser, live_server, user=world.users["deputy"])
    page.set_default_timeout(90_000)
    page.set_default_navigation_timeout(90_000)
    page.goto(f"{live_server.url}/staff/reports/scorecard/")  # every row counted and stored
    status = page.get_by_role("status").filter(has_text="در حال شمارش")
    expect(status).to_have_count(0)
    call_command("tallies_refresh", stdout=open("/dev/null", "w"))  # noqa: SIM115
    world.resolution(title="گازرسانی به روستای وشنوه")
    page.reload()
    expect(status).to_be_visible()
    expect(status).to_have_text(
        "تازه‌ترین تغییرها هنوز در حال شمارش‌اند؛ این آمارها تا حدود یک دقیقهٔ دیگر "
        "آن‌ها را نشان می‌دهند."
    )
    assert status.evaluate("node => getComputedStyle(node).direction") == "rtl"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "reports-awaiting-count.png"), full_page=True)
    call_command("tallies_refresh", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.reload()
    expect(status).to_have_count(0)
