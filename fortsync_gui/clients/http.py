"""HTTP plumbing shared by the Fortnox and Upsales clients: rate limiting, retries, counting, redacted logging.

Retry rules:
- 429: always retried after a pause shared by everyone using the credential (the request was not processed).
- Connection refused / connect timeout: always retried (nothing reached the service).
- 5xx, read timeouts, dropped connections: retried with jittered exponential back-off only for requests that are
  safe to repeat (GET, PUT of fields, DELETE). A non-repeatable write (POST, document actions) is never repeated
  blindly: the caller gets ``UncertainWrite`` and must look the record up before trying again.

Timeouts: reads (and every other repeatable request) wait :data:`READ_TIMEOUT` (30 s) for an answer; a
non-repeatable write (POST, document actions) waits :data:`WRITE_TIMEOUT` (120 s), because giving up on a write
that the service is still processing turns it into an uncertain write.

Transport security: a base URL must be ``https://`` (certificate checks on); ``http://`` is accepted only for a
loopback address (the local sandbox). Anything else raises :class:`InsecureUrl` when the client is built, before
any connection is made, so no key or token ever travels in clear (not even to a proxy from ``HTTP_PROXY``).
"""

from __future__ import annotations

import email.utils
import functools
import json
import logging
import random
import re
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from .answer import Answer, Sent, decoded
from .errors import ApiError, InsecureUrl, MalformedResponse, NetworkError, RateLimited, ServerError, UncertainWrite
from .ratelimit import SlidingWindowLimiter
from .redact import redact
from .tls import ssl_context
from .transport import StdlibTransport, header_line, is_loopback_host, origin_of, transport_for

log = logging.getLogger("fortsync.http")

REPEATABLE_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
READ_TIMEOUT = 30.0  # seconds to wait for the answer to a read (or any request that is safe to repeat)
WRITE_TIMEOUT = 120.0  # seconds to wait for the answer to a write that must not be repeated blindly (POST)


