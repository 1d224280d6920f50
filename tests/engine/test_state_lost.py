"""State lost, state shared (issue "Never a duplicate"): a user whose database is gone (a new PC, a deleted file)
starts over on tenants Fortsync already synced; once they say this installation takes over, the run adopts every
link from the stamps and the Upsales custom fields, creates nothing, and says what it adopted (its counts). A second
installation on the same tenants is warned before it writes."""

from __future__ import annotations

import uuid
from collections import Counter
from pathlib import Path

import pytest

from fortsync_gui.engine import installation, session
from fortsync_gui.engine.api import MessageKey
from fortsync_gui.store import ProfileSettings, open_store, profiles

from .conftest import PROFILE, Harness


def counts(summary: object, key: str) -> Counter[str]:
    return Counter({kind: c.get(key, 0) for kind, c in summary.counts.items()})  # type: ignore[attr-defined]


def test_a_lost_database_loses_nothing_every_link_is_adopted_and_nothing_created(make_harness: object,
                                                                                  tmp_path: Path) -> None:
    h: Harness = make_harness(module="order_offer")  # type: ignore[operator]
    assert h.sync().status == "ok" and h.sync().writes == 0
    settings = h.settings()
    fresh = open_store(f"sqlite:///{tmp_path / 'new-pc.db'}")
    with fresh.session() as s:
        profiles.create_profile(s, PROFILE, ProfileSettings(
            module=settings.module, won_stage_id=settings.won_stage_id, lost_stage_id=settings.lost_stage_id,
            offer_stage_id=settings.offer_stage_id, fallback_user_id=settings.fallback_user_id,
            price_list=settings.price_list, send_won_since=settings.send_won_since))
    warned = session.run(fresh, PROFILE, connections=h.conns)  # the tenants carry the first database's marker
    assert (warned.status, warned.message_key) == ("failed", MessageKey.OTHER_INSTALLATION) and warned.writes == 0
    adopted = session.run(fresh, PROFILE, connections=h.conns, take_over=True)  # "Ta över": the same company
    assert adopted.status == "ok", adopted
    assert sum(counts(adopted, "created").values()) == 0, adopted.counts  # nothing made twice
    linked = counts(adopted, "linked")
    assert linked["company"] >= 40 and linked["product"] >= 30 and linked["order"] >= 1 and linked["offer"] >= 1
    again = session.run(fresh, PROFILE, connections=h.conns)
    assert again.writes == 0, again.counts
    fresh.close()
    old = h.sync()  # the first installation is the other one now: warned before it writes
    assert (old.status, old.message_key) == ("failed", MessageKey.OTHER_INSTALLATION) and old.writes == 0


def test_two_installations_on_one_tenant_pair_the_second_is_warned_before_it_writes(make_harness: object,
                                                                                      tmp_path: Path) -> None:
    h: Harness = make_harness()  # type: ignore[operator]
    assert h.sync().status == "ok"
    second = open_store(f"sqlite:///{tmp_path / 'server.db'}")
    with second.session() as s:
        profiles.create_profile(s, PROFILE, h.settings())  # the same settings, set up on another PC
    before = (len(h.conns.fortnox.customer_numbers()), len(h.conns.upsales.account_ids()))
    preview = session.run(second, PROFILE, connections=h.conns, dry_run=True)
    real = session.run(second, PROFILE, connections=h.conns)
    for summary in (preview, real):
        assert summary.message_key == MessageKey.OTHER_INSTALLATION and summary.writes == 0
    assert (len(h.conns.fortnox.customer_numbers()), len(h.conns.upsales.account_ids())) == before
    assert h.sync().status == "ok"  # the first one goes on as before
    second.close()


def test_two_runs_making_the_installation_id_at_once_agree_on_one(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """``sync --all --jobs N`` on a new database: every run asks for the id; the one that loses the race takes the
    winner's id instead of failing."""
    store = open_store(f"sqlite:///{tmp_path / 'fortsync.db'}")
    real = uuid.uuid4
    with store.session() as ours, store.session() as theirs:
        winner: list[str] = []

        def racing_uuid() -> uuid.UUID:
            if not winner:
                winner.append("")
                winner[0] = installation.own_id(theirs)  # the other run commits while this one makes its id
            return real()

        monkeypatch.setattr(installation.uuid, "uuid4", racing_uuid)
        assert installation.own_id(ours) == winner[0] != ""
    store.close()
