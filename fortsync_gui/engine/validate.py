"""The profile's settings, checked against the tenant before anything is written (every entry point: the run checks
them itself). A setting that names a stage, user or price list that does not exist (any more) stops the run with a
Swedish message naming the setting and what to do, before a single record is written."""

from __future__ import annotations

from dataclasses import replace

from fortsync_gui import preflight
from fortsync_gui.domain.fortnox import PriceList
from fortsync_gui.store import Module, ProfileSettings

from .api import MessageKey, StopRun
from .facts import Setup

REQUIRED = ("won_stage_id", "lost_stage_id", "fallback_user_id", "price_list")
# preflight.settings_problems' field -> the setting's name in ProfileSettings and the settings file
SETTING_OF = {"won_stage": "won_stage_id", "lost_stage": "lost_stage_id", "offer_stage": "offer_stage_id",
              "fallback_user": "fallback_user_id", "price_list": "price_list"}


def check_complete(settings: ProfileSettings) -> None:
    missing = [name for name in REQUIRED if getattr(settings, name) in (None, "")]
    if settings.module is Module.ORDER_OFFER and settings.offer_stage_id is None:
        missing.append("offer_stage_id")
    if missing:
        raise StopRun(MessageKey.SETTINGS_INCOMPLETE, missing=missing)


def check_against(settings: ProfileSettings, setup: Setup) -> None:
    """Stages exist with sensible probabilities, the Uppsamlingsanvändare exists and is active, the price list
    exists in Fortnox. The first problem stops the run."""
    if not setup.price_list_exists:
        raise StopRun(MessageKey.PRICE_LIST_MISSING, price_list=settings.price_list)
    stages = list(setup.stages.values())
    users = [replace(u, active=u.active and not u.is_api_key) for u in setup.users]  # an API key is no person
    lists = [PriceList(settings.price_list or "", "")]  # it exists (checked above)
    problems = preflight.settings_problems(preflight.SyncSettings(
        str(settings.module), settings.fallback_user_id, settings.won_stage_id, settings.lost_stage_id,
        settings.offer_stage_id, settings.price_list), stages, users, lists)
    for field, problem in problems.items():
        setting = SETTING_OF.get(field, field)
        raise StopRun(MessageKey.SETTINGS_INVALID, setting=setting, value=getattr(settings, setting, None),
                      problem=problem)
