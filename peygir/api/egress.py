"""Where webhooks may be sent: only to public internet addresses, never inside the network.

A subscriber chooses the URL, so without this guard anyone with an API token could make the
server POST to the database host, a router's admin page or a cloud metadata address
(server-side request forgery). The check runs twice: when the URL is saved (a literal private
address or «localhost» is refused with a clear message), and again on every connection, on
the address actually connected to, so that a name that later resolves inside the network
(DNS rebinding) is refused too. Setting PEYGIR_WEBHOOK_ALLOW_PRIVATE allows private
receivers, for an integrator on the same network and for the tests' loopback receiver.
"""

import http.client
import ipaddress
import socket
import urllib.parse
import urllib.request
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


class PrivateDestinationError(OSError):
    """The receiver's address is inside the network; nothing was sent."""


def _allowed(address: str) -> bool:
    if settings.PEYGIR_WEBHOOK_ALLOW_PRIVATE:
        return True
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_destination(url: str) -> None:
    """Refuse a URL whose host is written as a private address or a local name."""
    if settings.PEYGIR_WEBHOOK_ALLOW_PRIVATE:
        return
    host = (urllib.parse.urlsplit(url).hostname or "").rstrip(".").lower()
    refused = host in _LOCAL_NAMES or host.endswith(".localhost")
    if not refused:
        try:
            refused = not _allowed(host)
        except ValueError:
            refused = False  # a name: checked again on every connection
    if refused:
        raise ValidationError(
            {"url": _("Webhooks can only be sent to a public internet address.")},
            code="private_destination",
        )


def create_connection(address: tuple[str, int], timeout: Any = None, *args: Any) -> socket.socket:
    """Like socket.create_connection, but only to addresses that pass the check."""
    host, port = address
    last_error: OSError = PrivateDestinationError(
        _("Webhooks can only be sent to a public internet address.")
    )
    for family, kind, proto, _name, sockaddr in socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM
    ):
        if not _allowed(str(sockaddr[0])):
            continue
        sock = socket.socket(family, kind, proto)
        try:
            if isinstance(timeout, (int, float)):  # not http.client's "no timeout" sentinel
                sock.settimeout(timeout)
            sock.connect(sockaddr)
            return sock
        except OSError as error:
            sock.close()
            last_error = error
    raise last_error


class _GuardedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = create_connection  # type: ignore[method-assign,assignment]


class _GuardedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = create_connection  # type: ignore[method-assign,assignment]


class GuardedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(_GuardedHTTPConnection, req)


class GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(_GuardedHTTPSConnection, req, context=self._context)  # type: ignore[attr-defined]
