"""The fulfilment dashboard's groupings by a field: the largest TOP groups, each counted whole,
whether every group is counted or the contenders are found first (`CONTENDERS_FIRST_VENDORS`,
set to the database in use or to none)."""

import datetime

import pytest
from django.db import connection

from peygir.conftest import World
from peygir.reports import fulfilment
from peygir.reports.filters import ReportFilter, scoped
from peygir.resolutions import services
from peygir.resolutions.choices import SourceKind, Status
from peygir.resolutions.models import Resolution

TODAY = datetime.date(2026, 1, 15)


def _rows(world: World, key: str, name: str, contenders_first: bool) -> list[tuple[object, ...]]:
    visible = scoped(world.users["secretariat"], ReportFilter())
    vendors = {connection.vendor} if contenders_first else set()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fulfilment, "CONTENDERS_FIRST_VENDORS", vendors)
        groups = fulfilment._by_field(visible, key, name, "-", TODAY)
    return [(g.label, g.total, g.done, g.open, g.overdue, g.cancelled) for g in groups]


@pytest.fixture
def trips(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """Trips of 3, 2, 2, 2 and 1 resolutions (one done, one cancelled, one without a
    category); the dashboard shows the largest two."""
    monkeypatch.setattr(fulfilment, "TOP", 2)
    for title, size in [("ب", 2), ("الف", 3), ("ث", 1), ("ت", 2), ("پ", 2)]:
        source = services.source_create(
            actor=world.users["secretariat"],
            kind=SourceKind.TRIP,
            title=title,
            start_date=datetime.date(2025, 5, 20),
            places=[world.kahak],
        )
        for _ in range(size):
            world.resolution(source=source, deadline=datetime.date(2026, 1, 1))
    first = Resolution.objects.filter(source__title="ب").order_by("pk")
    Resolution.objects.filter(pk=first[0].pk).update(status=Status.DONE)
    Resolution.objects.filter(pk=first[1].pk).update(status=Status.CANCELLED, category=None)


def test_the_largest_trips_are_counted_whole_and_ties_go_by_title(
    world: World, trips: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # «الف» (3), then of the three trips of two the first by title, «ب»: every counter
    # of its rows, the done and the cancelled one included.
    expected = [("الف", 3, 0, 3, 3, 0), ("ب", 2, 1, 0, 0, 1)]
    assert _rows(world, "source_id", "source__title", contenders_first=True) == expected
    assert _rows(world, "source_id", "source__title", contenders_first=False) == expected
    # Four contenders (one trip, then three tied) are more than may be listed: all counted.
    monkeypatch.setattr(fulfilment, "CONTENDERS_AT_MOST", 3)
    assert _rows(world, "source_id", "source__title", contenders_first=True) == expected


def test_rows_without_the_field_are_a_group_either_way(world: World, trips: None) -> None:
    # Nine resolutions have the category, one has none: both groups, counted alike.
    expected = [(world.category.name, 9, 1, 8, 8, 0), ("-", 1, 0, 0, 0, 1)]
    assert _rows(world, "category_id", "category__name", contenders_first=True) == expected
    assert _rows(world, "category_id", "category__name", contenders_first=False) == expected
