"""``fortsync sync`` over a user's Fortnox sign-in (OAuth, single-use refresh tokens) when the keyring misbehaves
(issue 9, item 2): a locked keyring is found before the refresh token is spent; a save that fails after the refresh
keeps the new set in memory, stops the run with a Swedish sentence and a JSON object (no traceback, also with
``--settings``), and the save is retried when asked."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import keyring
import pytest

from fortsync_gui.clients.fortnox_auth import REFRESHING_KEY, TokenSet, refresh_interrupted
from fortsync_gui.engine import connect
from fortsync_gui.secrets import SERVICE, SecretKind, SecretStore
from tests.cli.conftest import CliEnv
from tests.keyrings import RefusingKeyring
from tests.sandbox_clients import fortnox_oauth

PROFILE = "acme"
TOKENS_USER = f"{PROFILE}:{SecretKind.FORTNOX_TOKENS.value}"
UNLOCK = "Lås upp lösenordshanteraren och försök igen"


class MoodyKeyring(RefusingKeyring):
    """Refuses writes while ``refuse(value)`` says so (a locked collection); ``writes``: what it kept, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[str] = []

    def set_password(self, service: str, username: str, password: str) -> None:
        super().set_password(service, username, password)  # a refused write raises before it is counted
        self.writes.append(password)


@pytest.fixture
def moody(cli_env: CliEnv, monkeypatch: pytest.MonkeyPatch) -> Iterator[MoodyKeyring]:
    """The user's own sign-in, not a service account: the OAuth token set in the keyring, its access token expired
    so the first call refreshes it."""
    backend = MoodyKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    monkeypatch.delenv("FORTSYNC_FORTNOX_TENANT_ID")
    oauth = fortnox_oauth(cli_env.sandbox)
    tokens = oauth.exchange_code(cli_env.sandbox.fortnox.issue_authorization_code())
    oauth.close()
    expired = replace(tokens, expires_at=datetime.now(UTC) - timedelta(minutes=1))
    backend.data[(SERVICE, TOKENS_USER)] = expired.to_json()
    yield backend
    keyring.set_keyring(previous)
    connect._unsaved.clear()


def saved(backend: MoodyKeyring) -> str:
    return backend.data[(SERVICE, TOKENS_USER)]


def test_a_locked_keyring_stops_the_run_before_the_refresh_token_is_spent(cli_env: CliEnv,
                                                                          moody: MoodyKeyring) -> None:
    before = saved(moody)
    moody.refuse = lambda value: True
    result = cli_env.run("sync", "--settings", str(cli_env.settings()), "--json")
    assert result.code == 1
    summary = result.json  # one JSON object on stdout, no traceback
    assert summary["status"] == "failed" and summary["message_key"] == "auth.fortnox"
    assert summary["message_args"]["reason"] == "fortnox.keyring_locked"
    assert UNLOCK in result.err and "Traceback" not in result.err
    assert saved(moody) == before  # untouched, and its refresh token still works:
    moody.refuse = lambda value: False
    again = cli_env.run("sync", "--settings", str(cli_env.settings()), "--json")
    assert again.code == 0, again.err
    assert TokenSet.from_json(saved(moody)).refresh_token != TokenSet.from_json(before).refresh_token
    assert not refresh_interrupted(saved(moody))


def test_a_failed_save_after_the_refresh_keeps_the_new_sign_in_and_saves_it_when_asked(
        cli_env: CliEnv, moody: MoodyKeyring) -> None:
    old = TokenSet.from_json(saved(moody))
    moody.refuse = lambda value: REFRESHING_KEY not in value  # the mark goes in; the new set does not
    result = cli_env.run("sync", "--settings", str(cli_env.settings()), "--json")
    assert result.code == 1
    summary = result.json
    assert summary["status"] == "failed" and summary["message_args"]["reason"] == "fortnox.tokens_unsaved"
    assert UNLOCK in result.err and "Traceback" not in result.err
    assert connect.unsaved_profiles() == [PROFILE]  # the new sign-in lives on in this process
    assert refresh_interrupted(saved(moody))  # what a restart now would see

    # the app keeps running: another sync saves first (still refused: stopped, nothing spent) ...
    again = cli_env.run("sync", "--settings", str(cli_env.settings()), "--json")
    assert again.json["message_args"]["reason"] == "fortnox.tokens_unsaved"
    assert not connect.retry_token_save(PROFILE, SecretStore())
    # ... and once the keyring is unlocked, "Försök spara igen" saves the set kept in memory
    moody.refuse = lambda value: False
    assert connect.retry_token_save(PROFILE, SecretStore())
    assert connect.unsaved_profiles() == []
    now_saved = TokenSet.from_json(saved(moody))
    assert now_saved.refresh_token != old.refresh_token and not refresh_interrupted(saved(moody))
    ok = cli_env.run("sync", "--settings", str(cli_env.settings()), "--json")
    assert ok.code == 0, ok.err  # the refresh token kept in memory was the live one: no sign-in needed


