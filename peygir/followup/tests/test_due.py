"""The sweep's bookkeeping: each resolution stores the first day it may need a step, every
write makes it due again, and a pass reads only what is due, with the same results."""

import datetime
import json
from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from peygir.conftest import World
from peygir.followup.choices import Condition, Level
from peygir.followup.models import EscalationRule, SweepDue, SweepStep
from peygir.followup.plan import NEVER
from peygir.followup.services import followup_record_action, followup_record_letter
from peygir.followup.sweep import sweep
from peygir.followup.tests.helpers import j, on, sweep_on
from peygir.resolutions import services as resolution_services
from peygir.resolutions.models import Resolution
from peygir.workdays.calendar import add_working_days, invalidate_holidays
from peygir.workdays.models import Holiday


@pytest.fixture(autouse=True)
def _no_stale(settings: object) -> None:
    # Most tests follow one ladder at a time; the stale clock has its own test.
    settings.PEYGIR_STALE_WORKING_DAYS = 1000  # type: ignore[attr-defined]


def _register(world: World, **overrides: object) -> Resolution:
    fields: dict[str, object] = {
        "start_date": j("1405/03/01"),
        "deadline": j("1405/03/20"),
        "next_followup_date": j("1405/03/10"),
    }
    fields.update(overrides)
    with on("1405/03/01"):
        return world.resolution(**fields)


def _due(resolution: Resolution) -> datetime.date | None:
    return SweepDue.objects.get(resolution=resolution).due_on


def _mark(resolution: Resolution) -> int:
    return SweepDue.objects.get(resolution=resolution).mark


def test_it_stores_the_first_day_a_step_is_owed(world: World) -> None:
    resolution = _register(world)
    sweep_on("1405/03/02")
    assert _due(resolution) == j("1405/03/21")  # the day after the deadline
    sweep_on("1405/03/21")
    # The county rung comes 5 working days after the deadline (a Friday in between).
    assert _due(resolution) == j("1405/03/26")


