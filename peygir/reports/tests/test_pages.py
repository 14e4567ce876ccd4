"""Who may open the dashboards, what each persona's page shows, and a bounded number of
queries whatever the number of rows."""

import datetime
import json
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from peygir.accounts.models import User
from peygir.followup.services import followup_record_letter
from peygir.organizations.models import Organization
from peygir.reports.tests.conftest import Province
from peygir.reports.urls import SLUGS
from peygir.resolutions.models import Category, FundingLine
from peygir.resolutions.services import source_create

PAGES = ["/staff/reports/", *[f"/staff/reports/{slug}/" for slug in SLUGS if slug != "fulfilment"]]


def _chart(page: str, key: str) -> dict[str, Any]:
    """The data a chart is drawn from, read back out of its json_script block."""
    found = re.search(rf'<script id="chart-{key}" type="application/json">(.*?)</script>', page)
    assert found, key
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("persona", ["secretariat", "deputy", "county", "other_county", "admin"])
def test_the_governorate_deputies_counties_and_admins_open_every_dashboard(
    province: Province, persona: str
) -> None:
    client = _client(province.world.users[persona])
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'aria-current="page"' in response.text


@pytest.mark.parametrize("persona", ["officer", "gas_officer", "council", "moderator", "outsider"])
def test_everyone_else_is_refused(province: Province, persona: str) -> None:
    client = _client(province.world.users[persona])
    for url in [*PAGES, "/staff/reports/credit/excel/", "/staff/reports/overdue/pdf/"]:
        assert client.get(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_sign_in(province: Province) -> None:
    response = Client().get("/staff/reports/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_staff_navigation_links_the_dashboards(province: Province) -> None:
    page = _client(province.world.users["deputy"]).get("/staff/overview/").text
    assert 'href="/staff/reports/"' in page and "داشبوردها" in page


def test_a_county_page_shows_only_its_county(province: Province) -> None:
    w = province.world
    response = _client(w.users["county"]).get("/staff/reports/")
    page = response.text
    assert _chart(page, "fulfilment-body")["labels"] == [w.roads.name]
    assert _chart(page, "fulfilment-county")["labels"] == ["کهک"]
    assert _chart(page, "fulfilment-county")["datasets"][0]["data"] == [1]  # fulfilled
    # The county choice offers only its own county.
    assert list(response.context["form"].fields["county"].queryset) == [w.kahak]


def test_the_page_draws_from_json_script_with_persian_numbers_in_tables(
    province: Province,
) -> None:
    page = _client(province.world.users["secretariat"]).get("/staff/reports/").text
    assert 'id="chart-fulfilment-county" type="application/json"' in page
    assert 'data-chart="chart-fulfilment-county"' in page
    assert "/static/peygir/vendor/chart.umd.min.js" in page
    assert "<script>" not in page  # nothing inline: the CSP allows none
    assert "۳۳٪" in page  # the fulfilment rate, with Persian digits


def test_the_filters_narrow_the_page(province: Province) -> None:
    w = province.world
    page = _client(w.users["secretariat"]).get(f"/staff/reports/?county={w.qom.pk}").text
    assert _chart(page, "fulfilment-body")["labels"] == [w.gas.name]


def test_trends_by_week(province: Province) -> None:
    page = _client(province.world.users["secretariat"]).get("/staff/reports/trends/?grain=week")
    assert "۱۴۰۴/۱۰/۲۰" in page.text


def _more_rows(province: Province, n: int) -> None:
    """Rows in new bodies, categories, trips, counties' villages, with letters and money."""
    w = province.world
    for i in range(n):
        body = Organization.objects.create(
            code=f"X-BODY-{i}", name=f"اداره {i}", kind="executive_body", level="provincial"
        )
        category = Category.objects.create(code=f"x-cat-{i}", name=f"دسته {i}")
        source = source_create(
            actor=w.users["secretariat"], kind="meeting", title=f"جلسه {i}",
            start_date=datetime.date(2025, 7, 1), places=[w.qom],
        )  # fmt: skip
        resolution = w.resolution(
            responsible_body=body, category=category, source=source,
            deadline=datetime.date(2025, 8, 1 + i),
        )  # fmt: skip
        FundingLine.objects.create(
            resolution=resolution, source="bank", fiscal_year=1400 + i, approved=7
        )
        followup_record_letter(
            actor=w.users["secretariat"], resolution=resolution, number=f"{i}/1",
            date=datetime.date(2025, 9, 1), subject="نامه", recipient=body,
        )  # fmt: skip


@pytest.mark.parametrize("url", [*PAGES, "/staff/reports/trends/?grain=week"])
def test_queries_do_not_grow_with_the_rows(
    province: Province, url: str, django_assert_num_queries: object
) -> None:
    client = _client(province.world.users["secretariat"])
    client.get(url)  # the session and the user, once
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    queries = [q["sql"][:80] for q in few]
    _more_rows(province, 5)
    client.get(url)  # the stored tallies count again what the new rows made dirty, once
    with django_assert_num_queries(len(queries)):  # type: ignore[operator]
        client.get(url)
    assert len(queries) <= 16, queries


def _select(page: str, name: str) -> str:
    start = page.index(f'name="{name}"')
    return page[start : page.index("</select>", start)]


def test_the_kept_filters_follow_the_person_and_the_query(province: Province) -> None:
    """The filter form is kept once drawn (form_fields.html_key): a person who may see fewer
    counties is never offered another's, and a chosen year or period shows as chosen."""
    world = province.world
    deputy = _client(world.users["deputy"]).get("/staff/reports/").text
    assert f'value="{world.qom.pk}"' in _select(deputy, "county")
    county = _client(world.users["county"]).get("/staff/reports/").text
    offered = _select(county, "county")
    assert f'value="{world.kahak.pk}"' in offered and f'value="{world.qom.pk}"' not in offered
    year = _client(world.users["deputy"]).get("/staff/reports/", {"fiscal_year": "1404"}).text
    assert '<option value="1404" selected>' in _select(year, "fiscal_year")
    assert '<option value="1404" selected>' not in _select(deputy, "fiscal_year")
    weekly = _client(world.users["deputy"]).get("/staff/reports/trends/", {"grain": "week"}).text
    assert '<option value="week" selected>' in _select(weekly, "grain")
    monthly = _client(world.users["deputy"]).get("/staff/reports/trends/").text
    assert '<option value="week" selected>' not in _select(monthly, "grain")
