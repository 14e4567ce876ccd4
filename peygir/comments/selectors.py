"""Reads of comments: what the public sees, the moderators' queue, the monthly report."""

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from peygir.accounts.models import User
from peygir.comments import screening
from peygir.comments.choices import Decision, Reason, State
from peygir.comments.models import Comment, ModerationDecision
from peygir.comments.permissions import require_moderator
from peygir.organizations.models import Organization
from peygir.persian import jalali_to_date


def comments_published_on(target: models.Model) -> QuerySet[Comment]:
    """Return the published comments of one item, oldest first; no email in the rows."""
    return (
        Comment.objects.filter(
            target_type=ContentType.objects.get_for_model(target),
            target_id=target.pk,
            state=State.PUBLISHED,
        )
        .only("id", "name", "text", "created_at")
        .order_by("created_at", "id")
    )


def screening_names() -> dict[str, str]:
    """Names of the province's bodies, folded for the accusation check."""
    rows = Organization.objects.filter(is_active=True).values_list("name", "short_name")
    return screening.target_keys(n for row in rows for n in row if n)


QUEUE_HELD = "held"
QUEUE_APPEALS = "appeals"
QUEUE_DECIDED = "decided"


def moderation_queue(
    user: User | AnonymousUser, *, queue: str = QUEUE_HELD, reason: str = ""
) -> QuerySet[Comment]:
    """Return the comments waiting for a moderator (or recently decided), oldest first."""
    require_moderator(user)
    comments = Comment.objects.select_related("target_type", "decided_by").prefetch_related(
        "target"
    )
    if queue == QUEUE_APPEALS:
        comments = comments.filter(appealed_at__isnull=False, appeal_decided_at__isnull=True)
    elif queue == QUEUE_DECIDED:
        comments = comments.exclude(state=State.HELD).order_by("-decided_at", "-id")
    else:
        comments = comments.filter(state=State.HELD)
    if reason in Reason.values:
        # Matched on the JSON text: SQLite has no JSON containment, and codes are unique words.
        comments = comments.filter(reasons__icontains=f'"{reason}"')
    return comments


def comment_get_for_moderator(user: User | AnonymousUser, pk: int) -> Comment:
    require_moderator(user)
    comment = Comment.objects.select_related("target_type", "decided_by").filter(pk=pk).first()
    if comment is None:
        raise Http404(_("No such comment."))
    return comment


def queue_counts() -> dict[str, int]:
    held = Comment.objects.filter(state=State.HELD).count()
    appeals = Comment.objects.filter(
        appealed_at__isnull=False, appeal_decided_at__isnull=True
    ).count()
    return {QUEUE_HELD: held, QUEUE_APPEALS: appeals}


@dataclass(frozen=True)
class MonthlyReport:
    year: int
    month: int
    total: int
    by_decision: list[tuple[str, int]]
    by_reason: list[tuple[str, int]]
    by_moderator: int  # decisions made by people rather than the screen
    appeals: int
    overturned: int


def _month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    start = jalali_to_date(year, month, 1)
    end = jalali_to_date(year + 1, 1, 1) if month == 12 else jalali_to_date(year, month + 1, 1)
    return start, end


def moderation_report(year: int, month: int) -> MonthlyReport:
    """Count the final decisions of one Jalali month, by decision and by reason.

    A comment counts once, by its last decision in the month; appeals and how many were
    overturned are counted apart, since silencing criticism is a failure to report too.
    """
    start, end = _month_bounds(year, month)
    entries = (
        ModerationDecision.objects.filter(
            created_at__date__gte=start,
            created_at__date__lt=end,
            decision__in=[Decision.PUBLISHED, Decision.REJECTED, Decision.HELD],
        )
        .order_by("comment_id", "created_at", "id")
        .values("comment_id", "decision", "reasons", "actor_id", "is_appeal")
    )
    last: dict[int, Any] = {}
    human = 0
    appeals = overturned = 0
    for entry in entries:
        last[int(entry["comment_id"])] = entry
        if entry["actor_id"] is not None:
            human += 1
        if entry["is_appeal"]:
            appeals += 1
            overturned += entry["decision"] == Decision.PUBLISHED
    decisions = Counter(str(e["decision"]) for e in last.values())
    reasons: Counter[str] = Counter()
    for e in last.values():
        if e["decision"] != Decision.PUBLISHED:
            reasons.update(str(r) for r in e["reasons"])
    return MonthlyReport(
        year=year,
        month=month,
        total=len(last),
        by_decision=[
            (str(label), decisions[value])
            for value, label in Decision.choices
            if value != Decision.APPEALED
        ],
        by_reason=[(str(label), reasons[value]) for value, label in Reason.choices],
        by_moderator=human,
        appeals=appeals,
        overturned=overturned,
    )
