"""Which Fortnox app registration the app signs in with: the one built into this copy of Fortsync
(``fortnox_app.toml``, filled by ``packaging/build.py`` at build time; an empty placeholder in the repository), or
``FORTSYNC_FORTNOX_CLIENT_ID``/``_CLIENT_SECRET`` (development, own test apps). An accounting bureau with its own
registration enters it in the wizard under "Avancerat" instead (kept per profile: the id in the settings, the secret
in the keyring). The client secret is never logged: it is registered with the redactor as soon as it is read.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from fortsync_gui.clients.redact import register_secret

CONFIG = Path(__file__).resolve().with_name("fortnox_app.toml")
DEFAULT_REDIRECT_PORT = 47613
CALLBACK = "/fortsync/fortnox-callback"


@dataclass(frozen=True)
class AppRegistration:
    client_id: str
    client_secret: str
    redirect_port: int = DEFAULT_REDIRECT_PORT
    source: str = "packaged"  # packaged | environment | none

    @property
    def configured(self) -> bool:
        return bool(self.client_id and self.client_secret)

    @property
    def redirect_uri(self) -> str:
        return f"http://127.0.0.1:{self.redirect_port}{CALLBACK}"


def load(env: Mapping[str, str] | None = None, path: Path = CONFIG) -> AppRegistration:
    env = os.environ if env is None else env
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        data = {}
    port = int(data.get("redirect_port") or DEFAULT_REDIRECT_PORT)
    client_id = env.get("FORTSYNC_FORTNOX_CLIENT_ID", "").strip()
    secret = env.get("FORTSYNC_FORTNOX_CLIENT_SECRET", "").strip()
    if client_id and secret:
        found = AppRegistration(client_id, secret, port, "environment")
    else:
        client_id, secret = str(data.get("client_id") or ""), str(data.get("client_secret") or "")
        found = AppRegistration(client_id, secret, port, "packaged" if client_id and secret else "none")
    register_secret(found.client_secret or None)
    return found
