"""Shared by the benchmark scripts: set Django up on a database made for this run only.

Without DATABASE_URL, a new SQLite file in a temporary directory; with it, a new PostgreSQL
database beside the one named, so that a benchmark never touches real data.
"""

import os
import tempfile
from pathlib import Path


def setup_fresh_database(prefix: str = "peygir_bench") -> None:
    url = os.environ.get("DATABASE_URL")
    if not url:
        os.environ["PEYGIR_SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    else:
        import psycopg

        base, _, _name = url.rpartition("/")
        bench = f"{prefix}_{os.getpid()}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{bench}"')
        os.environ["DATABASE_URL"] = f"{base}/{bench}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peygir.settings")
    import django

    django.setup()
