"""The streaming .xlsx writer makes a workbook that Excel's readers take as openpyxl's was."""

import io
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from peygir.spreadsheets.reader import read_table
from peygir.spreadsheets.xlsx import table_xlsx

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def test_one_right_to_left_sheet_with_a_bold_header_widths_and_typed_cells() -> None:
    content = table_xlsx(
        "مصوبات: [همه]",
        ["کد", "عنوان", "پیشرفت", "اعتبار"],
        [["QM-1", "پل <فردو> & «جاده»", 40, 1_500_000_000], ["QM-2", "", 0, None]],
        {2: 40.0},
    )
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    assert sheet.title == "مصوبات   همه"  # what Excel refuses in a title is replaced
    assert sheet.sheet_view.rightToLeft
    assert sheet.column_dimensions["B"].width == 40.0
    assert [cell.font.b for cell in sheet[1]] == [True] * 4
    assert sheet["A2"].font.b is False
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows == [
        ["کد", "عنوان", "پیشرفت", "اعتبار"],
        ["QM-1", "پل <فردو> & «جاده»", 40, 1_500_000_000],
        ["QM-2", None, 0, None],
    ]
    assert sheet["C2"].data_type == "n"


def test_characters_xml_cannot_hold_are_dropped_not_fatal() -> None:
    content = table_xlsx("x", ["a"], [["پیش\x00از\x1b"], ["\x07"]])
    table = read_table(content)
    assert [cells for _line, cells in table.rows] == [["پیشاز"]]


@settings(max_examples=150, deadline=None)
@given(texts=st.lists(st.text(max_size=30), min_size=1, max_size=5))
def test_any_text_comes_back_exactly(texts: list[str]) -> None:
    """Spaces, line breaks, carriage returns, markup characters and Persian alike come back
    as written (only characters XML forbids are dropped): openpyxl reads every one; calamine,
    what the import reads with, too, except a carriage return that it drops at a cell's edge."""
    content = table_xlsx("x", [f"c{i}" for i in range(len(texts) + 1)], [[*texts, "end"]])
    expected = [*(_ILLEGAL.sub("", text) or None for text in texts), "end"]
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    assert list(next(sheet.iter_rows(min_row=2, values_only=True))) == expected
    if not any("\r" in text for text in texts):
        first = next(read_table(content).rows)[1]
        assert [cell or None for cell in first] == expected
