"""The escalation rules a province starts with; it edits them in the admin afterwards."""

from django.db import migrations

# condition: working days after the condition began for each rung (0 remind ... 5 visit).
DEFAULTS = {
    "overdue": [0, 5, 10, 20, 30, 45],
    "stale": [0, 10, 20, 30, 40, 60],
    "letter_unanswered": [0, 5, 10, 15, 25, 40],
    "no_owner": [0],
    "no_deadline": [0],
    "no_next_followup": [0],
}


def add_rules(apps, schema_editor):
    EscalationRule = apps.get_model("followup", "EscalationRule")
    for condition, days in DEFAULTS.items():
        for level, after in enumerate(days):
            EscalationRule.objects.get_or_create(
                condition=condition, level=level, defaults={"after_working_days": after}
            )


class Migration(migrations.Migration):
    dependencies = [("followup", "0001_initial")]
    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
