"""The moderators' queue, decisions, the append-only log, appeals, the monthly report."""

import datetime
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client

from peygir.accounts.models import User
from peygir.comments import services
from peygir.comments.choices import State
from peygir.comments.mail import appeal_token
from peygir.comments.models import Comment, ModerationDecision
from peygir.comments.tests.conftest import Inbox
from peygir.comments.tests.helpers import last_comment, post_comment
from peygir.conftest import World
from peygir.resolutions.models import Resolution

pytestmark = pytest.mark.django_db

INSULT = "مسئول این پروژه احمق است"
ACCUSATION = "فرماندار کهک از پیمانکار رشوه گرفته است."


def _held(client: Client, promise: Resolution, text: str = INSULT, n: int = 0) -> Comment:
    post_comment(client, promise, text=text, ip=f"10.2.0.{n}", email=f"w{n}@example.org")
    comment = last_comment()
    assert comment.state == State.HELD
    return comment


def _login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def _second_moderator(world: World) -> User:
    from peygir.accounts.models import Membership, Role

    user = User.objects.create_user(username="moderator2", password="x-test-password-1")
    Membership.objects.create(user=user, organization=world.secretariat_org, role=Role.MODERATOR)
    return user


@pytest.mark.parametrize("persona", ["secretariat", "officer", "county", "outsider"])
def test_non_moderators_get_403(client: Client, world: World, persona: str) -> None:
    _login(client, world.users[persona])
    assert client.get("/comments/moderate/").status_code == 403
    assert client.post("/comments/moderate/1/decide/", {"decision": "publish"}).status_code == 403


def test_anonymous_is_sent_to_log_in(client: Client, world: World) -> None:
    response = client.get("/comments/moderate/")
    assert response.status_code == 302


def test_the_queue_shows_held_comments_with_reasons_and_signals_never_emails(
    client: Client, world: World, promise: Resolution, django_assert_max_num_queries: Any
) -> None:
    for n in range(4):
        _held(client, promise, f"{INSULT} شماره {n}", n)
    moderator = _login(Client(), world.users["moderator"])
    with django_assert_max_num_queries(12):
        response = moderator.get("/comments/moderate/")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('class="queue-item"') == 4
    assert "توهین" in body and "احمق" in body
    assert "@example.org" not in body


def test_the_queue_filters_by_reason(client: Client, world: World, promise: Resolution) -> None:
    _held(client, promise, INSULT, 1)
    _held(client, promise, "Please finish the road before winter.", 2)
    moderator = _login(Client(), world.users["moderator"])
    body = moderator.get("/comments/moderate/?reason=not_persian").content.decode()
    assert "finish the road" in body
    assert INSULT not in body


def test_a_moderator_publishes_and_the_writer_is_mailed(
    client: Client,
    world: World,
    promise: Resolution,
    inbox: Inbox,
    django_capture_on_commit_callbacks: Any,
) -> None:
    comment = _held(client, promise)
    moderator = _login(Client(), world.users["moderator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator.post(
            f"/comments/moderate/{comment.pk}/decide/", {"decision": "publish"}
        )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.state, comment.decided_by) == (State.PUBLISHED, world.users["moderator"])
    assert "منتشر شد" in str(inbox.messages[-1]["Subject"])
    entries = list(comment.decisions.values_list("decision", "actor__username"))
    assert entries == [("held", None), ("published", "moderator")]


def test_a_rejection_mails_the_reasons_and_an_appeal_link(
    client: Client,
    world: World,
    promise: Resolution,
    inbox: Inbox,
    django_capture_on_commit_callbacks: Any,
) -> None:
    comment = _held(client, promise)
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_decide(actor=world.users["moderator"], comment=comment, publish=False)
    text = inbox.text(inbox.messages[-1])
    assert "توهین" in text
    assert "/comments/appeal/" in text


