"""Keys never travel in clear (issue 9, item 3): with a plain-http service address and ``HTTP_PROXY`` pointing at a
listener on 127.0.0.1 (so nothing leaves the machine), ``fortsync sync`` refuses before any connection is made: the
listener receives nothing, and the run stops with a Swedish sentence and its JSON object."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator

import pytest

from tests.cli.conftest import CliEnv


class Listener:
    """A TCP listener on 127.0.0.1 that records every byte sent to it and closes each connection."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.received = b""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            with conn:
                conn.settimeout(0.5)
                with contextlib.suppress(OSError):
                    self.received += conn.recv(65536)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[Listener]:
    listener = Listener()
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, listener.url)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    yield listener
    listener.close()


@pytest.mark.parametrize("variable", ["FORTSYNC_UPSALES_URL", "FORTSYNC_FORTNOX_AUTH_URL", "FORTSYNC_FORTNOX_URL"])
def test_a_plain_http_address_is_refused_before_anything_is_sent(cli_env: CliEnv, proxy: Listener,
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 variable: str) -> None:
    monkeypatch.setenv(variable, "http://fortsync-remote.invalid/api/v2")
    result = cli_env.run("sync", "--settings", str(cli_env.settings()), "--json")
    assert proxy.received == b""  # not the Upsales token, not the app's Basic credentials, not a byte
    assert result.code == 1
    summary = result.json
    assert summary["status"] == "failed" and summary["message_key"] == "settings.insecure_url"
    assert summary["message_args"]["url"] == "http://fortsync-remote.invalid/api/v2"
    assert summary["requests"] == {"fortnox": 0, "upsales": 0}
    assert "bara https:// är tillåtet" in result.err and "Traceback" not in result.err
    assert cli_env.env["FORTSYNC_UPSALES_TOKEN"] not in result.out + result.err