def test_a_chunks_due_days_are_stored_whatever_the_statements_hold(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLite stores a chunk's days in statements of as many rows as its parameter limit
    # allows: two rows a statement here, so three resolutions take two statements.
    monkeypatch.setattr(type(connection.features), "max_query_params", 6)
    early, late, closed = (
        _register(world, deadline=j(day)) for day in ["1405/03/20", "1405/06/01", "1405/04/01"]
    )
    with on("1405/03/02"):
        resolution_services.resolution_change_status(
            actor=world.users["deputy"], resolution=closed, status="cancelled", reason="ادغام"
        )
    sweep_on("1405/03/02")
    assert [_due(r) for r in (early, late, closed)] == [j("1405/03/21"), j("1405/06/02"), NEVER]


def test_an_unchanged_pass_reads_nothing(world: World) -> None:
    _register(world)
    _register(world, deadline=j("1405/06/01"))
    assert sweep_on("1405/03/21")["examined"] == 2
    again = sweep_on("1405/03/21")
    assert again["examined"] == 0 and again["reminders"] == again["escalations"] == 0
    assert sweep_on("1405/03/25")["examined"] == 0  # nothing comes due before 03/26
    assert sweep_on("1405/03/26")["examined"] == 1


def test_a_new_deadline_makes_it_due_again(world: World) -> None:
    resolution = _register(world, deadline=j("1405/12/20"))
    sweep_on("1405/04/01")
    assert _due(resolution) == j("1405/12/21")
    with on("1405/04/01"):
        resolution_services.resolution_revise_deadline(
            actor=world.users["deputy"],
            resolution=resolution,
            new_date=j("1405/04/05"),
            reason="فوریت پیش از فصل بارندگی",
        )
    assert _due(resolution) is None
    sweep_on("1405/04/02")
    assert _due(resolution) == j("1405/04/06")
    summary = sweep_on("1405/04/06")
    assert summary["examined"] == 1 and summary["reminders"] == 1


def test_a_letter_on_the_resolution_makes_it_due_again(world: World) -> None:
    resolution = _register(world, deadline=j("1405/12/20"))
    sweep_on("1405/03/02")
    mark = _mark(resolution)
    with on("1405/03/02"):
        followup_record_letter(
            actor=world.users["county"],
            resolution=resolution,
            number="۱۲۰",
            date=j("1405/03/02"),
            subject="درخواست گزارش",
            reply_due=j("1405/03/09"),
            next_followup_date=j("1405/03/10"),  # unchanged: no detail is written
        )
    # The mark moves too, so a sweep planning from older facts cannot store over it.
    assert _due(resolution) is None and _mark(resolution) == mark + 1
    sweep_on("1405/03/02")
    assert _due(resolution) == j("1405/03/10")  # the day after the reply was due
    assert sweep_on("1405/03/10")["reminders"] == 1
    assert SweepStep.objects.get(resolution=resolution).condition == Condition.LETTER_UNANSWERED


def test_a_follow_up_action_restarts_the_stale_clock(world: World, settings: object) -> None:
    settings.PEYGIR_STALE_WORKING_DAYS = 3  # type: ignore[attr-defined]
    resolution = _register(world, deadline=j("1405/12/20"))
    sweep_on("1405/03/02")
    assert _due(resolution) == j("1405/03/05")  # three working days after Friday 03/01
    with on("1405/03/04"):
        followup_record_action(
            actor=world.users["county"],
            resolution=resolution,
            kind="call",
            date=j("1405/03/04"),
            outcome="قول پیگیری داد",
            next_followup_date=j("1405/03/10"),
        )
    assert sweep_on("1405/03/05")["reminders"] == 0
    due = _due(resolution)
    assert due is not None and due > j("1405/03/05")
    # It is stale from the first day more than three working days follow the call.
    assert add_working_days(due - datetime.timedelta(days=1), -3) <= j("1405/03/04")
    assert add_working_days(due, -3) > j("1405/03/04")
    assert sweep_on(due)["reminders"] == 1
    assert SweepStep.objects.get(resolution=resolution).period == j("1405/03/04").isoformat()


def test_a_closed_resolution_waits_for_a_write(world: World) -> None:
    resolution = _register(world)
    with on("1405/03/02"):
        resolution_services.resolution_change_status(
            actor=world.users["deputy"], resolution=resolution, status="cancelled", reason="ادغام"
        )
    sweep_on("1405/03/02")
    assert _due(resolution) == NEVER
    assert sweep_on("1405/06/01")["examined"] == 0


def test_an_edited_rule_makes_every_resolution_due_again(world: World) -> None:
    resolution = _register(world)
    sweep_on("1405/03/21")
    EscalationRule.objects.filter(condition=Condition.OVERDUE, level=Level.COUNTY).update(
        after_working_days=1
    )
    summary = sweep_on("1405/03/22")
    assert summary["examined"] == 1 and summary["escalations"] == 1
    # The deputy rung, 10 working days after the deadline.
    assert _due(resolution) == add_working_days(j("1405/03/20"), 10)


def test_a_new_holiday_makes_every_resolution_due_again(world: World) -> None:
    resolution = _register(world)
    sweep_on("1405/03/21")
    assert _due(resolution) == j("1405/03/26")
    Holiday.objects.create(date=j("1405/03/23"), name="تعطیل آزمایشی")
    invalidate_holidays()
    try:
        assert sweep_on("1405/03/22")["examined"] == 1
        assert _due(resolution) == j("1405/03/27")
    finally:
        invalidate_holidays()


def test_a_sweep_as_of_an_earlier_day_looks_at_everything(world: World) -> None:
    _register(world)
    sweep_on("1405/03/02")
    assert sweep_on("1405/03/02")["examined"] == 0
    assert sweep_on("1405/03/01")["examined"] == 1


def _walk(world: World, full: bool) -> set[tuple[str, str, int, str, datetime.date]]:
    """Three resolutions over two months, with writes along the way; return every step."""
    road = _register(world)
    late = _register(world, deadline=j("1405/04/15"), followup_owner=None)
    quiet = _register(world, deadline=j("1405/12/20"))
    day = j("1405/03/02")
    while day < j("1405/05/01"):
        if day == j("1405/03/25"):
            with on(day):
                followup_record_letter(
                    actor=world.users["county"],
                    resolution=quiet,
                    number="۷",
                    date=day,
                    subject="پیگیری",
                    reply_due=j("1405/03/30"),
                )
        if day == j("1405/04/02"):
            with on(day):
                resolution_services.resolution_revise_deadline(
                    actor=world.users["deputy"],
                    resolution=road,
                    new_date=j("1405/04/10"),
                    reason="تمدید",
                )
        with on(day):
            sweep(today=day, full=full)
        day += datetime.timedelta(days=1)
    # Ids relative to the walk: PostgreSQL does not roll its sequences back between walks.
    return {
        (
            str(step.resolution_id - road.pk),
            step.condition,
            step.level,
            "letter" if step.period.startswith("letter-") else step.period,
            step.taken_on,
        )
        for step in SweepStep.objects.filter(resolution__in=[road, late, quiet])
    }


class _Undo(Exception):
    pass


def test_reading_only_what_is_due_takes_the_same_steps_as_reading_everything(
    world: World, settings: object
) -> None:
    settings.PEYGIR_STALE_WORKING_DAYS = 12  # type: ignore[attr-defined]
    walks = []
    for full in (True, False):
        try:
            with transaction.atomic():
                walks.append(_walk(world, full))
                raise _Undo
        except _Undo:
            pass
    assert walks[0] == walks[1]
    assert len(walks[0]) > 10
    assert {condition for _r, condition, *_ in walks[0]} >= {
        Condition.OVERDUE,
        Condition.STALE,
        Condition.LETTER_UNANSWERED,
        Condition.NO_OWNER,
    }


def test_an_unchanged_pass_takes_a_fixed_number_of_queries(
    world: World, django_assert_num_queries: Callable[[int], object]
) -> None:
    for count in (2, 8):
        for _ in range(count):
            _register(world)
        sweep_on("1405/03/21")
        # Rules, holidays, the basis, the marking triggers' presence, runs that died
        # unannounced, the due ids (emptied, came due: two index reads on SQLite, one read
        # of the table on PostgreSQL), and the count against original deadlines.
        reads = 8 if connection.vendor == "postgresql" else 9
        with on("1405/03/21"), django_assert_num_queries(reads):  # type: ignore[attr-defined]
            sweep(today=j("1405/03/21"))


def test_the_command_reads_everything_when_asked(world: World) -> None:
    _register(world)
    sweep_on("1405/03/02")
    out = StringIO()
    with on("1405/03/02"):
        call_command("sweep", "--full", stdout=out)
    assert json.loads(out.getvalue())["examined"] == 1
