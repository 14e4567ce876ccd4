"""The cached place page: a repeat view costs two or three queries, and every change made
through the services shows on the next view, for a county, a place below it and the
province above; a withdrawn promise never comes out of the cache."""

import datetime
import re
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core.cache import caches
from django.test import Client

from peygir.portal import pagecache
from peygir.portal.tests.conftest import Portal, publish
from peygir.resolutions import services
from peygir.resolutions.choices import PublicRating

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PAGES = ("/places/QM-KAHAK/", "/places/QM-V-FORDO/", "/places/IR-QM/")


@pytest.fixture(autouse=True)
def _fresh_pages() -> Iterator[None]:
    caches[pagecache.CACHE].clear()
    yield
    caches[pagecache.CACHE].clear()


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _warm(client: Client) -> dict[str, str]:
    """View every page twice, so that the second view of each comes from the cache."""
    for url in PAGES:
        _page(client, url)
    return {url: _page(client, url) for url in PAGES}


# The place, then its county's counter; above the counties, then the block counters.
@pytest.mark.parametrize("url,queries", [(PAGES[0], 2), (PAGES[1], 2), (PAGES[2], 3)])
def test_a_repeat_view_costs_two_or_three_queries(
    client: Client, portal: Portal, url: str, queries: int, django_assert_num_queries: Any
) -> None:
    first = _page(client, url)
    with django_assert_num_queries(queries):
        again = _page(client, url)
    assert TOKEN.sub("", again) == TOKEN.sub("", first)
    assert "peygir-csrf-token" not in again and TOKEN.search(again)


def test_a_withdrawn_promise_leaves_every_page_at_once(client: Client, portal: Portal) -> None:
    assert all(portal.road.title in page for page in _warm(client).values())
    services.resolution_unpublish(
        actor=portal.world.users["secretariat"], resolution=portal.road, reason="بازبینی متن"
    )
    for url in PAGES:
        assert portal.road.title not in _page(client, url)


def test_a_newly_published_promise_shows_at_once(client: Client, portal: Portal) -> None:
    title = "بهسازی پارک شهر کهک"
    resolution = portal.world.resolution(title=title, places=[portal.world.kahak])
    assert all(title not in page for page in _warm(client).values())
    publish(portal.world, resolution)
    assert title in _page(client, "/places/QM-KAHAK/")
    assert title in _page(client, "/places/IR-QM/")
    assert title not in _page(client, "/places/QM-V-FORDO/")  # linked to the county


def test_a_rating_moves_the_meter_at_once(client: Client, portal: Portal) -> None:
    before = _warm(client)
    services.resolution_rate(
        actor=portal.world.users["secretariat"],
        resolution=portal.road,
        rating=PublicRating.KEPT,
        reason="راه آسفالت و تحویل شد",
    )
    for url in PAGES:
        after = _page(client, url)
        assert TOKEN.sub("", after) != TOKEN.sub("", before[url])
        assert str(PublicRating.KEPT.label) in after


def test_a_change_elsewhere_leaves_a_county_page_cached(client: Client, portal: Portal) -> None:
    _warm(client)
    stored = len(caches[pagecache.CACHE]._cache)  # type: ignore[attr-defined]
    services.resolution_rate(
        actor=portal.world.users["secretariat"],
        resolution=portal.gas,  # in the other county
        rating=PublicRating.STALLED,
        reason="لوله‌گذاری متوقف شده است",
    )
    _page(client, "/places/QM-KAHAK/")
    assert len(caches[pagecache.CACHE]._cache) == stored  # type: ignore[attr-defined]
    _page(client, "/places/IR-QM/")  # the province counts it: rendered again
    assert len(caches[pagecache.CACHE]._cache) == stored + 1  # type: ignore[attr-defined]


def test_the_next_day_shows_the_deadline_passed(client: Client, portal: Portal) -> None:
    deadline = portal.road.deadline
    assert deadline is not None
    with time_machine.travel(datetime.datetime.combine(deadline, datetime.time(12))):
        on_the_day = _warm(client)["/places/QM-KAHAK/"]
    with time_machine.travel(
        datetime.datetime.combine(deadline + datetime.timedelta(days=1), datetime.time(12))
    ):
        next_day = _page(client, "/places/QM-KAHAK/")
    assert TOKEN.sub("", on_the_day) != TOKEN.sub("", next_day)


def test_another_page_of_the_list_is_rendered_afresh_and_not_kept(
    client: Client, portal: Portal
) -> None:
    assert client.get("/places/QM-KAHAK/?page=2").status_code == 200
    assert not caches[pagecache.CACHE]._cache  # type: ignore[attr-defined]
