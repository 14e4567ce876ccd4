"""Measure the spreadsheet export and import at scale, on SQLite or PostgreSQL.

    .venv/bin/python benchmarks/spreadsheets.py [--resolutions 100000] [--create 10000]
    scripts/with-postgres .venv/bin/python benchmarks/spreadsheets.py --resolutions 100000

Builds a fresh database (a temporary SQLite file, or one beside the DATABASE_URL one), fills
it with `peygir generate`'s synthetic resolutions, then, as a secretariat clerk, times:

- the export of every resolution to .xlsx and to .csv (through the list's own queryset);
- the import of that .xlsx back: the preview (a dry run, rolled back) and the confirmed
  import, which must find every row unchanged and write nothing;
- the import of `--create` new rows (no tracking code) through the resolution services.

Prints JSON figures: seconds, rows per second, file sizes and the process's peak memory.
The export and the .xlsx no-op import are also the `spreadsheet` rows of `peygir bench`
(`peygir/spreadsheets/bench.py`); this script adds the .csv import and `--create`.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fresh_database import setup_fresh_database  # noqa: E402 (beside this script)


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _timed(figures: dict[str, Any], name: str, call: Any) -> Any:
    started, cpu = time.perf_counter(), time.process_time()
    result = call()
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu  # this process only: honest on a busy machine
    figures[name] = {
        "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu_seconds, 1),
        "peak_memory_mb": _peak_mb(),
    }
    print(f"{name}: {seconds:.1f} s ({cpu_seconds:.1f} s CPU)", file=sys.stderr, flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--resolutions", type=int, default=100_000)
    parser.add_argument("--create", type=int, default=10_000)
    args = parser.parse_args()
    setup_fresh_database()

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import translation

    from peygir.accounts.models import User
    from peygir.bench.generate import generate
    from peygir.resolutions.models import Resolution, ResolutionEvent, Source
    from peygir.spreadsheets import exporting
    from peygir.spreadsheets.columns import COLUMNS, headers
    from peygir.spreadsheets.importer import CREATE, UNCHANGED, import_resolutions
    from peygir.spreadsheets.tests.helpers import export_rows, xlsx
    from peygir.workspace.selectors import ResolutionFilter, resolutions_filtered

    translation.activate("fa")
    settings.PEYGIR_IMPORT_MAX_ROWS = max(args.resolutions, args.create) + 1
    settings.PEYGIR_IMPORT_MAX_BYTES = 1024 * 1024 * 1024
    call_command("migrate", verbosity=0)
    figures: dict[str, Any] = {"database": connection.vendor, "resolutions": args.resolutions}
    _timed(
        figures,
        "generate",
        lambda: generate(resolutions=args.resolutions, actions_per_resolution=1),
    )
    clerk = User.objects.create_superuser(username="bench-spreadsheets", password="x-bench-1")
    everything = resolutions_filtered(clerk, ResolutionFilter())

    content = _timed(figures, "export_xlsx", lambda: exporting.xlsx_bytes(everything, "مصوبات"))
    figures["export_xlsx"]["megabytes"] = round(len(content) / 1e6, 1)
    csv_bytes = _timed(figures, "export_csv", lambda: b"".join(exporting.csv_chunks(everything)))
    figures["export_csv"]["megabytes"] = round(len(csv_bytes) / 1e6, 1)

    events = ResolutionEvent.objects.count()
    preview = _timed(
        figures,
        "import_xlsx_preview",
        lambda: import_resolutions(actor=clerk, content=content, commit=False),
    )
    figures["import_xlsx_preview"]["rows"] = len(preview.rows)
    figures["import_xlsx_preview"]["unchanged"] = preview.count(UNCHANGED)
    figures["import_xlsx_preview"]["errors"] = len(preview.error_rows)
    confirmed = _timed(
        figures,
        "import_xlsx_confirm_noop",
        lambda: import_resolutions(actor=clerk, content=content, commit=True),
    )
    figures["import_xlsx_confirm_noop"]["unchanged"] = confirmed.count(UNCHANGED)
    figures["import_csv_confirm_noop"] = {}
    again = _timed(
        figures,
        "import_csv_confirm_noop",
        lambda: import_resolutions(actor=clerk, content=csv_bytes, commit=True),
    )
    figures["import_csv_confirm_noop"]["unchanged"] = again.count(UNCHANGED)
    figures["events_written_by_noop_imports"] = ResolutionEvent.objects.count() - events

    if args.create:
        template = export_rows(content)[1 : args.create + 1]
        source = Source.objects.order_by("pk").first()
        assert source is not None
        rows = [headers()]
        index = {column.key: i for i, column in enumerate(COLUMNS)}
        for number, row in enumerate(template):
            row = list(row)
            row[index["tracking_code"]] = ""
            row[index["title"]] = f"مصوبه‌ی واردشده شماره {number}"
            row[index["source"]] = source.code
            row[index["status"]] = "ابلاغ‌شده" if row[index["responsible_body"]] else "ثبت‌شده"
            row[index["progress"]] = 0
            row[index["status_reason"]] = ""
            row[index["visibility"]] = "داخلی"
            row[index["original_deadline"]] = row[index["deadline"]]
            rows.append(row)
        new_file = xlsx(rows)
        before = Resolution.objects.count()
        created = _timed(
            figures,
            "import_create",
            lambda: import_resolutions(actor=clerk, content=new_file, commit=True),
        )
        figures["import_create"].update(
            rows=args.create,
            created=created.count(CREATE),
            errors=[r.errors for r in created.error_rows[:3]],
            written=Resolution.objects.count() - before,
        )
    for figure in figures.values():
        if isinstance(figure, dict) and figure.get("seconds"):
            rows_done = figure.get("rows") or figure.get("unchanged") or args.resolutions
            figure["rows_per_second"] = round(rows_done / figure["seconds"])
    print(json.dumps(figures, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
