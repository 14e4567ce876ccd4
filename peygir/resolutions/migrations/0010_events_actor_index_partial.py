# The events' index on their actor, partial (issue 4): the sweep's events, a million and
# more on a first pass at 1 M, are by nobody, and the full index took each as a NULL entry.
# The old index is dropped by name rather than by AlterField: on SQLite AlterField rebuilds
# the table, which would copy every event and drop the append-only guard's triggers.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OLD_INDEX = "resolutions_resolutionevent_actor_id_08af8cf9"  # Django's name for the FK's


class Migration(migrations.Migration):
    dependencies = [
        ("resolutions", "0009_weekly_report_events_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The new index first, so that a person's events are never read without one.
        migrations.AddIndex(
            model_name="resolutionevent",
            index=models.Index(
                condition=models.Q(("actor__isnull", False)), fields=["actor"], name="event_actor"
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="resolutionevent",
                    name="actor",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="by",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {OLD_INDEX}",
                    reverse_sql=f"CREATE INDEX {OLD_INDEX} ON resolutions_resolutionevent (actor_id)",
                ),
            ],
        ),
    ]
