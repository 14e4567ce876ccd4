"""The sweep: what it finds, the ladder it climbs, and that it never acts twice."""

import datetime
import json
from collections import defaultdict
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from peygir.conftest import World
from peygir.followup import sweep as sweeping
from peygir.followup.choices import Condition, Level
from peygir.followup.models import EscalationRule, SweepStep
from peygir.followup.services import followup_record_letter, followup_record_reply
from peygir.followup.tests.helpers import j, on, overdue_resolutions, sweep_on
from peygir.notifications import rendering
from peygir.notifications.models import Channel, Notification
from peygir.resolutions import services as resolution_services
from peygir.resolutions.choices import EventKind
from peygir.resolutions.models import Resolution, ResolutionEvent


def _register(world: World, day: str = "1405/03/01", **overrides: object) -> Resolution:
    fields: dict[str, object] = {
        "start_date": j("1405/03/01"),
        "deadline": j("1405/03/20"),
        "next_followup_date": j("1405/03/10"),
    }
    fields.update(overrides)
    with on(day):
        return world.resolution(**fields)


def _steps(resolution: Resolution, condition: str) -> list[int]:
    return list(
        SweepStep.objects.filter(resolution=resolution, condition=condition)
        .order_by("level")
        .values_list("level", flat=True)
    )


def test_a_fresh_complete_resolution_needs_nothing(world: World) -> None:
    _register(world)
    summary = sweep_on("1405/03/02")
    assert summary["reminders"] == summary["escalations"] == 0


def test_the_day_after_the_deadline_it_reminds_once(world: World) -> None:
    resolution = _register(world)
    first = sweep_on("1405/03/21")
    second = sweep_on("1405/03/21")
    assert first["found"]["overdue"] == 1  # type: ignore[index]
    assert _steps(resolution, Condition.OVERDUE) == [Level.REMINDER]
    assert second["reminders"] == second["escalations"] == 0
    assert resolution.events.filter(kind=EventKind.REMINDED).count() == 1


def test_it_climbs_one_rung_a_day_and_never_skips(world: World) -> None:
    resolution = _register(world)
    sweep_on("1405/03/21")
    # Long after every threshold: still only the next rung each day.
    sweep_on("1405/08/01")
    assert _steps(resolution, Condition.OVERDUE) == [0, 1]
    sweep_on("1405/08/01")
    assert _steps(resolution, Condition.OVERDUE) == [0, 1]
    sweep_on("1405/08/02")
    assert _steps(resolution, Condition.OVERDUE) == [0, 1, 2]


def test_escalation_waits_for_its_working_days(world: World) -> None:
    resolution = _register(world)
    # Due Wednesday 1405/03/20; the county rung comes 5 working days later.
    sweep_on("1405/03/21")
    sweep_on("1405/03/25")  # 4 working days after the deadline (a Friday in between)
    assert _steps(resolution, Condition.OVERDUE) == [0]
    sweep_on("1405/03/26")
    assert _steps(resolution, Condition.OVERDUE) == [0, 1]


def test_a_switched_off_rule_stops_the_ladder_there(world: World) -> None:
    resolution = _register(world)
    EscalationRule.objects.filter(condition=Condition.OVERDUE, level=Level.DEPUTY).update(
        is_active=False
    )
    for day in ["1405/03/21", "1405/06/01", "1405/06/02", "1405/06/03"]:
        sweep_on(day)
    assert _steps(resolution, Condition.OVERDUE) == [0, 1]


def test_it_finds_what_breaks_the_invariant(world: World) -> None:
    _register(world, deadline=None, next_followup_date=None, followup_owner=None)
    summary = sweep_on("1405/03/02")
    found = summary["found"]
    assert found["no_deadline"] == found["no_next_followup"] == found["no_owner"] == 1  # type: ignore[index]
    assert summary["reminders"] == 3
    # Nobody owns it, so the secretariat hears of it.
    assert Notification.objects.filter(
        recipient=world.users["secretariat"], channel=Channel.INBOX
    ).exists()


