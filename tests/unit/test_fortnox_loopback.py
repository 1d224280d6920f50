"""The loopback receiver behind "Logga in i Fortnox" (R2): success, refusal, stray requests, timeout, cancel."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest

from fortsync_gui.clients.fortnox_auth import FortnoxOAuth
from fortsync_gui.clients.fortnox_loopback import (
    AccessDenied,
    AuthorizationFailed,
    LoopbackCancelled,
    LoopbackReceiver,
    LoopbackTimeout,
)


class _ConsentForm(HTMLParser):
    """The hidden fields of the consent page's form."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.buttons: dict[str, str] = {}  # label -> value
        self._button: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "input" and a.get("type") == "hidden":
            self.fields[a["name"]] = a.get("value", "")
        if tag == "button":
            self._button = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._button is not None and data.strip():
            self.buttons[data.strip()] = self._button
            self._button = None


def click_in_browser(authorization_url: str, button: str = "Godkänn") -> httpx.Response:
    """What the user's browser does: open Fortnox's consent page, click ``button``, follow the redirect."""
    with httpx.Client(follow_redirects=True, timeout=10) as browser:
        page = browser.get(authorization_url)
        assert page.status_code == 200, page.text
        form = _ConsentForm()
        form.feed(page.text)
        action = str(page.url.copy_with(query=None))
        return browser.post(action, data={**form.fields, "action": form.buttons[button]})


def _wait_in_background(receiver: LoopbackReceiver, timeout: float = 60.0):  # a hang guard, not a speed test
    pool = ThreadPoolExecutor(1)
    future = pool.submit(receiver.wait, timeout)
    pool.shutdown(wait=False)
    return future


def test_redirect_uri_is_loopback_on_a_free_port() -> None:
    with LoopbackReceiver() as receiver:
        url = httpx.URL(receiver.redirect_uri)
        assert url.host == "127.0.0.1"
        assert url.port and url.port > 0
        assert url.path == receiver.path


def test_code_with_matching_state_is_returned_and_the_tab_gets_a_swedish_page() -> None:
    receiver = LoopbackReceiver()
    future = _wait_in_background(receiver)
    answer = httpx.get(receiver.redirect_uri, params={"code": "abc123", "state": receiver.state})
    assert answer.status_code == 200
    assert "Klart – du kan stänga fliken och gå tillbaka till Fortsync" in answer.text
    assert "abc123" not in answer.text
    assert future.result() == "abc123"


def test_stray_and_forged_requests_do_not_end_the_sign_in() -> None:
    receiver = LoopbackReceiver()
    future = _wait_in_background(receiver)
    base = receiver.redirect_uri.removesuffix(receiver.path)
    assert httpx.get(f"{base}/favicon.ico").status_code == 404
    assert httpx.get(receiver.redirect_uri, params={"code": "evil", "state": "wrong"}).status_code == 400
    assert httpx.get(receiver.redirect_uri, params={"code": "evil"}).status_code == 400
    assert httpx.get(receiver.redirect_uri, params={"state": receiver.state}).status_code == 400
    assert not future.done()
    httpx.get(receiver.redirect_uri, params={"code": "real", "state": receiver.state})
    assert future.result() == "real"


def test_access_denied_is_reported_with_an_error_page() -> None:
    receiver = LoopbackReceiver()
    future = _wait_in_background(receiver)
    answer = httpx.get(receiver.redirect_uri, params={"error": "access_denied", "state": receiver.state})
    assert "Integrationen godkändes inte" in answer.text
    with pytest.raises(AccessDenied):
        future.result()


def test_other_oauth_errors_are_reported() -> None:
    receiver = LoopbackReceiver()
    future = _wait_in_background(receiver)
    answer = httpx.get(receiver.redirect_uri, params={"error": "invalid_scope", "state": receiver.state,
                                                      "error_description": "<script>x</script>"})
    assert "invalid_scope" in answer.text
    assert "<script>" not in answer.text
    with pytest.raises(AuthorizationFailed) as info:
        future.result()
    assert info.value.error == "invalid_scope"


def test_timeout_closes_the_port() -> None:
    receiver = LoopbackReceiver()
    uri = receiver.redirect_uri
    with pytest.raises(LoopbackTimeout):
        receiver.wait(timeout=0.2)
    with pytest.raises(httpx.ConnectError):
        httpx.get(uri, params={"code": "late", "state": receiver.state})


def test_cancel_from_another_thread_ends_the_wait() -> None:
    """The wait ends with LoopbackCancelled, not with LoopbackTimeout: cancel ended it, not the clock."""
    receiver = LoopbackReceiver()
    threading.Timer(0.1, receiver.cancel).start()
    with pytest.raises(LoopbackCancelled):
        receiver.wait(timeout=3600)


def test_only_the_first_answer_counts() -> None:
    receiver = LoopbackReceiver()
    httpx.get(receiver.redirect_uri, params={"code": "first", "state": receiver.state})
    again = httpx.get(receiver.redirect_uri, params={"code": "second", "state": receiver.state})
    assert again.status_code == 409
    assert receiver.wait(timeout=5) == "first"


def _oauth(sandbox: Any) -> FortnoxOAuth:
    info = sandbox.info
    return FortnoxOAuth(info.fortnox_auth_url, info.fortnox_client_id, info.fortnox_client_secret)


def test_r2_sign_in_end_to_end_against_the_sandbox(sandbox: Any) -> None:
    receiver = LoopbackReceiver()
    future = _wait_in_background(receiver)
    oauth = _oauth(sandbox)
    landing = click_in_browser(oauth.authorization_url(receiver.state, receiver.redirect_uri))
    assert landing.url.host == "127.0.0.1" and landing.url.path == receiver.path
    assert "Klart – du kan stänga fliken och gå tillbaka till Fortsync" in landing.text
    code = future.result()
    tokens = oauth.exchange_code(code, redirect_uri=receiver.redirect_uri)
    assert tokens.access_token and tokens.refresh_token


def test_r2_declining_in_fortnox_reaches_the_app(sandbox: Any) -> None:
    receiver = LoopbackReceiver()
    future = _wait_in_background(receiver)
    landing = click_in_browser(_oauth(sandbox).authorization_url(receiver.state, receiver.redirect_uri), "Avbryt")
    assert "Integrationen godkändes inte" in landing.text
    with pytest.raises(AccessDenied):
        future.result()
