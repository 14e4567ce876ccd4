# The events' time loses its index over every kind: every read of events by time is of
# status changes (the partial index `event_status_changed_created`) or of one resolution's
# events (its index), and the index took an entry for each of a first pass's 1.4 M sweep
# events at 1 M. The admin's list of all events orders by id instead. Dropped by name, not
# by AlterField, which on SQLite copies the whole table (and drops its triggers).

from django.db import migrations, models
from django.utils import timezone

TIME_INDEX = "resolutions_resolutionevent_created_at_1f0d24a4"  # Django's name, on both


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0012_event_key")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="resolutionevent",
                    name="created_at",
                    field=models.DateTimeField(default=timezone.now, verbose_name="when"),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {TIME_INDEX}",
                    reverse_sql=(
                        f"CREATE INDEX {TIME_INDEX} ON resolutions_resolutionevent (created_at)"
                    ),
                ),
            ],
        ),
    ]
