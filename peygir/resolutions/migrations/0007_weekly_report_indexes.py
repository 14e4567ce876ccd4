# The weekly report at 1 M (issue 13): each follow-up owner's agenda rows in deadline order,
# and one kind's recent timeline events.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0006_sweep_due_moved")]

    operations = [
        migrations.AddIndex(
            model_name="resolution",
            index=models.Index(
                fields=["followup_owner", "deadline", "id"], name="resolution_owner_deadline"
            ),
        ),
        migrations.AddIndex(
            model_name="resolutionevent",
            index=models.Index(fields=["kind", "created_at"], name="event_kind_created"),
        ),
    ]
