# The sweep's due days move off the resolution's row into a narrow table of their own, so
# that planning a resolution no longer rewrites that wide, many-indexed row. The days
# already planned come along; resolutions 0006 then drops the old column, and 0009 installs
# the triggers that mark every write (after the drop: SQLite rebuilds the table for it).

import django.db.models.deletion
from django.db import migrations, models


def _copy_due_days(apps, schema_editor):  # type: ignore[no-untyped-def]
    due = apps.get_model("followup", "SweepDue")._meta.db_table
    resolutions = apps.get_model("resolutions", "Resolution")._meta.db_table
    schema_editor.execute(
        f'INSERT INTO "{due}" (resolution_id, due_on, mark) '
        f'SELECT id, sweep_due_on, 1 FROM "{resolutions}"'
    )
    if schema_editor.connection.vendor == "postgresql":
        # Statistics now: until autovacuum comes by, the planner would take a million rows
        # for an empty table and might scan all of them for each chunk of the next sweep.
        schema_editor.execute(f'ANALYZE "{due}"')


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0007_letters_awaiting_index"),
        ("resolutions", "0005_place_page_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="SweepDue",
            fields=[
                (
                    "resolution",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="sweep_due",
                        serialize=False,
                        to="resolutions.resolution",
                        verbose_name="resolution",
                    ),
                ),
                ("due_on", models.DateField(blank=True, null=True, verbose_name="next sweep due")),
                ("mark", models.PositiveIntegerField(default=1, verbose_name="writes seen")),
            ],
            options={
                "verbose_name": "sweep due day",
                "verbose_name_plural": "sweep due days",
                "indexes": [models.Index(fields=["due_on"], name="sweep_due_on")],
            },
        ),
        migrations.RunPython(_copy_due_days, migrations.RunPython.noop),
    ]
