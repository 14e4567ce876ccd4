"""The cached promise page: a repeat view costs one query, and every public change shows at
once, made through the real services; a withdrawn promise never comes out of the cache."""

import datetime
import re
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core.cache import caches
from django.test import Client

from peygir.comments import services as comment_services
from peygir.comments.choices import State
from peygir.comments.tests.helpers import last_comment, post_comment
from peygir.followup.services import followup_record_action
from peygir.portal import pagecache
from peygir.portal.models import Article
from peygir.portal.tests.conftest import Portal
from peygir.resolutions import services
from peygir.resolutions.choices import PublicRating, Status

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _fresh_pages() -> Iterator[None]:
    caches[pagecache.CACHE].clear()
    yield
    caches[pagecache.CACHE].clear()


def _page(client: Client, portal: Portal) -> str:
    response = client.get(f"/promises/{portal.road.tracking_code}/")
    assert response.status_code == 200
    return response.content.decode()


def _warm(client: Client, portal: Portal) -> str:
    """View the page twice, so that the second view comes from the cache."""
    _page(client, portal)
    return _page(client, portal)


def test_a_repeat_view_costs_one_query(
    client: Client, portal: Portal, django_assert_num_queries: Any
) -> None:
    first = _page(client, portal)
    with django_assert_num_queries(1):
        again = _page(client, portal)
    assert TOKEN.sub("", again) == TOKEN.sub("", first)


def test_each_visitor_gets_a_working_token_of_their_own(portal: Portal) -> None:
    visitors = [Client(enforce_csrf_checks=True) for _ in range(2)]
    tokens = []
    for visitor in visitors:
        page = _page(visitor, portal)
        assert "peygir-csrf-token" not in page
        found = TOKEN.findall(page)
        assert len(found) == 2  # the subscription form and the comment form
        tokens.append(found[0])
    assert tokens[0] != tokens[1]
    form = {"target": "promise", "code": portal.road.tracking_code, "email": "a@example.org"}
    form["website"] = "bot"  # the honeypot: accepted quietly, nothing is stored or sent
    for visitor, token in zip(visitors, tokens, strict=True):
        answer = visitor.post("/subscribe/", {**form, "csrfmiddlewaretoken": token})
        assert answer.status_code == 302
    stranger = Client(enforce_csrf_checks=True)
    _page(stranger, portal)
    refused = stranger.post("/subscribe/", {**form, "csrfmiddlewaretoken": "x" * 64})
    assert refused.status_code == 403


def test_an_edit_shows_on_the_next_view(client: Client, portal: Portal) -> None:
    assert "روکش آسفالت" not in _warm(client, portal)
    portal.road.refresh_from_db()
    services.resolution_update_details(
        actor=portal.world.users["secretariat"],
        resolution=portal.road,
        expected_version=portal.road.version,
        title="روکش آسفالت راه روستای فردو",
    )
    assert "روکش آسفالت راه روستای فردو" in _page(client, portal)


def test_a_status_change_and_a_rating_show_on_the_next_view(client: Client, portal: Portal) -> None:
    before = _warm(client, portal)
    assert str(Status.DONE.label) not in before
    services.resolution_change_status(
        actor=portal.world.users["officer"], resolution=portal.road, status=Status.DONE, reason=""
    )
    assert str(Status.DONE.label) in _page(client, portal)
    services.resolution_rate(
        actor=portal.world.users["secretariat"],
        resolution=portal.road,
        rating=PublicRating.KEPT,
        reason="راه آسفالت و تحویل شد",
    )
    assert "راه آسفالت و تحویل شد" in _page(client, portal)


def test_a_public_progress_report_shows_and_an_internal_one_does_not(
    client: Client, portal: Portal
) -> None:
    _warm(client, portal)
    officer = portal.world.users["officer"]
    services.resolution_report_progress(
        actor=officer, resolution=portal.road, progress=50, note="یادداشت داخلی نیمه کار"
    )
    internal = _page(client, portal)
    assert "یادداشت داخلی نیمه کار" not in internal
    services.resolution_report_progress(
        actor=officer, resolution=portal.road, progress=60, note="قیرپاشی آغاز شد", public=True
    )
    assert "قیرپاشی آغاز شد" in _page(client, portal)


