"""The public pages read as a citizen: no login, Persian, only public promises."""

import re
from pathlib import Path
from typing import Any

from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peygir.portal import pagecache
from peygir.portal.tests.conftest import Portal, publish


def _get(client: Client, name: str, *args: Any) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_home_shows_the_meter_counts_and_the_overdue_count(client: Client, portal: Portal) -> None:
    html = _get(client, "portal:home")
    assert 'dir="rtl"' in html and 'lang="fa"' in html
    assert "در دست اقدام" in html  # one promise in the works
    assert "۲ وعده عمومی" in html
    assert "۱ مورد گذشته از مهلت" in html


def test_home_draws_the_chart_with_a_table_beneath(client: Client, portal: Portal) -> None:
    html = _get(client, "portal:home")
    assert "<svg" in html and "<table" in html
    assert "<script" not in html
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    assert external == []


def test_the_base_template_shares_the_page_and_loads_only_our_assets(
    client: Client, portal: Portal
) -> None:
    html = _get(client, "portal:promise", portal.road.tracking_code)
    assert '<meta property="og:title" content="آسفالت راه روستای فردو' in html
    assert "/static/portal/portal.css" in html
    assert "Vazirmatn-FD-Regular.woff2" in html
    assert "cdn" not in html.lower()


def test_a_county_page_lists_the_promises_of_its_villages(client: Client, portal: Portal) -> None:
    html = _get(client, "portal:place", portal.world.kahak.code)
    assert portal.road.title in html
    assert portal.gas.title not in html


def test_a_county_page_counts_a_promise_of_two_of_its_places_once(
    client: Client, portal: Portal
) -> None:
    world = portal.world
    publish(world, world.resolution(title="مصوبه دو مکان", places=[world.fordo, world.kahak]))
    html = _get(client, "portal:place", world.kahak.code)
    assert html.count("مصوبه دو مکان") == 1
    assert "۲ وعده عمومی" in html  # the road and this one; the internal one is not counted


def test_a_county_page_takes_the_same_queries_however_many_promises_it_has(
    client: Client, portal: Portal
) -> None:
    url = reverse("portal:place", args=[portal.world.kahak.code])

    def queries() -> int:
        caches[pagecache.CACHE].clear()  # the page is rendered, not served from the cache
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    before = queries()
    for n in range(5):
        publish(
            portal.world, portal.world.resolution(title=f"مصوبه {n}", places=[portal.world.fordo])
        )
    # The place, its fingerprint, its subtree's ids, the trail, the meter, the places within,
    # a page of promises and their places: nothing more as the county grows.
    assert before == queries() == 8


def test_the_province_page_lists_everything_below_it(client: Client, portal: Portal) -> None:
    html = _get(client, "portal:place", portal.world.province.code)
    assert portal.road.title in html and portal.gas.title in html


def test_a_village_page_shows_the_trail_from_the_province(client: Client, portal: Portal) -> None:
    html = _get(client, "portal:place", portal.world.fordo.code)
    assert reverse("portal:place", args=[portal.world.kahak.code]) in html
    assert reverse("portal:place", args=[portal.world.province.code]) in html


def test_a_body_page_shows_its_promises_and_record(client: Client, portal: Portal) -> None:
    html = _get(client, "portal:body", portal.world.gas.code)
    assert portal.gas.title in html and portal.road.title not in html
    assert "۱ مورد گذشته از مهلت" in html


def test_a_trip_page_shows_its_promises(client: Client, portal: Portal) -> None:
    html = _get(client, "portal:source", portal.world.source.code)
    assert portal.world.source.title in html
    assert portal.road.title in html


def test_the_promise_page_shows_who_where_and_the_deadline_in_jalali(
    client: Client, portal: Portal
) -> None:
    html = _get(client, "portal:promise", portal.road.tracking_code)
    assert portal.world.roads.name in html
    assert "فردو" in html
    assert "۱۱ خرداد ۱۴۰۶" in html  # the revised deadline, 2027-06-01


def test_the_promise_page_lists_each_approved_revision_with_its_reason(
    client: Client, portal: Portal
) -> None:
    html = _get(client, "portal:promise", portal.road.tracking_code)
    assert "کمبود قیر در بازار" in html
    assert "۱۴۰۵/۱۲/۱۰" in html  # the old deadline, 2027-03-01
    assert "درخواست دوم" not in html  # a refused request is not a revision


def test_the_promise_page_shows_the_rating_and_why(client: Client, portal: Portal) -> None:
    html = _get(client, "portal:promise", portal.road.tracking_code)
    assert "کار زیرسازی آغاز شده است" in html


def test_the_promise_page_shows_the_public_timeline(client: Client, portal: Portal) -> None:
    html = _get(client, "portal:promise", portal.road.tracking_code)
    assert "زیرسازی راه انجام شد" in html
    assert "مهلت از ۱۴۰۵/۱۲/۱۰ به ۱۴۰۶/۰۳/۱۱ تغییر کرد." in html


def test_an_internal_resolution_has_no_page(client: Client, portal: Portal) -> None:
    response = client.get(reverse("portal:promise", args=[portal.secret.tracking_code]))
    assert response.status_code == 404


def test_the_printable_view_has_the_promise_and_no_site_chrome(
    client: Client, portal: Portal
) -> None:
    html = _get(client, "portal:promise-print", portal.road.tracking_code)
    assert portal.road.title in html and "کمبود قیر در بازار" in html
    assert 'class="site"' not in html


def test_the_stylesheet_has_print_rules(client: Client, portal: Portal) -> None:
    from django.contrib.staticfiles import finders

    path = finders.find("portal/portal.css")
    assert path and "@media print" in Path(str(path)).read_text(encoding="utf-8")


def test_list_pages_take_a_fixed_number_of_queries(
    client: Client, portal: Portal, django_assert_max_num_queries: Any
) -> None:
    for _ in range(5):
        portal.world.resolution(title="مصوبه دیگر", places=[portal.world.fordo])
    pages = [
        reverse("portal:home"),
        reverse("portal:place", args=[portal.world.province.code]),
        reverse("portal:body", args=[portal.world.roads.code]),
        reverse("portal:source", args=[portal.world.source.code]),
        reverse("portal:promise", args=[portal.road.tracking_code]),
        reverse("portal:sources"),
        reverse("portal:bodies"),
    ]
    for url in pages:
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200
