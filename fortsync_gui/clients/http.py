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
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from .errors import ApiError, InsecureUrl, MalformedResponse, NetworkError, RateLimited, ServerError, UncertainWrite
from .ratelimit import SlidingWindowLimiter
from .redact import redact
from .tls import ssl_context
from .transport import is_loopback_host, transport_for

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


ErrorMapper = Callable[[httpx.Response], ApiError]


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
        on_unauthorized: Callable[[httpx.Response], bool] | None = None,
        on_response: Callable[[httpx.Response], None] | None = None,
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
        self._timeouts = {repeatable: httpx.Timeout(self.timeout if repeatable else self.write_timeout).as_dict()
                          for repeatable in (True, False)}

    def close(self) -> None:
        self._transport.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | list[tuple[str, Any]] | None = None,
        json_body: Any = None,
        data: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        repeatable: bool | None = None,
        expect: tuple[int, ...] = (),
    ) -> httpx.Response:
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
                request = httpx.Request(method, self._base_url + path, params=params, json=json_body, data=data,
                                        headers={**self._headers, **self._auth_headers(), **(headers or {})},
                                        extensions={"timeout": self._timeouts[repeatable]})
                response = self._transport.handle_request(request)
                response.request = request
                response.read()
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

    def _rate_limit_pause(self, response: httpx.Response, attempt: int) -> float:
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

    def json(self, response: httpx.Response) -> Any:
        """The response body as JSON, or ``MalformedResponse`` when the service sent something else."""
        try:
            return response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            snippet = response.text[:120].replace("\n", " ")
            raise MalformedResponse(self.api, f"Svaret är inte JSON: {snippet!r}", status=response.status_code,
                                    method=response.request.method, url=str(response.request.url.path)) from None


def _date_header(response: httpx.Response) -> datetime | None:
    """The ``Date`` an answer carries, as an aware UTC datetime (None when missing or unreadable)."""
    return _parse_date(response.headers.get("date"))


@functools.lru_cache(maxsize=4)  # the header changes once a second: parsed once, not at every answer
def _parse_date(value: str | None) -> datetime | None:
    try:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError):
        return None
    return parsed.astimezone(UTC) if parsed is not None and parsed.tzinfo is not None else None
