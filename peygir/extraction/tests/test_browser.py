"""The secretary in a real Chromium: pastes minutes, reviews the proposals, registers them."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from peygir.conftest import World, open_tab
from peygir.extraction.tests.test_page import MINUTES
from peygir.resolutions.models import Resolution

SCREENSHOTS = Path(__file__).resolve().parents[3] / "artifacts" / "screenshots"
pytestmark = pytest.mark.browser


def test_the_secretary_reads_minutes_and_registers_their_resolutions(
    browser: Browser, live_server: Any, world: World
) -> None:
    page, external = open_tab(
        browser, live_server, user=world.users["secretariat"], viewport=(1280, 900)
    )
    page.goto(f"{live_server.url}/staff/extract/{world.source.pk}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill("textarea[name=text]", MINUTES)
    page.fill("input[name=reference_date]", "۱۴۰۴/۰۲/۳۰")
    page.keyboard.press("Escape")  # close the Jalali date picker
    page.click("button[name=read]")
    expect(page.locator("mark")).to_have_count(2)  # waits for the page the click loads
    expect(page.locator("input[name='p-0-deadline']")).to_have_value("۱۴۰۴/۰۵/۳۰")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "extraction-review.png"), full_page=True)

    page.fill("input[name='p-1-deadline']", "۱۴۰۴/۰۹/۳۰")
    page.keyboard.press("Escape")
    page.click("button[name=register]")
    page.wait_for_url(f"**/staff/sources/{world.source.pk}/")
    assert Resolution.objects.filter(source=world.source).count() == 2
    assert external == []
    page.context.close()
