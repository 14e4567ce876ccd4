"""Export → import changes nothing; re-importing updates and never duplicates."""

import csv
import io

import pytest
from django.test import Client

from peygir.conftest import World
from peygir.resolutions import services
from peygir.resolutions.models import Resolution
from peygir.spreadsheets.columns import headers
from peygir.spreadsheets.importer import CREATE, UNCHANGED, UPDATE, import_resolutions
from peygir.spreadsheets.tests.helpers import counts, export_rows, new_row, xlsx


def _export(world: World, fmt: str = "xlsx", user: str = "secretariat") -> bytes:
    client = Client()
    client.force_login(world.users[user])
    response = client.get(f"/staff/spreadsheets/export/resolutions.{fmt}")
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def busy(world: World) -> World:
    """Resolutions in several states, with supporting bodies, two places and a revised deadline."""
    first = world.resolution(supporting_bodies=[world.gas], places=[world.fordo, world.qom_city])
    services.resolution_accept(actor=world.users["officer"], resolution=first)
    services.resolution_report_progress(
        actor=world.users["officer"], resolution=first, progress=40, note="گزارش"
    )
    import datetime

    services.resolution_revise_deadline(
        actor=world.users["secretariat"], resolution=first,
        new_date=datetime.date(2026, 9, 1), reason="تمدید",
    )  # fmt: skip
    world.resolution(title='=HYPERLINK("http://evil")', text="-2+3", places=[world.province])
    world.resolution(responsible_body=None, title="بدون دستگاه")
    return world


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_imports_back_unchanged(busy: World, fmt: str) -> None:
    content = _export(busy, fmt)
    before = counts()
    versions = dict(Resolution.objects.values_list("pk", "version"))
    report = import_resolutions(actor=busy.users["secretariat"], content=content, commit=True)
    assert report.ok, [r.errors for r in report.rows] + report.file_errors
    assert [row.action for row in report.rows] == [UNCHANGED] * 3
    assert counts() == before
    assert dict(Resolution.objects.values_list("pk", "version")) == versions


def test_edited_export_updates_in_place_and_twice_is_a_no_op(busy: World) -> None:
    rows = export_rows(_export(busy))
    index = {header: i for i, header in enumerate(rows[0])}
    target = next(r for r in rows[1:] if r[index[headers()[1]]] == "بدون دستگاه")
    target[index[headers()[1]]] = "بدون دستگاه (ویرایش‌شده)"
    target[index[headers()[5]]] = "شرکت گاز استان قم"
    content = xlsx(rows)
    before = Resolution.objects.count()
    report = import_resolutions(actor=busy.users["secretariat"], content=content, commit=True)
    assert report.ok, [r.errors for r in report.rows]
    assert sorted(row.action for row in report.rows) == [UNCHANGED, UNCHANGED, UPDATE]
    changed = Resolution.objects.get(title="بدون دستگاه (ویرایش‌شده)")
    assert changed.responsible_body == busy.gas
    assert Resolution.objects.count() == before
    again = import_resolutions(actor=busy.users["secretariat"], content=content, commit=True)
    assert [row.action for row in again.rows] == [UNCHANGED] * 3


def test_new_rows_get_a_code_from_the_generator(world: World) -> None:
    content = xlsx([headers(), new_row(source=world.source.code)])
    report = import_resolutions(actor=world.users["secretariat"], content=content, commit=True)
    assert report.ok, [r.errors for r in report.rows]
    assert [row.action for row in report.rows] == [CREATE]
    created = Resolution.objects.get(title="احداث پل روستای فردو")
    assert created.tracking_code.startswith("QM-")
    assert created.responsible_body == world.roads
    assert list(created.places.all()) == [world.fordo]
    assert created.events.filter(kind="created").count() == 1


def test_a_new_row_in_progress_walks_through_the_allowed_moves(world: World) -> None:
    row = new_row(source=world.source.code, status="در حال اجرا", progress=30)
    report = import_resolutions(
        actor=world.users["secretariat"], content=xlsx([headers(), row]), commit=True
    )
    assert report.ok, [r.errors for r in report.rows]
    created = Resolution.objects.get(title="احداث پل روستای فردو")
    assert (created.status, created.progress) == ("in_progress", 30)


def test_csv_export_is_utf8_with_bom_and_neutralizes_formulas(busy: World) -> None:
    content = _export(busy, "csv")
    assert content.startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert table[0] == headers()
    titles = [row[1] for row in table[1:]]
    assert '\'=HYPERLINK("http://evil")' in titles
    texts = [row[2] for row in table[1:]]
    assert "'-2+3" in texts
