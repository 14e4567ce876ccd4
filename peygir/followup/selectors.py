"""Reads of follow-up, through the user's scope on resolutions."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, QuerySet

from peygir.accounts.models import User
from peygir.followup.choices import ActionKind
from peygir.followup.models import FollowupAction
from peygir.resolutions.models import Resolution
from peygir.resolutions.selectors import resolutions_visible_to


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
