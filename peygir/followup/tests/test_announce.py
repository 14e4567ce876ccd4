"""A sweep tells each recipient once per run, in one message listing its steps; a run
that died half way is told by the next sweep, once."""

import datetime
import uuid
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from peygir.accounts.models import User
from peygir.conftest import World
from peygir.followup import sweep as sweep_module
from peygir.followup.announce import sweep_run_announce
from peygir.followup.models import SweepRun, SweepStep
from peygir.followup.tests.helpers import j, on, sweep_on
from peygir.notifications import rendering, views
from peygir.notifications.models import Channel, Notification, NotificationKind
from peygir.notifications.step_ids import step_ids_all, step_ids_count
from peygir.persian.digits import to_persian_digits
from peygir.resolutions.models import Resolution


def _register(world: World, count: int) -> list[Resolution]:
    with on("1405/03/01"):
        return [
            world.resolution(
                start_date=j("1405/03/01"),
                deadline=j("1405/03/20"),
                next_followup_date=j("1405/03/10"),
            )
            for _ in range(count)
        ]


def _code(resolution: Resolution) -> str:
    return to_persian_digits(resolution.tracking_code)


def _inbox(world: World, persona: str) -> list[Notification]:
    return list(Notification.objects.filter(recipient=world.users[persona], channel=Channel.INBOX))


def test_one_message_per_recipient_lists_every_step_of_the_run(world: World) -> None:
    resolutions = _register(world, 3)
    summary = sweep_on("1405/03/21")
    assert summary["reminders"] == 3
    [message] = _inbox(world, "officer")
    assert message.kind == NotificationKind.REMINDER
    assert "۳" in message.subject  # how many, in Persian digits
    [text] = rendering.texts([message])
    for resolution in resolutions:
        assert f"{_code(resolution)} · {resolution.title}" in text
    assert "۱۴۰۵/۰۳/۲۰" in text  # each step's deadline, Jalali
    assert "۱۴۰۵/۰۳/۲۱" in text  # the day of the run


def test_a_long_list_is_cut_and_counted(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rendering, "LISTED", 2)
    resolutions = _register(world, 5)
    sweep_on("1405/03/21")
    [message] = _inbox(world, "officer")
    [text] = rendering.texts([message])
    assert text.count("۱۴۰۵/۰۳/۲۰") == 2
    assert "و ۳ مصوبهٔ دیگر" in text
    # The first steps taken are the ones listed.
    assert [_code(r) in text for r in resolutions] == [True, True, False, False, False]


def test_each_run_is_a_message_of_its_own(world: World) -> None:
    _register(world, 2)
    sweep_on("1405/03/21")
    sweep_on("1405/06/01")  # the next rung: the county governorate hears of it
    runs = {str(run) for run in SweepRun.objects.values_list("run", flat=True)}
    assert len(runs) == 2
    keys = [n.dedupe_key for n in _inbox(world, "officer")]
    assert {key.split(":")[1] for key in keys} == runs  # one message from each run
    assert any(n.kind == NotificationKind.ESCALATION for n in _inbox(world, "county"))


def test_a_run_finds_its_steps_above_the_last_step_taken_before_it(world: World) -> None:
    """A run's announcement reads the steps above `steps_after`, not an index of runs: the
    bound must be below each of its steps and at or above every earlier run's."""
    _register(world, 2)
    sweep_on("1405/03/21")
    sweep_on("1405/06/01")
    first, second = SweepRun.objects.order_by("started_at")
    steps = SweepStep.objects.order_by("pk")
    firsts = list(steps.filter(run=first.run).values_list("pk", flat=True))
    seconds = list(steps.filter(run=second.run).values_list("pk", flat=True))
    assert firsts and seconds
    assert first.steps_after < firsts[0]
    assert second.steps_after == firsts[-1] < seconds[0]
    told = [
        step
        for persona in ("officer", "county")
        for message in _inbox(world, persona)
        if str(second.run) in message.dedupe_key
        for step in step_ids_all(message.context)
    ]
    assert sorted(set(told)) == seconds  # every step of the second run, and only those


