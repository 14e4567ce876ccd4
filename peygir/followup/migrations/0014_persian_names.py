# Persian names for the admin and the forms (verbose names only): no SQL on either database.

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('followup', '0013_sweep_run_steps_after'),
    ]

    operations = [
        migrations.AlterField(
            model_name='sweepbasis',
            name='fingerprint',
            field=models.CharField(max_length=64, verbose_name='fingerprint of the rules'),
        ),
        migrations.AlterField(
            model_name='sweepbasis',
            name='swept_through',
            field=models.DateField(verbose_name='swept through'),
        ),
        migrations.AlterField(
            model_name='sweepbasis',
            name='updated_at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='updated at'),
        ),
    ]
