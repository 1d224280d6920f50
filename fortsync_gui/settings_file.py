"""The headless settings file (TOML): what the wizard's settings page holds (DESIGN.md §4).

    module = "invoice"            # "invoice" | "order" | "order_offer"  (Modul att synka)
    fallback_user_id = 7          # Uppsamlingsanvändare (Upsales user id)
    won_stage_id = 3              # Vunnen order fas
    lost_stage_id = 4             # Förlorad order fas
    offer_stage_id = 2            # Offertfas (only with "order_offer")
    price_list = "A"              # Fortnox price-list code (Prislista)
    deletion_threshold = 25       # optional: a run that would delete or unlink more stops before writing
    send_won_since = 2026-11-01   # optional: deals won from this day on go to Fortnox (default: the day the
                                  # profile was created; earlier sales are most likely invoiced by hand already)

Every key is optional; a choice left out keeps the profile's current value or, when the profile has none, is filled
from the APIs (:func:`fortsync_gui.engine.defaults.with_defaults`); ``send_won_since`` left out of a new profile is
the day it is made, however complete the rest of the file is. Secrets never go in this file: they come from
the keyring or the ``FORTSYNC_*`` environment variables.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from fortsync_gui.store import Module, ProfileSettings

INT_KEYS = ("fallback_user_id", "won_stage_id", "lost_stage_id", "offer_stage_id")
SEND_WON_SINCE = "send_won_since"
KEYS = ("module", *INT_KEYS, "price_list", "deletion_threshold", SEND_WON_SINCE)


class SettingsFileError(ValueError):
    """The file cannot be used; the message is a Swedish sentence that says what to fix."""


@dataclass(frozen=True)
class SettingsFile:
    path: Path
    values: dict[str, Any]  # only the keys the file sets, validated and typed

    @property
    def profile_name(self) -> str:
        return self.path.stem

    def apply(self, settings: ProfileSettings) -> ProfileSettings:
        """``settings`` with the file's values on top."""
        return replace(settings, **self.values)


def load(path: str | Path) -> SettingsFile:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SettingsFileError(f"Inställningsfilen {path} finns inte. Kontrollera sökvägen.") from None
    except OSError as exc:
        raise SettingsFileError(f"Inställningsfilen {path} kan inte läsas ({exc.strerror}).") from None
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise SettingsFileError(f"Inställningsfilen {path} är inte UTF-8. Spara den som UTF-8 och försök igen.") \
            from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsFileError(f"Inställningsfilen {path} är inte giltig TOML ({exc}). Rätta filen och försök "
                                "igen.") from None
    return SettingsFile(path, parse(data, str(path)))


def parse(data: dict[str, Any], where: str = "inställningsfilen") -> dict[str, Any]:
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise SettingsFileError(f"Okänd nyckel i {where}: {', '.join(unknown)}. Tillåtna nycklar: {', '.join(KEYS)}.")
    values: dict[str, Any] = {}
    if "module" in data:
        try:
            values["module"] = Module(data["module"])
        except ValueError:
            choices = ", ".join(f'"{m.value}"' for m in Module)
            raise SettingsFileError(f"module i {where} måste vara {choices}, inte {data['module']!r}.") from None
    for key in INT_KEYS:
        if key in data:
            values[key] = _positive_int(data[key], key, where)
    if "price_list" in data:
        code = data["price_list"]
        if not isinstance(code, str) or not code.strip():
            raise SettingsFileError(f"price_list i {where} ska vara Fortnox-prislistans kod som text, t.ex. "
                                    'price_list = "A".')
        values["price_list"] = code.strip()
    if "deletion_threshold" in data:
        values["deletion_threshold"] = _positive_int(data["deletion_threshold"], "deletion_threshold", where,
                                                     allow_zero=True)
    if SEND_WON_SINCE in data:
        day = data[SEND_WON_SINCE]
        if not isinstance(day, date) or isinstance(day, datetime):
            raise SettingsFileError(f"{SEND_WON_SINCE} i {where} ska vara ett datum utan citattecken, t.ex. "
                                    f"{SEND_WON_SINCE} = 2026-11-01.")
        values[SEND_WON_SINCE] = day
    return values


def _positive_int(value: Any, key: str, where: str, *, allow_zero: bool = False) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < (0 if allow_zero else 1):
        raise SettingsFileError(f"{key} i {where} ska vara ett heltal (utan citattecken), t.ex. {key} = 3.")
    return value
