"""The citizen's form: screening on the way in, honeypot, rate limits, privacy of the email."""

from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client

from peygir.comments.choices import State
from peygir.comments.models import Comment, ModerationDecision
from peygir.comments.tests.conftest import Inbox
from peygir.comments.tests.helpers import last_comment, post_comment
from peygir.resolutions.models import Resolution

pytestmark = pytest.mark.django_db


def test_a_civil_comment_is_published_and_the_writer_is_told_by_email(
    client: Client, promise: Resolution, inbox: Inbox, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = post_comment(client, promise)
    assert response.status_code == 200
    assert "نظر شما منتشر شد" in response.content.decode()
    comment = last_comment()
    assert comment.state == State.PUBLISHED
    assert [m["To"] for m in inbox.messages] == ["maryam@example.org"]
    assert "منتشر شد" in str(inbox.messages[0]["Subject"])


def test_a_held_comment_shows_awaiting_review_and_sends_no_email_yet(
    client: Client, promise: Resolution, inbox: Inbox, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = post_comment(client, promise, text="فرماندار کهک از پیمانکار رشوه گرفته است.")
    assert "در انتظار بررسی" in response.content.decode()
    comment = last_comment()
    assert comment.state == State.HELD
    assert comment.reasons == ["accusation"]
    assert comment.needs_senior
    assert inbox.messages == []


def test_every_screen_decision_is_logged_with_its_signals(
    client: Client, promise: Resolution
) -> None:
    post_comment(client, promise, text="مسئول این پروژه احمقققق است")
    entry = ModerationDecision.objects.get()
    assert entry.actor is None
    assert entry.decision == "held"
    assert entry.reasons == ["insult"]
    assert entry.signals["insult_terms"] == ["احمق"]
    assert entry.signals["version"]


def test_severe_obscenity_is_rejected_automatically(
    client: Client, promise: Resolution, inbox: Inbox, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, promise, text="ک ی ر م تو این پروژه")
    assert last_comment().state == State.REJECTED
    assert "منتشر نشد" in str(inbox.messages[0]["Subject"])


def test_the_honeypot_stores_nothing(client: Client, promise: Resolution) -> None:
    response = post_comment(client, promise, website="http://spam.example")
    assert response.status_code == 200
    assert not Comment.objects.exists()


def test_required_fields_are_asked_for_in_persian(client: Client, promise: Resolution) -> None:
    response = post_comment(client, promise, name="", email="", text="")
    body = response.content.decode()
    assert response.status_code == 400
    assert "لطفاً نام خود را بنویسید." in body
    assert "لطفاً ایمیل خود را بنویسید." in body
    assert "لطفاً نظر خود را بنویسید." in body
    assert not Comment.objects.exists()


def test_a_too_long_comment_is_refused(client: Client, promise: Resolution) -> None:
    response = post_comment(client, promise, text="الف " * 700)
    assert response.status_code == 400
    assert "نظر بیش از حد طولانی است" in response.content.decode()


def test_bidi_controls_and_zero_width_tricks_are_stripped(
    client: Client, promise: Resolution
) -> None:
    post_comment(
        client,
        promise,
        text="راه\u202e فردو\u200b هنوز\u2066 خاکی\u200d است\u200f",
        name="علی\u202e",
    )
    comment = last_comment()
    assert comment.text == "راه فردو هنوز خاکی است"
    assert comment.name == "علی"


def test_finglish_is_nudged_once_then_held(client: Client, promise: Resolution) -> None:
    text = "in jade hanooz asfalt nashode, chera masoolin kari nemikonan?"
    response = post_comment(client, promise, text=text)
    assert response.status_code == 400
    assert "با حروف فارسی" in response.content.decode()
    assert 'name="nudged" value="1"' in response.content.decode()
    post_comment(client, promise, text=text, nudged="1")
    comment = last_comment()
    assert (comment.state, comment.reasons) == (State.HELD, ["not_persian"])


def test_a_comment_on_a_non_public_item_is_404(client: Client, promise: Resolution) -> None:
    Resolution.objects.filter(pk=promise.pk).update(visibility="internal")
    assert post_comment(client, promise).status_code == 404


def test_rate_limit_per_ip(client: Client, promise: Resolution, settings: Any) -> None:
    settings.PEYGIR_COMMENT_RATE_LIMITS = {"ip": (2, 600), "email": (10, 600)}
    for n in range(2):
        post_comment(
            client, promise, email=f"a{n}@example.org", text=f"نظر شماره {n} درباره آسفالت راه"
        )
    response = post_comment(
        client, promise, email="b@example.org", text="نظر سوم درباره آسفالت راه"
    )
    assert response.status_code == 429
    assert "چند دقیقه دیگر" in response.content.decode()
    assert Comment.objects.count() == 2
    # Another address is not affected.
    ok = post_comment(
        client, promise, ip="10.0.0.2", email="c@example.org", text="آسفالت راه مهم است"
    )
    assert ok.status_code == 200


def test_rate_limit_per_email(client: Client, promise: Resolution, settings: Any) -> None:
    settings.PEYGIR_COMMENT_RATE_LIMITS = {"ip": (10, 600), "email": (1, 600)}
    post_comment(client, promise, ip="10.0.0.3")
    response = post_comment(
        client, promise, ip="10.0.0.4", email="MARYAM@example.org", text="باز هم درباره آسفالت راه"
    )
    assert response.status_code == 429


def test_the_writers_own_repeat_is_rejected_as_a_duplicate(
    client: Client, promise: Resolution
) -> None:
    post_comment(client, promise)
    post_comment(client, promise)
    comment = last_comment()
    assert (comment.state, comment.reasons) == (State.REJECTED, ["duplicate"])


def test_the_email_is_never_on_a_public_page(client: Client, promise: Resolution) -> None:
    response = post_comment(client, promise, email="secret.person@example.org")
    assert b"secret.person" not in response.content
    html = Template("{% load comments %}{% comment_section promise %}").render(
        Context({"promise": promise, "csrf_token": "t"})
    )
    assert "مریم احمدی" in html
    assert "secret.person" not in html
    report = client.get("/comments/report/")
    assert b"secret.person" not in report.content
    assert str(last_comment()).startswith("مریم احمدی: ممنون از پیگیری")


def test_the_section_lists_published_comments_in_few_queries(
    promise: Resolution, django_assert_max_num_queries: Any
) -> None:
    client = Client()
    for n in range(5):
        post_comment(
            client,
            promise,
            ip=f"10.1.0.{n}",
            email=f"p{n}@example.org",
            text=f"آسفالت راه فردو شماره {n} کی تمام می‌شود؟",
        )
    template = Template("{% load comments %}{% comment_section promise %}")
    with django_assert_max_num_queries(2):
        html = template.render(Context({"promise": promise, "csrf_token": "t"}))
    assert html.count('class="comment"') == 5
    assert 'dir="rtl"' in html
    assert "نام" in html and "*" in html


def test_the_portals_promise_page_carries_the_comment_section(
    client: Client, promise: Resolution
) -> None:
    post_comment(client, promise, email="hidden.writer@example.org")
    body = client.get(f"/promises/{promise.tracking_code}/").content.decode()
    assert 'id="comments"' in body
    assert "ممنون از پیگیری" in body
    assert 'action="/comments/post/"' in body
    assert "hidden.writer" not in body
