"""The resolution page's quick actions: each writes through the services, errors in Persian."""

import datetime
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from peygir.conftest import World
from peygir.resolutions import services
from peygir.resolutions.choices import EventKind, RevisionState, Status
from peygir.resolutions.models import Resolution
from peygir.workspace.models import Evidence

Clients = Callable[[str], Client]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"0" * 64


@pytest.fixture
def assigned(world: World) -> Resolution:
    return world.resolution()


@pytest.fixture
def accepted(world: World, assigned: Resolution) -> Resolution:
    services.resolution_accept(actor=world.users["officer"], resolution=assigned)
    assigned.refresh_from_db()
    return assigned


def _url(resolution: Resolution, action: str) -> str:
    return f"/staff/resolutions/{resolution.pk}/{action}/"


def test_the_officer_accepts_an_assignment(client_for: Clients, assigned: Resolution) -> None:
    response = client_for("officer").post(
        _url(assigned, "respond"), {"decision": "accept", "version": assigned.version}
    )
    assert response.status_code == 302
    assigned.refresh_from_db()
    assert assigned.status == Status.ACCEPTED


def test_contesting_needs_a_reason_in_persian(client_for: Clients, assigned: Resolution) -> None:
    response = client_for("officer").post(
        _url(assigned, "respond"), {"decision": "contest", "version": assigned.version}
    )
    assert response.status_code == 422
    assert "دلیل اعتراض به ابلاغ را بنویسید" in response.text
    assigned.refresh_from_db()
    assert assigned.status == Status.ASSIGNED


def test_contesting_with_a_reason_returns_it_to_the_owner(
    client_for: Clients, assigned: Resolution
) -> None:
    client_for("officer").post(
        _url(assigned, "respond"),
        {"decision": "contest", "reason": "در حوزه ما نیست", "version": assigned.version},
    )
    assigned.refresh_from_db()
    assert assigned.status == Status.REGISTERED
    assert assigned.events.filter(kind=EventKind.CONTESTED).exists()


def test_progress_with_evidence_is_stored_and_linked(
    client_for: Clients, accepted: Resolution, settings: object
) -> None:
    response = client_for("officer").post(
        _url(accepted, "progress"),
        {
            "progress": "۴۵",
            "note": "زیرسازی انجام شد",
            "version": accepted.version,
            "evidence": [
                SimpleUploadedFile("photo.png", PNG, content_type="image/png"),
                SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf"),
            ],
        },
    )
    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.progress == 45 and accepted.status == Status.IN_PROGRESS
    files = list(Evidence.objects.order_by("id"))
    assert [(f.original_name, f.content_type) for f in files] == [
        ("photo.png", "image/png"),
        ("report.pdf", "application/pdf"),
    ]
    assert files[0].event is not None and files[0].event.kind == EventKind.PROGRESS_REPORTED
    # Stored under MEDIA_ROOT with a name of ours, never the uploader's.
    assert files[0].file.name.startswith("evidence/") and "photo" not in files[0].file.name


def test_a_file_pretending_to_be_a_photo_is_refused(
    client_for: Clients, accepted: Resolution
) -> None:
    response = client_for("officer").post(
        _url(accepted, "progress"),
        {
            "progress": "50",
            "note": "x",
            "version": accepted.version,
            "evidence": SimpleUploadedFile(
                "photo.jpg", b"MZ\x90\x00evil", content_type="image/jpeg"
            ),
        },
    )
    assert response.status_code == 422
    assert "فقط این نوع‌ها را می‌توان پیوست کرد" in response.text
    assert 'value="50"' in response.text  # what was typed is kept
    assert not Evidence.objects.exists()


