"""The deputy in a real Chromium: answers the checklist, gives the verdict, publishes."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from peygir.conftest import World, open_tab
from peygir.feasibility.models import ChecklistItem
from peygir.resolutions import services
from peygir.resolutions.choices import AuthorityLevel, Visibility
from peygir.resolutions.models import Resolution

SCREENSHOTS = Path(__file__).resolve().parents[3] / "artifacts" / "screenshots"
pytestmark = pytest.mark.browser


def test_the_deputy_clears_the_gate_and_publishes(
    browser: Browser, live_server: Any, world: World
) -> None:
    page, external = open_tab(
        browser, live_server, user=world.users["deputy"], viewport=(1100, 900)
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
    # Each click loads the next page: wait for what it should say (the machine may be busy).
    expect(page.locator("#ready")).to_contain_text("همه شرط‌ها برقرار است")
    page.click("text=انتشار به عنوان وعده")
    expect(page.locator("body")).to_contain_text("مصوبه اکنون وعده عمومی است.")
    page.screenshot(path=str(_shot("feasibility-published")), full_page=True)
    assert Resolution.objects.get(pk=resolution.pk).visibility == Visibility.PUBLIC
    assert external == []
    page.context.close()


def _shot(name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"
