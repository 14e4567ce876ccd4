"""On PostgreSQL, the timeline's key to its resolution is kept by triggers, not by the
foreign key constraint the model declares.

PostgreSQL checks a foreign key by locking the parent row (FOR KEY SHARE) for each new
row, and a lock is a write to the parent's row. The sweep's first pass at 1 M writes 1.4 M
events, so it rewrote (and logged, a whole page at a time after a checkpoint) every
resolution's page: 12 s of the server's 86 s of CPU (benchmarks/README.md, «The
timeline's key kept by triggers on PostgreSQL»). The triggers keep the same two rules and
write nothing:

- an event's resolution exists when the event is written, checked once per statement over
  the statement's new rows (a COPY of a thousand events is one check);
- a resolution with events is never deleted (the model's key is PROTECT too).

An event's resolution never changes afterwards: the timeline refuses updates
(core.db_guards). What the lock also gave and these do not: a resolution with no event at
all, deleted while another transaction writes its first event, would leave that event
orphaned. Every resolution is given its «created» event in the transaction that creates it.

SQLite keeps the constraint: it checks a key by looking the parent up, which writes
nothing, and a row trigger in its place made the first pass 2 s slower.

Django's state still holds the constraint. A migration that alters this field on
PostgreSQL may create it again: `missing_event_key` then names it, and a test fails.
"""

from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.state import ProjectState

from peygir.core.db_guards import TriggerOperation, triggers_present

EXISTS = "peygir_event_resolution_exists"  # on the events: their resolution exists
KEPT = "peygir_event_resolution_kept"  # on the resolutions: one with events stays
MESSAGE_EXISTS = "a timeline event names a resolution that does not exist"
MESSAGE_KEPT = "a resolution with timeline events cannot be deleted"
CONSTRAINT = "resolutions_resolutionevent_resolution_fk"  # when put back


def _tables(get_model: Any) -> tuple[str, str]:
    """The events' table and the resolutions' table, as a migration state names them."""
    events = get_model("resolutions", "ResolutionEvent")._meta.db_table
    resolutions = get_model("resolutions", "Resolution")._meta.db_table
    return str(events), str(resolutions)


def create_sql(events: str, resolutions: str) -> list[str]:
    """The statements that (re)install the triggers: running them twice is harmless."""
    return [
        f"CREATE OR REPLACE FUNCTION {EXISTS}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN IF EXISTS (SELECT 1 FROM new_events n WHERE NOT EXISTS "
        f'(SELECT 1 FROM "{resolutions}" r WHERE r.id = n.resolution_id)) THEN '
        f"RAISE EXCEPTION '{MESSAGE_EXISTS}' USING ERRCODE = 'foreign_key_violation'; "
        "END IF; RETURN NULL; END $$",
        f"CREATE OR REPLACE FUNCTION {KEPT}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f'BEGIN IF EXISTS (SELECT 1 FROM "{events}" e WHERE e.resolution_id = OLD.id) THEN '
        f"RAISE EXCEPTION '{MESSAGE_KEPT}' USING ERRCODE = 'foreign_key_violation'; "
        "END IF; RETURN OLD; END $$",
        *_drop_sql(events, resolutions),
        f'CREATE TRIGGER "{EXISTS}" AFTER INSERT ON "{events}" '
        f"REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION {EXISTS}()",
        f'CREATE TRIGGER "{KEPT}" BEFORE DELETE ON "{resolutions}" '
        f"FOR EACH ROW EXECUTE FUNCTION {KEPT}()",
    ]


def _drop_sql(events: str, resolutions: str) -> list[str]:
    return [
        f'DROP TRIGGER IF EXISTS "{EXISTS}" ON "{events}"',
        f'DROP TRIGGER IF EXISTS "{KEPT}" ON "{resolutions}"',
    ]


def _foreign_keys(connection: BaseDatabaseWrapper, events: str) -> list[str]:
    """The names of the constraints that key the events to their resolution."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, events)
    return [
        name
        for name, constraint in constraints.items()
        if constraint["foreign_key"] and constraint["columns"] == ["resolution_id"]
    ]


def constraint_add_sql(events: str, resolutions: str, name: str = CONSTRAINT) -> str:
    """Put the foreign key constraint back, as Django made it (deferred)."""
    return (
        f'ALTER TABLE "{events}" ADD CONSTRAINT "{name}" FOREIGN KEY ("resolution_id") '
        f'REFERENCES "{resolutions}" ("id") DEFERRABLE INITIALLY DEFERRED'
    )


def _constraint_drop_sql(events: str, resolutions: str) -> str:
    """Drop the events' constraints that reference the resolutions, whatever their names."""
    return (
        "DO $$ DECLARE c record; BEGIN FOR c IN SELECT conname FROM pg_constraint "
        f"WHERE conrelid = '\"{events}\"'::regclass AND contype = 'f' "
        f"AND confrelid = '\"{resolutions}\"'::regclass LOOP "
        f"EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', '{events}', c.conname); "
        "END LOOP; END $$"
    )


class EventKey(TriggerOperation):
    """On PostgreSQL, replace the events' foreign key constraint by the triggers (a
    migration operation); going backwards puts the constraint back. Nothing on SQLite."""

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return self.__class__.__name__, [], {}

    def create_sql(self, vendor: str, app_label: str, state: ProjectState) -> list[str]:
        if vendor != "postgresql":
            return []
        events, resolutions = _tables(state.apps.get_model)
        return [_constraint_drop_sql(events, resolutions), *create_sql(events, resolutions)]

    def drop_sql(self, vendor: str, app_label: str, state: ProjectState) -> list[str]:
        if vendor != "postgresql":
            return []
        events, resolutions = _tables(state.apps.get_model)
        return [*_drop_sql(events, resolutions), constraint_add_sql(events, resolutions)]

    def describe(self) -> str:
        return "Keep the timeline's key to its resolution by triggers on PostgreSQL"

    @property
    def migration_name_fragment(self) -> str:
        return "event_key"


def missing_event_key(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """What the database `using` lacks, or holds in excess, of the timeline's key: on
    PostgreSQL its two triggers, and no constraint beside them; on SQLite, the constraint."""
    from django.apps import apps

    connection = connections[using]
    events, resolutions = _tables(apps.get_model)
    constraints = _foreign_keys(connection, events)
    if connection.vendor != "postgresql":
        return [] if constraints else ["the foreign key constraint"]
    present = triggers_present(connection, [events, resolutions])
    missing = [name for name in (EXISTS, KEPT) if name not in present]
    return missing + [f"no constraint {name} (it locks each resolution)" for name in constraints]
