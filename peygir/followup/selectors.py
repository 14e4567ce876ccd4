"""Reads of follow-up, through the user's scope on resolutions."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from peygir.accounts.models import User
from peygir.followup import conf
from peygir.followup.choices import ActionKind
from peygir.followup.models import FollowupAction
from peygir.resolutions.models import Resolution
from peygir.resolutions.selectors import resolutions_visible_to
from peygir.workdays.calendar import add_working_days


def actions_of(resolution: Resolution) -> QuerySet[FollowupAction]:
    """Return a resolution's actions, newest first; the caller has fetched it with a check."""
    return (
        FollowupAction.objects.filter(resolution=resolution)
        .select_related("sender", "recipient", "recorded_by", "in_reply_to")
        .prefetch_related("attachments")
    )


def public_actions_of(resolution: Resolution) -> QuerySet[FollowupAction]:
    """Return what citizens may read: actions not marked internal."""
    return actions_of(resolution).filter(is_internal=False)


def unanswered_letters() -> QuerySet[FollowupAction]:
    """Return letters sent that no received letter answers yet."""
    answered = FollowupAction.objects.filter(in_reply_to=OuterRef("pk"))
    return FollowupAction.objects.filter(kind=ActionKind.LETTER_SENT).exclude(Exists(answered))


def unanswered_letters_visible_to(user: User | AnonymousUser) -> QuerySet[FollowupAction]:
    return unanswered_letters().filter(resolution__in=resolutions_visible_to(user))


def stale_threshold(today: datetime.date) -> datetime.date:
    """Return the day before which a resolution's last follow-up makes it stale today."""
    return add_working_days(today, -conf.stale_working_days())


def stale_q(today: datetime.date) -> Q:
    """Match resolutions stale today the way the sweep counts: no follow-up action for
    `PEYGIR_STALE_WORKING_DAYS` working days (or since registration, when there is none).

    Open or not is the caller's filter.
    """
    threshold = stale_threshold(today)
    recent = FollowupAction.objects.filter(resolution=OuterRef("pk"), date__gte=threshold)
    any_action = FollowupAction.objects.filter(resolution=OuterRef("pk"))
    midnight = datetime.datetime.combine(
        threshold, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    # The date first: registered before the threshold settles it for nearly every row, so
    # the look for any action at all is left for the few registered since (both databases
    # stop an OR at its first true operand, in the order written).
    return ~Exists(recent) & (Q(created_at__lt=midnight) | Exists(any_action))
