"""Serve a fake on real HTTP: 127.0.0.1, a free port, one thread per connection.

A fake is a function from Request to Response; `serve` runs it until the `with` block ends.
The stdlib server is enough for a few requests per test and starts in a millisecond.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: Mapping[str, str]  # the last value of each parameter
    headers: Mapping[str, str]  # names in lower case
    body: bytes


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[Request], Response]


class FakeClock:
    """A settable UTC clock, shared by a fake and the code under test."""

    def __init__(self, start: datetime = datetime(2024, 10, 1, 9, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@contextmanager
def serve(handle: Handler) -> Iterator[str]:
    """Run `handle` on a free local port; yields the base URL ("http://127.0.0.1:PORT")."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_class(handle))
    # Daemon threads: a deliberately slow answer must not hold up the end of a test.
    server.daemon_threads = True
    # A short poll so that shutting down takes milliseconds, not the default half second.
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _handler_class(handle: Handler) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes; with Nagle on, each answer waits ~40 ms.
        disable_nagle_algorithm = True

        def do_GET(self) -> None:  # noqa: N802 - the name http.server dispatches to
            self._answer()

        def _answer(self) -> None:
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            request = Request(
                method=self.command,
                path=url.path,
                query=dict(parse_qsl(url.query, keep_blank_values=True)),
                headers={name.lower(): value for name, value in self.headers.items()},
                body=self.rfile.read(length),
            )
            response = handle(request)
            try:
                self.send_response(response.status)
                for name, value in response.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(response.body)))
                self.end_headers()
                self.wfile.write(response.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up first, as timeout tests make it do

        def log_message(self, format: str, *args: Any) -> None:
            """Silent: pytest shows failures, not access logs."""

    return _Handler
