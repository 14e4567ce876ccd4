"""A bounded mixed load on loopback: staff record follow-ups while citizens read and comment.

Staff threads post follow-up letters and visits through the API (each with its own token)
and read a resolution's follow-ups; citizen threads read the portal's home and promise pages
and post comments through the public form, CSRF token and all. The run stops by itself after
the given seconds. Afterwards the rows are counted in the database and compared with the
successful write responses: a write answered 201/200 must be there, nothing else may be.

Refusals by design (the comment rate limit's 429) are counted apart from errors; any 5xx,
unexpected 4xx or broken connection is an error. `peygir loadtest` prints the figures.
"""

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from peygir.accounts.models import Membership, Role, User
from peygir.api.models import ApiToken
from peygir.api.services import api_token_create
from peygir.bench.measure import _free_port, _percentiles
from peygir.comments.models import Comment
from peygir.followup.models import FollowupAction
from peygir.organizations.models import Organization
from peygir.places.models import Place
from peygir.places.services import place_create
from peygir.resolutions import services
from peygir.resolutions.choices import SourceKind, Visibility
from peygir.resolutions.models import Category, Resolution

STAFF_PREFIX = "load-staff-"
TOKEN_NAME = "loadtest"
TIMEOUT = 30.0


@dataclass(frozen=True)
class Scene:
    """What the load acts on: the promises (public resolutions) and one token per staff user."""

    resolutions: list[tuple[int, str]]  # (id, tracking code)
    tokens: list[str]


