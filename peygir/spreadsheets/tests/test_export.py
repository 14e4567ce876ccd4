"""The exported files hold what the list shows, to whom it shows it, in Persian."""

import datetime
import io

from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from peygir.conftest import World
from peygir.persian import format_jalali_date
from peygir.spreadsheets.columns import headers
from peygir.spreadsheets.tests.helpers import export_rows


def _get(world: World, user: str, url: str) -> bytes:
    client = Client()
    client.force_login(world.users[user])
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content) if response.streaming else response.content


def _two_bodies(world: World) -> None:
    world.resolution(title="آسفالت راه فردو")
    world.resolution(
        title="گازرسانی شهر قم", places=[world.qom_city], responsible_body=world.gas,
        followup_owner=world.qom_governorate,
    )  # fmt: skip


def test_xlsx_cells_are_persian_right_to_left_with_jalali_dates(world: World) -> None:
    _two_bodies(world)
    content = _get(world, "secretariat", "/staff/spreadsheets/export/resolutions.xlsx")
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    assert sheet.sheet_view.rightToLeft
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == headers()
    assert "عنوان" in rows[0]
    fordo = next(row for row in rows if row[1] == "آسفالت راه فردو")
    assert fordo[5] == "اداره کل راه و شهرسازی استان قم"
    assert fordo[7] == "فردو"
    assert fordo[11] == format_jalali_date(datetime.date(2025, 6, 1)) == "۱۴۰۴/۰۳/۱۱"
    assert fordo[13] == "۱۴۰۵/۰۳/۳۱"  # 2026-06-21, Jalali with Persian digits
    assert fordo[15] == "ابلاغ‌شده"
    assert fordo[17] == 0


def test_each_persona_exports_only_what_it_may_see(world: World) -> None:
    _two_bodies(world)
    for user, expected in [
        ("secretariat", {"آسفالت راه فردو", "گازرسانی شهر قم"}),
        ("officer", {"آسفالت راه فردو"}),
        ("gas_officer", {"گازرسانی شهر قم"}),
        ("county", {"آسفالت راه فردو"}),
    ]:
        rows = export_rows(_get(world, user, "/staff/spreadsheets/export/resolutions.xlsx"))
        assert {row[1] for row in rows[1:]} == expected, user


def test_filters_of_the_list_apply_to_the_export(world: World) -> None:
    _two_bodies(world)
    url = f"/staff/spreadsheets/export/resolutions.xlsx?body={world.gas.pk}"
    rows = export_rows(_get(world, "secretariat", url))
    assert [row[1] for row in rows[1:]] == ["گازرسانی شهر قم"]


def test_inbox_export_holds_the_inbox(world: World) -> None:
    _two_bodies(world)
    rows = export_rows(_get(world, "gas_officer", "/staff/spreadsheets/export/inbox.xlsx"))
    assert [row[1] for row in rows[1:]] == ["گازرسانی شهر قم"]


def test_pdf_has_shaped_persian_text(world: World) -> None:
    _two_bodies(world)
    content = _get(world, "secretariat", "/staff/spreadsheets/export/resolutions.pdf")
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    text = "".join(page.extract_text() for page in reader.pages)
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = [str(fonts[key].get_object()["/BaseFont"]) for key in fonts]
    assert any("Vazirmatn" in name for name in names), names
    for word in ("گازرسانی", "فردو", "مصوبات"):
        assert word in text or word[::-1] in text, word


def test_list_pages_link_to_the_exports_with_the_current_filters(world: World) -> None:
    client = Client()
    client.force_login(world.users["secretariat"])
    page = client.get("/staff/resolutions/?status=assigned").content.decode()
    assert "/staff/spreadsheets/export/resolutions.xlsx?status=assigned" in page
    assert "/staff/spreadsheets/export/resolutions.csv?status=assigned" in page
    assert "/staff/spreadsheets/import/" in page
    inbox = client.get("/staff/inbox/").content.decode()
    assert "/staff/spreadsheets/export/inbox.pdf" in inbox


def test_officers_see_no_import_link(world: World) -> None:
    client = Client()
    client.force_login(world.users["officer"])
    page = client.get("/staff/resolutions/").content.decode()
    assert "/staff/spreadsheets/export/resolutions.xlsx" in page
    assert "/staff/spreadsheets/import/" not in page


def test_outsiders_cannot_export(world: World) -> None:
    for user in ("outsider", "council"):
        client = Client()
        client.force_login(world.users[user])
        assert client.get("/staff/spreadsheets/export/resolutions.csv").status_code == 403
    assert Client().get("/staff/spreadsheets/export/resolutions.csv").status_code == 302


def test_cells_that_look_like_formulas_are_neutralized_in_excel(world: World) -> None:
    world.resolution(title='=HYPERLINK("http://evil.example","x")', text="@SUM(A1:A9)")
    world.resolution(title="+98 پیگیری", text="-1")
    content = _get(world, "secretariat", "/staff/spreadsheets/export/resolutions.xlsx")
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", cell.value
            if isinstance(cell.value, str):
                assert not cell.value.startswith(("=", "+", "-", "@")), cell.value
    titles = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert '\'=HYPERLINK("http://evil.example","x")' in titles
    assert "'+98 پیگیری" in titles
