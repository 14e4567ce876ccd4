"""On PostgreSQL a sweep run's messages are compressed with lz4 (core/compression.py).
Nothing of this exists on SQLite."""

import pytest
from django.db import connection, transaction

from peygir.core.compression import CompressWithLz4, column_compression
from peygir.notifications.models import Channel, Notification, NotificationKind

pytestmark = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="PostgreSQL's compression of large values"
)

TABLE = Notification._meta.db_table


def test_the_messages_context_is_compressed_with_lz4(db: None) -> None:
    assert column_compression(TABLE, "context") == "lz4"


def test_a_long_list_of_steps_is_stored_compressed_with_lz4(db: None) -> None:
    context = {"step_deltas": ",".join(["1", "3", "146"] * 20_000), "count": 60_000}
    row = Notification.objects.create(
        channel=Channel.INBOX, kind=NotificationKind.REMINDER, subject="s", body_text="",
        body_html="", dedupe_key="lz4-test", context=context,
    )  # fmt: skip
    with connection.cursor() as cursor:
        sql = f"SELECT pg_column_compression(context) FROM {TABLE} WHERE id = %s"
        cursor.execute(sql, [row.pk])
        assert cursor.fetchone() == ("lz4",)
    assert Notification.objects.get(pk=row.pk).context == context


def test_the_migration_goes_back_and_forth(db: None) -> None:
    from django.db.migrations.executor import MigrationExecutor

    state = MigrationExecutor(connection).loader.project_state()
    operation = CompressWithLz4("Notification", "context")
    with transaction.atomic():
        with connection.schema_editor(atomic=False) as editor:
            operation.database_backwards("notifications", editor, state, state)
        assert column_compression(TABLE, "context") == ""
        with connection.schema_editor(atomic=False) as editor:
            operation.database_forwards("notifications", editor, state, state)
        assert column_compression(TABLE, "context") == "lz4"
        transaction.set_rollback(True)
