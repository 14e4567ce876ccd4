"""Large files: a fixed number of queries whatever the row count, and chunks that do not
change what an import finds (rules that span rows hold across chunk boundaries)."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from peygir.conftest import World
from peygir.spreadsheets import exporting, importer
from peygir.spreadsheets.columns import headers
from peygir.spreadsheets.importer import UNCHANGED, import_resolutions
from peygir.spreadsheets.tests.helpers import counts, export_rows, new_row, xlsx
from peygir.workspace.selectors import ResolutionFilter, resolutions_filtered


def _queries(call: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


def test_export_and_import_queries_do_not_grow_with_the_rows(world: World) -> None:
    secretariat = world.users["secretariat"]
    everything = resolutions_filtered(secretariat, ResolutionFilter())
    figures = []
    for _round in range(2):
        for number in range(6):
            world.resolution(title=f"مصوبه‌ی شماره {len(figures)}-{number}", places=[world.fordo])
        content = exporting.xlsx_bytes(everything, "مصوبات")
        figures.append(
            (
                _queries(lambda: exporting.xlsx_bytes(everything, "مصوبات")),
                _queries(lambda: b"".join(exporting.csv_chunks(everything))),
                _queries(
                    lambda c=content: import_resolutions(actor=secretariat, content=c, commit=False)
                ),
            )
        )
    assert figures[0] == figures[1], figures  # 6 rows, then 12 rows


@pytest.fixture
def tiny_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer, "FETCH_CHUNK", 2)


def test_an_export_in_many_chunks_imports_back_unchanged(world: World, tiny_chunks: None) -> None:
    for number in range(5):
        world.resolution(title=f"مصوبه‌ی شماره {number}")
    content = exporting.xlsx_bytes(
        resolutions_filtered(world.users["secretariat"], ResolutionFilter()), "مصوبات"
    )
    report = import_resolutions(actor=world.users["secretariat"], content=content, commit=True)
    assert [row.action for row in report.rows] == [UNCHANGED] * 5


def test_a_code_repeated_in_a_later_chunk_is_refused(world: World, tiny_chunks: None) -> None:
    world.resolution()
    world.resolution(title="دومی")
    content = exporting.xlsx_bytes(
        resolutions_filtered(world.users["secretariat"], ResolutionFilter()), "مصوبات"
    )
    rows = export_rows(content)
    rows.append(list(rows[1]))  # row 4, in the second chunk, repeats row 2
    before = counts()
    report = import_resolutions(actor=world.users["secretariat"], content=xlsx(rows), commit=True)
    assert not report.written and counts() == before
    assert report.rows[2].errors and "ردیف ۲" in report.rows[2].errors[0]


def test_a_new_row_repeated_in_a_later_chunk_is_refused(world: World, tiny_chunks: None) -> None:
    row = new_row(source=world.source.code)
    other = new_row(source=world.source.code, title="مصوبه‌ی دیگر")
    content = xlsx([headers(), row, other, other.copy(), row])
    before = counts()
    report = import_resolutions(actor=world.users["secretariat"], content=content, commit=True)
    assert not report.written and counts() == before
    assert [bool(r.errors) for r in report.rows] == [False, False, True, True]
    assert "ردیف ۲" in report.rows[3].errors[0]  # the first row, two chunks earlier
