"""Time any staff pages in-process, as `peygir bench`'s user, for A/B runs of two trees.

    DATABASE_URL=... PEYGIR_DEBUG=0 PEYGIR_SSL_REDIRECT=0 DJANGO_SETTINGS_MODULE=peygir.settings \\
        PYTHONPATH=/path/to/tree .venv/bin/python benchmarks/views.py URL [URL ...]

Each URL is viewed twice to warm up, then RUNS times (20 unless set in the environment)
with Django's test client, DEBUG off, as `peygir bench`'s user (or the user WHO names); it
prints the status, p50 and p95 in ms. With FIRST_VIEW=1 the process's cache is emptied
before each view, so a dashboard counted live is counted every time (`reports.kept` keeps
it otherwise), and one stored is read from its rows (the process keeps what it read).
Alternate the trees in the same minutes: this machine's speed drifts by a fifth within an
hour.
"""

import os
import statistics
import sys
import time

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.test import Client  # noqa: E402

from peygir.accounts.models import User  # noqa: E402
from peygir.bench.measure import _bench_user  # noqa: E402
from peygir.core.serving import settle_for_serving  # noqa: E402
from peygir.tallies import dashboards as tallied  # noqa: E402


def main(urls: list[str]) -> None:
    settings.DEBUG = False  # no query logging while measuring
    settle_for_serving()  # as gunicorn's workers are (peygir/wsgi.py)
    client = Client()
    who = os.environ.get("WHO")
    client.force_login(User.objects.get(username=who) if who else _bench_user())
    runs = int(os.environ.get("RUNS", "20"))
    first_view = os.environ.get("FIRST_VIEW") == "1"
    for url in urls:
        client.get(url)
        client.get(url)
        times = []
        for _ in range(runs):
            if first_view:
                cache.clear()
                # and what this process read of the stored tallies' rows: as a worker that
                # has not opened this dashboard since its rows were counted
                tallied._KEPT.clear()
                tallied._FOLDED.clear()
            started = time.perf_counter()
            status = client.get(url).status_code
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p95 = times[max(0, round(len(times) * 0.95) - 1)]
        print(f"{url:50} HTTP {status}  p50 {statistics.median(times):7.1f}  p95 {p95:7.1f} ms")


if __name__ == "__main__":
    main(sys.argv[1:])