def test_a_reminder_tells_each_resolutions_own_owner(world: World) -> None:
    with on("1405/03/01"):
        kahak, qom = (
            world.resolution(
                followup_owner=owner, deadline=j("1405/03/20"), next_followup_date=j("1405/03/10")
            )
            for owner in [world.kahak_governorate, world.qom_governorate]
        )
    sweep_on("1405/03/21")
    [to_kahak] = rendering.texts(_inbox(world, "county"))
    [to_qom] = rendering.texts(_inbox(world, "other_county"))
    assert _code(kahak) in to_kahak and _code(qom) not in to_kahak
    assert _code(qom) in to_qom and _code(kahak) not in to_qom
    [to_body] = rendering.texts(_inbox(world, "officer"))  # the same body: both
    assert _code(kahak) in to_body and _code(qom) in to_body


def test_the_county_rung_tells_the_governorate_of_each_resolutions_county(world: World) -> None:
    with on("1405/03/01"):
        in_kahak, in_qom, provincial = (
            world.resolution(
                places=[place],
                followup_owner=world.secretariat_org,
                deadline=j("1405/03/20"),
                next_followup_date=j("1405/03/10"),
            )
            for place in [world.fordo, world.qom_city, world.province]
        )
    sweep_on("1405/03/21")  # reminders: the body and the owner
    sweep_on("1405/06/01")  # the county rung, in the same run for all three

    def escalated_to(persona: str) -> str:
        [message] = [n for n in _inbox(world, persona) if n.kind == NotificationKind.ESCALATION]
        [text] = rendering.texts([message])
        return text

    told = {
        persona: {r for r in (in_kahak, in_qom, provincial) if _code(r) in escalated_to(persona)}
        for persona in ["county", "other_county", "deputy"]
    }
    # Each county's governorate hears of its own; the deputy, of the one with no county.
    assert told == {"county": {in_kahak}, "other_county": {in_qom}, "deputy": {provincial}}
    # The body hears of all three, in one message a run (one run reminds of a new
    # condition, beside the county rung).
    reminders = [n for n in _inbox(world, "officer") if n.kind == NotificationKind.REMINDER]
    assert len(reminders) == 2
    for text in rendering.texts(reminders):
        assert all(_code(r) in text for r in (in_kahak, in_qom, provincial))


def test_a_run_that_died_is_announced_by_the_next_sweep_once(world: World) -> None:
    [first, second] = _register(world, 2)
    dead = uuid.uuid4()
    with on("1405/03/21") as day:
        # As if a sweep committed its step for the first resolution and was killed.
        SweepRun.objects.create(run=dead)
        SweepStep.objects.create(
            resolution=first, condition="overdue", level=0, period="2026-06-10",
            taken_on=day, run=dead, deadline=first.deadline,
        )  # fmt: skip
    # Too soon to tell a live run from a dead one: the next sweep leaves it alone.
    with on("1405/03/21"):
        summary = sweep_module.sweep(today=j("1405/03/21"))
    assert summary["abandoned_runs_announced"] == 0
    assert summary["reminders"] == 1  # the second resolution; the first was taken
    # Eleven minutes without a beat: it died.
    SweepRun.objects.filter(run=dead).update(
        beat_at=SweepRun.objects.get(run=dead).beat_at - datetime.timedelta(minutes=11)
    )
    summary = sweep_on("1405/03/21")
    assert summary["abandoned_runs_announced"] == 1
    assert sweep_on("1405/03/22")["abandoned_runs_announced"] == 0
    texts = rendering.texts(_inbox(world, "officer"))
    assert len(texts) == 2  # the live run's message and the dead run's, once each
    assert sum(_code(first) in text for text in texts) == 1
    assert sum(_code(second) in text for text in texts) == 1


