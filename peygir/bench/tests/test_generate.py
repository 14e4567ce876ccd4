"""`peygir generate` makes valid, reproducible synthetic data on both databases."""

import datetime
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from peygir.accounts.models import Membership, Role, User
from peygir.bench.generate import generate
from peygir.followup import conf
from peygir.followup.choices import ActionKind, Condition, Level
from peygir.followup.models import FollowupAction, SweepStep
from peygir.followup.selectors import unanswered_letters
from peygir.followup.sweep import sweep
from peygir.notifications.models import Channel, Notification
from peygir.organizations.models import Organization
from peygir.places.models import Place, PlaceKind
from peygir.resolutions.choices import OPEN_STATUSES, Status, Visibility
from peygir.resolutions.models import Resolution, ResolutionEvent
from peygir.workdays.calendar import add_working_days

TODAY = datetime.date(2026, 11, 26)


def titles() -> list[str]:
    return list(Resolution.objects.order_by("tracking_code").values_list("title", flat=True))


def actions() -> list[tuple[Any, ...]]:
    return list(
        FollowupAction.objects.order_by("pk").values_list(
            "kind", "date", "reply_due", "letter_number", "outcome", "in_reply_to__letter_number"
        )
    )


@pytest.mark.django_db
def test_generate_makes_valid_rows() -> None:
    output = StringIO()
    call_command("generate", resolutions=60, stdout=output)
    counts = json.loads(output.getvalue())
    assert counts["resolutions"] == 60
    assert Resolution.objects.count() == 60
    assert Place.objects.filter(kind=PlaceKind.PROVINCE).count() == 31
    # Every province has places below it, so place pages work at national scale.
    assert Place.objects.filter(kind=PlaceKind.COUNTY).values("parent").distinct().count() == 31
    for resolution in Resolution.objects.all():
        assert 0 <= resolution.progress <= 100
        assert resolution.deadline and resolution.start_date
        assert resolution.deadline >= resolution.start_date
        assert (resolution.status == Status.DONE) == (resolution.progress == 100) or (
            resolution.status != Status.DONE
        )
        assert resolution.places.count() == 1
    published = Resolution.objects.filter(visibility=Visibility.PUBLIC).count()
    assert ResolutionEvent.objects.count() == 60 + published


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data() -> None:
    call_command("generate", resolutions=20, seed=7, stdout=StringIO())
    first = titles()
    call_command("generate", resolutions=20, seed=7, stdout=StringIO())
    second = titles()[20:]
    assert first == second


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_letters_and_replies() -> None:
    generate(resolutions=40, seed=7, today=TODAY)
    first = actions()
    generate(resolutions=40, seed=7, today=TODAY)
    assert actions()[len(first) :] == first
    assert any(row[0] == ActionKind.LETTER_RECEIVED for row in first)


@pytest.mark.django_db
def test_letters_are_due_a_reply_and_replies_come_on_or_after_their_letter() -> None:
    made = generate(resolutions=1000, today=TODAY)
    letters = FollowupAction.objects.filter(kind=ActionKind.LETTER_SENT)
    days = conf.reply_working_days()
    for date, due in letters.values_list("date", "reply_due"):
        assert due == add_working_days(date, days)
    replies = FollowupAction.objects.filter(kind=ActionKind.LETTER_RECEIVED)
    assert made.counts["replies"] == replies.count() > 0
    rows = replies.values_list(
        "date", "in_reply_to__kind", "in_reply_to__date", "resolution", "in_reply_to__resolution"
    )
    for date, kind, letter_date, resolution, letters_resolution in rows:
        assert kind == ActionKind.LETTER_SENT
        assert letter_date <= date <= TODAY
        assert resolution == letters_resolution
    assert replies.values("in_reply_to").distinct().count() == replies.count()  # one each
    # Most letters are answered; the rest await a reply, most past due, a few not yet due.
    assert 0.55 < replies.count() / letters.count() < 0.75
    awaiting = unanswered_letters()
    assert (
        awaiting.filter(reply_due__lt=TODAY).count()
        > 10 * awaiting.filter(reply_due__gte=TODAY).count()
        > 0
    )


@pytest.mark.django_db
def test_the_sweep_reminds_then_escalates_the_generated_letters_past_due() -> None:
    generate(resolutions=100, today=TODAY)
    past_due = set(
        unanswered_letters()
        .filter(resolution__status__in=OPEN_STATUSES, reply_due__lt=TODAY)
        .values_list("pk", flat=True)
    )
    assert past_due
    found = sweep(today=TODAY)["found"]
    assert isinstance(found, dict)
    assert found[Condition.LETTER_UNANSWERED] == len(past_due)
    steps = SweepStep.objects.filter(condition=Condition.LETTER_UNANSWERED)
    assert set(steps.values_list("level", flat=True)) == {Level.REMINDER}
    assert {int(p.removeprefix("letter-")) for p in steps.values_list("period", flat=True)} == (
        past_due
    )
    sweep(today=TODAY + datetime.timedelta(days=1))
    # Letters five working days past due take the next rung the next day.
    assert steps.filter(level=Level.COUNTY).exists()


@pytest.mark.django_db
def test_every_organization_has_a_person_whom_the_sweep_tells() -> None:
    generate(resolutions=30, today=TODAY)
    organizations = Organization.objects.count()
    members = Membership.objects.filter(user__username__startswith="sy-staff-")
    assert members.values("organization").distinct().count() == organizations
    assert members.filter(role=Role.DEPUTY).count() == 1
    assert not any(
        user.has_usable_password() for user in User.objects.filter(memberships__in=members)
    )
    assert sweep(today=TODAY)["messages"] > 0
    told = Notification.objects.filter(channel=Channel.EMAIL, email__endswith="@example.invalid")
    assert told.exists()
    generate(resolutions=10, today=TODAY)  # a second run adds no one
    assert members.count() == organizations + 1
