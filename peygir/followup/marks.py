"""Database triggers that make the sweep look again at every resolution that was written.

"So that no resolution is forgotten" cannot rest on every write path remembering to say so:
a service, the admin, a shell, an import or raw SQL. So the database itself marks: when a
resolution is inserted or updated, or one of its follow-up actions is inserted, updated or
deleted, a trigger empties the resolution's `SweepDue.due_on` ("look now") and moves its
`mark`. The sweep reads the mark with the facts it plans from and stores a due day only
where the mark is unchanged (see `sweep._schedule_prepare`).

SQLite drops a table's triggers when a migration rebuilds the table. `missing_marks()`
finds such a gap (a test fails on it), and every sweep checks before it reads: if a
trigger is missing it puts them back, gives every resolution its row, and looks at every
resolution once (`marks_ensure`).
"""

from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.state import ProjectState

from peygir.core.db_guards import TriggerOperation, triggers_present

PREFIX = "peygir_sweep_mark"
RESOLUTION_TRIGGERS = (f"{PREFIX}_resolution_insert", f"{PREFIX}_resolution_update")
ACTION_TRIGGERS = (f"{PREFIX}_action_insert", f"{PREFIX}_action_update", f"{PREFIX}_action_delete")


class Tables:
    """The three tables the triggers join, named as the models of a migration state say."""

    def __init__(self, resolutions: str, actions: str, due: str) -> None:
        self.resolutions, self.actions, self.due = resolutions, actions, due

    @classmethod
    def of(cls, get_model: Any) -> "Tables":
        def table(app: str, model: str) -> str:
            return str(get_model(app, model)._meta.db_table)

        return cls(
            table("resolutions", "Resolution"),
            table("followup", "FollowupAction"),
            table("followup", "SweepDue"),
        )


def _upsert(t: Tables, resolution: str, vendor: str) -> str:
    """Mark the resolution, giving it its row if it has none (a new resolution)."""
    # PostgreSQL needs the target row qualified; SQLite takes no alias inside a trigger.
    alias, current = (" AS d", "d") if vendor == "postgresql" else ("", f'"{t.due}"')
    return (
        f'INSERT INTO "{t.due}"{alias} (resolution_id, due_on, mark) '
        f"VALUES ({resolution}, NULL, 1) "
        f"ON CONFLICT (resolution_id) DO UPDATE SET due_on = NULL, mark = {current}.mark + 1"
    )


def _mark(t: Tables, resolution: str) -> str:
    """Mark the resolution of an action. An UPDATE, never an insert: when a resolution is
    deleted, the deletes of its actions must not give it back a row."""
    return f'UPDATE "{t.due}" SET due_on = NULL, mark = mark + 1 WHERE resolution_id = {resolution}'


