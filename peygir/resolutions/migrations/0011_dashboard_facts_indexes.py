# The resolutions' category and responsible body indexes, covering (issue 13): a dashboard
# filtered by category or by body counts a twentieth or a fortieth of the rows, scattered
# over the table; on PostgreSQL they are counted off these indexes alone. SQLite has no
# INCLUDE, so there they are the foreign keys' plain indexes under new names. The old
# indexes are dropped by name, not by AlterField: on SQLite that rebuilds the table (every
# resolution copied, the sweep's triggers dropped).

import django.db.models.deletion
from django.db import migrations, models

# Django's names for the foreign keys' indexes.
OLD_INDEXES = {
    "category_id": "resolutions_resolution_category_id_28764fc8",
    "responsible_body_id": "resolutions_resolution_responsible_body_id_34a7bda4",
}
FACTS = [
    "id",
    "status",
    "deadline",
    "visibility",
    "public_rating",
    "responsible_body",
    "category",
    "source",
    "created_at",
]


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0001_initial"),
        ("resolutions", "0010_events_actor_index_partial"),
    ]

    operations = [
        # The new indexes first, so that no filter is ever read without one.
        migrations.AddIndex(
            model_name="resolution",
            index=models.Index(
                fields=["category"],
                include=[f for f in FACTS if f != "category"],
                name="resolution_category_facts",
            ),
        ),
        migrations.AddIndex(
            model_name="resolution",
            index=models.Index(
                fields=["responsible_body"],
                include=[f for f in FACTS if f != "responsible_body"],
                name="resolution_body_facts",
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
                migrations.AlterField(
                    model_name="resolution",
                    name="responsible_body",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="responsible_for",
                        to="organizations.organization",
                        verbose_name="responsible body",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {name}",
                    reverse_sql=f"CREATE INDEX {name} ON resolutions_resolution ({column})",
                )
                for column, name in OLD_INDEXES.items()
            ],
        ),
    ]
