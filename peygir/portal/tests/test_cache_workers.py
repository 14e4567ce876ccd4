"""Two gunicorn workers, each with its own cached copy: a change made by another process
shows in both on the next request, and a withdrawn promise is a 404 in both.

Needs PostgreSQL: gunicorn's workers are other processes, which SQLite's in-memory test
database cannot be shared with.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection

from peygir.portal.tests.conftest import Portal
from peygir.resolutions import services

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="needs PostgreSQL: gunicorn's workers are other processes",
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def gunicorn() -> Iterator[str]:
    """gunicorn with two workers and the production settings, on the test database."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "PEYGIR_DEBUG": "0",
        "PEYGIR_SECRET_KEY": "test-only-secret-key-" + "k" * 40,
        "PEYGIR_ALLOWED_HOSTS": "127.0.0.1",
        "PEYGIR_SSL_REDIRECT": "0",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "peygir.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return int(response.status), response.read().decode()
    except urllib.error.HTTPError as error:
        return int(error.code), ""


def _many(url: str, n: int = 12) -> list[tuple[int, str]]:
    """n requests at once: both workers (sync, one request each at a time) answer some."""
    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(_get, [url] * n))


def _wait_for(url: str) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=30).read()
            return
        except OSError:
            time.sleep(0.3)
    pytest.fail("gunicorn did not answer")


@pytest.mark.django_db(transaction=True)
def test_both_workers_show_a_change_and_a_withdrawal_at_once(portal: Portal, gunicorn: str) -> None:
    page = f"{gunicorn}/promises/{portal.road.tracking_code}/"
    _wait_for(page)
    for _ in range(2):  # every worker renders and keeps its copy
        assert all(status == 200 and "قیرپاشی" not in html for status, html in _many(page))
    services.resolution_report_progress(
        actor=portal.world.users["officer"],
        resolution=portal.road,
        progress=60,
        note="قیرپاشی آغاز شد",
        public=True,
    )
    assert all(status == 200 and "قیرپاشی آغاز شد" in html for status, html in _many(page))
    services.resolution_unpublish(
        actor=portal.world.users["secretariat"], resolution=portal.road, reason="بازبینی متن"
    )
    assert [status for status, _html in _many(page)] == [404] * 12
