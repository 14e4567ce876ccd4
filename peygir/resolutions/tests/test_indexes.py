"""The timeline's indexes: what the sweep writes by the million costs no entry it needs not."""

import pytest
from django.db import connection

from peygir.conftest import World
from peygir.resolutions.choices import EventKind
from peygir.resolutions.models import ResolutionEvent


def _indexes_on(column: str) -> dict[str, dict[str, object]]:
    table = ResolutionEvent._meta.db_table
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {
        name: info
        for name, info in constraints.items()
        if info["index"] and not info["primary_key"] and info["columns"] == [column]
    }


@pytest.mark.django_db
def test_the_actor_has_one_index_and_it_is_partial() -> None:
    """Migration 0010 dropped the foreign key's full index (by name, without rebuilding the
    table on SQLite) and left only the partial one."""
    assert list(_indexes_on("actor_id")) == ["event_actor"]


def test_a_persons_events_are_read_through_the_partial_index(world: World) -> None:
    """The table the index is for: many events by nobody (the sweep's), one by a person.
    With statistics of that shape and no ordering to serve, nothing but the partial index
    fits; with a table of one row and its ordering the planner had a tie to break (CI
    once read the row through the `created_at` index to save the sort)."""
    resolution = world.resolution()  # its registration event has an actor
    ResolutionEvent.objects.bulk_create(
        ResolutionEvent(resolution=resolution, kind=EventKind.REMINDED) for _ in range(500)
    )
    actor = world.users["secretariat"]
    events = ResolutionEvent.objects.filter(actor=actor).order_by()
    assert events.exists()
    table = ResolutionEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # 500 rows are a few pages
        sql, params = events.values("pk").query.sql_with_params()
        cursor.execute(
            ("EXPLAIN " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN ") + sql,
            params,
        )
        plan = "\n".join(str(row) for row in cursor.fetchall())
    assert "event_actor" in plan, plan
