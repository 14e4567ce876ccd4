"""`peygir backup` and `peygir restore` round-trip a live SQLite database exactly."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


def peygir(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "peygir.manage", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return list(connection.iterdump())


@pytest.mark.skipif("DATABASE_URL" in os.environ, reason="SQLite backup; PostgreSQL uses pg_dump")
def test_backup_then_restore_gives_back_the_same_database(tmp_path: Path) -> None:
    database = tmp_path / "live.sqlite3"
    env = {**os.environ, "PEYGIR_SQLITE_PATH": str(database), "PEYGIR_VAR_DIR": str(tmp_path)}
    peygir(env, "migrate", "-v", "0")
    peygir(env, "load_reference")
    original = dump(database)
    backup = tmp_path / "backup.sqlite3"
    peygir(env, "backup", str(backup))
    assert dump(backup) == original

    with sqlite3.connect(database) as connection:  # damage the live data after the backup
        connection.execute("DELETE FROM resolutions_category")
    assert dump(database) != original

    peygir(env, "restore", str(backup))
    assert dump(database) == original


def test_backup_refuses_to_overwrite(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PEYGIR_SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "PEYGIR_VAR_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    (tmp_path / "exists.sqlite3").write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "-m", "peygir.manage", "backup", str(tmp_path / "exists.sqlite3")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "already exists" in result.stderr
