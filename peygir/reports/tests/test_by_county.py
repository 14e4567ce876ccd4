"""The fulfilment dashboard's county grouping, against a count done resolution by resolution."""

import datetime
from typing import Any

from peygir.reports.filters import ReportFilter, counties_for, scoped
from peygir.reports.fulfilment import by_county
from peygir.reports.tests.conftest import TODAY, Province, _publish, _set
from peygir.resolutions import services
from peygir.resolutions.choices import OPEN_STATUSES, PublicRating, Status, Visibility


def _by_hand(user: Any) -> dict[str, tuple[int, ...]]:
    visible = scoped(user, ReportFilter())
    found: dict[str, tuple[int, ...]] = {}
    for county in counties_for(user):
        inside = visible.filter(places__path__startswith=county.path).distinct()
        rows = list(inside)
        if not rows:
            continue
        public = [r for r in rows if r.visibility == Visibility.PUBLIC]
        found[county.name] = (
            len(rows),
            sum(r.status == Status.DONE for r in rows),
            sum(r.status == Status.PARTIALLY_DONE for r in rows),
            sum(r.status in OPEN_STATUSES for r in rows),
            sum(
                r.status in OPEN_STATUSES and r.deadline is not None and r.deadline < TODAY
                for r in rows
            ),
            sum(r.status == Status.CANCELLED for r in rows),
            len(public),
            sum(r.public_rating == PublicRating.KEPT for r in public),
        )
    return found


def _grouped(user: Any) -> dict[str, tuple[int, ...]]:
    visible = scoped(user, ReportFilter())
    return {
        g.label: (
            g.total,
            g.done,
            g.partly,
            g.open,
            g.overdue,
            g.cancelled,
            g.published,
            (g.ratings or {}).get(PublicRating.KEPT, 0),
        )
        for g in by_county(user, visible, TODAY)
    }


def test_a_resolution_counts_once_in_each_county_it_touches(province: Province) -> None:
    w = province.world
    # Two places of Kahak (counted once there), and Kahak with Qom (once in each).
    twice = w.resolution(places=[w.kahak, w.fordo], deadline=datetime.date(2025, 12, 20))
    both = w.resolution(places=[w.fordo, w.qom_city])
    _set(both, status=Status.DONE, progress=100)
    _publish(both, PublicRating.KEPT)
    _publish(twice, PublicRating.IN_THE_WORKS)
    for persona in ("secretariat", "county", "other_county", "officer"):
        user = w.users[persona]
        assert _grouped(user) == _by_hand(user), persona
    kahak = _grouped(w.users["secretariat"])["کهک"]
    assert kahak[:2] == (6, 2) and kahak[6:] == (4, 2)


def test_the_stored_county_rows_give_the_same_groups(province: Province) -> None:
    w = province.world
    user = w.users["secretariat"]
    visible = scoped(user, ReportFilter())

    def groups(stored: bool) -> list[tuple[Any, ...]]:
        found = by_county(user, visible, TODAY, stored=stored)
        return [(g.key, g.label, g.total, g.done, g.open, g.overdue, g.ratings) for g in found]

    assert groups(stored=True) == groups(stored=False)
    both = w.resolution(places=[w.kahak, w.fordo, w.qom_city])  # through the services
    services.resolution_accept(actor=w.users["officer"], resolution=both)
    assert groups(stored=True) == groups(stored=False)
    assert dict(_grouped(user))["کهک"][0] == 5
