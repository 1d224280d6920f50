"""Runs, their audit trail, counts and the CSV rows of the sync report; recovery of runs that died."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import update
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from fortsync_gui.store import Action, EntityKind, Outcome, RunStatus, Store, locks, open_store, profiles, runs
from fortsync_gui.store.columns import EnumText, utcnow
from fortsync_gui.store.errors import LockNotHeld
from fortsync_gui.store.models import Profile, Run, RunLock

COMPANY, PRODUCT = EntityKind.COMPANY, EntityKind.PRODUCT


def test_a_run_needs_the_profile_lock(session: Session, profile: Profile) -> None:
    with pytest.raises(LockNotHeld):
        runs.start_run(session, profile.id, owner="nobody")
    assert locks.acquire(session, profile.id, "me")
    with pytest.raises(LockNotHeld):
        runs.start_run(session, profile.id, owner="someone else")
    run = runs.start_run(session, profile.id, owner="me", dry_run=True)
    assert run.status is RunStatus.RUNNING and run.dry_run and run.finished_at is None


def test_items_counts_and_finish(session: Session, profile: Profile, run: Run) -> None:
    runs.record_item(session, run.id, COMPANY, Action.CREATE, Outcome.OK, upsales_id=10, fortnox_id="K10",
                     label="Kaffebolaget AB", after={"Name": "Kaffebolaget AB"})
    runs.record_item(session, run.id, COMPANY, Action.UPDATE, Outcome.OK, upsales_id=11, fortnox_id="K11",
                     before={"Phone1": "08-1"}, after={"Phone1": "08-2"})
    runs.record_item(session, run.id, COMPANY, Action.UPDATE, Outcome.FAILED, upsales_id=12,
                     error_key="fortnox.validation", error_text="Ogiltigt organisationsnummer")
    runs.record_item(session, run.id, PRODUCT, Action.UPDATE, Outcome.SKIPPED, fortnox_id="A1")
    runs.add_count(session, run.id, PRODUCT, "unchanged", 250)
    assert runs.heartbeat(session, run.id, requests={"fortnox": 3}) is True

    finished = runs.finish_run(session, run.id, RunStatus.OK, message_key="run.done", message_args={"n": 4},
                               requests={"fortnox": 5, "upsales": 7})
    assert finished.status is RunStatus.OK and finished.finished_at is not None
    assert finished.counts == {"company": {"create": 1, "update": 1, "failed": 1},
                               "product": {"skip": 1, "unchanged": 250}}
    assert finished.requests == {"fortnox": 5, "upsales": 7}
    assert (finished.message_key, finished.message_args) == ("run.done", {"n": 4})

    items = runs.run_items(session, run.id)
    assert [i.seq for i in items] == [1, 2, 3, 4]
    assert items[0].upsales_id == "10" and items[0].at.tzinfo is not None
    with pytest.raises(ValueError):
        runs.finish_run(session, run.id, RunStatus.RUNNING)


def test_dry_run_items_are_planned(session: Session, profile: Profile) -> None:
    assert locks.acquire(session, profile.id, "me")
    run = runs.start_run(session, profile.id, owner="me", dry_run=True)
    runs.record_item(session, run.id, COMPANY, Action.LINK, Outcome.PLANNED, upsales_id=1, fortnox_id="K1")
    runs.record_item(session, run.id, COMPANY, Action.CREATE, Outcome.PLANNED, upsales_id=2)
    assert runs.get_run(session, run.id).counts == {"company": {"link": 1, "create": 1}}  # type: ignore[union-attr]


def test_csv_rows_in_stable_order(session: Session, profile: Profile, run: Run) -> None:
    runs.record_item(session, run.id, COMPANY, Action.UPDATE, Outcome.OK, upsales_id=11, fortnox_id="K11",
                     label="Kaffebolaget AB", before={"Name": "Kaffe AB", "Price": Decimal("10.50")},
                     after={"Name": "Kaffebolaget AB", "Price": Decimal("12.00")})
    runs.record_item(session, run.id, PRODUCT, Action.DELETE, Outcome.FAILED, fortnox_id="A1",
                     error_key="upsales.http", error_text="500")
    rows = runs.run_items_as_rows(session, run.id)
    assert [list(row) for row in rows] == [list(runs.RUN_ITEM_COLUMNS)] * 2
    first = rows[0]
    assert (first["run_id"], first["seq"], first["kind"], first["action"], first["outcome"]) == (
        run.id, 1, "company", "update", "ok")
    assert json.loads(first["before"]) == {"Name": "Kaffe AB", "Price": "10.50"}  # amounts stay exact
    assert first["at"].endswith("+00:00")
    assert rows[1]["before"] is None and rows[1]["error_key"] == "upsales.http"

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=runs.RUN_ITEM_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    parsed = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert parsed[0]["label"] == "Kaffebolaget AB" and parsed[1]["upsales_id"] == ""
    assert runs.run_items_as_rows(session, run.id + 1) == []


def test_list_runs_newest_first(session: Session, profile: Profile) -> None:
    ids = []
    for _ in range(3):
        assert locks.acquire(session, profile.id, "me")
        run = runs.start_run(session, profile.id, owner="me")
        runs.finish_run(session, run.id, RunStatus.OK)
        assert locks.release(session, profile.id, "me")
        ids.append(run.id)
    assert [r.id for r in runs.list_runs(session, profile.id)] == ids[::-1]
    assert [r.id for r in runs.list_runs(session, limit=2)] == ids[:0:-1]
    assert runs.list_runs(session, profile.id + 1) == []


def test_heartbeat_reports_a_lost_lock(session: Session, profile: Profile, run: Run) -> None:
    session.execute(update(RunLock).values(heartbeat_at=utcnow() - timedelta(hours=1)))
    session.commit()
    assert locks.acquire(session, profile.id, "a takeover")
    assert runs.heartbeat(session, run.id) is False


def test_runs_without_a_live_lock_become_interrupted_at_start_up(store: Store, db_url: str) -> None:
    with store.session() as session:
        alive, crashed, stale = (profiles.create_profile(session, name).id for name in ("alive", "crashed", "stale"))
        started = {}
        for pid in (alive, crashed, stale):
            owner = f"owner-{pid}"
            assert locks.acquire(session, pid, owner)
            started[pid] = runs.start_run(session, pid, owner=owner).id
        assert locks.release(session, crashed, f"owner-{crashed}")  # (as if) the row went away
        session.execute(update(RunLock).where(RunLock.profile_id == stale)
                        .values(heartbeat_at=utcnow() - locks.DEFAULT_STALE_AFTER - timedelta(seconds=1)))
        session.commit()

    reopened = open_store(db_url)  # start-up recovery
    with reopened.session() as session:
        status = {pid: runs.get_run(session, run_id).status for pid, run_id in started.items()}  # type: ignore[union-attr]
        assert status == {alive: RunStatus.RUNNING, crashed: RunStatus.INTERRUPTED, stale: RunStatus.INTERRUPTED}
        interrupted = runs.get_run(session, started[crashed])
        assert interrupted is not None and interrupted.finished_at is not None
        assert interrupted.message_key == runs.INTERRUPTED_KEY
        assert runs.mark_interrupted(session) == []
    reopened.close()


def test_audit_lines_wait_for_the_next_commit_and_survive_a_rollback(store: Store, session: Session, run: Run) -> None:
    runs.record_item(session, run.id, COMPANY, Action.CREATE, Outcome.OK, upsales_id=1, fortnox_id="K1")
    with store.session() as other:  # another connection sees nothing yet
        assert runs.run_items(other, run.id) == []
    session.rollback()  # a later step failed: the line of the step before it must not go with the rollback
    runs.record_item(session, run.id, COMPANY, Action.UPDATE, Outcome.FAILED, upsales_id=2)
    session.refresh(run)
    assert run.counts == {"company": {"create": 1, "failed": 1}}  # the runner reads them this way
    session.commit()  # e.g. the next link's commit
    with store.session() as other:
        assert [(i.seq, i.upsales_id) for i in runs.run_items(other, run.id)] == [(1, "1"), (2, "2")]
        assert runs.get_run(other, run.id).counts == {"company": {"create": 1, "failed": 1}}  # type: ignore[union-attr]


def test_lines_and_counts_go_now_and_then_and_a_dead_runs_are_made_whole_from_its_lines(
        store: Store, session: Session, profile: Profile, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runs, "TRAIL_EVERY_S", 3600.0)  # never due by the clock in this test

    def seen() -> tuple[dict[str, dict[str, int]], int]:
        with store.session() as other:
            return runs.get_run(other, run.id).counts, len(runs.run_items(other, run.id))  # type: ignore[union-attr]

    runs.add_count(session, run.id, COMPANY, "unchanged", 5)  # no line to recount it from: written at once
    for n in range(3):
        runs.record_item(session, run.id, COMPANY, Action.CREATE, Outcome.OK, upsales_id=n)
        session.commit()  # each record's own commit: its line and the counts wait for a later one
    assert seen() == ({"company": {"unchanged": 5}}, 0)
    assert runs.get_run(session, run.id).counts == {"company": {"unchanged": 5, "create": 3}}  # type: ignore[union-attr]
    assert len(runs.run_items(session, run.id)) == 3  # the recording session sees its own lines
    runs.heartbeat(session, run.id)
    assert seen() == ({"company": {"unchanged": 5, "create": 3}}, 3)

    monkeypatch.setattr(runs, "FLUSH_ITEMS", 3)  # the third line commits the lines, not the counts
    runs.record_item(session, run.id, COMPANY, Action.CREATE, Outcome.OK, upsales_id=3)
    runs.record_item(session, run.id, COMPANY, Action.UPDATE, Outcome.FAILED, upsales_id=4)
    runs.record_item(session, run.id, PRODUCT, Action.UPDATE, Outcome.SKIPPED, fortnox_id="A1")  # ... and it dies
    assert seen() == ({"company": {"unchanged": 5, "create": 3}}, 6)
    session.execute(update(RunLock).values(heartbeat_at=utcnow() - locks.DEFAULT_STALE_AFTER - timedelta(seconds=1)))
    session.commit()
    with store.session() as other:
        assert runs.mark_interrupted(other) == [run.id]
    assert seen() == ({"company": {"unchanged": 5, "create": 4, "failed": 1}, "product": {"skip": 1}}, 6)


def test_lines_ride_with_a_commit_once_their_time_is_up(store: Store, session: Session, run: Run,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runs, "TRAIL_EVERY_S", 0.0)  # always due: each record's commit takes its line
    for n in range(2):
        runs.record_item(session, run.id, COMPANY, Action.CREATE, Outcome.OK, upsales_id=n)
        session.commit()
        with store.session() as other:
            assert [i.seq for i in runs.run_items(other, run.id)] == list(range(1, n + 2))
            assert runs.get_run(other, run.id).counts == {"company": {"create": n + 1}}  # type: ignore[union-attr]


def test_a_failed_commit_sends_the_lines_again(session: Session, run: Run) -> None:
    runs.record_item(session, run.id, COMPANY, Action.CREATE, Outcome.OK, upsales_id=1)
    runs.write_trail(session)  # sent in the open transaction ...
    session.rollback()  # ... which never commits
    runs.record_item(session, run.id, COMPANY, Action.CREATE, Outcome.OK, upsales_id=2)
    runs.finish_run(session, run.id, RunStatus.OK)
    assert [i.seq for i in runs.run_items(session, run.id)] == [1, 2]
    assert runs.get_run(session, run.id).counts == {"company": {"create": 2}}  # type: ignore[union-attr]


def test_many_waiting_lines_commit_themselves(store: Store, session: Session, run: Run,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runs, "FLUSH_ITEMS", 3)
    for n in range(7):
        runs.record_item(session, run.id, PRODUCT, Action.UPDATE, Outcome.PLANNED, fortnox_id=f"A{n}")
    with store.session() as other:
        assert len(runs.run_items(other, run.id)) == 6
    runs.finish_run(session, run.id, RunStatus.OK)
    with store.session() as other:
        assert [i.seq for i in runs.run_items(other, run.id)] == list(range(1, 8))


def _old_run(session: Session, profile: Profile, days_ago: int, items: int) -> int:
    owner = f"owner-{days_ago}"
    assert locks.acquire(session, profile.id, owner)
    run = runs.start_run(session, profile.id, owner=owner)
    for n in range(items):
        runs.record_item(session, run.id, COMPANY, Action.UPDATE, Outcome.OK, upsales_id=n)
    runs.finish_run(session, run.id, RunStatus.OK, requests={"fortnox": 3})
    assert locks.release(session, profile.id, owner)
    session.execute(update(Run).where(Run.id == run.id).values(started_at=utcnow() - timedelta(days=days_ago)))
    session.commit()
    return run.id


def test_prune_items_keeps_the_summaries(session: Session, profile: Profile,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    ancient, old, recent = (_old_run(session, profile, days, 3) for days in (1000, 800, 10))
    assert runs.prune_items(session, timedelta(days=900)) == 3
    assert runs.run_items(session, ancient) == [] and len(runs.run_items(session, old)) == 3
    monkeypatch.delenv(runs.RETENTION_ENV, raising=False)
    assert runs.prune_items(session) == 3  # the default: two years
    assert runs.run_items(session, old) == [] and len(runs.run_items(session, recent)) == 3
    assert runs.prune_items(session) == 0
    summary = runs.get_run(session, ancient)
    assert summary is not None and summary.counts == {"company": {"update": 3}} and summary.requests == {"fortnox": 3}

    monkeypatch.setenv(runs.RETENTION_ENV, "5")
    assert runs.retention() == timedelta(days=5)
    assert runs.prune_items(session) == 3
    monkeypatch.setenv(runs.RETENTION_ENV, "0")  # forever
    assert runs.retention() is None and runs.prune_items(session) == 0


def test_what_waits_for_the_user_is_counted_per_profile_in_one_query(session: Session, profile: Profile) -> None:
    """The run summary's figures (open conflicts, deletions to review or carry out, uncertain creates): the same as
    the lists the user reviews, and another profile's are not counted."""
    from fortsync_gui.store import DeletionStatus, Side, conflicts, deletions, intents, links

    other = profiles.create_profile(session, "other")
    for owner in (profile, other):
        link = links.upsert_link(session, owner.id, COMPANY, 1, "K1")
        conflicts.record_conflict(session, link, "phone", "08-1", "08-2")
        conflicts.record_conflict(session, link, "name", "A", "B")
        deletions.propose_deletion(session, owner.id, COMPANY, reason_key="gone", upsales_id=1)
        intents.begin(session, owner.id, COMPANY, Side.UPSALES, "fortnox:1")
        intents.mark_uncertain(session, owner.id, COMPANY, "fortnox:1", utcnow())
    intents.begin(session, profile.id, COMPANY, Side.UPSALES, "fortnox:2")  # not sent yet: not uncertain
    conflicts.resolve_conflict(session, conflicts.open_conflicts(session, profile.id)[0].id, Side.FORTNOX)
    kept = deletions.propose_deletion(session, profile.id, COMPANY, reason_key="gone", upsales_id=2)
    deletions.keep_record(session, kept.id)
    confirmed = deletions.propose_deletion(session, profile.id, COMPANY, reason_key="gone", upsales_id=3)
    deletions.confirm_deletion(session, confirmed.id)
    assert runs.waiting(session, profile.id) == runs.Waiting(1, 2, 1) == (
        len(conflicts.open_conflicts(session, profile.id)), len(deletions.list_deletions(session, profile.id)),
        len(intents.uncertain(session, profile.id)))
    assert runs.waiting(session, other.id) == (2, 1, 1)
    assert {d.status for d in deletions.list_deletions(session, profile.id)} == {DeletionStatus.PENDING,
                                                                                DeletionStatus.CONFIRMED}


def test_enum_columns_take_members_and_their_values_only() -> None:
    column = EnumText(Action)
    dialect = sqlite.dialect()
    assert column.process_bind_param(Action.CREATE, dialect) == column.process_bind_param("create", dialect) == "create"
    assert column.process_bind_param(None, dialect) is None
    with pytest.raises(ValueError):
        column.process_bind_param("no-such-action", dialect)
    with pytest.raises(ValueError):
        column.process_bind_param(Outcome.OK, dialect)  # another enum's member is not this one's
