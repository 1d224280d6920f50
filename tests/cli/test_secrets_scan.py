"""No secret in any file Fortsync writes (issue 9, item 6): an OAuth sign-in in the browser, then full syncs of the
demo data over that sign-in (its token rotated on the way), reports and CSV, all with debug logging into the log
file; then every file written (database, logs, reports, CSV) and everything printed (stdout, stderr, ``--json``) is
searched for every secret: the Upsales key, the app's client secret and its Basic header, the authorization code,
every access and refresh token the sandbox issued. Zero hits; and every file Fortsync wrote is the user's only."""

from __future__ import annotations

import base64
import logging
import stat
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring
import pytest

from fortsync_gui import logs
from fortsync_gui.clients.fortnox_auth import FortnoxOAuth, OAuthSession, TokenSet
from fortsync_gui.clients.fortnox_loopback import LoopbackReceiver
from fortsync_gui.sandbox.fortnox.tokens import Issued, TokenStore
from fortsync_gui.secrets import SERVICE, SecretKind
from tests.cli.conftest import CliEnv
from tests.sandbox_clients import fortnox_client
from tests.unit.test_fortnox_loopback import click_in_browser


def _secret_needles(secrets: set[str]) -> dict[bytes, str]:
    """Each secret, and for long ones a piece from its middle too (a secret cut short still leaks)."""
    needles: dict[bytes, str] = {}
    for secret in secrets:
        needles[secret.encode()] = secret
        if len(secret) >= 24:
            middle = len(secret) // 2
            needles[secret[middle - 8: middle + 8].encode()] = secret
    return needles


def test_no_secret_reaches_any_file_or_output(cli_env: CliEnv, monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    monkeypatch.setenv("FORTSYNC_LOG_LEVEL", "DEBUG")
    issued: list[Issued] = []
    original = TokenStore._issue

    def recording(self: TokenStore, grant: object, *, refresh: bool) -> Issued:
        result = original(self, grant, refresh=refresh)  # type: ignore[arg-type]
        issued.append(result)
        return result

    monkeypatch.setattr(TokenStore, "_issue", recording)
    monkeypatch.delenv("FORTSYNC_FORTNOX_TENANT_ID")  # the user's own sign-in, not the service account
    info = cli_env.sandbox.info
    printed: list[str] = []

    # 1. "Logga in i Fortnox": the consent page in the browser, the code to the loopback receiver, exchanged
    with logs.to_file(logging.DEBUG):
        oauth = FortnoxOAuth(info.fortnox_auth_url, info.fortnox_client_id, info.fortnox_client_secret)
        receiver = LoopbackReceiver()
        with ThreadPoolExecutor(1) as pool:
            code = pool.submit(receiver.wait, 60.0)
            click_in_browser(oauth.authorization_url(receiver.state, receiver.redirect_uri))
            api_code = code.result()
        tokens = oauth.exchange_code(api_code, redirect_uri=receiver.redirect_uri)
        logging.getLogger("fortsync.test").debug("signed in: %r", tokens)
        with fortnox_client(cli_env.sandbox, OAuthSession(oauth, tokens, lambda ts: None)) as fx:
            assert fx.company_information().company_name
        oauth.close()
    expired = replace(tokens, expires_at=datetime.now(UTC) - timedelta(minutes=1))  # the sync rotates it
    keyring.get_keyring().set_password(SERVICE, f"acme:{SecretKind.FORTNOX_TOKENS.value}", expired.to_json())

    # 2. full syncs, reports and CSV, as a user would run them
    settings = cli_env.settings()
    first = cli_env.run("sync", "--settings", str(settings), "--json")
    assert first.code == 0, first.err
    run_id = first.json["run_id"]
    assert sum(c["created"] for c in first.json["counts"].values()) > 0
    reports = tmp_path / "reports"
    reports.mkdir()
    results = [first, cli_env.run("sync", "--settings", str(settings)),
               cli_env.run("sync", "--settings", str(settings), "--dry-run", "--json"),
               cli_env.run("report", str(run_id)), cli_env.run("report", str(run_id), "--csv"),
               cli_env.run("report", str(run_id), "--csv", "--output", str(reports / "run.csv")),
               cli_env.run("report", str(run_id), "--output", str(reports / "run.txt")),
               cli_env.run("profiles", "show", "acme", "--json"), cli_env.run("profiles", "list")]
    assert all(r.code == 0 for r in results), [r.err for r in results]
    printed += [r.out for r in results] + [r.err for r in results]

    # 3. every secret there was
    rotated = TokenSet.from_json(keyring.get_keyring().get_password(SERVICE, "acme:fortnox-tokens"))
    assert rotated.refresh_token != tokens.refresh_token  # the sync did rotate the sign-in
    secrets = {info.upsales_token, info.fortnox_client_secret, api_code,
               base64.b64encode(f"{info.fortnox_client_id}:{info.fortnox_client_secret}".encode()).decode()}
    secrets |= {i.access_token for i in issued} | {i.refresh_token for i in issued if i.refresh_token}
    assert len(issued) >= 2 and all(len(s) >= 6 for s in secrets)

    log_files = logs.log_files()
    assert log_files and log_files[0].parent == Path(cli_env.tmp / "data" / "logs")
    log_text = "".join(p.read_text(encoding="utf-8") for p in log_files)
    assert " DEBUG " in log_text and "httpx" in log_text and "oauth-v1/token" in log_text  # it did log, in depth
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.suffix == ".db" for p in written) and (reports / "run.csv") in written

    needles = _secret_needles(secrets)
    hits = [(str(p.relative_to(tmp_path)), needles[n][:6] + "…") for p in written for n in needles
            if n in p.read_bytes()]
    hits += [("output", needles[n][:6] + "…") for text in printed for n in needles if n in text.encode()]
    print(f"secrets-scan: {len(secrets)} secrets, {len(needles)} needles, {len(written)} files "
          f"({sum(p.stat().st_size for p in written)} bytes), {len(printed)} outputs: {len(hits)} hits")
    assert hits == [], hits

    # 4. everything Fortsync wrote is the user's only
    ours = [p for p in written if p != settings]
    loose = [(str(p.relative_to(tmp_path)), oct(stat.S_IMODE(p.stat().st_mode))) for p in ours
             if stat.S_IMODE(p.stat().st_mode) & 0o077]
    assert loose == []
    assert stat.S_IMODE((cli_env.tmp / "data" / "logs").stat().st_mode) & 0o077 == 0
