"""An answer as the clients read it, and the request it answers: what ``HttpApi.request`` returns.

Why not ``httpx.Response``: building an ``httpx.Request`` (its URL parsed and checked, its headers normalised) and an
``httpx.Response`` for each exchange cost more of the client's CPU than sending it and reading the answer
(``benchmarks/http_transport.py``), and a first import sends about two requests per record. The clients read only
what is here, with httpx's names: ``status_code``, ``headers``, ``content``, ``text``, ``json()`` and the
``request``'s ``method``, ``url`` and ``headers`` (made when asked for: error texts, the debug log and the 401
handling read them, the answers that go well do not).
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Mapping
from functools import cached_property
from typing import Any

import httpx


class Head:
    """An answer's header lines as the bytes that came (httpx takes a text value only when it is ASCII, and a file
    name in UTF-8 is not), looked up as text without regard to case, the way ``http.client``'s own checks and the
    clients do (``HTTPMessage``'s and ``httpx.Headers``' reading API)."""

    __slots__ = ("_values", "raw")

    def __init__(self, raw: list[tuple[bytes, bytes]]) -> None:
        self.raw = raw
        # by lower-case name, made once: an answer is looked up about nine times (its length, encoding, type, date,
        # limits, http.client's connection checks); parsed and looked up so, 15 µs instead of 23 scanning every line
        self._values: dict[str, list[str]] = {}
        for name, value in raw:
            self._values.setdefault(name.decode("latin-1").lower(), []).append(value.decode("latin-1"))

    @classmethod
    def parse(cls, lines: list[bytes]) -> Head:
        """The header lines as ``http.client`` reads them (the empty line that ends them last)."""
        if not lines or lines[-1] not in (b"\r\n", b"\n"):
            raise http.client.HTTPException("Svarets huvud tog slut för tidigt")
        raw: list[tuple[bytes, bytes]] = []
        for line in lines[:-1]:
            if line[:1] in (b" ", b"\t") and raw:  # an old-style continuation line: part of the header above
                name, value = raw[-1]
                raw[-1] = (name, value + b" " + line.strip(b" \t\r\n"))
                continue
            name, colon, value = line.partition(b":")
            if not colon or not name or name.strip(b" \t") != name:
                raise http.client.HTTPException(f"Felaktig rad i svarets huvud: {line[:40]!r}")
            raw.append((name, value.strip(b" \t\r\n")))
        return cls(raw)

    def get_all(self, name: str, failobj: list[str] | None = None) -> list[str] | None:
        found = self._values.get(name.lower())
        return list(found) if found else failobj

    def get(self, name: str, failobj: str | None = None) -> str | None:
        found = self.get_all(name)
        return found[0] if found else failobj

    def __getitem__(self, name: str) -> str:
        found = self.get_all(name)
        if not found:
            raise KeyError(name)
        return ", ".join(found)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get_all(name) is not None

    def items(self) -> list[tuple[str, str]]:
        return [(name.decode("latin-1"), value.decode("latin-1")) for name, value in self.raw]


class Sent:
    """The request an answer is to: its method, and its address and headers as httpx gives them (made when asked)."""

    def __init__(self, method: str, url: str, headers: Mapping[str, str]) -> None:
        self.method = method
        self._url = url
        self._headers = headers

    @classmethod
    def of(cls, request: httpx.Request) -> Sent:
        sent = cls(request.method, "", {})
        sent.__dict__.update(url=request.url, headers=request.headers)  # the cached properties, made already
        return sent

    @cached_property
    def url(self) -> httpx.URL:
        return httpx.URL(self._url)

    @cached_property
    def headers(self) -> httpx.Headers:
        return httpx.Headers(self._headers)


class Answer:
    """One answer, its body read (and decoded when the service packed it)."""

    __slots__ = ("content", "headers", "request", "status_code")

    def __init__(self, status_code: int, headers: Head, content: bytes, request: Sent) -> None:
        self.status_code = status_code
        self.headers = headers
        self.content = content
        self.request = request

    @classmethod
    def of(cls, response: httpx.Response) -> Answer:
        """An httpx answer (from a transport other than ``StdlibTransport``: a proxy's, a test's), read."""
        response.read()
        return cls(response.status_code, Head(response.headers.raw), response.content, Sent.of(response.request))

    @property
    def text(self) -> str:
        """The body as text, in the charset the answer names (UTF-8 when it names none), as httpx decodes it."""
        _, _, params = (self.headers.get("content-type") or "").partition(";")
        charset = "utf-8"
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.lower() == "charset" and value.strip("\"' "):
                charset = value.strip("\"' ")
        try:
            return self.content.decode(charset, errors="replace")
        except LookupError:  # a charset Python does not know
            return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        return json.loads(self.content)


def decoded(head: Head, body: bytes) -> bytes:
    """The body as the service meant it: unpacked by httpx's own decoders when it came packed (``Content-Encoding``,
    which the clients ask for)."""
    encoding = head.get("content-encoding")
    if not encoding or encoding.strip().lower() == "identity":
        return body
    return httpx.Response(200, headers=head.raw, content=body).content
