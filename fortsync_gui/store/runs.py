"""Runs and their items: the audit trail and the sync report.

A run's ``counts`` are kept up to date as items are recorded: ``{kind: {key: n}}`` where the key is the action
(``create``, ``update``, ...) for items that were done (``ok``) or planned (dry run), ``skip`` for skipped items and
``failed`` for failed ones (see :func:`count_key`).

The audit trail is cheap: :func:`record_item` keeps the line (and the run's counts) in memory, numbered by a counter
kept per run, and the waiting lines go to the database in one INSERT with a commit of the session at most every
:data:`TRAIL_EVERY_S`, which in a real run is the state commit of a record then (the engine persists a link right
after each remote write; the lines ride with one of those commits instead of adding a statement to each). A rollback
keeps the lines waiting; :func:`record_item` commits them itself when more than :data:`FLUSH_ITEMS` wait, or when
:data:`FLUSH_AFTER_S` have passed since lines were last sent (a dry run commits nothing else). The heartbeat,
:func:`add_count`, :func:`finish_run` and the readers (:func:`run_items`, :func:`get_run`, a refreshed :class:`Run`)
send or see them all. A process killed outright loses at most the lines of its last :data:`TRAIL_EVERY_S`, never a
link (the link is committed with its record).

The run row's counts go with a commit at most every :data:`TRAIL_EVERY_S` as well, and always with the heartbeat,
:func:`add_count` and :func:`finish_run`; so other sessions see a running run's lines and counts a moment late, and
a run that died has its counts of recorded lines made whole from its lines when it is marked interrupted
(:func:`mark_interrupted`).

Retention: :func:`prune_items` drops the items of runs older than the retention (default two years,
``FORTSYNC_AUDIT_RETENTION_DAYS``); the runs themselves (the summaries: counts, requests, status) stay.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import Any, NamedTuple

from sqlalchemy import bindparam, delete, event, func, insert, select, update
from sqlalchemy.orm import Session, attributes

from . import conflicts, deletions, intents, locks
from .columns import dumps, utcnow
from .dml import rowcount
from .enums import Action, EntityKind, Outcome, RunStatus
from .errors import LockNotHeld
from .models import Conflict, PendingDeletion, RemoteId, Run, RunItem, RunLock, WriteIntent, remote_id

RUN_ITEM_COLUMNS = ("run_id", "seq", "at", "kind", "action", "outcome", "upsales_id", "fortnox_id", "label",
                    "before", "after", "error_key", "error_text")
INTERRUPTED_KEY = "run.interrupted"
FLUSH_ITEMS = 500  # audit lines kept in memory at most before record_item commits them itself
FLUSH_AFTER_S = 5.0  # ... or when this long has passed since lines were last sent (a dry run commits nothing else)
TRAIL_EVERY_S = 1.0  # the lines and the run row's counts go with a commit at most this often while lines are recorded
RETENTION_ENV = "FORTSYNC_AUDIT_RETENTION_DAYS"
DEFAULT_RETENTION = timedelta(days=730)  # two years of run items; 0 in the environment keeps them forever
PRUNE_RUNS_PER_CALL = 200  # runs whose items one call drops at most (the rest go after the next run)


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
    _counts_now(session, run_id)
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
) -> int:
    """Append one line to the run's audit trail and count it; returns its ``seq``. The line is written with the
    session's next commit (see the module's docstring)."""
    trail = _trail(session, run_id)
    trail.seq += 1
    trail.waiting.append({
        "run_id": run_id, "seq": trail.seq, "at": utcnow(), "kind": kind, "action": action, "outcome": outcome,
        "upsales_id": None if upsales_id is None else remote_id(upsales_id),
        "fortnox_id": None if fortnox_id is None else remote_id(fortnox_id),
        "label": label, "before": None if before is None else dict(before),
        "after": None if after is None else dict(after), "error_key": error_key, "error_text": error_text,
    })
    trail.count(kind, count_key(action, Outcome(outcome)), 1)
    if len(trail.waiting) >= FLUSH_ITEMS or time.monotonic() - trail.lines_sent >= FLUSH_AFTER_S:
        session.commit()
    return trail.seq


def add_count(session: Session, run_id: int, kind: EntityKind, key: str, n: int = 1) -> None:
    """Count without an audit line, e.g. the thousands of records that were already in sync (``unchanged``)."""
    _trail(session, run_id).count(kind, key, n)
    _counts_now(session, run_id)  # no line to recount it from if the run dies
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
    _counts_now(session, run_id)
    session.commit()
    return run


def get_run(session: Session, run_id: int) -> Run | None:
    write_trail(session)
    return session.get(Run, run_id, populate_existing=True)  # another thread's session may be writing it


def list_runs(session: Session, profile_id: int | None = None, *, limit: int = 50) -> list[Run]:
    """Newest first, with their counts."""
    statement = select(Run).order_by(Run.started_at.desc(), Run.id.desc()).limit(limit)
    if profile_id is not None:
        statement = statement.where(Run.profile_id == profile_id)
    return list(session.scalars(statement.execution_options(populate_existing=True)))


def run_items(session: Session, run_id: int) -> list[RunItem]:
    write_trail(session)
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
        for run_id in dead:
            _recount(session, run_id)
        session.commit()
    return dead


def _recount(session: Session, run_id: int) -> None:
    """A run that died may have committed lines after its counts were last written: each count of lines becomes at
    least its lines' number (counts without lines, ``unchanged``, are written at once and stay as they are)."""
    run = _run(session, run_id)
    lines: dict[str, dict[str, int]] = {}
    for kind, action, outcome, n in session.execute(
            select(RunItem.kind, RunItem.action, RunItem.outcome, func.count())
            .where(RunItem.run_id == run_id).group_by(RunItem.kind, RunItem.action, RunItem.outcome)):
        per_kind = lines.setdefault(EntityKind(kind).value, {})
        key = count_key(action, outcome)
        per_kind[key] = per_kind.get(key, 0) + n
    counts = {k: dict(v) for k, v in (run.counts or {}).items()}
    for kind, per_kind in lines.items():
        for key, n in per_kind.items():
            counts.setdefault(kind, {})[key] = max(counts.get(kind, {}).get(key, 0), n)
    run.counts = counts


