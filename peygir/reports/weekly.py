"""The weekly report for the governor's stocktake: the weekly agenda (workspace's
`weekly_agenda`) split by why each item is on it, what was fulfilled in the last week, and
the scorecard per body. Each list is cut at `LIMIT` rows; the counts are always whole."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from peygir.accounts.models import User
from peygir.core.exports import pdf_bytes
from peygir.reports.dashboards import scorecard_section
from peygir.reports.filters import ReportFilter
from peygir.reports.scorecard import scorecard
from peygir.resolutions.choices import EventKind, Status
from peygir.resolutions.models import Resolution, ResolutionEvent
from peygir.resolutions.selectors import resolutions_visible_to
from peygir.workspace.selectors import weekly_agenda

LIMIT = 60


@dataclass
class Part:
    key: str
    title: str
    rows: list[Resolution]
    count: int

    @property
    def more(self) -> int:
        return self.count - len(self.rows)


def _fulfilled_since(user: User | AnonymousUser, since: datetime.datetime) -> QuerySet[Resolution]:
    done = ResolutionEvent.objects.filter(
        resolution=OuterRef("pk"),
        kind=EventKind.STATUS_CHANGED,
        data__new=Status.DONE,
        created_at__gte=since,
    )
    return (
        resolutions_visible_to(user)
        .filter(Exists(done), status=Status.DONE)
        .select_related("source", "responsible_body", "followup_owner")
        .order_by("responsible_body__name", "id")
    )


def weekly_context(user: User | AnonymousUser) -> dict[str, Any]:
    today = timezone.localdate()
    now = timezone.now()
    week_end = today + datetime.timedelta(days=7)
    agenda = weekly_agenda(user)
    conditions = {
        "due": (_("Due this week"), Q(deadline__gte=today, deadline__lte=week_end)),
        "overdue": (_("Overdue"), Q(deadline__lt=today)),
        "stale": (_("Stale: no follow-up for too long"), Q(is_stale=True)),
        "decisions": (
            _("Decisions needed: new deadlines requested"),
            Q(pending_revisions__gt=0),
        ),
    }
    counts = agenda.order_by().aggregate(
        **{key: Count("pk", filter=condition) for key, (_title, condition) in conditions.items()}
    )
    parts = [
        Part(key, title, list(agenda.filter(condition)[:LIMIT]), counts[key] or 0)
        for key, (title, condition) in conditions.items()
    ]
    fulfilled = _fulfilled_since(user, now - datetime.timedelta(days=7))
    parts.append(
        Part(
            "fulfilled",
            _("Fulfilled since last week"),
            list(fulfilled[:LIMIT]),
            fulfilled.count(),
        )
    )
    return {
        "today": today,
        "week_end": week_end,
        "now": now,
        "parts": parts,
        "scorecard": scorecard_section(scorecard(user, ReportFilter())),
    }


def weekly_pdf(user: User | AnonymousUser) -> bytes:
    return pdf_bytes("reports/weekly_pdf.html", weekly_context(user))
