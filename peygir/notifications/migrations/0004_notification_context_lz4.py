from django.db import migrations

from peygir.core.compression import CompressWithLz4


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_deferred_rendering")]

    operations = [CompressWithLz4("Notification", "context")]
