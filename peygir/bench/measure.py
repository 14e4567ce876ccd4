"""Measure server time of the main pages, the sweep, memory, and throughput under load.

Pages are timed in-process with Django's test client (server time only, no network), each
request repeated to give p50 and p95. The load test starts gunicorn with the production
settings on a loopback port and drives it from threads for a bounded time.
"""

import os
import resource
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.test import Client

from peygir.accounts.models import Membership, Role, User
from peygir.organizations.models import Organization
from peygir.places.models import Place, PlaceKind
from peygir.resolutions.choices import Visibility
from peygir.resolutions.models import Resolution


@dataclass
class Timing:
    name: str
    p50_ms: float
    p95_ms: float
    runs: int
    note: str = ""


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def time_call(name: str, call: Callable[[], Any], runs: int) -> Timing:
    call()  # warm caches and connections once
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    p50, p95 = _percentiles(samples)
    return Timing(name, round(p50, 1), round(p95, 1), runs)


def _bench_user() -> User:
    user, _ = User.objects.get_or_create(username="bench-secretariat")
    organization = Organization.objects.filter(code="GOV-QM-SEC").first()
    if organization is not None:
        Membership.objects.get_or_create(
            user=user, organization=organization, role=Role.SECRETARIAT
        )
    return user


def _getter(client: Client, url: str) -> Callable[[], Any]:
    return lambda: client.get(url)


def page_timings(runs: int) -> list[Timing]:
    settings.DEBUG = False  # no query logging while measuring
    staff = Client()
    staff.force_login(_bench_user())
    public = Client()
    resolution = Resolution.objects.order_by("-id").first()
    promise = Resolution.objects.filter(visibility=Visibility.PUBLIC).order_by("-id").first()
    county = Place.objects.filter(kind=PlaceKind.COUNTY, code__startswith="QM-").first()
    pages: list[tuple[str, Client, str]] = [
        ("staff list, filtered", staff, "/staff/resolutions/?status=in_progress&flag=overdue"),
        ("staff search", staff, "/staff/resolutions/?q=آسفالت راه"),
        ("resolution page", staff, f"/staff/resolutions/{resolution.pk if resolution else 0}/"),
        ("province overview", staff, "/staff/overview/"),
        ("portal county page", public, f"/places/{county.code if county else 'x'}/"),
        ("portal promise page", public, f"/promises/{promise.tracking_code if promise else 'x'}/"),
        ("API list page", staff, "/api/v1/resolutions/?page=2"),
    ]
    timings = []
    for name, client, url in pages:
        status = client.get(url).status_code
        timing = time_call(name, _getter(client, url), runs)
        timing.note = f"HTTP {status}"
        timings.append(timing)
    return timings


def sweep_timing() -> list[Timing]:
    """Time a first pass, a pass when nothing changed, and the next day's pass.

    The first pass on fresh data reads every resolution and takes every step owed (each
    with its Persian email rendered); later passes read only what came due.
    """
    import datetime

    from django.utils import timezone

    from peygir.followup.sweep import sweep

    def once(name: str, day: datetime.date) -> Timing:
        started = time.perf_counter()
        summary = sweep(today=day)
        elapsed = round((time.perf_counter() - started) * 1000, 1)
        steps = int(str(summary["reminders"])) + int(str(summary["escalations"]))
        return Timing(name, elapsed, elapsed, 1, f"read {summary['examined']}, steps {steps}")

    today = timezone.localdate()
    try:
        first = once("sweep, first pass", today)
    except Exception as error:  # the sweep belongs to the follow-up app; report, don't fail
        return [Timing("sweep", 0, 0, 0, f"not run: {error}")]
    unchanged = time_call("sweep, nothing changed", lambda: sweep(today=today), 3)
    unchanged.note = f"read {sweep(today=today)['examined']}"
    return [first, unchanged, once("sweep, next day", today + datetime.timedelta(days=1))]


def peak_memory_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def load_test(seconds: float, threads: int) -> dict[str, Any]:
    """Drive the public promise page on gunicorn (production settings) from threads."""
    promise = Resolution.objects.filter(visibility=Visibility.PUBLIC).order_by("-id").first()
    if promise is None:
        return {"note": "no public promise to load"}
    port = _free_port()
    env = {
        **os.environ,
        "PEYGIR_DEBUG": "0",
        "PEYGIR_SECRET_KEY": "bench-only-secret-key-" + "k" * 40,
        "PEYGIR_ALLOWED_HOSTS": "127.0.0.1",
        "PEYGIR_SSL_REDIRECT": "0",
    }
    if connection.vendor == "sqlite":
        env["PEYGIR_SQLITE_PATH"] = str(settings.DATABASES["default"]["NAME"])
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "peygir.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/promises/{promise.tracking_code}/"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        counts = {"ok": 0, "errors": 0}
        lock = threading.Lock()
        stop = time.monotonic() + seconds

        def worker() -> None:
            while time.monotonic() < stop:
                try:
                    with urllib.request.urlopen(url, timeout=10) as response:
                        response.read()
                        ok = response.status == 200
                except OSError:
                    ok = False
                with lock:
                    counts["ok" if ok else "errors"] += 1

        pool = [threading.Thread(target=worker) for _ in range(threads)]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
        return {
            "requests_per_second": round(counts["ok"] / seconds, 1),
            "errors": counts["errors"],
            "threads": threads,
            "seconds": seconds,
        }
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