def test_the_next_sync_saves_a_set_kept_in_memory_before_using_it(cli_env: CliEnv, moody: MoodyKeyring) -> None:
    moody.refuse = lambda value: REFRESHING_KEY not in value
    assert cli_env.run("sync", "--settings", str(cli_env.settings()), "--json").code == 1
    moody.refuse = lambda value: False
    moody.writes.clear()
    ok = cli_env.run("sync", "--settings", str(cli_env.settings()), "--json")
    assert ok.code == 0, ok.err
    assert connect.unsaved_profiles() == [] and not refresh_interrupted(moody.writes[0])


def test_a_token_request_dropped_before_fortnox_processed_it_is_asked_again_and_the_run_completes(
        cli_env: CliEnv, moody: MoodyKeyring) -> None:
    from fortsync_gui.sandbox.faults import Fault, FaultKind

    before = TokenSet.from_json(saved(moody))
    cli_env.sandbox.fortnox.faults.add(Fault(FaultKind.DROP_BEFORE, method="POST", path=r"^/oauth-v1/token$"))
    result = cli_env.run("sync", "--settings", str(cli_env.settings()), "--json")
    assert result.code == 0, result.err
    assert TokenSet.from_json(saved(moody)).refresh_token != before.refresh_token
    assert not refresh_interrupted(saved(moody))


def test_a_token_answer_lost_after_fortnox_rotated_the_token_says_sign_in_again(cli_env: CliEnv,
                                                                               moody: MoodyKeyring) -> None:
    from fortsync_gui.sandbox.faults import Fault, FaultKind

    cli_env.sandbox.fortnox.faults.add(Fault(FaultKind.DROP_AFTER, method="POST", path=r"^/oauth-v1/token$"))
    result = cli_env.run("sync", "--settings", str(cli_env.settings()), "--json")
    assert result.code == 1 and result.json["message_args"]["reason"] == "fortnox.refresh_lost"
    assert "Logga in i Fortnox igen" in result.err and "Traceback" not in result.err
    assert refresh_interrupted(saved(moody))  # the next start (and the app) says so too
    again = cli_env.run("sync", "--settings", str(cli_env.settings()), "--json")
    assert again.json["message_args"]["reason"] == "fortnox.refresh_lost"


def test_the_terminal_offers_to_save_the_renewed_sign_in_before_the_process_ends(
        cli_env: CliEnv, moody: MoodyKeyring, capsys: pytest.CaptureFixture[str]) -> None:
    """A terminal user is asked to unlock the keyring and press Enter: the sign-in kept in memory would otherwise
    die with the process."""
    from fortsync_gui.cli.sync import offer_token_save

    moody.refuse = lambda value: REFRESHING_KEY not in value
    assert cli_env.run("sync", "--settings", str(cli_env.settings()), "--json").code == 1
    answers = iter(["", ""])  # Enter while still locked, then Enter once unlocked

    def ask(prompt: str) -> str:
        assert "Lås upp lösenordshanteraren" in prompt
        answer = next(answers)
        if len(asked) == 1:
            moody.refuse = lambda value: False  # the user unlocked it meanwhile
        asked.append(prompt)
        return answer

    asked: list[str] = []
    offer_token_save(PROFILE, ask)
    assert len(asked) == 2 and connect.unsaved_profiles() == []
    assert "fortfarande inte" in capsys.readouterr().err
    assert not refresh_interrupted(saved(moody))
    assert cli_env.run("sync", "--settings", str(cli_env.settings()), "--json").code == 0


def test_declining_to_save_says_what_to_do_next(cli_env: CliEnv, moody: MoodyKeyring,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from fortsync_gui.cli.sync import offer_token_save

    moody.refuse = lambda value: REFRESHING_KEY not in value
    cli_env.run("sync", "--settings", str(cli_env.settings()), "--json")
    offer_token_save(PROFILE, lambda prompt: "q")
    assert "Logga in i Fortnox igen" in capsys.readouterr().err and connect.unsaved_profiles() == [PROFILE]
