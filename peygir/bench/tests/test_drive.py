"""The load generator against a real HTTP server on loopback: what it counts as served, as
an error, and that wrk and the Python fallback agree on both."""

import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from peygir.bench.measure import drive

TOOLS = [
    "python",
    pytest.param(
        "wrk", marks=pytest.mark.skipif(not shutil.which("wrk"), reason="wrk is not installed")
    ),
]


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status = 200 if self.path == "/ok" else 500
        body = b"x" * 512
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # wrk hangs up when its time is over, mid-response: not the test's business


@pytest.fixture
def server() -> Iterator[str]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.parametrize("tool", TOOLS)
def test_served_pages_are_counted_with_their_latency(server: str, tool: str) -> None:
    report = drive(f"{server}/ok", 1, 2, tool=tool)
    assert report["tool"] == tool
    assert report["errors"] == 0
    assert report["requests_per_second"] > 10
    assert 0 < report["p50_ms"] <= report["p95_ms"]


@pytest.mark.parametrize("tool", TOOLS)
def test_an_error_status_is_an_error_not_a_served_page(server: str, tool: str) -> None:
    report = drive(f"{server}/fail", 1, 2, tool=tool)
    assert report["errors"] > 10
    assert report["requests_per_second"] == 0


@pytest.mark.parametrize("tool", TOOLS)
def test_a_server_that_is_gone_is_all_errors(tool: str) -> None:
    report = drive("http://127.0.0.1:9/ok", 1, 1, tool=tool)
    assert report["requests_per_second"] == 0
    assert report["errors"] > 0
