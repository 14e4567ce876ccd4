"""Helpers for the feasibility tests: a resolution that passes the gate, and finished work."""

import datetime

import pytest
import time_machine

from peygir.conftest import World
from peygir.feasibility.testing import satisfy_gate
from peygir.resolutions import services
from peygir.resolutions.choices import Status
from peygir.resolutions.models import Resolution


@pytest.fixture
def ready(world: World) -> Resolution:
    """A resolution that passes every condition of the gate."""
    resolution = world.resolution()
    satisfy_gate(
        resolution, assessor=world.users["secretariat"], body_officer=world.users["officer"]
    )
    return resolution


def finish(
    world: World,
    *,
    start: datetime.date,
    done: datetime.date,
    title: str = "کار تمام‌شده",
    **overrides: object,
) -> Resolution:
    """Register a resolution that started on `start` and was marked done on `done`."""
    fields: dict[str, object] = {"title": title, "start_date": start, "deadline": None}
    fields.update(overrides)
    resolution = world.resolution(**fields)
    officer = world.users["officer"]
    if resolution.status == Status.ASSIGNED:
        services.resolution_accept(actor=officer, resolution=resolution)
        services.resolution_report_progress(
            actor=officer, resolution=resolution, progress=50, note="نیمی انجام شد"
        )
    with time_machine.travel(datetime.datetime.combine(done, datetime.time(9, 0)), tick=False):
        services.resolution_change_status(actor=officer, resolution=resolution, status=Status.DONE)
    return resolution
