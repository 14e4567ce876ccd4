"""On PostgreSQL, a resolution's due day (`SweepDue.due_on`) is rewritten in place: the
column has no index there, and the table's pages are kept half full.

PostgreSQL writes a changed row as a new version of it. When no indexed column changed and
the page has room, the new version stays on the page and no index is touched (a
«heap-only tuple» update); otherwise every index of the table takes a new entry. The sweep
stores a due day for every resolution it plans (a million in a first pass at 1 M), and the
marking triggers empty one on every write (peygir/followup/marks.py): with `due_on`
indexed, each of those wrote two index entries. A first pass's million updates took the
server 9.4 s with the index and 2.4 s without it, on half-full pages (benchmarks/README.md,
«The due days rewritten in place, and a run's steps named in one text»).

What the index served, the sweep's read of the resolutions that are due, reads the table
instead: one pass over its narrow rows (about 80 ms at 1 M, against the 1 s a pass that
finds nothing may take).

SQLite keeps the index: it has no such update, and reads a table far slower than an index.

Django's state still holds the index. A migration that rebuilds it on PostgreSQL puts it
back: `due_in_place_problems` then names it, and a test fails.
"""

from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.state import ProjectState

from peygir.core.db_guards import TriggerOperation

INDEX = "sweep_due_on"  # the model's index on `due_on` (SweepDue.Meta)
FILLFACTOR = 50  # a row's new version finds room on its page


def _table(state: ProjectState) -> str:
    return str(state.apps.get_model("followup", "SweepDue")._meta.db_table)


class DueDaysInPlace(TriggerOperation):
    """On PostgreSQL, drop the due days' index and rewrite their table with half-full
    pages (a migration operation); going backwards undoes both. Nothing on SQLite."""

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return self.__class__.__name__, [], {}

    def create_sql(self, vendor: str, app_label: str, state: ProjectState) -> list[str]:
        if vendor != "postgresql":
            return []
        table = _table(state)
        return [
            f'DROP INDEX IF EXISTS "{INDEX}"',
            f'ALTER TABLE "{table}" SET (fillfactor = {FILLFACTOR})',
            # The rows already there move to half-full pages too (in the key's order).
            f'CLUSTER "{table}" USING "{table}_pkey"',
        ]

    def drop_sql(self, vendor: str, app_label: str, state: ProjectState) -> list[str]:
        if vendor != "postgresql":
            return []
        table = _table(state)
        return [
            f'ALTER TABLE "{table}" RESET (fillfactor)',
            f'CREATE INDEX "{INDEX}" ON "{table}" ("due_on")',
        ]

    def describe(self) -> str:
        return "Rewrite the sweep's due days in place on PostgreSQL (no index on the day)"

    @property
    def migration_name_fragment(self) -> str:
        return "due_days_in_place"


def due_in_place_problems(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """What keeps the due days from being rewritten in place in the database `using` (on
    PostgreSQL: an index on the day, or full pages); nothing on SQLite."""
    from peygir.followup.models import SweepDue

    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    table = SweepDue._meta.db_table
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
        cursor.execute("SELECT reloptions FROM pg_class WHERE oid = %s::regclass", [table])
        (options,) = cursor.fetchone()
    problems = [
        f"an index on the due day ({name})"
        for name, constraint in constraints.items()
        if constraint["index"] and "due_on" in (constraint["columns"] or [])
    ]
    if f"fillfactor={FILLFACTOR}" not in (options or []):
        problems.append(f"pages filled past {FILLFACTOR} %")
    return problems
