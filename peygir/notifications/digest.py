"""The weekly digest: per responsible body and per follow-up owner, what is overdue, what is
due this week, and which letters are unanswered. Queued once per organization and week."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from peygir.accounts.models import Membership, User
from peygir.followup.models import FollowupAction
from peygir.followup.selectors import unanswered_letters
from peygir.notifications.models import NotificationKind
from peygir.notifications.services import notification_queue
from peygir.organizations.models import Organization
from peygir.resolutions.choices import OPEN_STATUSES
from peygir.resolutions.models import Resolution

SATURDAY = 5


def week_start(day: datetime.date) -> datetime.date:
    """Return the Saturday that starts the Iranian week holding `day`."""
    return day - datetime.timedelta(days=(day.weekday() - SATURDAY) % 7)


def _owners(resolution: Resolution) -> set[int]:
    ids = {resolution.responsible_body_id, resolution.followup_owner_id}
    return {pk for pk in ids if pk is not None}


def digests_queue(*, today: datetime.date | None = None) -> int:
    """Queue this week's digests; return how many organizations got one (0 when done)."""
    today = today or timezone.localdate()
    start = week_start(today)
    end = start + datetime.timedelta(days=6)
    by_org: dict[int, dict[str, list[object]]] = defaultdict(
        lambda: {"overdue": [], "due": [], "letters": []}
    )
    open_ = Resolution.objects.filter(status__in=OPEN_STATUSES, deadline__lte=end).only(
        "pk", "tracking_code", "title", "deadline", "responsible_body_id", "followup_owner_id"
    )
    for resolution in open_.order_by("deadline", "pk"):
        assert resolution.deadline is not None
        bucket = "overdue" if resolution.deadline < today else "due"
        for org_id in _owners(resolution):
            by_org[org_id][bucket].append(resolution)
    letters: list[FollowupAction] = list(
        unanswered_letters()
        .filter(reply_due__lt=today, resolution__status__in=OPEN_STATUSES)
        .select_related("resolution")
        .order_by("reply_due", "pk")
    )
    for letter in letters:
        for org_id in _owners(letter.resolution):
            by_org[org_id]["letters"].append(letter)
    members: dict[int, list[User]] = defaultdict(list)
    for membership in Membership.objects.filter(
        is_active=True, user__is_active=True, organization_id__in=list(by_org)
    ).select_related("user"):
        members[membership.organization_id].append(membership.user)
    organizations = Organization.objects.in_bulk(list(by_org))
    queued = 0
    with translation.override(settings.LANGUAGE_CODE):
        for org_id, lists in by_org.items():
            org = organizations[org_id]
            subject = _("Weekly follow-up digest: %(org)s") % {"org": org.name}
            created = notification_queue(
                users=members[org_id],
                kind=NotificationKind.DIGEST,
                subject=subject,
                template="digest",
                context={"subject": subject, "week_start": start, **lists},
                key=f"digest:{org_id}:{start.isoformat()}",
            )
            queued += 1 if created else 0
    return queued
