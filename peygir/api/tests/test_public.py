"""The anonymous API: published promises with their public fields only, and reference data."""

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from peygir.conftest import World
from peygir.feasibility.testing import satisfy_gate
from peygir.resolutions import services
from peygir.resolutions.models import Resolution

from .conftest import API

Api = Callable[[str | None], APIClient]

INTERNAL_FIELDS = {
    "id",
    "status",
    "status_reason",
    "version",
    "followup_owner",
    "national_counterpart",
    "supporting_bodies",
    "feasibility_verdict",
    "visibility",
    "next_followup_date",
}


@pytest.fixture
def published(world: World) -> Resolution:
    resolution = world.resolution()
    services.resolution_contest(
        actor=world.users["officer"], resolution=resolution, reason="دلیل داخلی محرمانه"
    )
    services.resolution_assign(
        actor=world.users["secretariat"], resolution=resolution, body=world.roads
    )
    satisfy_gate(
        resolution, assessor=world.users["secretariat"], body_officer=world.users["officer"]
    )
    services.resolution_publish(actor=world.users["secretariat"], resolution=resolution)
    return resolution


def test_anonymous_sees_published_promises_only(
    api: Api, world: World, published: Resolution
) -> None:
    world.resolution(title="مصوبه داخلی")
    response = api(None).get(f"{API}/public/promises/")
    assert response.status_code == 200
    assert [row["tracking_code"] for row in response.json()["results"]] == [published.tracking_code]


def test_a_public_promise_shows_no_internal_field(api: Api, published: Resolution) -> None:
    row = api(None).get(f"{API}/public/promises/{published.tracking_code}/").json()
    assert not INTERNAL_FIELDS & row.keys()
    assert row["responsible_body"] == "اداره کل راه و شهرسازی استان قم"
    assert row["deadline_jalali"] == "1405-03-31"


def test_an_unpublished_promise_is_a_404_for_anonymous(api: Api, world: World) -> None:
    internal = world.resolution()
    response = api(None).get(f"{API}/public/promises/{internal.tracking_code}/")
    assert response.status_code == 404


def test_the_public_timeline_hides_internal_events(api: Api, published: Resolution) -> None:
    events = api(None).get(f"{API}/public/promises/{published.tracking_code}/timeline/").json()
    kinds = [event["kind"] for event in events]
    assert "contested" not in kinds
    assert "published" in kinds
    assert all("actor" not in event and "data" not in event for event in events)
    assert "محرمانه" not in str(events)


def test_anonymous_filters_promises_by_place(api: Api, world: World, published: Resolution) -> None:
    client = api(None)
    assert client.get(f"{API}/public/promises/?place={world.kahak.pk}").json()["count"] == 1
    assert client.get(f"{API}/public/promises/?place={world.qom.pk}").json()["count"] == 0


def test_anonymous_cannot_use_internal_filters(api: Api, published: Resolution) -> None:
    # status is internal: the filter is ignored rather than revealing anything.
    body = api(None).get(f"{API}/public/promises/?status=cancelled").json()
    assert body["count"] == 1


def test_places_and_organizations_are_public_reference_data(api: Api, world: World) -> None:
    client = api(None)
    places = client.get(f"{API}/places/?place={world.kahak.pk}").json()
    assert {row["code"] for row in places["results"]} == {"QM-KAHAK", "QM-V-FORDO"}
    bodies = client.get(f"{API}/organizations/?q=راه").json()
    assert {row["code"] for row in bodies["results"]} == {"QM-ROADS", "MIN-ROADS"}


def test_anonymous_cannot_write(api: Api, world: World, published: Resolution) -> None:
    client = api(None)
    response = client.post(f"{API}/resolutions/{published.pk}/accept/")
    assert response.status_code == 401
    assert client.post(f"{API}/public/promises/", {}, format="json").status_code == 405


def test_the_public_list_costs_a_fixed_number_of_queries(
    api: Api, world: World, published: Resolution, django_assert_max_num_queries: Any
) -> None:
    for index in range(5):
        promise = world.resolution(title=f"وعده {index}")
        satisfy_gate(
            promise, assessor=world.users["secretariat"], body_officer=world.users["officer"]
        )
        services.resolution_publish(actor=world.users["secretariat"], resolution=promise)
    client = api(None)
    with django_assert_max_num_queries(4):
        response = client.get(f"{API}/public/promises/")
    assert response.json()["count"] == 6
