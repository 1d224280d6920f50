"""What the keyring holds for a profile (never the values), for ``fortsync profiles`` and the app's main window: the
Upsales key, the Fortnox tokens and how old the Fortnox sign-in is."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fortsync_gui.secrets import SecretStore

REFRESH_TOKEN_DAYS = 45  # Fortnox refresh tokens live 45 days (DESIGN.md §5)
REFRESH_WARN_DAYS = 40
ACCESS_TOKEN_LIFETIME = timedelta(hours=1)


def connection_health(secrets: SecretStore, profile: str, *, env: Mapping[str, str] | None = None,
                      now: datetime | None = None) -> dict[str, Any]:
    """What the keyring holds for ``profile`` (never the values): the Upsales key, the Fortnox tokens and the age of
    the single-use refresh token, which lives 45 days; past ~40 days the profile needs a sync (which rotates it) or
    a new sign-in soon."""
    from fortsync_gui.secrets import SecretKind, SecretStoreError

    env = os.environ if env is None else env
    health: dict[str, Any] = {
        "upsales_token": False, "fortnox_tokens": False, "fortnox_refresh_age_days": None, "status": "missing",
        "fortnox_refresh_interrupted": False,  # a refresh started and its result was never saved (see fortnox_auth)
        "env_overrides": sorted(k for k in ("FORTSYNC_UPSALES_TOKEN", "FORTSYNC_FORTNOX_ACCESS_TOKEN",
                                            "FORTSYNC_FORTNOX_CLIENT_ID") if env.get(k, "").strip()),
    }
    try:
        health["upsales_token"] = bool(secrets.get(profile, SecretKind.UPSALES_TOKEN))
        raw = secrets.get(profile, SecretKind.FORTNOX_TOKENS)
    except SecretStoreError as exc:
        health["status"] = "keyring_unavailable"
        health["detail"] = str(exc)
        return health
    refresh_ok = False
    if raw:
        try:
            data = json.loads(raw)
            expires_at = datetime.fromisoformat(data["expires_at"]).astimezone(UTC)
            refresh_ok = bool(data.get("refresh_token"))
            health["fortnox_refresh_interrupted"] = bool(data.get("refreshing_since"))
        except (ValueError, KeyError, TypeError):
            data = None
        if data is not None:
            health["fortnox_tokens"] = True
            issued = expires_at - ACCESS_TOKEN_LIFETIME
            health["fortnox_refresh_age_days"] = round(((now or datetime.now(UTC)) - issued).total_seconds() / 86400,
                                                       1)
    age = health["fortnox_refresh_age_days"]
    if not health["upsales_token"] or not health["fortnox_tokens"] or not refresh_ok:
        health["status"] = "missing"
    elif age >= REFRESH_TOKEN_DAYS:
        health["status"] = "expired"
    elif age >= REFRESH_WARN_DAYS:
        health["status"] = "expiring"
    else:
        health["status"] = "ok"
    return health
