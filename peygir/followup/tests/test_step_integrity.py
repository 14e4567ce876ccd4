"""A sweep step has no foreign key of its own (followup 0012): its event, written in the
same transaction, checks the resolution for it (on PostgreSQL by the triggers of
peygir/resolutions/event_key.py). These tests fail if either half of that
bargain is lost: the event's key, or the step and its event sharing one transaction."""

import datetime
import uuid

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from peygir.conftest import World
from peygir.followup.choices import Condition, Level
from peygir.followup.models import SweepStep
from peygir.followup.plan import Finding
from peygir.followup.sweep import About, Names, _take_prepare
from peygir.resolutions.event_key import missing_event_key
from peygir.resolutions.models import Resolution, ResolutionEvent


def _foreign_keys(table: str) -> dict[str, tuple[str, str]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {c["columns"][0]: c["foreign_key"] for c in constraints.values() if c["foreign_key"]}


@pytest.mark.django_db
def test_the_step_leans_on_its_events_key() -> None:
    """The event's key: a constraint on SQLite, triggers on PostgreSQL (event_key.py)."""
    assert "resolution_id" not in _foreign_keys(SweepStep._meta.db_table)
    assert missing_event_key() == []


@pytest.mark.django_db(transaction=True)
def test_a_step_for_a_resolution_that_is_gone_is_undone_with_its_event(world: World) -> None:
    """As if the resolution vanished between the sweep's read and its write: the chunk's
    commit fails on the event's key and takes the step with it."""
    kept = world.resolution()
    missing = Resolution.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1000
    today, now = datetime.date(2026, 7, 1), timezone.now()
    steps = [
        (Finding(pk, Condition.OVERDUE, "2026-06-01", datetime.date(2026, 6, 1)), Level.REMINDER)
        for pk in (kept.pk, missing)
    ]
    about = {pk: About(None, datetime.date(2026, 6, 1)) for pk in (kept.pk, missing)}
    take = _take_prepare(steps, Names(), today, uuid.uuid4(), about, now)
    with pytest.raises(IntegrityError), transaction.atomic():
        take()
        if connection.vendor == "sqlite":
            # SQLite checks deferred keys only at COMMIT, which a test's atomic block
            # does not reach on every path; this is the same check, asked now.
            connection.check_constraints()
    assert not SweepStep.objects.exists()
    assert not ResolutionEvent.objects.filter(kind__in=["reminded", "escalated"]).exists()


@pytest.mark.django_db
def test_a_chunk_writes_the_events_of_the_steps_it_won_as_event_swept_makes_them(
    world: World,
) -> None:
    """On PostgreSQL the server makes the events from the step rows written; on SQLite
    they are sent as `event_swept` builds them. Either way: the same event, and none for a
    step another sweep took."""
    import json

    from peygir.followup.events import event_swept

    taken, won, also = world.resolution(), world.resolution(), world.resolution()
    today, now = datetime.date(2026, 7, 1), timezone.now()
    period, since = "2026-06-01", datetime.date(2026, 6, 1)
    steps = [
        (Finding(taken.pk, Condition.OVERDUE, period, since), Level.REMINDER),
        (Finding(won.pk, Condition.OVERDUE, period, since), Level.COUNTY),
        (Finding(also.pk, Condition.STALE, period, since), Level.REMINDER),
    ]
    about = {
        taken.pk: About(world.ministry.pk, since),
        won.pk: About(world.ministry.pk, since),
        also.pk: About(None, since),
    }
    SweepStep.objects.create(  # another sweep took the first
        resolution=taken,
        condition=Condition.OVERDUE,
        level=Level.REMINDER,
        period=period,
        taken_on=today,
        run=uuid.uuid4(),
    )
    with transaction.atomic():
        ids = _take_prepare(steps, Names(), today, uuid.uuid4(), about, now)()
    assert ids[0] is None and None not in ids[1:]
    written = ResolutionEvent.objects.filter(kind__in=["reminded", "escalated"]).order_by("id")
    got = [
        (e.resolution_id, e.kind, e.actor_id, e.created_at, e.is_public, e.message, e.data)
        for e in written
    ]
    names = Names()
    expected = []
    for finding, level in steps[1:]:
        counterpart = about[finding.resolution_id].counterpart
        said = names.instruction(finding.condition, level, counterpart)
        row = event_swept(finding.resolution_id, finding.condition, period, level, said, now)
        expected.append((*row[:6], json.loads(str(row[6]))))
    assert got == expected
    assert all(row[5] for row in got)  # each says what it asks
