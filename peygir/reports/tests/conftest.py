"""A small province with known statuses, deadlines, letters and funding, on a fixed day.

Today is 2026-01-15 (۲۵ دی ۱۴۰۴). Kahak (the `county` persona's) holds R1–R4 of the roads
directorate; Qom holds R5–R6 of the gas company:

| | status | deadline | fiscal year | published, rating | funding (approved/allocated/spent) |
|---|---|---|---|---|---|
| R1 | done this week | 2026-06-21 | 1405 | kept | 1404: 1 000 / 600 / 300 |
| R2 | in progress | 2025-12-01 (45 days late) | 1404 | in the works | |
| R3 | in progress | 2026-01-10 (5 days late) | 1404 | internal | |
| R4 | cancelled | 2026-06-21 | 1405 | internal | |
| R5 | done this week | 2025-10-01 | 1404 | kept | 1405: 500 / 500 / 100 |
| R6 | in progress | 2024-12-01 (410 days late) | 1403 | internal | |

Letters: on R2 two to the ministry (one answered after 10 days, one unanswered and past its
reply date); on R5 one with no recipient (so counted for gas), not yet due, sent this week.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import time_machine

from peygir.conftest import World
from peygir.followup.services import followup_record_letter, followup_record_reply
from peygir.resolutions.choices import EventKind, PublicRating, Status, Visibility
from peygir.resolutions.models import FundingLine, Resolution, ResolutionEvent

NOW = datetime.datetime(2026, 1, 15, 7, 30, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 1, 15)


@dataclass
class Province:
    world: World
    r: dict[int, Resolution]


def _set(resolution: Resolution, **fields: object) -> None:
    Resolution.objects.filter(pk=resolution.pk).update(**fields)


def _done(world: World, resolution: Resolution) -> None:
    _set(resolution, status=Status.DONE, progress=100)
    ResolutionEvent.objects.create(
        resolution=resolution,
        kind=EventKind.STATUS_CHANGED,
        actor=world.users["secretariat"],
        data={"old": Status.IN_PROGRESS, "new": Status.DONE},
    )


def _publish(resolution: Resolution, rating: str) -> None:
    _set(resolution, visibility=Visibility.PUBLIC, public_rating=rating)


@pytest.fixture
def clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def province(world: World, clock: None) -> Province:
    w = world
    qom = {
        "places": [w.qom_city],
        "responsible_body": w.gas,
        "followup_owner": w.qom_governorate,
        "title": "گازرسانی به محله",
    }
    r = {
        1: w.resolution(),
        2: w.resolution(deadline=datetime.date(2025, 12, 1)),
        3: w.resolution(deadline=datetime.date(2026, 1, 10)),
        4: w.resolution(),
        5: w.resolution(deadline=datetime.date(2025, 10, 1), **qom),
        6: w.resolution(
            start_date=datetime.date(2024, 6, 1), deadline=datetime.date(2024, 12, 1), **qom
        ),
    }
    for n in (2, 3, 6):
        _set(r[n], status=Status.IN_PROGRESS, progress=40)
    _set(r[4], status=Status.CANCELLED, status_reason="ناممکن")
    _done(w, r[1])
    _done(w, r[5])
    _publish(r[1], PublicRating.KEPT)
    _publish(r[2], PublicRating.IN_THE_WORKS)
    _publish(r[5], PublicRating.KEPT)
    FundingLine.objects.create(
        resolution=r[1],
        source="national",
        fiscal_year=1404,
        approved=1000,
        allocated=600,
        spent=300,
    )
    FundingLine.objects.create(
        resolution=r[5],
        source="provincial",
        fiscal_year=1405,
        approved=500,
        allocated=500,
        spent=100,
    )
    clerk = w.users["secretariat"]
    answered = followup_record_letter(
        actor=clerk, resolution=r[2], number="۱۲/۳۴", date=datetime.date(2025, 11, 1),
        subject="پیگیری آسفالت", recipient=w.ministry, reply_due=datetime.date(2025, 11, 20),
    )  # fmt: skip
    followup_record_reply(
        actor=clerk, letter=answered, number="۹۹/۱", date=datetime.date(2025, 11, 11)
    )
    followup_record_letter(
        actor=clerk, resolution=r[2], number="۱۲/۴۰", date=datetime.date(2025, 12, 1),
        subject="تأکید دوباره", recipient=w.ministry, reply_due=datetime.date(2025, 12, 20),
    )  # fmt: skip
    followup_record_letter(
        actor=clerk, resolution=r[5], number="۷۷/۱", date=datetime.date(2026, 1, 12),
        subject="گازرسانی", reply_due=datetime.date(2026, 2, 1),
    )  # fmt: skip
    for resolution in r.values():
        resolution.refresh_from_db()
    return Province(world=w, r=r)
