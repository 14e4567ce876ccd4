# The portal search at 1 M (issue 13): public promises in the search's order (latest change
# first), so that a common word's page walks this index and stops instead of sorting every
# public match.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0007_weekly_report_indexes")]

    operations = [
        migrations.AddIndex(
            model_name="resolution",
            index=models.Index(
                fields=["visibility", "-updated_at", "id"], name="resolution_public_updated"
            ),
        ),
    ]