def check_transport_url(api: str, url: str) -> str:
    """``url`` when credentials may be sent to it: ``https://`` anywhere, ``http://`` only to a loopback address.

    Raises :class:`InsecureUrl` otherwise (before any connection is made)."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError):
        raise InsecureUrl(api, "Adressen kan inte tolkas", url=_shown_url(url)) from None
    if not parsed.host:
        raise InsecureUrl(api, "Adressen saknar värdnamn", url=_shown_url(url))
    if parsed.scheme == "https":
        return url
    if parsed.scheme == "http" and is_loopback_host(parsed.host):
        return url
    raise InsecureUrl(api, "Bara https:// (eller http:// till den egna datorn) är tillåtet", url=_shown_url(url))


def _shown_url(url: str) -> str:
    """The address without any user:password part (it may hold a credential)."""
    text = str(url)
    scheme, sep, rest = text.partition("://")
    if sep and "@" in rest.split("/", 1)[0]:
        rest = rest.split("@", 1)[1]
    return f"{scheme}{sep}{rest}"[:200]


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5  # tries in all for a request that fails in a way that is safe to repeat
    base_delay: float = 0.5  # seconds; doubled per try, full jitter
    max_delay: float = 30.0
    rate_limited_attempts: int = 10  # 429s tolerated for one request before RateLimited is raised

    def backoff(self, attempt: int) -> float:
        return random.uniform(0, min(self.max_delay, self.base_delay * 2**attempt))


ErrorMapper = Callable[[Answer], ApiError]
Params = Mapping[str, Any] | list[tuple[str, Any]]
# a path httpx would send as it is: nothing to escape (unreserved, sub-delimiters, ":@/" and escapes made already)
_PLAIN_PATH = re.compile(r"/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*")


class RequestCounter:
    """Requests sent over the wire (retries included); read by benchmarks and ``--json`` output."""

    def __init__(self) -> None:
        self._n = 0
        self._lock = threading.Lock()

    def increment(self) -> None:
        with self._lock:
            self._n += 1

    @property
    def value(self) -> int:
        return self._n


class HttpApi:
    def __init__(
        self,
        api: str,
        base_url: str,
        *,
        limiter: SlidingWindowLimiter,
        error_mapper: ErrorMapper,
        auth_headers: Callable[[], Mapping[str, str]] = dict,
        on_unauthorized: Callable[[Answer], bool] | None = None,
        on_response: Callable[[Answer], None] | None = None,
        retry: RetryPolicy | None = None,
        timeout: float = READ_TIMEOUT,
        write_timeout: float | None = None,
        transport: httpx.BaseTransport | None = None,
        headers: Mapping[str, str] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        check_transport_url(api, base_url)  # before anything else: nothing is sent to an address that is refused
        self.api = api
        self.limiter = limiter
        self.counter = RequestCounter()
        self.server_date: datetime | None = None  # the service's clock (``Date``) at its latest answer
        self._error_mapper = error_mapper
        self._auth_headers = auth_headers
        self._on_unauthorized = on_unauthorized
        self._on_response = on_response  # sees every answer, retried ones included (e.g. to read quota headers)
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self.timeout = timeout
        self.write_timeout = max(timeout, WRITE_TIMEOUT) if write_timeout is None else write_timeout
        self._base_url = base_url.rstrip("/")
        # httpx's requests, answers and transports without its Client: none of what the Client adds (cookies,
        # redirects, auth flows, event hooks) is used here, and it costs more CPU than the transport below it
        self._transport = transport or transport_for(base_url, ssl_context())
        self._headers = {"Accept": "application/json", "Accept-Encoding": "gzip, deflate",
                         "User-Agent": "Fortsync/0.1", **(headers or {})}
        url = httpx.URL(self._base_url)
        # the sending straight from a request's parts (see _send), on the transport that takes them
        self._origin = origin_of(url) if isinstance(self._transport, StdlibTransport) and not url.query else None
        self._site = f"{url.scheme}://{url.netloc.decode('ascii')}"
        self._netloc = url.netloc
        self._base_path = url.raw_path.decode("ascii").rstrip("/")
        self._timeouts = {repeatable: httpx.Timeout(self.timeout if repeatable else self.write_timeout).as_dict()
                          for repeatable in (True, False)}

    def close(self) -> None:
        self._transport.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        json_body: Any = None,
        data: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        repeatable: bool | None = None,
        expect: tuple[int, ...] = (),
    ) -> Answer:
        """Send one logical request; return a 2xx response (or one whose status is in ``expect``).

        Raises an ``ApiError`` subclass for anything else, after the retries the rules above allow.
        """
        method = method.upper()
        if repeatable is None:
            repeatable = method in REPEATABLE_METHODS
        failures = 0
        rate_limited = 0
        reauthed = False
        while True:
            slot = self.limiter.acquire()
            started = time.monotonic()
            try:
                response = self._send(method, path, params, json_body, data, headers, repeatable)
            except httpx.LocalProtocolError:
                raise  # a request this client could not put on the wire (nothing was sent): a bug, not the network
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                failures += 1
                self._log_failure(method, path, exc)
                if failures >= self.retry.attempts:
                    raise NetworkError(self.api, f"Ingen anslutning: {type(exc).__name__}", method=method,
                                       url=path) from None
                self._sleep(self.retry.backoff(failures))
                continue
            except httpx.TransportError as exc:  # sent, but no (complete) answer
                self.counter.increment()
                failures += 1
                self._log_failure(method, path, exc)
                if not repeatable:
                    raise UncertainWrite(self.api, f"Inget svar på en skrivning ({type(exc).__name__}); den kan ha "
                                         "gått igenom och kontrolleras innan den görs igen", method=method,
                                         url=path) from None
                if failures >= self.retry.attempts:
                    raise NetworkError(self.api, f"Inget svar: {type(exc).__name__}", method=method,
                                       url=path) from None
                self._sleep(self.retry.backoff(failures))
                continue
            finally:
                self.limiter.release(slot)

            self.counter.increment()
            self.server_date = _date_header(response) or self.server_date
            if log.isEnabledFor(logging.DEBUG):  # the redaction costs more than the request's other bookkeeping
                log.debug("%s %s %s -> %s (%.0f ms)", self.api, method, redact(str(response.request.url)),
                          response.status_code, (time.monotonic() - started) * 1000)
            if self._on_response is not None:
                self._on_response(response)

            status = response.status_code
            if status < 400 or status in expect:
                return response
            if status == 429:
                rate_limited += 1
                if rate_limited > self.retry.rate_limited_attempts:
                    raise RateLimited(self.api, "För många anrop, försök igen senare", status=429, method=method,
                                      url=path)
                self.limiter.pause(self._rate_limit_pause(response, rate_limited))
                continue
            if status == 401 and not reauthed and self._on_unauthorized is not None and self._on_unauthorized(response):
                reauthed = True
                continue
            if status >= 500:
                failures += 1
                if not repeatable:
                    raise UncertainWrite(self.api, f"Serverfel {status} på en skrivning; den kan ha gått igenom och "
                                         "kontrolleras innan den görs igen", status=status, method=method, url=path)
                if failures < self.retry.attempts:
                    self._sleep(self.retry.backoff(failures))
                    continue
                error = self._error_mapper(response)
                raise ServerError(self.api, error.message, status=status, code=error.code, method=method, url=path)
            raise self._error_mapper(response)

    def _send(self, method: str, path: str, params: Params | None, json_body: Any, data: Mapping[str, str] | None,
              headers: Mapping[str, str] | None, repeatable: bool) -> Answer:
        """One exchange, with the headers every request carries: on :class:`StdlibTransport` straight from the
        request's parts, on any other transport (a proxy's, a test's) through ``httpx.Request``."""
        given = {**self._headers, **self._auth_headers(), **(headers or {})}
        timeouts = self._timeouts[repeatable]
        if self._origin is None:
            request = httpx.Request(method, self._base_url + path, params=params, json=json_body, data=data,
                                    headers=given, extensions={"timeout": timeouts})
            response = self._transport.handle_request(request)
            response.request = request
            return Answer.of(response)
        target = self._target(path, params)
        message = self.message(method, target, json_body, data, given)
        status, head, body = self._transport.exchange(  # type: ignore[attr-defined]
            self._origin, method, message, timeouts["connect"], timeouts["read"])
        return Answer(status, head, decoded(head, body), Sent(method, self._site + target.decode("ascii"), given))

    def _target(self, path: str, params: Params | None) -> bytes:
        """The request line's target, as httpx spells it for ``base_url + path`` and ``params``: taken as it is when
        nothing in it needs escaping or normalising (the clients' own paths), else made by httpx."""
        if not params and _PLAIN_PATH.fullmatch(path) and "/." not in path:
            return (self._base_path + path).encode("ascii")
        url = self._base_url + path
        return (httpx.URL(url) if params is None else httpx.URL(url, params=params)).raw_path

    def message(self, method: str, target: bytes, json_body: Any, data: Mapping[str, str] | None,
                given: Mapping[str, str]) -> bytes:
        """The request as it goes on the wire, byte for byte what ``httpx.Request`` would make of the same parts
        (``transport._message``): Host first, a bodiless POST, PUT or PATCH with a zero length, then the headers
        given, then the body's length and type unless given."""
        body = b""
        content: dict[str, str] = {}
        if json_body is not None:
            body = json.dumps(json_body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
            content = {"Content-Length": str(len(body)), "Content-Type": "application/json"}
        elif data:
            body = urllib.parse.urlencode(data, doseq=True).encode("utf-8")
            content = {"Content-Length": str(len(body)), "Content-Type": "application/x-www-form-urlencoded"}
        names = {name.lower() for name in given}
        lines = [b"%s %s HTTP/1.1" % (method.encode("ascii"), target)]
        if "host" not in names:
            lines.append(b"Host: " + self._netloc)
        if not content and method in ("POST", "PUT", "PATCH") and not names & {"content-length", "transfer-encoding"}:
            lines.append(b"Content-Length: 0")
        sent = {**given, **{n: v for n, v in content.items() if n.lower() not in names}}
        lines.extend(header_line(name.encode("ascii"), value.encode("ascii")) for name, value in sent.items())
        return b"\r\n".join(lines) + b"\r\n\r\n" + body

    def _rate_limit_pause(self, response: Answer, attempt: int) -> float:
        for header in ("Retry-After", "X-RateLimit-Reset"):
            value = response.headers.get(header)
            if value:
                try:
                    seconds = float(value)
                except ValueError:
                    continue
                if seconds > 0:  # Upsales sends X-RateLimit-Reset: -2 and 0: no usable wait, back off instead
                    return seconds
        # No header (Fortnox sends none): wait a growing share of the window, with jitter so threads spread out.
        window = self.limiter.limit.window
        step = window / self.limiter.limit.requests * 2**attempt
        return min(self.retry.max_delay, step) + random.uniform(0, 0.1 * window)

    def _log_failure(self, method: str, path: str, exc: Exception) -> None:
        log.warning("%s %s %s failed: %s", self.api, method, redact(path), type(exc).__name__)

    def json(self, response: Answer) -> Any:
        """The response body as JSON, or ``MalformedResponse`` when the service sent something else."""
        try:
            return response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            snippet = response.text[:120].replace("\n", " ")
            raise MalformedResponse(self.api, f"Svaret är inte JSON: {snippet!r}", status=response.status_code,
                                    method=response.request.method, url=str(response.request.url.path)) from None


def _date_header(response: Answer) -> datetime | None:
    """The ``Date`` an answer carries, as an aware UTC datetime (None when missing or unreadable)."""
    return _parse_date(response.headers.get("date"))


@functools.lru_cache(maxsize=4)  # the header changes once a second: parsed once, not at every answer
def _parse_date(value: str | None) -> datetime | None:
    try:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError):
        return None
    return parsed.astimezone(UTC) if parsed is not None and parsed.tzinfo is not None else None
