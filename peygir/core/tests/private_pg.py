"""A PostgreSQL cluster of a test's own, which the test may stop and start at will.

The suite's shared cluster (scripts/with-postgres) serves both xdist workers, so stopping it
would break the other worker's tests. Fault and load tests use this one instead: initdb into
a temporary directory (as the postgres user when running as root), a free port, no fsync.
Migrating takes seconds, so each test process migrates one template database once and every
test gets a fresh copy of it (`CREATE DATABASE … TEMPLATE`, a file copy).
"""

import atexit
import contextlib
import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings

TEMPLATE = "peygir_template"


def _pg_bin() -> Path | None:
    configured = os.environ.get("PEYGIR_PG_BIN")
    if configured:
        return Path(configured)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    return Path(found[-1]) if found else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# These tests run in the PostgreSQL pass only: one pass is enough for a private cluster, and
# the SQLite pass stays fast.
needs_private_postgres = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="runs in the PostgreSQL pass (a private cluster the test stops and starts)",
    ),
]


class Cluster:
    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.dir = Path(tempfile.mkdtemp(prefix="peygir-fault-pg."))
        self.data = self.dir / "data"
        self.port = free_port()
        self.as_owner: list[str] = []
        self.scene: dict[str, Any] = {}
        if os.geteuid() == 0:
            # initdb and pg_ctl refuse to run as root: the cluster belongs to postgres.
            shutil.chown(self.dir, "postgres")
            self.as_owner = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_owner, *args], check=True, capture_output=True, timeout=60)

    def init(self) -> None:
        self._run(
            str(self.bin / "initdb"),
            *("-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8"),
            *("--locale=C.UTF-8", "--no-sync"),
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            str(self.bin / "pg_ctl"),
            *("-D", str(self.data), "-w", "-l", str(self.dir / "log"), "-o", options, "start"),
        )

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def sql(self, query: str, database: str = "postgres") -> list[tuple[object, ...]]:
        with psycopg.connect(self.url(database), autocommit=True) as conn:
            cursor = conn.execute(query.encode())
            return cursor.fetchall() if cursor.description else []

    def fresh_database(self, name: str) -> str:
        """Copy the migrated template into a new database; return its URL."""
        self.sql(f'CREATE DATABASE "{name}" TEMPLATE {TEMPLATE}')
        return self.url(name)


def peygir_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a Peygir process pointed at `database_url`."""
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return {**env, **extra}


def peygir_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "peygir.manage", *args]


SEED = """
import json, django
django.setup()
from django.core.management import call_command
from peygir.bench.load import seed
call_command("migrate", verbosity=0)
scene = seed(staff=1, resolutions=1)
pk, code = scene.resolutions[0]
print(json.dumps({"pk": pk, "code": code, "token": scene.tokens[0]}))
"""


@cache
def cluster() -> Cluster:
    """Start this process's private cluster with a migrated, seeded template (once).

    The template holds one staff user with an API token and one public promise
    (`peygir.bench.load.seed`); `cluster().scene` names them.
    """
    bin_dir = _pg_bin()
    if bin_dir is None or not (bin_dir / "initdb").exists():
        pytest.skip("PostgreSQL binaries not found; run scripts/ensure-system-packages")
    private = Cluster(bin_dir)
    atexit.register(private.remove)
    private.init()
    private.start()
    private.sql(f"CREATE DATABASE {TEMPLATE}")
    # One process migrates and seeds: each Django start costs seconds.
    done = subprocess.run(
        [sys.executable, "-c", SEED],
        env=peygir_env(private.url(TEMPLATE), DJANGO_SETTINGS_MODULE="peygir.settings"),
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    private.scene = json.loads(done.stdout.strip().splitlines()[-1])
    return private
