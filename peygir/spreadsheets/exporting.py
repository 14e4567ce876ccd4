"""Write the staff lists as .xlsx, .csv (UTF-8 with BOM) and PDF, with the import's columns.

The rows come from the list page's own queryset (the user's row-level scope and filters), read
in chunks with the many-to-many names prefetched, so 100 k rows stream in bounded memory.
"""

import csv
import io
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db.models import IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from peygir.core.exports import Sheet, pdf_bytes, workbook_bytes
from peygir.organizations.models import Organization
from peygir.persian import format_jalali_date, search_key
from peygir.places.models import Place
from peygir.resolutions.choices import AuthorityLevel, Status, Visibility
from peygir.resolutions.models import FundingLine, Resolution
from peygir.spreadsheets.columns import COLUMNS, SEPARATOR, headers
from peygir.spreadsheets.lookups import ambiguous_place_names
from peygir.spreadsheets.parser import neutralize

CHUNK = 2000


def pdf_max_rows() -> int:
    return int(getattr(settings, "PEYGIR_EXPORT_PDF_MAX_ROWS", 500))


def _money(field: str) -> Coalesce:
    total = (
        FundingLine.objects.filter(resolution=OuterRef("pk"))
        .order_by()
        .values("resolution")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(Subquery(total, output_field=IntegerField()), Value(0))


def for_export(queryset: QuerySet[Resolution]) -> QuerySet[Resolution]:
    """The list's queryset with everything the columns read, in a fixed number of queries."""
    return (
        queryset.prefetch_related(None)
        .select_related(
            "source",
            "category",
            "responsible_body",
            "followup_owner",
            "national_counterpart",
        )
        .prefetch_related(
            Prefetch("places", queryset=Place.objects.only("pk", "name", "code", "path")),
            Prefetch("supporting_bodies", queryset=Organization.objects.only("pk", "name", "code")),
        )
        .annotate(approved=_money("approved"), spent=_money("spent"))
    )


class _Labels:
    """Display labels computed once per export, not once per row."""

    def __init__(self) -> None:
        self.status = {value: str(label) for value, label in Status.choices}
        self.visibility = {value: str(label) for value, label in Visibility.choices}
        self.authority = {value: str(label) for value, label in AuthorityLevel.choices}
        self.yes, self.no = _("yes"), _("no")
        self.ambiguous = ambiguous_place_names(list(Place.objects.only("name")))
        self.places: dict[int, str] = {}

    def place(self, place: Place) -> str:
        label = self.places.get(place.pk)
        if label is None:
            label = place.name
            if search_key(place.name) in self.ambiguous:
                label = f"{place.name} ({place.code})"
            self.places[place.pk] = label
        return label


# Deadlines and start dates repeat down a long list: convert each date once.
_jalali = lru_cache(maxsize=8192)(format_jalali_date)


def _name(body: Organization | None) -> str:
    return body.name if body is not None else ""


def row_values(resolution: Resolution, labels: _Labels) -> list[Any]:
    """One resolution as the cells of COLUMNS: text neutralized, dates Jalali, numbers numbers."""
    values: dict[str, Any] = {
        "tracking_code": resolution.tracking_code,
        "title": resolution.title,
        "text": resolution.text,
        "source": resolution.source.code,
        "category": resolution.category.name if resolution.category else "",
        "responsible_body": _name(resolution.responsible_body),
        "supporting_bodies": SEPARATOR.join(b.name for b in resolution.supporting_bodies.all()),
        "places": SEPARATOR.join(labels.place(p) for p in resolution.places.all()),
        "followup_owner": _name(resolution.followup_owner),
        "national_counterpart": _name(resolution.national_counterpart),
        "authority_level": labels.authority.get(resolution.authority_level, ""),
        "start_date": _jalali(resolution.start_date),
        "original_deadline": _jalali(resolution.original_deadline),
        "deadline": _jalali(resolution.deadline),
        "next_followup_date": _jalali(resolution.next_followup_date),
        "status": labels.status.get(resolution.status, resolution.status),
        "status_reason": resolution.status_reason,
        "progress": resolution.progress,
        "visibility": labels.visibility.get(resolution.visibility, resolution.visibility),
        "funding_not_needed": labels.yes if resolution.funding_not_needed else labels.no,
        "approved": getattr(resolution, "approved", 0),
        "spent": getattr(resolution, "spent", 0),
    }
    return [
        neutralize(value) if isinstance(value, str) else value
        for value in (values[column.key] for column in COLUMNS)
    ]


def rows(queryset: QuerySet[Resolution]) -> Iterator[list[Any]]:
    labels = _Labels()
    for resolution in for_export(queryset).iterator(chunk_size=CHUNK):
        yield row_values(resolution, labels)


def xlsx_bytes(queryset: QuerySet[Resolution], title: str) -> bytes:
    widths = {2: 40.0, 3: 60.0, 6: 30.0, 7: 30.0, 8: 24.0}
    return workbook_bytes(
        [Sheet(title=title, headers=headers(), rows=rows(queryset), widths=widths)]
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_chunks(queryset: QuerySet[Resolution]) -> Iterator[bytes]:
    """CSV in UTF-8 with a BOM, so that Excel opens the Persian text as Persian."""
    writer = csv.writer(_Echo())
    yield "\ufeff".encode()
    yield writer.writerow(headers()).encode()
    buffer = io.StringIO()
    batch = csv.writer(buffer)
    for index, values in enumerate(rows(queryset), start=1):
        batch.writerow(values)
        if index % 500 == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def pdf_export(queryset: QuerySet[Resolution], title: str) -> bytes:
    """A printable table of the first rows (a PDF of 100 k rows helps nobody)."""
    limit = pdf_max_rows()
    total = queryset.count()
    resolutions = list(queryset.prefetch_related(None).select_related("responsible_body")[:limit])
    return pdf_bytes(
        "spreadsheets/resolutions_pdf.html",
        {"title": title, "resolutions": resolutions, "total": total, "shown": len(resolutions)},
    )
