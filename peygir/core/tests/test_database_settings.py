"""DATABASE_URL names PostgreSQL or a SQLite file; either way the database's own options hold."""

import json
import os
import subprocess
import sys
from pathlib import Path

SHOW = (
    "import json, django; django.setup(); from django.conf import settings; "
    "from django.db import connection; connection.ensure_connection(); "
    "d = settings.DATABASES['default']; "
    "print(json.dumps({'engine': d['ENGINE'], 'name': str(d['NAME']), 'options': d['OPTIONS']}))"
)


def _settings(**env: str) -> dict[str, object]:
    base = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "-c", SHOW],
        env={**base, "DJANGO_SETTINGS_MODULE": "peygir.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    shown: dict[str, object] = json.loads(result.stdout)
    return shown


def test_a_sqlite_url_opens_that_file_with_sqlites_options(tmp_path: Path) -> None:
    path = tmp_path / "named.sqlite3"
    shown = _settings(DATABASE_URL=f"sqlite:///{path}")
    assert shown["engine"] == "django.db.backends.sqlite3" and shown["name"] == str(path)
    options = shown["options"]
    assert isinstance(options, dict) and "journal_mode=WAL" in options["init_command"]
    assert "options" not in options  # PostgreSQL's: the SQLite driver refused to connect
    assert path.exists()


def test_a_postgres_url_turns_jit_off() -> None:
    base = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    code = (
        "from peygir.settings import DATABASES; import json; "
        "print(json.dumps(DATABASES['default']['OPTIONS']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**base, "DATABASE_URL": "postgres://someone@127.0.0.1:5/nothing"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout) == {"options": "-c jit=off"}
