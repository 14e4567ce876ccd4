# The weekly report's index of recent events, partial (issue 13): led by the kind, 0007's
# had SQLite read a resolution's events of one kind through it instead of the resolution's
# index (the live scorecard's «done this week»: every status change of the week per row).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0008_portal_search_index")]

    operations = [
        migrations.RemoveIndex(model_name="resolutionevent", name="event_kind_created"),
        migrations.AddIndex(
            model_name="resolutionevent",
            index=models.Index(
                condition=models.Q(kind="status_changed"),
                fields=["created_at"],
                name="event_status_changed_created",
            ),
        ),
    ]
