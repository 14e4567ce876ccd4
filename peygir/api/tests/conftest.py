"""API test helpers: a client per persona, authenticated with a real personal token."""

import socket
from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from peygir.api.services import api_token_create
from peygir.conftest import World

API = "/api/v1"


@pytest.fixture(autouse=True)
def _api_urls(settings: object) -> None:
    settings.ROOT_URLCONF = "peygir.api.tests.urls"  # type: ignore[attr-defined]
    settings.LANGUAGE_CODE = "fa"  # type: ignore[attr-defined]


@pytest.fixture
def api(world: World) -> Callable[[str | None], APIClient]:
    """Return a client for a persona (None: anonymous) that sends its own token."""

    def make(persona: str | None) -> APIClient:
        client = APIClient()
        if persona is not None:
            issued = api_token_create(user=world.users[persona], name="آزمون")
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.plain}")
        return client

    return make


@pytest.fixture
def fast_live_server(live_server: Any) -> Any:
    """pytest-django's live server, answering without Nagle's 40 ms wait on every response.

    Django's test server writes the headers and the body in two sends; with Nagle's
    algorithm on, the second waits for the client's delayed ACK of the first.
    """
    httpd = live_server.thread.httpd
    accept = httpd.get_request

    def get_request() -> tuple[socket.socket, Any]:
        sock, address = accept()
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock, address

    httpd.get_request = get_request
    return live_server
