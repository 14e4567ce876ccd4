"""Upload → preview → confirm, through the pages: who may, CSRF, and a forged confirmation."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from peygir.conftest import World
from peygir.resolutions.models import Resolution
from peygir.spreadsheets.columns import headers
from peygir.spreadsheets.tests.helpers import XLSX_NAME, counts, new_row, xlsx

IMPORT = "/staff/spreadsheets/import/"
CONFIRM = "/staff/spreadsheets/import/confirm/"


@pytest.fixture(autouse=True)
def _private_upload_dir(settings: Any, tmp_path: Any) -> None:
    settings.PEYGIR_IMPORT_DIR = str(tmp_path / "imports")


def _client(world: World, user: str) -> Client:
    client = Client()
    client.force_login(world.users[user])
    return client


def _upload(client: Client, content: bytes) -> Any:
    return client.post(IMPORT, {"file": SimpleUploadedFile(XLSX_NAME, content)})


def _good_file(world: World) -> bytes:
    return xlsx([headers(), new_row(source=world.source.code)])


@pytest.mark.parametrize("user", ["secretariat", "deputy", "admin"])
def test_province_wide_staff_preview_then_confirm(world: World, user: str) -> None:
    client = _client(world, user)
    assert client.get(IMPORT).status_code == 200
    before = counts()
    preview = _upload(client, _good_file(world))
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "ثبت می‌شود" in page  # «will be created»
    assert counts() == before  # the preview wrote nothing
    token = preview.context["token"]
    done = client.post(CONFIRM, {"token": token})
    assert done.status_code == 200
    assert "ورود اطلاعات انجام شد" in done.content.decode()
    assert Resolution.objects.filter(title="احداث پل روستای فردو").count() == 1
    # The stored upload is spent: confirming again finds nothing and writes nothing.
    again = client.post(CONFIRM, {"token": token})
    assert again.status_code == 404
    assert Resolution.objects.filter(title="احداث پل روستای فردو").count() == 1


@pytest.mark.parametrize(
    "user", ["county", "other_county", "officer", "gas_officer", "council", "moderator", "outsider"]
)
def test_everyone_else_is_refused(world: World, user: str) -> None:
    client = _client(world, user)
    before = counts()
    assert client.get(IMPORT).status_code == 403
    assert _upload(client, _good_file(world)).status_code == 403
    assert client.post(CONFIRM, {"token": "a" * 64}).status_code == 403
    assert counts() == before


def test_anonymous_is_sent_to_sign_in(world: World) -> None:
    assert Client().get(IMPORT).status_code == 302


def test_preview_lists_errors_row_by_row_and_offers_no_confirmation(world: World) -> None:
    client = _client(world, "secretariat")
    bad = new_row(source=world.source.code, responsible_body="اداره ناموجود", deadline="۱۴۰۵/۱۳/۰۱")
    response = _upload(client, xlsx([headers(), new_row(source=world.source.code), bad]))
    page = response.content.decode()
    assert "اداره ناموجود" in page
    assert "هیچ چیز نوشته نشده است" in page
    assert CONFIRM not in page
    assert response.context["token"] == ""


def test_a_forged_confirmation_cannot_apply_someone_elses_upload(world: World) -> None:
    owner = _client(world, "secretariat")
    token = _upload(owner, _good_file(world)).context["token"]
    before = counts()
    thief = _client(world, "deputy")
    assert thief.post(CONFIRM, {"token": token}).status_code == 404
    assert thief.post(CONFIRM, {"token": "../" + token}).status_code == 404
    assert counts() == before
    # The owner can still confirm it.
    assert owner.post(CONFIRM, {"token": token}).status_code == 200
    assert counts()[0] == before[0] + 1


def test_a_tampered_stored_file_is_not_applied(world: World, settings: Any) -> None:
    from pathlib import Path

    client = _client(world, "secretariat")
    token = _upload(client, _good_file(world)).context["token"]
    stored = next(Path(settings.PEYGIR_IMPORT_DIR).glob(f"*-{token}.upload"))
    stored.write_bytes(xlsx([headers(), new_row(source=world.source.code, title="دیگر")]))
    before = counts()
    assert client.post(CONFIRM, {"token": token}).status_code == 404
    assert counts() == before


def test_upload_and_confirm_need_the_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["secretariat"])
    before = counts()
    assert _upload(client, _good_file(world)).status_code == 403
    assert client.post(CONFIRM, {"token": "a" * 64}).status_code == 403
    assert counts() == before
    page = client.get(IMPORT)
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    csrf = page.cookies["csrftoken"].value
    preview = client.post(
        IMPORT,
        {"file": SimpleUploadedFile(XLSX_NAME, _good_file(world)), "csrfmiddlewaretoken": csrf},
    )
    assert preview.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in preview.content.decode()


def test_a_file_over_the_limit_is_refused_before_it_is_read(world: World, settings: Any) -> None:
    settings.PEYGIR_IMPORT_MAX_BYTES = 100
    response = _upload(_client(world, "secretariat"), _good_file(world))
    assert response.status_code == 200
    assert "خیلی بزرگ" in response.content.decode()