def test_bulk_decisions(client: Client, world: World, promise: Resolution) -> None:
    comments = [_held(client, promise, f"{INSULT} {n}", n) for n in range(3)]
    moderator = _login(Client(), world.users["moderator"])
    response = moderator.post(
        "/comments/moderate/bulk/",
        {"ids": [c.pk for c in comments[:2]], "decision": "reject", "queue": "held"},
    )
    assert response.status_code == 302
    states = sorted(Comment.objects.values_list("state", flat=True))
    assert states == ["held", "rejected", "rejected"]


def test_an_accusation_waits_for_a_senior_moderator(
    client: Client, world: World, promise: Resolution
) -> None:
    comment = _held(client, promise, ACCUSATION)
    assert comment.needs_senior
    moderator = world.users["moderator"]
    with pytest.raises(services.PermissionDenied):
        services.comment_decide(actor=moderator, comment=comment, publish=True)
    moderator.user_permissions.add(Permission.objects.get(codename="decide_accusation"))
    senior = User.objects.get(pk=moderator.pk)  # a fresh object: permissions are cached
    services.comment_decide(actor=senior, comment=comment, publish=True)
    comment.refresh_from_db()
    assert comment.state == State.PUBLISHED


def test_the_log_is_append_only(client: Client, promise: Resolution) -> None:
    post_comment(client, promise)
    entry = ModerationDecision.objects.get()
    entry.note = "rewritten"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        ModerationDecision.objects.update(note="x")
    with pytest.raises(TypeError):
        ModerationDecision.objects.all().delete()


def test_an_appeal_is_decided_by_another_moderator_once(
    client: Client, world: World, promise: Resolution
) -> None:
    comment = _held(client, promise)
    first = world.users["moderator"]
    services.comment_decide(actor=first, comment=comment, publish=False)
    public = Client()
    url = f"/comments/appeal/{appeal_token(comment)}/"
    assert "یک بار" in public.get(url).content.decode()
    public.post(url, {"text": "نقد من توهین نبود، لطفاً دوباره بخوانید."})
    comment.refresh_from_db()
    assert comment.is_appealed
    # The moderator who rejected it may not decide the appeal.
    with pytest.raises(services.PermissionDenied):
        services.comment_decide(actor=first, comment=comment, publish=True)
    second = _second_moderator(world)
    services.comment_decide(actor=second, comment=comment, publish=True)
    comment.refresh_from_db()
    assert (comment.state, comment.appeal_decided_at is not None) == (State.PUBLISHED, True)
    assert comment.decisions.filter(is_appeal=True).count() == 2
    # A second appeal is refused.
    assert "نمی‌توان" in public.get(url).content.decode()
    with pytest.raises(services.ValidationError):
        services.comment_appeal(comment=comment, text="دوباره")


def test_a_forged_appeal_link_is_404(client: Client) -> None:
    assert client.get("/comments/appeal/not-a-token/").status_code == 404


def test_the_monthly_report_counts_decisions_and_reasons(
    client: Client, world: World, promise: Resolution
) -> None:
    post_comment(client, promise, ip="10.3.0.1", email="a@example.org")
    comment = _held(client, promise, INSULT, 2)
    services.comment_decide(actor=world.users["moderator"], comment=comment, publish=False)
    response = client.get("/comments/report/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "بررسی نظرها در" in body
    assert '<th scope="row">منتشرشده</th><td>۱</td>' in body
    assert '<th scope="row">منتشرنشده</th><td>۱</td>' in body
    assert '<th scope="row">توهین</th><td>۱</td>' in body


def test_emails_are_erased_after_the_retention_period(client: Client, promise: Resolution) -> None:
    post_comment(client, promise)
    comment = last_comment()
    with time_machine.travel(comment.created_at + datetime.timedelta(days=91)):
        out = StringIO()
        call_command("purge_comment_emails", stdout=out)
    comment.refresh_from_db()
    assert (comment.email, comment.email_hash) == ("", "")
    assert out.getvalue().startswith("1 emails erased")
