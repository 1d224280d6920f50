"""clients/transport.py: the httpx transport on ``http.client``, against a scripted HTTP/1.1 server on 127.0.0.1 (and
a TLS one with a throw-away certificate authority). Each test states what a caller relies on: answers as httpx
gives them, kept-alive connections, a connection the service closed is never used for a write, failures raised as
the httpx exceptions the retry rules in clients/http.py sort on."""

from __future__ import annotations

import gzip
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import httpx
import pytest
import trustme

from fortsync_gui.clients.errors import ApiError, UncertainWrite
from fortsync_gui.clients.http import HttpApi
from fortsync_gui.clients.ratelimit import RateLimit, SlidingWindowLimiter
from fortsync_gui.clients.transport import StdlibTransport, transport_for
from tests.sandbox_clients import FAST_RETRY

Answer = Callable[[bytes, socket.socket], bool]  # gets the request's head; answers; False closes the connection


def ok(body: bytes = b'{"ok": true}', *extra: bytes) -> bytes:
    head = [b"HTTP/1.1 200 OK", b"Content-Type: application/json", b"Content-Length: %d" % len(body), *extra]
    return b"\r\n".join(head) + b"\r\n\r\n" + body


class Server:
    """Accepts connections on 127.0.0.1 and answers each request with ``answer``; counts connections and requests."""

    def __init__(self, answer: Answer, wrap: Callable[[socket.socket], socket.socket] | None = None) -> None:
        self.answer = answer
        self.wrap = wrap
        self.connections = 0
        self.requests: list[bytes] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            if self.wrap is not None:
                conn = self.wrap(conn)
            reader = conn.makefile("rb")
            while True:
                head = b""
                while not head.endswith(b"\r\n\r\n"):
                    line = reader.readline()
                    if not line:
                        return
                    head += line
                length = next((int(h.split(b":")[1]) for h in head.split(b"\r\n")
                               if h.lower().startswith(b"content-length:")), 0)
                self.requests.append(head + reader.read(length))
                if not self.answer(head, conn):
                    return
        except (OSError, ssl.SSLError):
            return
        finally:
            conn.close()

    def close(self) -> None:
        self._listener.close()


@contextmanager
def serving(answer: Answer, **kw: object) -> Iterator[Server]:
    server = Server(answer, **kw)  # type: ignore[arg-type]
    try:
        yield server
    finally:
        server.close()


def send(transport: httpx.BaseTransport, method: str, url: str, read: float = 5.0, **kw: object) -> httpx.Response:
    request = httpx.Request(method, url, extensions={"timeout": httpx.Timeout(5.0, read=read).as_dict()},
                            **kw)  # type: ignore[arg-type]
    response = transport.handle_request(request)
    response.read()
    return response


def http_api(server: Server, **kw: float) -> HttpApi:
    """The clients' request plumbing (retries, limiter) over this transport, as the clients build it."""
    return HttpApi("test", f"http://127.0.0.1:{server.port}", limiter=SlidingWindowLimiter(RateLimit(100, 1.0)),
                   error_mapper=lambda r: ApiError("test", r.text), retry=FAST_RETRY, sleep=lambda s: None, **kw)


def answering(reply: bytes) -> Answer:
    def answer(head: bytes, conn: socket.socket) -> bool:
        conn.sendall(reply)
        return True
    return answer


def test_answers_come_back_as_httpx_gives_them_over_one_kept_alive_connection() -> None:
    with serving(answering(ok(b'{"Customer": {"Name": "\xc3\x85sa AB"}}', b"X-RateLimit-Remaining: 7"))) as server:
        transport = StdlibTransport()
        url = f"http://127.0.0.1:{server.port}/3/customers/1?x=%C3%A5"
        answers = [send(transport, "GET", url) for _ in range(3)]
        created = send(transport, "POST", f"http://127.0.0.1:{server.port}/3/customers", json={"Name": "Åsa AB"})
        transport.close()
    assert [a.json() for a in answers] == [{"Customer": {"Name": "Åsa AB"}}] * 3
    assert created.status_code == 200 and answers[0].headers["x-ratelimit-remaining"] == "7"
    assert server.connections == 1 and len(server.requests) == 4
    assert server.requests[0].startswith(b"GET /3/customers/1?x=%C3%A5 HTTP/1.1\r\nHost: 127.0.0.1:")
    assert server.requests[3].endswith(b'\r\n\r\n{"Name":"\xc3\x85sa AB"}')  # the body, as httpx encodes it


