# The letters of a resolution, covering on PostgreSQL (issue 13): the letters dashboard of a
# county, a body or a category reads each of its resolutions' letters off this index alone.
# SQLite has no INCLUDE: there it is a partial index of the letters by their resolution.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0009_sweep_marks"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="followupaction",
            index=models.Index(
                condition=models.Q(("kind", "letter_sent")),
                fields=["resolution"],
                include=("id", "recipient", "date", "reply_due"),
                name="followup_letters_of_resolution",
            ),
        ),
    ]