@pytest.mark.parametrize(("beat_every", "beats"), [(sweep_module.BEAT_EVERY, 0), (0.0, 2)])
def test_a_run_beats_while_it_takes_steps_at_most_every_beat_every_seconds(
    world: World, monkeypatch: pytest.MonkeyPatch, beat_every: float, beats: int
) -> None:
    # Three chunks, each with a step: the first creates the run's row, and each later one
    # renews its beat only once BEAT_EVERY has passed since the last (not in this test's
    # split second, unless it is zero).
    monkeypatch.setattr(sweep_module, "CHUNK", 1)
    monkeypatch.setattr(sweep_module, "BEAT_EVERY", beat_every)
    _register(world, 3)
    with CaptureQueriesContext(connection) as queries:
        assert sweep_on("1405/03/21")["reminders"] == 3
    renewed = [
        query["sql"]
        for query in queries
        if query["sql"].startswith("UPDATE")
        and "sweeprun" in query["sql"]
        and "beat_at" in query["sql"]
    ]
    assert len(renewed) == beats
    assert SweepRun.objects.count() == 1


def test_a_sweep_that_fails_half_way_still_tells_what_it_did(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sweep_module, "CHUNK", 1)
    [first, second] = _register(world, 2)
    real = sweep_module._schedule_prepare
    calls = []

    def fail_second(due: dict[int, tuple[int, datetime.date]]) -> Callable[[], None]:
        """Storing the second chunk's due days fails, inside its transaction."""
        calls.append(due)

        def fail() -> None:
            raise RuntimeError("the disk is full")

        return fail if len(calls) == 2 else real(due)

    monkeypatch.setattr(sweep_module, "_schedule_prepare", fail_second)
    with pytest.raises(RuntimeError):
        sweep_on("1405/03/21")
    [message] = _inbox(world, "officer")
    [text] = rendering.texts([message])
    assert _code(first) in text and _code(second) not in text
    # Read back: the second chunk's step, rolled back, is not counted either.
    assert step_ids_count(message.context) == 1
    monkeypatch.setattr(sweep_module, "_schedule_prepare", real)
    assert sweep_on("1405/03/21")["reminders"] == 1  # the second, rolled back, is taken now
    assert len(_inbox(world, "officer")) == 2


def test_the_whole_list_is_a_page_of_the_recipients_own_inbox(
    world: World, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "STEPS_PER_PAGE", 2)
    resolutions = _register(world, 3)
    sweep_on("1405/03/21")
    [message] = _inbox(world, "officer")
    client.force_login(world.users["officer"])
    first = client.get(f"/staff/notifications/{message.pk}/steps/").content.decode()
    second = client.get(f"/staff/notifications/{message.pk}/steps/?page=2").content.decode()
    assert 'dir="rtl"' in first and "صفحهٔ ۱ از ۲" in first
    assert [_code(r) in first for r in resolutions] == [True, True, False]
    assert [_code(r) in second for r in resolutions] == [False, False, True]
    inbox = client.get("/staff/notifications/").content.decode()
    assert f"/staff/notifications/{message.pk}/steps/" in inbox
    # Another user's message is not found, nor is it for the deputy.
    client.force_login(world.users["deputy"])
    assert client.get(f"/staff/notifications/{message.pk}/steps/").status_code == 404


