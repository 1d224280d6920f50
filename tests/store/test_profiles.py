"""Profiles and their settings; deleting one takes everything recorded for it along."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fortsync_gui.store import EntityKind, Module, ProfileSettings, Side, Store, cursors, links, profiles
from fortsync_gui.store.errors import ProfileExists, ProfileNotFound
from fortsync_gui.store.models import Link, Profile, Run


def test_create_with_settings_and_read_back_in_another_session(store: Store) -> None:
    settings = ProfileSettings(module=Module.ORDER_OFFER, fallback_user_id=7, won_stage_id=11, lost_stage_id=12,
                               offer_stage_id=13, price_list="A", fortnox_api_url="https://api.fortnox.se",
                               fortnox_client_id="client", deletion_threshold=10, send_won_since=date(2026, 1, 5),
                               match_existing=False, extra={"schedule": "hourly"})
    with store.session() as session:
        profiles.create_profile(session, "  kund-1 ", settings, display_name="Kund 1 AB")
    with store.session() as session:
        profile = profiles.require_profile(session, "kund-1")
        assert profile.display_name == "Kund 1 AB"
        assert profile.settings == settings
        assert profile.module is Module.ORDER_OFFER
        assert profile.created_at.tzinfo is UTC and profile.updated_at.tzinfo is UTC


def test_defaults(session: Session) -> None:
    profile = profiles.create_profile(session, "acme")
    assert profile.display_name == "acme"
    assert profile.settings == ProfileSettings(send_won_since=date.today())  # one rule: the day it is made
    assert profile.deletion_threshold == 25 and profile.initial_import_done is False and profile.match_existing


def test_names_are_unique_and_sensible(session: Session, profile: Profile) -> None:
    with pytest.raises(ProfileExists):
        profiles.create_profile(session, "acme")
    with pytest.raises(ValueError):
        profiles.create_profile(session, "   ")
    with pytest.raises(ValueError):
        profiles.create_profile(session, "x" * 65)
    assert [p.name for p in profiles.list_profiles(session)] == ["acme"]


def test_list_get_update(session: Session, profile: Profile) -> None:
    profiles.create_profile(session, "beta")
    assert [p.name for p in profiles.list_profiles(session)] == ["acme", "beta"]
    assert profiles.get_profile(session, "nope") is None
    with pytest.raises(ProfileNotFound):
        profiles.require_profile(session, "nope")

    updated = profiles.update_profile(session, "acme", settings=replace(profile.settings, initial_import_done=True,
                                                                        price_list="B"))
    assert updated.initial_import_done and updated.price_list == "B"
    assert updated.display_name == "Acme AB"  # untouched
    profiles.update_profile(session, "acme", display_name="Acme Sverige AB")
    assert profiles.require_profile(session, "acme").display_name == "Acme Sverige AB"
    assert profiles.require_profile(session, "acme").price_list == "B"


def test_delete_cascades(session: Session, profile: Profile, run: Run) -> None:
    links.upsert_link(session, profile.id, EntityKind.COMPANY, 1, "K1")
    cursors.set_cursor(session, profile.id, EntityKind.COMPANY, Side.FORTNOX, "2024-01-01 00:00")
    assert profiles.delete_profile(session, "acme") is True
    assert profiles.delete_profile(session, "acme") is False
    assert session.scalar(select(func.count()).select_from(Link)) == 0
    assert session.scalar(select(func.count()).select_from(Run)) == 0
