"""The store's profiles for the app (:class:`StoreProfiles`, as :class:`ProfileDraft`), and the real app's
environment. Saving goes through :mod:`fortsync_gui.engine.profiles`; the drafts' mapping is in :mod:`.drafts`.

The wizard hands over settings only; the profile's secrets are already in the keyring under its name.
"""

from __future__ import annotations

from datetime import date

from fortsync_gui import app_registration, store
from fortsync_gui.engine.profiles import save_profile
from fortsync_gui.secrets import SecretStore
from fortsync_gui.store import ProfileSettings, profiles

from .controller import Environment
from .drafts import default_endpoints, draft_of, settings_of
from .preview import make_preview
from .wizard import ProfileDraft


class StoreProfiles:
    """:class:`~fortsync_gui.gui.controller.ProfileRepository` over the store (``FORTSYNC_DB_URL`` by default)."""

    def __init__(self, url: str | None = None, *, send_won_since: date | None = None) -> None:
        """``send_won_since``: new profiles whose draft names no day send the deals won from this day (default: the
        day they are created)."""
        self.store = store.open_store(url)
        self.send_won_since = send_won_since

    def list(self) -> list[ProfileDraft]:
        with self.store.session() as session:
            return [draft_of(p) for p in profiles.list_profiles(session)]

    def save(self, draft: ProfileDraft) -> None:
        with self.store.session() as session:
            existing = profiles.get_profile(session, draft.name)
            current = existing.settings if existing else ProfileSettings(send_won_since=self.send_won_since)
        save_profile(self.store, draft.name, settings_of(draft, current))


def default_environment() -> Environment:
    """The installed app: the OS keyring, the store, the real services. The Fortnox app registration is the one
    built into this copy (:mod:`fortsync_gui.app_registration`; ``FORTSYNC_FORTNOX_CLIENT_ID``/``_SECRET`` in
    development); its secret is saved with each profile so headless runs find it."""
    secrets = SecretStore()
    registration = app_registration.load()
    return Environment(secrets=secrets, profiles=StoreProfiles(), endpoints=default_endpoints(),
                       fortnox_client_secret=registration.client_secret, own_fortnox_app=True,
                       preview=make_preview(secrets), loopback_port=registration.redirect_port)
