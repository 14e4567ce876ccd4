"""Build spreadsheets in tests: the export's own files, edited cell by cell."""

import io
from typing import Any

from openpyxl import Workbook, load_workbook

from peygir.resolutions.models import DeadlineRevision, Resolution, ResolutionEvent
from peygir.spreadsheets.columns import COLUMNS

XLSX_NAME = "مصوبات.xlsx"


def export_rows(content: bytes) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def xlsx(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def new_row(**cells: Any) -> list[Any]:
    """A row of a new resolution (no tracking code), by column key → cell."""
    values: dict[str, Any] = {
        "title": "احداث پل روستای فردو",
        "source": "",
        "responsible_body": "اداره کل راه و شهرسازی استان قم",
        "places": "فردو",
        "followup_owner": "فرمانداری شهرستان کهک",
        "start_date": "۱۴۰۴/۰۳/۱۱",
        "original_deadline": "۱۴۰۵/۰۳/۳۱",
        "deadline": "۱۴۰۵/۰۳/۳۱",
        "status": "ابلاغ‌شده",
        "progress": 0,
        "visibility": "داخلی",
        "funding_not_needed": "خیر",
    }
    values.update(cells)
    return [values.get(column.key, "") for column in COLUMNS]


def counts() -> tuple[int, int, int]:
    return (
        Resolution.objects.count(),
        ResolutionEvent.objects.count(),
        DeadlineRevision.objects.count(),
    )
