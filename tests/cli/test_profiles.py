"""``fortsync profiles``: every profile's module, last run and connection health (from the keyring, never the
secrets themselves)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import keyring.errors
import pytest

from fortsync_gui.cli import connection_health
from fortsync_gui.secrets import MemoryKeyring, SecretKind, SecretStore
from tests.cli.conftest import CliEnv


def tokens(refreshed_days_ago: float) -> str:
    expires = datetime.now(UTC) - timedelta(days=refreshed_days_ago) + timedelta(hours=1)
    return json.dumps({"access_token": "at-secret-value", "refresh_token": "rt-secret-value",
                       "expires_at": expires.isoformat(), "scopes": []})


def test_list_shows_module_last_run_and_health(cli_env: CliEnv, memory_keyring: MemoryKeyring) -> None:
    assert cli_env.run("sync", "--settings", str(cli_env.settings()), "--json").code == 0
    assert cli_env.run("sync", "--settings", str(cli_env.settings("kund-b", 'module = "order"\n')),
                       "--dry-run", "--json").code == 0
    secrets = SecretStore(memory_keyring)
    secrets.set("acme", SecretKind.UPSALES_TOKEN, "up-secret-value")
    secrets.set("acme", SecretKind.FORTNOX_TOKENS, tokens(41))

    text = cli_env.run("profiles")
    assert text.code == 0
    assert "acme" in text.out and "kund-b" in text.out
    assert "bara faktura" in text.out and "bara order" in text.out
    assert "ok, körning 1" in text.out and "(provkörning), körning 2" in text.out
    assert "går snart ut" in text.out and "Upsales-nyckel finns" in text.out
    assert "Fortnox: inte inloggad" in text.out  # kund-b has nothing in the keyring
    for secret in ("up-secret-value", "at-secret-value", "rt-secret-value"):
        assert secret not in text.out

    rows = {row["name"]: row for row in cli_env.run("profiles", "list", "--json").json}
    acme = rows["acme"]
    assert acme["module"] == "invoice" and acme["last_run"]["status"] == "ok"
    assert acme["last_run"]["counts"]["company"]["create"] > 0
    assert acme["health"]["status"] == "expiring" and acme["health"]["upsales_token"] is True
    assert rows["kund-b"]["health"]["status"] == "missing"


def test_health_states() -> None:
    store = SecretStore(MemoryKeyring())
    assert connection_health(store, "p", env={})["status"] == "missing"
    store.set("p", SecretKind.UPSALES_TOKEN, "up-secret-value")
    store.set("p", SecretKind.FORTNOX_TOKENS, tokens(2))
    assert connection_health(store, "p", env={})["status"] == "ok"
    store.set("p", SecretKind.FORTNOX_TOKENS, tokens(46))
    assert connection_health(store, "p", env={})["status"] == "expired"
    assert connection_health(SecretStore(UnreadableKeyring()), "p", env={})["status"] == "keyring_unavailable"
    env = {"FORTSYNC_UPSALES_TOKEN": "x", "FORTSYNC_FORTNOX_CLIENT_ID": "y"}
    assert connection_health(store, "p", env=env)["env_overrides"] == ["FORTSYNC_FORTNOX_CLIENT_ID",
                                                                       "FORTSYNC_UPSALES_TOKEN"]


class UnreadableKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")


def test_show_and_remove(cli_env: CliEnv, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli_env.run("sync", "--settings", str(cli_env.settings()), "--dry-run", "--json").code == 0
    SecretStore(memory_keyring).set("acme", SecretKind.UPSALES_TOKEN, "up-secret-value")
    shown = cli_env.run("profiles", "show", "acme")
    assert shown.code == 0 and "Prislista:" in shown.out and "Senaste körningar:" in shown.out
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    refused = cli_env.run("profiles", "remove", "acme")
    assert refused.code == 2 and "--yes" in refused.err
    removed = cli_env.run("profiles", "remove", "acme", "--yes")
    assert removed.code == 0 and "borttagen" in removed.out
    assert memory_keyring.data == {}
    assert cli_env.run("profiles", "show", "acme").code == 2
    assert cli_env.run("profiles", "list", "--json").json == []


def test_show_names_the_day_won_deals_are_sent_from_and_the_matching(cli_env: CliEnv) -> None:
    settings = cli_env.settings(text='module = "invoice"\nsend_won_since = 2026-11-01\n')
    assert cli_env.run("sync", "--settings", str(settings), "--dry-run", "--json").code == 0
    shown = cli_env.run("profiles", "show", "acme")
    lines = {line.split(":")[0].strip(): line.split(":", 1)[1].strip() for line in shown.out.splitlines()[1:12]}
    assert lines["Skicka vunna affärer från"] == "2026-11-01"
    assert lines["Matcha befintlig data före första importen"] == "ja"
    assert lines["Prislista"] and lines["Modul att synka"] == "bara faktura"
    row = cli_env.run("profiles", "show", "acme", "--json").json
    assert row["settings"]["send_won_since"] == "2026-11-01" and row["settings"]["match_existing"] is True


def test_remove_says_when_the_keyring_entries_stay(cli_env: CliEnv, memory_keyring: MemoryKeyring,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli_env.run("sync", "--settings", str(cli_env.settings()), "--dry-run", "--json").code == 0
    SecretStore(memory_keyring).set("acme", SecretKind.UPSALES_TOKEN, "up-secret-value")

    def locked(service: str, username: str) -> None:
        raise keyring.errors.KeyringLocked("locked")

    monkeypatch.setattr(memory_keyring, "delete_password", locked)
    assert cli_env.run("profiles", "remove", "acme", "--yes", "--json").json == {"removed": "acme",
                                                                                 "secrets_removed": False}
    assert cli_env.run("profiles", "list", "--json").json == []  # the profile is gone all the same
    assert cli_env.run("sync", "--settings", str(cli_env.settings("kund-b")), "--dry-run", "--json").code == 0
    removed = cli_env.run("profiles", "remove", "kund-b", "--yes")
    assert removed.code == 0 and "ta bort dem för hand" in removed.out
