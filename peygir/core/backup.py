"""Online backup and restore of the embedded SQLite database.

SQLite's backup API copies a consistent snapshot while the site keeps running (readers and
the WAL writer are not blocked), which a plain file copy of a WAL database cannot promise.
PostgreSQL deployments use pg_dump / pg_restore instead (docs/operations.md).
"""

import sqlite3
from pathlib import Path

from django.conf import settings
from django.db import connections


class BackupError(Exception):
    """Raised when a backup or restore cannot be done; the message is for the operator."""


def _sqlite_path(alias: str = "default") -> Path:
    database = settings.DATABASES[alias]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        raise BackupError(
            "peygir backup/restore handle SQLite only; use pg_dump and pg_restore for "
            "PostgreSQL (see docs/operations.md)."
        )
    return Path(database["NAME"])


def _check_integrity(connection: sqlite3.Connection) -> None:
    result = connection.execute("PRAGMA integrity_check").fetchone()
    if not result or result[0] != "ok":
        raise BackupError(f"integrity check failed: {result}")


def backup_sqlite(target: Path, *, alias: str = "default") -> Path:
    """Copy a consistent snapshot of the live database to `target` and verify it."""
    source_path = _sqlite_path(alias)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file name.")
    with sqlite3.connect(source_path) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
        _check_integrity(copy)
    return target


def restore_sqlite(backup: Path, *, alias: str = "default") -> Path:
    """Replace the live database with `backup`, after checking that the backup is sound."""
    if not backup.exists():
        raise BackupError(f"{backup} does not exist.")
    with sqlite3.connect(backup) as candidate:
        _check_integrity(candidate)
    live_path = _sqlite_path(alias)
    connections[alias].close()
    with sqlite3.connect(backup) as candidate, sqlite3.connect(live_path) as live:
        # The backup API writes page by page into the live file under its own lock, so the
        # WAL and any open readers stay consistent; nothing is half-restored on failure.
        candidate.backup(live)
    return live_path
