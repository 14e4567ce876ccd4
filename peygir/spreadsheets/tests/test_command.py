"""`peygir import-resolutions FILE [--dry-run] [--user USERNAME]`."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from peygir.conftest import World
from peygir.resolutions.models import Resolution
from peygir.spreadsheets.columns import headers
from peygir.spreadsheets.tests.helpers import counts, new_row, xlsx


def _file(tmp_path: Path, rows: list[list[object]]) -> str:
    path = tmp_path / "مصوبات.xlsx"
    path.write_bytes(xlsx(rows))
    return str(path)


def test_dry_run_writes_nothing_then_the_import_does(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, [headers(), new_row(source=world.source.code)])
    before = counts()
    call_command("import-resolutions", path, "--dry-run", "--user", "secretariat")
    assert counts() == before
    assert "آزمایشی" in capsys.readouterr().out
    call_command("import-resolutions", path, "--user", "secretariat")
    assert Resolution.objects.filter(title="احداث پل روستای فردو").count() == 1
    # The same file again: its row has no code, but the promise is already registered.
    with pytest.raises(CommandError):
        call_command("import-resolutions", path, "--user", "secretariat")
    assert "QM-" in capsys.readouterr().err
    assert Resolution.objects.filter(title="احداث پل روستای فردو").count() == 1


def test_errors_are_printed_in_persian_and_exit_non_zero(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = new_row(source=world.source.code, responsible_body="اداره ناموجود")
    path = _file(tmp_path, [headers(), bad])
    before = counts()
    with pytest.raises(CommandError):
        call_command("import-resolutions", path, "--user", "secretariat")
    err = capsys.readouterr().err
    assert "ردیف 2" in err and "دستگاه ناشناخته" in err
    assert counts() == before


def test_only_province_wide_users_import(world: World, tmp_path: Path) -> None:
    path = _file(tmp_path, [headers(), new_row(source=world.source.code)])
    with pytest.raises(CommandError):
        call_command("import-resolutions", path, "--user", "county")