def test_a_public_follow_up_shows_on_the_next_view(client: Client, portal: Portal) -> None:
    _warm(client, portal)
    followup_record_action(
        actor=portal.world.users["county"],
        resolution=portal.road,
        kind="inspection",
        date=datetime.date(2026, 11, 20),
        outcome="بازدید میدانی: لایه اول آسفالت ریخته شد",
        is_internal=False,
    )
    assert "بازدید میدانی: لایه اول آسفالت ریخته شد" in _page(client, portal)


def test_a_comment_shows_once_published_by_the_screen_or_a_moderator(
    client: Client, portal: Portal
) -> None:
    assert "comment-list" not in _warm(client, portal)
    post_comment(client, portal.road, text="مسئول این پروژه احمق است", ip="10.9.0.1")
    held = last_comment()
    assert held.state == State.HELD
    assert "احمق" not in _page(client, portal)
    comment_services.comment_decide(
        actor=portal.world.users["moderator"], comment=held, publish=True
    )
    assert "مسئول این پروژه احمق است" in _page(client, portal)
    post_comment(client, portal.road, text="ممنون از پیگیری راه فردو، کار خوبی است.", ip="10.9.0.2")
    assert last_comment().state == State.PUBLISHED
    assert "ممنون از پیگیری راه فردو" in _page(client, portal)


def test_an_article_shows_once_linked_and_once_its_publication_time_comes(
    client: Client, portal: Portal
) -> None:
    _warm(client, portal)
    soon = datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=1)
    article = Article.objects.create(
        title="بازدید استاندار از راه فردو", body="متن", published_at=soon
    )
    article.resolutions.add(portal.road)
    assert "بازدید استاندار از راه فردو" not in _page(client, portal)
    # Two minutes on: well within the cached copy's lifetime, so only the key can tell.
    with time_machine.travel(soon + datetime.timedelta(minutes=1)):
        assert "بازدید استاندار از راه فردو" in _page(client, portal)


def test_the_next_day_shows_the_deadline_passed(client: Client, portal: Portal) -> None:
    # 23:58 in Tehran on the road's (revised) deadline, then three minutes later: within
    # the cached copy's lifetime, so only the date in the key can tell.
    last_minutes = datetime.datetime(2027, 6, 1, 20, 28, tzinfo=datetime.UTC)
    with time_machine.travel(last_minutes, tick=False):
        assert "badge overdue" not in _warm(client, portal)
    with time_machine.travel(last_minutes + datetime.timedelta(minutes=3), tick=False):
        assert "badge overdue" in _page(client, portal)


def test_a_withdrawn_promise_never_comes_out_of_the_cache(client: Client, portal: Portal) -> None:
    for url in (
        f"/promises/{portal.road.tracking_code}/",
        f"/promises/{portal.road.tracking_code}/print/",
    ):
        client.get(url)
        assert client.get(url).status_code == 200
    services.resolution_unpublish(
        actor=portal.world.users["secretariat"], resolution=portal.road, reason="بازبینی متن"
    )
    for url in (
        f"/promises/{portal.road.tracking_code}/",
        f"/promises/{portal.road.tracking_code}/print/",
    ):
        assert client.get(url).status_code == 404
    assert client.get(f"/promises/{portal.secret.tracking_code}/").status_code == 404


def test_the_printable_view_is_kept_apart_from_the_page(client: Client, portal: Portal) -> None:
    page = _warm(client, portal)
    printable = client.get(f"/promises/{portal.road.tracking_code}/print/").content.decode()
    assert printable != page
    assert 'class="site"' in page and 'class="site"' not in printable


def test_a_query_string_is_rendered_afresh_and_not_kept(client: Client, portal: Portal) -> None:
    url = f"/promises/{portal.road.tracking_code}/?utm_source=x"
    assert client.get(url).status_code == 200
    assert client.get(f"/promises/{portal.road.tracking_code}/?utm_source=y").status_code == 200
    assert not caches[pagecache.CACHE]._cache  # type: ignore[attr-defined]
