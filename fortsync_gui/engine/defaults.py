"""Sensible settings read from the live APIs (the wizard's defaults, the headless demo's and a settings file's
fallbacks): won = a 100 % stage, lost = a 0 % stage, the offer stage, an active person as Uppsamlingsanvändare,
and the company's default Fortnox price list."""

from __future__ import annotations

from dataclasses import replace

from fortsync_gui import preflight
from fortsync_gui.store import Module, ProfileSettings

from .connect import Connections


def needs_defaults(settings: ProfileSettings) -> bool:
    needed = [settings.won_stage_id, settings.lost_stage_id, settings.fallback_user_id, settings.price_list]
    if settings.module is Module.ORDER_OFFER:
        needed.append(settings.offer_stage_id)
    return any(value in (None, "") for value in needed)


def with_defaults(settings: ProfileSettings, conns: Connections) -> ProfileSettings:
    """``settings`` with every unset choice filled from the APIs. (When won deals start going to Fortnox is one
    rule, set where a profile is made: see :func:`fortsync_gui.store.profiles.create_profile`.)"""
    won, lost, offer = preflight.default_stages(conns.upsales.list_order_stages())
    people = [u for u in conns.upsales.list_users() if u.active and not u.is_api_key]
    fallback = next((u for u in people if u.administrator), people[0] if people else None)
    lists = conns.fortnox.list_price_lists()
    return replace(
        settings,
        won_stage_id=settings.won_stage_id or won,
        lost_stage_id=settings.lost_stage_id or lost,
        offer_stage_id=settings.offer_stage_id or (offer if settings.module is Module.ORDER_OFFER else None),
        fallback_user_id=settings.fallback_user_id or (fallback.id if fallback else None),
        price_list=settings.price_list or preflight.default_price_list(lists),
    )
