"""Dashboards counted live (a filter, or a scope the stored tallies do not hold) are kept
once counted, and counted again after any write that could change them, on another day,
for another user, scope, filter or language."""

import datetime
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from peygir.accounts.models import Membership, User
from peygir.organizations.models import Organization
from peygir.reports.filters import ReportFilter
from peygir.reports.kept import kept_key
from peygir.reports.tests.conftest import NOW, Province
from peygir.reports.tests.test_pages import _chart, _client
from peygir.resolutions.choices import Status
from peygir.resolutions.services import resolution_change_status


# Every resolution of the fixture is in the world's one category: a second filter that keeps
# the figures, so that the province-wide staff's are counted live (one filter is stored).
def _every(province: Province) -> str:
    return f"category={province.world.category.pk}"


def _resolution_queries(seen: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in seen.captured_queries if "resolutions_resolution" in q["sql"]]


def _main(page: str) -> str:
    """The page's figures: everything in <main> (the header carries a fresh CSRF token)."""
    return page[page.index("<main") : page.index("</main>")]


def _fulfilled(page: str, grouping: str) -> list[Any]:
    data: list[Any] = _chart(page, f"fulfilment-{grouping}")["datasets"][0]["data"]
    return data


def test_a_filtered_dashboard_is_counted_once_and_again_after_a_write(
    province: Province,
) -> None:
    w = province.world
    client = _client(w.users["secretariat"])
    url = f"/staff/reports/?county={w.kahak.pk}&{_every(province)}"
    first = client.get(url).text
    assert _fulfilled(first, "body") == [1]  # R1 of R1–R4

    with CaptureQueriesContext(connection) as seen:
        again = client.get(url).text
    assert _resolution_queries(seen) == []  # nothing counted
    assert _main(again) == _main(first)

    resolution_change_status(
        actor=w.users["secretariat"], resolution=province.r[3], status=Status.DONE
    )
    assert _fulfilled(client.get(url).text, "body") == [2]


@pytest.mark.parametrize("slug", ["overdue", "letters", "scorecard", "trends", "credit"])
def test_every_filtered_dashboard_is_kept(province: Province, slug: str) -> None:
    client = _client(province.world.users["deputy"])
    url = f"/staff/reports/{slug}/?body={province.world.roads.pk}&{_every(province)}"
    first = client.get(url)
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as seen:
        again = client.get(url)
    assert _resolution_queries(seen) == []
    assert _main(again.text) == _main(first.text)


def test_another_user_scope_filter_grain_or_language_is_counted_for_itself(
    province: Province,
) -> None:
    w = province.world
    url = f"/staff/reports/?body={w.roads.pk}&{_every(province)}"
    province_wide = _client(w.users["secretariat"]).get(url).text
    assert _fulfilled(province_wide, "county") == [1]  # Kahak's R1
    # The Qom county governorate sees none of the roads directorate's resolutions (all in
    # Kahak): it is never shown the province-wide figures kept for the same filter.
    qom = _client(w.users["other_county"]).get(url).text
    assert "chart-fulfilment-county" not in qom or _fulfilled(qom, "county") == []

    every = _every(province)
    gas = _client(w.users["secretariat"]).get(f"/staff/reports/?body={w.gas.pk}&{every}")
    other_filter = gas.text
    assert _fulfilled(other_filter, "body") == [1]  # R5
    assert _main(other_filter) != _main(province_wide)

    secretariat = _client(w.users["secretariat"])
    month = secretariat.get(f"/staff/reports/trends/?body={w.roads.pk}&{every}").text
    week = secretariat.get(f"/staff/reports/trends/?body={w.roads.pk}&{every}&grain=week").text
    assert "۱۴۰۴/۱۰/۲۰" in week and "۱۴۰۴/۱۰/۲۰" not in month

    secretariat.cookies["django_language"] = "en"
    english = secretariat.get(url).text
    assert "Fulfilment by county" in english and "Fulfilment by county" not in province_wide


def test_a_user_moved_to_another_county_is_counted_for_the_new_one(province: Province) -> None:
    w = province.world
    user = w.users["county"]  # Kahak's governorate: the roads directorate's R1–R4
    url = f"/staff/reports/?body={w.roads.pk}"
    assert _fulfilled(_client(user).get(url).text, "county") == [1]
    Membership.objects.filter(user=user).update(organization=w.qom_governorate)
    moved = _client(User.objects.get(pk=user.pk)).get(url).text
    assert "chart-fulfilment-county" not in moved or _fulfilled(moved, "county") == []


def test_the_next_day_is_counted_again(province: Province) -> None:
    w = province.world
    url = f"/staff/reports/overdue/?county={w.kahak.pk}&{_every(province)}"
    today = _client(w.users["secretariat"]).get(url).text
    with time_machine.travel(NOW + datetime.timedelta(days=1), tick=False):
        client = _client(w.users["secretariat"])  # a session lasts less than a day
        with CaptureQueriesContext(connection) as seen:
            tomorrow = client.get(url).text
    assert _resolution_queries(seen)
    assert _main(tomorrow) != _main(today)


def test_a_dashboard_the_stored_tallies_hold_is_read_from_them_each_time(
    province: Province,
) -> None:
    user = province.world.users["secretariat"]
    client = _client(user)
    roads, category = province.world.roads, province.world.category
    one, two = ReportFilter(body=roads), ReportFilter(body=roads, category=category)
    client.get("/staff/reports/")
    client.get(f"/staff/reports/?body={roads.pk}")
    client.get(f"/staff/reports/?body={roads.pk}&category={category.pk}")
    with translation.override("fa"):
        assert cache.get(kept_key(user, "fulfilment", ReportFilter(), "")) is None
        assert cache.get(kept_key(user, "fulfilment", one, "")) is None
        assert cache.get(kept_key(user, "fulfilment", two, "")) is not None


def test_a_body_moved_to_another_county_moves_its_resolutions_with_it(
    province: Province,
) -> None:
    w = province.world
    client = _client(w.users["other_county"])  # Qom's governorate
    url = f"/staff/reports/?body={w.roads.pk}"
    before = client.get(url).text
    assert "chart-fulfilment-county" not in before or _fulfilled(before, "county") == []
    Organization.objects.filter(pk=w.roads.pk).update(place=w.qom)  # as the admin does
    assert sum(_fulfilled(client.get(url).text, "body")) == 1  # R1 of R1–R4, now Qom's


def test_the_province_wide_staff_share_what_is_kept(province: Province) -> None:
    w = province.world
    url = f"/staff/reports/letters/?county={w.kahak.pk}&{_every(province)}"
    counted = _client(w.users["secretariat"]).get(url).text
    with CaptureQueriesContext(connection) as seen:
        shared = _client(w.users["deputy"]).get(url).text
    assert _resolution_queries(seen) == []
    assert _main(shared) == _main(counted)
    with CaptureQueriesContext(connection) as seen:
        _client(w.users["county"]).get(url)  # Kahak's governorate: its own
    assert _resolution_queries(seen)
