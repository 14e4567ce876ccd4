"""What a write costs the next reader of the stored dashboards: one block counted again.

    DATABASE_URL=... PEYGIR_DEBUG=0 PEYGIR_SSL_REDIRECT=0 DJANGO_SETTINGS_MODULE=peygir.settings \\
        PYTHONPATH=/path/to/tree .venv/bin/python benchmarks/after_write.py [URL]

On a generated database whose stored rows are clean (run `peygir tallies_refresh` first), it
marks one block dirty as a service write does, five times over different blocks, and times
(1) counting it again (`dashboard_rows`), then (2) the dashboard at URL (the province's
fulfilment unless given) opened right after such a write, as `peygir bench`'s user. It
marks rows dirty: run it on a copy.
"""

import statistics
import sys
import time

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from peygir.bench.measure import _bench_user  # noqa: E402
from peygir.tallies import dashboards as tallied  # noqa: E402
from peygir.tallies.services import BLOCK_SIZE, tally_mark_dirty  # noqa: E402

RUNS = 5


def _block_write(n: int) -> None:
    tally_mark_dirty(resolution_ids=[(100 + 7 * n) * BLOCK_SIZE + 1])


def _summary(name: str, times: list[float]) -> None:
    shown = ", ".join(f"{t:.0f}" for t in times)
    print(f"{name:55} p50 {statistics.median(times):7.0f} ms  ({shown})")


def main(url: str) -> None:
    settings.DEBUG = False  # no query logging while measuring
    today = timezone.localdate()
    tallied.dashboard_rows(today, read=False)
    counting = []
    for n in range(RUNS):
        _block_write(n)
        started = time.perf_counter()
        tallied.dashboard_rows(today, read=False)
        counting.append((time.perf_counter() - started) * 1000)
    _summary("one block counted again", counting)

    client = Client()
    client.force_login(_bench_user())
    client.get(url)
    client.get(url)
    viewing = []
    for n in range(RUNS, 2 * RUNS):
        _block_write(n)
        started = time.perf_counter()
        client.get(url)
        viewing.append((time.perf_counter() - started) * 1000)
    _summary(f"{url} right after a write", viewing)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/staff/reports/")
