"""Faults against a real PostgreSQL that the test stops and starts (a private cluster).

A real gunicorn serves the site and a real `peygir worker` runs beside it; the database
stops under them and comes back.
"""

import json
import re
import subprocess
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from peygir.bench.load import _request, serve
from peygir.core.tests.private_pg import (
    Cluster,
    cluster,
    needs_private_postgres,
    peygir_command,
    peygir_env,
)
from peygir.notifications.tests.conftest import SMTP, Inbox, free_port

pytestmark = needs_private_postgres

UNAVAILABLE = "پیگیر موقتاً در دسترس نیست"


def _count(pg: Cluster, database: str, table: str) -> int:
    return int(pg.sql(f"SELECT count(*) FROM {table}", database)[0][0])  # type: ignore[call-overload]


def test_a_lost_database_answers_503_in_persian_and_nothing_is_half_written(
    tmp_path: Path,
) -> None:
    pg = cluster()
    url = pg.fresh_database("fault_503")
    scene = pg.scene
    followups = f"/api/v1/resolutions/{scene['pk']}/followups/"
    api = {"Authorization": f"Token {scene['token']}", "Content-Type": "application/json"}
    letter = {
        "kind": "letter_sent",
        "date": "2026-11-26",
        "letter_number": "۱۲۳",
        "subject": "پیگیری",
    }
    with serve(env=peygir_env(url), log=tmp_path / "gunicorn.log") as base:
        status, headers, _ = _request(f"{base}/comments/post/?kind=promise&target={scene['pk']}")
        assert status == 200
        token = re.search(r"csrftoken=(\w+)", headers.get("Set-Cookie", ""))
        assert token
        comment = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token.group(1),
                "kind": "promise",
                "target": scene["pk"],
                "name": "شهروند",
                "email": "citizen@example.org",
                "text": "این مصوبه برای محله ما مهم است و پیگیری آن را دنبال می‌کنیم.",
            }
        ).encode()
        form = {
            "Cookie": f"csrftoken={token.group(1)}",
            "Content-Type": "application/x-www-form-urlencoded",
        }

        pg.stop()
        try:
            status, headers, body = _request(f"{base}/promises/{scene['code']}/")
            assert status == 503
            assert headers["Retry-After"] == "30"
            assert UNAVAILABLE in body.decode()
            status, _, body = _request(f"{base}/comments/post/", data=comment, headers=form)
            assert status == 503 and UNAVAILABLE in body.decode()
            status, headers, body = _request(
                f"{base}{followups}", data=json.dumps(letter).encode(), headers=api
            )
            assert status == 503
            assert headers["Content-Type"] == "application/json"
            assert "پایگاه داده موقتاً در دسترس نیست" in json.loads(body)["detail"]
        finally:
            pg.start()

        status, _, _ = _request(f"{base}/promises/{scene['code']}/")
        assert status == 200
        status, _, _ = _request(f"{base}{followups}", data=json.dumps(letter).encode(), headers=api)
        assert status == 201
    # Only the write made after the restart is there; the ones tried meanwhile left nothing.
    assert _count(pg, "fault_503", "followup_followupaction") == 1
    assert _count(pg, "fault_503", "comments_comment") == 0


def _insert_email(pg: Cluster, database: str, key: str) -> None:
    pg.sql(
        "INSERT INTO notifications_notification (email, channel, kind, subject, body_text, "
        "body_html, dedupe_key, created_at, due_at, next_attempt_at, attempts, last_error) "
        f"VALUES ('clerk@example.org', 'email', 'reminder', 'یادآوری پس از راه‌اندازی دوباره', "
        f"'متن', '', '{key}', now(), now(), now(), 0, '')",
        database,
    )


def test_the_worker_survives_a_database_restart(tmp_path: Path) -> None:
    pg = cluster()
    url = pg.fresh_database("fault_worker")
    smtp = SMTP(port=free_port(), inbox=Inbox())
    smtp.start()
    env = peygir_env(url, PEYGIR_EMAIL_HOST="127.0.0.1", PEYGIR_EMAIL_PORT=str(smtp.port))
    worker = subprocess.Popen(
        peygir_command("worker", "--poll", "0.2", "--sweep-every", "3600"),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(worker.stdout.readline, "")))  # type: ignore[union-attr]
    reader.start()
    try:
        _wait(lambda: any('"reminders"' in line for line in lines), "the first sweep")
        _insert_email(pg, "fault_worker", "before-restart")
        _wait(lambda: len(smtp.inbox.messages) == 1, "the email before the restart")

        pg.stop()
        _wait(lambda: any("Database unavailable" in line for line in lines), "a failed round")
        time.sleep(0.5)
        assert worker.poll() is None, "".join(lines)
        pg.start()

        _insert_email(pg, "fault_worker", "after-restart")
        _wait(lambda: len(smtp.inbox.messages) == 2, "the email after the restart", lines)
        _wait(lambda: any('"database": "back"' in line for line in lines), "the note", lines)
        assert worker.poll() is None
    finally:
        worker.terminate()
        worker.wait(timeout=20)
        reader.join(timeout=5)
        smtp.stop()
    assert worker.returncode == 0, "".join(lines)


def _wait(condition: object, what: str, lines: list[str] | None = None) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.1)
    pytest.fail(f"waited 30 s for {what}: {''.join(lines or [])[-3000:]}")
