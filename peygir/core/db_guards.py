"""Database triggers that keep history tables append-only, below the ORM.

`AppendOnlyModel` refuses updates and deletes in Python; these triggers refuse them in the
database too, so that raw SQL, a shell or a bug in some other code path cannot rewrite
history either. Each app adds them with the migration operation `GuardAppendOnly("Model")`.

- PostgreSQL: a row trigger refuses every UPDATE and DELETE. `TRUNCATE` (what Django's
  `flush` uses, and only the table owner may run) fires no row trigger, so tests still reset.
- SQLite: UPDATE is always refused. DELETE is refused unless the connection has unlocked
  history with `history_unlocked()`, which only our `flush` command does (SQLite has no
  TRUNCATE: `flush` deletes rows). The check is an SQL function that Peygir registers on
  each of its connections; any other client (the sqlite3 shell) lacks the function, so its
  DELETE fails as well. `peygir restore` copies pages with the backup API and fires nothing.

SQLite drops a table's triggers when a migration rebuilds the table; `missing_guards()` finds
such a gap and a test fails on it (peygir/core/tests/test_db_guards.py).
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import ProjectState

SQLITE_LOCK_FUNCTION = "peygir_history_locked"
PG_FUNCTION = "peygir_refuse_history_change"
_UNLOCKED_ATTR = "peygir_history_unlocked"

_PG_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END
$$
"""


def trigger_names(table: str) -> tuple[str, str]:
    """Return the names of the UPDATE and DELETE guards of `table`."""
    return f"{table}_no_update", f"{table}_no_delete"


def _create_sql(vendor: str, table: str) -> list[str]:
    """Return the statements that (re)install the guards: running them twice is harmless."""
    update, delete = trigger_names(table)
    if vendor == "postgresql":
        return [
            _PG_FUNCTION_SQL,
            *_drop_sql(vendor, table),
            f'CREATE TRIGGER "{update}" BEFORE UPDATE ON "{table}" '
            f"FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()",
            f'CREATE TRIGGER "{delete}" BEFORE DELETE ON "{table}" '
            f"FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()",
        ]
    if vendor == "sqlite":
        return [
            *_drop_sql(vendor, table),
            f'CREATE TRIGGER "{update}" BEFORE UPDATE ON "{table}" '
            f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only: UPDATE refused'); END",
            f'CREATE TRIGGER "{delete}" BEFORE DELETE ON "{table}" '
            f"WHEN {SQLITE_LOCK_FUNCTION}() "
            f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only: DELETE refused'); END",
        ]
    raise NotImplementedError(f"no append-only guard for {vendor}")


def _drop_sql(vendor: str, table: str) -> list[str]:
    on = f' ON "{table}"' if vendor == "postgresql" else ""
    return [f'DROP TRIGGER IF EXISTS "{name}"{on}' for name in trigger_names(table)]


class TriggerOperation(Operation):
    """A migration operation that changes what Django's model state does not hold (triggers,
    mostly), by SQL a subclass gives per vendor; going backwards undoes it."""

    reversible = True

    def create_sql(self, vendor: str, app_label: str, state: ProjectState) -> list[str]:
        raise NotImplementedError

    def drop_sql(self, vendor: str, app_label: str, state: ProjectState) -> list[str]:
        raise NotImplementedError

    def state_forwards(self, app_label: str, state: ProjectState) -> None:
        pass

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        for sql in self.create_sql(schema_editor.connection.vendor, app_label, to_state):
            schema_editor.execute(sql, params=None)

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        for sql in self.drop_sql(schema_editor.connection.vendor, app_label, from_state):
            schema_editor.execute(sql, params=None)


class GuardAppendOnly(TriggerOperation):
    """Install the append-only triggers on a model's table (a migration operation)."""

    def __init__(self, model_name: str) -> None:
        self.model_name = model_name

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return self.__class__.__name__, [self.model_name], {}

    def _table(self, app_label: str, state: ProjectState) -> str:
        return str(state.apps.get_model(app_label, self.model_name)._meta.db_table)

    def create_sql(self, vendor: str, app_label: str, state: ProjectState) -> list[str]:
        return _create_sql(vendor, self._table(app_label, state))

    def drop_sql(self, vendor: str, app_label: str, state: ProjectState) -> list[str]:
        return _drop_sql(vendor, self._table(app_label, state))

    def describe(self) -> str:
        return f"Refuse UPDATE and DELETE on {self.model_name} in the database"

    @property
    def migration_name_fragment(self) -> str:
        return f"guard_{self.model_name.lower()}"


def register_sqlite_lock(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """Give a new SQLite connection the function its DELETE guards ask (a signal receiver)."""
    if connection.vendor != "sqlite":
        return

    def locked() -> int:
        return 0 if getattr(connection, _UNLOCKED_ATTR, False) else 1

    connection.connection.create_function(SQLITE_LOCK_FUNCTION, 0, locked)


@contextmanager
def history_unlocked(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Let this connection delete history rows on SQLite: for `flush` only, never for a view.

    On PostgreSQL it changes nothing: `flush` truncates, and a row DELETE stays refused.
    """
    connection = connections[using]
    previous = getattr(connection, _UNLOCKED_ATTR, False)
    setattr(connection, _UNLOCKED_ATTR, True)
    try:
        yield
    finally:
        setattr(connection, _UNLOCKED_ATTR, previous)


def guarded_models() -> list[type[Any]]:
    """Every concrete model that keeps history (a subclass of AppendOnlyModel)."""
    from peygir.core.models import AppendOnlyModel

    return [
        model
        for model in apps.get_models()
        if issubclass(model, AppendOnlyModel) and not model._meta.abstract
    ]


def triggers_present(connection: BaseDatabaseWrapper, tables: Iterable[str]) -> set[str]:
    """The names of the (user-made) triggers on `tables` in `connection`'s database."""
    tables = list(tables)
    if connection.vendor == "postgresql":
        each = "%s::regclass"
        sql = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgrelid IN ({})"
    else:
        each = "%s"
        sql = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({})"
    with connection.cursor() as cursor:
        cursor.execute(sql.format(", ".join([each] * len(tables))), tables)
        return {row[0] for row in cursor.fetchall()}


def missing_guards(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Name every guard trigger that a history table lacks in the database `using`."""
    tables = [model._meta.db_table for model in guarded_models()]
    present = triggers_present(connections[using], tables)
    return [name for table in tables for name in trigger_names(table) if name not in present]