def test_a_revised_deadline_starts_a_new_ladder_and_the_original_still_counts(
    world: World,
) -> None:
    resolution = _register(world)
    sweep_on("1405/03/21")
    with on("1405/03/22"):
        resolution_services.resolution_revise_deadline(
            actor=world.users["deputy"],
            resolution=resolution,
            new_date=j("1405/04/10"),
            reason="تأخیر در تخصیص اعتبار",
        )
    summary = sweep_on("1405/03/23")
    assert summary["found"]["overdue"] == 0  # type: ignore[index]
    assert summary["overdue_against_original_deadline"] == 1
    sweep_on("1405/04/11")
    assert SweepStep.objects.filter(resolution=resolution, period="2026-07-01").count() == 1


def test_a_letter_past_its_reply_date_is_chased_until_answered(world: World) -> None:
    resolution = _register(world, deadline=j("1405/12/20"))
    with on("1405/03/02"):
        letter = followup_record_letter(
            actor=world.users["county"],
            resolution=resolution,
            number="۱۱۰",
            date=j("1405/03/02"),
            subject="درخواست گزارش پیشرفت",
            reply_due=j("1405/03/09"),
        )
    summary = sweep_on("1405/03/10")
    assert summary["found"]["letter_unanswered"] == 1  # type: ignore[index]
    assert _steps(resolution, Condition.LETTER_UNANSWERED) == [0]
    with on("1405/03/11"):
        followup_record_reply(
            actor=world.users["officer"], letter=letter, number="۹۸", date=j("1405/03/11")
        )
    assert sweep_on("1405/03/12")["found"]["letter_unanswered"] == 0  # type: ignore[index]


def test_stale_counts_working_days_since_the_last_action(world: World, settings: object) -> None:
    settings.PEYGIR_STALE_WORKING_DAYS = 3  # type: ignore[attr-defined]
    resolution = _register(world, deadline=j("1405/12/20"))
    # Registered Friday 1405/03/01; three working days later is Monday 1405/03/04.
    assert sweep_on("1405/03/04")["found"]["stale"] == 0  # type: ignore[index]
    assert sweep_on("1405/03/05")["found"]["stale"] == 1  # type: ignore[index]
    assert _steps(resolution, Condition.STALE) == [0]


def test_stale_counts_from_the_day_of_registration_in_tehran(
    world: World, settings: object
) -> None:
    settings.PEYGIR_STALE_WORKING_DAYS = 3  # type: ignore[attr-defined]
    # 01:00 on Saturday 1405/03/02 in Tehran, still Friday in UTC: the three working days
    # are Sunday to Tuesday, so it is stale on Wednesday 1405/03/06, not on Tuesday.
    saturday = datetime.datetime.combine(j("1405/03/02"), datetime.time(1), datetime.UTC)
    with time_machine.travel(saturday - datetime.timedelta(hours=3, minutes=30), tick=False):
        resolution = world.resolution(
            start_date=j("1405/03/01"), deadline=j("1405/12/20"), next_followup_date=j("1405/03/10")
        )
    assert sweep_on("1405/03/05")["found"]["stale"] == 0  # type: ignore[index]
    assert sweep_on("1405/03/06")["found"]["stale"] == 1  # type: ignore[index]
    assert _steps(resolution, Condition.STALE) == [0]


def test_an_interrupted_sweep_is_finished_by_the_next_without_repeats(world: World) -> None:
    first, second = _register(world), _register(world)
    # As if a sweep died right after committing its step for the first resolution.
    SweepStep.objects.create(
        resolution=first,
        condition=Condition.OVERDUE,
        level=0,
        period="2026-06-10",
        taken_on=j("1405/03/21"),
    )
    summary = sweep_on("1405/03/21")
    assert summary["reminders"] == 1
    assert _steps(first, Condition.OVERDUE) == _steps(second, Condition.OVERDUE) == [0]


