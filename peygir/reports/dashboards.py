"""Each dashboard as sections of tables and charts, built from the figures' modules.

`DASHBOARDS` maps a URL slug to its builder; the page, the Excel workbook and the PDF all
call the same builder, so the three always show the same numbers.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from peygir.accounts.models import User
from peygir.portal.selectors import METER_ORDER
from peygir.reports.credit import credit_by_source, credit_by_year
from peygir.reports.filters import ReportFilter
from peygir.reports.fulfilment import Group, fulfilment
from peygir.reports.letters import letters_by_body, waiting_letters
from peygir.reports.overdue import bucket_labels, overdue_ageing
from peygir.reports.scorecard import ScoreRow, scorecard
from peygir.reports.tables import ChartSpec, Column, Dashboard, Section
from peygir.reports.trends import Grain, trends

# Fulfilled, partly done, open, cancelled.
FULFILMENT_COLORS = ("#2e7d4f", "#9cc25a", "#e9a23b", "#b8473f")
# In METER_ORDER: kept, partly kept, in the works, stalled, broken, not yet rated.
METER_COLORS = ("#2e7d4f", "#9cc25a", "#1f6f8b", "#e9a23b", "#b8473f", "#9a9a9a")
# Ageing: from a month late to over a year, ever darker.
AGEING_COLORS = ("#f3c969", "#e9a23b", "#d9782d", "#b8473f", "#7a2621")


def _groupings() -> dict[str, tuple[str, str, str]]:
    """For each grouping: its column's name, the fulfilment title, the meter title."""
    return {
        "county": (_("County"), _("Fulfilment by county"), _("Promise meter by county")),
        "body": (
            pgettext("report column", "Responsible body"),
            _("Fulfilment by responsible body"),
            _("Promise meter by responsible body"),
        ),
        "source": (
            _("Trip or meeting"),
            _("Fulfilment by trip or meeting"),
            _("Promise meter by trip or meeting"),
        ),
        "category": (_("Category"), _("Fulfilment by category"), _("Promise meter by category")),
        "year": (
            _("Fiscal year of the deadline"),
            _("Fulfilment by fiscal year"),
            _("Promise meter by fiscal year"),
        ),
    }


def _fulfilment_section(key: str, names: tuple[str, str, str], groups: list[Group]) -> Section:
    column, title, _meter = names
    return Section(
        key=f"fulfilment-{key}",
        title=title,
        columns=[
            Column(column, "text"),
            Column(pgettext("report column", "Resolutions")),
            Column(pgettext("report column", "Fulfilled")),
            Column(pgettext("report column", "Partly done")),
            Column(pgettext("report column", "Open")),
            Column(pgettext("report column", "Overdue")),
            Column(pgettext("report column", "Cancelled")),
            Column(pgettext("report column", "Fulfilment rate"), "percent"),
        ],
        rows=[
            [g.label, g.total, g.done, g.partly, g.open, g.overdue, g.cancelled, g.rate]
            for g in groups
        ],
        chart=ChartSpec(
            series=(2, 3, 4, 6), stacked=True, horizontal=True, colors=FULFILMENT_COLORS
        ),
    )


def _meter_section(key: str, names: tuple[str, str, str], groups: list[Group]) -> Section:
    column, _title, title = names
    return Section(
        key=f"meter-{key}",
        title=title,
        columns=[
            Column(column, "text"),
            Column(pgettext("report column", "Published")),
            *[Column(str(r.label)) for r in METER_ORDER],
        ],
        rows=[
            [g.label, g.published, *[row.count for row in g.meter()]] for g in groups if g.published
        ],
        chart=ChartSpec(
            series=tuple(range(2, 2 + len(METER_ORDER))),
            stacked=True,
            horizontal=True,
            colors=METER_COLORS,
        ),
    )


def fulfilment_dashboard(user: User | AnonymousUser, wanted: ReportFilter) -> Dashboard:
    figures = fulfilment(user, wanted)
    sections = []
    names = _groupings()
    for key, groups in figures.groupings:
        sections.append(_fulfilment_section(key, names[key], groups))
        sections.append(_meter_section(key, names[key], groups))
    overall = figures.overall
    return Dashboard(
        slug="fulfilment",
        title=_("Fulfilment and the promise meter"),
        intro=_(
            "Fulfilled means the resolution's status is «done»; the rate is fulfilled over all "
            "resolutions in the group. The promise meter counts the public ratings of published "
            "resolutions, as citizens see them. Fiscal year is that of the current deadline."
        ),
        sections=sections,
        headline=[
            (pgettext("report column", "Resolutions"), overall.total, "int"),
            (pgettext("report column", "Fulfilled"), overall.done, "int"),
            (pgettext("report column", "Fulfilment rate"), overall.rate, "percent"),
            (pgettext("report column", "Overdue"), overall.overdue, "int"),
            (pgettext("report column", "Published"), figures.record.total, "int"),
            (str(METER_ORDER[0].label), figures.record.rows[0].percent, "percent"),
        ],
    )


