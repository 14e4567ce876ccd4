"""Time any staff pages in-process, as `peygir bench`'s user, for A/B runs of two trees.

    DATABASE_URL=... PEYGIR_DEBUG=0 PEYGIR_SSL_REDIRECT=0 DJANGO_SETTINGS_MODULE=peygir.settings \\
        PYTHONPATH=/path/to/tree .venv/bin/python benchmarks/views.py URL [URL ...]

Each URL is viewed twice to warm up, then RUNS times (20 unless set in the environment)
with Django's test client, DEBUG off; it prints the status, p50 and p95 in ms. Alternate
the trees in the same minutes: this machine's speed drifts by a fifth within an hour.
"""

import os
import statistics
import sys
import time

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from peygir.bench.measure import _bench_user  # noqa: E402


def main(urls: list[str]) -> None:
    settings.DEBUG = False  # no query logging while measuring
    client = Client()
    client.force_login(_bench_user())
    runs = int(os.environ.get("RUNS", "20"))
    for url in urls:
        client.get(url)
        client.get(url)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            status = client.get(url).status_code
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p95 = times[max(0, round(len(times) * 0.95) - 1)]
        print(f"{url:50} HTTP {status}  p50 {statistics.median(times):7.1f}  p95 {p95:7.1f} ms")


if __name__ == "__main__":
    main(sys.argv[1:])
