"""News, search that ignores spelling variants, open data downloads, feeds and the sitemap."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from peygir.portal.demo import load_demo_article
from peygir.portal.models import Article
from peygir.portal.services import article_create
from peygir.portal.tests.conftest import Portal

ATOM = "{http://www.w3.org/2005/Atom}"


def _streamed(response: Any) -> str:
    return b"".join(response.streaming_content).decode()


def test_the_news_page_lists_published_articles_only(client: Client, portal: Portal) -> None:
    article_create(title="خبر منتشرشده", body="متن", published_at=timezone.now())
    article_create(title="پیش‌نویس خبر", body="متن")
    html = client.get(reverse("portal:news")).content.decode()
    assert "خبر منتشرشده" in html and "پیش‌نویس خبر" not in html


def test_a_promise_page_links_the_articles_that_mention_it(client: Client, portal: Portal) -> None:
    article = article_create(
        title="بازدید از راه فردو",
        body="متن",
        published_at=timezone.now(),
        resolutions=[portal.road],
    )
    html = client.get(reverse("portal:promise", args=[portal.road.tracking_code])).content.decode()
    assert reverse("portal:article", args=[article.pk]) in html


def test_the_demo_article_is_the_normalized_source_article(portal: Portal) -> None:
    article = load_demo_article()
    assert article is not None
    assert article.title == "همراهی مدیران استانی و شهری باعث تسریع در پیشرفت و آبادانی می‌شود"
    assert "مصوبه‌ای فراموش نشود" in article.body
    assert load_demo_article() is None  # a second run adds nothing
    assert Article.objects.count() == 1


def test_search_ignores_spaces_zwnj_and_arabic_letters(client: Client, portal: Portal) -> None:
    for query in ["گازرسانی به محله های شهر", "محله‌های", "گازرساني", "محلههای قم"]:
        html = client.get(reverse("portal:search"), {"q": query}).content.decode()
        assert portal.gas.title in html, query


def test_search_finds_news_too(client: Client, portal: Portal) -> None:
    article_create(title="نشست شوراها", body="مصوبه‌ها ثبت شد", published_at=timezone.now())
    html = client.get(reverse("portal:search"), {"q": "مصوبه ها"}).content.decode()
    assert "نشست شوراها" in html


def test_search_sees_a_promise_edited_after_it_was_keyed(client: Client, portal: Portal) -> None:
    client.get(reverse("portal:search"), {"q": "گاز"})
    from peygir.resolutions.services import resolution_update_details

    resolution_update_details(
        actor=portal.world.users["secretariat"],
        resolution=portal.gas,
        expected_version=portal.gas.version,
        text="لوله‌کشی شبکه گاز محله پردیسان",
    )
    html = client.get(reverse("portal:search"), {"q": "پردیسان"}).content.decode()
    assert portal.gas.title in html


def test_the_csv_download_has_every_public_promise_and_no_other(
    client: Client, portal: Portal
) -> None:
    response = client.get(reverse("portal:promises-csv"))
    rows = list(csv.DictReader(io.StringIO(_streamed(response).lstrip("\ufeff"))))
    assert {row["tracking_code"] for row in rows} == {
        portal.road.tracking_code,
        portal.gas.tracking_code,
    }
    assert "feasibility_reasons" not in rows[0] and "status_reason" not in rows[0]


def test_the_json_download_parses_and_carries_the_jalali_deadline(
    client: Client, portal: Portal
) -> None:
    data = json.loads(_streamed(client.get(reverse("portal:promises-json"))))
    road = next(p for p in data["promises"] if p["tracking_code"] == portal.road.tracking_code)
    assert road["deadline"] == "2027-06-01" and road["deadline_jalali"] == "۱۴۰۶/۰۳/۱۱"
    assert road["places"] == ["فردو"]


def test_a_place_feed_is_atom_with_the_public_updates_below_it(
    client: Client, portal: Portal
) -> None:
    response = client.get(reverse("portal:place-feed", args=[portal.world.kahak.code]))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    titles = [entry.findtext(f"{ATOM}title") or "" for entry in feed.iter(f"{ATOM}entry")]
    assert titles and all(title.startswith(portal.road.title) for title in titles)


def test_a_body_feed_lists_only_its_promises(client: Client, portal: Portal) -> None:
    response = client.get(reverse("portal:body-feed", args=[portal.world.gas.code]))
    feed = ET.fromstring(response.content)
    titles = [entry.findtext(f"{ATOM}title") or "" for entry in feed.iter(f"{ATOM}entry")]
    assert titles and all(title.startswith(portal.gas.title) for title in titles)


def test_the_sitemap_indexes_sections_that_list_public_promises(
    client: Client, portal: Portal
) -> None:
    index = client.get(reverse("portal:sitemap")).content.decode()
    assert "sitemap-promises.xml" in index
    promises = client.get(reverse("portal:sitemap-section", args=["promises"])).content.decode()
    assert portal.road.tracking_code in promises
    assert portal.secret.tracking_code not in promises
