"""Shared steps of the sweep tests: travel to a Jalali day and sweep."""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

import time_machine

from peygir.conftest import World
from peygir.followup.sweep import sweep
from peygir.persian import parse_jalali_date
from peygir.resolutions.models import Resolution


def j(text: str) -> datetime.date:
    return parse_jalali_date(text)


@contextmanager
def on(day: datetime.date | str) -> Iterator[datetime.date]:
    """Stand at 09:00 Tehran time on `day`."""
    date = j(day) if isinstance(day, str) else day
    moment = datetime.datetime.combine(date, datetime.time(9), datetime.UTC) - datetime.timedelta(
        hours=3, minutes=30
    )
    with time_machine.travel(moment, tick=False):
        yield date


def sweep_on(day: datetime.date | str) -> dict[str, object]:
    with on(day) as date:
        return sweep(today=date)


def overdue_resolutions(world: World, count: int) -> list[Resolution]:
    """`count` resolutions registered on 1405/03/01, due 1405/03/20: each owes an overdue
    reminder (and nothing else) on 1405/03/21."""
    with on("1405/03/01"):
        return [
            world.resolution(deadline=j("1405/03/20"), next_followup_date=j("1405/03/10"))
            for _ in range(count)
        ]
