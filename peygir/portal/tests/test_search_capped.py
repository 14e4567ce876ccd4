"""The portal search of a common word: counted up to a cap, its pages read in the search's
order (latest change first) whichever way the database reads them (issue 13)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from peygir.conftest import World
from peygir.portal.tests.conftest import publish
from peygir.resolutions.choices import Visibility
from peygir.resolutions.models import Resolution
from peygir.search import selectors
from peygir.workspace.pagination import CappedPaginator


@pytest.fixture(params=["walk", "sort"])
def way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Past the count's cap the list's order is walked and each row tested; below it the
    matches are read and sorted. Moving the thresholds runs each test both ways."""
    walk = request.param == "walk"
    monkeypatch.setattr(selectors, "PG_WALK_FROM", 0 if walk else 10**9)
    return str(request.param)


@pytest.fixture
def many(world: World, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """56 published promises about «لوله», one internal one, one about something else; the
    titles of the published ones in the search's order."""
    monkeypatch.setattr(CappedPaginator, "cap", 30)
    for number in range(56):
        publish(world, world.resolution(title=f"لوله گذاری شماره {number:02}"))
    world.resolution(title="لوله گذاری محرمانه")
    publish(world, world.resolution(title="آسفالت کوچه"))
    public = Resolution.objects.filter(visibility=Visibility.PUBLIC, title__contains="شماره")
    return list(public.order_by("-updated_at", "pk").values_list("title", flat=True))


def _titles(client: Client, **params: str) -> list[str]:
    html = client.get(reverse("portal:search"), params).content.decode()
    return re.findall(r">(لوله‌گذاری [^<]*)</a>", html)


def test_a_long_search_is_capped_and_paged_in_the_search_order(
    client: Client, many: list[str], way: str
) -> None:
    first = client.get(reverse("portal:search"), {"q": "لوله"}).content.decode()
    assert "بیش از ۳۰ وعده یافت شد." in first and "صفحه ۱ از" not in first
    assert 'rel="next"' in first and "محرمانه" not in first
    pages = [_titles(client, q="لوله", page=str(number)) for number in (1, 2, 3)]
    assert [len(page) for page in pages] == [25, 25, 6]
    assert [title for page in pages for title in page] == many
    third = client.get(reverse("portal:search"), {"q": "لوله", "page": "3"}).content.decode()
    assert 'rel="next"' not in third and "صفحه ۳" in third


def test_a_short_search_is_counted_exactly(client: Client, many: list[str], way: str) -> None:
    html = client.get(reverse("portal:search"), {"q": "لوله 05"}).content.decode()
    assert "<p>۱ وعده یافت شد.</p>" in html and _titles(client, q="لوله 05") == [many[50]]
    assert "بیش از" not in client.get(reverse("portal:search"), {"q": "کوچه"}).content.decode()


def test_a_page_past_the_end_of_a_long_search_gives_its_last_page(
    client: Client, many: list[str], way: str
) -> None:
    """A stale link or a typed page number past the end: the last page, not an error."""
    response = client.get(reverse("portal:search"), {"q": "لوله", "page": "40"})
    assert response.status_code == 200
    assert _titles(client, q="لوله", page="40") == many[50:]
    assert "صفحه ۳" in response.content.decode()
