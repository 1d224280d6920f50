"""An httpx transport on the standard library's ``http.client``: the same requests and answers for less CPU.

Why: a first import sends about two requests per record, and the client's CPU per record decides how many profiles
one core can drive. Per request (``benchmarks/http_transport.py``, a POST with a JSON answer): ``httpx.Client`` on
httpx's own transport about 400 µs of CPU, that transport alone (httpcore and h11, HTTP parsed in pure Python) 300 µs,
this one 185 µs, ``http.client`` by itself 120 µs. As an httpx transport it takes httpx's requests and gives its
answers (``handle_request``); clients/http.py calls :meth:`StdlibTransport.exchange` with the request already on
the wire's terms and reads the answer without making an ``httpx.Response`` (see clients/answer.py): building httpx's
request and answer cost more than the exchange itself. Timeouts and failures stay httpx's exceptions either way,
and nothing the ``httpx.Client`` adds (cookies, redirects, auth flows, hooks) is used.

What it does, and what it leaves to httpx's own transport:
- HTTP/1.1 with keep-alive: idle connections are pooled per origin and shared by the threads; a pooled connection
  the service has closed meanwhile is noticed before it is used (as httpcore does), so a POST is never sent into a
  dead connection and reported uncertain for nothing. The request goes out in one write (head and body).
- Answers are parsed by ``http.client`` (status line, Content-Length or chunked bodies), except the header lines,
  which are split here (see :class:`_Answer`); one without a length is refused as cut off (the services always send
  one), and so is a head without its end; a short body is an error, never a shorter answer.
- TLS with the ``ssl_context`` it is given (certificate and host name checked).
- Timeouts from the request (``connect`` for the connection, ``read`` for each wait on the answer), failures raised
  as httpx's exceptions: ``ConnectError``/``ConnectTimeout`` when nothing was sent, ``ReadTimeout``/``ReadError``/
  ``RemoteProtocolError``/``WriteError`` once it may have been.
- Proxies are httpx's: :func:`transport_for` gives httpx's transport through the proxy the system names.
"""

from __future__ import annotations

import http.client
import ipaddress
import select
import socket
import ssl
import threading
import urllib.request
from collections import defaultdict

import httpx

from .answer import Head

IDLE_PER_ORIGIN = 20  # kept-alive connections kept per origin; more than the threads that share one client

Origin = tuple[bytes, str, int]


class StdlibTransport(httpx.BaseTransport):
    def __init__(self, ssl_context: ssl.SSLContext | None = None) -> None:
        self._ssl_context = ssl_context
        self._idle: defaultdict[Origin, list[socket.socket]] = defaultdict(list)
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        timeouts = request.extensions.get("timeout", {})
        message = _message(request)  # before connecting: a request that cannot be sent costs no connection
        status, head, body = self.exchange(origin_of(url), request.method, message, timeouts.get("connect"),
                                           timeouts.get("read"), request=request)
        return httpx.Response(status, headers=head.raw, content=body, request=request,
                              extensions={"http_version": b"HTTP/1.1"})

    def exchange(self, origin: Origin, method: str, message: bytes, connect_timeout: float | None,
                 read_timeout: float | None, *, request: httpx.Request | None = None) -> tuple[int, Head, bytes]:
        """Send ``message`` (a whole request as it goes on the wire) and read its answer: (status, head, body as
        sent, not decoded). What ``clients/http.py`` calls without an ``httpx.Request``; ``request`` only goes into
        the exceptions."""
        sock = self._idle_socket(origin) or self._connect(origin, connect_timeout)
        try:
            sock.settimeout(read_timeout)
            sock.sendall(message)  # one write: the headers and a small body in one packet
            response = _Answer(sock, method=method)
            response.begin()
            if response.length is None and not response.chunked and _has_body(method, response.status):
                # http.client would read to the end of the stream; the services always give a length, so an answer
                # without one is one whose head was cut off
                raise http.client.HTTPException("Svaret saknar längd")
            status, head, body = response.status, response.head, response.read()
        except Exception as exc:
            sock.close()
            raise _sent_error(exc, request) from exc
        except BaseException:
            sock.close()
            raise
        if response.will_close:
            sock.close()
        else:
            self._keep(origin, sock)
        return status, head, body

    def close(self) -> None:
        with self._lock:
            idle = [sock for socks in self._idle.values() for sock in socks]
            self._idle.clear()
        for sock in idle:
            sock.close()

    def _idle_socket(self, origin: Origin) -> socket.socket | None:
        while True:
            with self._lock:
                socks = self._idle.get(origin)
                if not socks:
                    return None
                sock = socks.pop()
            if not _readable(sock):
                return sock
            sock.close()  # closed by the service while idle (or it sent something unasked): not reusable

    def _keep(self, origin: Origin, sock: socket.socket) -> None:
        with self._lock:
            socks = self._idle[origin]
            if len(socks) < IDLE_PER_ORIGIN:
                socks.append(sock)
                return
        sock.close()

    def _connect(self, origin: Origin, timeout: float | None) -> socket.socket:
        scheme, host, port = origin
        sock: socket.socket | None = None
        try:
            sock = socket.create_connection((host, port), timeout=timeout)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if scheme == b"https":
                context = self._ssl_context or ssl.create_default_context()
                sock = context.wrap_socket(sock, server_hostname=host)
            return sock
        except TimeoutError as exc:
            if sock is not None:
                sock.close()
            raise httpx.ConnectTimeout(str(exc) or "timed out") from exc
        except OSError as exc:  # refused, unreachable, name not found, TLS handshake or certificate refused
            if sock is not None:
                sock.close()
            raise httpx.ConnectError(str(exc) or type(exc).__name__) from exc


