import json
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from peygir.bench import measure
from peygir.core.serving import settle_for_serving
from peygir.reports import bench as reports_bench
from peygir.resolutions.models import Resolution
from peygir.spreadsheets import bench as spreadsheets_bench

SECTIONS = ["pages", "sweep", "dashboards", "spreadsheets", "load"]


class Command(BaseCommand):
    help = "Measure page times (p50/p95), the sweep, memory and load; print a table."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--resolutions",
            type=int,
            default=0,
            help="Generate synthetic resolutions first until the database holds this many",
        )
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--load-seconds", type=float, default=10.0)
        parser.add_argument("--load-threads", type=int, default=8)
        parser.add_argument(
            "--spreadsheet-rows",
            type=int,
            default=None,
            help="Rows to export and import back (default: min(100 000, resolutions); 0: none)",
        )
        parser.add_argument(
            "--only",
            action="append",
            choices=SECTIONS,
            help="Measure only this section (repeatable); a national run may skip the slow ones",
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        missing = options["resolutions"] - Resolution.objects.count()
        if missing > 0:
            call_command("generate", resolutions=missing, index=True, stdout=self.stdout)
        wanted = set(options["only"] or SECTIONS)
        # Measure as production runs: with DEBUG on, Django formats every statement for
        # its query log, which was a quarter of a sweep's first pass at a million.
        settings.DEBUG = False
        settle_for_serving()  # as gunicorn's workers are (peygir/wsgi.py)
        timings = []
        if "pages" in wanted:
            timings += measure.page_timings(options["runs"])
        if "sweep" in wanted:
            timings += measure.sweep_timing()
        if "dashboards" in wanted:
            timings += reports_bench.bench_timings(options["runs"])  # peygir.reports
        if "spreadsheets" in wanted:
            timings += spreadsheets_bench.bench_timings(options["spreadsheet_rows"])
        load = (
            measure.load_test(options["load_seconds"], options["load_threads"])
            if "load" in wanted
            else {}
        )
        report = {
            "database": connection.vendor,
            "resolutions": Resolution.objects.count(),
            "timings": [timing.__dict__ for timing in timings],
            "peak_memory_mb": measure.peak_memory_mb(),
            "load": load,
        }
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
            return
        self.stdout.write(f"database: {report['database']}, resolutions: {report['resolutions']}")
        self.stdout.write(f"{'measure':28} {'p50 ms':>9} {'p95 ms':>9} {'runs':>5}  note")
        for timing in timings:
            self.stdout.write(
                f"{timing.name:28} {timing.p50_ms:9.1f} {timing.p95_ms:9.1f} "
                f"{timing.runs:5d}  {timing.note}"
            )
        self.stdout.write(f"peak memory: {report['peak_memory_mb']} MB")
        self.stdout.write(f"load on the promise page (gunicorn, 2 workers): {json.dumps(load)}")
