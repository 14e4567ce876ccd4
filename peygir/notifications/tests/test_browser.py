"""The county officer reads a sweep's reminder in the inbox, in a real Chromium."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from peygir.conftest import World, open_tab
from peygir.followup.sweep import sweep
from peygir.followup.tests.helpers import j, on
from peygir.workdays.services import holidays_load

SCREENSHOTS = Path(__file__).resolve().parents[3] / "artifacts" / "screenshots"
pytestmark = pytest.mark.browser


def test_the_county_officer_reads_a_reminder(
    browser: Browser, live_server: Any, world: World
) -> None:
    holidays_load()
    with on("1405/03/01"):
        world.resolution(deadline=j("1405/03/20"), next_followup_date=j("1405/03/10"))
    sweep(today=j("1405/03/21"))
    page, external = open_tab(
        browser, live_server, user=world.users["county"], viewport=(1000, 800)
    )
    page.goto(f"{live_server.url}/staff/notifications/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "۱ اعلان خوانده‌نشده" in page.inner_text("main")
    page.click("summary")
    expect(page.locator("details").first).to_contain_text("۱۴۰۵/۰۳/۲۰", use_inner_text=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "notifications-inbox.png"), full_page=True)
    page.click("form button[type=submit]")
    expect(page.locator("main")).to_contain_text("۰ اعلان خوانده‌نشده")  # the reloaded page
    assert not external
    page.context.close()
