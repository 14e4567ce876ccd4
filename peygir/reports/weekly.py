"""The weekly report for the governor's stocktake: the weekly agenda (workspace's
`weekly_agenda`) split by why each item is on it (`agenda_sections`), what was fulfilled in
the last week, and the scorecard per body. Each list is cut at `LIMIT` rows, read owner by
owner off an index (`agenda_section_first`); the counts are always whole, read from the
stored tallies where they hold the user's scope (as the scorecard's are), else counted."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import CharField, Func, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from peygir.accounts.models import User
from peygir.core.exports import pdf_bytes
from peygir.reports.dashboards import scorecard_section
from peygir.reports.exports import served_note
from peygir.reports.filters import ReportFilter
from peygir.reports.scorecard import scorecard
from peygir.reports.stored import agenda_counts_stored, stored_unit
from peygir.resolutions.choices import EventKind, Status
from peygir.resolutions.models import Resolution, ResolutionEvent
from peygir.resolutions.selectors import resolutions_visible_to
from peygir.tallies.freshness import Served
from peygir.workspace.selectors import (
    agenda_counts_live,
    agenda_section_first,
    agenda_sections,
)

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


class _Unindexed(Func):
    """A column's value as is, which SQLite will not look up in an index (`+column`)."""

    template = "%(expressions)s"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="+%(expressions)s", **extra)


def _fulfilled_since(user: User | AnonymousUser, since: datetime.datetime) -> QuerySet[Resolution]:
    """Done, and marked done since `since`: the few resolutions of the week's «done» events,
    read off the events' (kind, date) index. SQLite would otherwise start from every done
    resolution (269 216 at 1 M: 4-11 s), so their status is tested on those few rows only."""
    done = ResolutionEvent.objects.filter(
        kind=EventKind.STATUS_CHANGED, data__new=Status.DONE, created_at__gte=since
    )
    return (
        resolutions_visible_to(user, walking=True)
        .alias(status_as_is=_Unindexed("status", output_field=CharField()))
        .filter(pk__in=done.values("resolution_id"), status_as_is=Status.DONE)
        .select_related("source", "responsible_body", "followup_owner")
        .order_by("responsible_body__name", "id")
    )


def _counts(
    user: User | AnonymousUser, today: datetime.date, since: datetime.datetime
) -> dict[str, int] | None:
    """Each section's count from the stored tallies when they hold this user's scope (the
    province or a county governorate's), else None."""
    unit = stored_unit(user, ReportFilter(), today)
    return None if unit is None else agenda_counts_stored(today, since, unit)


def weekly_context(user: User | AnonymousUser) -> dict[str, Any]:
    today = timezone.localdate()
    now = timezone.now()
    since = now - datetime.timedelta(days=7)
    titles = {
        "due": _("Due this week"),
        "overdue": _("Overdue"),
        "stale": _("Stale: no follow-up for too long"),
        "decisions": _("Decisions needed: new deadlines requested"),
    }
    sections = agenda_sections(today)
    counts = _counts(user, today, since)
    fulfilled = _fulfilled_since(user, since)
    if counts is None:
        counts = {**agenda_counts_live(user, today), "fulfilled": fulfilled.count()}
    parts = [
        Part(key, title, agenda_section_first(user, sections[key], LIMIT), counts[key])
        for key, title in titles.items()
    ]
    parts.append(
        Part(
            "fulfilled",
            _("Fulfilled since last week"),
            list(fulfilled[:LIMIT]),
            counts["fulfilled"],
        )
    )
    return {
        "today": today,
        "week_end": today + datetime.timedelta(days=7),
        "now": now,
        "parts": parts,
        "scorecard": scorecard_section(scorecard(user, ReportFilter())),
    }


def weekly_pdf(user: User | AnonymousUser, served: Served | None = None) -> bytes:
    """The report as a PDF; `served`: what the request took as stored though not up to
    date (`stored_counts_served`), which the file then mentions."""
    context = {**weekly_context(user), "served_note": served_note(served)}
    return pdf_bytes("reports/weekly_pdf.html", context)
