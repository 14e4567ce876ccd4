# The sweep's due day now lives in followup.SweepDue (followup 0008 copied it there).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("resolutions", "0005_place_page_indexes"),
        ("followup", "0008_sweep_due"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="resolution", name="resolution_sweep_due"),
        migrations.RemoveField(model_name="resolution", name="sweep_due_on"),
    ]
