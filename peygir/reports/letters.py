"""Letters sent and their replies, by the body written to: how many wait for an answer, how
many are past their reply date, and how long answers took on average."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import (
    Avg,
    BooleanField,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from peygir.accounts.models import User
from peygir.followup.choices import ActionKind
from peygir.followup.models import FollowupAction
from peygir.organizations.models import Organization
from peygir.reports.filters import ReportFilter, scoped_through
from peygir.reports.stored import letters_stored, stored_unit, waiting_stored
from peygir.tallies.dashboards import WAITING


@dataclass
class LetterRow:
    label: str
    sent: int
    answered: int
    unanswered: int
    late: int
    average_reply_days: float | None


@dataclass
class WaitingLetter:
    action: FollowupAction
    to: str
    days_waiting: int


def _name(body: Organization | None) -> str:
    return body.name if body is not None else _("Not recorded")


def _replies() -> Exists:
    return Exists(FollowupAction.objects.filter(in_reply_to=OuterRef("pk")))


def letters_by_body(
    user: User | AnonymousUser, wanted: ReportFilter, *, limit: int = 40
) -> list[LetterRow]:
    """By the letter's recipient, or the resolution's responsible body when none was noted;
    most letters first, then by the body's id."""
    today = timezone.localdate()
    unit = stored_unit(user, wanted, today)
    if unit is not None:  # a unit the stored tallies hold (`stored_unit`)
        return letters_stored(today, limit, unit)
    # Counted per (body, answered, past the reply date) and summed per body here: grouped
    # by it, the database looks for each letter's reply once, where a counter filtered by
    # it looked twice (a category's 66 073 letters at 1 M on PostgreSQL: 457 -> 250 ms).
    grouped = (
        FollowupAction.objects.filter(
            scoped_through(user, wanted, "resolution"), kind=ActionKind.LETTER_SENT
        )
        .annotate(
            target=Coalesce("recipient_id", "resolution__responsible_body_id"),
            answered=_replies(),
            past_due=ExpressionWrapper(Q(reply_due__lt=today), BooleanField()),
        )
        .order_by()
        .values_list("target", "answered", "past_due")
        .annotate(n=Count("pk"))
    )
    counts: defaultdict[int | None, dict[str, int]] = defaultdict(
        lambda: {"sent": 0, "answered": 0, "late": 0}
    )
    for target, answered, past_due, n in grouped:
        found = counts[target]
        found["sent"] += n
        if answered:
            found["answered"] += n
        elif past_due:
            found["late"] += n
    replies = (
        FollowupAction.objects.filter(
            scoped_through(user, wanted, "in_reply_to__resolution"),
            in_reply_to__kind=ActionKind.LETTER_SENT,
        )
        .annotate(
            target=Coalesce(
                "in_reply_to__recipient_id", "in_reply_to__resolution__responsible_body_id"
            ),
            took=ExpressionWrapper(F("date") - F("in_reply_to__date"), DurationField()),
        )
        .order_by()
        .values("target")
        .annotate(average=Avg("took"))
    )
    averages: dict[int | None, datetime.timedelta | None] = {
        row["target"]: row["average"] for row in replies
    }
    return letter_rows(counts, averages, limit)


def letter_rows(
    counts: dict[int | None, dict[str, int]],
    averages: dict[int | None, datetime.timedelta | None],
    limit: int,
) -> list[LetterRow]:
    """The bodies written to (None: not recorded) with their "sent", "answered" and "late"
    counts, most letters first, then by the body's id with the unknown where the database
    sorts NULL; the live count and the stored tallies both end here."""
    nulls = connection.features.nulls_order_largest
    sent = {pk: found for pk, found in counts.items() if found["sent"]}
    top = sorted(
        sent, key=lambda pk: (-sent[pk]["sent"], (nulls, 0) if pk is None else (not nulls, pk))
    )[:limit]
    known = [pk for pk in top if pk is not None]
    names: dict[int | None, str] = dict(
        Organization.objects.filter(pk__in=known).values_list("pk", "name")
    )
    result = []
    for pk in top:
        found, average = sent[pk], averages.get(pk)
        result.append(
            LetterRow(
                label=names.get(pk) or _("Not recorded"),
                sent=found["sent"],
                answered=found["answered"],
                unanswered=found["sent"] - found["answered"],
                late=found["late"],
                average_reply_days=round(average.total_seconds() / 86400, 1)
                if average is not None
                else None,
            )
        )
    return result


def waiting_letters(
    user: User | AnonymousUser, wanted: ReportFilter, *, limit: int = 25
) -> list[WaitingLetter]:
    """The oldest letters still without a reply."""
    today = timezone.localdate()
    unit = stored_unit(user, wanted, today)
    if unit is not None and limit <= WAITING:  # the stored tallies keep that many
        letters_kept = waiting_stored(today, unit)[:limit]
        return [
            WaitingLetter(
                action=letter,
                to=_name(letter.recipient or letter.resolution.responsible_body),
                days_waiting=(today - letter.date).days,
            )
            for letter in letters_kept
        ]
    # The oldest ids first, off the letters' narrow index, then only those rows whole: the
    # whole rows of every letter sorted by date took most of the view (a category's 66 073
    # letters at 1 M on PostgreSQL: 525 ms).
    oldest = list(
        FollowupAction.objects.filter(
            scoped_through(user, wanted, "resolution"), kind=ActionKind.LETTER_SENT
        )
        .filter(~_replies())
        .order_by("date", "id")
        .values_list("pk", flat=True)[:limit]
    )
    letters = (
        FollowupAction.objects.filter(pk__in=oldest)
        .select_related("resolution", "recipient", "resolution__responsible_body")
        .order_by("date", "id")
    )
    return [
        WaitingLetter(
            action=letter,
            to=_name(letter.recipient or letter.resolution.responsible_body),
            days_waiting=(today - letter.date).days,
        )
        for letter in letters
    ]
