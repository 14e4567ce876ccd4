"""`peygir bench` runs whole at a small scale, so that it cannot rot between national runs.

It runs as a separate process, as by hand: it generates data into a database of its own,
then times every section, including gunicorn under load. Figures are printed, never
asserted; the test checks that every measure is there and that no request failed. The
SQLite pass uses a fresh file; the PostgreSQL pass a fresh database on a private cluster.
"""

import json
import subprocess
from pathlib import Path
from typing import Any

from django.conf import settings

from peygir.core.tests.private_pg import cluster, peygir_command, peygir_env

ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]

EXPECTED = [
    "staff list, filtered",
    "staff search",
    "resolution page",
    "province overview",
    "portal promise page",
    "API list page",
    "sweep, first pass",
    "sweep, nothing changed",
    "sweep, next day",
    "spreadsheet export xlsx",
    "spreadsheet import preview",
]


def _environment(tmp_path: Path) -> dict[str, str]:
    if ON_POSTGRES:
        return peygir_env(cluster().fresh_database("bench_small"))
    env = peygir_env("", PEYGIR_SQLITE_PATH=str(tmp_path / "bench.sqlite3"))
    env.pop("DATABASE_URL")
    return env


def _run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        peygir_command(*args), env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_the_whole_benchmark_runs_at_a_small_scale(tmp_path: Path) -> None:
    env = _environment(tmp_path)
    if not ON_POSTGRES:
        _run(env, "migrate", "--no-input", "-v", "0")
    output = _run(
        env,
        *("bench", "--resolutions", "120", "--runs", "2", "--spreadsheet-rows", "30"),
        *("--load-seconds", "1", "--load-threads", "2", "--json"),
    )
    report: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    assert report["database"] == ("postgresql" if ON_POSTGRES else "sqlite")
    assert report["resolutions"] == 120
    names = " | ".join(timing["name"] for timing in report["timings"])
    for expected in EXPECTED:
        assert expected in names, f"{expected!r} missing from: {names}"
    assert not [t for t in report["timings"] if t["note"].startswith("not run")], names
    pages = [t for t in report["timings"] if t["note"].startswith("HTTP")]
    assert [t["note"] for t in pages] == ["HTTP 200"] * len(pages) and pages, pages
    assert report["peak_memory_mb"] > 0
    assert report["load"]["errors"] == 0, report["load"]
    assert report["load"]["requests"] > 0, report["load"]
