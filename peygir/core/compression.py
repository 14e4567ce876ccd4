"""Large JSON values compressed with lz4 on PostgreSQL.

PostgreSQL compresses a value of more than about 2 kB before storing it, with pglz unless a
column asks for lz4 (PostgreSQL 14 and later, when the server was built with it, as
Debian's is). A sweep run's messages (`Notification.context`) name its steps' ids: a first
pass's 1.4 M steps are 6.6 MB of text over 92 rows, written in the announcement while the
pass waits. Storing them took the server 690 ms with pglz and 117 ms with lz4 (which
compresses them a little less: 6.5 MB against 4.2 MB).

Measured and not taken: the dashboards' stored counts (`Tally.counts`, about 1 MB a block at
1 M). With lz4 a block was counted again and stored in 760 ms against 810-830 ms, a
dashboard's first view was unchanged within the noise, and the rows took 373 MB against
212 MB.

A server without lz4 keeps pglz: the migration says so and goes on. Values already stored
keep their compression until they are written again.
"""

from typing import Any

from django.db.migrations.state import ProjectState

from peygir.core.db_guards import TriggerOperation


class CompressWithLz4(TriggerOperation):
    """Have PostgreSQL compress a column's large values with lz4 (a migration operation);
    going backwards gives the column back the server's default. Nothing on SQLite."""

    def __init__(self, model_name: str, name: str) -> None:
        self.model_name = model_name
        self.name = name

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return self.__class__.__name__, [self.model_name, self.name], {}

    def _alter(self, app_label: str, state: ProjectState) -> str:
        model = state.apps.get_model(app_label, self.model_name)
        column = model._meta.get_field(self.name).column
        return f'ALTER TABLE "{model._meta.db_table}" ALTER COLUMN "{column}" SET COMPRESSION'

    def create_sql(self, vendor: str, app_label: str, state: ProjectState) -> list[str]:
        if vendor != "postgresql":
            return []
        # feature_not_supported: a server built without lz4.
        return [
            f"DO $$ BEGIN {self._alter(app_label, state)} lz4; "
            "EXCEPTION WHEN feature_not_supported THEN "
            f"RAISE WARNING 'lz4 is not available: {self.model_name}.{self.name} keeps pglz'; "
            "END $$"
        ]

    def drop_sql(self, vendor: str, app_label: str, state: ProjectState) -> list[str]:
        if vendor != "postgresql":
            return []
        return [f"{self._alter(app_label, state)} DEFAULT"]

    def describe(self) -> str:
        return f"Compress {self.model_name}.{self.name} with lz4 on PostgreSQL"

    @property
    def migration_name_fragment(self) -> str:
        return f"{self.model_name.lower()}_{self.name}_lz4"


def column_compression(table: str, column: str) -> str:
    """How PostgreSQL compresses the column's new values: "lz4", "pglz", or "" for the
    server's default (`default_toast_compression`)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attcompression FROM pg_attribute "
            "WHERE attrelid = %s::regclass AND attname = %s",
            [table, column],
        )
        (method,) = cursor.fetchone()
    return {"l": "lz4", "p": "pglz"}.get(method, "")
