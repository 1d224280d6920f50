"""A small threaded HTTP server with a router, shared by the Fortnox and Upsales simulators.

The standard library server is used on purpose: the simulators need byte-level control of the wire (exact bodies,
content types that lie, malformed JSON, connections dropped before or after a request took effect), which a web
framework would hide.
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import re
import socket
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # keys lower-cased
    body: bytes = b""
    path_params: dict[str, str] = field(default_factory=dict)

    def header(self, name: str, default: str | None = None) -> str | None:
        return self.headers.get(name.lower(), default)

    def arg(self, name: str, default: str | None = None) -> str | None:
        """First value of a query parameter."""
        values = self.query.get(name)
        return values[0] if values else default

    def args(self, name: str) -> list[str]:
        return self.query.get(name, [])

    def json(self) -> Any:
        """The JSON body; raises ``ValueError`` when it is not JSON."""
        return json.loads(self.body.decode("utf-8"))

    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.body.decode("utf-8"), keep_blank_values=True).items()}

    def cookies(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for part in (self.header("cookie") or "").split(";"):
            if "=" in part:
                k, v = part.split("=", 1)
                out[k.strip()] = v.strip()
        return out


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


class DropConnection(Exception):
    """Raised by a handler to close the socket without sending a response."""


def json_response(status: int, obj: Any, headers: dict[str, str] | None = None, *,
                  escape_slashes: bool = False) -> Response:
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    if escape_slashes:  # Fortnox escapes "/" as "\/" in its raw JSON
        text = text.replace("/", "\\/")
    h = {"Content-Type": "application/json; charset=utf-8"}
    h.update(headers or {})
    return Response(status, text.encode("utf-8"), h)


def text_response(status: int, text: str, content_type: str = "text/plain; charset=utf-8",
                  headers: dict[str, str] | None = None) -> Response:
    h = {"Content-Type": content_type}
    h.update(headers or {})
    return Response(status, text.encode("utf-8"), h)


def html_response(status: int, html: str, headers: dict[str, str] | None = None) -> Response:
    return text_response(status, html, "text/html; charset=utf-8", headers)


def redirect(location: str) -> Response:
    return Response(302, b"", {"Location": location})


Handler = Callable[[Request], Response]


class Router:
    """Maps ``METHOD /path/{param}`` patterns to handlers. ``{name}`` matches one path segment."""

    def __init__(self) -> None:
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = []

    def add(self, method: str, pattern: str, handler: Handler) -> None:
        regex = "^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", pattern.rstrip("/")) + "/?$"
        self._routes.append((method.upper(), re.compile(regex), handler))

    def route(self, method: str, pattern: str) -> Callable[[Handler], Handler]:
        def deco(fn: Handler) -> Handler:
            self.add(method, pattern, fn)
            return fn
        return deco

    def resolve(self, request: Request) -> tuple[Handler | None, bool]:
        """(handler, path_exists). Fills ``request.path_params``. path_exists is True on a method mismatch."""
        path_exists = False
        for method, regex, handler in self._routes:
            m = regex.match(request.path)
            if m:
                path_exists = True
                if method == request.method:
                    request.path_params = {k: unquote(v) for k, v in m.groupdict().items()}
                    return handler, True
        return None, path_exists


class App:
    """What a simulator exposes to the server: the path prefixes it owns and a request handler."""

    prefixes: tuple[str, ...] = ()

    def handle(self, request: Request) -> Response:  # pragma: no cover - interface
        raise NotImplementedError


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle on, a keep-alive client's delayed ACK stalls each answer 40 ms.
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def date_time_string(self, timestamp: float | None = None) -> str:
        """The ``Date`` header from the sandbox's clock (shifted with the clock, as the services' own time is what
        clients take their change cursors from)."""
        clock = self.server.clock
        if timestamp is None and clock is not None:
            timestamp = clock.now().timestamp()
        return email.utils.formatdate(timestamp, usegmt=True)

    def _serve(self) -> None:
        split = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        request = Request(
            method=self.command.upper(),
            path=split.path,
            query=parse_qs(split.query, keep_blank_values=True),
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
        )
        app = self.server.app_for(request.path)
        try:
            if app is None:
                response = text_response(404, f"Cannot {request.method} {request.path}")
            else:
                response = app.handle(request)
        except DropConnection:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.send_response(response.status)
        for k, v in response.headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _serve


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], apps: list[App], clock: Any = None) -> None:
        super().__init__(address, _Handler)
        self.apps = apps
        self.clock = clock

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):  # the client went away (killed, or gave up waiting)
            return
        super().handle_error(request, client_address)

    def app_for(self, path: str) -> App | None:
        for app in self.apps:
            if any(path == p or path.startswith(p.rstrip("/") + "/") for p in app.prefixes):
                return app
        return None


class SimServer:
    """Serves one or more apps on 127.0.0.1 in a background thread. Port 0 picks a free port."""

    def __init__(self, apps: list[App], port: int = 0, host: str = "127.0.0.1", *, clock: Any = None) -> None:
        self._server = _Server((host, port), apps, clock)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> SimServer:
        self._thread = threading.Thread(target=self._server.serve_forever, name="sandbox-http", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop(self) -> None:
        if self._thread:  # shutdown() waits for serve_forever, which a server never started does not run
            self._server.shutdown()
        self._server.server_close()
        if self._thread:
            self._thread.join(timeout=5)