def test_a_file_over_the_size_limit_is_refused(
    client_for: Clients, accepted: Resolution, settings: object
) -> None:
    settings.PEYGIR_MAX_UPLOAD_BYTES = 32  # type: ignore[attr-defined]
    response = client_for("officer").post(
        _url(accepted, "progress"),
        {
            "progress": "50",
            "note": "x",
            "version": accepted.version,
            "evidence": SimpleUploadedFile("big.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 422
    assert "بیشترین حجم مجاز" in response.text


def test_progress_out_of_range_is_refused_in_persian(
    client_for: Clients, accepted: Resolution
) -> None:
    response = client_for("officer").post(
        _url(accepted, "progress"), {"progress": "۱۵۰", "note": "x", "version": accepted.version}
    )
    assert response.status_code == 422
    assert "درصد پیشرفت باید بین ۰ تا ۱۰۰ باشد" in response.text


def test_a_stale_version_shows_the_concurrent_edit_error(
    world: World, client_for: Clients, accepted: Resolution
) -> None:
    stale = accepted.version
    services.resolution_report_progress(
        actor=world.users["officer"], resolution=accepted, progress=10, note="x"
    )
    response = client_for("officer").post(
        _url(accepted, "progress"), {"progress": "30", "note": "y", "version": stale}
    )
    assert response.status_code == 422
    assert "Someone else" not in response.text
    assert "صفحه" in response.text  # the Persian "reload the page" message
    accepted.refresh_from_db()
    assert accepted.progress == 10


def test_an_htmx_post_gets_back_only_the_form_with_its_errors(
    client_for: Clients, accepted: Resolution
) -> None:
    response = client_for("officer").post(
        _url(accepted, "progress"),
        {"progress": "", "note": "", "version": accepted.version},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div class="card" id="action-progress">')
    assert "<html" not in response.text


def test_an_htmx_success_redirects_the_page(client_for: Clients, accepted: Resolution) -> None:
    response = client_for("officer").post(
        _url(accepted, "progress"),
        {"progress": "20", "note": "x", "version": accepted.version},
        headers={"HX-Request": "true"},
    )
    assert response.headers["HX-Redirect"] == f"/staff/resolutions/{accepted.pk}/"


def test_an_invalid_status_move_is_explained_in_persian(
    client_for: Clients, assigned: Resolution
) -> None:
    response = client_for("secretariat").post(
        _url(assigned, "status"), {"status": "cancelled", "version": assigned.version}
    )
    assert response.status_code == 422
    assert "دلیل" in response.text
    assigned.refresh_from_db()
    assert assigned.status == Status.ASSIGNED


def test_the_secretariat_cancels_with_a_reason(client_for: Clients, assigned: Resolution) -> None:
    client_for("secretariat").post(
        _url(assigned, "status"),
        {"status": "cancelled", "reason": "اعتبار ندارد", "version": assigned.version},
    )
    assigned.refresh_from_db()
    assert assigned.status == Status.CANCELLED


def test_a_bad_jalali_date_keeps_what_was_typed(client_for: Clients, accepted: Resolution) -> None:
    response = client_for("secretariat").post(
        _url(accepted, "deadline"),
        {"new_date": "۱۴۰۵/۱۳/۴۰", "reason": "تأخیر پیمانکار", "version": accepted.version},
    )
    assert response.status_code == 422
    assert 'value="۱۴۰۵/۱۳/۴۰"' in response.text
    assert "تأخیر پیمانکار" in response.text


def test_the_secretariat_revises_the_deadline(client_for: Clients, accepted: Resolution) -> None:
    client_for("secretariat").post(
        _url(accepted, "deadline"),
        {"new_date": "۱۴۰۵/۰۶/۳۱", "reason": "تأخیر پیمانکار", "version": accepted.version},
    )
    accepted.refresh_from_db()
    assert accepted.deadline == datetime.date(2026, 9, 22)
    assert accepted.deadline_revisions.get().state == RevisionState.APPROVED


def test_the_officer_asks_and_the_owner_decides(client_for: Clients, accepted: Resolution) -> None:
    client_for("officer").post(
        _url(accepted, "revision"), {"new_date": "1405/07/30", "reason": "کمبود قیر"}
    )
    revision = accepted.deadline_revisions.get()
    assert revision.state == RevisionState.REQUESTED
    response = client_for("county").post(
        f"{_url(accepted, 'revision')}{revision.pk}/decide/",
        {f"r{revision.pk}-approve": "0", f"r{revision.pk}-note": "مهلت کافی است"},
    )
    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.state == RevisionState.REFUSED


def test_the_page_shows_the_timeline_with_jalali_dates(
    client_for: Clients, accepted: Resolution
) -> None:
    text = client_for("secretariat").get(f"/staff/resolutions/{accepted.pk}/").text
    assert "خط زمانی" in text and "۱۴۰۵" in text
    assert "2026" not in text
