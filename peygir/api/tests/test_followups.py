"""Follow-up actions through the API: recorded by those the pages allow, read by those who see."""

from collections.abc import Callable

from rest_framework.test import APIClient

from peygir.conftest import World
from peygir.followup.models import FollowupAction

from .conftest import API

Api = Callable[[str | None], APIClient]


def _url(resolution_pk: int) -> str:
    return f"{API}/resolutions/{resolution_pk}/followups/"


def test_the_follow_up_owner_records_a_letter_with_a_jalali_date(api: Api, world: World) -> None:
    resolution = world.resolution()
    response = api("county").post(
        _url(resolution.pk),
        {
            "kind": "letter_sent",
            "date": "1404-09-01",
            "letter_number": "۱۲۳/۴۵",
            "subject": "پیگیری آسفالت راه فردو",
            "recipient": world.roads.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["date_jalali"] == "1404-09-01"
    assert body["reply_due"]  # the usual working days, counted by the follow-up service
    assert FollowupAction.objects.filter(resolution=resolution).count() == 1


def test_a_letter_without_a_number_is_refused_in_persian(api: Api, world: World) -> None:
    resolution = world.resolution()
    response = api("county").post(
        _url(resolution.pk), {"kind": "letter_sent", "date": "1404-09-01"}, format="json"
    )
    assert response.status_code == 400
    assert "شماره" in response.json()["fields"]["letter_number"][0]["message"]


def test_a_reply_answers_a_letter_of_the_same_resolution(api: Api, world: World) -> None:
    resolution = world.resolution()
    client = api("county")
    letter = client.post(
        _url(resolution.pk),
        {"kind": "letter_sent", "date": "1404-09-01", "letter_number": "۱", "subject": "x"},
        format="json",
    ).json()
    response = client.post(
        _url(resolution.pk),
        {
            "kind": "letter_received",
            "date": "1404-09-10",
            "letter_number": "۲",
            "in_reply_to": letter["id"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["in_reply_to"] == letter["id"]


def test_an_officer_of_another_body_cannot_record_or_read(api: Api, world: World) -> None:
    resolution = world.resolution()
    client = api("gas_officer")
    assert client.get(_url(resolution.pk)).status_code == 404
    response = client.post(
        _url(resolution.pk), {"kind": "note", "date": "1404-09-01", "outcome": "x"}, format="json"
    )
    assert response.status_code == 404


def test_the_responsible_officer_records_a_call_and_lists_the_actions(
    api: Api, world: World
) -> None:
    resolution = world.resolution()
    client = api("officer")
    response = client.post(
        _url(resolution.pk),
        {"kind": "call", "date": "1404-09-02", "outcome": "پیمانکار تعیین شد"},
        format="json",
    )
    assert response.status_code == 201, response.content
    listed = client.get(_url(resolution.pk)).json()
    assert [row["kind"] for row in listed["results"]] == ["call"]


def test_the_council_cannot_record_follow_up(api: Api, world: World) -> None:
    resolution = world.resolution()
    response = api("council").post(
        _url(resolution.pk), {"kind": "note", "date": "1404-09-01", "outcome": "x"}, format="json"
    )
    assert response.status_code == 404
