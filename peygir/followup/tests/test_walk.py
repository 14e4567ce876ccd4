"""Done-when of issue 4: a resolution walked from registration through reminders and every
rung of escalation, a letter to the ministry and an in-person visit, to done.

It runs on whichever database the suite runs on; `make test` runs it on SQLite and on
PostgreSQL.
"""

import datetime

from peygir.conftest import World
from peygir.followup.choices import Condition, Level
from peygir.followup.models import EscalationRule, SweepStep
from peygir.followup.services import followup_record_letter, followup_record_visit
from peygir.followup.tests.helpers import j, on, sweep_on
from peygir.resolutions import services
from peygir.resolutions.choices import EventKind, Status


def test_a_resolution_is_chased_up_to_tehran_and_done(world: World) -> None:
    # The province tightened its ladder in the admin: a rung every two working days.
    for level in Level:
        EscalationRule.objects.filter(condition=Condition.OVERDUE, level=level).update(
            after_working_days=2 * level
        )
    with on("1405/03/01"):
        resolution = world.resolution(
            start_date=j("1405/03/01"),
            deadline=j("1405/03/20"),
            next_followup_date=j("1405/03/10"),
            national_counterpart=world.ministry,
        )
    with on("1405/03/02"):
        services.resolution_accept(actor=world.users["officer"], resolution=resolution)
    assert sweep_on("1405/03/20")["found"]["overdue"] == 0  # type: ignore[index]

    taken_on: dict[int, datetime.date] = {}
    day = j("1405/03/21")
    while Level.VISIT not in taken_on:
        sweep_on(day)
        for step in SweepStep.objects.filter(
            resolution=resolution, condition=Condition.OVERDUE
        ).exclude(level__in=taken_on):
            taken_on[step.level] = step.taken_on
            if step.level == Level.MINISTRY_LETTER:
                with on(day):
                    followup_record_letter(
                        actor=world.users["deputy"],
                        resolution=resolution,
                        number="۴۴۱۲/۱۴۰۵",
                        date=day,
                        subject="درخواست تخصیص اعتبار آسفالت راه فردو",
                        sender=world.deputy_org,
                        recipient=world.ministry,
                        recipient_person="معاون وزیر راه و شهرسازی",
                        level=Level.MINISTRY_LETTER,
                    )
        day += datetime.timedelta(days=1)
        assert day < j("1405/05/01"), "the ladder never reached the in-person visit"

    # Every rung in order, each on a later day than the one before.
    assert sorted(taken_on) == [0, 1, 2, 3, 4, 5]
    days = [taken_on[level] for level in sorted(taken_on)]
    assert days == sorted(days) and len(set(days)) == len(days)
    escalated = resolution.events.filter(kind=EventKind.ESCALATED, data__condition="overdue")
    assert [event.data["level"] for event in escalated] == [1, 2, 3, 4, 5]

    with on(day):
        followup_record_visit(
            actor=world.users["deputy"],
            resolution=resolution,
            date=day,
            place="تهران، وزارت راه و شهرسازی",
            met_whom="معاون وزیر و مدیرکل دفتر برنامه و بودجه",
            who_went="معاون عمرانی استاندار و فرماندار کهک",
            obtained="تخصیص ۲۰ میلیارد ریال از اعتبار ملی",
        )
        services.resolution_report_progress(
            actor=world.users["officer"], resolution=resolution, progress=100, note="پایان کار"
        )
        services.resolution_change_status(
            actor=world.users["officer"], resolution=resolution, status=Status.DONE
        )
    after = sweep_on(day + datetime.timedelta(days=30))
    assert after["reminders"] == after["escalations"] == 0
    kinds = list(resolution.events.values_list("kind", flat=True))
    assert kinds[0] == EventKind.CREATED and kinds[-1] == EventKind.STATUS_CHANGED
    assert kinds.count(EventKind.FOLLOWUP_RECORDED) == 2
