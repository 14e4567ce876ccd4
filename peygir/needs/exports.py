"""A dossier as the files the delegation carries to Tehran: a PDF and an Excel workbook."""

from django.utils.translation import gettext as _

from peygir.core.exports import Sheet, pdf_bytes, workbook_bytes
from peygir.needs.models import Dossier, NeedItem


def _items(dossier: Dossier) -> list[NeedItem]:
    return list(
        dossier.items.select_related("needs_list__council", "place", "category")
        .prefetch_related("merged_items__needs_list__council")
        .order_by("provincial_priority", "priority", "id")
    )


def dossier_pdf(dossier: Dossier) -> bytes:
    """Render the dossier as a right-to-left PDF with Vazirmatn embedded."""
    return pdf_bytes("needs/dossier_pdf.html", {"dossier": dossier, "items": _items(dossier)})


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


def _row(item: NeedItem) -> list[object]:
    council = item.needs_list.council.name if item.needs_list else item.requester_name
    submitted = item.needs_list.submitted_at if item.needs_list else item.created_at
    return [
        item.tracking_code,
        item.title,
        council,
        item.place.name if item.place else "",
        item.estimated_cost,
        item.provincial_priority,
        "، ".join(m.needs_list.council.name for m in item.merged_items.all() if m.needs_list),
        submitted.date() if submitted else None,
    ]


def dossier_xlsx(dossier: Dossier) -> bytes:
    """Write the dossier as a right-to-left workbook with Persian headers and Jalali dates."""
    sheet = Sheet(
        title=_("Dossier"),
        preamble=[[str(dossier.title)], [_("Planned visit"), dossier.planned_date]],
        headers=[_(label) for _field, label in COLUMNS],
        rows=(_row(item) for item in _items(dossier)),
        widths={2: 40, 3: 40, 7: 40},
    )
    return workbook_bytes([sheet])
