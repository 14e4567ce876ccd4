"""What each persona cannot see or change: another body's, another county's, internal notes."""

import datetime
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from peygir.conftest import World
from peygir.resolutions import services
from peygir.resolutions.models import Resolution
from peygir.workspace.models import Evidence

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
INTERNAL_NOTE = "یادداشت داخلی اداره راه درباره پیمانکار"


@pytest.fixture
def roads(world: World) -> Resolution:
    """A Kahak resolution of the roads directorate, with an internal progress note."""
    resolution = world.resolution()
    services.resolution_accept(actor=world.users["officer"], resolution=resolution)
    services.resolution_report_progress(
        actor=world.users["officer"], resolution=resolution, progress=20, note=INTERNAL_NOTE
    )
    resolution.refresh_from_db()
    return resolution


@pytest.fixture
def gas(world: World) -> Resolution:
    """A Qom-county resolution of the gas company."""
    return world.resolution(
        title="گازرسانی به شهرک صنعتی",
        responsible_body=world.gas,
        places=[world.qom_city],
        followup_owner=world.qom_governorate,
    )


Clients = Callable[[str], Client]


def _page(resolution: Resolution) -> str:
    return f"/staff/resolutions/{resolution.pk}/"


def test_an_officer_cannot_open_another_bodys_resolution(
    client_for: Clients, roads: Resolution, gas: Resolution
) -> None:
    response = client_for("gas_officer").get(_page(roads))
    assert response.status_code == 404
    assert INTERNAL_NOTE not in response.text


def test_an_officer_does_not_list_another_bodys_resolutions(
    client_for: Clients, roads: Resolution, gas: Resolution
) -> None:
    text = client_for("gas_officer").get("/staff/resolutions/").text
    assert gas.title in text and roads.title not in text


def test_a_county_cannot_open_another_countys_resolution(
    client_for: Clients, roads: Resolution, gas: Resolution
) -> None:
    assert client_for("county").get(_page(gas)).status_code == 404
    assert client_for("other_county").get(_page(roads)).status_code == 404


def test_a_county_lists_only_its_county(
    client_for: Clients, roads: Resolution, gas: Resolution
) -> None:
    text = client_for("county").get("/staff/resolutions/").text
    assert roads.title in text and gas.title not in text


def test_another_offices_internal_notes_stay_hidden_from_the_other_county(
    client_for: Clients, roads: Resolution
) -> None:
    for url in ("/staff/resolutions/", "/staff/weekly/", "/staff/inbox/", _page(roads)):
        assert INTERNAL_NOTE not in client_for("other_county").get(url).text


def test_the_responsible_officer_sees_the_internal_note(
    client_for: Clients, roads: Resolution
) -> None:
    assert INTERNAL_NOTE in client_for("officer").get(_page(roads)).text


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("progress", {"progress": "50", "note": "x", "version": "1"}),
        ("status", {"status": "stalled", "reason": "x", "version": "1"}),
        ("deadline", {"new_date": "۱۴۰۶/۰۱/۱۵", "reason": "x", "version": "1"}),
        ("respond", {"decision": "accept", "version": "1"}),
        ("revision", {"new_date": "۱۴۰۶/۰۱/۱۵", "reason": "x"}),
    ],
)
def test_an_officer_cannot_act_on_another_bodys_resolution(
    client_for: Clients, roads: Resolution, action: str, data: dict[str, str]
) -> None:
    response = client_for("gas_officer").post(f"{_page(roads)}{action}/", data)
    assert response.status_code == 404


def test_the_officer_cannot_change_the_status_or_set_the_deadline(
    client_for: Clients, roads: Resolution
) -> None:
    client = client_for("officer")
    version = str(roads.version)
    status = client.post(f"{_page(roads)}status/", {"status": "done", "version": version})
    deadline = client.post(
        f"{_page(roads)}deadline/",
        {"new_date": "۱۴۰۶/۰۱/۱۵", "reason": "x", "version": version},
    )
    assert status.status_code == 403 and deadline.status_code == 403


def test_the_officer_cannot_decide_its_own_revision_request(
    world: World, client_for: Clients, roads: Resolution
) -> None:
    revision = services.deadline_revision_request(
        actor=world.users["officer"],
        resolution=roads,
        new_date=datetime.date(2026, 12, 1),
        reason="کمبود قیر",
    )
    response = client_for("officer").post(
        f"{_page(roads)}revision/{revision.pk}/decide/", {f"r{revision.pk}-approve": "1"}
    )
    assert response.status_code == 403


def test_a_county_that_does_not_own_the_follow_up_may_see_but_not_change_it(
    world: World, client_for: Clients
) -> None:
    resolution = world.resolution(followup_owner=world.deputy_org)
    client = client_for("county")
    assert client.get(_page(resolution)).status_code == 200
    response = client.post(
        f"{_page(resolution)}status/",
        {"status": "cancelled", "reason": "x", "version": resolution.version},
    )
    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["council", "moderator", "outsider"])
def test_non_staff_personas_are_refused_the_workspace(
    client_for: Clients, roads: Resolution, persona: str
) -> None:
    client = client_for(persona)
    for url in ("/staff/overview/", "/staff/resolutions/", _page(roads)):
        response = client.get(url)
        assert response.status_code == 403, url


@pytest.mark.parametrize("persona", ["county", "officer"])
def test_only_the_province_registers_trips(client_for: Clients, persona: str) -> None:
    assert client_for(persona).get("/staff/sources/new/").status_code == 403


def test_evidence_is_served_only_to_those_who_see_the_resolution(
    client_for: Clients, roads: Resolution, gas: Resolution
) -> None:
    client_for("officer").post(
        f"{_page(roads)}progress/",
        {
            "progress": "40",
            "note": "عکس کارگاه",
            "version": roads.version,
            "evidence": SimpleUploadedFile("site.png", PNG, content_type="image/png"),
        },
    )
    evidence = Evidence.objects.get()
    url = f"/staff/evidence/{evidence.pk}/"
    assert client_for("gas_officer").get(url).status_code == 404
    assert client_for("other_county").get(url).status_code == 404
    response = client_for("county").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
