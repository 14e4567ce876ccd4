# The resolutions' category index, covering (issue 13): a dashboard filtered by category
# counts a twentieth of the rows, scattered over the table; on PostgreSQL they are counted
# off this index alone. SQLite has no INCLUDE, so there it is the foreign key's plain index
# under a new name. The old index is dropped by name, not by AlterField: on SQLite that
# rebuilds the table (every resolution copied, the sweep's triggers dropped).

import django.db.models.deletion
from django.db import migrations, models

OLD_INDEX = "resolutions_resolution_category_id_28764fc8"  # Django's name for the FK's


class Migration(migrations.Migration):
    dependencies = [
        ("resolutions", "0010_events_actor_index_partial"),
    ]

    operations = [
        # The new index first, so that a category's rows are never read without one.
        migrations.AddIndex(
            model_name="resolution",
            index=models.Index(
                fields=["category"],
                include=(
                    "id",
                    "status",
                    "deadline",
                    "visibility",
                    "public_rating",
                    "responsible_body",
                    "source",
                    "created_at",
                ),
                name="resolution_category_facts",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="resolution",
                    name="category",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="resolutions",
                        to="resolutions.category",
                        verbose_name="category",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {OLD_INDEX}",
                    reverse_sql=f"CREATE INDEX {OLD_INDEX} ON resolutions_resolution (category_id)",
                ),
            ],
        ),
    ]