def _run(session: Session, run_id: int) -> Run:
    run = session.get(Run, run_id)
    if run is None:
        raise LookupError(f"no run {run_id}")
    return run


def retention(environ: Mapping[str, str] | None = None) -> timedelta | None:
    """How long run items are kept: ``FORTSYNC_AUDIT_RETENTION_DAYS`` (0: forever), else two years."""
    text = (os.environ if environ is None else environ).get(RETENTION_ENV, "").strip()
    try:
        days = float(text) if text else None
    except ValueError:
        days = None
    if days is None or days < 0:
        return DEFAULT_RETENTION
    return timedelta(days=days) if days > 0 else None


class Waiting(NamedTuple):
    """What a profile has waiting for the user, as a run's summary tells it."""

    conflicts: int  # open
    deletions: int  # to review, or confirmed and not carried out yet
    uncertain: int  # creates whose outcome is not known yet


_WAITING = select(*(select(func.count()).select_from(table).where(where(bindparam("p"))).scalar_subquery()
                    for table, where in ((Conflict, conflicts.is_open), (PendingDeletion, deletions.in_status),
                                         (WriteIntent, intents.is_uncertain))))


def waiting(session: Session, profile_id: int) -> Waiting:
    """:class:`Waiting`, counted in one query (every run's summary asks, also a bureau's twenty at once)."""
    return Waiting(*session.execute(_WAITING, {"p": profile_id}).one())


# the oldest run that still has lines, and when it started: one index lookup (made once, its SQL compiled once)
_OLDEST_WITH_ITEMS = (select(RunItem.run_id, Run.started_at).outerjoin(Run, Run.id == RunItem.run_id)
                      .order_by(RunItem.run_id).limit(1))


def prune_items(session: Session, older_than: datetime | timedelta | None = None) -> int:
    """Drop the audit lines of runs started before ``older_than`` (a time, or an age; by default
    :func:`retention`), every profile's; the runs (their summaries) stay. Returns how many lines went.

    Cheap however large the table: run ids grow with time, so it looks at the oldest run that still has lines
    (one index lookup) and stops at the first that is young enough; at most :data:`PRUNE_RUNS_PER_CALL` runs a call.
    """
    if older_than is None:
        older_than = retention()
        if older_than is None:
            return 0
    cutoff = utcnow() - older_than if isinstance(older_than, timedelta) else older_than
    write_trail(session)
    dropped = 0
    for _ in range(PRUNE_RUNS_PER_CALL):
        found = session.execute(_OLDEST_WITH_ITEMS).first()
        if found is None:
            break
        oldest, started = found
        if started is not None and started >= cutoff:
            break
        dropped += rowcount(session, delete(RunItem).where(RunItem.run_id == oldest)
                            .execution_options(synchronize_session=False))
        session.commit()
    return dropped


# --- the audit trail waiting for the next commit ------------------------------------------------------------------

