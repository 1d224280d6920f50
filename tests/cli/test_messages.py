"""Every engine message key has a Swedish sentence that says what to do; settings files are validated."""

from __future__ import annotations

import pytest

from fortsync_gui.cli_output import MESSAGES, message
from fortsync_gui.engine.api import MessageKey
from fortsync_gui.settings_file import SettingsFileError, parse
from fortsync_gui.store import Module

ARGS = {"detail": "x", "missing": ["price_list"], "count": 30, "threshold": 25, "side": "fortnox",
        "kind": "company", "linked": 12, "api": "fortnox", "run_id": 7, "price_list": "Z", "reason": "api.auth"}


@pytest.mark.parametrize("key", [*MessageKey, "run.items_failed", "run.interrupted"])
def test_every_key_has_a_sentence(key: str) -> None:
    assert key in MESSAGES
    text = message(key, ARGS)
    assert text and "{" not in text and "?" not in text
    assert text.endswith(".")


def test_auth_fortnox_sentence() -> None:
    assert message("auth.fortnox", {}) == ("Inloggningen i Fortnox har gått ut eller återkallats. Logga in i Fortnox "
                                           "igen från Fortsync (Inställningar → Fortnox).")


def test_arguments_are_shown_in_swedish() -> None:
    assert "Prislista (price_list)" in message("settings.incomplete", {"missing": ["price_list"]})
    text = message("guard.side_empty", {"side": "upsales", "kind": "company", "linked": 4})
    assert "Upsales listar inga företag/kunder alls, fast 4 är länkade" in text


def test_secrets_in_arguments_are_redacted() -> None:
    from fortsync_gui.clients.redact import register_secret

    register_secret("hemlig-nyckel-123")
    assert "hemlig-nyckel-123" not in message("service", {"detail": "token=hemlig-nyckel-123"})


def test_settings_file_values() -> None:
    assert parse({"module": "order_offer", "won_stage_id": 3, "price_list": " B "}) == {
        "module": Module.ORDER_OFFER, "won_stage_id": 3, "price_list": "B"}
    for bad in ({"module": "faktura"}, {"lost_stage_id": True}, {"offer_stage_id": 0}, {"price_list": 1},
                {"deletion_threshold": -1}, {"client_secret": "x"}):
        with pytest.raises(SettingsFileError):
            parse(bad)
