"""Email through a real SMTP server: Persian RTL HTML with a text part, retries, never lost."""

import datetime

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from peygir.conftest import World
from peygir.notifications.models import Channel, Notification, NotificationKind
from peygir.notifications.services import (
    Message,
    backoff,
    notification_queue,
    notifications_deliver,
    notifications_queue_many,
)
from peygir.notifications.tests.conftest import SMTP


def _queue(world: World, key: str = "test:1") -> int:
    """Queue a step's message as the sweep does: a template and a JSON context."""
    user = world.users["officer"]
    user.email = "officer@roads.qom.invalid"
    user.save(update_fields=["email"])
    resolution = world.resolution()
    return notifications_queue_many(
        [
            Message(
                users=[user],
                kind=NotificationKind.REMINDER,
                subject="یادآوری: مصوبه آسفالت راه فردو",
                key=key,
                resolution=resolution.pk,
                template="step",
                context={
                    "instruction": "این مصوبه از مهلت گذشته است.",
                    "body": world.roads.pk,
                    "deadline": "2026-06-21",
                    "original_deadline": "2026-06-21",
                    "since": "2026-06-21",
                    "today": "2026-06-25",
                },
            )
        ]
    )


def test_an_email_arrives_in_persian_rtl_with_a_text_part(world: World, smtp: SMTP) -> None:
    smtp.start()
    _queue(world)
    assert notifications_deliver() == {"sent": 1, "failed": 0}
    [message] = smtp.inbox.messages
    assert message["To"] == "officer@roads.qom.invalid"
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "۱۴۰۵/۰۳/۳۱" in text and "۱۴۰۵/۰۳/۳۱" in html  # the deadline, Jalali and Persian
    assert 'dir="rtl"' in html and 'lang="fa"' in html
    assert "مهلت" in text and str(world.roads) in text and "آسفالت راه روستای فردو" in html
    # The sent email keeps the body it was sent with.
    email = Notification.objects.get(channel=Channel.EMAIL)
    assert email.body_text.split() == text.split() and "۱۴۰۵/۰۳/۳۱" in email.body_html


def test_delivering_many_rendered_emails_reads_what_they_name_at_once(
    world: World, smtp: SMTP
) -> None:
    smtp.start()
    _queue(world, "test:a")
    with CaptureQueriesContext(connection) as one:
        assert notifications_deliver() == {"sent": 1, "failed": 0}
    for i in range(5):
        _queue(world, f"test:b{i}")
    with CaptureQueriesContext(connection) as five:
        assert notifications_deliver() == {"sent": 5, "failed": 0}
    # Per email: its claim and its update; the reads (due rows, bodies) do not grow.
    per_email = 2
    assert len(five) - 5 * per_email == len(one) - per_email
    assert all("۱۴۰۵/۰۳/۳۱" in m.get_body(("plain",)).get_content() for m in smtp.inbox.messages)  # type: ignore[union-attr]


def test_a_message_rendered_when_queued_is_sent_as_stored(world: World, smtp: SMTP) -> None:
    smtp.start()
    user = world.users["officer"]
    user.email = "officer@roads.qom.invalid"
    user.save(update_fields=["email"])
    notification_queue(
        users=[user],
        kind=NotificationKind.DIGEST,
        subject="خلاصهٔ هفته",
        template="step",
        context={"subject": "خلاصهٔ هفته", "instruction": "متن ثابت", "resolution": None},
        key="eager:1",
    )
    assert notifications_deliver() == {"sent": 1, "failed": 0}
    [message] = smtp.inbox.messages
    assert "متن ثابت" in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_queuing_the_same_key_twice_stores_it_once(world: World) -> None:
    assert _queue(world) == 2  # inbox and email
    user = world.users["officer"]
    again = notification_queue(
        users=[user],
        kind="reminder",
        subject="x",
        template="step",
        context={"resolution": None},
        key="test:1",
    )
    assert again == 0
    assert Notification.objects.count() == 2


def test_a_sent_email_is_not_sent_again(world: World, smtp: SMTP) -> None:
    smtp.start()
    _queue(world)
    notifications_deliver()
    assert notifications_deliver() == {"sent": 0, "failed": 0}
    assert len(smtp.inbox.messages) == 1


def test_while_the_server_is_down_mail_waits_and_goes_out_when_it_returns(
    world: World, smtp: SMTP
) -> None:
    _queue(world)
    assert notifications_deliver() == {"sent": 0, "failed": 1}
    email = Notification.objects.get(channel=Channel.EMAIL)
    assert email.sent_at is None and email.attempts == 1 and email.last_error
    assert email.next_attempt_at > timezone.now()
    # Still down a minute later: a second failure waits twice as long.
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=1, seconds=5)):
        assert notifications_deliver() == {"sent": 0, "failed": 1}
    smtp.start()
    # Back, but the backoff is not over: nothing is tried yet.
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=1, seconds=10)):
        assert notifications_deliver() == {"sent": 0, "failed": 0}
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=4)):
        assert notifications_deliver() == {"sent": 1, "failed": 0}
    assert len(smtp.inbox.messages) == 1
    email.refresh_from_db()
    assert email.sent_at is not None and email.attempts == 3 and email.last_error == ""


def test_backoff_doubles_up_to_six_hours() -> None:
    assert [backoff(n).total_seconds() / 60 for n in range(1, 5)] == [1, 2, 4, 8]
    assert backoff(40) == datetime.timedelta(hours=6)