_TRAILS = object()  # the key of the trails in Session.info


@dataclass
class _Trail:
    """A run's audit lines recorded in this session and not yet committed, its seq counter and its counts (the
    whole of them: what the run row gets at the next commit)."""

    run_id: int
    seq: int
    counts: dict[str, dict[str, int]]
    waiting: list[dict[str, Any]] = field(default_factory=list)  # not yet sent to the database
    sent: list[dict[str, Any]] = field(default_factory=list)  # sent in the open transaction, not yet committed
    lines_sent: float = field(default_factory=time.monotonic)  # when waiting lines were last sent
    dirty: bool = False  # counts changed since they were last sent
    counted: float = field(default_factory=time.monotonic)  # when the counts were last sent
    due: bool = False  # send the lines and the counts with the next commit, however recently they were sent

    def count(self, kind: EntityKind, key: str, n: int) -> None:
        per_kind = self.counts.setdefault(EntityKind(kind).value, {})
        per_kind[key] = per_kind.get(key, 0) + n
        self.dirty = True


def _counts_now(session: Session, run_id: int) -> None:
    """The run's waiting lines and its counts go with the next commit (see the module's docstring)."""
    trail = _trails(session).get(run_id)
    if trail is not None:
        trail.due = True


def _trails(session: Session) -> dict[int, _Trail]:
    trails: dict[int, _Trail] = session.info.setdefault(_TRAILS, {})
    return trails


def _trail(session: Session, run_id: int) -> _Trail:
    trails = _trails(session)
    trail = trails.get(run_id)
    if trail is None:
        run = _run(session, run_id)
        last = session.scalar(select(func.max(RunItem.seq)).where(RunItem.run_id == run_id)) or 0
        trail = trails[run_id] = _Trail(run_id, last, {k: dict(v) for k, v in (run.counts or {}).items()})
    return trail


_INSERT_ITEMS = insert(RunItem.__table__)
_SET_COUNTS = (update(Run.__table__).where(Run.__table__.c.id == bindparam("run"))
               .values(counts=bindparam("counts")))


def write_trail(session: Session, *, everything: bool = True) -> None:
    """Send the waiting audit lines and counts of every run recorded in ``session`` to the database, in the open
    transaction (they are committed with it). ``everything`` False (a commit's): only what is due, see the module's
    docstring."""
    now = time.monotonic()
    for trail in _trails(session).values():
        due = everything or trail.due
        if trail.waiting and (due or now - trail.lines_sent >= TRAIL_EVERY_S or len(trail.waiting) >= FLUSH_ITEMS):
            lines, trail.waiting = trail.waiting, []
            session.connection().execute(_INSERT_ITEMS, lines)  # Core: the ORM's bookkeeping costs more than the row
            trail.sent.extend(lines)
            trail.lines_sent = now
        if trail.dirty and (trail.due or now - trail.counted >= TRAIL_EVERY_S):
            trail.dirty = False
            trail.counted = now
            counts = {k: dict(v) for k, v in trail.counts.items()}
            session.connection().execute(_SET_COUNTS, {"run": trail.run_id, "counts": counts})
            run = session.identity_map.get(session.identity_key(Run, trail.run_id))  # type: ignore[arg-type]
            if run is not None:
                attributes.set_committed_value(run, "counts", counts)
        trail.due = False


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    if session.info.get(_TRAILS):
        write_trail(session, everything=False)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    for trail in session.info.get(_TRAILS, {}).values():
        trail.sent.clear()


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    """What was sent in the transaction that rolled back waits again (a failed step's rollback must not lose the
    lines of the steps before it)."""
    for trail in session.info.get(_TRAILS, {}).values():
        if trail.sent:
            trail.waiting[:0] = trail.sent
            trail.sent = []
        trail.dirty = trail.due = True  # the counts may have gone with it


@event.listens_for(Run, "load")
def _run_loaded(run: Run, context: Any) -> None:
    _show_counts(run, context.session)


@event.listens_for(Run, "refresh")
def _run_refreshed(run: Run, context: Any, attrs: Any) -> None:
    if attrs is None or "counts" in attrs:
        _show_counts(run, context.session)


def _show_counts(run: Run, session: Session | None) -> None:
    """A run read from the database in the session that records it shows its counts so far, committed or not."""
    trail = session.info.get(_TRAILS, {}).get(run.id) if session is not None else None
    if trail is not None:
        attributes.set_committed_value(run, "counts", {k: dict(v) for k, v in trail.counts.items()})


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict | list):
        return dumps(value)
    return value
