"""The store's profiles as the wizard sees them (:class:`ProfileDraft`) and back: the wizard's choices on top of a
profile's settings, and where a new profile's services are. Used by the profile repository (:mod:`.profiles`) and
the wizard's preview (:mod:`.preview`), which depend on this module and not on each other."""

from __future__ import annotations

import os
from dataclasses import replace

from fortsync_gui import app_registration, store
from fortsync_gui.store import ProfileSettings
from fortsync_gui.store.models import Profile

from .wizard import Endpoints, Module, ProfileDraft


def default_endpoints() -> Endpoints:
    """The real services and the built-in Fortnox app, or what ``FORTSYNC_*_URL`` / ``FORTSYNC_FORTNOX_CLIENT_ID``
    (docs/headless.md) say."""
    env = os.environ.get
    return Endpoints(
        upsales_url=env("FORTSYNC_UPSALES_URL") or "https://integration.upsales.com/api/v2",
        fortnox_url=env("FORTSYNC_FORTNOX_URL") or "https://api.fortnox.se",
        fortnox_auth_url=env("FORTSYNC_FORTNOX_AUTH_URL") or "https://apps.fortnox.se",
        fortnox_client_id=env("FORTSYNC_FORTNOX_CLIENT_ID") or app_registration.load().client_id,
    )


def draft_of(profile: Profile, defaults: Endpoints | None = None) -> ProfileDraft:
    s = profile.settings
    defaults = defaults or default_endpoints()
    # A profile without a day of its own sends the deals won since the day it was made (store.profiles).
    since = s.send_won_since or (profile.created_at.date() if profile.created_at else None)
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
        send_won_since=since,
        draft=s.draft,
    )


def settings_of(draft: ProfileDraft, current: ProfileSettings) -> ProfileSettings:
    """``current`` with the wizard's choices; what the wizard does not show (thresholds, cursors' state) is kept, and
    so is ``current``'s day to send won deals from when the draft has none. A choice not made yet (a draft's 0 or
    empty price list) is stored as none."""
    return replace(
        current,
        module=store.Module(draft.module.value),
        fallback_user_id=draft.fallback_user_id or None,
        won_stage_id=draft.won_stage_id or None,
        lost_stage_id=draft.lost_stage_id or None,
        offer_stage_id=draft.offer_stage_id or None,
        price_list=draft.price_list or None,
        upsales_api_url=draft.endpoints.upsales_url,
        fortnox_api_url=draft.endpoints.fortnox_url,
        fortnox_auth_url=draft.endpoints.fortnox_auth_url,
        fortnox_client_id=draft.endpoints.fortnox_client_id,
        match_existing=draft.match_duplicates,
        send_won_since=draft.send_won_since or current.send_won_since,
        draft=draft.draft,
    )
