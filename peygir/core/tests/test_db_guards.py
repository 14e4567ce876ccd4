"""The history tables refuse UPDATE and DELETE in the database itself, below the ORM."""

import sqlite3
from pathlib import Path

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.test import Client

from peygir.conftest import World
from peygir.core.db_guards import guarded_models, history_unlocked, missing_guards
from peygir.resolutions.models import ResolutionEvent

EVENTS = ResolutionEvent._meta.db_table


def _raw(sql: str, params: list[object]) -> None:
    # A savepoint, so that PostgreSQL's aborted statement does not poison the test's transaction.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_every_history_table_has_its_guards(db: None) -> None:
    names = {model.__name__ for model in guarded_models()}
    assert {"ResolutionEvent", "NeedEvent", "ModerationDecision"} <= names
    assert missing_guards() == []


def test_raw_update_of_an_event_is_refused(world: World) -> None:
    event = world.resolution().events.first()
    assert event is not None
    with pytest.raises(IntegrityError, match="append-only"):
        _raw(f"UPDATE {EVENTS} SET message = %s WHERE id = %s", ["rewritten", event.pk])
    event.refresh_from_db()
    assert event.message != "rewritten"


def test_raw_delete_of_an_event_is_refused(world: World) -> None:
    event = world.resolution().events.first()
    assert event is not None
    with pytest.raises(IntegrityError, match="append-only"):
        _raw(f"DELETE FROM {EVENTS} WHERE id = %s", [event.pk])
    assert ResolutionEvent.objects.filter(pk=event.pk).exists()


def test_unlocking_for_flush_lets_sqlite_delete_but_never_postgresql(world: World) -> None:
    event = world.resolution().events.first()
    assert event is not None
    with history_unlocked():
        if connection.vendor == "sqlite":
            _raw(f"DELETE FROM {EVENTS} WHERE id = %s", [event.pk])
            assert not ResolutionEvent.objects.filter(pk=event.pk).exists()
        else:
            with pytest.raises(IntegrityError, match="append-only"):
                _raw(f"DELETE FROM {EVENTS} WHERE id = %s", [event.pk])
        with pytest.raises(IntegrityError, match="append-only"):
            _raw(f"UPDATE {EVENTS} SET message = 'x'", [])


def test_another_sqlite_client_cannot_delete_history(tmp_path: Path) -> None:
    """The sqlite3 shell lacks Peygir's lock function, so the DELETE guard still holds."""
    path = tmp_path / "history.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
        db.execute("INSERT INTO t VALUES (1)")
        db.execute(
            "CREATE TRIGGER t_no_delete BEFORE DELETE ON t WHEN peygir_history_locked() "
            "BEGIN SELECT RAISE(ABORT, 't rows are append-only'); END"
        )
    with sqlite3.connect(path) as db, pytest.raises(sqlite3.OperationalError):
        db.execute("DELETE FROM t")


def test_a_resolution_with_history_cannot_be_deleted(world: World) -> None:
    resolution = world.resolution()
    with pytest.raises(ProtectedError):
        resolution.delete()
    client = Client()
    client.force_login(world.users["admin"])
    url = f"/admin/resolutions/resolution/{resolution.pk}/delete/"
    assert client.get(url).status_code == 403


def test_installing_the_guards_again_is_harmless(db: None) -> None:
    """A migration may re-add them after SQLite rebuilt a table; PostgreSQL still has them."""
    from peygir.core.db_guards import _create_sql

    with transaction.atomic(), connection.cursor() as cursor:
        for sql in _create_sql(connection.vendor, EVENTS):
            cursor.execute(sql)
    assert missing_guards() == []
