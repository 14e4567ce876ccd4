"""Files people take away: right-to-left Excel workbooks, Persian PDFs, and their downloads.

Every export in Peygir (dossiers, resolution lists, dashboards, the weekly report) goes
through these three functions, so that each one gets the same right-to-left sheets, bold
Persian headers, embedded Vazirmatn, and a download name that survives Persian letters.
"""

import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from peygir.persian import format_jalali_date, format_jalali_datetime

FONT_DIR = Path(__file__).resolve().parent / "static" / "peygir" / "fonts"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"

# Excel refuses sheet titles longer than 31 characters or holding any of these.
_SHEET_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


@dataclass
class Sheet:
    """One worksheet: a title, optional lines above the table, the headers and the rows.

    Dates in rows are written as Jalali text with Persian digits (what people here read and
    type, and what the import reads back); numbers stay numbers so that Excel can sum them.
    """

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    preamble: Sequence[Sequence[Any]] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)


def _cell(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return format_jalali_datetime(value)
    if isinstance(value, datetime.date):
        return format_jalali_date(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, str)):
        return value
    return str(value)


def sheet_title(title: str) -> str:
    return str(title).translate(_SHEET_TITLE_FORBIDDEN).strip()[:31] or "Sheet"


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """Write the sheets as one right-to-left workbook; write-only mode keeps 100 k rows cheap."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for spec in sheets:
        sheet = workbook.create_sheet(sheet_title(spec.title))
        sheet.sheet_view.rightToLeft = True
        for index, width in spec.widths.items():
            sheet.column_dimensions[_column_letter(index)].width = width
        for line in spec.preamble:
            sheet.append([_cell(value) for value in line])
        header_cells = []
        for header in spec.headers:
            cell = _write_only_cell(sheet, str(header))
            cell.font = bold
            cell.alignment = Alignment(horizontal="right")
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in spec.rows:
            sheet.append([_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_only_cell(sheet: Any, value: str) -> Any:
    from openpyxl.cell import WriteOnlyCell

    return WriteOnlyCell(sheet, value=value)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def pdf_bytes(template: str, context: dict[str, Any]) -> bytes:
    """Render a template to a PDF with Vazirmatn embedded (the template's @font-face uses
    `font_regular` and `font_bold`)."""
    from weasyprint import HTML  # imported here: loading Pango is only needed for PDFs

    html = render_to_string(
        template,
        {
            **context,
            "font_regular": (FONT_DIR / "Vazirmatn-Regular.ttf").as_uri(),
            "font_bold": (FONT_DIR / "Vazirmatn-Bold.ttf").as_uri(),
        },
    )
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def _as_attachment(response: HttpResponseBase, filename: str) -> None:
    """Name the file so that Persian letters survive (RFC 6266 filename*), with an ASCII
    fallback for old clients, and forbid content sniffing."""
    ascii_name = filename.encode("ascii", "ignore").decode().strip() or "peygir-export"
    if ascii_name.startswith("."):
        ascii_name = "peygir-export" + ascii_name
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    response["X-Content-Type-Options"] = "nosniff"


def download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    """A file made in memory, as an attachment."""
    response = HttpResponse(content, content_type=content_type)
    _as_attachment(response, filename)
    return response


def streamed_download(
    chunks: Iterable[bytes | str], content_type: str, filename: str
) -> StreamingHttpResponse:
    """A file written while it is sent (large CSV exports), as an attachment."""
    response = StreamingHttpResponse(chunks, content_type=content_type)
    _as_attachment(response, filename)
    return response