def seed(*, staff: int, resolutions: int) -> Scene:
    """Create (or reuse) the load's staff users, their tokens and a few public promises."""
    province = Place.objects.filter(code=settings.PEYGIR_PROVINCE_CODE).first()
    if province is None:
        province = place_create(code=settings.PEYGIR_PROVINCE_CODE, name="قم", kind="province")
    office, _ = Organization.objects.get_or_create(
        code="LOAD-SEC",
        defaults={
            "name": "دبیرخانه آزمون بار",
            "kind": "deputy",
            "level": "provincial",
            "place": province,
        },
    )
    users = []
    for number in range(staff):
        user, created = User.objects.get_or_create(username=f"{STAFF_PREFIX}{number}")
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(user=user, organization=office, role=Role.SECRETARIAT)
        users.append(user)
    # Earlier runs' tokens are revoked, so that repeated runs stay under the per-user cap.
    ApiToken.objects.filter(user__in=users, name=TOKEN_NAME, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    tokens = [api_token_create(user=user, name=TOKEN_NAME).plain for user in users]
    existing = list(
        Resolution.objects.filter(responsible_body=office, visibility=Visibility.PUBLIC)
        .order_by("id")
        .values_list("id", "tracking_code")[:resolutions]
    )
    if len(existing) < resolutions:
        category, _ = Category.objects.get_or_create(code="load", defaults={"name": "آزمون بار"})
        source = services.source_create(
            actor=users[0] if users else None,
            kind=SourceKind.MEETING,
            title="جلسه آزمون بار",
            start_date=timezone.localdate(),
            places=[province],
        )
        created_ids = [
            services.resolution_create(
                actor=users[0] if users else None,
                source=source,
                title=f"مصوبه آزمون بار شماره {number + 1}",
                text="مقرر شد پیگیری این مصوبه زیر بار آزموده شود.",
                category=category,
                places=[province],
                responsible_body=office,
                followup_owner=office,
            ).pk
            for number in range(resolutions - len(existing))
        ]
        # Published directly, as bench data is: the publication gate is not what is measured.
        Resolution.objects.filter(pk__in=created_ids).update(visibility=Visibility.PUBLIC)
        existing += list(
            Resolution.objects.filter(pk__in=created_ids).values_list("id", "tracking_code")
        )
    return Scene(resolutions=existing, tokens=tokens)


@dataclass
class Tally:
    """What the threads saw; shared, so every change holds the lock."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    outcomes: Counter[str] = field(default_factory=Counter)
    samples: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def record(self, outcome: str, seconds: float, error: str = "") -> None:
        with self.lock:
            self.outcomes[outcome] += 1
            self.samples.append(seconds)
            if error and len(self.errors) < 20:
                self.errors.append(error)


def _request(
    url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers.items()), error.read()


def _timed(tally: Tally, kind: str, url: str, ok: set[int], refused: set[int], **kw: Any) -> Any:
    """Make one request and file its outcome under `kind`; return (status, headers, body)."""
    started = time.perf_counter()
    try:
        status, headers, body = _request(url, **kw)
    except (OSError, urllib.error.URLError) as error:
        tally.record("error", time.perf_counter() - started, f"{kind}: {error}")
        return None
    elapsed = time.perf_counter() - started
    if status in ok:
        tally.record(kind, elapsed)
    elif status in refused:
        tally.record(f"{kind} refused by design", elapsed)
    else:
        tally.record("error", elapsed, f"{kind}: HTTP {status} {body[:200]!r}")
    return status, headers, body


def _staff(
    base: str, token: str, scene: Scene, number: int, stop: threading.Event, tally: Tally
) -> None:
    auth = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    today = timezone.localdate().isoformat()
    step = 0
    while not stop.is_set():
        pk, _code = scene.resolutions[(number + step) % len(scene.resolutions)]
        url = f"{base}/api/v1/resolutions/{pk}/followups/"
        if step % 3 == 2:
            _timed(tally, "staff read", url, {200}, set(), headers=auth)
        else:
            action: dict[str, Any] = {"kind": "letter_sent", "date": today}
            action.update(letter_number=f"ب/{number}/{step}", subject="پیگیری اجرای مصوبه")
            if step % 3 == 1:
                action = {"kind": "visit", "date": today, "place": "محل اجرا"}
                action.update(met_whom="پیمانکار", obtained="کار در جریان است")
            body = json.dumps(action).encode()
            # 409: another staff user wrote to the same resolution a moment earlier; the
            # optimistic lock refuses with a clear message and the whole write is rolled back.
            _timed(tally, "follow-up written", url, {201}, {409}, data=body, headers=auth)
        step += 1


CSRF_COOKIE = re.compile(r"csrftoken=([A-Za-z0-9]+)")


def _citizen(base: str, scene: Scene, number: int, stop: threading.Event, tally: Tally) -> None:
    step = 0
    while not stop.is_set():
        pk, code = scene.resolutions[(number + step) % len(scene.resolutions)]
        # A thread always finishes the step it began, so each citizen comments at least once.
        if step % 4 == 1:
            _timed(tally, "citizen read", f"{base}/", {200}, set())
        elif step % 4 in (2, 3):
            _timed(tally, "citizen read", f"{base}/promises/{code}/", {200}, set())
        else:
            form_url = f"{base}/comments/post/?kind=promise&target={pk}"
            got = _timed(tally, "citizen read", form_url, {200}, set())
            cookie = CSRF_COOKIE.search((got[1].get("Set-Cookie", "") if got else "") or "")
            if cookie:
                fields = {
                    "csrfmiddlewaretoken": cookie.group(1),
                    "kind": "promise",
                    "target": str(pk),
                    "name": "شهروند آزمون",
                    "email": f"citizen{number}-{step}@example.org",
                    "text": "این مصوبه برای محله ما مهم است و پیگیری آن را دنبال می‌کنیم.",
                    "website": "",
                }
                headers = {
                    "Cookie": f"csrftoken={cookie.group(1)}",
                    "Content-Type": "application/x-www-form-urlencoded",
                }
                body = urllib.parse.urlencode(fields).encode()
                url = f"{base}/comments/post/"
                _timed(tally, "comment written", url, {200}, {429}, data=body, headers=headers)
        step += 1


def _counts(scene: Scene) -> dict[str, int]:
    ids = [pk for pk, _ in scene.resolutions]
    return {
        "follow-up written": FollowupAction.objects.filter(resolution_id__in=ids).count(),
        "comment written": Comment.objects.filter(
            target_type=ContentType.objects.get_for_model(Resolution), target_id__in=ids
        ).count(),
    }


def _warm_up(base_url: str, scene: Scene) -> None:
    """Let every server worker load its code and connect before anything is timed.

    Gunicorn hands requests to whichever worker is free, so rounds repeat until one is fast.
    """
    pk, code = scene.resolutions[0]
    auth = {"Authorization": f"Token {scene.tokens[0]}"} if scene.tokens else {}
    post = {**auth, "Content-Type": "application/json"}
    action = {"kind": "note", "date": timezone.localdate().isoformat(), "outcome": "گرم‌کردن"}
    calls: list[tuple[str, dict[str, Any]]] = [
        (f"{base_url}/", {}),
        (f"{base_url}/promises/{code}/", {}),
        (f"{base_url}/comments/post/?kind=promise&target={pk}", {}),
        (f"{base_url}/api/v1/resolutions/{pk}/followups/", {"headers": auth}),
        # The write path loads more code than the reads (this row is before the count).
        (
            f"{base_url}/api/v1/resolutions/{pk}/followups/",
            {"headers": post, "data": json.dumps(action).encode()},
        ),
    ]
    for _round in range(6):
        started = time.perf_counter()
        threads = [
            threading.Thread(target=_request, args=(url,), kwargs=kwargs)
            for url, kwargs in calls * 2
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=TIMEOUT + 5)
        if time.perf_counter() - started < 1.5:
            return


def run(*, base_url: str, scene: Scene, seconds: float, citizens: int) -> dict[str, Any]:
    """Drive the server at `base_url` for `seconds`; return the figures and the row check."""
    _warm_up(base_url, scene)
    before = _counts(scene)
    tally = Tally()
    stop = threading.Event()
    threads = [
        threading.Thread(target=_staff, args=(base_url, token, scene, n, stop, tally))
        for n, token in enumerate(scene.tokens)
    ] + [
        threading.Thread(target=_citizen, args=(base_url, scene, n, stop, tally))
        for n in range(citizens)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    stop.wait(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=TIMEOUT + 5)
    elapsed = time.perf_counter() - started
    connection.close()  # read the rows as they are now, not through an old snapshot
    after = _counts(scene)
    counted = {kind: after[kind] - before[kind] for kind in after}
    p50, p95 = _percentiles(tally.samples) if tally.samples else (0.0, 0.0)
    return {
        "seconds": round(elapsed, 1),
        "threads": {"staff": len(scene.tokens), "citizens": citizens},
        "requests": len(tally.samples),
        "requests_per_second": round(len(tally.samples) / elapsed, 1),
        "p50_ms": round(p50, 1),
        "p95_ms": round(p95, 1),
        "outcomes": dict(sorted(tally.outcomes.items())),
        "writes_answered": {kind: tally.outcomes[kind] for kind in counted},
        "rows_counted": counted,
        "lost_or_extra": {kind: counted[kind] - tally.outcomes[kind] for kind in counted},
        "errors": tally.outcomes["error"],
        "error_examples": tally.errors,
    }


def _free_loopback(port: int, server: "subprocess.Popen[bytes]", log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {log.read_text()[-2000:]}") from None
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start within 30 s")


@contextmanager
def serve(*, env: dict[str, str] | None = None, log: Path | None = None) -> Iterator[str]:
    """Run gunicorn (production settings, 2 workers × 4 threads) on loopback; yield its URL.

    Without `env` the server uses this process's database, as `peygir bench` does.
    """
    port = _free_port()
    environment = {**os.environ, **(env or {})}
    environment.update(
        PEYGIR_DEBUG="0",
        PEYGIR_SECRET_KEY=environment.get("PEYGIR_SECRET_KEY") or "load-only-secret-" + "k" * 40,
        PEYGIR_ALLOWED_HOSTS="127.0.0.1",
        PEYGIR_SSL_REDIRECT="0",
    )
    if env is None and connection.vendor == "sqlite":
        environment["PEYGIR_SQLITE_PATH"] = str(settings.DATABASES["default"]["NAME"])
    log = log or Path(os.devnull)
    command = [sys.executable, "-m", "gunicorn", "peygir.wsgi", "-b", f"127.0.0.1:{port}"]
    command += ["-w", "2", "--threads", "4", "--graceful-timeout", "5"]
    with log.open("ab") as sink:
        server = subprocess.Popen(command, env=environment, stdout=sink, stderr=sink)
    try:
        _free_loopback(port, server, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=20)
