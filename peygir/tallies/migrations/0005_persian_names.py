# Persian names for the admin and the forms (verbose names only): no SQL on either database.

import peygir.tallies.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('tallies', '0004_counts_compact_json'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='tally',
            options={'verbose_name': 'stored count', 'verbose_name_plural': 'stored counts'},
        ),
        migrations.AlterField(
            model_name='tally',
            name='computed_for',
            field=models.DateField(null=True, verbose_name='counted for the day'),
        ),
        migrations.AlterField(
            model_name='tally',
            name='computed_seq',
            field=models.BigIntegerField(null=True, verbose_name='writes counted'),
        ),
        migrations.AlterField(
            model_name='tally',
            name='counts',
            field=models.JSONField(default=dict, encoder=peygir.tallies.models.CompactJSONEncoder, verbose_name='counts'),
        ),
        migrations.AlterField(
            model_name='tally',
            name='key',
            field=models.BigIntegerField(verbose_name='key'),
        ),
        migrations.AlterField(
            model_name='tally',
            name='kind',
            field=models.CharField(choices=[('block', 'Block'), ('county', 'County'), ('dash', 'Dash'), ('slice', 'Slice')], max_length=8, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='tally',
            name='seq',
            field=models.BigIntegerField(default=0, verbose_name='writes seen'),
        ),
        migrations.AlterField(
            model_name='tally',
            name='stale_before',
            field=models.DateField(null=True, verbose_name='stale before'),
        ),
        migrations.AlterField(
            model_name='tally',
            name='stamp',
            field=models.CharField(blank=True, db_default='', max_length=48, verbose_name='stamp'),
        ),
    ]
