"""Portal fixtures: a few published promises beside secrets that must never leak, and SMTP."""

import datetime
import email
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core.cache import cache

from peygir.conftest import World
from peygir.resolutions import services
from peygir.resolutions.choices import PublicRating, Status
from peygir.resolutions.models import Resolution

# Text that lives only in internal fields and events: no portal page or feed may show it.
SECRETS = [
    "طرح محرمانه استخر کهک",  # the title of a resolution that is not public
    "یادداشت داخلی پیشرفت کار",  # an internal progress note
    "دلیل داخلی توقف عملیات",  # the reason of a status change (internal event)
    "یادداشت رد درخواست تمدید",  # the note of a refused deadline revision
    "اعتراض داخلی به ارجاع",  # the reason an assignment was contested
    "یادداشت اعتبار داخلی",  # a funding line's note
]


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """The portal keeps the province's meter for a minute; every test starts without it."""
    cache.clear()
    yield
    cache.clear()


def publish(world: World, resolution: Resolution) -> Resolution:
    """Publish through the service, meeting the feasibility gate first when it exists."""
    try:
        from peygir.feasibility.testing import satisfy_gate
    except ImportError:  # the gate is not in this tree: publishing needs nothing more
        satisfy_gate = None
    if satisfy_gate is not None:
        satisfy_gate(
            resolution, assessor=world.users["secretariat"], body_officer=world.users["officer"]
        )
    elif resolution.status == Status.ASSIGNED:
        services.resolution_accept(actor=world.users["officer"], resolution=resolution)
    return services.resolution_publish(actor=world.users["secretariat"], resolution=resolution)


@dataclass
class Portal:
    world: World
    road: Resolution  # public, in Fordo (Kahak), roads, rated kept, deadline revised
    gas: Resolution  # public, in Qom city, gas company, overdue, not rated
    secret: Resolution  # internal, in Kahak
    users: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
def portal(world: World) -> Portal:
    clerk, officer = world.users["secretariat"], world.users["officer"]
    road = world.resolution(
        title="آسفالت راه روستای فردو",
        deadline=datetime.date(2027, 3, 1),
        next_followup_date=datetime.date(2026, 12, 1),
    )
    services.funding_line_add(
        actor=clerk,
        resolution=road,
        source="provincial",
        fiscal_year=1405,
        approved=1_000_000,
        note="یادداشت اعتبار داخلی",
    )
    publish(world, road)
    services.resolution_report_progress(
        actor=officer, resolution=road, progress=30, note="زیرسازی راه انجام شد", public=True
    )
    services.resolution_report_progress(
        actor=officer, resolution=road, progress=35, note="یادداشت داخلی پیشرفت کار"
    )
    services.resolution_change_status(
        actor=officer, resolution=road, status=Status.STALLED, reason="دلیل داخلی توقف عملیات"
    )
    services.resolution_change_status(
        actor=officer, resolution=road, status=Status.IN_PROGRESS, reason=""
    )
    services.resolution_revise_deadline(
        actor=world.users["deputy"],
        resolution=road,
        new_date=datetime.date(2027, 6, 1),
        reason="کمبود قیر در بازار",
    )
    refused = services.deadline_revision_request(
        actor=officer, resolution=road, new_date=datetime.date(2028, 1, 1), reason="درخواست دوم"
    )
    services.deadline_revision_decide(
        actor=clerk, revision=refused, approve=False, note="یادداشت رد درخواست تمدید"
    )
    services.resolution_rate(
        actor=clerk,
        resolution=road,
        rating=PublicRating.IN_THE_WORKS,
        reason="کار زیرسازی آغاز شده است",
    )
    gas = world.resolution(
        title="گازرسانی به محله‌های شهر قم",
        places=[world.qom_city],
        responsible_body=world.gas,
        start_date=datetime.date(2025, 6, 1),
        deadline=datetime.date(2026, 1, 1),
    )
    publish(world, gas)
    secret = world.resolution(title="طرح محرمانه استخر کهک", places=[world.kahak])
    services.resolution_contest(actor=officer, resolution=secret, reason="اعتراض داخلی به ارجاع")
    return Portal(world=world, road=road, gas=gas, secret=secret)


class _Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=default_policy)  # type: ignore[arg-type]
        )
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp(settings: Any) -> Iterator[_Inbox]:
    """A real SMTP server on a free loopback port, with the mailer pointed at it."""
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 5},
        }
    }
    try:
        yield inbox
    finally:
        controller.stop()


def text_part(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def html_part(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("html",))
    assert part is not None
    return str(part.get_content())
