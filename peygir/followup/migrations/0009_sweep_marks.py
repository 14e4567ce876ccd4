# Every write to a resolution or its follow-up actions marks it for the sweep, in the
# database (peygir/followup/marks.py). After resolutions 0006: on SQLite, dropping the old
# column rebuilt the resolution table, and a rebuild drops the table's triggers.

from django.db import migrations

from peygir.followup.marks import SweepMarks


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0008_sweep_due"),
        ("resolutions", "0006_sweep_due_moved"),
    ]

    operations = [SweepMarks()]
