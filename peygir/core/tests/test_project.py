"""Project-wide checks: migrations are complete and every Persian translation is filled in."""

import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration() -> None:
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


@pytest.mark.parametrize("po", sorted(ROOT.glob("**/locale/fa/LC_MESSAGES/*.po")), ids=str)
def test_every_persian_translation_is_filled_in(po: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def test_there_is_a_persian_catalogue() -> None:
    assert list(ROOT.glob("**/locale/fa/LC_MESSAGES/django.po"))
