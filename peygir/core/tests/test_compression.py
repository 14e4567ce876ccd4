"""On PostgreSQL the largest JSON values are compressed with lz4 (core/compression.py): a
sweep run's messages and the dashboards' stored counts. Nothing of this exists on SQLite."""

import pytest
from django.db import connection, transaction

from peygir.core.compression import CompressWithLz4, column_compression
from peygir.notifications.models import Notification
from peygir.tallies.models import Tally, TallyKind

pytestmark = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="PostgreSQL's compression of large values"
)

COLUMNS = [(Notification, "context"), (Tally, "counts")]


@pytest.mark.parametrize(("model", "name"), COLUMNS)
def test_the_largest_json_columns_are_compressed_with_lz4(db: None, model: type, name: str) -> None:
    assert column_compression(model._meta.db_table, name) == "lz4"


def test_a_large_count_is_stored_compressed_with_lz4(db: None) -> None:
    counts = {"fulfilment": {f"b{body}": [body, 1, 2, 3] * 20 for body in range(2_000)}}
    row = Tally.objects.create(kind=TallyKind.DASH, key=7, counts=counts)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_compression(counts) FROM tallies_tally WHERE id = %s", [row.pk]
        )
        assert cursor.fetchone() == ("lz4",)
    assert Tally.objects.get(pk=row.pk).counts == counts


def test_the_migration_goes_back_and_forth(db: None) -> None:
    from django.db.migrations.executor import MigrationExecutor

    state = MigrationExecutor(connection).loader.project_state()
    operation = CompressWithLz4("Tally", "counts")
    with transaction.atomic():
        with connection.schema_editor(atomic=False) as editor:
            operation.database_backwards("tallies", editor, state, state)
        assert column_compression("tallies_tally", "counts") == ""
        with connection.schema_editor(atomic=False) as editor:
            operation.database_forwards("tallies", editor, state, state)
        assert column_compression("tallies_tally", "counts") == "lz4"
        transaction.set_rollback(True)
