"""Time the dashboards of peygir.reports over N synthetic resolutions, SQLite or PostgreSQL.

    .venv/bin/python benchmarks/reports.py --resolutions 100000
    scripts/with-postgres .venv/bin/python benchmarks/reports.py --resolutions 100000

Builds a fresh database (a temporary SQLite file, or a new database beside the
DATABASE_URL one), writes N resolutions with `peygir.bench.generate` (places, sources,
events, five follow-up actions each and the replies to most letters), adds funding lines
and «done» events with `peygir.reports.bench.top_up`, then prints JSON: how long generation
took, and p50/p95 server time and query count of each dashboard for a province-wide deputy
and a county governorate.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fresh_database import setup_fresh_database  # noqa: E402 (beside this script)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--resolutions", type=int, default=100_000)
    parser.add_argument("--actions-per", type=int, default=5)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup_fresh_database("peygir_reports")
    from django.core.management import call_command
    from django.db import connection

    from peygir.bench.generate import generate
    from peygir.reports.bench import dashboard_timings, top_up

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    generated = generate(resolutions=args.resolutions, actions_per_resolution=args.actions_per)
    generation_s = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    added = top_up()
    top_up_s = round(time.perf_counter() - started, 1)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    timings = dashboard_timings(args.runs)
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "resolutions": args.resolutions,
                "generated": generated.counts,
                "generation_s": generation_s,
                "top_up": added,
                "top_up_s": top_up_s,
                "timings": [t.__dict__ for t in timings],
            },
            ensure_ascii=False,
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
