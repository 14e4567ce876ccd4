"""Resolutions through the API: Jalali and ISO dates, the services' rules, errors in Persian."""

import datetime
from collections.abc import Callable

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from peygir.conftest import World
from peygir.resolutions import services
from peygir.resolutions.models import Resolution, ResolutionEvent
from peygir.search import selectors
from peygir.workspace.pagination import CappedPaginator

from .conftest import API

Api = Callable[[str | None], APIClient]


def _create(client: APIClient, world: World, **fields: object) -> dict[str, object]:
    body: dict[str, object] = {
        "source": world.source.pk,
        "title": "ساخت سالن ورزشی",
        "places": [world.fordo.pk],
        "responsible_body": world.roads.pk,
        "followup_owner": world.kahak_governorate.pk,
        **fields,
    }
    response = client.post(f"{API}/resolutions/", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()  # type: ignore[no-any-return]


def test_a_jalali_deadline_is_stored_and_returned_in_both_calendars(api: Api, world: World) -> None:
    created = _create(api("secretariat"), world, deadline="۱۴۰۵/۰۳/۳۱")
    assert created["deadline"] == "2026-06-21"
    assert created["deadline_jalali"] == "1405-03-31"
    assert created["status"] == "assigned"


def test_an_iso_deadline_is_accepted_too(api: Api, world: World) -> None:
    created = _create(api("secretariat"), world, deadline="2026-06-21")
    assert created["deadline_jalali"] == "1405-03-31"


def test_an_unreadable_date_is_refused_per_field_in_persian(api: Api, world: World) -> None:
    response = api("secretariat").post(
        f"{API}/resolutions/",
        {"source": world.source.pk, "title": "x", "deadline": "1405-13-40"},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["fields"]["deadline"][0]["code"] == "invalid"
    assert "تاریخ" in body["fields"]["deadline"][0]["message"]


def test_a_service_rule_comes_back_as_a_field_error(api: Api, world: World) -> None:
    response = api("secretariat").post(
        f"{API}/resolutions/",
        {
            "source": world.source.pk,
            "title": "x",
            "start_date": "1405-03-01",
            "deadline": "1405-01-01",
        },
        format="json",
    )
    assert response.status_code == 400
    error = response.json()["fields"]["deadline"][0]
    assert error == {
        "code": "invalid",
        "message": "مهلت نمی‌تواند پیش از تاریخ شروع باشد.",
    }


def test_typed_text_is_normalized(api: Api, world: World) -> None:
    created = _create(api("secretariat"), world, title="احداث پارك  كهك")
    assert created["title"] == "احداث پارک کهک"


def test_an_edit_against_an_old_version_is_a_409(api: Api, world: World) -> None:
    resolution = world.resolution()
    stale = resolution.version
    services.resolution_update_details(
        actor=world.users["deputy"], resolution=resolution, expected_version=stale, text="تغییر"
    )
    response = api("secretariat").patch(
        f"{API}/resolutions/{resolution.pk}/", {"title": "عنوان", "version": stale}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "concurrent_edit"
    assert "دوباره" in response.json()["message"] or "بارگذاری" in response.json()["message"]


def test_an_edit_without_a_version_is_refused(api: Api, world: World) -> None:
    resolution = world.resolution()
    response = api("secretariat").patch(
        f"{API}/resolutions/{resolution.pk}/", {"title": "عنوان"}, format="json"
    )
    assert response.status_code == 400
    assert "version" in response.json()["fields"]


def test_a_forbidden_transition_is_explained(api: Api, world: World) -> None:
    resolution = world.resolution()
    response = api("secretariat").post(
        f"{API}/resolutions/{resolution.pk}/status/", {"status": "done"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "skips_acceptance"
    assert "بپذیرد" in response.json()["message"] or "پذیر" in response.json()["message"]


def test_the_officer_reports_progress_after_accepting(api: Api, world: World) -> None:
    resolution = world.resolution()
    officer = api("officer")
    officer.post(f"{API}/resolutions/{resolution.pk}/accept/")
    response = officer.post(
        f"{API}/resolutions/{resolution.pk}/progress/",
        {"progress": 40, "note": "زیرسازی انجام شد"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["progress"] == 40
    assert response.json()["status"] == "in_progress"


def test_the_officer_contests_with_a_reason(api: Api, world: World) -> None:
    resolution = world.resolution()
    response = api("officer").post(
        f"{API}/resolutions/{resolution.pk}/contest/",
        {"reason": "این کار در حوزه شرکت گاز است"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "registered"


def test_a_deadline_revision_is_requested_then_approved(api: Api, world: World) -> None:
    resolution = world.resolution()
    response = api("officer").post(
        f"{API}/resolutions/{resolution.pk}/deadline-revisions/",
        {"new_date": "1405-06-31", "reason": "تأخیر در تخصیص اعتبار"},
        format="json",
    )
    assert response.status_code == 201, response.content
    revision = response.json()
    assert revision["new_date_jalali"] == "1405-06-31"
    assert revision["old_date"] == "2026-06-21"
    response = api("county").post(
        f"{API}/resolutions/{resolution.pk}/deadline-revisions/{revision['id']}/decide/",
        {"approve": True, "note": "موافقت شد"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "approved"
    resolution.refresh_from_db()
    assert resolution.deadline == datetime.date(2026, 9, 22)


def test_the_officer_cannot_decide_its_own_request(api: Api, world: World) -> None:
    resolution = world.resolution()
    revision = services.deadline_revision_request(
        actor=world.users["officer"],
        resolution=resolution,
        new_date=datetime.date(2026, 9, 1),
        reason="کمبود قیر",
    )
    response = api("officer").post(
        f"{API}/resolutions/{resolution.pk}/deadline-revisions/{revision.pk}/decide/",
        {"approve": True},
        format="json",
    )
    assert response.status_code == 403


def test_publishing_is_refused_until_the_feasibility_gate_passes(api: Api, world: World) -> None:
    resolution = world.resolution()
    response = api("secretariat").post(f"{API}/resolutions/{resolution.pk}/publish/")
    assert response.status_code == 400
    codes = {item["code"] for item in response.json()["fields"]["non_field_errors"]}
    assert {"not_accepted", "not_assessed"} <= codes
    assert (
        "امکان‌سنجی هنوز انجام نشده است."
        in response.json()["fields"]["non_field_errors"][-1]["message"]
    )


def test_the_timeline_lists_every_event(api: Api, world: World) -> None:
    resolution = world.resolution()
    response = api("secretariat").get(f"{API}/resolutions/{resolution.pk}/timeline/")
    kinds = [event["kind"] for event in response.json()]
    assert kinds == ["created", "assigned"]
    assert ResolutionEvent.objects.filter(resolution=resolution).count() == 2


@pytest.fixture
def several(world: World) -> list[Resolution]:
    a = world.resolution(title="آسفالت راه فردو", deadline=datetime.date(2026, 1, 1))
    b = world.resolution(
        title="گازرسانی قم",
        places=[world.qom_city],
        deadline=datetime.date(2026, 12, 1),
        followup_owner=world.qom_governorate,
    )
    c = world.resolution(title="مدرسه فردو", deadline=None, category=None)
    services.resolution_accept(actor=world.users["officer"], resolution=c)
    return [a, b, c]


def _list(client: APIClient, query: str) -> list[str]:
    response = client.get(f"{API}/resolutions/?{query}")
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


def test_filter_by_status(api: Api, several: list[Resolution]) -> None:
    assert _list(api("secretariat"), "status=accepted") == ["مدرسه فردو"]


def test_filter_by_place_includes_everything_below_it(
    api: Api, world: World, several: list[Resolution]
) -> None:
    titles = _list(api("secretariat"), f"place={world.kahak.pk}&ordering=deadline")
    assert titles == ["آسفالت راه فردو", "مدرسه فردو"]


def test_filter_overdue_follows_the_date(api: Api, several: list[Resolution]) -> None:
    with time_machine.travel(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)):
        assert _list(api("secretariat"), "overdue=true") == ["آسفالت راه فردو"]


def test_filter_by_a_jalali_deadline_range(api: Api, several: list[Resolution]) -> None:
    assert _list(api("secretariat"), "deadline_from=1405-01-01&deadline_to=1405-12-29") == [
        "گازرسانی قم"
    ]


def test_search_ignores_arabic_spelling(api: Api, several: list[Resolution]) -> None:
    assert _list(api("secretariat"), "q=مدرسه فردو") == ["مدرسه فردو"]
    assert _list(api("secretariat"), "q=گازرساني") == ["گازرسانی قم"]


def test_an_unknown_filter_value_is_a_400(api: Api, several: list[Resolution]) -> None:
    response = api("secretariat").get(f"{API}/resolutions/?status=finished")
    assert response.status_code == 400
    assert "status" in response.json()["fields"]


def test_the_list_is_paginated(api: Api, several: list[Resolution]) -> None:
    body = api("secretariat").get(f"{API}/resolutions/?page_size=2").json()
    assert body["count"] == 3 and body["count_exact"] is True
    assert len(body["results"]) == 2
    assert body["next"]


def test_the_list_costs_a_fixed_number_of_queries(
    api: Api, world: World, several: list[Resolution], django_assert_max_num_queries: object
) -> None:
    for _ in range(10):
        world.resolution()
    client = api("county")
    with django_assert_max_num_queries(9):  # type: ignore[operator]
        response = client.get(f"{API}/resolutions/?page_size=50")
    assert response.json()["count"] == 12


def test_a_long_list_is_counted_up_to_the_cap_and_paged_to_its_end(
    api: Api,
    world: World,
    several: list[Resolution],
    monkeypatch: pytest.MonkeyPatch,
    django_assert_max_num_queries: object,
) -> None:
    """Past the cap the list says «more than» and is paged by reading one row ahead; it never
    counts to its end (the count of a million resolutions cost more than the page)."""
    monkeypatch.setattr(CappedPaginator, "cap", 2)
    client = api("secretariat")
    with django_assert_max_num_queries(9):  # type: ignore[operator]
        first = client.get(f"{API}/resolutions/?page_size=2&ordering=created").json()
    assert (first["count"], first["count_exact"], len(first["results"])) == (3, False, 2)
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None and second["previous"]
    titles = [row["title"] for row in first["results"] + second["results"]]
    assert titles == [resolution.title for resolution in several]
    assert client.get(f"{API}/resolutions/?page=last").status_code == 404
    short = api("secretariat").get(f"{API}/resolutions/?page_size=2&status=done").json()
    assert short["count_exact"] is True


def test_a_long_search_is_counted_once_from_the_index_and_walked(
    api: Api, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search matching more than the cap is counted from the index side, which the
    paginator takes as its own count, and PostgreSQL walks the list's order for the page."""
    monkeypatch.setattr(CappedPaginator, "cap", 2)
    monkeypatch.setattr(selectors, "PG_WALK_FROM", 2)
    for number in range(4):
        world.resolution(title=f"لوله کشی {number}")
    world.resolution(title="بی ربط")
    client = api("secretariat")
    with CaptureQueriesContext(connection) as queries:
        query = {"q": "لوله", "page_size": 3, "ordering": "created"}
        body = client.get(f"{API}/resolutions/", query).json()
    # Read before the next request, which empties the connection's log.
    statements = [captured["sql"].upper() for captured in queries.captured_queries]
    assert (body["count"], body["count_exact"], len(body["results"])) == (3, False, 3)
    assert [row["title"] for row in body["results"]] == [f"لوله\u200cکشی {n}" for n in range(3)]
    rest = client.get(body["next"]).json()["results"]
    assert [row["title"] for row in rest] == ["لوله\u200cکشی 3"]
    assert sum("COUNT(" in sql for sql in statements) == 1
    walked = sum("OFFSET 0" in sql for sql in statements)
    assert walked == (1 if connection.vendor == "postgresql" else 0)
