"""A malformed file gets Persian errors, row by row, and writes nothing."""

import datetime
import io
import zipfile
from typing import Any

import pytest
from django.test import override_settings

from peygir.conftest import World
from peygir.spreadsheets.columns import headers
from peygir.spreadsheets.importer import import_resolutions
from peygir.spreadsheets.tests.helpers import counts, new_row, xlsx

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def _run(world: World, content: bytes, commit: bool = True) -> Any:
    before = counts()
    report = import_resolutions(actor=world.users["secretariat"], content=content, commit=commit)
    assert counts() == before, "a failed import wrote something"
    assert not report.ok and not report.written
    return report


def _row_errors(report: Any) -> list[str]:
    return [error for row in report.rows for error in row.errors]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "خالی"),
        (PNG, "صفحه‌گسترده نیست"),
        (bytes(range(256)) * 40, "صفحه‌گسترده نیست"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "xls"),
        (b"PK\x03\x04" + b"garbage" * 50, "اکسل نیست"),
    ],
    ids=["empty", "png-renamed", "random-bytes", "old-xls", "broken-zip"],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused(
    world: World, content: bytes, message: str
) -> None:
    report = _run(world, content)
    assert report.file_errors and message in report.file_errors[0], report.file_errors


def test_a_zip_that_is_not_a_workbook_is_refused(world: World) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "سلام")
    report = _run(world, buffer.getvalue())
    assert "اکسل نیست" in report.file_errors[0]


def test_wrong_and_missing_columns_are_named(world: World) -> None:
    header = [h for h in headers() if h != headers()[5]] + ["ستون ناشناخته"]
    report = _run(world, xlsx([header, ["x"] * len(header)]))
    joined = " ".join(report.file_errors)
    assert "ستون ناشناخته" in joined
    assert headers()[5] in joined


def test_the_header_may_be_english_or_in_another_order(world: World) -> None:
    from django.utils import translation

    with translation.override("en"):
        english = headers()
    row = new_row(source=world.source.code)
    content = xlsx([english[::-1], row[::-1]])
    report = import_resolutions(actor=world.users["secretariat"], content=content, commit=False)
    assert report.ok, report.file_errors + _row_errors(report)


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"responsible_body": "اداره کل ناموجود"}, "دستگاه ناشناخته"),
        ({"deadline": "۱۴۰۴/۱۲/۳۰", "original_deadline": ""}, "اسفند ۱۴۰۴ ۲۹ روز دارد"),
        ({"deadline": "۱۴۰۳/۱۲/۳۱", "original_deadline": ""}, "وجود ندارد"),
        ({"deadline": "۱۴۰۵/۱۳/۰۱", "original_deadline": ""}, "ماه"),
        ({"deadline": "", "original_deadline": ""}, "مهلت"),
        ({"status": "نیمه‌کاره"}, "نیمه‌کاره"),
        ({"places": "آتلانتیس"}, "آتلانتیس"),
        ({"progress": "۱۵۰"}, "۱۰۰"),
        ({"source": "T-9999-0001"}, "T-9999-0001"),
        ({"title": ""}, "عنوان"),
        ({"tracking_code": "QM-1404-99999"}, "QM-1404-99999"),
    ],
    ids=["body", "esfand-1404", "esfand-31", "month-13", "no-deadline", "status", "place",
         "progress", "source", "title", "unknown-code"],
)  # fmt: skip
def test_row_errors_are_persian_and_nothing_is_written(
    world: World, cells: dict[str, str], message: str
) -> None:
    good = new_row(source=world.source.code, title="ردیف درست")
    bad = new_row(**{"source": world.source.code, **cells})
    report = _run(world, xlsx([headers(), good, bad]))
    assert not report.rows[0].errors
    assert report.rows[1].line == 3
    assert any(message in error for error in report.rows[1].errors), report.rows[1].errors


def test_a_valid_row_after_a_bad_one_is_rolled_back_too(world: World) -> None:
    rows = [
        headers(),
        new_row(source=world.source.code, status="??"),
        new_row(source=world.source.code),
    ]
    _run(world, xlsx(rows))


def test_an_impossible_status_move_is_a_row_error(world: World) -> None:
    # Cancelled is final: the secretariat's sheet cannot reopen it silently.
    from peygir.resolutions import services

    resolution = world.resolution()
    services.resolution_change_status(
        actor=world.users["secretariat"], resolution=resolution, status="cancelled", reason="لغو"
    )
    from peygir.spreadsheets.tests.helpers import export_rows
    from peygir.spreadsheets.tests.test_roundtrip import _export

    rows = export_rows(_export(world))
    rows[1][15] = "در حال اجرا"
    report = _run(world, xlsx(rows))
    assert _row_errors(report)


@override_settings(PEYGIR_IMPORT_MAX_ROWS=2)
def test_too_many_rows(world: World) -> None:
    rows = [headers()] + [new_row(source=world.source.code)] * 3
    report = _run(world, xlsx(rows))
    assert "۲" in report.file_errors[0]


@override_settings(PEYGIR_IMPORT_MAX_BYTES=1000)
def test_too_large(world: World) -> None:
    report = _run(world, b"a,b\n" * 400)
    assert "بزرگ" in report.file_errors[0]


def test_duplicate_tracking_codes_in_one_file(world: World) -> None:
    from peygir.spreadsheets.tests.helpers import export_rows
    from peygir.spreadsheets.tests.test_roundtrip import _export

    world.resolution()
    rows = export_rows(_export(world))
    rows.append(list(rows[1]))
    report = _run(world, xlsx(rows))
    assert "ردیف ۲" in _row_errors(report)[0]


def test_spelling_variants_of_bodies_and_places_match(world: World) -> None:
    row = new_row(
        source=world.source.code,
        # Arabic ي and ك, a ZWNJ where a space was, a doubled space, and «استانداري».
        responsible_body="اداره  كل راه و شهرسازي استان قم",
        followup_owner="فرمانداري شهرستان كهك",
        supporting_bodies="شركت گاز استان قم؛ دبيرخانه پيگيري مصوبات",
        places="فردو ; كهك",
    )
    before = counts()
    report = import_resolutions(
        actor=world.users["secretariat"], content=xlsx([headers(), row]), commit=True
    )
    assert report.ok, _row_errors(report)
    assert counts()[0] == before[0] + 1
    from peygir.resolutions.models import Resolution

    created = Resolution.objects.get(title="احداث پل روستای فردو")
    assert created.responsible_body == world.roads
    assert created.followup_owner == world.kahak_governorate
    assert set(created.supporting_bodies.all()) == {world.gas, world.secretariat_org}
    assert set(created.places.all()) == {world.fordo, world.kahak}


def test_gregorian_date_cells_of_excel_are_read_as_dates(world: World) -> None:
    row = new_row(
        source=world.source.code,
        deadline=datetime.datetime(2026, 6, 21, tzinfo=None),  # noqa: DTZ001, original_deadline=""
    )
    report = import_resolutions(
        actor=world.users["secretariat"], content=xlsx([headers(), row]), commit=False
    )
    assert report.ok, _row_errors(report)
