"""Captures the Fortnox authorization code ("API-kod") from the browser's redirect ("Logga in i Fortnox").

A one-shot HTTP server on ``127.0.0.1`` and a free port serves exactly one path, ``redirect_uri`` points at it, and
:meth:`LoopbackReceiver.wait` blocks (in a worker thread, never the GUI thread) until the browser comes back with the
code, the user declines, the timeout passes or :meth:`LoopbackReceiver.cancel` is called::

    with LoopbackReceiver() as receiver:
        open_browser(oauth.authorization_url(receiver.state, receiver.redirect_uri, scopes))
        code = receiver.wait(timeout=300)

Only a request carrying the ``state`` this receiver generated counts; anything else gets an error page and the
receiver keeps waiting, so a stray or forged request cannot end the sign-in. The browser tab gets a short Swedish
page; the code itself is never logged or echoed.
"""

from __future__ import annotations

import html
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

CALLBACK_PATH = "/fortsync/fortnox-callback"


class LoopbackError(Exception):
    message_key = "fortnox.loopback"


class AccessDenied(LoopbackError):
    """The user declined the integration on Fortnox's consent page (``error=access_denied``)."""

    message_key = "fortnox.access_denied"


class AuthorizationFailed(LoopbackError):
    """Fortnox redirected back with another OAuth error (e.g. ``invalid_scope``)."""

    message_key = "fortnox.authorization_failed"

    def __init__(self, error: str, description: str = "") -> None:
        self.error = error
        self.description = description
        super().__init__(f"{error}: {description}" if description else error)


class LoopbackTimeout(LoopbackError):
    message_key = "fortnox.loopback_timeout"


class LoopbackCancelled(LoopbackError):
    message_key = "fortnox.loopback_cancelled"


_PAGE = """<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>Fortsync</title>
<style>body{{font-family:sans-serif;max-width:36em;margin:4em auto;line-height:1.5;color:#222}}</style></head>
<body><h1>{title}</h1><p>{text}</p></body></html>
"""

_SUCCESS = ("Klart – du kan stänga fliken och gå tillbaka till Fortsync",
            "Fortsync har tagit emot koden från Fortnox och slutför anslutningen.")
_DENIED = ("Integrationen godkändes inte",
           "Du avbröt i Fortnox. Gå tillbaka till Fortsync och klicka på ”Logga in i Fortnox” igen om du vill "
           "ansluta.")
_FAILED = ("Fortnox kunde inte godkänna integrationen",
           "Fortnox svarade med felet ”{error}”. Gå tillbaka till Fortsync och försök igen.")
_BAD_REQUEST = ("Ogiltig begäran",
                "Den här adressen hör inte till inloggningen som pågår i Fortsync. Starta inloggningen från Fortsync.")
_FINISHED = ("Inloggningen är redan klar", "Du kan stänga fliken och gå tillbaka till Fortsync.")


def _page(title: str, text: str) -> bytes:
    return _PAGE.format(title=html.escape(title), text=html.escape(text)).encode("utf-8")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    receiver: LoopbackReceiver


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    timeout = 10  # a browser's idle pre-connection must not hold a thread for long

    def do_GET(self) -> None:
        status, body = self.server.receiver._handle(self.path)
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Referrer-Policy", "no-referrer")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class LoopbackReceiver:
    def __init__(self, *, host: str = "127.0.0.1", port: int = 0, path: str = CALLBACK_PATH,
                 state: str | None = None) -> None:
        self.path = path
        self.state = state or secrets.token_urlsafe(24)
        self._result: str | LoopbackError | None = None
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._server = _Server((host, port), _Handler)
        self._server.receiver = self
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="fortnox-loopback", daemon=True)
        self._thread.start()
        self._closed = False

    @property
    def redirect_uri(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{self.path}"

    def wait(self, timeout: float) -> str:
        """The authorization code; raises a :class:`LoopbackError` subclass otherwise. Closes the server."""
        try:
            if not self._done.wait(timeout):
                self._finish(LoopbackTimeout(f"Ingen inloggning inom {timeout:.0f} s"))
            result = self._result
        finally:
            self.close()
        if isinstance(result, LoopbackError):
            raise result
        assert result is not None
        return result

    def cancel(self) -> None:
        """Makes a pending :meth:`wait` raise :class:`LoopbackCancelled` at once (callable from any thread)."""
        self._finish(LoopbackCancelled("Inloggningen avbröts"))

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> LoopbackReceiver:
        return self

    def __exit__(self, *exc: object) -> None:
        self.cancel()
        self.close()

    def _finish(self, result: str | LoopbackError) -> bool:
        with self._lock:
            if self._done.is_set():
                return False
            self._result = result
            self._done.set()
            return True

    def _handle(self, raw_path: str) -> tuple[int, bytes]:
        url = urlsplit(raw_path)
        if url.path != self.path:
            return 404, _page(*_BAD_REQUEST)
        query = {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        if not secrets.compare_digest(query.get("state", "").encode(), self.state.encode()):
            return 400, _page(*_BAD_REQUEST)
        if self._done.is_set():
            return 409, _page(*_FINISHED)
        error = query.get("error")
        if error == "access_denied":
            self._finish(AccessDenied(query.get("error_description") or error))
            return 200, _page(*_DENIED)
        if error:
            self._finish(AuthorizationFailed(error, query.get("error_description", "")))
            return 200, _page(_FAILED[0], _FAILED[1].format(error=error))
        code = query.get("code")
        if not code:
            return 400, _page(*_BAD_REQUEST)
        self._finish(code)
        return 200, _page(*_SUCCESS)
