"""Reads for the feasibility page, always through the user's row-level scope."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from peygir.accounts.models import User
from peygir.feasibility.models import ChecklistAnswer, ChecklistItem
from peygir.resolutions.models import Resolution
from peygir.resolutions.selectors import resolution_get_for_user, resolutions_visible_to


@dataclass(frozen=True)
class ChecklistRow:
    item: ChecklistItem
    answer: ChecklistAnswer | None


def feasibility_get_for_user(user: User | AnonymousUser, pk: int) -> Resolution:
    """Fetch a resolution the user may see, or raise 404; the page's one access check."""
    return resolution_get_for_user(user, pk)


def checklist_rows(resolution: Resolution) -> list[ChecklistRow]:
    """Return the active checklist items with this resolution's answers (two queries)."""
    items = list(ChecklistItem.objects.filter(is_active=True))
    answers = {
        answer.item_id: answer
        for answer in ChecklistAnswer.objects.filter(
            resolution=resolution, item__in=items
        ).select_related("answered_by")
    }
    return [ChecklistRow(item, answers.get(item.pk)) for item in items]


def visible_among(user: User | AnonymousUser, pks: list[int]) -> frozenset[int]:
    """Return which of `pks` the user may see: evidence from elsewhere shows no title."""
    return frozenset(resolutions_visible_to(user).filter(pk__in=pks).values_list("pk", flat=True))
