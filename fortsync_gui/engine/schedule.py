"""When a profile syncs by itself: the schedule (off, every 15 / 30 / 60 minutes, or daily at a time), kept in the
profile's settings (``extra["schedule"]``), and the pure rules that decide, from a clock the caller passes in, what
is due. No Qt: the app drives this with a timer (``gui/scheduler.py``), tests with an injected clock.

- A scheduled sync is due when its slot has come since the profile's last sync (or the last attempt): a computer
  that slept through several slots catches up **once**, never once per missed slot.
- It is skipped while a sync of that profile runs (the caller says which run), and while the schedule is paused.
- Fortnox refresh tokens lapse 45 days after their last use. Whatever the schedule, a profile whose sign-in has not
  been renewed for :data:`REFRESH_AFTER_DAYS` days gets a light token refresh (no sync): every refresh token is used
  well within 45 days while the app runs now and then.

    due = schedule.due_jobs(states, now=datetime.now(UTC), attempts=attempts, busy={"acme"})
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from fortsync_gui.connection_health import REFRESH_TOKEN_DAYS
from fortsync_gui.store import ProfileSettings, Store
from fortsync_gui.store import profiles as stored

if TYPE_CHECKING:
    from .profile_state import ProfileState

EXTRA_KEY = "schedule"
INTERVALS = (15, 30, 60)  # minutes the app offers
REFRESH_AFTER_DAYS = 14  # a sign-in not renewed for this long gets a light token refresh (it lapses after 45)
REFRESH_RETRY = timedelta(hours=6)  # a refresh that failed (offline) is tried again after this


class Every(StrEnum):
    OFF = "off"
    INTERVAL = "interval"
    DAILY = "daily"


@dataclass(frozen=True)
class Schedule:
    every: Every = Every.OFF
    minutes: int = 60  # with INTERVAL: 15, 30 or 60
    at: time = time(7, 0)  # with DAILY: local time of day
    paused: bool = False  # "Pausa synkronisering": nothing scheduled runs until resumed

    @property
    def on(self) -> bool:
        return self.every is not Every.OFF

    @property
    def active(self) -> bool:
        return self.on and not self.paused

    def to_json(self) -> dict[str, Any]:
        return {"every": self.every.value, "minutes": self.minutes, "at": self.at.strftime("%H:%M"),
                "paused": self.paused}

    @classmethod
    def from_json(cls, data: Any) -> Schedule:
        """Whatever is stored; anything unreadable is "off" (a schedule never starts syncs by mistake)."""
        if not isinstance(data, Mapping):
            return cls()
        try:
            every = Every(data.get("every", "off"))
            minutes = int(data.get("minutes", 60))
            at = time.fromisoformat(str(data.get("at", "07:00")))
        except (ValueError, TypeError):
            return cls()
        if every is Every.INTERVAL and minutes not in INTERVALS:
            minutes = min(INTERVALS, key=lambda m: abs(m - minutes))
        return cls(every, minutes, at.replace(second=0, microsecond=0, tzinfo=None), bool(data.get("paused")))


def schedule_of(settings: ProfileSettings) -> Schedule:
    return Schedule.from_json(settings.extra.get(EXTRA_KEY))


def with_schedule(settings: ProfileSettings, schedule: Schedule) -> ProfileSettings:
    return replace(settings, extra={**settings.extra, EXTRA_KEY: schedule.to_json()})


def save_schedule(store: Store, profile: str, schedule: Schedule) -> None:
    """Store ``profile``'s schedule (the rest of its settings stay as they are)."""
    with store.session() as session:
        found = stored.require_profile(session, profile)
        stored.update_profile(session, profile, settings=with_schedule(found.settings, schedule))


def set_paused(store: Store, paused: bool, profiles: Iterable[str] | None = None) -> list[str]:
    """Pause (or resume) the schedules of ``profiles`` (default: all); returns the profiles changed."""
    changed = []
    with store.session() as session:
        wanted = None if profiles is None else set(profiles)
        for found in stored.list_profiles(session):
            if wanted is not None and found.name not in wanted:
                continue
            current = schedule_of(found.settings)
            if current.paused != paused:
                stored.update_profile(session, found.name,
                                      settings=with_schedule(found.settings, replace(current, paused=paused)))
                changed.append(found.name)
    return changed


# --- what is due --------------------------------------------------------------------------------------------------

def next_sync(schedule: Schedule, last: datetime | None, now: datetime, *,
              local: tzinfo | None = None) -> datetime | None:
    """When the next scheduled sync is due (UTC): ``now`` or earlier means due now. ``last``: when the profile last
    synced or a scheduled sync was last tried; ``local``: the time zone of a daily time (default: this computer's)."""
    if not schedule.active:
        return None
    if schedule.every is Every.INTERVAL:
        return now if last is None else last + timedelta(minutes=schedule.minutes)
    zone = local or now.astimezone().tzinfo
    today = now.astimezone(zone).date()
    slot = datetime.combine(today, schedule.at, tzinfo=zone)
    if slot > now:
        slot -= timedelta(days=1)  # the latest slot at or before now
    if last is None or last < slot:
        return slot.astimezone(UTC) if last is not None else _first_daily(slot, now)
    return (slot + timedelta(days=1)).astimezone(UTC)


def _first_daily(slot: datetime, now: datetime) -> datetime:
    """A daily schedule just turned on does not run at once for a slot long gone: the next one."""
    return (slot + timedelta(days=1)).astimezone(UTC) if now - slot > timedelta(hours=1) else slot.astimezone(UTC)


@dataclass(frozen=True)
class Job:
    profile: str
    kind: str  # "sync" | "refresh"


@dataclass
class Attempts:
    """What the scheduler tried in this app session, per profile (a run that could not start leaves no run, and
    must not be tried again at every tick)."""

    sync: dict[str, datetime] = field(default_factory=dict)
    refresh: dict[str, datetime] = field(default_factory=dict)


def due_jobs(states: Iterable[ProfileState], *, now: datetime, attempts: Attempts | None = None,
             busy: Iterable[str] = (), local: tzinfo | None = None) -> list[Job]:
    """The syncs and token refreshes due at ``now``, at most one per profile; none for a profile that syncs now
    (its lock is held, or the caller runs it: ``busy``)."""
    attempts = attempts or Attempts()
    busy = set(busy)
    jobs: list[Job] = []
    for state in states:
        if state.running or state.profile in busy:
            continue
        schedule = state.schedule
        last = _latest(state.last_run.started_at if state.last_run else None, attempts.sync.get(state.profile))
        when = next_sync(schedule, last, now, local=local)
        if when is not None and when <= now:
            jobs.append(Job(state.profile, "sync"))
            continue
        if needs_refresh(state, now, attempts.refresh.get(state.profile)):
            jobs.append(Job(state.profile, "refresh"))
    return jobs


def needs_refresh(state: ProfileState, now: datetime, tried: datetime | None = None) -> bool:
    """The sign-in was last renewed :data:`REFRESH_AFTER_DAYS` or more days ago and can still be renewed."""
    days_left = state.sign_in.days_left
    if state.sign_in.status not in ("ok", "expiring") or days_left is None:
        return False
    if REFRESH_TOKEN_DAYS - days_left < REFRESH_AFTER_DAYS:
        return False
    return tried is None or now - tried >= REFRESH_RETRY


def _latest(*times: datetime | None) -> datetime | None:
    found = [t for t in times if t is not None]
    return max(found) if found else None
