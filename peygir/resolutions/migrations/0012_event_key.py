# On PostgreSQL the timeline's key to its resolution is kept by triggers, not by the foreign
# key constraint: the constraint's check locked (so wrote) the resolution's row for every
# event written, a seventh of the server's work in the sweep's first pass at 1 M
# (peygir/resolutions/event_key.py). Nothing changes on SQLite, nor in Django's state.

from django.db import migrations

from peygir.resolutions.event_key import EventKey


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0011_dashboard_facts_indexes")]

    operations = [EventKey()]
