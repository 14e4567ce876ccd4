"""A dossier as the files the delegation carries to Tehran: a PDF and an Excel workbook."""

import io
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from peygir.needs.models import Dossier, NeedItem
from peygir.persian import format_jalali_date
from peygir.persian.digits import to_persian_digits

FONT_DIR = Path(__file__).resolve().parent.parent / "core" / "static" / "peygir" / "fonts"


def _items(dossier: Dossier) -> list[NeedItem]:
    return list(
        dossier.items.select_related("needs_list__council", "place", "category")
        .prefetch_related("merged_items__needs_list__council")
        .order_by("provincial_priority", "priority", "id")
    )


def dossier_pdf(dossier: Dossier) -> bytes:
    """Render the dossier as a right-to-left PDF with Vazirmatn embedded."""
    from weasyprint import HTML  # imported here: loading Pango is only needed for PDFs

    html = render_to_string(
        "needs/dossier_pdf.html",
        {
            "dossier": dossier,
            "items": _items(dossier),
            "font_regular": (FONT_DIR / "Vazirmatn-Regular.ttf").as_uri(),
            "font_bold": (FONT_DIR / "Vazirmatn-Bold.ttf").as_uri(),
        },
    )
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


COLUMNS = [
    ("tracking_code", "Tracking code"),
    ("title", "Title"),
    ("council", "Council"),
    ("place", "Place"),
    ("estimated_cost", "Estimated cost (rials)"),
    ("provincial_priority", "Provincial priority"),
    ("merged", "Also asked by"),
    ("submitted", "Submitted on"),
]


def dossier_xlsx(dossier: Dossier) -> bytes:
    """Write the dossier as a right-to-left workbook with Persian headers and Jalali dates."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Dossier")[:31]
    sheet.sheet_view.rightToLeft = True
    sheet.append([str(dossier.title)])
    sheet.append([_("Planned visit"), format_jalali_date(dossier.planned_date)])
    sheet.append([_(label) for _field, label in COLUMNS])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for item in _items(dossier):
        council = item.needs_list.council.name if item.needs_list else item.requester_name
        submitted = item.needs_list.submitted_at if item.needs_list else item.created_at
        sheet.append(
            [
                item.tracking_code,
                item.title,
                council,
                item.place.name if item.place else "",
                item.estimated_cost,
                item.provincial_priority,
                "، ".join(
                    m.needs_list.council.name for m in item.merged_items.all() if m.needs_list
                ),
                format_jalali_date(submitted.date()) if submitted else "",
            ]
        )
    for column in ("B", "C", "G"):
        sheet.column_dimensions[column].width = 40
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(horizontal="right", wrap_text=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def persian_count(value: int) -> str:
    return to_persian_digits(str(value))