def _create_sql(vendor: str, t: Tables) -> list[str]:
    """The statements that (re)install the triggers: running them twice is harmless."""
    res_insert, res_update = RESOLUTION_TRIGGERS
    act_insert, act_update, act_delete = ACTION_TRIGGERS
    if vendor == "sqlite":
        upsert = _upsert(t, "NEW.id", vendor)
        return [
            *_drop_sql(vendor, t),
            f'CREATE TRIGGER "{res_insert}" AFTER INSERT ON "{t.resolutions}" BEGIN {upsert}; END',
            f'CREATE TRIGGER "{res_update}" AFTER UPDATE ON "{t.resolutions}" BEGIN {upsert}; END',
            f'CREATE TRIGGER "{act_insert}" AFTER INSERT ON "{t.actions}" '
            f"BEGIN {_mark(t, 'NEW.resolution_id')}; END",
            f'CREATE TRIGGER "{act_update}" AFTER UPDATE ON "{t.actions}" '
            f"BEGIN {_mark(t, 'OLD.resolution_id')}; "
            f"{_mark(t, 'NEW.resolution_id')} AND NEW.resolution_id IS NOT OLD.resolution_id; END",
            f'CREATE TRIGGER "{act_delete}" AFTER DELETE ON "{t.actions}" '
            f"BEGIN {_mark(t, 'OLD.resolution_id')}; END",
        ]
    if vendor == "postgresql":
        return [
            f"CREATE OR REPLACE FUNCTION {PREFIX}_resolution() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN {_upsert(t, 'NEW.id', vendor)}; RETURN NULL; END $$",
            f"CREATE OR REPLACE FUNCTION {PREFIX}_action() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP <> 'INSERT' THEN {_mark(t, 'OLD.resolution_id')}; END IF; "
            "IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' "
            "AND NEW.resolution_id IS DISTINCT FROM OLD.resolution_id) THEN "
            f"{_mark(t, 'NEW.resolution_id')}; END IF; "
            "RETURN NULL; END $$",
            *_drop_sql(vendor, t),
            *(
                f'CREATE TRIGGER "{name}" AFTER {event} ON "{table}" '
                f"FOR EACH ROW EXECUTE FUNCTION {PREFIX}_{function}()"
                for name, event, table, function in (
                    (res_insert, "INSERT", t.resolutions, "resolution"),
                    (res_update, "UPDATE", t.resolutions, "resolution"),
                    (act_insert, "INSERT", t.actions, "action"),
                    (act_update, "UPDATE", t.actions, "action"),
                    (act_delete, "DELETE", t.actions, "action"),
                )
            ),
        ]
    raise NotImplementedError(f"no sweep marks for {vendor}")


def _drop_sql(vendor: str, t: Tables) -> list[str]:
    def on(table: str) -> str:
        return f' ON "{table}"' if vendor == "postgresql" else ""

    return [
        *(f'DROP TRIGGER IF EXISTS "{n}"{on(t.resolutions)}' for n in RESOLUTION_TRIGGERS),
        *(f'DROP TRIGGER IF EXISTS "{n}"{on(t.actions)}' for n in ACTION_TRIGGERS),
    ]


def _backfill_sql(t: Tables) -> str:
    """Give every resolution without a row one that says "look now"."""
    return (
        f'INSERT INTO "{t.due}" (resolution_id, due_on, mark) '
        f'SELECT r.id, NULL, 1 FROM "{t.resolutions}" r '
        f'WHERE NOT EXISTS (SELECT 1 FROM "{t.due}" d WHERE d.resolution_id = r.id)'
    )


class SweepMarks(TriggerOperation):
    """Install the sweep's marking triggers (a migration operation), and give every
    resolution its row. Add it again to any migration that rebuilds the resolution or
    follow-up action table on SQLite."""

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return self.__class__.__name__, [], {}

    def create_sql(self, vendor: str, app_label: str, state: ProjectState) -> list[str]:
        tables = Tables.of(state.apps.get_model)
        return [*_create_sql(vendor, tables), _backfill_sql(tables)]

    def drop_sql(self, vendor: str, app_label: str, state: ProjectState) -> list[str]:
        return _drop_sql(vendor, Tables.of(state.apps.get_model))

    def describe(self) -> str:
        return "Mark resolutions for the sweep on every write, in the database"

    @property
    def migration_name_fragment(self) -> str:
        return "sweep_marks"


def _current_tables() -> Tables:
    from django.apps import apps

    return Tables.of(apps.get_model)


def missing_marks(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Name every marking trigger that is missing in the database `using`."""
    tables = _current_tables()
    present = triggers_present(connections[using], [tables.resolutions, tables.actions])
    return [n for n in (*RESOLUTION_TRIGGERS, *ACTION_TRIGGERS) if n not in present]


def marks_ensure(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Put back missing triggers and give every resolution its row; return whether any
    trigger was missing (writes may then have gone unmarked: the caller looks at all)."""
    if not missing_marks(using):
        return False
    connection, tables = connections[using], _current_tables()
    with connection.cursor() as cursor:
        for sql in [*_create_sql(connection.vendor, tables), _backfill_sql(tables)]:
            cursor.execute(sql)
    return True
