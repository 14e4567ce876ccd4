"""Comments through the API: published ones for anyone, the queue and decisions for moderators."""

from collections.abc import Callable

import pytest
from django.contrib.contenttypes.models import ContentType
from rest_framework.test import APIClient

from peygir.comments.choices import State
from peygir.comments.models import Comment
from peygir.conftest import World
from peygir.feasibility.testing import satisfy_gate
from peygir.resolutions import services
from peygir.resolutions.models import Resolution

from .conftest import API

Api = Callable[[str | None], APIClient]


@pytest.fixture
def promise(world: World) -> Resolution:
    resolution = world.resolution()
    satisfy_gate(
        resolution, assessor=world.users["secretariat"], body_officer=world.users["officer"]
    )
    return services.resolution_publish(actor=world.users["secretariat"], resolution=resolution)


def _comment(promise: Resolution, state: str, text: str) -> Comment:
    # Stored as the portal's service leaves them, so each test fixes the state it needs.
    return Comment.objects.create(
        target_type=ContentType.objects.get_for_model(promise),
        target_id=promise.pk,
        name="رضا",
        email="reza@example.invalid",
        text=text,
        state=state,
    )


def test_anyone_reads_the_published_comments_without_emails(api: Api, promise: Resolution) -> None:
    _comment(promise, State.PUBLISHED, "خیلی خوب است که راه آسفالت می‌شود.")
    _comment(promise, State.HELD, "متن نگه‌داشته")
    rows = api(None).get(f"{API}/public/promises/{promise.tracking_code}/comments/").json()
    assert [row["text"] for row in rows] == ["خیلی خوب است که راه آسفالت می‌شود."]
    assert "email" not in rows[0] and "example.invalid" not in str(rows)


def test_only_moderators_see_the_queue(api: Api, promise: Resolution) -> None:
    _comment(promise, State.HELD, "متن نگه‌داشته")
    response = api("secretariat").get(f"{API}/moderation/comments/")
    assert response.status_code == 403
    assert response.json()["message"]
    assert api("moderator").get(f"{API}/moderation/comments/").json()["count"] == 1


def test_a_moderator_publishes_a_held_comment(api: Api, promise: Resolution) -> None:
    held = _comment(promise, State.HELD, "متن نگه‌داشته")
    response = api("moderator").post(
        f"{API}/moderation/comments/{held.pk}/decide/", {"publish": True}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "published"
    assert "email" not in response.json()
