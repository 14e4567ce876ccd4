"""Project-wide checks: migrations are complete and every Persian translation is filled in."""

import gettext
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration() -> None:
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


@pytest.mark.django_db
def test_the_system_checks_warn_of_nothing() -> None:
    """On either database: a warning here is printed by every command that runs the checks
    (an index with included columns warned on SQLite, which cannot have them)."""
    call_command("check", fail_level="WARNING", stdout=StringIO())


@pytest.mark.parametrize("po", sorted(ROOT.glob("**/locale/fa/LC_MESSAGES/*.po")), ids=str)
def test_every_persian_translation_is_filled_in(po: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def _catalogue(po: Path, tmp_path: Path) -> dict[object, object]:
    """A catalogue's translations by msgid, as gettext reads them once compiled."""
    mo = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(mo), str(po)], check=True)
    with mo.open("rb") as handle:
        return gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined,no-any-return]


def test_there_is_a_persian_catalogue() -> None:
    assert list(ROOT.glob("**/locale/fa/LC_MESSAGES/django.po"))


def test_no_english_phrase_means_two_things_in_persian(tmp_path: Path) -> None:
    """Django merges every app's catalogue into one, and the first app listed wins: the same
    English msgid translated two ways in two apps shows the wrong Persian on one app's pages.
    Give the two meanings a msgctxt (`pgettext`, `{% translate "…" context "…" %}`), or
    agree on one translation."""
    translations: dict[str, dict[str, str]] = {}
    for po in sorted(ROOT.glob("**/locale/fa/LC_MESSAGES/django.po")):
        app = po.relative_to(ROOT).parts[0]
        for msgid, msgstr in _catalogue(po, tmp_path).items():
            if msgid:
                translations.setdefault(str(msgid), {})[app] = str(msgstr)
    clashes = {msgid: apps for msgid, apps in translations.items() if len(set(apps.values())) > 1}
    assert not clashes, clashes


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


def test_every_model_and_field_name_has_its_persian() -> None:
    """The admin and the forms show these names: one missing from an app's catalogue shows
    in English (four of the sweep's did, after its due day moved between apps)."""
    from django.apps import apps
    from django.contrib.contenttypes.fields import GenericForeignKey
    from django.db.models import Field
    from django.utils import translation

    untranslated = []
    for model in apps.get_models():
        if not model.__module__.startswith("peygir."):
            continue
        names = [model._meta.verbose_name, model._meta.verbose_name_plural]
        names += [
            field.verbose_name
            for field in model._meta.get_fields()
            # A generic key is no form field and takes no name of its own.
            if isinstance(field, Field)
            and not isinstance(field, GenericForeignKey)
            and not field.auto_created
        ]
        for name in names:
            with translation.override("en"):
                english = str(name)
            with translation.override("fa"):
                persian = str(name)
            if persian == english and any("a" <= c.lower() <= "z" for c in english):
                untranslated.append(f"{model._meta.label}: {english}")
    assert untranslated == []


@pytest.mark.parametrize("po", sorted(ROOT.glob("**/locale/fa/LC_MESSAGES/*.po")), ids=str)
def test_no_persian_translation_says_its_sentence_twice(po: Path, tmp_path: Path) -> None:
    """A translation pasted after the old one instead of over it (two of the needs' did):
    the page then shows the sentence twice."""
    doubled = []
    for msgid, msgstr in _catalogue(po, tmp_path).items():
        text = str(msgstr)
        half, rest = divmod(len(text), 2)
        if msgid and len(text) > 40 and not rest and text[:half] == text[half:]:
            doubled.append(str(msgid))
    assert doubled == []
