"""The timeline events follow-up writes: one small function per kind (see resolutions/events.py)."""

import datetime
import functools
import json
from typing import Any

from django.db import connection

from peygir.accounts.models import User
from peygir.followup.models import FollowupAction, SweepStep
from peygir.followup.rows import Insert, array_param, bound_cursor, insert_prepare
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
) -> tuple[object, ...]:
    """The event of a sweep step, as a row of SWEPT_COLUMNS: a reminder at level 0, else an
    escalation; internal (not on the public timeline), by nobody.

    The sweep writes a chunk of them at once with `events_swept_save`.
    """
    kind = _REMINDED if level == 0 else _ESCALATED
    return (resolution_id, kind, None, when, False, message, swept_data(condition, period, level))


def swept_data(condition: str, period: str, level: int) -> str:
    """A sweep event's data as the JSON text Django's JSONField writes on either database
    (`json.dumps` of the dict; the tests compare the two), which both take as it is.

    Written here, not prepared by the field: a first pass has nearly as many periods as
    steps (each unanswered letter is its own), so a cache of prepared values missed, and
    the field's preparation of each was 4 s of a first pass at 1 M.
    """
    condition_text, period_text = _json_text(condition), json.dumps(period)
    return f'{{"condition": {condition_text}, "period": {period_text}, "level": {level}}}'


@functools.cache
def _json_text(text: str) -> str:
    return json.dumps(text)


def events_swept_save(rows: list[tuple[object, ...]]) -> None:
    """Append the events in a few statements (the timeline stays append-only)."""
    events_swept_prepare(rows)()


def events_swept_prepare(rows: list[tuple[object, ...]]) -> Insert:
    """`events_swept_save`, with its statements built now and sent when the call runs."""
    return insert_prepare(ResolutionEvent, SWEPT_COLUMNS, rows, batch_size=1000, prepared={"data"})


def events_of_steps_prepare(ids: list[int], said: list[int], texts: list[str]) -> Insert:
    """PostgreSQL: the events of the sweep steps of `ids` that exist when the call runs,
    made by the server from the step rows, in the order of `ids`: each says
    `texts[said[i] - 1]`, and is as `event_swept` would make it (its time the step's).

    A first pass at 1 M writes 1.4 M events: built, turned into COPY text and sent by the
    sweep's processes, they were ~12 s of their CPU. A step another sweep took is not in
    the table under these ids, so only the steps written get an event, as on SQLite.
    """
    if not ids:
        return list
    quote = connection.ops.quote_name
    events, steps = (quote(model._meta.db_table) for model in (ResolutionEvent, SweepStep))
    sql = (
        f"INSERT INTO {events} (resolution_id, kind, actor_id, created_at, is_public, message, "
        "data) SELECT s.resolution_id, CASE WHEN s.level = 0 THEN %s ELSE %s END, NULL, "
        "s.taken_at, false, m.message, jsonb_build_object('condition', s.condition, "
        "'period', s.period, 'level', s.level) "
        "FROM unnest(%s::bigint[], %s::integer[]) WITH ORDINALITY AS u(id, said, n) "
        f"JOIN {steps} s ON s.id = u.id "
        "JOIN unnest(%s::text[]) WITH ORDINALITY AS m(message, k) ON m.k = u.said "
        "ORDER BY u.n"
    )
    params = [_REMINDED, _ESCALATED, array_param(ids), array_param(said), array_param(texts)]
    return functools.partial(_run, sql, params)


def _run(sql: str, params: list[object]) -> list[tuple[object, ...]]:
    with bound_cursor() as cursor:  # PostgreSQL's: its parameters are long arrays
        cursor.execute(sql, params, prepare=False)
    return []
