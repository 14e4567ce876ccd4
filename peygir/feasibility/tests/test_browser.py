"""The deputy in a real Chromium: answers the checklist, gives the verdict, publishes."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, Page

from peygir.conftest import World
from peygir.feasibility.models import ChecklistItem
from peygir.resolutions import services
from peygir.resolutions.choices import AuthorityLevel, Visibility
from peygir.resolutions.models import Resolution

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


@pytest.fixture
def deputy_page(browser: Browser, live_server: Any, world: World) -> Iterator[Page]:
    client = Client()
    client.force_login(world.users["deputy"])
    context = browser.new_context(locale="fa-IR", viewport={"width": 1100, "height": 900})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    page = context.new_page()
    yield page
    context.close()


def test_the_deputy_clears_the_gate_and_publishes(
    deputy_page: Page, live_server: Any, world: World
) -> None:
    page = deputy_page
    external: list[str] = []
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith(live_server.url) else external.append(request.url)
        ),
    )
    resolution = world.resolution(authority_level=AuthorityLevel.PROVINCE, funding_not_needed=True)
    services.resolution_accept(actor=world.users["officer"], resolution=resolution)
    item = ChecklistItem.objects.create(code="site", question="محل اجرا تعیین شده است؟")
    page.goto(f"{live_server.url}/staff/feasibility/{resolution.pk}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "امکان‌سنجی هنوز انجام نشده است." in page.locator("#blockers").inner_text()
    page.screenshot(path=str(_shot("feasibility-blocked")), full_page=True)

    page.select_option(f"select[name=answer_{item.pk}]", "yes")
    page.click("#checklist-form button[type=submit]")
    page.check("input[name=verdict][value=feasible]")
    page.fill("textarea[name=reasons]", "دستگاه پذیرفته و محل اجرا تعیین شده است.")
    page.click("#assessment-form button[type=submit]")
    assert "همه شرط‌ها برقرار است" in page.locator("#ready").inner_text()
    page.click("text=انتشار به عنوان وعده")
    assert "مصوبه اکنون وعده عمومی است." in page.content()
    page.screenshot(path=str(_shot("feasibility-published")), full_page=True)
    assert Resolution.objects.get(pk=resolution.pk).visibility == Visibility.PUBLIC
    assert external == []


def _shot(name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"
