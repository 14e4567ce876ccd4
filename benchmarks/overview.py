"""Time the province overview (/staff/overview/) as the secretariat sees it.

    PEYGIR_SQLITE_PATH=var/x.sqlite3 .venv/bin/python benchmarks/overview.py [--runs 20]
    .venv/bin/python benchmarks/overview.py --generate 20000      # a fresh database
    scripts/with-postgres .venv/bin/python benchmarks/overview.py --generate 100000

On the database named by the environment (or, with --generate, a fresh one filled by
`peygir generate`), times with Django's test client (server time, as `peygir bench` does):

- first: the first request (with stored tallies: every row counted, e.g. the first of a day);
- clean: repeated requests with nothing written in between;
- after a write: each request follows one real service write (a follow-up date changed,
  which marks that resolution's block and county dirty).

Prints JSON: milliseconds (p50, p95) of wall time and of this process's CPU time (SQLite
runs in the process, so CPU is the honest figure on a busy machine), the load average.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50_ms": round(statistics.median(ordered) * 1000, 1), "p95_ms": round(p95 * 1000, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--generate", type=int, default=0)
    args = parser.parse_args()
    if args.generate:
        from fresh_database import setup_fresh_database  # beside this script

        setup_fresh_database("peygir_overview")
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from peygir.bench.generate import generate

        generate(resolutions=args.generate)
    else:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peygir.settings")
        import django

        django.setup()

    from django.conf import settings
    from django.test import Client

    from peygir.bench.measure import _bench_user
    from peygir.resolutions import services
    from peygir.resolutions.models import Resolution

    settings.DEBUG = False
    user = _bench_user()
    client = Client()
    client.force_login(user)
    url = "/staff/overview/"

    cpu: dict[str, list[float]] = {}

    def get(kind: str = "first") -> float:
        started, process = time.perf_counter(), time.process_time()
        status = client.get(url).status_code
        assert status == 200, status
        # This process's CPU (SQLite runs in it): honest when the machine is busy.
        cpu.setdefault(kind, []).append(time.process_time() - process)
        return time.perf_counter() - started

    figures: dict[str, Any] = {
        "resolutions": Resolution.objects.count(),
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
    }
    figures["first_ms"] = round(get() * 1000, 1)
    figures["clean"] = _percentiles([get("clean") for _ in range(args.runs)])
    ids = list(Resolution.objects.order_by("?").values_list("pk", flat=True)[: args.runs])
    samples = []
    for pk in ids:
        resolution = Resolution.objects.get(pk=pk)
        day = resolution.next_followup_date or datetime.date(2026, 1, 1)
        services.resolution_update_details(
            actor=user,
            resolution=resolution,
            expected_version=resolution.version,
            next_followup_date=day + datetime.timedelta(days=1),
        )
        samples.append(get("after_a_write"))
    figures["after_a_write"] = _percentiles(samples)
    figures["cpu"] = {kind: _percentiles(values) for kind, values in cpu.items()}
    figures["loadavg"] = Path("/proc/loadavg").read_text().split()[:3]
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
