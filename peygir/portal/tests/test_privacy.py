"""Nothing internal on any portal page or feed: every URL pattern is visited and searched."""

from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, reverse

from peygir.portal import urls
from peygir.portal.models import Subscription
from peygir.portal.services import article_create
from peygir.portal.sitemaps import SITEMAPS
from peygir.portal.tests.conftest import SECRETS, Portal
from peygir.portal.tokens import confirm_token, unsubscribe_token
from peygir.resolutions.models import ResolutionEvent

FEASIBILITY_REASON = "دستگاه مسئول پذیرفته و اعتبار و مهلت تعیین شده است."


def _body(response: HttpResponse) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()  # type: ignore[arg-type]
    return response.content.decode()


def _arguments(portal: Portal, name: str) -> list[list[Any]]:
    """Every value worth trying for the pattern's parameters."""
    world = portal.world
    subscription = Subscription.objects.create(
        email="a@example.org", target="place", place=world.province, target_key=f"x:{name}"
    )
    article = article_create(
        title="خبر سفر",
        body="متن خبر",
        published_at=portal.road.created_at,
        resolutions=[portal.road, portal.secret],
    )
    by_name: dict[str, list[list[Any]]] = {
        "promise": [[portal.road.tracking_code], [portal.gas.tracking_code]],
        "place": [[world.province.code], [world.kahak.code], [world.fordo.code]],
        "body": [[world.roads.code], [world.gas.code]],
        "source": [[world.source.code]],
        "article": [[article.pk]],
        "subscription-confirm": [[confirm_token(subscription.pk)]],
        "unsubscribe": [[unsubscribe_token(subscription.pk)]],
        "sitemap-section": [[section] for section in SITEMAPS],
        # Photos have their own tests (test_photos.py); here: no photo, no leak.
        "promise-photo": [[portal.road.tracking_code, 1]],
    }
    by_name["promise-print"] = by_name["promise"]
    by_name["place-feed"] = by_name["place"]
    by_name["body-feed"] = by_name["body"]
    return by_name.get(name, [[]])


def test_no_portal_url_shows_anything_internal(client: Client, portal: Portal) -> None:
    assert not ResolutionEvent.objects.filter(message__in=SECRETS, is_public=True).exists()
    visited = 0
    for pattern in urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        for args in _arguments(portal, str(pattern.name)):
            url = reverse(f"portal:{pattern.name}", args=args)
            queries = ["?q=محرمانه", "?q=کهک", "?q=یادداشت"] if pattern.name == "search" else [""]
            for query in queries:
                response = client.get(url + query)
                expected = {404} if pattern.name == "promise-photo" else {200, 302, 405}
                assert response.status_code in expected, url
                html = _body(response)
                for secret in [*SECRETS, FEASIBILITY_REASON]:
                    assert secret not in html, (url, secret)
                visited += 1
    assert visited > 25


@pytest.mark.parametrize("query", ["محرمانه", "استخر", "یادداشت داخلی"])
def test_search_never_finds_an_internal_resolution_or_note(
    client: Client, portal: Portal, query: str
) -> None:
    response = client.get(reverse("portal:search"), {"q": query})
    assert "هیچ وعده عمومی‌ای با این واژه‌ها پیدا نشد." in response.content.decode()


def test_an_article_links_only_the_public_promises_it_mentions(
    client: Client, portal: Portal
) -> None:
    article = article_create(
        title="خبر سفر",
        body="متن خبر",
        published_at=portal.road.created_at,
        resolutions=[portal.road, portal.secret],
    )
    html = client.get(reverse("portal:article", args=[article.pk])).content.decode()
    assert reverse("portal:promise", args=[portal.road.tracking_code]) in html
    assert portal.secret.title not in html


def test_a_withdrawn_promise_disappears_from_the_portal(client: Client, portal: Portal) -> None:
    from peygir.resolutions.services import resolution_unpublish

    resolution_unpublish(
        actor=portal.world.users["secretariat"], resolution=portal.gas, reason="بازبینی"
    )
    assert client.get(reverse("portal:promise", args=[portal.gas.tracking_code])).status_code == 404
    province = reverse("portal:place", args=[portal.world.province.code])
    assert portal.gas.title not in client.get(province).content.decode()
