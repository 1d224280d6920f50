"""Runs and their items: the audit trail and the sync report.

A run's ``counts`` are kept up to date as items are recorded: ``{kind: {key: n}}`` where the key is the action
(``create``, ``update``, ...) for items that were done (``ok``) or planned (dry run), ``skip`` for skipped items and
``failed`` for failed ones (see :func:`count_key`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from . import locks
from .columns import dumps, utcnow
from .enums import Action, EntityKind, Outcome, RunStatus
from .errors import LockNotHeld
from .models import RemoteId, Run, RunItem, RunLock, remote_id

RUN_ITEM_COLUMNS = ("run_id", "seq", "at", "kind", "action", "outcome", "upsales_id", "fortnox_id", "label",
                    "before", "after", "error_key", "error_text")
INTERRUPTED_KEY = "run.interrupted"


def start_run(session: Session, profile_id: int, *, owner: str, dry_run: bool = False) -> Run:
    """Start a run of a profile whose lock ``owner`` holds (see :mod:`.locks`); raises :class:`LockNotHeld`."""
    lock = session.get(RunLock, profile_id, populate_existing=True)
    if lock is None or lock.owner != owner:
        raise LockNotHeld(f"profile {profile_id}")
    now = utcnow()
    run = Run(profile_id=profile_id, owner=owner, status=RunStatus.RUNNING, dry_run=dry_run, started_at=now,
              heartbeat_at=now)
    session.add(run)
    session.commit()
    return run


def heartbeat(session: Session, run_id: int, *, requests: Mapping[str, int] | None = None) -> bool:
    """Show the run is alive (and how many requests it has made so far); beats the run lock too. False when the lock
    was lost: another process took it over, so this run must stop writing."""
    run = _run(session, run_id)
    run.heartbeat_at = utcnow()
    if requests is not None:
        run.requests = dict(requests)
    session.commit()
    return locks.heartbeat(session, run.profile_id, run.owner)


def count_key(action: Action, outcome: Outcome) -> str:
    if outcome is Outcome.FAILED:
        return "failed"
    if outcome is Outcome.SKIPPED:
        return Action.SKIP.value
    return Action(action).value


def record_item(
    session: Session,
    run_id: int,
    kind: EntityKind,
    action: Action,
    outcome: Outcome,
    *,
    upsales_id: RemoteId | None = None,
    fortnox_id: RemoteId | None = None,
    label: str | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    error_key: str | None = None,
    error_text: str | None = None,
) -> RunItem:
    """Append one line to the run's audit trail and count it."""
    run = _run(session, run_id)
    last = session.scalar(select(func.max(RunItem.seq)).where(RunItem.run_id == run_id))
    item = RunItem(
        run_id=run_id, seq=(last or 0) + 1, at=utcnow(), kind=kind, action=action, outcome=outcome,
        upsales_id=None if upsales_id is None else remote_id(upsales_id),
        fortnox_id=None if fortnox_id is None else remote_id(fortnox_id),
        label=label, before=None if before is None else dict(before), after=None if after is None else dict(after),
        error_key=error_key, error_text=error_text,
    )
    session.add(item)
    _add_count(run, kind, count_key(action, Outcome(outcome)), 1)
    session.commit()
    return item


def add_count(session: Session, run_id: int, kind: EntityKind, key: str, n: int = 1) -> None:
    """Count without an audit line, e.g. the thousands of records that were already in sync (``unchanged``)."""
    _add_count(_run(session, run_id), kind, key, n)
    session.commit()


def finish_run(
    session: Session,
    run_id: int,
    status: RunStatus,
    *,
    message_key: str | None = None,
    message_args: Mapping[str, Any] | None = None,
    requests: Mapping[str, int] | None = None,
) -> Run:
    if RunStatus(status) is RunStatus.RUNNING:
        raise ValueError("a run finishes with ok, failed, stopped or interrupted")
    run = _run(session, run_id)
    run.status = status
    run.finished_at = run.heartbeat_at = utcnow()
    run.message_key = message_key
    run.message_args = dict(message_args or {})
    if requests is not None:
        run.requests = dict(requests)
    session.commit()
    return run


def get_run(session: Session, run_id: int) -> Run | None:
    return session.get(Run, run_id, populate_existing=True)  # another thread's session may be writing it


def list_runs(session: Session, profile_id: int | None = None, *, limit: int = 50) -> list[Run]:
    """Newest first, with their counts."""
    statement = select(Run).order_by(Run.started_at.desc(), Run.id.desc()).limit(limit)
    if profile_id is not None:
        statement = statement.where(Run.profile_id == profile_id)
    return list(session.scalars(statement.execution_options(populate_existing=True)))


def run_items(session: Session, run_id: int) -> list[RunItem]:
    return list(session.scalars(select(RunItem).where(RunItem.run_id == run_id).order_by(RunItem.seq)))


def run_items_as_rows(session: Session, run_id: int) -> list[dict[str, Any]]:
    """The audit trail as plain values in :data:`RUN_ITEM_COLUMNS` order, ready for ``csv.DictWriter``: times in
    ISO 8601 (UTC), enums as their values, before/after as JSON text, None for empty cells."""
    return [{column: _cell(getattr(item, column)) for column in RUN_ITEM_COLUMNS}
            for item in run_items(session, run_id)]


def mark_interrupted(session: Session, *, stale_after: timedelta = locks.DEFAULT_STALE_AFTER) -> list[int]:
    """At start-up: runs still ``running`` whose lock is gone, stale or someone else's died with their process.
    Returns their ids."""
    now = utcnow()
    live_lock = (select(RunLock.profile_id)
                 .where(RunLock.profile_id == Run.profile_id, RunLock.owner == Run.owner,
                        RunLock.heartbeat_at >= now - stale_after)
                 .exists())
    dead = list(session.scalars(select(Run.id).where(Run.status == RunStatus.RUNNING, ~live_lock)))
    if dead:
        session.execute(update(Run)
                        .where(Run.id.in_(dead))
                        .values(status=RunStatus.INTERRUPTED, finished_at=now, message_key=INTERRUPTED_KEY)
                        .execution_options(synchronize_session=False))
        session.commit()
    return dead


def _run(session: Session, run_id: int) -> Run:
    run = session.get(Run, run_id)
    if run is None:
        raise LookupError(f"no run {run_id}")
    return run


def _add_count(run: Run, kind: EntityKind, key: str, n: int) -> None:
    kind_key = EntityKind(kind).value
    per_kind = dict(run.counts.get(kind_key, {}))
    per_kind[key] = per_kind.get(key, 0) + n
    run.counts = {**run.counts, kind_key: per_kind}  # a new dict: JSON columns only notice reassignment


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict | list):
        return dumps(value)
    return value
