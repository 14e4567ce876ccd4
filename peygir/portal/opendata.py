"""Open data: every public promise as CSV and as JSON, streamed so that size is no limit."""

import csv
import json
from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from peygir.persian import format_jalali_date
from peygir.portal.selectors import promise_list
from peygir.resolutions.models import Resolution
from peygir.resolutions.selectors import public_resolutions

# Only public fields: never feasibility, funding, follow-up owner or internal reasons.
FIELDS = [
    "tracking_code",
    "title",
    "text",
    "source",
    "source_kind",
    "places",
    "responsible_body",
    "category",
    "start_date",
    "deadline",
    "deadline_jalali",
    "original_deadline",
    "status",
    "progress",
    "public_rating",
    "rating_reason",
    "url",
]


def _row(promise: Resolution) -> dict[str, Any]:
    return {
        "tracking_code": promise.tracking_code,
        "title": promise.title,
        "text": promise.text,
        "source": promise.source.title,
        "source_kind": promise.source.kind,
        "places": [place.name for place in promise.places.all()],
        "responsible_body": promise.responsible_body.name if promise.responsible_body else "",
        "category": promise.category.name if promise.category else "",
        "start_date": promise.start_date.isoformat() if promise.start_date else "",
        "deadline": promise.deadline.isoformat() if promise.deadline else "",
        "deadline_jalali": format_jalali_date(promise.deadline) if promise.deadline else "",
        "original_deadline": (
            promise.original_deadline.isoformat() if promise.original_deadline else ""
        ),
        "status": promise.status,
        "progress": promise.progress,
        "public_rating": promise.public_rating,
        "rating_reason": promise.rating_reason,
        "url": reverse("portal:promise", args=[promise.tracking_code]),
    }


def _rows() -> Iterator[dict[str, Any]]:
    promises = promise_list(public_resolutions()).select_related("category").order_by("pk")
    yield from (_row(promise) for promise in promises.iterator(chunk_size=2000))


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv() -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a BOM, so that spreadsheet programs read the Persian text as UTF-8
    yield writer.writerow(FIELDS)
    for row in _rows():
        row["places"] = "؛ ".join(row["places"])
        yield writer.writerow([row[name] for name in FIELDS])


def _json() -> Iterator[str]:
    yield '{"promises": ['
    for index, row in enumerate(_rows()):
        yield ("," if index else "") + json.dumps(row, ensure_ascii=False)
    yield "]}"


@require_GET
def promises_csv(request: HttpRequest) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="peygir-promises.csv"'
    return response


@require_GET
def promises_json(request: HttpRequest) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_json(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="peygir-promises.json"'
    return response