def test_reminders_reach_the_body_and_the_owner_inboxes(world: World) -> None:
    _register(world)
    sweep_on("1405/03/21")
    for persona in ["officer", "county"]:
        inbox = Notification.objects.get(recipient=world.users[persona], channel=Channel.INBOX)
        assert "یادآوری" in inbox.subject
        [text] = rendering.texts([inbox])  # rendered when read, not inside the sweep
        assert "۱۴۰۵/۰۳/۲۰" in text  # the deadline, Jalali with Persian digits
    assert not Notification.objects.filter(recipient=world.users["deputy"]).exists()


def test_a_step_message_says_what_was_true_when_it_was_taken(world: World) -> None:
    resolution = _register(world)
    sweep_on("1405/03/21")
    with on("1405/03/22"):
        resolution_services.resolution_revise_deadline(
            actor=world.users["deputy"],
            resolution=resolution,
            new_date=j("1405/04/10"),
            reason="تأخیر در تخصیص اعتبار",
        )
    inbox = Notification.objects.get(recipient=world.users["officer"], channel=Channel.INBOX)
    [text] = rendering.texts([inbox])
    assert "۱۴۰۵/۰۳/۲۰" in text and "۱۴۰۵/۰۴/۱۰" not in text
    assert "۱۴۰۵/۰۳/۲۱" in text  # the day the step was taken
    assert resolution.title in text and str(world.roads) in text


def test_the_command_prints_one_json_summary(world: World) -> None:
    _register(world)
    out = StringIO()
    with on("1405/03/21"):
        call_command("sweep", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["reminders"] == 1 and summary["date"] == "2026-06-11"


def test_the_command_sweeps_as_of_a_jalali_date(world: World) -> None:
    _register(world)
    out = StringIO()
    with on("1405/03/02"):
        call_command("sweep", "--date", "۱۴۰۵/۰۳/۲۱", stdout=out)
    assert json.loads(out.getvalue())["found"]["overdue"] == 1


def test_a_done_resolution_is_left_alone(world: World) -> None:
    resolution = _register(world)
    with on("1405/03/05"):
        resolution_services.resolution_accept(actor=world.users["officer"], resolution=resolution)
        resolution_services.resolution_report_progress(
            actor=world.users["officer"], resolution=resolution, progress=100, note="پایان کار"
        )
        resolution_services.resolution_change_status(
            actor=world.users["officer"], resolution=resolution, status="done"
        )
    summary = sweep_on("1405/04/30")
    assert summary["reminders"] == summary["escalations"] == 0


def test_without_any_rule_the_sweep_restores_the_defaults(world: World) -> None:
    resolution = _register(world)
    EscalationRule.objects.all().delete()
    assert sweep_on("1405/03/21")["reminders"] == 1
    assert _steps(resolution, Condition.OVERDUE) == [0]
    assert EscalationRule.objects.filter(condition=Condition.OVERDUE).count() == 6


def test_a_step_another_sweep_took_meanwhile_is_skipped_and_the_rest_written(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between a pass's reading of the steps taken and its writing them, another sweep may
    take one. On PostgreSQL the pass's COPY meets that step's row and is undone by its
    savepoint; the rows then go the insert-or-skip way. Nothing is written twice, nothing
    is half-written, and the other steps land with their events."""
    resolutions = overdue_resolutions(world, 3)
    today = j("1405/03/21")
    first = resolutions[0]
    assert first.deadline is not None
    SweepStep.objects.create(
        resolution=first,
        condition=Condition.OVERDUE,
        level=Level.REMINDER,
        period=first.deadline.isoformat(),
        taken_on=today,
    )
    # This pass read the steps taken before the other sweep wrote its own.
    monkeypatch.setattr(sweeping, "_taken", lambda ids: defaultdict(dict))
    summary = sweeping.sweep(today=today, processes=1)
    assert summary["already_taken_by_another_sweep"] == 1
    assert summary["reminders"] == 2
    assert SweepStep.objects.count() == 3
    reminded = ResolutionEvent.objects.filter(kind=EventKind.REMINDED)
    assert sorted(reminded.values_list("resolution_id", flat=True)) == sorted(
        r.pk for r in resolutions[1:]
    )