def overdue_dashboard(user: User | AnonymousUser, wanted: ReportFilter) -> Dashboard:
    today = timezone.localdate()
    rows = overdue_ageing(user, wanted)
    labels = bucket_labels()
    body = pgettext("report column", "Responsible body")
    section = Section(
        key="ageing",
        title=_("How long overdue, by responsible body"),
        columns=[
            Column(body, "text"),
            *[Column(label) for label in labels],
            Column(pgettext("report column", "Overdue")),
            Column(_("Longest overdue (days)")),
        ],
        rows=[[r.label, *r.counts, r.total, r.longest_days(today)] for r in rows],
        chart=ChartSpec(
            series=tuple(range(1, 1 + len(labels))),
            stacked=True,
            horizontal=True,
            colors=AGEING_COLORS,
        ),
    )
    totals = [sum(r.counts[i] for r in rows) for i in range(len(labels))]
    return Dashboard(
        slug="overdue",
        title=_("Overdue ageing"),
        intro=_(
            "Open resolutions past their current deadline, by how many days they are late. "
            "Revised deadlines count: a resolution given a new date is late from the new date."
        ),
        sections=[section],
        headline=[(label, count, "int") for label, count in zip(labels, totals, strict=True)],
    )


def letters_dashboard(user: User | AnonymousUser, wanted: ReportFilter) -> Dashboard:
    rows = letters_by_body(user, wanted)
    waiting = waiting_letters(user, wanted)
    by_body = Section(
        key="letters",
        title=_("Letters and replies, by the ministry or body written to"),
        columns=[
            Column(_("Ministry or body"), "text"),
            Column(pgettext("report column", "Letters sent")),
            Column(pgettext("report column", "Answered")),
            Column(pgettext("report column", "Unanswered")),
            Column(pgettext("report column", "Past the reply date")),
            Column(_("Average reply time (days)"), "days"),
        ],
        rows=[
            [r.label, r.sent, r.answered, r.unanswered, r.late, r.average_reply_days] for r in rows
        ],
        chart=ChartSpec(series=(2, 3), stacked=True, horizontal=True),
        note=_(
            "When a letter names no recipient, it counts for the resolution's responsible body."
        ),
    )
    oldest = Section(
        key="waiting",
        title=_("The oldest unanswered letters"),
        columns=[
            Column(_("Resolution"), "text"),
            Column(_("Letter number"), "text"),
            Column(_("Letter date"), "date"),
            Column(_("Sent to"), "text"),
            Column(_("Reply due"), "date"),
            Column(_("Days waiting")),
        ],
        rows=[
            [
                w.action.resolution.title,
                w.action.letter_number,
                w.action.date,
                w.to,
                w.action.reply_due,
                w.days_waiting,
            ]
            for w in waiting
        ],
    )
    return Dashboard(
        slug="letters",
        title=_("Unanswered letters and reply times"),
        intro=_(
            "Letters sent while following up resolutions, whether an answer was recorded, and "
            "how many days the answers took on average."
        ),
        sections=[by_body, oldest],
        headline=[
            (pgettext("report column", "Letters sent"), sum(r.sent for r in rows), "int"),
            (pgettext("report column", "Unanswered"), sum(r.unanswered for r in rows), "int"),
            (pgettext("report column", "Past the reply date"), sum(r.late for r in rows), "int"),
        ],
    )


def scorecard_section(rows: list[ScoreRow]) -> Section:
    return Section(
        key="scorecard",
        title=_("Weekly scorecard by responsible body"),
        columns=[
            Column(pgettext("report column", "Responsible body"), "text"),
            Column(pgettext("report column", "Open")),
            Column(pgettext("report column", "Overdue")),
            Column(_("On time"), "percent"),
            Column(_("Due this week")),
            Column(pgettext("report column", "Stale")),
            Column(_("Fulfilled this week")),
            Column(_("Follow-ups this week")),
            Column(_("New deadline requested")),
        ],
        rows=[
            [
                r.label,
                r.open,
                r.overdue,
                r.on_time,
                r.due_week,
                r.stale,
                r.done_week,
                r.actions_week,
                r.pending,
            ]
            for r in rows
        ],
        chart=ChartSpec(series=(3,), horizontal=True, percent=True),
        note=_("The week is the last seven days; stale means no recorded activity for too long."),
    )


