# The replies' index, partial and covering the reply's date on PostgreSQL (issue 13): the
# foreign key's full index held every action that answers nothing (nine in ten) as a NULL
# entry, and the letters dashboard read the reply's date from the table. The old index is
# dropped by name, not by AlterField: on SQLite that rebuilds the table.

import django.db.models.deletion
from django.db import migrations, models

OLD_INDEX = "followup_followupaction_in_reply_to_id_67e15f9f"  # Django's name for the FK's


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0010_letters_of_resolution_index"),
    ]

    operations = [
        # The new index first, so that a letter's replies are never looked up without one.
        migrations.AddIndex(
            model_name="followupaction",
            index=models.Index(
                condition=models.Q(("in_reply_to__isnull", False)),
                fields=["in_reply_to"],
                include=("date",),
                name="followup_replies",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="followupaction",
                    name="in_reply_to",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="replies",
                        to="followup.followupaction",
                        verbose_name="in reply to",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {OLD_INDEX}",
                    reverse_sql=(
                        f"CREATE INDEX {OLD_INDEX} ON followup_followupaction (in_reply_to_id)"
                    ),
                ),
            ],
        ),
    ]
