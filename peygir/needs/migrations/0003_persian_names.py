# Persian names for the admin and the forms (verbose names only): no SQL on either database.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('needs', '0002_guard_needevent'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='needdocument',
            name='item',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='needs.needitem', verbose_name='need'),
        ),
        migrations.AlterField(
            model_name='needdocument',
            name='uploaded_at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='uploaded at'),
        ),
        migrations.AlterField(
            model_name='needevent',
            name='actor',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by'),
        ),
        migrations.AlterField(
            model_name='needevent',
            name='data',
            field=models.JSONField(blank=True, default=dict, verbose_name='data'),
        ),
        migrations.AlterField(
            model_name='needevent',
            name='item',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='needs.needitem', verbose_name='need'),
        ),
        migrations.AlterField(
            model_name='needslist',
            name='created_by',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by'),
        ),
    ]
