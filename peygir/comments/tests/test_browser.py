"""A citizen posts a comment in a real browser; a moderator decides it with one key; the
decision reaches the citizen's inbox on a real SMTP server."""

import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from peygir.comments.choices import State
from peygir.comments.tests.conftest import Inbox
from peygir.comments.tests.helpers import last_comment
from peygir.conftest import World, open_tab
from peygir.resolutions.models import Resolution

SCREENSHOTS = Path(__file__).resolve().parents[3] / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


def test_citizen_posts_moderator_publishes_citizen_is_mailed(
    browser: Browser, live_server: Any, world: World, promise: Resolution, inbox: Inbox
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    citizen = browser.new_context(locale="fa-IR").new_page()
    citizen.goto(f"{live_server.url}/comments/post/?kind=promise&target={promise.pk}")
    expect(citizen.locator("html")).to_have_attribute("dir", "rtl")
    citizen.get_by_label("نام").fill("رضا کریمی")
    citizen.get_by_label("ایمیل").fill("reza@example.org")
    # Sharp words that the screen holds for a moderator.
    citizen.get_by_label("نظر").fill("مسئولان احمق این راه را رها کرده‌اند.")
    citizen.get_by_role("button", name="ارسال نظر").click()
    expect(citizen.get_by_role("status")).to_contain_text("در انتظار بررسی")
    citizen.screenshot(path=str(SCREENSHOTS / "comments-awaiting-review.png"))
    assert last_comment().state == State.HELD
    assert inbox.messages == []

    moderator, _external = open_tab(browser, live_server, user=world.users["moderator"])
    moderator.goto(f"{live_server.url}/comments/moderate/")
    item = moderator.locator(".queue-item").first
    expect(item).to_contain_text("احمق")
    expect(item).to_contain_text("توهین")
    expect(moderator.locator("body")).not_to_contain_text("reza@example.org")
    item.focus()
    moderator.screenshot(path=str(SCREENSHOTS / "comments-moderation-queue.png"))
    moderator.keyboard.press("p")  # one key: publish
    expect(moderator.get_by_role("status")).to_contain_text("تصمیم ثبت شد")

    assert last_comment().state == State.PUBLISHED
    assert [m["To"] for m in inbox.messages] == ["reza@example.org"]
    assert "منتشر شد" in str(inbox.messages[0]["Subject"])
    assert "مسئولان احمق" in inbox.text(inbox.messages[0])
    # Closed before the live server stops, so that no kept-alive request outlives the test.
    citizen.context.close()
    moderator.context.close()
