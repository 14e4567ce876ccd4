"""The staff inbox shows a user their own notifications only, in Persian."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from peygir.conftest import World
from peygir.notifications.models import Channel, Notification
from peygir.notifications.services import Message, notification_queue, notifications_queue_many


def _notify(world: World, persona: str, n: int) -> None:
    for i in range(n):
        notification_queue(
            users=[world.users[persona]],
            kind="reminder",
            subject=f"یادآوری شماره {i}",
            template="step",
            context={"resolution": None},
            key=f"inbox-test:{persona}:{i}",
        )


def test_the_inbox_lists_the_users_own_notifications(
    world: World, client: Client, django_assert_max_num_queries: object
) -> None:
    _notify(world, "officer", 12)
    _notify(world, "deputy", 1)
    client.force_login(world.users["officer"])
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        response = client.get("/staff/notifications/")
    body = response.content.decode()
    assert response.status_code == 200 and 'dir="rtl"' in body
    assert body.count("یادآوری شماره") == 12
    assert "۱۲ اعلان خوانده‌نشده" in body


def _steps(world: World, n: int) -> None:
    """Queue n sweep steps for the officer, rendered only when read (as the sweep does)."""
    resolution = world.resolution()
    notifications_queue_many(
        Message(
            users=[world.users["officer"]],
            kind="reminder",
            subject=f"گام {i}",
            key=f"inbox-step:{resolution.pk}:{i}",
            resolution=resolution.pk,
            template="step",
            context={
                "instruction": f"دستور شماره {i}",
                "body": world.roads.pk,
                "deadline": "2026-06-21",
                "since": "2026-06-21",
                "today": "2026-06-25",
            },
        )
        for i in range(n)
    )


def _inbox_queries(client: Client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/staff/notifications/")
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_inbox_renders_sweep_steps_in_a_fixed_number_of_queries(
    world: World, client: Client
) -> None:
    client.force_login(world.users["officer"])
    _steps(world, 1)
    one, _ = _inbox_queries(client)
    _steps(world, 20)
    many, body = _inbox_queries(client)
    assert many == one
    assert body.count("دستور شماره") == 21
    assert "۱۴۰۵/۰۳/۳۱" in body and str(world.roads) in body  # Jalali, Persian digits


def test_marking_read_touches_only_ones_own(world: World, client: Client) -> None:
    _notify(world, "deputy", 1)
    theirs = Notification.objects.get(recipient=world.users["deputy"], channel=Channel.INBOX)
    client.force_login(world.users["officer"])
    assert client.post(f"/staff/notifications/{theirs.pk}/read/").status_code == 404
    client.force_login(world.users["deputy"])
    assert client.post(f"/staff/notifications/{theirs.pk}/read/").status_code == 302
    theirs.refresh_from_db()
    assert theirs.read_at is not None


@pytest.mark.django_db
def test_the_inbox_needs_a_login(client: Client) -> None:
    response = client.get("/staff/notifications/")
    assert response.status_code == 302


def test_the_admin_shows_a_sweep_steps_text_as_read(world: World, client: Client) -> None:
    _steps(world, 1)
    notification = Notification.objects.get(recipient=world.users["officer"])
    client.force_login(world.users["admin"])
    response = client.get(f"/admin/notifications/notification/{notification.pk}/change/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "متن، همان‌گونه که گیرنده می‌خواند" in body and "۱۴۰۵/۰۳/۳۱" in body