def test_a_header_in_utf_8_comes_through_as_sent() -> None:
    reply = ok(b"{}", 'Content-Disposition: attachment; filename="Faktura åäö.pdf"'.encode())
    with serving(answering(reply)) as server:
        response = send(StdlibTransport(), "GET", f"http://127.0.0.1:{server.port}/3/invoices/1/print")
    assert response.headers["content-disposition"] == 'attachment; filename="Faktura åäö.pdf"'


def test_header_lines_repeated_and_continued_come_through() -> None:
    reply = ok(b"{}", b"Set-Cookie: a=1", b"X-Note:  first  ", b"\tsecond", b"Set-Cookie: b=2", b"X-Empty:")
    with serving(answering(reply)) as server:
        response = send(StdlibTransport(), "GET", f"http://127.0.0.1:{server.port}/x")
    assert response.headers.get_list("set-cookie") == ["a=1", "b=2"]
    assert response.headers["x-note"] == "first second" and response.headers["x-empty"] == ""
    assert response.json() == {}


@pytest.mark.parametrize("line", [b"No colon here", b"Bad-Name : x", b": no name", b"Content-Length: -5",
                                  b"Content-Length: tolv"])
def test_a_garbled_head_is_a_protocol_error(line: bytes) -> None:
    reply = b"HTTP/1.1 200 OK\r\n" + line + b"\r\nContent-Length: 2\r\n\r\n{}"
    with serving(answering(reply)) as server, pytest.raises(httpx.RemoteProtocolError):
        send(StdlibTransport(), "GET", f"http://127.0.0.1:{server.port}/x")


def test_a_connection_the_service_closed_while_idle_is_not_used_for_a_write() -> None:
    """The service answers and then closes the connection (keep-alive expired): the next request, a POST, goes on a
    new connection instead of failing as a write whose fate is unknown."""
    def answer_then_close(head: bytes, conn: socket.socket) -> bool:
        conn.sendall(ok())
        return False

    with serving(answer_then_close) as server:
        api = http_api(server)
        api.request("GET", "/a")
        wait_for_close(api)
        assert api.request("POST", "/b", json_body={"x": 1}).json() == {"ok": True}
        api.close()
    assert server.connections == 2 and api.counter.value == 2


def wait_for_close(api: HttpApi) -> None:
    """Until the server's close has reached the pooled connection (an event, not a length of time)."""
    transport: StdlibTransport = api._transport  # type: ignore[assignment]
    (sock,) = [s for socks in transport._idle.values() for s in socks]
    sock.settimeout(None)
    assert sock.recv(1, socket.MSG_PEEK) == b""  # blocks until the end of the stream is there


def test_an_answer_with_connection_close_is_read_and_the_connection_dropped() -> None:
    with serving(answering(ok(b"{}", b"Connection: close"))) as server:
        transport = StdlibTransport()
        for _ in range(2):
            assert send(transport, "GET", f"http://127.0.0.1:{server.port}/x").json() == {}
        assert transport._idle[(b"http", "127.0.0.1", server.port)] == []
        transport.close()
    assert server.connections == 2


def test_chunked_and_gzip_encoded_answers_are_decoded() -> None:
    packed = gzip.compress(b'{"a": 1}')
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(packed), packed)
    reply = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
             b"Transfer-Encoding: chunked\r\n\r\n" + chunked)
    with serving(answering(reply)) as server:
        transport = StdlibTransport()
        assert send(transport, "GET", f"http://127.0.0.1:{server.port}/x").json() == {"a": 1}
        transport.close()