def test_a_message_queued_with_a_list_of_steps_still_reads_whole(
    world: World, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Messages queued before the steps were named as ranges keep their list of ids."""
    monkeypatch.setattr(views, "STEPS_PER_PAGE", 2)
    monkeypatch.setattr(rendering, "LISTED", 2)
    resolutions = _register(world, 3)
    sweep_on("1405/03/21")
    [message] = _inbox(world, "officer")
    assert "steps" not in message.context  # queued now: the distances between ids
    ids = step_ids_all(message.context)
    Notification.objects.filter(pk=message.pk).update(context={"steps": ids})
    message.refresh_from_db()
    [text] = rendering.texts([message])
    assert [_code(r) in text for r in resolutions] == [True, True, False]
    assert "و ۱ مصوبهٔ دیگر" in text
    client.force_login(world.users["officer"])
    second = client.get(f"/staff/notifications/{message.pk}/steps/?page=2").content.decode()
    assert [_code(r) in second for r in resolutions] == [False, False, True]


def test_the_email_names_the_steps_it_lists_and_the_inbox_names_them_all(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rendering, "LISTED", 2)
    User.objects.filter(pk=world.users["officer"].pk).update(email="officer@example.invalid")
    resolutions = _register(world, 5)
    sweep_on("1405/03/21")
    rows = Notification.objects.filter(recipient=world.users["officer"])
    inbox, email = rows.get(channel=Channel.INBOX), rows.get(channel=Channel.EMAIL)
    assert len(step_ids_all(inbox.context)) == 5
    assert len(step_ids_all(email.context)) == 2 and step_ids_count(email.context) == 5
    [inbox_text, email_text] = rendering.texts([inbox, email])
    assert inbox_text == email_text  # the same two steps listed, and «3 more»
    assert "و ۳ مصوبهٔ دیگر" in email_text
    assert [_code(r) in email_text for r in resolutions] == [True, True, False, False, False]


def _told(run: uuid.UUID) -> dict[tuple[int, str, str], tuple[str, object]]:
    """What the run's messages say, by recipient, channel and kind."""
    return {
        (n.recipient_id, n.channel, n.kind): (n.subject, n.context)
        for n in Notification.objects.filter(dedupe_key__contains=str(run))
    }


def test_a_whole_pass_tells_what_reading_its_steps_back_tells(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pass that ran to its end announces what its chunks took (`RunSteps`) without
    reading its steps back; the messages are those a read-back gives (`_grouped`), for
    reminders by body and owner and for the county rung by place."""
    monkeypatch.setattr(sweep_module, "CHUNK", 1)  # several chunks, so several hand-overs
    with on("1405/03/01"):
        for place, owner, body in [
            (world.fordo, world.secretariat_org, world.roads),
            (world.qom_city, world.kahak_governorate, world.gas),
            (world.province, world.qom_governorate, world.roads),
            (world.province, world.qom_governorate, world.council_org),  # a body in Kahak
            (world.fordo, world.kahak_governorate, world.roads),
        ]:
            world.resolution(
                places=[place],
                followup_owner=owner,
                responsible_body=body,
                deadline=j("1405/03/20"),
                next_followup_date=j("1405/03/10"),
            )
    with CaptureQueriesContext(connection) as queries:
        sweep_on("1405/03/21")  # reminders
        sweep_on("1405/06/01")  # the county rung, and reminders of new conditions
    read_back = [q["sql"] for q in queries if "sweepstep" in q["sql"] and '."run" =' in q["sql"]]
    assert read_back == []
    runs = list(SweepRun.objects.order_by("started_at").values_list("run", flat=True))
    assert len(runs) == 2
    for run in runs:
        from_the_pass = _told(run)
        assert from_the_pass
        Notification.objects.filter(dedupe_key__contains=str(run)).delete()
        SweepRun.objects.filter(run=run).update(announced_at=None)
        inbox = [key for key in from_the_pass if key[1] == Channel.INBOX]
        assert sweep_run_announce(run) == len(inbox)  # read back
        assert _told(run) == from_the_pass
    kinds = {kind for _user, _channel, kind in _told(runs[1])}
    assert kinds == {NotificationKind.REMINDER, NotificationKind.ESCALATION}


def test_a_run_that_drew_its_ids_first_finds_them_above_its_bound(world: World) -> None:
    """Steps whose ids a process drew before its run began (`DrawnIds`) may lie below a
    step another sweep wrote meanwhile: the run's bound is kept below its first id."""
    [resolution] = _register(world, 1)
    with on("1405/03/21") as day:
        written = SweepStep.objects.create(
            resolution=resolution, condition="overdue", level=0, period="x",
            taken_on=day, run=uuid.uuid4(), deadline=resolution.deadline,
        )  # fmt: skip
    run = uuid.uuid4()
    sweep_module._beat(run, started=False, first=written.pk - 5)
    assert SweepRun.objects.get(run=run).steps_after == written.pk - 6
    later = uuid.uuid4()
    sweep_module._beat(later, started=False)  # nothing drawn: the last step written
    assert SweepRun.objects.get(run=later).steps_after == written.pk
