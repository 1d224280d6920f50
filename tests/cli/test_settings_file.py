"""Settings files are validated; every value becomes what the profile stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from fortsync_gui.settings_file import SettingsFileError, parse
from fortsync_gui.store import Module


def test_settings_file_values() -> None:
    assert parse({"module": "order_offer", "won_stage_id": 3, "price_list": " B "}) == {
        "module": Module.ORDER_OFFER, "won_stage_id": 3, "price_list": "B"}
    for bad in ({"module": "faktura"}, {"lost_stage_id": True}, {"offer_stage_id": 0}, {"price_list": 1},
                {"deletion_threshold": -1}, {"client_secret": "x"}):
        with pytest.raises(SettingsFileError):
            parse(bad)


def test_send_won_since_is_a_toml_date_and_a_setting_of_its_own() -> None:
    from datetime import date

    from fortsync_gui.settings_file import SettingsFile
    from fortsync_gui.store import ProfileSettings

    values = parse({"send_won_since": date(2026, 11, 1)})
    assert values == {"send_won_since": date(2026, 11, 1)}
    applied = SettingsFile(Path("acme.toml"), values).apply(ProfileSettings(extra={"x": 1}))
    assert applied.send_won_since == date(2026, 11, 1) and applied.extra == {"x": 1}
    with pytest.raises(SettingsFileError, match="datum utan citattecken"):
        parse({"send_won_since": "2026-11-01"})
