"""Each figure of each dashboard against the small province of conftest.py."""

import contextlib
import datetime
import itertools

import pytest

from peygir.followup.services import followup_record_letter
from peygir.reports.credit import credit_by_source, credit_by_year
from peygir.reports.filters import ReportFilter
from peygir.reports.fulfilment import fulfilment
from peygir.reports.letters import letters_by_body, waiting_letters
from peygir.reports.overdue import overdue_ageing
from peygir.reports.periods import fiscal_years, jalali_months, jalali_weeks
from peygir.reports.scorecard import scorecard
from peygir.reports.stored import counted_live
from peygir.reports.tests.conftest import TODAY, Province, _set
from peygir.reports.trends import trends
from peygir.resolutions.choices import Status


def _groups(province: Province, user: str, wanted: ReportFilter | None = None) -> dict:  # type: ignore[type-arg]
    figures = fulfilment(province.world.users[user], wanted or ReportFilter())
    return {key: {g.label: g for g in groups} for key, groups in figures.groupings}


def test_fulfilment_overall_counts_done_over_all(province: Province) -> None:
    figures = fulfilment(province.world.users["secretariat"], ReportFilter())
    overall = figures.overall
    assert (overall.total, overall.done, overall.open, overall.overdue) == (6, 2, 3, 3)
    assert (overall.cancelled, overall.partly, overall.rate) == (1, 0, 33)


def test_promise_meter_counts_published_ratings_like_the_portal(province: Province) -> None:
    figures = fulfilment(province.world.users["secretariat"], ReportFilter())
    assert figures.record.total == 3
    counts = {row.rating: row.count for row in figures.record.rows}
    assert counts["kept"] == 2 and counts["in_the_works"] == 1 and counts["broken"] == 0
    assert figures.overall.published == 3
    assert [row.count for row in figures.overall.meter()] == [
        row.count for row in figures.record.rows
    ]


def test_fulfilment_by_county(province: Province) -> None:
    counties = _groups(province, "secretariat")["county"]
    assert set(counties) == {"کهک", "قم"}
    assert (counties["کهک"].total, counties["کهک"].done, counties["کهک"].rate) == (4, 1, 25)
    assert (counties["کهک"].overdue, counties["کهک"].cancelled) == (2, 1)
    assert (counties["قم"].total, counties["قم"].done, counties["قم"].rate) == (2, 1, 50)


def test_fulfilment_by_body_source_category_and_fiscal_year(province: Province) -> None:
    groups = _groups(province, "secretariat")
    w = province.world
    assert groups["body"][w.roads.name].total == 4 and groups["body"][w.gas.name].total == 2
    assert groups["source"][w.source.title].total == 6
    assert groups["category"][w.category.name].done == 2
    years = groups["year"]
    assert {label: g.total for label, g in years.items()} == {"۱۴۰۳": 1, "۱۴۰۴": 3, "۱۴۰۵": 2}
    assert years["۱۴۰۴"].done == 1 and years["۱۴۰۵"].cancelled == 1


def test_filters_narrow_every_figure(province: Province) -> None:
    w = province.world
    in_1404 = fulfilment(w.users["secretariat"], ReportFilter(fiscal_year=1404)).overall
    assert (in_1404.total, in_1404.done) == (3, 1)
    in_qom = fulfilment(w.users["secretariat"], ReportFilter(county=w.qom)).overall
    assert (in_qom.total, in_qom.done, in_qom.overdue) == (2, 1, 1)
    of_gas = fulfilment(w.users["secretariat"], ReportFilter(body=w.gas)).overall
    assert of_gas.total == 2
    assert fulfilment(w.users["secretariat"], ReportFilter(category=w.category)).overall.total == 6


def test_a_county_sees_only_its_own_county(province: Province) -> None:
    groups = _groups(province, "county")
    assert set(groups["county"]) == {"کهک"}
    assert groups["county"]["کهک"].total == 4
    assert set(groups["body"]) == {province.world.roads.name}
    other = fulfilment(province.world.users["other_county"], ReportFilter()).overall
    assert (other.total, other.done) == (2, 1)


def test_a_county_cannot_widen_its_view_with_the_filters(province: Province) -> None:
    w = province.world
    figures = fulfilment(w.users["county"], ReportFilter(county=w.qom))
    assert figures.overall.total == 0


def test_overdue_ageing_buckets_by_body(province: Province) -> None:
    rows = {
        row.label: row
        for row in overdue_ageing(province.world.users["secretariat"], ReportFilter())
    }
    roads, gas = rows[province.world.roads.name], rows[province.world.gas.name]
    assert roads.counts == [1, 1, 0, 0, 0] and roads.total == 2
    assert roads.longest_days(TODAY) == 45
    assert gas.counts == [0, 0, 0, 0, 1] and gas.longest_days(TODAY) == 410
    county_rows = overdue_ageing(province.world.users["county"], ReportFilter())
    assert [row.label for row in county_rows] == [province.world.roads.name]


