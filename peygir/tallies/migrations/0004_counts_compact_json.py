from django.db import migrations, models

import peygir.tallies.models


class Migration(migrations.Migration):
    dependencies = [
        ("tallies", "0003_slice"),
    ]

    # The encoder is Python's side only: the column stays as it is (SQLite would otherwise
    # copy the whole table to change nothing).
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="tally",
                    name="counts",
                    field=models.JSONField(
                        default=dict, encoder=peygir.tallies.models.CompactJSONEncoder
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
