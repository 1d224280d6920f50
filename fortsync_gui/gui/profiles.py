"""The store's profiles as the wizard sees them (:class:`ProfileDraft`), and the real app's environment.

The wizard hands over settings only; the profile's secrets are already in the keyring under its name.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date

from fortsync_gui import store
from fortsync_gui.secrets import SecretStore
from fortsync_gui.store import ProfileSettings, profiles
from fortsync_gui.store.models import Profile

from .controller import Environment
from .wizard import Endpoints, Module, ProfileDraft


def default_endpoints() -> Endpoints:
    """The real services, or what ``FORTSYNC_*_URL`` / ``FORTSYNC_FORTNOX_CLIENT_ID`` (DESIGN.md §4) say."""
    env = os.environ.get
    return Endpoints(
        upsales_url=env("FORTSYNC_UPSALES_URL") or "https://integration.upsales.com/api/v2",
        fortnox_url=env("FORTSYNC_FORTNOX_URL") or "https://api.fortnox.se",
        fortnox_auth_url=env("FORTSYNC_FORTNOX_AUTH_URL") or "https://apps.fortnox.se",
        fortnox_client_id=env("FORTSYNC_FORTNOX_CLIENT_ID") or "",
    )


def draft_of(profile: Profile, defaults: Endpoints | None = None) -> ProfileDraft:
    s = profile.settings
    defaults = defaults or default_endpoints()
    return ProfileDraft(
        name=profile.name,
        endpoints=Endpoints(s.upsales_api_url or defaults.upsales_url, s.fortnox_api_url or defaults.fortnox_url,
                            s.fortnox_auth_url or defaults.fortnox_auth_url,
                            s.fortnox_client_id or defaults.fortnox_client_id),
        module=Module(s.module.value),
        fallback_user_id=s.fallback_user_id or 0,
        won_stage_id=s.won_stage_id or 0,
        lost_stage_id=s.lost_stage_id or 0,
        offer_stage_id=s.offer_stage_id,
        price_list=s.price_list or "",
        match_duplicates=s.match_existing,
    )


def settings_of(draft: ProfileDraft, current: ProfileSettings) -> ProfileSettings:
    """``current`` with the wizard's choices; what the wizard does not show (thresholds, cursors' state) is kept."""
    return replace(
        current,
        module=store.Module(draft.module.value),
        fallback_user_id=draft.fallback_user_id,
        won_stage_id=draft.won_stage_id,
        lost_stage_id=draft.lost_stage_id,
        offer_stage_id=draft.offer_stage_id,
        price_list=draft.price_list,
        upsales_api_url=draft.endpoints.upsales_url,
        fortnox_api_url=draft.endpoints.fortnox_url,
        fortnox_auth_url=draft.endpoints.fortnox_auth_url,
        fortnox_client_id=draft.endpoints.fortnox_client_id,
        match_existing=draft.match_duplicates,
    )


class StoreProfiles:
    """:class:`~fortsync_gui.gui.controller.ProfileRepository` over the store (``FORTSYNC_DB_URL`` by default)."""

    def __init__(self, url: str | None = None, *, send_won_since: date | None = None) -> None:
        """``send_won_since``: new profiles send the deals won from this day (default: the day they are created)."""
        self.store = store.open_store(url)
        self.send_won_since = send_won_since

    def list(self) -> list[ProfileDraft]:
        with self.store.session() as session:
            return [draft_of(p) for p in profiles.list_profiles(session)]

    def save(self, draft: ProfileDraft) -> None:
        with self.store.session() as session:
            existing = profiles.get_profile(session, draft.name)
            if existing is None:
                new = ProfileSettings(send_won_since=self.send_won_since)
                profiles.create_profile(session, draft.name, settings_of(draft, new))
            else:
                profiles.update_profile(session, draft.name, settings=settings_of(draft, existing.settings))


def default_environment() -> Environment:
    """The installed app: the OS keyring, the store, the real services. The Fortnox app registration comes from
    ``FORTSYNC_FORTNOX_CLIENT_ID``/``_SECRET``; its secret is saved with each profile so headless runs find it."""
    from .preview import make_preview  # it builds on this module's settings_of

    secrets = SecretStore()
    return Environment(secrets=secrets, profiles=StoreProfiles(), endpoints=default_endpoints(),
                       fortnox_client_secret=os.environ.get("FORTSYNC_FORTNOX_CLIENT_SECRET", ""),
                       own_fortnox_app=True, preview=make_preview(secrets))