def scorecard_dashboard(user: User | AnonymousUser, wanted: ReportFilter) -> Dashboard:
    rows = scorecard(user, wanted)
    return Dashboard(
        slug="scorecard",
        title=_("Weekly scorecard"),
        intro=_("Where each responsible body's open resolutions stand this week."),
        sections=[scorecard_section(rows)],
        headline=[
            (pgettext("report column", "Open"), sum(r.open for r in rows), "int"),
            (pgettext("report column", "Overdue"), sum(r.overdue for r in rows), "int"),
            (_("Fulfilled this week"), sum(r.done_week for r in rows), "int"),
        ],
    )


def trends_dashboard(
    user: User | AnonymousUser, wanted: ReportFilter, grain: Grain = "month"
) -> Dashboard:
    rows = trends(user, wanted, grain)
    period = _("Jalali week (from Saturday)") if grain == "week" else _("Jalali month")
    section = Section(
        key="trends",
        title=_("By week") if grain == "week" else _("By month"),
        columns=[
            Column(period, "text"),
            Column(_("Registered")),
            Column(pgettext("report column", "Fulfilled")),
            Column(pgettext("report column", "Letters sent")),
        ],
        rows=[[r.period.label, r.registered, r.fulfilled, r.letters] for r in rows],
        chart=ChartSpec(series=(1, 2, 3), kind="line", limit=len(rows)),
    )
    return Dashboard(
        slug="trends",
        title=_("Trends over time"),
        intro=_(
            "Resolutions registered, fulfilled (status changed to done) and letters sent in "
            "each of the last twelve periods."
        ),
        sections=[section],
    )


def _credit_section(key: str, title: str, first: str, rows: list) -> Section:  # type: ignore[type-arg]
    return Section(
        key=key,
        title=title,
        columns=[
            Column(first, "text"),
            Column(pgettext("report column", "Resolutions")),
            Column(_("Approved (rials)"), "rials"),
            Column(_("Allocated (rials)"), "rials"),
            Column(_("Spent (rials)"), "rials"),
            Column(_("Allocated of approved"), "percent"),
            Column(_("Spent of allocated"), "percent"),
        ],
        rows=[
            [r.label, r.resolutions, r.approved, r.allocated, r.spent, r.allocated_pct, r.spent_pct]
            for r in rows
        ],
        chart=ChartSpec(series=(2, 3, 4), limit=20),
    )


def credit_dashboard(user: User | AnonymousUser, wanted: ReportFilter) -> Dashboard:
    years = credit_by_year(user, wanted)
    sources = credit_by_source(user, wanted)
    return Dashboard(
        slug="credit",
        title=_("Credit approved, allocated and spent"),
        intro=_(
            "The funding lines of the resolutions, in rials. Here the fiscal year filter "
            "chooses the funding lines' own fiscal year."
        ),
        sections=[
            _credit_section("credit-year", _("By fiscal year"), _("Fiscal year"), years),
            _credit_section("credit-source", _("By funding source"), _("Funding source"), sources),
        ],
        headline=[
            (_("Approved (rials)"), sum(r.approved for r in years), "rials"),
            (_("Allocated (rials)"), sum(r.allocated for r in years), "rials"),
            (_("Spent (rials)"), sum(r.spent for r in years), "rials"),
        ],
    )


@dataclass(frozen=True)
class Entry:
    slug: str
    label: str
    build: Callable[[User | AnonymousUser, ReportFilter], Dashboard]


def entries() -> list[Entry]:
    return [
        Entry("fulfilment", _("Fulfilment and the promise meter"), fulfilment_dashboard),
        Entry("overdue", _("Overdue ageing"), overdue_dashboard),
        Entry("letters", _("Unanswered letters"), letters_dashboard),
        Entry("scorecard", _("Weekly scorecard"), scorecard_dashboard),
        Entry("trends", _("Trends over time"), trends_dashboard),
        Entry("credit", _("Credit"), credit_dashboard),
    ]
