"""R1–R3 as the engine sees them: existing Upsales data is matched rather than duplicated, the Fortnox API-kod's
tokens live in the keyring only (rotated on refresh), and incomplete settings stop a run before it writes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from fortsync_gui.clients.fortnox_auth import FortnoxOAuth
from fortsync_gui.engine import session
from fortsync_gui.engine.api import MessageKey, StopRun
from fortsync_gui.engine.connect import connect
from fortsync_gui.secrets import SecretKind, SecretStore
from fortsync_gui.store import profiles
from tests.unit.test_secrets import MemoryKeyring

from .conftest import TIME_SCALE, Harness


def test_r1_existing_upsales_data_is_offered_for_matching_not_duplicated(harness: Harness) -> None:
    preview = harness.sync(dry_run=True)
    linked = preview.count("company", "linked")
    assert linked and preview.pending_matches >= 1
    created = preview.count("company", "created")
    total = len(harness.conns.fortnox.customer_numbers())
    waiting = len({m["fortnox_id"] for m in preview.suggestions})
    assert created == total - linked - waiting  # matched ones are linked, not created


def test_r2_api_kod_tokens_live_in_the_keyring_rotate_and_never_reach_the_database(harness: Harness,
                                                                                    tmp_path: Path) -> None:
    info = harness.sandbox.info
    secrets = SecretStore(MemoryKeyring())
    oauth = FortnoxOAuth(info.fortnox_auth_url, info.fortnox_client_id, info.fortnox_client_secret)
    tokens = oauth.exchange_code(info.fortnox_api_kod)
    secrets.set("demo", SecretKind.FORTNOX_TOKENS, tokens.to_json())
    secrets.set("demo", SecretKind.FORTNOX_CLIENT_SECRET, info.fortnox_client_secret)
    secrets.set("demo", SecretKind.UPSALES_TOKEN, info.upsales_token)
    settings = replace(harness.settings(), fortnox_api_url=info.fortnox_url, fortnox_auth_url=info.fortnox_auth_url,
                       upsales_api_url=info.upsales_url, fortnox_client_id=info.fortnox_client_id)
    with harness.store.session() as s:
        profiles.update_profile(s, "demo", settings=settings)
    harness.sandbox.clock.advance(2 * 3600)  # the access token (1 h) has expired: the run must refresh first
    summary = session.run(harness.store, "demo", secrets=secrets, env={"FORTSYNC_RATE_SCALE": str(TIME_SCALE)})
    assert summary.status == "ok", summary
    rotated = secrets.get("demo", SecretKind.FORTNOX_TOKENS)
    assert rotated and rotated != tokens.to_json()  # the single-use refresh token was replaced and saved
    database = b"".join(p.read_bytes() for p in tmp_path.glob("*.db*"))
    for secret in (tokens.access_token, tokens.refresh_token, info.upsales_token, info.fortnox_client_secret):
        assert secret.encode() not in database


def test_r2_missing_sign_in_stops_with_what_to_do(harness: Harness) -> None:
    settings = harness.settings()
    secrets = SecretStore(MemoryKeyring())
    secrets.set("demo", SecretKind.UPSALES_TOKEN, "x")
    with pytest.raises(StopRun) as stop:
        connect("demo", replace(settings, fortnox_client_id="fortsync-sandbox"), secrets, env={})
    assert stop.value.key is MessageKey.FORTNOX_AUTH


def test_r3_incomplete_settings_stop_the_run_before_any_write(harness: Harness) -> None:
    harness.configure(price_list=None, won_stage_id=None)
    summary = harness.sync()
    assert summary.status == "failed" and summary.message_key == MessageKey.SETTINGS_INCOMPLETE.value
    assert set(summary.message_args["missing"]) == {"price_list", "won_stage_id"}
    assert summary.writes == 0 and summary.requests["upsales"] == 0


def test_r3_offer_stage_is_required_for_order_and_offer(make_harness: Callable[..., Harness]) -> None:
    h = make_harness(module="order_offer")
    h.configure(offer_stage_id=None)
    summary = h.sync()
    assert summary.message_key == MessageKey.SETTINGS_INCOMPLETE.value
    assert summary.message_args["missing"] == ["offer_stage_id"]
