"""Secret storage and the Fortnox sign-in against the real OS keyring (issue 9, items 2 and 5): GNOME Keyring's
Secret Service on a private D-Bus session (tests/real_keyring.py), shared by the test and the ``fortsync``
processes it starts, so what one process saved is what the next one finds.

The kill test: ``fortsync sync`` is killed (SIGKILL) while Fortnox has rotated its refresh token and the answer is
on its way (a hold on the token endpoint); the next start says the sign-in was lost and asks for a new one."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring
import pytest

from fortsync_gui.clients.fortnox_auth import TokenSet, refresh_interrupted
from fortsync_gui.connection_health import connection_health
from fortsync_gui.sandbox.faults import Fault, FaultKind
from fortsync_gui.secrets import SecretKind, SecretStore, insecure_reason
from tests.cli.conftest import CliEnv
from tests.real_keyring import SecretService, secret_service  # noqa: F401 - the fixture
from tests.sandbox_clients import fortnox_oauth

HANG_GUARD = 240.0  # seconds; a guard against a hang, not a speed requirement


def sign_in(cli_env: CliEnv, store: SecretStore, profile: str) -> TokenSet:
    """The user's own sign-in saved in the keyring, its access token expired (the next call refreshes it)."""
    oauth = fortnox_oauth(cli_env.sandbox)
    tokens = oauth.exchange_code(cli_env.sandbox.fortnox.issue_authorization_code())
    oauth.close()
    expired = replace(tokens, expires_at=datetime.now(UTC) - timedelta(minutes=1))
    store.set(profile, SecretKind.FORTNOX_TOKENS, expired.to_json())
    return expired


def popen_sync(cli_env: CliEnv, settings: Path) -> subprocess.Popen[str]:
    env = cli_env.subprocess_env(PYTHON_KEYRING_BACKEND="keyring.backends.SecretService.Keyring",
                                 FORTSYNC_DATA_DIR=str(cli_env.tmp / "data"))
    env.pop("FORTSYNC_FORTNOX_TENANT_ID")  # the user's sign-in, not the service account
    return subprocess.Popen([sys.executable, "-m", "fortsync_gui", "sync", "--settings", str(settings), "--json"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")


def finish(process: subprocess.Popen[str]) -> tuple[int, dict, str]:
    out, err = process.communicate(timeout=HANG_GUARD)
    lines = out.splitlines()
    assert len(lines) == 1, (out, err)
    return process.returncode, json.loads(lines[0]), err


@pytest.fixture
def real(secret_service: SecretService, cli_env: CliEnv) -> SecretService:  # noqa: F811
    previous = keyring.get_keyring()
    keyring.set_keyring(secret_service.backend)  # the in-process runs use it too
    yield secret_service
    keyring.set_keyring(previous)


def test_secrets_round_trip_in_the_real_secret_service(real: SecretService) -> None:
    store = SecretStore(real.backend)
    assert insecure_reason(real.backend) is None and store.available() == (True, "Keyring")
    store.set(real.profile, SecretKind.UPSALES_TOKEN, "upsales-key-real-1")
    assert SecretStore(real.backend).get(real.profile, SecretKind.UPSALES_TOKEN) == "upsales-key-real-1"
    assert real.items() == [f"{real.profile}:upsales-token"]
    store.delete_profile(real.profile)
    assert store.get(real.profile, SecretKind.UPSALES_TOKEN) is None and real.items() == []


def test_a_sync_in_another_process_rotates_the_sign_in_in_the_real_keyring(cli_env: CliEnv,
                                                                            real: SecretService) -> None:
    store = SecretStore(real.backend)
    before = sign_in(cli_env, store, real.profile)
    code, summary, err = finish(popen_sync(cli_env, cli_env.settings(real.profile)))
    assert code == 0 and summary["status"] == "ok", err
    saved = store.get(real.profile, SecretKind.FORTNOX_TOKENS)
    assert saved and not refresh_interrupted(saved)
    assert TokenSet.from_json(saved).refresh_token != before.refresh_token
    assert connection_health(store, real.profile, env={})["fortnox_tokens"] is True


def test_a_keyring_locked_during_the_run_stops_it_before_the_refresh_token_is_spent(cli_env: CliEnv,
                                                                                    real: SecretService) -> None:
    store = SecretStore(real.backend)
    before = sign_in(cli_env, store, real.profile)
    hold = cli_env.sandbox.add_fault(Fault(FaultKind.HOLD_BEFORE, method="GET"), "upsales")
    process = popen_sync(cli_env, cli_env.settings(real.profile))
    assert hold.wait_held(HANG_GUARD)  # the keyring was read; the run waits on its first request
    real.lock()  # the screen locked, say
    hold.release()
    code, summary, err = finish(process)
    assert code == 1 and summary["message_args"]["reason"] == "fortnox.keyring_locked"
    assert "Lås upp lösenordshanteraren och försök igen" in err and "Traceback" not in err
    real.unlock()
    assert store.get(real.profile, SecretKind.FORTNOX_TOKENS) == before.to_json()  # untouched, and still good:
    code, summary, err = finish(popen_sync(cli_env, cli_env.settings(real.profile)))
    assert code == 0, err


def test_killed_between_receiving_and_saving_the_next_start_says_so(cli_env: CliEnv, real: SecretService) -> None:
    store = SecretStore(real.backend)
    sign_in(cli_env, store, real.profile)
    hold = cli_env.sandbox.add_fault(Fault(FaultKind.HOLD_AFTER, method="POST", path=r"^/oauth-v1/token$"),
                                     "fortnox")
    process = popen_sync(cli_env, cli_env.settings(real.profile))
    assert hold.wait_held(HANG_GUARD)  # Fortnox rotated the token; its answer waits
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=HANG_GUARD)
    hold.release(drop=True)
    saved = store.get(real.profile, SecretKind.FORTNOX_TOKENS)
    assert refresh_interrupted(saved)  # the mark the killed process left
    assert connection_health(store, real.profile, env={})["fortnox_refresh_interrupted"] is True

    code, summary, err = finish(popen_sync(cli_env, cli_env.settings(real.profile)))  # the next start
    assert code == 1 and summary["status"] == "failed" and summary["message_key"] == "auth.fortnox"
    assert summary["message_args"]["reason"] == "fortnox.refresh_lost"
    assert "Logga in i Fortnox igen" in err and "avbröts medan inloggningen i Fortnox förnyades" in err
    assert "Traceback" not in err
