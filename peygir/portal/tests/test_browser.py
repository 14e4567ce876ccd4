"""A citizen in a real Chromium: reads the pages, follows a promise, gets the update email.

The confirmation and update emails travel through a real SMTP server (aiosmtpd) on loopback.
"""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from peygir.conftest import open_tab
from peygir.portal.tests.conftest import Portal, text_part
from peygir.portal.updates import send_subscription_updates
from peygir.resolutions import services
from peygir.resolutions.choices import Status

SCREENSHOTS = Path(__file__).resolve().parents[3] / "artifacts" / "screenshots"
pytestmark = pytest.mark.browser


@pytest.fixture
def tab(browser: Browser, live_server: Any) -> Iterator[tuple[Page, list[str]]]:
    page, external = open_tab(browser, live_server, viewport=(390, 844))
    yield page, external
    page.context.close()


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"portal-{name}.png"), full_page=True)


def test_a_citizen_follows_a_promise_through_to_the_update_email(
    tab: tuple[Page, list[str]], live_server: Any, portal: Portal, smtp: Any, settings: Any
) -> None:
    settings.PEYGIR_PUBLIC_URL = live_server.url
    page, external = tab

    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_role("heading", name="وعده‌سنج").is_visible()
    _shot(page, "home")

    page.get_by_role("link", name="کهک").first.click()
    page.get_by_role("link", name=portal.road.title).click()
    # After a click the next page may still be loading: wait for it, as a reader would.
    expect(page.get_by_text("کمبود قیر در بازار").first).to_be_visible()
    _shot(page, "promise")

    page.get_by_label("نشانی ایمیل شما").fill("citizen@example.org")
    page.get_by_role("button", name="پیگیری می‌کنم").click()
    expect(page.get_by_role("heading", name="ایمیل خود را ببینید")).to_be_visible()

    confirmation = smtp.wait_for(1)[0]
    link = re.search(r"http://\S+/subscribe/confirm/\S+/", text_part(confirmation))
    assert link
    page.goto(link.group(0))
    assert page.get_by_role("heading", name="اشتراک تأیید شد").is_visible()
    _shot(page, "confirmed")

    services.resolution_change_status(
        actor=portal.world.users["officer"], resolution=portal.road, status=Status.DONE
    )
    assert send_subscription_updates().sent == 1
    update = smtp.wait_for(2)[1]
    assert "وضعیت از «در حال اجرا» به «انجام‌شده» تغییر کرد." in text_part(update)

    page.goto(live_server.url + f"/promises/{portal.road.tracking_code}/")
    assert page.get_by_text("انجام‌شده").first.is_visible()
    assert external == []


def test_the_promise_page_prints_without_the_site_chrome(
    tab: tuple[Page, list[str]], live_server: Any, portal: Portal
) -> None:
    page, _external = tab
    page.goto(live_server.url + f"/promises/{portal.road.tracking_code}/")
    page.emulate_media(media="print")
    assert not page.locator("header.site").is_visible()
    assert not page.locator(".subscribe").is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(SCREENSHOTS / "portal-promise-print.pdf"))
