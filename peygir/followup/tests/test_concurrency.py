"""Races on PostgreSQL: two sweeps at once act once (the unique step row decides), and two
follow-ups recorded at once both land."""

import threading
import uuid
from collections.abc import Callable

import pytest
from django.conf import settings
from django.db import connection

from peygir.conftest import World
from peygir.followup.announce import sweep_run_announce
from peygir.followup.models import FollowupAction, SweepRun, SweepStep
from peygir.followup.services import followup_record_letter
from peygir.followup.sweep import sweep
from peygir.followup.tests.helpers import j, on, overdue_resolutions
from peygir.notifications.models import Channel, Notification
from peygir.notifications.step_ids import step_ids_all
from peygir.resolutions.choices import EventKind
from peygir.resolutions.models import Resolution, ResolutionEvent

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="needs PostgreSQL: SQLite serializes writers, so there is no race to test",
    ),
]


def run_together[T](*calls: Callable[[], T]) -> list[T]:
    """Run each call in its own thread, released at the same moment by a barrier, each on
    its own database connection; return their results in order, or raise the first error."""
    barrier = threading.Barrier(len(calls))
    results: dict[int, T] = {}
    errors: list[BaseException] = []

    def run(index: int, call: Callable[[], T]) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return [results[index] for index in range(len(calls))]


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweeps_act_once(world: World) -> None:
    resolutions = overdue_resolutions(world, 20)
    summaries = run_together(
        lambda: sweep(today=j("1405/03/21")), lambda: sweep(today=j("1405/03/21"))
    )
    assert sum(s["reminders"] for s in summaries) == len(resolutions)  # type: ignore[misc]
    assert SweepStep.objects.count() == len(resolutions)
    assert ResolutionEvent.objects.filter(kind=EventKind.REMINDED).count() == len(resolutions)
    keys = list(Notification.objects.values_list("dedupe_key", flat=True))
    assert len(keys) == len(set(keys)) > 0
    for run in SweepRun.objects.values_list("run", flat=True):  # each tells what it took
        told = Notification.objects.filter(dedupe_key__contains=str(run), channel=Channel.INBOX)
        steps = {step for message in told for step in step_ids_all(message.context)}
        assert steps == set(SweepStep.objects.filter(run=run).values_list("pk", flat=True))


@pytest.mark.django_db(transaction=True)
def test_two_letters_recorded_at_the_same_moment_both_land(world: World) -> None:
    """Each clerk's page holds the same copy of the resolution; neither gets a conflict,
    because recording a follow-up only adds to the history."""
    resolution = world.resolution()
    copies = [Resolution.objects.get(pk=resolution.pk) for _ in range(2)]
    before = resolution.version

    def record(copy: Resolution, number: str, next_date: str) -> None:
        followup_record_letter(
            actor=world.users["officer"],
            resolution=copy,
            number=number,
            date=j("1405/03/01"),
            subject="پیگیری تأمین اعتبار",
            next_followup_date=j(next_date),
        )

    run_together(
        lambda: record(copies[0], "۱۰۰/۱", "1405/03/10"),
        lambda: record(copies[1], "۱۰۰/۲", "1405/03/12"),
    )
    assert FollowupAction.objects.filter(resolution=resolution).count() == 2
    resolution.refresh_from_db()
    assert resolution.version >= before + 2  # both writes moved the version


@pytest.mark.django_db(transaction=True)
def test_two_announcers_of_one_dead_run_tell_once(world: World) -> None:
    """Two sweeps that both find the same dead run: the claim lets one of them tell it."""
    with on("1405/03/01"):
        resolution = world.resolution(deadline=j("1405/03/20"), next_followup_date=j("1405/03/10"))
    dead = uuid.uuid4()
    SweepRun.objects.create(run=dead)
    SweepStep.objects.create(
        resolution=resolution, condition="overdue", level=0, period="2026-06-10",
        taken_on=j("1405/03/21"), run=dead,
    )  # fmt: skip
    told = run_together(lambda: sweep_run_announce(dead), lambda: sweep_run_announce(dead))
    assert sorted(told) == [0, 2]  # the body's officer and the county owner, once each
    keys = list(Notification.objects.values_list("dedupe_key", flat=True))
    assert len(keys) == len(set(keys)) == 2  # their inbox rows (neither has an email)
