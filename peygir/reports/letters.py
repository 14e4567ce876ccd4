"""Letters sent and their replies, by the body written to: how many wait for an answer, how
many are past their reply date, and how long answers took on average."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Avg, Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q
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
    if unit is not None:  # the province or a county governorate, a year or all: stored
        return letters_stored(today, limit, unit)
    letters = (
        FollowupAction.objects.filter(
            scoped_through(user, wanted, "resolution"), kind=ActionKind.LETTER_SENT
        )
        .annotate(
            target=Coalesce("recipient_id", "resolution__responsible_body_id"),
            answered=_replies(),
        )
        .order_by()
        .values("target")
        .annotate(
            sent=Count("pk"),
            n_answered=Count("pk", filter=Q(answered=True)),
            late=Count("pk", filter=Q(answered=False, reply_due__lt=today)),
        )
        .order_by("-sent", "target")[:limit]
    )
    letter_rows = list(letters)
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
    names = Organization.objects.in_bulk([row["target"] for row in letter_rows if row["target"]])
    result = []
    for row in letter_rows:
        average = averages.get(row["target"])
        body = names.get(row["target"]) if row["target"] else None
        result.append(
            LetterRow(
                label=body.name if body else _("Not recorded"),
                sent=row["sent"],
                answered=row["n_answered"],
                unanswered=row["sent"] - row["n_answered"],
                late=row["late"],
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
    letters = (
        FollowupAction.objects.filter(
            scoped_through(user, wanted, "resolution"), kind=ActionKind.LETTER_SENT
        )
        .filter(~_replies())
        .select_related("resolution", "recipient", "resolution__responsible_body")
        .order_by("date", "id")[:limit]
    )
    return [
        WaitingLetter(
            action=letter,
            to=_name(letter.recipient or letter.resolution.responsible_body),
            days_waiting=(today - letter.date).days,
        )
        for letter in letters
    ]