@pytest.mark.parametrize("live", [False, True], ids=["stored", "live"])
def test_letters_unanswered_and_average_reply_time(province: Province, live: bool) -> None:
    w = province.world
    with counted_live() if live else contextlib.nullcontext():
        rows = {row.label: row for row in letters_by_body(w.users["secretariat"], ReportFilter())}
        by_county = letters_by_body(w.users["county"], ReportFilter())
    ministry = rows[w.ministry.name]
    # One answered (after its reply date: not late), one past its reply date unanswered.
    assert (ministry.sent, ministry.answered, ministry.unanswered, ministry.late) == (2, 1, 1, 1)
    assert ministry.average_reply_days == 10.0
    gas = rows[w.gas.name]  # no recipient noted: the resolution's responsible body
    assert (gas.sent, gas.unanswered, gas.late, gas.average_reply_days) == (1, 1, 0, None)
    assert [row.label for row in by_county] == [w.ministry.name]


def test_letters_to_no_one_known_are_ordered_as_stored(province: Province) -> None:
    # A letter with no recipient on a resolution with no responsible body: one letter, as
    # many as the gas company's, and the two ordered by the body's id, the unknown where
    # the database puts NULL, whether counted live or stored.
    w = province.world
    nobody = w.resolution(responsible_body=None)
    followup_record_letter(
        actor=w.users["secretariat"], resolution=nobody, number="۸۸/۱",
        date=datetime.date(2026, 1, 5), subject="بی‌نشانی",
    )  # fmt: skip
    user = w.users["secretariat"]
    stored = [(r.label, r.sent) for r in letters_by_body(user, ReportFilter())]
    with counted_live():
        live = [(r.label, r.sent) for r in letters_by_body(user, ReportFilter())]
    assert live == stored
    assert sorted(stored) == sorted([(w.ministry.name, 2), (w.gas.name, 1), ("ثبت نشده", 1)])


@pytest.mark.parametrize("live", [False, True], ids=["stored", "live"])
def test_waiting_letters_oldest_first(province: Province, live: bool) -> None:
    with counted_live() if live else contextlib.nullcontext():
        waiting = waiting_letters(province.world.users["secretariat"], ReportFilter())
    assert [w.action.letter_number for w in waiting] == ["۱۲/۴۰", "۷۷/۱"]
    assert waiting[0].days_waiting == 45


def test_weekly_scorecard_per_body(province: Province) -> None:
    w = province.world
    rows = {row.label: row for row in scorecard(w.users["secretariat"], ReportFilter())}
    roads, gas = rows[w.roads.name], rows[w.gas.name]
    # Stale as the sweep counts it: r2's last letter is dated 1 December, more working days
    # ago than PEYGIR_STALE_WORKING_DAYS; r3 was registered today.
    assert (roads.open, roads.overdue, roads.done_week, roads.stale, roads.on_time) == (
        2,
        2,
        1,
        1,
        0,
    )
    assert (gas.open, gas.overdue, gas.done_week, gas.actions_week) == (1, 1, 1, 1)
    assert roads.actions_week == 0


def test_a_body_with_nothing_open_or_done_is_not_on_the_scorecard(province: Province) -> None:
    w = province.world
    _set(w.resolution(responsible_body=w.ministry), status=Status.CANCELLED)
    with counted_live():
        for wanted in (ReportFilter(), ReportFilter(category=w.category)):
            labels = [row.label for row in scorecard(w.users["secretariat"], wanted)]
            assert w.roads.name in labels and w.ministry.name not in labels


def test_trends_by_jalali_month_and_week(province: Province) -> None:
    rows = trends(province.world.users["secretariat"], ReportFilter(), "month")
    assert [row.period.label for row in rows[-3:]] == ["آبان ۱۴۰۴", "آذر ۱۴۰۴", "دی ۱۴۰۴"]
    assert [(r.registered, r.fulfilled, r.letters) for r in rows[-3:]] == [
        (0, 0, 1),
        (0, 0, 1),
        (6, 2, 1),
    ]
    weeks = trends(province.world.users["secretariat"], ReportFilter(), "week")
    assert weeks[-1].period.start == datetime.date(2026, 1, 10)  # a Saturday
    assert weeks[-1].period.label == "۱۴۰۴/۱۰/۲۰"
    assert (weeks[-1].registered, weeks[-1].letters) == (6, 1)


def test_credit_per_fiscal_year_and_source(province: Province) -> None:
    w = province.world
    years = credit_by_year(w.users["secretariat"], ReportFilter())
    assert [(r.label, r.approved, r.allocated, r.spent) for r in years] == [
        ("۱۴۰۴", 1000, 600, 300),
        ("۱۴۰۵", 500, 500, 100),
    ]
    assert (years[0].allocated_pct, years[0].spent_pct) == (60, 50)
    assert [r.label for r in credit_by_year(w.users["county"], ReportFilter())] == ["۱۴۰۴"]
    only_1405 = credit_by_source(w.users["secretariat"], ReportFilter(fiscal_year=1405))
    assert [(r.approved, r.resolutions) for r in only_1405] == [(500, 1)]


def test_jalali_periods() -> None:
    months = jalali_months(12, TODAY)
    assert months[-1].label == "دی ۱۴۰۴" and months[-1].start == datetime.date(2025, 12, 22)
    assert months[0].label == "بهمن ۱۴۰۳"
    assert all(a.end == b.start for a, b in itertools.pairwise(months))
    weeks = jalali_weeks(3, TODAY)
    assert [week.start.weekday() for week in weeks] == [5, 5, 5]  # Saturdays
    years = {p.key: p for p in fiscal_years(TODAY)}
    assert years[1404].start == datetime.date(2025, 3, 21) and years[1404].end == datetime.date(
        2026, 3, 21
    )
