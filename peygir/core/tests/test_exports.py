"""The shared export helpers: right-to-left sheets, Jalali dates, Persian download names."""

import datetime
import io
from urllib.parse import unquote

from openpyxl import load_workbook

from peygir.core.exports import XLSX_TYPE, Sheet, download, sheet_title, workbook_bytes


def test_workbook_is_right_to_left_with_jalali_dates_and_numbers_kept_numeric() -> None:
    sheet = Sheet(
        title="مصوبات",
        preamble=[["گزارش هفتگی"]],
        headers=["کد", "تاریخ", "مبلغ"],
        rows=[["R-1", datetime.date(2026, 11, 26), 1_500_000], ["R-2", None, 0]],
    )
    book = load_workbook(io.BytesIO(workbook_bytes([sheet])))
    ws = book["مصوبات"]
    assert ws.sheet_view.rightToLeft is True
    assert ws["A1"].value == "گزارش هفتگی"
    assert [c.value for c in ws[2]] == ["کد", "تاریخ", "مبلغ"]
    assert ws["A2"].font.bold
    assert [c.value for c in ws[3]] == ["R-1", "۱۴۰۵/۰۹/۰۵", 1_500_000]
    assert ws["B4"].value is None  # an empty date stays empty, not "None"


def test_sheet_titles_are_made_acceptable_to_excel() -> None:
    assert sheet_title("گزارش/هفتگی: [ویژه]") == "گزارش هفتگی   ویژه"
    assert len(sheet_title("ا" * 50)) == 31


def test_download_keeps_the_persian_name_and_an_ascii_fallback() -> None:
    response = download(b"x", XLSX_TYPE, "مصوبات-1405.xlsx")
    disposition = response["Content-Disposition"]
    assert 'filename="-1405.xlsx"' in disposition
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "مصوبات-1405.xlsx"
    assert response["X-Content-Type-Options"] == "nosniff"
