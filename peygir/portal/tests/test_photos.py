"""Evidence photos on the public timeline: those of public actions only, served by the portal."""

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from peygir.followup.models import Attachment
from peygir.followup.services import followup_record_action
from peygir.portal.tests.conftest import Portal

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _inspection(portal: Portal, *, internal: bool, outcome: str) -> Attachment:
    action = followup_record_action(
        actor=portal.world.users["county"],
        resolution=portal.road,
        kind="inspection",
        date=datetime.date(2026, 11, 20),
        outcome=outcome,
        is_internal=internal,
        attachments=[SimpleUploadedFile("road.png", PNG, content_type="image/png")],
    )
    return action.attachments.get()


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def test_a_public_inspection_shows_its_photo_on_the_timeline(
    client: Client, portal: Portal
) -> None:
    photo = _inspection(portal, internal=False, outcome="بازدید میدانی: زیرسازی تمام شد")
    html = client.get(reverse("portal:promise", args=[portal.road.tracking_code])).content.decode()
    url = reverse("portal:promise-photo", args=[portal.road.tracking_code, photo.pk])
    assert "بازدید میدانی: زیرسازی تمام شد" in html and url in html
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG  # type: ignore[attr-defined]


def test_an_internal_inspection_and_its_photo_stay_inside(client: Client, portal: Portal) -> None:
    photo = _inspection(portal, internal=True, outcome="بازدید داخلی محرمانه")
    html = client.get(reverse("portal:promise", args=[portal.road.tracking_code])).content.decode()
    assert "بازدید داخلی محرمانه" not in html
    url = reverse("portal:promise-photo", args=[portal.road.tracking_code, photo.pk])
    assert client.get(url).status_code == 404


def test_a_photo_is_not_served_under_another_promise(client: Client, portal: Portal) -> None:
    photo = _inspection(portal, internal=False, outcome="بازدید")
    url = reverse("portal:promise-photo", args=[portal.gas.tracking_code, photo.pk])
    assert client.get(url).status_code == 404
