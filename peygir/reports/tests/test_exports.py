"""The downloads, opened back: right-to-left workbooks with Persian headers and the same
numbers as the page; PDFs with Persian text, Jalali dates and Vazirmatn embedded."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from peygir.persian import to_persian_digits
from peygir.reports.tests.conftest import Province
from peygir.reports.urls import SLUGS


def _get(province: Province, url: str, persona: str = "secretariat") -> bytes:
    client = Client()
    client.force_login(province.world.users[persona])
    response = client.get(url)
    assert response.status_code == 200, url
    assert "attachment;" in response["Content-Disposition"]
    return response.content


def _has(text: str, word: str) -> bool:
    """pypdf may give shaped Persian back in visual order: accept either."""
    return word in text or word[::-1] in text


def test_fulfilment_workbook_is_rtl_with_persian_headers_and_the_numbers(
    province: Province,
) -> None:
    content = _get(province, "/staff/reports/fulfilment/excel/?fiscal_year=1404")
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames[0] == "تحقق به تفکیک شهرستان"
    sheet = book["تحقق به تفکیک شهرستان"]
    assert sheet.sheet_view.rightToLeft is True
    rows = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "تحقق مصوبات و وعده\u200cسنج"
    assert rows[2] == ("سال مالی", "۱۴۰۴") or list(rows[2][:2]) == ["سال مالی", "۱۴۰۴"]
    header = next(i for i, row in enumerate(rows) if row[0] == "شهرستان")
    assert list(rows[header][:3]) == ["شهرستان", "مصوبه", "محقق شده"]
    body = {row[0]: row for row in rows[header + 1 :]}
    # In 1404: R2, R3 in Kahak (none done), R5 in Qom (done).
    assert list(body["کهک"][1:3]) == [2, 0] and list(body["قم"][1:3]) == [1, 1]
    assert body["قم"][7] == 100


def test_every_dashboard_has_a_workbook_and_a_pdf(province: Province) -> None:
    for slug in SLUGS:
        book = load_workbook(io.BytesIO(_get(province, f"/staff/reports/{slug}/excel/")))
        assert all(sheet.sheet_view.rightToLeft for sheet in book.worksheets), slug
        assert PdfReader(io.BytesIO(_get(province, f"/staff/reports/{slug}/pdf/"))).pages


def test_letters_workbook_writes_jalali_dates(province: Province) -> None:
    book = load_workbook(io.BytesIO(_get(province, "/staff/reports/letters/excel/")))
    waiting = book.worksheets[1]
    values = [cell for row in waiting.iter_rows(values_only=True) for cell in row]
    assert "۱۴۰۴/۰۹/۱۰" in values  # the letter of 2025-12-01
    assert "۱۲/۴۰" in values


def test_a_county_workbook_holds_only_its_county(province: Province) -> None:
    book = load_workbook(io.BytesIO(_get(province, "/staff/reports/credit/excel/", "county")))
    values = [cell for row in book.worksheets[0].iter_rows(values_only=True) for cell in row]
    assert 1000 in values and 500 not in values


def test_the_dashboard_pdf_is_persian_with_jalali_dates(province: Province) -> None:
    pdf = _get(province, "/staff/reports/overdue/pdf/")
    reader = PdfReader(io.BytesIO(pdf))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert any("Vazirmatn" in str(fonts[name].get_object()["/BaseFont"]) for name in fonts)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert _has(text, "تأخیر") and _has(text, "۱۴۰۴")  # made on ۱۴۰۴/۱۰/۲۵
    assert _has(text, "۴۱۰")  # the gas company's longest delay, in days


def test_the_weekly_report_pdf(province: Province) -> None:
    pdf = _get(province, "/staff/reports/weekly/pdf/")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert _has(text, "استاندار")
    assert _has(text, "۱۴۰۴") and _has(text, "دی")  # the week of ۲۵ دی ۱۴۰۴
    # R5 was fulfilled this week (codes come from a sequence: read the real one).
    serial = to_persian_digits(province.r[5].tracking_code.rsplit("-", 1)[-1])
    assert _has(text, serial)


@pytest.mark.parametrize("persona", ["officer", "county"])
def test_the_weekly_report_is_for_whoever_sees_the_weekly_page(
    province: Province, persona: str
) -> None:
    assert _get(province, "/staff/reports/weekly/pdf/", persona).startswith(b"%PDF")


def test_the_weekly_page_links_its_pdf(province: Province) -> None:
    client = Client()
    client.force_login(province.world.users["secretariat"])
    assert 'href="/staff/reports/weekly/pdf/"' in client.get("/staff/weekly/").text


def test_the_weekly_report_command(province: Province, tmp_path: Path) -> None:
    out = tmp_path / "weekly.pdf"
    call_command("weekly-report", out=str(out), user="deputy", stdout=io.StringIO())
    assert out.read_bytes().startswith(b"%PDF")
