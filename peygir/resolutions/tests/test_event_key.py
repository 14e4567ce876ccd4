"""The timeline's key to its resolution, below the ORM (event_key.py): triggers on
PostgreSQL, the foreign key constraint on SQLite. Either way an event for a resolution
that does not exist is refused, however it is written, and a resolution with events is
never deleted, while one without any still can be."""

from collections.abc import Callable

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from peygir.conftest import World
from peygir.followup.events import event_swept, events_swept_save
from peygir.resolutions.choices import EventKind
from peygir.resolutions.event_key import (
    MESSAGE_EXISTS,
    MESSAGE_KEPT,
    _tables,
    constraint_add_sql,
    create_sql,
    missing_event_key,
)
from peygir.resolutions.models import Resolution, ResolutionEvent

RESOLUTIONS = Resolution._meta.db_table


def _refused(write: Callable[[], object], message: str) -> None:
    """`write` fails on the key, and leaves nothing behind (its savepoint is undone)."""
    match = message if connection.vendor == "postgresql" else "foreign key"
    with pytest.raises(IntegrityError, match=match), transaction.atomic():
        write()
        if connection.vendor == "sqlite":
            # SQLite checks its deferred keys at COMMIT, which a test's atomic block does
            # not reach; this is the same check, asked now.
            connection.check_constraints()


def _raw_delete(pk: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{RESOLUTIONS}" WHERE id = %s', [pk])


def _missing_pk() -> int:
    return (Resolution.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000


def test_the_key_is_in_place(db: None) -> None:
    assert missing_event_key() == []


def test_an_event_for_a_resolution_that_does_not_exist_is_refused(world: World) -> None:
    before = ResolutionEvent.objects.count()
    _refused(
        lambda: ResolutionEvent.objects.create(resolution_id=_missing_pk(), kind=EventKind.UPDATED),
        MESSAGE_EXISTS,
    )
    assert ResolutionEvent.objects.count() == before


def test_a_batch_of_events_with_one_unknown_resolution_is_refused_whole(world: World) -> None:
    """The sweep's path: a COPY on PostgreSQL (checked once for the statement), a
    multi-row INSERT on SQLite. Nothing of the batch is written."""
    kept = world.resolution()
    now = timezone.now()
    rows = [
        event_swept(pk, "overdue", "2026-06-01", 0, "یادآوری", now)
        for pk in (kept.pk, _missing_pk(), kept.pk)
    ]
    before = ResolutionEvent.objects.count()
    _refused(lambda: events_swept_save(rows), MESSAGE_EXISTS)
    assert ResolutionEvent.objects.count() == before
    events_swept_save([rows[0]])  # the same rows without the unknown one are written
    assert ResolutionEvent.objects.count() == before + 1


def test_a_resolution_with_events_is_not_deleted_below_the_orm(world: World) -> None:
    resolution = world.resolution()
    _refused(lambda: _raw_delete(resolution.pk), MESSAGE_KEPT)
    assert Resolution.objects.filter(pk=resolution.pk).exists()


def test_a_resolution_without_events_can_still_be_deleted(world: World) -> None:
    """A resolution row with no timeline (the services always write one; raw SQL need not)."""
    bare = world.resolution()
    bare.pk = None
    bare.tracking_code = "BARE-1"
    bare.save()
    assert not bare.events.exists()
    bare.delete()
    assert not Resolution.objects.filter(pk=bare.pk).exists()


def test_installing_the_triggers_again_is_harmless(world: World) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's triggers")
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in create_sql(*_tables(apps.get_model)):
            cursor.execute(sql)
    assert missing_event_key() == []
    _refused(
        lambda: ResolutionEvent.objects.create(resolution_id=_missing_pk(), kind=EventKind.UPDATED),
        MESSAGE_EXISTS,
    )


def test_a_constraint_put_back_beside_the_triggers_is_named(world: World) -> None:
    """A migration that alters the field may create the constraint again (Django's state
    still holds it): every event would lock its resolution again."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's triggers")
    events, resolutions = _tables(apps.get_model)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(constraint_add_sql(events, resolutions, "again"))
        assert missing_event_key() == ["no constraint again (it locks each resolution)"]
        transaction.set_rollback(True)
    assert missing_event_key() == []