def test_no_answer_in_time_is_a_read_timeout_and_a_post_is_uncertain() -> None:
    release = threading.Event()

    def never(head: bytes, conn: socket.socket) -> bool:
        release.wait(30)
        return False

    with serving(never) as server:
        with pytest.raises(httpx.ReadTimeout):
            send(StdlibTransport(), "GET", f"http://127.0.0.1:{server.port}/x", read=0.05)
        api = http_api(server, timeout=0.05, write_timeout=0.05)
        with pytest.raises(UncertainWrite):
            api.request("POST", "/x", json_body={})
        release.set()
    assert len(server.requests) == 2  # the POST was not repeated


# no answer, its head cut off in a line and before its end, its body cut off
@pytest.mark.parametrize("cut", [0, 30, len(ok()) - len(b'\r\n{"ok": true}'), len(ok()) - 3])
def test_a_dropped_answer_is_a_protocol_error(cut: int) -> None:
    def part(head: bytes, conn: socket.socket) -> bool:
        conn.sendall(ok()[:cut])
        return False

    with serving(part) as server, pytest.raises(httpx.RemoteProtocolError):
        send(StdlibTransport(), "GET", f"http://127.0.0.1:{server.port}/x")


def test_nothing_listening_is_a_connect_error() -> None:
    with socket.create_server(("127.0.0.1", 0)) as unused:
        port = unused.getsockname()[1]
    with pytest.raises(httpx.ConnectError):
        send(StdlibTransport(), "GET", f"http://127.0.0.1:{port}/x")


def test_a_header_that_would_split_the_request_is_refused_before_anything_is_sent() -> None:
    with serving(answering(ok())) as server, pytest.raises(httpx.LocalProtocolError):
        send(StdlibTransport(), "GET", f"http://127.0.0.1:{server.port}/x",
             headers={"Authorization": "Bearer a\r\nX-Injected: 1"})
    assert server.connections == 0


@pytest.fixture(scope="module")
def authority() -> trustme.CA:
    return trustme.CA()


def tls_wrap(authority: trustme.CA) -> Callable[[socket.socket], socket.socket]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("localhost").configure_cert(context)
    return lambda conn: context.wrap_socket(conn, server_side=True)


def test_https_checks_the_certificate_and_the_host_name(authority: trustme.CA) -> None:
    trusted = ssl.create_default_context()
    authority.configure_trust(trusted)
    with serving(answering(ok()), wrap=tls_wrap(authority)) as server:
        transport = StdlibTransport(trusted)
        assert send(transport, "GET", f"https://localhost:{server.port}/x").json() == {"ok": True}
        assert send(transport, "GET", f"https://localhost:{server.port}/x").json() == {"ok": True}
        transport.close()
        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):  # an authority not trusted
            send(StdlibTransport(ssl.create_default_context()), "GET", f"https://localhost:{server.port}/x")
        with pytest.raises(httpx.ConnectError, match=r"match"):  # a certificate for another name
            send(StdlibTransport(trusted), "GET", f"https://127.0.0.1:{server.port}/x")
    assert server.connections == 3  # the two good requests shared one connection


def test_a_proxy_the_system_names_is_used_through_httpx_but_never_for_this_machine(
        monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    context = ssl.create_default_context()
    assert isinstance(transport_for("https://api.fortnox.se", context), StdlibTransport)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    assert isinstance(transport_for("https://api.fortnox.se", context), httpx.HTTPTransport)
    assert isinstance(transport_for("http://127.0.0.1:8080/api/v2", context), StdlibTransport)
    monkeypatch.setenv("NO_PROXY", "fortnox.se")
    assert isinstance(transport_for("https://api.fortnox.se", context), StdlibTransport)
