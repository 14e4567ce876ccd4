"""Each main persona's daily work in a real Chromium, with screenshots of the main pages."""

import datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from peygir.conftest import World, open_tab
from peygir.resolutions import services
from peygir.resolutions.choices import Status
from peygir.resolutions.models import Resolution, Source
from peygir.workspace.models import Evidence

SCREENSHOTS = Path(__file__).resolve().parents[3] / "artifacts" / "screenshots"
PASSWORD = "x-test-password-1"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

pytestmark = pytest.mark.browser


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"workspace-{name}.png"), full_page=True)


def _sign_in(page: Page, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/staff/login/")
    page.get_by_label("نام کاربری").fill(username)
    page.get_by_label("گذرواژه").fill(PASSWORD)
    page.get_by_role("button", name="ورود").click()
    page.wait_for_load_state()


def test_the_secretariat_registers_a_trip_with_its_resolutions(
    browser: Browser, live_server: Any, world: World
) -> None:
    world.resolution()
    page, external = open_tab(browser, live_server)
    _sign_in(page, live_server, "secretariat")
    expect(page.get_by_role("heading", name="نمای کلی استان")).to_be_visible()
    assert page.locator("html").get_attribute("dir") == "rtl"
    _shot(page, "overview")

    page.get_by_role("link", name="سفرها و جلسات").click()
    page.get_by_role("link", name="ثبت سفر یا جلسه").click()
    page.get_by_label("عنوان").fill("سفر استاندار به بخش دستجرد")
    # The Jalali picker: open it, go one month back, pick the 10th.
    page.get_by_label("تاریخ (یا روز نخست)").click()
    picker = page.locator(".jdp")
    expect(picker).to_be_visible()
    picker.get_by_role("button", name="ماه قبل").click()
    picker.locator("td button", has_text="۱۰").first.click()
    typed = page.get_by_label("تاریخ (یا روز نخست)").input_value()
    assert typed.startswith("۱۴") and typed.endswith("/۱۰")
    page.get_by_label("مکان‌های بازدیدشده").select_option(label="کهک")
    _shot(page, "register-trip")
    page.get_by_role("button", name="ثبت و افزودن مصوبات آن").click()

    expect(page.get_by_role("heading", name="افزودن مصوبات")).to_be_visible()
    titles = ["آسفالت راه روستای وشنوه", "ساخت مدرسه دستجرد", "لوله‌کشی آب روستای کرمجگان"]
    page.get_by_role("button", name="افزودن مصوبه دیگر").click()  # a fourth box, left empty
    for index, title in enumerate(titles):
        row = page.locator("fieldset.formset-row").nth(index)
        row.get_by_label("عنوان").fill(title)
        row.get_by_label("دستگاه مسئول").select_option(label=world.roads.name)
        row.get_by_label("مسئول پیگیری").select_option(label=world.kahak_governorate.name)
        row.locator("input[name$='-deadline']").fill("۱۴۰۶/۰۲/۳۱")
        page.keyboard.press("Escape")
    _shot(page, "many-resolutions")
    page.get_by_role("button", name="ثبت مصوبات").click()

    expect(page.get_by_text("۳ مصوبه ثبت شد.")).to_be_visible()
    for title in titles:
        expect(page.get_by_role("link", name=title)).to_be_visible()
    _shot(page, "trip")
    source = Source.objects.get(title="سفر استاندار به بخش دستجرد")
    assert source.resolutions.count() == 3
    assert external == []


def test_the_officer_accepts_and_reports_progress_with_a_photo(
    browser: Browser, live_server: Any, world: World, tmp_path: Path
) -> None:
    resolution = world.resolution()
    page, external = open_tab(browser, live_server)
    _sign_in(page, live_server, "officer")
    expect(page.get_by_role("heading", name="کارتابل من")).to_be_visible()
    _shot(page, "inbox")
    page.get_by_role("link", name=resolution.title).click()

    page.get_by_label("پذیرش ابلاغ").check()
    page.get_by_role("button", name="ارسال پاسخ").click()
    expect(page.get_by_text("ابلاغ را پذیرفتید.")).to_be_visible()

    # A wrong value first: the htmx form comes back with the Persian error in place.
    page.get_by_label("درصد پیشرفت").fill("۱۲۰")
    page.get_by_label("چه کاری انجام شد").fill("زیرسازی مسیر انجام شد")
    page.get_by_role("button", name="ثبت پیشرفت").click()
    expect(page.get_by_text("درصد پیشرفت باید بین ۰ تا ۱۰۰ باشد.")).to_be_visible()
    expect(page.get_by_label("چه کاری انجام شد")).to_have_value("زیرسازی مسیر انجام شد")

    photo = tmp_path / "کارگاه.png"
    photo.write_bytes(PNG)
    page.get_by_label("درصد پیشرفت").fill("۴۰")
    page.get_by_label("مستندات (عکس یا سند)").set_input_files(str(photo))
    page.get_by_role("button", name="ثبت پیشرفت").click()
    expect(page.get_by_text("پیشرفت ثبت شد.")).to_be_visible()
    expect(page.get_by_role("link", name="کارگاه.png")).to_be_visible()
    _shot(page, "resolution")
    resolution.refresh_from_db()
    assert (resolution.status, resolution.progress) == (Status.IN_PROGRESS, 40)
    assert Evidence.objects.get().original_name == "کارگاه.png"

    page.get_by_label("مهلت پیشنهادی").fill("۱۴۰۶/۰۱/۱۵")
    page.keyboard.press("Escape")
    page.get_by_label("چرا زمان بیشتری لازم است").fill("کمبود قیر در بازار")
    page.get_by_role("button", name="ارسال درخواست").click()
    expect(page.get_by_text("درخواست تمدید مهلت شما ارسال شد.")).to_be_visible()
    assert external == []


def test_the_county_sees_its_county_only(browser: Browser, live_server: Any, world: World) -> None:
    mine = world.resolution(deadline=datetime.date(2026, 11, 1))
    other = world.resolution(
        title="گازرسانی به شهرک صنعتی قم",
        places=[world.qom_city],
        responsible_body=world.gas,
        followup_owner=world.qom_governorate,
    )
    page, external = open_tab(browser, live_server)
    _sign_in(page, live_server, "county")
    page.get_by_role("link", name="مصوبات", exact=True).click()
    expect(page.get_by_role("link", name=mine.title)).to_be_visible()
    expect(page.get_by_role("link", name=other.title)).to_have_count(0)
    page.get_by_label("گذشته از مهلت یا راکد").select_option(label="گذشته از مهلت")
    page.get_by_role("button", name="اعمال").click()
    expect(page.get_by_role("link", name=mine.title)).to_be_visible()
    _shot(page, "county-list")
    response = page.goto(f"{live_server.url}/staff/resolutions/{other.pk}/")
    assert response is not None and response.status == 404
    assert external == []


def test_the_weekly_list_reads_on_a_phone(browser: Browser, live_server: Any, world: World) -> None:
    resolution: Resolution = world.resolution(deadline=datetime.date(2026, 11, 1))
    services.deadline_revision_request(
        actor=world.users["officer"],
        resolution=resolution,
        new_date=datetime.date(2027, 1, 1),
        reason="کمبود قیر",
    )
    page, external = open_tab(browser, live_server, viewport=(390, 844))
    _sign_in(page, live_server, "deputy")
    page.goto(f"{live_server.url}/staff/weekly/")
    expect(page.get_by_text("تمدید مهلت درخواست شده")).to_be_visible()
    # Nothing wider than the phone except the scrollable tables.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    _shot(page, "weekly-phone")
    page.get_by_role("link", name=resolution.title).click()
    page.get_by_label("تأیید مهلت جدید").check()
    page.get_by_role("button", name="ثبت تصمیم").click()
    expect(page.get_by_text("تصمیم ثبت شد.")).to_be_visible()
    resolution.refresh_from_db()
    assert resolution.deadline == datetime.date(2027, 1, 1)
    assert external == []
