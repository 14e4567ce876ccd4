"""The escalation rules a province starts with; it edits them in the admin afterwards."""

from django.db import transaction

from peygir.followup.choices import Condition
from peygir.followup.models import EscalationRule

# Working days after the condition began for each rung (0 remind … 5 in-person visit).
DEFAULT_RULES: dict[str, list[int]] = {
    Condition.OVERDUE: [0, 5, 10, 20, 30, 45],
    Condition.STALE: [0, 10, 20, 30, 40, 60],
    Condition.LETTER_UNANSWERED: [0, 5, 10, 15, 25, 40],
    Condition.NO_OWNER: [0],
    Condition.NO_DEADLINE: [0],
    Condition.NO_NEXT_FOLLOWUP: [0],
}


@transaction.atomic
def escalation_rules_ensure() -> int:
    """Add the default rules that are missing (never changing edited ones); return the count.

    The sweep calls it when the table is empty: a sweep without any rule would silently
    forget everything. To stop a rung, untick "active" rather than deleting its rule.
    """
    for condition, days in DEFAULT_RULES.items():
        for level, after in enumerate(days):
            EscalationRule.objects.get_or_create(
                condition=condition, level=level, defaults={"after_working_days": after}
            )
    return EscalationRule.objects.count()
