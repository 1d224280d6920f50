"""Where a profile stands, in one place for everything that shows it (the main window's overview, the tray icon and
its tooltip, desktop notifications, ``fortsync profiles``): the last real sync and what it did, what waits for the
user (conflicts, deletions, possible duplicates, uncertain writes), the Fortnox sign-in's lapse, and whether a run is
going on right now, its schedule (``schedule``, ``paused``) and when it syncs next by itself (``next_sync``).
Read-only; cheap enough to read every few seconds.

    for state in profile_state.all_states(store, secrets):
        print(state.profile, state.status, state.waiting.total)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from fortsync_gui.connection_health import connection_health
from fortsync_gui.secrets import SecretStore
from fortsync_gui.store import ConflictStatus, DeletionStatus, MatchStatus, RunStatus, Side, Store, profiles
from fortsync_gui.store.models import Conflict, MatchCandidate, PendingDeletion, Profile, Run, RunLock, WriteIntent

from .schedule import Schedule, next_sync, schedule_of

SIGN_IN_WARN_DAYS = 5  # warn this many days before a Fortnox sign-in lapses


class Status(StrEnum):
    NEVER = "never"  # set up, never synced
    SYNCED = "synced"  # the last sync went through and nothing waits
    ATTENTION = "attention"  # something waits for the user, or the last sync failed, or the sign-in lapses soon
    SYNCING = "syncing"  # a run holds the profile's lock right now


@dataclass(frozen=True)
class LastRun:
    run_id: int
    status: RunStatus
    started_at: datetime
    finished_at: datetime | None
    counts: Mapping[str, Mapping[str, int]]
    message_key: str | None
    message_args: Mapping[str, Any] = field(default_factory=dict)  # what the message key's sentence names

    @property
    def ok(self) -> bool:
        return self.status is RunStatus.OK


@dataclass(frozen=True)
class Waiting:
    conflicts: int = 0
    deletions: int = 0
    matches: int = 0
    uncertain: int = 0  # writes whose outcome is not known yet (their creates are looked up before being repeated)

    @property
    def total(self) -> int:
        return self.conflicts + self.deletions + self.matches + self.uncertain


@dataclass(frozen=True)
class SignIn:
    status: str  # ok | expiring | expired | missing | keyring_unavailable
    days_left: float | None = None  # until the Fortnox refresh token lapses (45 days after its last use)


@dataclass(frozen=True)
class ProfileState:
    profile: str
    display_name: str
    status: Status
    last_run: LastRun | None  # the latest real sync (a preview is not a sync)
    waiting: Waiting
    sign_in: SignIn
    running: bool = False
    draft: bool = False  # saved by the setup wizard before it was finished: to finish or remove, never synced
    extra: Mapping[str, Any] = field(default_factory=dict)
    # the latest finished run, a preview too: how the connections looked the last time anything reached the services
    last_checked: LastRun | None = None
    schedule: Schedule = field(default_factory=Schedule)
    next_sync: datetime | None = None  # when the schedule syncs it next (UTC; at or before now: due); None: off

    @property
    def paused(self) -> bool:
        return self.schedule.paused

    @property
    def failed(self) -> bool:
        return self.last_run is not None and self.last_run.status in (RunStatus.FAILED, RunStatus.INTERRUPTED)


def all_states(store: Store, secrets: SecretStore | None, *, env: Mapping[str, str] | None = None,
               now: datetime | None = None) -> list[ProfileState]:
    with store.session() as session:
        return [_state(session, p, secrets, env, now) for p in profiles.list_profiles(session)]


def profile_state(store: Store, profile: str, secrets: SecretStore | None, *, env: Mapping[str, str] | None = None,
                  now: datetime | None = None) -> ProfileState:
    with store.session() as session:
        return _state(session, profiles.require_profile(session, profile), secrets, env, now)


def _state(session: Session, profile: Profile, secrets: SecretStore | None, env: Mapping[str, str] | None,
           now: datetime | None) -> ProfileState:
    now = now or datetime.now(UTC)
    last = session.scalars(select(Run).where(Run.profile_id == profile.id, Run.dry_run.is_(False),
                                             Run.status != RunStatus.RUNNING)
                           .order_by(Run.started_at.desc(), Run.id.desc()).limit(1)
                           .execution_options(populate_existing=True)).first()
    last_run = None if last is None else _last_run(last)
    checked = session.scalars(select(Run).where(Run.profile_id == profile.id, Run.status != RunStatus.RUNNING)
                              .order_by(Run.started_at.desc(), Run.id.desc()).limit(1)
                              .execution_options(populate_existing=True)).first()
    waiting = Waiting(
        conflicts=_count(session, Conflict, Conflict.profile_id == profile.id,
                         Conflict.status == ConflictStatus.OPEN),
        deletions=_count(session, PendingDeletion, PendingDeletion.profile_id == profile.id,
                         PendingDeletion.status == DeletionStatus.PENDING),
        matches=_count(session, MatchCandidate, MatchCandidate.profile_id == profile.id,
                       MatchCandidate.status == MatchStatus.SUGGESTED) if profile.match_existing else 0,
        # creates whose outcome is not settled: any in Fortnox (an interrupted one too), in Upsales when its answer
        # was lost (an interrupted Upsales import is found by the number it carries, at once)
        uncertain=_count(session, WriteIntent, WriteIntent.profile_id == profile.id,
                         or_(WriteIntent.target == Side.FORTNOX, WriteIntent.uncertain_at.is_not(None))),
    )
    sign_in = _sign_in(secrets, profile.name, env, now)
    lock = session.get(RunLock, profile.id, populate_existing=True)
    running = lock is not None and now - lock.heartbeat_at < timedelta(minutes=5)
    if running:
        status = Status.SYNCING
    elif last_run is None:
        status = Status.NEVER if not waiting.total else Status.ATTENTION
    elif not last_run.ok or waiting.total or sign_in.status in ("expiring", "expired", "missing"):
        status = Status.ATTENTION
    else:
        status = Status.SYNCED
    schedule = schedule_of(profile.settings)
    upcoming = next_sync(schedule, last_run.started_at if last_run else None, now)
    return ProfileState(profile.name, profile.display_name, status, last_run, waiting, sign_in, running,
                        last_checked=None if checked is None else _last_run(checked), schedule=schedule,
                        next_sync=upcoming, draft=profile.draft)


def _last_run(run: Run) -> LastRun:
    return LastRun(run.id, run.status, run.started_at, run.finished_at, dict(run.counts or {}), run.message_key,
                   dict(run.message_args or {}))


def _count(session: Session, model: Any, *where: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _sign_in(secrets: SecretStore | None, profile: str, env: Mapping[str, str] | None, now: datetime) -> SignIn:
    if secrets is None:
        return SignIn("missing")
    health = connection_health(secrets, profile, env=env, now=now)
    age = health.get("fortnox_refresh_age_days")
    days_left = None if age is None else round(45 - age, 1)
    status = health["status"]
    if status == "ok" and days_left is not None and days_left <= SIGN_IN_WARN_DAYS:
        status = "expiring"
    return SignIn(status, days_left)
