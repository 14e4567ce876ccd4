"""A long pass shared among forked processes takes the same steps and stores the same due
days as one process, on a real database of its own: a SQLite file in the SQLite pass (the
tests' own database lives in memory, where the pass cannot fork), a fresh database on the
private cluster in the PostgreSQL pass. Each side runs as a separate `peygir` process on
the same generated data."""

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from django.conf import settings

from peygir.core.tests.private_pg import cluster, peygir_command, peygir_env

ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]

# Chunks of five, so that 200 resolutions make a pass long enough to share; then what the
# pass left in the database.
SWEEP = """
import json
from peygir.followup import sweep as sweeping
from peygir.followup.models import SweepDue, SweepStep
from peygir.resolutions.models import ResolutionEvent
sweeping.CHUNK = 5
sweeping.PARALLEL_FROM = 2
summary = sweeping.sweep(processes={processes})
steps = SweepStep.objects.order_by("resolution_id", "condition", "period", "level")
due = SweepDue.objects.order_by("pk").values_list("pk", "due_on")
print(json.dumps({{
    "summary": summary,
    "steps": [list(s) for s in steps.values_list("resolution", "condition", "period", "level")],
    "runs": steps.values("run").distinct().count(),
    "due": [[pk, str(day)] for pk, day in due],
    "events": ResolutionEvent.objects.filter(kind__in=["reminded", "escalated"]).count(),
}}))
"""


def _run(env: dict[str, str], *args: str) -> Any:
    done = subprocess.run(
        peygir_command(*args), env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else None


def _twin_databases(tmp_path: Path) -> list[dict[str, str]]:
    """Two databases holding the same generated data (the second a copy of the first)."""
    if ON_POSTGRES:
        private = cluster()
        first = peygir_env(private.fresh_database("sweep_processes_1"))
        _run(first, "generate", "--resolutions", "200")
        private.sql('CREATE DATABASE "sweep_processes_2" TEMPLATE "sweep_processes_1"')
        return [first, peygir_env(private.url("sweep_processes_2"))]
    envs = []
    for name in ("one", "two"):
        env = peygir_env("", PEYGIR_SQLITE_PATH=str(tmp_path / f"{name}.sqlite3"))
        env.pop("DATABASE_URL")
        envs.append(env)
    _run(envs[0], "migrate", "--no-input", "-v", "0")
    _run(envs[0], "generate", "--resolutions", "200")
    shutil.copy(tmp_path / "one.sqlite3", tmp_path / "two.sqlite3")  # closed: no WAL left
    return envs


def test_two_processes_take_what_one_takes(tmp_path: Path) -> None:
    one_env, two_env = _twin_databases(tmp_path)
    one = _run(one_env, "shell", "-c", SWEEP.format(processes=1))
    two = _run(two_env, "shell", "-c", SWEEP.format(processes=2))
    assert (one["summary"]["processes"], two["summary"]["processes"]) == (1, 2)
    assert one["steps"] and one["events"] == len(one["steps"])
    assert two["steps"] == one["steps"]
    assert two["due"] == one["due"]
    assert two["events"] == one["events"]
    assert one["runs"] == two["runs"] == 1
    for key in ("examined", "found", "reminders", "escalations"):
        assert two["summary"][key] == one["summary"][key], key
