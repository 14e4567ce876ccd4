"""Write the staff lists as .xlsx, .csv (UTF-8 with BOM) and PDF, with the import's columns.

The rows come from the list page's own queryset (the user's row-level scope and filters), read
as plain tuples in chunks of `CHUNK`; each chunk's places, supporting bodies and funding totals
come in three more queries, and every name is looked up in a map loaded once per export. No
model instance is built per row, so 100 k rows stream in bounded memory and a few dozen
queries whatever the row count.
"""

import csv
import datetime
import io
from collections import defaultdict
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from peygir.core.exports import pdf_bytes
from peygir.organizations.models import Organization
from peygir.persian import format_jalali_date, search_key
from peygir.places.models import Place
from peygir.resolutions.choices import AuthorityLevel, Status, Visibility
from peygir.resolutions.models import Category, FundingLine, Resolution
from peygir.spreadsheets.columns import SEPARATOR, fields, headers
from peygir.spreadsheets.lookups import ambiguous_place_names
from peygir.spreadsheets.parser import neutralize
from peygir.spreadsheets.xlsx import table_xlsx

CHUNK = 2000
# What each row reads, in this order (`rows` unpacks it): the source as the code its cell shows.
_FIELDS = ("pk", *fields(source="source__code"))
_PLACES = Resolution.places.through
_BODIES = Resolution.supporting_bodies.through


def pdf_max_rows() -> int:
    return int(getattr(settings, "PEYGIR_EXPORT_PDF_MAX_ROWS", 500))


class _Labels:
    """Every name and label an export writes, loaded or computed once per export."""

    def __init__(self) -> None:
        self.status = {value: str(label) for value, label in Status.choices}
        self.visibility = {value: str(label) for value, label in Visibility.choices}
        self.authority = {value: str(label) for value, label in AuthorityLevel.choices}
        self.yes, self.no = _("yes"), _("no")
        # Registries of a few thousand names at most; ordered as the models order them.
        self.bodies: dict[int | None, str] = {None: ""}
        self.body_order: dict[int, int] = {}
        for index, (pk, name) in enumerate(Organization.objects.values_list("pk", "name")):
            self.bodies[pk] = name
            self.body_order[pk] = index
        self.categories: dict[int | None, str] = {None: ""}
        self.categories.update(Category.objects.values_list("pk", "name"))
        places = list(Place.objects.only("pk", "name", "code", "path"))
        ambiguous = ambiguous_place_names(places)
        self.places: dict[int, str] = {}
        self.place_order: dict[int, int] = {}
        for index, place in enumerate(places):
            label = place.name
            if search_key(place.name) in ambiguous:
                label = f"{place.name} ({place.code})"
            self.places[place.pk] = label
            self.place_order[place.pk] = index


# Deadlines and start dates repeat down a long list: convert each date once.
_jalali = lru_cache(maxsize=8192)(format_jalali_date)


@lru_cache(maxsize=65536)
def _neutral(text: str) -> str:
    return neutralize(text)


def _chunks(queryset: QuerySet[Resolution]) -> Iterator[list[tuple[Any, ...]]]:
    tuples = queryset.prefetch_related(None).values_list(*_FIELDS)
    batch: list[tuple[Any, ...]] = []
    for values in tuples.iterator(chunk_size=CHUNK):
        batch.append(values)
        if len(batch) >= CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _linked(through: Any, column: str, ids: list[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    pairs = through.objects.filter(resolution_id__in=ids).values_list("resolution_id", column)
    for resolution_id, other_id in pairs:
        found[resolution_id].append(other_id)
    return found


def _joined(ids: list[int], labels: Mapping[Any, str], order: dict[int, int]) -> str:
    if not ids:
        return ""
    if len(ids) == 1:
        return _neutral(labels[ids[0]])
    return _neutral(SEPARATOR.join(labels[pk] for pk in sorted(ids, key=order.__getitem__)))


def _money(ids: list[int]) -> dict[int, tuple[int, int]]:
    totals = (
        FundingLine.objects.filter(resolution_id__in=ids)
        .order_by()
        .values("resolution_id")
        .annotate(approved=Sum("approved"), spent=Sum("spent"))
        .values_list("resolution_id", "approved", "spent")
    )
    return {pk: (approved or 0, spent or 0) for pk, approved, spent in totals}


def _date(value: datetime.date | None) -> str:
    return _jalali(value) if value is not None else ""


def rows(queryset: QuerySet[Resolution]) -> Iterator[list[Any]]:
    """Each resolution as the cells of COLUMNS: text neutralized, dates Jalali, numbers
    numbers, names as the registry writes them (what the import reads back unchanged)."""
    labels = _Labels()
    bodies, categories = labels.bodies, labels.categories
    for batch in _chunks(queryset):
        ids = [values[0] for values in batch]
        places = _linked(_PLACES, "place_id", ids)
        supporting = _linked(_BODIES, "organization_id", ids)
        money = _money(ids)
        for (
            pk,
            tracking_code,
            title,
            text,
            source,
            category,
            responsible,
            owner,
            counterpart,
            authority,
            start,
            original,
            deadline,
            next_followup,
            status,
            reason,
            progress,
            visibility,
            no_funding,
        ) in batch:
            approved, spent = money.get(pk, (0, 0))
            yield [
                _neutral(tracking_code),
                neutralize(title),
                neutralize(text),
                _neutral(source),
                _neutral(categories[category]),
                _neutral(bodies[responsible]),
                _joined(supporting.get(pk, []), bodies, labels.body_order),
                _joined(places.get(pk, []), labels.places, labels.place_order),
                _neutral(bodies[owner]),
                _neutral(bodies[counterpart]),
                labels.authority.get(authority, ""),
                _date(start),
                _date(original),
                _date(deadline),
                _date(next_followup),
                labels.status.get(status, status),
                neutralize(reason),
                progress,
                labels.visibility.get(visibility, visibility),
                labels.yes if no_funding else labels.no,
                approved,
                spent,
            ]


def xlsx_bytes(queryset: QuerySet[Resolution], title: str) -> bytes:
    widths = {2: 40.0, 3: 60.0, 6: 30.0, 7: 30.0, 8: 24.0}
    return table_xlsx(title, headers(), rows(queryset), widths)


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
