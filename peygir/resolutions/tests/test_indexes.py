"""The indexes of the timeline and of the resolutions: what the sweep writes by the million costs
no entry it needs not, and what the dashboards count is read off an index."""

import pytest
from django.db import connection

from peygir.conftest import World
from peygir.resolutions.choices import EventKind
from peygir.resolutions.models import Resolution, ResolutionEvent


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


@pytest.mark.django_db
def test_the_time_has_only_the_status_changes_index() -> None:
    """Migration 0013 dropped the full index on the events' time (by name): every read by
    time is of status changes, which have their partial index."""
    assert list(_indexes_on("created_at")) == ["event_status_changed_created"]


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


@pytest.mark.parametrize(
    ("column", "index", "included"),
    [
        (
            "category_id",
            "resolution_category_facts",
            "id, status, deadline, visibility, public_rating, responsible_body_id, source_id, "
            "created_at",
        ),
        (
            "responsible_body_id",
            "resolution_body_facts",
            "id, status, deadline, visibility, public_rating, category_id, source_id, created_at",
        ),
    ],
)
@pytest.mark.django_db
def test_a_dashboard_filter_has_one_plain_index_and_on_postgresql_it_covers_the_counts(
    column: str, index: str, included: str
) -> None:
    """Migration 0011 replaced the foreign keys' indexes on the category and the responsible
    body by these, whose INCLUDE columns let PostgreSQL count a filtered dashboard without
    reading the rows. The composite indexes led by the body stay (their orders serve lists)."""
    table = Resolution._meta.db_table
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
        assert constraints[index]["columns"][0] == column
        plain = [
            name
            for name, info in constraints.items()
            if info["index"] and info["columns"] == [column] and name != index
        ]
        assert plain == []  # the foreign key's own index is gone
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [index])
            (definition,) = cursor.fetchone()
            assert definition.endswith(f"({column}) INCLUDE ({included})"), definition