class _Answer(http.client.HTTPResponse):
    """``http.client``'s answer with the header lines split here: ``http.client.parse_headers`` hands them to the
    email package's parser, which was a quarter of this transport's CPU per answer. The status line, the limits on
    the head's lines and the body (Content-Length or chunked, with its checks) stay ``http.client``'s; this is its
    ``begin`` with the headers in a :class:`~.answer.Head`."""

    head: Head

    def begin(self) -> None:
        version, status, reason = self._read_status()
        while status == http.client.CONTINUE:  # an interim answer: its head is skipped
            http.client._read_headers(self.fp)  # type: ignore[attr-defined]
            version, status, reason = self._read_status()
        if version in ("HTTP/1.0", "HTTP/0.9"):
            self.version = 10
        elif version.startswith("HTTP/1."):
            self.version = 11
        else:
            raise http.client.UnknownProtocol(version)
        self.code = self.status = status
        self.reason = reason.strip()
        self.head = Head.parse(http.client._read_headers(self.fp))  # type: ignore[attr-defined]
        self.headers = self.msg = self.head  # type: ignore[assignment]  # what http.client's methods look at
        self.chunked = (self.head.get("transfer-encoding") or "").lower() == "chunked"
        self.chunk_left = None
        self.will_close = self._check_close()  # type: ignore[attr-defined]
        self.length = None
        length = self.head.get("content-length")
        if length and not self.chunked:
            try:
                self.length = int(length)
            except ValueError:
                raise http.client.HTTPException(f"Ogiltig längd: {length[:20]!r}") from None
            if self.length < 0:
                raise http.client.HTTPException(f"Ogiltig längd: {length[:20]!r}")
        if not _has_body(self._method or "GET", status):  # type: ignore[attr-defined]
            self.length = 0
        if not self.will_close and not self.chunked and self.length is None:
            self.will_close = True


def _message(request: httpx.Request) -> bytes:
    """The request as sent: request line, the request's own headers (Host and Content-Length among them), body."""
    lines = [b"%s %s HTTP/1.1" % (request.method.encode("ascii"), request.url.raw_path)]
    lines.extend(header_line(name, value) for name, value in request.headers.raw)
    return b"\r\n".join(lines) + b"\r\n\r\n" + request.read()


def header_line(name: bytes, value: bytes) -> bytes:
    """``name: value`` as sent; ``LocalProtocolError`` (nothing sent) for one that would split the request."""
    if b"\r" in value or b"\n" in value or b"\r" in name or b"\n" in name or b":" in name:
        raise httpx.LocalProtocolError(f"Ogiltigt huvud: {name!r}")
    return name + b": " + value


def _has_body(method: str, status: int) -> bool:
    return method != "HEAD" and status >= 200 and status not in (204, 304)


def _readable(sock: socket.socket) -> bool:
    """True when an idle connection has something to read: the service closed it (or broke the protocol)."""
    if isinstance(sock, ssl.SSLSocket) and sock.pending():
        return True
    readable, _, _ = select.select([sock], [], [], 0)
    return bool(readable)


def origin_of(url: httpx.URL) -> Origin:
    return url.raw_scheme, url.host, url.port or (443 if url.raw_scheme == b"https" else 80)


def _sent_error(exc: Exception, request: httpx.Request | None) -> Exception:
    """httpx's exception for a failure after the request may have reached the service."""
    text = str(exc) or type(exc).__name__
    if isinstance(exc, TimeoutError):
        return httpx.ReadTimeout(text, request=request)
    if isinstance(exc, BrokenPipeError):
        return httpx.WriteError(text, request=request)
    if isinstance(exc, (http.client.HTTPException, ConnectionError)):  # incomplete, garbled, dropped
        return httpx.RemoteProtocolError(text, request=request)
    if isinstance(exc, OSError):
        return httpx.ReadError(text, request=request)
    return exc


def is_loopback_host(host: str | None) -> bool:
    """``localhost``, ``127.0.0.0/8`` or ``::1``: addresses that never leave this machine."""
    if not host:
        return False
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def transport_for(url: str, ssl_context: ssl.SSLContext) -> httpx.BaseTransport:
    """The transport for a client of ``url``: this one, or httpx's own through the proxy the system names for it
    (the environment's ``HTTPS_PROXY``/``NO_PROXY``, or Windows' and macOS' proxy settings); never a proxy for the
    local sandbox."""
    parsed = httpx.URL(url)
    proxies = urllib.request.getproxies()
    proxy = proxies.get(parsed.scheme) or proxies.get("all")
    if proxy and not is_loopback_host(parsed.host) and not urllib.request.proxy_bypass(parsed.host):
        return httpx.HTTPTransport(verify=ssl_context, proxy=proxy)
    return StdlibTransport(ssl_context)
