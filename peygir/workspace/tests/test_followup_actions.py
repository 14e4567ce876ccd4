"""Letters and visits recorded from the resolution page, and whose internal notes show."""

import datetime
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from peygir.conftest import World
from peygir.followup.choices import ActionKind
from peygir.followup.models import Attachment, FollowupAction
from peygir.followup.services import followup_record_visit
from peygir.resolutions.models import Resolution

Clients = Callable[[str], Client]
NOTE = "فرماندار: مدیرکل راه همکاری نمی‌کند"


@pytest.fixture
def resolution(world: World) -> Resolution:
    return world.resolution()


def _url(resolution: Resolution, action: str) -> str:
    return f"/staff/resolutions/{resolution.pk}/{action}/"


def test_the_county_records_a_letter_with_an_attachment(
    client_for: Clients, resolution: Resolution
) -> None:
    response = client_for("county").post(
        _url(resolution, "letter"),
        {
            "number": "۱۲۳/۴۵۶",
            "date": "۱۴۰۵/۰۹/۰۱",
            "subject": "پیگیری آسفالت راه فردو",
            "level": "0",
            "is_internal": "on",
            "attachments": SimpleUploadedFile("letter.pdf", b"%PDF-1.4\n" + b"0" * 32),
        },
    )
    assert response.status_code == 302
    action = FollowupAction.objects.get()
    assert (action.kind, action.letter_number) == (ActionKind.LETTER_SENT, "۱۲۳/۴۵۶")
    assert Attachment.objects.get().action == action


def test_a_letter_without_a_number_is_refused_in_persian(
    client_for: Clients, resolution: Resolution
) -> None:
    response = client_for("county").post(
        _url(resolution, "letter"),
        {"date": "۱۴۰۵/۰۹/۰۱", "subject": "پیگیری", "level": "0"},
    )
    assert response.status_code == 422
    assert "این مقدار لازم است" in response.text
    assert 'value="پیگیری"' in response.text
    assert not FollowupAction.objects.exists()


def test_the_officer_records_a_visit(client_for: Clients, resolution: Resolution) -> None:
    response = client_for("officer").post(
        _url(resolution, "visit"),
        {
            "date": "۱۴۰۵/۰۹/۰۲",
            "place": "وزارت راه، تهران",
            "met_whom": "معاون وزیر",
            "who_went": "مدیرکل",
        },
    )
    assert response.status_code == 302
    assert FollowupAction.objects.get().kind == ActionKind.VISIT


def test_another_offices_internal_note_is_hidden_with_its_timeline_entry(
    world: World, client_for: Clients, resolution: Resolution
) -> None:
    followup_record_visit(
        actor=world.users["county"],
        resolution=resolution,
        date=datetime.date(2026, 11, 20),
        place="استانداری",
        met_whom="معاون عمرانی",
        who_went="فرماندار",
        obtained=NOTE,
        is_internal=True,
    )
    page = f"/staff/resolutions/{resolution.pk}/"
    assert NOTE in client_for("county").get(page).text
    assert NOTE in client_for("secretariat").get(page).text
    officer_page = client_for("officer").get(page).text
    assert NOTE not in officer_page and "معاون عمرانی" not in officer_page


def test_an_internal_notes_attachment_is_hidden_from_another_office(
    world: World, client_for: Clients, resolution: Resolution
) -> None:
    followup_record_visit(
        actor=world.users["county"],
        resolution=resolution,
        date=datetime.date(2026, 11, 20),
        place="استانداری",
        met_whom="معاون عمرانی",
        who_went="فرماندار",
        is_internal=True,
        attachments=[SimpleUploadedFile("minutes.pdf", b"%PDF-1.4\n" + b"0" * 32)],
    )
    url = f"/staff/attachments/{Attachment.objects.get().pk}/"
    assert client_for("county").get(url).status_code == 200
    assert client_for("officer").get(url).status_code == 404
    assert client_for("other_county").get(url).status_code == 404
