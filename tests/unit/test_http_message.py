"""clients/http.py sends a request on ``StdlibTransport`` without an ``httpx.Request``: what goes on the wire must be
byte for byte what httpx makes of the same parts (``transport._message(httpx.Request(...))``), for the clients'
own paths and anything else a caller may pass, and the answer must read as httpx's does."""

from __future__ import annotations

import gzip
import json
import string
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fortsync_gui.clients.answer import Answer, Head, Sent, decoded
from fortsync_gui.clients.errors import ApiError
from fortsync_gui.clients.http import HttpApi
from fortsync_gui.clients.ratelimit import RateLimit, SlidingWindowLimiter
from fortsync_gui.clients.transport import StdlibTransport, _message

BASES = ["http://127.0.0.1:8080", "http://127.0.0.1:8080/api/v2/", "https://api.fortnox.se", "http://[::1]:9/x",
         "https://integration.upsales.com/api/v2"]
SEGMENT = st.one_of(st.text(string.ascii_letters + string.digits + "-._~", min_size=1, max_size=8),
                    st.text(min_size=1, max_size=6), st.sampled_from([".", "..", "%41", "%zz", "a b", "ö", "?q", "#"]))
PATH = st.lists(SEGMENT, max_size=4).map(lambda parts: "/" + "/".join(parts))
VALUE = st.one_of(st.text(max_size=10), st.integers(-5, 10**6), st.booleans())
PARAMS = st.one_of(st.none(), st.dictionaries(st.text(string.ascii_letters, min_size=1, max_size=6), VALUE,
                                              max_size=3))
JSON = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8)),
                    lambda inner: st.one_of(st.lists(inner, max_size=3),
                                            st.dictionaries(st.text(max_size=5), inner, max_size=3)),
                    max_leaves=8)
HEADERS = st.dictionaries(st.sampled_from(["X-Trace", "Content-Type", "Authorization", "content-length", "Host"]),
                          st.text(string.ascii_letters + string.digits + " /=;-", max_size=12), max_size=3)


def api(base: str, **kw: Any) -> HttpApi:
    return HttpApi("test", base, limiter=SlidingWindowLimiter(RateLimit(100, 1.0)),
                   error_mapper=lambda r: ApiError("test", r.text), transport=StdlibTransport(), **kw)


@settings(max_examples=400)
@given(base=st.sampled_from(BASES), method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"]), path=PATH,
       params=PARAMS, body=st.one_of(st.none(), st.just({}), JSON), form=st.booleans(), headers=HEADERS)
def test_the_request_on_the_wire_is_the_one_httpx_makes(base: str, method: str, path: str, params: Any, body: Any,
                                                         form: bool, headers: dict[str, str]) -> None:
    client = api(base, headers={"Content-Type": "application/json"} if "upsales" in base else None)
    json_body, data = (None, {"grant_type": "x y", "code": str(body)}) if form else (body, None)
    given_headers = {**client._headers, "Authorization": "Bearer abc", **headers}
    try:
        expected = _message(httpx.Request(method, client._base_url + path, params=params, json=json_body, data=data,
                                          headers=given_headers))
    except httpx.InvalidURL:  # a control character: refused the same way, before anything is sent
        with pytest.raises(httpx.InvalidURL):
            client._target(path, params)
        return
    target = client._target(path, params)
    assert client.message(method, target, json_body, data, given_headers) == expected
    sent, theirs = Sent(method, client._site + target.decode("ascii"), given_headers).url, httpx.Request(
        method, client._base_url + path, params=params).url
    assert (sent.scheme, sent.netloc, sent.raw_path, sent.path) == (theirs.scheme, theirs.netloc, theirs.raw_path,
                                                                    theirs.path or "/")


def test_a_header_that_would_split_the_request_is_refused() -> None:
    client = api("http://127.0.0.1:8080")
    for headers in ({"X-A": "1\r\nX-B: 2"}, {"X-A\n": "1"}, {"X:A": "1"}):
        try:
            client.message("GET", b"/", None, None, headers)
        except httpx.LocalProtocolError:
            continue
        raise AssertionError(f"{headers} was accepted")


@given(text=st.text(max_size=20), charset=st.sampled_from([None, "utf-8", "latin-1", "utf-16", "no-such"]),
       packed=st.booleans())
def test_an_answer_reads_as_httpx_reads_it(text: str, charset: str | None, packed: bool) -> None:
    body = json.dumps({"t": text}, ensure_ascii=False).encode(charset if charset in ("latin-1", "utf-16") else "utf-8",
                                                               errors="replace")
    raw = [(b"Content-Type", b"application/json" + (b"; charset=" + charset.encode() if charset else b"")),
           (b"X-RateLimit-Remaining", b"7")]
    sent = body
    if packed:
        raw.append((b"Content-Encoding", b"gzip"))
        sent = gzip.compress(body)
    head = Head(raw)
    ours = Answer(200, head, decoded(head, sent), Sent("GET", "http://127.0.0.1/x", {}))
    theirs = httpx.Response(200, headers=raw, content=sent)
    assert ours.content == theirs.content
    assert ours.headers["x-ratelimit-remaining"] == theirs.headers["X-RateLimit-Remaining"] == "7"
    assert ours.headers.get("date") is None and "content-type" in ours.headers and "date" not in ours.headers
    if charset != "no-such":  # httpx refuses an unknown charset; the clients show the text as UTF-8
        assert ours.text == theirs.text
    try:
        expected = theirs.json()
    except ValueError as exc:  # not JSON (or not in an encoding JSON allows): the same error
        with pytest.raises(type(exc)):
            ours.json()
    else:
        assert ours.json() == expected
