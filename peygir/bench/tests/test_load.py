"""A bounded mixed load: staff write follow-ups, citizens read and comment; nothing is lost.

Runs against a real HTTP server (pytest-django's live server, one thread per request) on
PostgreSQL, where each request has its own connection; SQLite's in-memory test database is
shared by the live server's threads, so the SQLite pass skips it. `peygir loadtest` runs the
same driver against gunicorn and prints the figures (benchmarks/README.md).
"""

from typing import Any

import pytest
from django.conf import settings

from peygir.bench import load

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="needs PostgreSQL: the live server's threads share SQLite's in-memory database",
    ),
]


@pytest.mark.django_db(transaction=True)
def test_mixed_load_errors_nowhere_and_loses_no_write(live_server: Any, settings: Any) -> None:
    # One loopback address posts every comment: let it post more than a citizen may.
    settings.PEYGIR_COMMENT_RATE_LIMITS = {"ip": (10_000, 600), "email": (3, 600)}
    scene = load.seed(staff=4, resolutions=3)
    report = load.run(base_url=live_server.url, scene=scene, seconds=3, citizens=4)
    assert report["errors"] == 0, report["error_examples"]
    assert report["writes_answered"]["follow-up written"] > 0
    assert report["writes_answered"]["comment written"] > 0
    assert report["rows_counted"] == report["writes_answered"], report
