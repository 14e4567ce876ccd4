"""Measure server time of the main pages, the sweep, memory, and throughput under load.

Pages are timed in-process with Django's test client (server time only, no network), each
request repeated to give p50 and p95. The load test starts gunicorn with the production
settings on a loopback port and drives it for a bounded time from wrk, or from processes of
Python where wrk is not installed.
"""

import http.client
import multiprocessing
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.test import Client, override_settings

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


@override_settings(DEBUG=False)  # no query logging while measuring; put back afterwards
def page_timings(runs: int) -> list[Timing]:
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
        # A query string is never served from the page cache: what a first view costs.
        (
            "portal county page, rendered",
            public,
            f"/places/{county.code if county else 'x'}/?page=1",
        ),
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


# wrk prints its own summary; this one line is what we read (latencies in microseconds).
_WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("PEYGIR-WRK %d %d %d %d %d %d %d %d %d\\n", summary.requests,
    summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95)))
end
"""


def _wrk(url: str, seconds: float, connections: int) -> dict[str, Any]:
    """Drive the URL with wrk (C, event loop): the client costs little beside the server."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(_WRK_REPORT)
        script.flush()
        command = [
            "wrk",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
        ]  # whole seconds only
        finished = subprocess.run(
            [*command, "--timeout", "10s", "-s", script.name, url],
            capture_output=True,
            text=True,
            check=False,
            timeout=seconds + 60,
        )
    lines = [row for row in finished.stdout.splitlines() if row.startswith("PEYGIR-WRK ")]
    if not lines:  # wrk could not even connect: every request it meant to make failed
        note = (finished.stderr or finished.stdout).strip()
        refused = {"errors": 1, "requests": 0, "note": note}
        return {"tool": "wrk", "requests_per_second": 0.0, "p50_ms": 0.0, "p95_ms": 0.0, **refused}
    line = lines[0]
    requests, duration, *errors, p50, p95 = (int(field) for field in line.split()[1:])
    failed = sum(errors)
    return {
        "tool": "wrk",
        "requests_per_second": round((requests - failed) / (duration / 1e6), 1),
        "p50_ms": round(p50 / 1000, 1),
        "p95_ms": round(p95 / 1000, 1),
        "errors": failed,
        "requests": requests,
    }


def _python_client(url: str, stop_at: float, results: Any) -> None:
    """One client process: GET the URL in a loop until stop_at; report latencies and errors."""
    parts = urllib.parse.urlsplit(url)
    latencies: list[float] = []
    errors = 0
    while time.monotonic() < stop_at:
        started = time.perf_counter()
        try:
            client = http.client.HTTPConnection(parts.netloc, timeout=10)
            client.request("GET", parts.path)
            response = client.getresponse()
            response.read()
            client.close()
            ok = response.status == 200
        except OSError:
            ok = False
        if ok:
            latencies.append(time.perf_counter() - started)
        else:
            errors += 1
    results.put((latencies, errors))


def _python_load(url: str, seconds: float, connections: int) -> dict[str, Any]:
    """The fallback without wrk: one process per connection (no GIL shared among clients)."""
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    started = time.monotonic()
    stop_at = started + seconds
    clients = [
        context.Process(target=_python_client, args=(url, stop_at, results))
        for _ in range(connections)
    ]
    with warnings.catch_warnings():
        # The clients only speak HTTP and put one result on the queue: forking beside the
        # caller's threads (a test server, the database driver's) is safe for them.
        warnings.filterwarnings("ignore", "This process .* is multi-threaded", DeprecationWarning)
        for client in clients:
            client.start()
    gathered = [results.get(timeout=seconds + 60) for _ in clients]
    for client in clients:
        client.join()
    elapsed = time.monotonic() - started
    latencies = [latency for found, _errors in gathered for latency in found]
    p50, p95 = _percentiles(latencies) if latencies else (0.0, 0.0)
    errors = sum(errors for _found, errors in gathered)
    return {
        "tool": "python",
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(p50, 1),
        "p95_ms": round(p95, 1),
        "errors": errors,
        "requests": len(latencies) + errors,
    }


def drive(url: str, seconds: float, connections: int, *, tool: str = "") -> dict[str, Any]:
    """GET the URL from `connections` concurrent clients for `seconds`: requests/s of 200s,
    p50/p95 latency and errors (anything but a 200). wrk when installed, else Python."""
    if (tool or ("wrk" if shutil.which("wrk") else "python")) == "wrk":
        return _wrk(url, seconds, connections)
    return _python_load(url, seconds, connections)


def _cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) of a process and its children now alive, from /proc."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ticks = 0
        for process in [str(pid), *children]:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
    except OSError:
        return None
    return ticks / os.sysconf("SC_CLK_TCK")


def _get(url: str, timeout: float) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            return bool(response.status == 200)
    except OSError:
        return False


def _warm(url: str, workers: int, server: subprocess.Popen[bytes]) -> bool:
    """Wait for the server, then let every worker render the page once (the first render of
    a worker, with its imports and templates, takes seconds on a busy machine)."""
    deadline = time.monotonic() + 60
    while not _get(url, 30):
        if server.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    for _ in range(3):
        pool = [threading.Thread(target=_get, args=(url, 60)) for _ in range(2 * workers)]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
    return True


def load_test(
    seconds: float, threads: int, *, workers: int = 2, tool: str = "", cached: bool = True
) -> dict[str, Any]:
    """Drive the public promise page on gunicorn (production settings) from `threads`
    concurrent clients: wrk when installed (scripts/ensure-system-packages wrk), else
    processes of Python. Each worker renders the page once before the clock starts.
    `cached=False` adds a query string, which the page cache never keeps: every request
    renders, as before the cache (the figure to compare with)."""
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
    command = [sys.executable, "-m", "gunicorn", "peygir.wsgi", "-b", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        [*command, "-w", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=None if os.environ.get("PEYGIR_BENCH_SERVER_LOG") else subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/promises/{promise.tracking_code}/"
    if not cached:
        url += "?uncached=1"
    try:
        if not _warm(url, workers, server):
            return {"note": f"gunicorn did not answer (exit code {server.poll()})"}
        cpu_before = _cpu_seconds(server.pid)
        report = drive(url, seconds, threads, tool=tool)
        cpu_after = _cpu_seconds(server.pid)
        if cpu_before is not None and cpu_after is not None and report["requests"]:
            # What the server spent per request, whatever else the machine was doing.
            cpu_ms = (cpu_after - cpu_before) * 1000 / report["requests"]
            report["server_cpu_ms_per_request"] = round(cpu_ms, 2)
        return {
            **report,
            "cached": cached,
            "connections": threads,
            "workers": workers,
            "seconds": seconds,
            "loadavg": [round(load, 2) for load in os.getloadavg()],
        }
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
