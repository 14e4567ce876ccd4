"""The county officer reads a sweep's reminder in the inbox, in a real Chromium."""

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser

from peygir.conftest import World
from peygir.followup.sweep import sweep
from peygir.followup.tests.helpers import j, on
from peygir.workdays.services import holidays_load

SCREENSHOTS = Path(__file__).resolve().parents[3] / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


def test_the_county_officer_reads_a_reminder(
    browser: Browser, live_server: Any, world: World
) -> None:
    holidays_load()
    with on("1405/03/01"):
        world.resolution(deadline=j("1405/03/20"), next_followup_date=j("1405/03/10"))
    sweep(today=j("1405/03/21"))
    client = Client()
    client.force_login(world.users["county"])
    context = browser.new_context(locale="fa-IR", viewport={"width": 1000, "height": 800})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    external: list[str] = []
    page.on(
        "request",
        lambda r: None if r.url.startswith(live_server.url) else external.append(r.url),
    )
    page.goto(f"{live_server.url}/staff/notifications/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "۱ اعلان خوانده‌نشده" in page.inner_text("main")
    page.click("summary")
    assert "۱۴۰۵/۰۳/۲۰" in page.inner_text("details")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "notifications-inbox.png"), full_page=True)
    page.click("form button[type=submit]")
    assert "۰ اعلان خوانده‌نشده" in page.inner_text("main")
    assert not external
    context.close()
