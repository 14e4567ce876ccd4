"""The staff inbox shows a user their own notifications only, in Persian."""

import pytest
from django.test import Client

from peygir.conftest import World
from peygir.notifications.models import Channel, Notification
from peygir.notifications.services import notification_queue


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
