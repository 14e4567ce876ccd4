"""The fulfilment dashboard's whole, promise meter, bodies, categories and fiscal years, read
once and summed per grouping (`fulfilment._rolled_up`), against a count done resolution by
resolution."""

import datetime
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import pytest
from django.utils.translation import gettext as _

from peygir.persian.jalali import fiscal_year
from peygir.portal.selectors import METER_ORDER
from peygir.reports.filters import ReportFilter, scoped
from peygir.reports.fulfilment import Fulfilment, Group, fulfilment
from peygir.reports.stored import counted_live
from peygir.reports.tests.conftest import TODAY, Province, _publish, _set
from peygir.resolutions.choices import OPEN_STATUSES, PublicRating, Status, Visibility
from peygir.resolutions.models import Category, Resolution

Counters = tuple[int, ...]


def _counted(rows: list[Resolution]) -> Counters:
    public = [r for r in rows if r.visibility == Visibility.PUBLIC]
    return (
        len(rows),
        sum(r.status == Status.DONE for r in rows),
        sum(r.status == Status.PARTIALLY_DONE for r in rows),
        sum(r.status in OPEN_STATUSES for r in rows),
        sum(_overdue(r) for r in rows),
        sum(r.status == Status.CANCELLED for r in rows),
        len(public),
        sum(r.public_rating == PublicRating.KEPT for r in public),
    )


def _overdue(r: Resolution) -> bool:
    return r.status in OPEN_STATUSES and r.deadline is not None and r.deadline < TODAY


def _shown(group: Group) -> Counters:
    kept = (group.ratings or {}).get(PublicRating.KEPT, 0)
    return (group.total, group.done, group.partly, group.open, group.overdue, group.cancelled,
            group.published, kept)  # fmt: skip


def _by_hand(
    rows: list[Resolution], key: Callable[[Resolution], Any], label: Callable[[Any], str]
) -> list[tuple[str, Counters]]:
    """Largest first, then by name (none of these ties involves the rows without a key)."""
    found: defaultdict[Any, list[Resolution]] = defaultdict(list)
    for r in rows:
        found[key(r)].append(r)
    named = [(label(k), _counted(group)) for k, group in found.items()]
    return sorted(named, key=lambda pair: (-pair[1][0], pair[0]))


def _grouping(figures: Fulfilment, name: str) -> list[tuple[str, Counters]]:
    return [(g.label, _shown(g)) for g in dict(figures.groupings)[name]]


@pytest.fixture
def varied(province: Province) -> Province:
    """Beside R1–R6: two more of the gas company's (a tie of four with the roads
    directorate), two of a second category, and one with no category, no body and no
    deadline."""
    w = province.world
    water = Category.objects.create(code="water", name="آب و فاضلاب")
    gas = {"responsible_body": w.gas, "places": [w.qom_city]}
    extra = w.resolution(deadline=datetime.date(2025, 6, 1), category=water, **gas)
    _publish(extra, PublicRating.BROKEN)
    _set(w.resolution(category=water, **gas), status=Status.PARTIALLY_DONE)
    _set(w.resolution(), category=None, responsible_body=None, deadline=None)
    return province


@pytest.mark.parametrize(
    ("persona", "wanted"),
    [
        ("secretariat", {}),
        ("secretariat", {"county": "qom"}),
        ("secretariat", {"body": "gas"}),
        ("secretariat", {"fiscal_year": 1404}),
        ("county", {}),
        ("officer", {}),
    ],
)
def test_every_grouping_counts_as_by_hand(
    varied: Province, persona: str, wanted: dict[str, Any]
) -> None:
    w = varied.world
    user = w.users[persona]
    chosen = ReportFilter(**{k: getattr(w, v) if isinstance(v, str) else v
                             for k, v in wanted.items()})  # fmt: skip
    with counted_live():
        figures = fulfilment(user, chosen)
    rows = list(scoped(user, chosen).select_related("responsible_body", "category"))
    assert rows, "every case sees some resolutions"

    assert _shown(figures.overall) == _counted(rows)
    public = [r for r in rows if r.visibility == Visibility.PUBLIC]
    assert (figures.record.total, figures.record.overdue) == (
        len(public),
        sum(_overdue(r) for r in public),
    )
    assert [row.count for row in figures.record.rows] == [
        sum(r.public_rating == rating for r in public) for rating in METER_ORDER
    ]

    assert _grouping(figures, "body") == _by_hand(
        rows,
        lambda r: r.responsible_body,
        lambda body: body.name if body else _("No responsible body"),
    )
    assert _grouping(figures, "category") == _by_hand(
        rows, lambda r: r.category, lambda found: found.name if found else _("No category")
    )
    # The years in their calendar order, each year's rows by the fiscal year of the deadline.
    dated = [(r, r.deadline) for r in rows if r.deadline is not None]
    years: defaultdict[int, list[Resolution]] = defaultdict(list)
    for r, deadline in dated:
        years[fiscal_year(deadline)].append(r)
    shown = [(g.key, _shown(g)) for g in dict(figures.groupings)["year"]]
    assert shown == [(year, _counted(years[year])) for year in sorted(years)]
