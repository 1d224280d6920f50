"""The schedule's pure rules on an injected clock: what is due, catching up once after sleep, skipping a profile
that syncs, pausing, the light token refresh; and where it is kept (the profile's settings) and shown (the profile
state)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta, timezone
from pathlib import Path

import pytest

from fortsync_gui.engine import profile_state
from fortsync_gui.engine.profile_state import LastRun, ProfileState, SignIn, Status, Waiting
from fortsync_gui.engine.schedule import (
    REFRESH_AFTER_DAYS,
    Attempts,
    Every,
    Job,
    Schedule,
    due_jobs,
    next_sync,
    save_schedule,
    schedule_of,
    set_paused,
)
from fortsync_gui.store import RunStatus, Store, open_store, profiles

CET = timezone(timedelta(hours=1))
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)  # 13:00 in CET
EVERY_15 = Schedule(Every.INTERVAL, 15)
DAILY_7 = Schedule(Every.DAILY, at=time(7, 0))


def state(name: str = "acme", *, schedule: Schedule = EVERY_15, last: datetime | None = None, running: bool = False,
          sign_in: SignIn | None = None) -> ProfileState:
    run = None if last is None else LastRun(1, RunStatus.OK, last, last, {}, None)
    return ProfileState(name, name, Status.SYNCED, run, Waiting(), sign_in or SignIn("ok", 40.0), running,
                        schedule=schedule)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    found = open_store(f"sqlite:///{(tmp_path / 'f.db').as_posix()}")
    yield found
    found.close()


def test_the_schedule_round_trips_through_the_profile_and_the_state(store: Store) -> None:
    with store.session() as session:
        profiles.create_profile(session, "acme")
        profiles.create_profile(session, "beta")
    assert profile_state.profile_state(store, "acme", None).schedule == Schedule()  # off by default
    save_schedule(store, "acme", DAILY_7)
    assert schedule_of(_settings(store, "acme")) == DAILY_7
    assert _settings(store, "acme").module.value == "invoice"  # the rest of the settings is kept
    states = {s.profile: s for s in profile_state.all_states(store, None, now=NOW)}
    assert states["acme"].schedule == DAILY_7 and not states["acme"].paused
    assert states["acme"].next_sync is not None and states["beta"].next_sync is None
    assert set_paused(store, True) == ["acme", "beta"]
    states = {s.profile: s for s in profile_state.all_states(store, None, now=NOW)}
    assert states["acme"].paused and states["acme"].next_sync is None  # paused: nothing is due
    assert set_paused(store, False, ["acme"]) == ["acme"]
    assert not profile_state.profile_state(store, "acme", None).paused


def _settings(store: Store, name: str):  # type: ignore[no-untyped-def]
    with store.session() as session:
        return profiles.require_profile(session, name).settings


def test_unreadable_schedules_are_off() -> None:
    assert Schedule.from_json({"every": "hourly"}) == Schedule()
    assert Schedule.from_json("x") == Schedule()
    assert Schedule.from_json({"every": "interval", "minutes": 20}).minutes == 15  # the nearest offered
    assert Schedule.from_json(DAILY_7.to_json()) == DAILY_7


def test_interval_is_due_after_its_minutes_and_at_once_when_never_synced() -> None:
    assert next_sync(EVERY_15, None, NOW) == NOW
    assert next_sync(EVERY_15, NOW - timedelta(minutes=10), NOW) == NOW + timedelta(minutes=5)
    assert due_jobs([state(last=NOW - timedelta(minutes=10))], now=NOW) == []
    assert due_jobs([state(last=NOW - timedelta(minutes=15))], now=NOW) == [Job("acme", "sync")]
    assert next_sync(Schedule(), NOW, NOW) is None  # off


def test_a_machine_that_slept_catches_up_once() -> None:
    """Asleep for five hours (twenty missed slots): one sync on waking, then the normal rhythm."""
    attempts = Attempts()
    slept_from = NOW - timedelta(hours=5)
    assert due_jobs([state(last=slept_from)], now=NOW, attempts=attempts) == [Job("acme", "sync")]
    attempts.sync["acme"] = NOW  # the scheduler started it
    for minutes in (1, 5, 14):
        assert due_jobs([state(last=slept_from)], now=NOW + timedelta(minutes=minutes), attempts=attempts) == []
    assert due_jobs([state(last=NOW)], now=NOW + timedelta(minutes=15), attempts=attempts) == [Job("acme", "sync")]


def test_daily_runs_once_per_day_at_its_time_and_catches_up_after_sleep() -> None:
    seven = datetime(2026, 3, 10, 7, 0, tzinfo=CET)
    yesterday = seven - timedelta(days=1)
    assert next_sync(DAILY_7, yesterday, seven - timedelta(minutes=1), local=CET) == seven.astimezone(UTC)
    assert next_sync(DAILY_7, yesterday, seven, local=CET) == seven.astimezone(UTC)  # due
    tomorrow = (seven + timedelta(days=1)).astimezone(UTC)
    assert next_sync(DAILY_7, seven, seven + timedelta(hours=3), local=CET) == tomorrow
    # asleep over three mornings: due once on waking at 13:00, then tomorrow at 07:00
    woke = seven + timedelta(hours=6)
    assert due_jobs([state(schedule=DAILY_7, last=seven - timedelta(days=3))], now=woke, local=CET) == [
        Job("acme", "sync")]
    assert due_jobs([state(schedule=DAILY_7, last=woke)], now=woke + timedelta(hours=1), local=CET) == []
    # switched on in the afternoon without any sync: the first run is tomorrow morning, not at once
    assert next_sync(DAILY_7, None, woke, local=CET) == (seven + timedelta(days=1)).astimezone(UTC)


def test_a_profile_that_syncs_or_is_paused_is_skipped() -> None:
    old = NOW - timedelta(hours=1)
    assert due_jobs([state(last=old, running=True)], now=NOW) == []
    assert due_jobs([state(last=old)], now=NOW, busy={"acme"}) == []
    assert due_jobs([state(last=old, schedule=replace(EVERY_15, paused=True))], now=NOW) == []
    assert due_jobs([state("a", last=old), state("b", last=NOW)], now=NOW) == [Job("a", "sync")]


def test_a_sign_in_not_renewed_for_two_weeks_gets_a_light_refresh_whatever_the_schedule() -> None:
    fresh = SignIn("ok", 45.0 - REFRESH_AFTER_DAYS + 1)
    stale = SignIn("ok", 45.0 - REFRESH_AFTER_DAYS)
    off = Schedule()
    assert due_jobs([state(schedule=off, sign_in=fresh)], now=NOW) == []
    assert due_jobs([state(schedule=off, sign_in=stale)], now=NOW) == [Job("acme", "refresh")]
    assert due_jobs([state(schedule=off, sign_in=SignIn("expiring", 3.0))], now=NOW) == [Job("acme", "refresh")]
    assert due_jobs([state(schedule=off, sign_in=SignIn("expired", -1.0))], now=NOW) == []  # only a new sign-in helps
    attempts = Attempts(refresh={"acme": NOW - timedelta(hours=1)})  # tried an hour ago (offline): not yet again
    assert due_jobs([state(schedule=off, sign_in=stale)], now=NOW, attempts=attempts) == []
    assert due_jobs([state(schedule=off, sign_in=stale)], now=NOW + timedelta(hours=6), attempts=attempts) == [
        Job("acme", "refresh")]
    # a sync that is due renews the sign-in itself
    assert due_jobs([state(sign_in=stale, last=NOW - timedelta(hours=1))], now=NOW) == [Job("acme", "sync")]
