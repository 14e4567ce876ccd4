"""Webhooks against a real HTTP server on loopback: signed, retried with backoff, scoped."""

import datetime
import hashlib
import hmac
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from peygir.api.models import DeliveryState, WebhookDelivery, WebhookSubscription
from peygir.api.services import webhook_subscribe
from peygir.api.webhooks import backoff, run_pass
from peygir.conftest import World
from peygir.resolutions import services

from .conftest import API

Api = Callable[[str | None], APIClient]
PRIVATE_REFUSAL = "وب‌هوک فقط به نشانی‌های عمومی اینترنت فرستاده می‌شود."


@dataclass
class Receiver:
    """What the integrator's server saw, and what it answers next."""

    url: str
    requests: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    status: int = 200


@pytest.fixture(autouse=True)
def _loopback_receivers_allowed(settings: Any) -> None:
    """The receiver here listens on loopback, which production refuses (see test_egress.py)."""
    settings.PEYGIR_WEBHOOK_ALLOW_PRIVATE = True


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.requests.append((dict(self.headers.items()), body))
            self.send_response(state.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def _subscribe(
    world: World, receiver: Receiver, persona: str = "officer", **kw: Any
) -> WebhookSubscription:
    return webhook_subscribe(user=world.users[persona], url=receiver.url, **kw)


def test_a_subscriber_receives_a_signed_event(world: World, receiver: Receiver) -> None:
    subscription = _subscribe(world, receiver)
    resolution = world.resolution()
    report = run_pass()
    assert report.delivered == 2  # created, assigned
    headers, body = receiver.requests[0]
    expected = hmac.new(
        subscription.secret.encode(),
        headers["X-Peygir-Timestamp"].encode() + b"." + body,
        hashlib.sha256,
    ).hexdigest()
    assert headers["X-Peygir-Signature"] == f"sha256={expected}"
    payload = json.loads(body)
    assert payload["event"]["kind"] == "created"
    assert payload["resolution"]["tracking_code"] == resolution.tracking_code
    assert payload["resolution"]["deadline_jalali"] == "1405-03-31"


def test_a_second_pass_sends_nothing_twice(world: World, receiver: Receiver) -> None:
    _subscribe(world, receiver)
    world.resolution()
    run_pass()
    assert run_pass().delivered == 0
    assert len(receiver.requests) == 2


def test_events_of_resolutions_the_owner_cannot_see_are_not_sent(
    world: World, receiver: Receiver
) -> None:
    _subscribe(world, receiver, persona="gas_officer")
    world.resolution()  # the roads directorate's, not the gas company's
    assert run_pass().queued == 0
    assert receiver.requests == []


def test_only_the_chosen_kinds_are_sent(world: World, receiver: Receiver) -> None:
    _subscribe(world, receiver, event_kinds=["accepted"])
    resolution = world.resolution()
    services.resolution_accept(actor=world.users["officer"], resolution=resolution)
    run_pass()
    assert [json.loads(body)["event"]["kind"] for _, body in receiver.requests] == ["accepted"]


def test_a_failed_delivery_is_retried_with_backoff(world: World, receiver: Receiver) -> None:
    _subscribe(world, receiver, event_kinds=["created"])
    receiver.status = 503
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        world.resolution()
        assert run_pass().retrying == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.attempts == 1 and delivery.last_status_code == 503
    assert delivery.next_attempt_at == start + backoff(1)
    with time_machine.travel(start + datetime.timedelta(seconds=30), tick=False):
        assert run_pass().retrying == 0  # not due yet
    receiver.status = 200
    with time_machine.travel(start + backoff(1), tick=False):
        assert run_pass().delivered == 1
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.DELIVERED and delivery.attempts == 2


def test_a_delivery_gives_up_after_the_last_attempt(
    world: World, receiver: Receiver, settings: Any
) -> None:
    settings.PEYGIR_WEBHOOK_MAX_ATTEMPTS = 2
    _subscribe(world, receiver, event_kinds=["created"])
    receiver.status = 500
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        world.resolution()
        run_pass()
    with time_machine.travel(start + backoff(1), tick=False):
        assert run_pass().failed == 1
    assert WebhookDelivery.objects.get().state == DeliveryState.FAILED


def test_an_unreachable_receiver_is_recorded_not_raised(world: World) -> None:
    webhook_subscribe(user=world.users["officer"], url="http://127.0.0.1:9/closed")
    world.resolution()
    report = run_pass()
    assert report.retrying == 2
    assert WebhookDelivery.objects.first().last_error  # type: ignore[union-attr]


def test_the_command_runs_one_pass(world: World, receiver: Receiver) -> None:
    _subscribe(world, receiver)
    world.resolution()
    out = StringIO()
    call_command("deliver_webhooks", stdout=out)
    assert "delivered 2" in out.getvalue()


def test_subscribing_through_the_api_shows_the_secret_once(api: Api, receiver: Receiver) -> None:
    client = api("officer")
    response = client.post(
        f"{API}/me/webhooks/", {"url": receiver.url, "event_kinds": ["accepted"]}, format="json"
    )
    assert response.status_code == 201, response.content
    assert len(response.json()["secret"]) > 30
    listed = client.get(f"{API}/me/webhooks/").json()["results"]
    assert listed and "secret" not in listed[0]


def test_a_user_without_an_organization_cannot_subscribe(api: Api, receiver: Receiver) -> None:
    response = api("outsider").post(f"{API}/me/webhooks/", {"url": receiver.url}, format="json")
    assert response.status_code == 403


def test_one_cannot_subscribe_for_anothers_organization(
    api: Api, world: World, receiver: Receiver
) -> None:
    response = api("officer").post(
        f"{API}/me/webhooks/", {"url": receiver.url, "organization": world.gas.pk}, format="json"
    )
    assert response.status_code == 400
    assert "organization" in response.json()["fields"]


def test_a_subscription_is_private_to_its_owner(api: Api, world: World, receiver: Receiver) -> None:
    subscription = _subscribe(world, receiver)
    assert api("secretariat").get(f"{API}/me/webhooks/{subscription.pk}/").status_code == 404
    assert api("officer").get(f"{API}/me/webhooks/{subscription.pk}/deliveries/").status_code == 200


def test_only_web_urls_are_accepted(api: Api) -> None:
    response = api("officer").post(
        f"{API}/me/webhooks/", {"url": "ftp://127.0.0.1/hook"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["fields"]["url"][0]["message"] == "نشانی http یا https وارد کنید."


def test_a_name_resolving_inside_the_network_is_refused_on_connection(
    world: World, receiver: Receiver, settings: Any
) -> None:
    settings.PEYGIR_WEBHOOK_ALLOW_PRIVATE = True
    port = receiver.url.split(":")[2].split("/")[0]
    # Saved while allowed, as a name that resolved outside and now resolves inside (DNS
    # rebinding) would be: only the connection-time check can stop it.
    webhook_subscribe(user=world.users["officer"], url=f"http://localhost:{port}/hook")
    settings.PEYGIR_WEBHOOK_ALLOW_PRIVATE = False
    world.resolution()
    report = run_pass()
    assert report.delivered == 0
    assert receiver.requests == []
    delivery = WebhookDelivery.objects.filter(state=DeliveryState.PENDING).first()
    assert delivery is not None and delivery.last_error == PRIVATE_REFUSAL
    settings.PEYGIR_WEBHOOK_ALLOW_PRIVATE = True
    delivery.next_attempt_at = delivery.created_at
    delivery.save(update_fields=["next_attempt_at"])
    assert run_pass().delivered >= 1  # the same receiver, allowed: the check was the cause
