"""What each role may see and change through the API: exactly what the pages allow."""

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from peygir.conftest import World
from peygir.feasibility.testing import satisfy_gate
from peygir.resolutions.models import Resolution

from .conftest import API

Api = Callable[[str | None], APIClient]


@pytest.fixture
def two(world: World) -> tuple[Resolution, Resolution]:
    """One resolution in Kahak for the roads directorate, one in Qom for the gas company."""
    kahak = world.resolution()
    qom = world.resolution(
        title="گازرسانی به شهرک صنعتی",
        places=[world.qom_city],
        responsible_body=world.gas,
        followup_owner=world.qom_governorate,
    )
    return kahak, qom


def _codes(client: APIClient) -> set[str]:
    response = client.get(f"{API}/resolutions/")
    assert response.status_code == 200, response.content
    return {row["tracking_code"] for row in response.json()["results"]}


@pytest.mark.parametrize(
    ("persona", "sees_kahak", "sees_qom"),
    [
        ("secretariat", True, True),
        ("deputy", True, True),
        ("admin", True, True),
        ("county", True, False),
        ("other_county", False, True),
        ("officer", True, False),
        ("gas_officer", False, True),
        ("council", False, False),
        ("moderator", False, False),
        ("outsider", False, False),
    ],
)
def test_each_role_lists_only_what_its_scope_reaches(
    api: Api, two: tuple[Resolution, Resolution], persona: str, sees_kahak: bool, sees_qom: bool
) -> None:
    kahak, qom = two
    expected = {
        code
        for code, seen in ((kahak.tracking_code, sees_kahak), (qom.tracking_code, sees_qom))
        if seen
    }
    assert _codes(api(persona)) == expected


def test_a_resolution_out_of_scope_is_a_404_in_persian(
    api: Api, two: tuple[Resolution, Resolution]
) -> None:
    _, qom = two
    response = api("county").get(f"{API}/resolutions/{qom.pk}/")
    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found",
        "message": "چنین مصوبه‌ای وجود ندارد یا اجازه دیدن آن را ندارید.",
    }


def test_anonymous_cannot_reach_internal_resolutions(
    api: Api, two: tuple[Resolution, Resolution]
) -> None:
    kahak, _ = two
    for url in (f"{API}/resolutions/", f"{API}/resolutions/{kahak.pk}/", f"{API}/sources/"):
        response = api(None).get(url)
        assert response.status_code == 401, url
        assert response.json()["code"] == "not_authenticated"


def test_the_responsible_officer_accepts_its_assignment(
    api: Api, two: tuple[Resolution, Resolution]
) -> None:
    kahak, _ = two
    response = api("officer").post(f"{API}/resolutions/{kahak.pk}/accept/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted"


def test_another_bodys_officer_cannot_accept(api: Api, two: tuple[Resolution, Resolution]) -> None:
    kahak, _ = two
    response = api("gas_officer").post(f"{API}/resolutions/{kahak.pk}/accept/")
    assert response.status_code == 404


def test_the_officer_cannot_change_the_status_it_may_only_report(
    api: Api, two: tuple[Resolution, Resolution]
) -> None:
    kahak, _ = two
    response = api("officer").post(
        f"{API}/resolutions/{kahak.pk}/status/",
        {"status": "cancelled", "reason": "x"},
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert "اجازه" in response.json()["message"]


def test_the_county_sees_but_does_not_edit_what_the_deputy_follows_up(
    api: Api, world: World
) -> None:
    resolution = world.resolution(followup_owner=world.deputy_org)
    client = api("county")
    assert client.get(f"{API}/resolutions/{resolution.pk}/").status_code == 200
    response = client.patch(
        f"{API}/resolutions/{resolution.pk}/",
        {"title": "عنوان تازه", "version": resolution.version},
        format="json",
    )
    assert response.status_code == 403


def test_the_county_edits_what_it_follows_up(api: Api, two: tuple[Resolution, Resolution]) -> None:
    kahak, _ = two
    response = api("county").patch(
        f"{API}/resolutions/{kahak.pk}/",
        {"next_followup_date": "1404-11-01", "version": kahak.version},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["next_followup_date_jalali"] == "1404-11-01"


def test_the_secretariat_edits_and_publishes(
    api: Api, world: World, two: tuple[Resolution, Resolution]
) -> None:
    kahak, _ = two
    client = api("secretariat")
    response = client.patch(
        f"{API}/resolutions/{kahak.pk}/",
        {"title": "آسفالت راه فردو", "version": kahak.version},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "آسفالت راه فردو"
    kahak.refresh_from_db()
    satisfy_gate(kahak, assessor=world.users["secretariat"], body_officer=world.users["officer"])
    response = client.post(f"{API}/resolutions/{kahak.pk}/publish/")
    assert response.json()["visibility"] == "public"


def test_the_officer_cannot_publish(api: Api, two: tuple[Resolution, Resolution]) -> None:
    kahak, _ = two
    assert api("officer").post(f"{API}/resolutions/{kahak.pk}/publish/").status_code == 403


def test_only_registrars_create_resolutions(
    api: Api, world: World, two: tuple[Resolution, Resolution]
) -> None:
    body = {
        "source": world.source.pk,
        "title": "ساخت مدرسه",
        "followup_owner": world.kahak_governorate.pk,
    }
    assert api("officer").post(f"{API}/resolutions/", body, format="json").status_code == 403
    assert api("council").post(f"{API}/resolutions/", body, format="json").status_code == 403
    response = api("county").post(f"{API}/resolutions/", body, format="json")
    assert response.status_code == 201, response.content


def test_a_county_must_follow_up_what_it_registers(
    api: Api, world: World, two: tuple[Resolution, Resolution]
) -> None:
    body = {"source": world.source.pk, "title": "ساخت مدرسه", "followup_owner": world.deputy_org.pk}
    response = api("county").post(f"{API}/resolutions/", body, format="json")
    assert response.status_code == 403
    assert "پیگیری" in response.json()["message"]


def test_sources_follow_the_resolutions_a_user_sees(
    api: Api, world: World, two: tuple[Resolution, Resolution]
) -> None:
    assert api("officer").get(f"{API}/sources/").json()["count"] == 1
    assert api("council").get(f"{API}/sources/").json()["count"] == 0
