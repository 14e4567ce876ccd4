"""Spreadsheet timings for `peygir bench` (issue 13: import and export of 100 000 rows).

As the bench's province-wide clerk, over the first `rows` resolutions of the staff list:
export them to .xlsx and to .csv, then import that .xlsx back, as the preview (a dry run) and
confirmed. Every row must come back unchanged, so the confirmed import writes nothing, and
the bench can run on any database. Each step runs once (at 100 k rows one run takes a while);
the note gives the rows per second, the file size, the queries and the process's peak memory.
"""

import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test import override_settings

from peygir.accounts.models import User
from peygir.bench import measure
from peygir.resolutions.models import Resolution
from peygir.spreadsheets import exporting
from peygir.spreadsheets.importer import UNCHANGED, ImportReport, import_resolutions
from peygir.workspace.selectors import ResolutionFilter, resolutions_filtered

DEFAULT_ROWS = 100_000


def default_rows() -> int:
    """min(100 000, the resolutions the database holds)."""
    return min(DEFAULT_ROWS, Resolution.objects.count())


def _once(name: str, call: Callable[[], Any]) -> tuple[Any, measure.Timing, int]:
    queries = 0

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        result = call()
        milliseconds = round((time.perf_counter() - started) * 1000, 1)
    return result, measure.Timing(name, milliseconds, milliseconds, 1), queries


def _note(rows: int, timing: measure.Timing, queries: int, extra: str = "") -> str:
    per_second = round(rows / max(timing.p50_ms / 1000, 1e-6))
    parts = [f"{rows} rows", f"{per_second} rows/s", f"{queries} queries"]
    if extra:
        parts.append(extra)
    parts.append(f"peak {measure.peak_memory_mb()} MB")
    return ", ".join(parts)


def _unchanged(report: ImportReport, rows: int) -> str:
    unchanged = report.count(UNCHANGED)
    if report.file_errors or unchanged != rows:
        errors = report.file_errors + [e for row in report.error_rows[:3] for e in row.errors]
        raise RuntimeError(
            f"the export did not import back unchanged: {unchanged}/{rows}, {errors}"
        )
    return f"{unchanged} unchanged"


def bench_timings(rows: int | None = None) -> list[measure.Timing]:
    """Time the export and the import of `rows` resolutions (default: `default_rows()`)."""
    rows = default_rows() if rows is None else min(rows, Resolution.objects.count())
    if rows <= 0:
        return []
    clerk = measure._bench_user()
    listed = resolutions_filtered(clerk, ResolutionFilter())
    queryset = listed.order_by("pk")[:rows]
    timings = []
    content, timing, queries = _once(
        "spreadsheet export xlsx", lambda: exporting.xlsx_bytes(queryset, "مصوبات")
    )
    timing.note = _note(rows, timing, queries, f"{len(content) / 1e6:.1f} MB")
    timings.append(timing)
    csv, timing, queries = _once(
        "spreadsheet export csv", lambda: b"".join(exporting.csv_chunks(queryset))
    )
    timing.note = _note(rows, timing, queries, f"{len(csv) / 1e6:.1f} MB")
    timings.append(timing)
    with override_settings(PEYGIR_IMPORT_MAX_ROWS=rows, PEYGIR_IMPORT_MAX_BYTES=1 << 30):
        for name, commit in [("preview", False), ("confirm", True)]:
            report, timing, queries = _once(
                f"spreadsheet import {name}", _importer(clerk, content, commit)
            )
            timing.note = _note(rows, timing, queries, _unchanged(report, rows))
            timings.append(timing)
    return timings


def _importer(clerk: User, content: bytes, commit: bool) -> Callable[[], ImportReport]:
    return lambda: import_resolutions(actor=clerk, content=content, commit=commit)
