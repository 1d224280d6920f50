"""Every engine message key has a Swedish sentence that says what to do; settings files are validated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fortsync_gui.cli_output import ITEM_REASONS, MESSAGES, item_reason, message
from fortsync_gui.engine.api import MessageKey
from fortsync_gui.settings_file import SettingsFileError, parse
from fortsync_gui.store import Module

ARGS = {"detail": "x", "missing": ["price_list"], "count": 30, "threshold": 25, "side": "fortnox",
        "kind": "company", "linked": 12, "api": "fortnox", "run_id": 7, "price_list": "Z", "reason": "api.auth",
        "setting": "won_stage_id", "value": 99999, "problem": "settings.won_stage.missing", "profile": "acme"}


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


def _engine_item_keys() -> set[str]:
    """Every audit-trail reason key the engine defines (``NAME = "area.reason"`` constants, plus keys passed
    literally as ``error_key="..."``)."""
    keys: set[str] = set()
    for path in (Path(__file__).resolve().parents[2] / "fortsync_gui" / "engine").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        keys |= set(re.findall(r'^[A-Z_]+ = "((?:document|deletion|product|company)\.[a-z_]+)"', text, re.M))
        keys |= set(re.findall(r'error_key="([a-z_]+\.[a-z_]+)"', text))
    return keys


def test_every_engine_item_reason_has_a_swedish_sentence() -> None:
    keys = _engine_item_keys()
    assert len(keys) >= 18
    assert sorted(keys - set(ITEM_REASONS)) == []
    for key in keys:
        assert item_reason(key).endswith("."), key


def test_item_reason_falls_back_to_the_service_text() -> None:
    assert item_reason("fortnox.2000106", "Kunden finns inte") == "Kunden finns inte"
    assert item_reason(None, None) == ""


def test_send_won_since_is_a_toml_date_kept_in_extra() -> None:
    from datetime import date

    from fortsync_gui.settings_file import SettingsFile
    from fortsync_gui.store import ProfileSettings

    values = parse({"send_won_since": date(2026, 11, 1)})
    assert values == {"send_won_since": "2026-11-01"}
    applied = SettingsFile(Path("acme.toml"), values).apply(ProfileSettings(extra={"x": 1}))
    assert applied.extra == {"x": 1, "send_won_since": "2026-11-01"}
    with pytest.raises(SettingsFileError, match="datum utan citattecken"):
        parse({"send_won_since": "2026-11-01"})
