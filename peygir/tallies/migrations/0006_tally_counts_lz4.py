from django.db import migrations

from peygir.core.compression import CompressWithLz4


class Migration(migrations.Migration):
    dependencies = [("tallies", "0005_persian_names")]

    operations = [CompressWithLz4("Tally", "counts")]
