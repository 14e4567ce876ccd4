# The history table refuses UPDATE and DELETE in the database too (peygir.core.db_guards).

from django.db import migrations

from peygir.core.db_guards import GuardAppendOnly


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_login_event")]

    operations = [GuardAppendOnly("LoginEvent")]
