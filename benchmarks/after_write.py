"""What a write costs the next reader of the stored dashboards: one block counted again.

    DATABASE_URL=... PEYGIR_DEBUG=0 PEYGIR_SSL_REDIRECT=0 DJANGO_SETTINGS_MODULE=peygir.settings \\
        PYTHONPATH=/path/to/tree .venv/bin/python benchmarks/after_write.py [URL] [--worker-at-work]

On a generated database whose stored rows are clean (run `peygir tallies_refresh` first), it
marks one block dirty as a service write does, five times over different blocks, and times
(1) counting it again (`dashboard_rows`), then (2) the dashboard at URL (the province's
fulfilment unless given) opened right after such a write, as `peygir bench`'s user, with no
recounter at work (it deletes the record of one), so the page counts the block itself. It
marks rows dirty: run it on a copy.

With `--worker-at-work` it then records a recount begun, as the worker's `tallies_refresh`
does each round, so the page takes the dirty block as stored and says so
(`tallies.freshness`), and then (3) times the page once more after a write. The worker then
counts the block; the page does not.
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
from peygir.tallies.freshness import recount_began  # noqa: E402
from peygir.tallies.models import Recount  # noqa: E402
from peygir.tallies.services import BLOCK_SIZE, tally_mark_dirty  # noqa: E402

RUNS = 5
# What the page says when it took rows awaiting the worker's count (tallies/_served.html).
WAITING = "تازه‌ترین تغییرها هنوز در حال شمارش‌اند"


def _block_write(n: int) -> None:
    tally_mark_dirty(resolution_ids=[(100 + 7 * n) * BLOCK_SIZE + 1])


def _summary(name: str, times: list[float]) -> None:
    shown = ", ".join(f"{t:.0f}" for t in times)
    print(f"{name:55} p50 {statistics.median(times):7.0f} ms  ({shown})")


def main(url: str, worker_at_work: bool) -> None:
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

    # No recounter at work (`tallies_refresh` records one, by hand too): the page counts.
    Recount.objects.all().delete()
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
    if not worker_at_work:
        return
    recount_began()
    served = []
    for n in range(2 * RUNS, 3 * RUNS):
        _block_write(n)
        started = time.perf_counter()
        response = client.get(url)
        served.append((time.perf_counter() - started) * 1000)
        assert WAITING in response.content.decode()  # served as stored, and said
    _summary(f"{url} right after a write, the worker at work", served)


if __name__ == "__main__":
    arguments = [argument for argument in sys.argv[1:] if not argument.startswith("--")]
    main(arguments[0] if arguments else "/staff/reports/", "--worker-at-work" in sys.argv)
