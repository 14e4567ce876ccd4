"""On PostgreSQL the sweep's due days are rewritten in place (due_in_place.py): storing them,
and the marking triggers' emptying them, touch no index. Nothing of this exists on SQLite,
where the day keeps its index."""

import pytest
from django.db import connection, transaction

from peygir.conftest import World
from peygir.followup.due_in_place import INDEX, DueDaysInPlace, due_in_place_problems
from peygir.followup.models import SweepDue
from peygir.followup.tests.helpers import overdue_resolutions, sweep_on
from peygir.resolutions.models import Resolution

TABLE = SweepDue._meta.db_table

pytestmark = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="PostgreSQL's in-place updates"
)


def _updates() -> tuple[int, int]:
    """The due days' rows this transaction updated, and how many of those in place."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_stat_get_xact_tuples_updated(%s::regclass), "
            "pg_stat_get_xact_tuples_hot_updated(%s::regclass)",
            [TABLE, TABLE],
        )
        updated, in_place = cursor.fetchone()
    return updated, in_place


def test_the_due_days_are_rewritten_in_place(db: None) -> None:
    assert due_in_place_problems() == []


def test_storing_due_days_and_emptying_them_touch_no_index(world: World) -> None:
    resolutions = overdue_resolutions(world, 3)
    updated, in_place = _updates()
    assert sweep_on("1405/03/21")["examined"] == 3  # stores three due days
    # Any write to a resolution empties its day (its trigger), here one below the services.
    Resolution.objects.filter(pk=resolutions[0].pk).update(title="آسفالت راه روستای وشنوه")
    assert SweepDue.objects.get(resolution=resolutions[0]).due_on is None
    now_updated, now_in_place = _updates()
    assert now_updated - updated >= 4
    assert now_in_place - in_place == now_updated - updated


def test_an_index_put_back_on_the_day_is_named(world: World) -> None:
    """A migration that rebuilds the index (Django's state still holds it) would make
    every due day written take index entries again."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE INDEX "again" ON "{TABLE}" (due_on)')
        assert due_in_place_problems() == ["an index on the due day (again)"]
        transaction.set_rollback(True)
    assert due_in_place_problems() == []


def test_the_migration_goes_back_and_forth(db: None) -> None:
    from django.db.migrations.executor import MigrationExecutor

    state = MigrationExecutor(connection).loader.project_state()
    operation = DueDaysInPlace()
    with transaction.atomic():
        with connection.schema_editor(atomic=False) as editor:
            operation.database_backwards("followup", editor, state, state)
        assert due_in_place_problems() == [
            f"an index on the due day ({INDEX})",
            "pages filled past 50 %",
        ]
        with connection.schema_editor(atomic=False) as editor:
            operation.database_forwards("followup", editor, state, state)
        assert due_in_place_problems() == []
        transaction.set_rollback(True)
