"""The timeline events follow-up writes: one small function per kind (see resolutions/events.py)."""

import datetime
import functools
from typing import Any

from django.db import connection, models

from peygir.accounts.models import User
from peygir.followup.models import FollowupAction
from peygir.followup.rows import Insert, insert_prepare, pg_text
from peygir.resolutions.choices import EventKind
from peygir.resolutions.models import ResolutionEvent


def event_followup_recorded(action: FollowupAction, actor: User | None) -> ResolutionEvent:
    # Internal actions (most letters) stay off the public timeline.
    data: dict[str, Any] = {
        "action_id": action.pk,
        "action_kind": action.kind,
        "date": action.date.isoformat(),
        "level": action.level,
    }
    if action.letter_number:
        data["letter_number"] = action.letter_number
    if action.in_reply_to_id:
        data["in_reply_to"] = action.in_reply_to_id
    return ResolutionEvent.objects.create(
        resolution=action.resolution,
        kind=EventKind.FOLLOWUP_RECORDED,
        actor=actor,
        is_public=not action.is_internal,
        message=action.subject or action.outcome,
        data=data,
    )


# The columns of a sweep's event rows, for `events_swept_save`.
SWEPT_COLUMNS = ("resolution", "kind", "actor", "created_at", "is_public", "message", "data")


# Their text, once: `str()` of a TextChoices member runs Python code.
_REMINDED, _ESCALATED = str(EventKind.REMINDED), str(EventKind.ESCALATED)


def event_swept(
    resolution_id: int,
    condition: str,
    period: str,
    level: int,
    message: str,
    when: datetime.datetime,
    vendor: str | None = None,
) -> tuple[object, ...]:
    """The event of a sweep step, as a row of SWEPT_COLUMNS: a reminder at level 0, else an
    escalation; internal (not on the public timeline), by nobody. `vendor` is the
    database's (looked up when not given).

    The sweep writes a chunk of them at once with `events_swept_save`.
    """
    kind = _REMINDED if level == 0 else _ESCALATED
    data = _data(vendor or connection.vendor, condition, period, level)
    return (resolution_id, kind, None, when, False, message, data)


@functools.lru_cache(maxsize=65536)
def _data(vendor: str, condition: str, period: str, level: int) -> object:
    """The event's data as the database takes it, encoded once per occurrence and rung (a
    million steps have a few thousand; Django's JSON preparation was 15 % of a first pass).
    `vendor` keys the cache: the encoded form is the backend's own."""
    field = ResolutionEvent._meta.get_field("data")
    assert isinstance(field, models.JSONField)
    data = {"condition": condition, "period": period, "level": level}
    prepared = field.get_db_prep_save(data, connection)
    # PostgreSQL's is an adapter that would be encoded again for every chunk's COPY (5 s of
    # a first pass at 1 M): its text form, which a jsonb column takes as it is, once.
    return pg_text(prepared) if vendor == "postgresql" else prepared


def events_swept_save(rows: list[tuple[object, ...]]) -> None:
    """Append the events in a few statements (the timeline stays append-only)."""
    events_swept_prepare(rows)()


def events_swept_prepare(rows: list[tuple[object, ...]]) -> Insert:
    """`events_swept_save`, with its statements built now and sent when the call runs."""
    return insert_prepare(ResolutionEvent, SWEPT_COLUMNS, rows, batch_size=1000, prepared={"data"})
