"""Runs, their audit trail, counts and the CSV rows of the sync report; recovery of runs that died."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from fortsync_gui.store import Action, EntityKind, Outcome, RunStatus, Store, locks, open_store, profiles, runs
from fortsync_gui.store.columns import utcnow
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
