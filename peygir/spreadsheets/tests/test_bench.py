"""The benchmark's spreadsheet timings run over generated data (figures are never asserted)."""

import pytest

from peygir.bench.generate import generate
from peygir.resolutions.models import ResolutionEvent
from peygir.spreadsheets.bench import bench_timings, default_rows


@pytest.mark.django_db
def test_generated_resolutions_export_and_import_back_unchanged() -> None:
    generate(resolutions=40, actions_per_resolution=1)
    assert default_rows() == 40
    events = ResolutionEvent.objects.count()
    timings = bench_timings(25)
    assert [t.name for t in timings] == [
        "spreadsheet export xlsx",
        "spreadsheet export csv",
        "spreadsheet import preview",
        "spreadsheet import confirm",
    ]
    assert all(t.note.startswith("25 rows,") for t in timings)
    assert all("25 unchanged" in t.note for t in timings[2:])
    assert ResolutionEvent.objects.count() == events  # the confirmed import wrote nothing


@pytest.mark.django_db
def test_no_rows_no_timings() -> None:
    assert bench_timings() == []
