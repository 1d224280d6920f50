"""The run lock: one run per profile, a crashed holder is taken over, racing threads get exactly one winner."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import update
from sqlalchemy.orm import Session

from fortsync_gui.store import Store, locks, open_store, profiles
from fortsync_gui.store.columns import utcnow
from fortsync_gui.store.models import Profile, RunLock


def _age(session: Session, profile: Profile, by: timedelta) -> None:
    session.execute(update(RunLock).where(RunLock.profile_id == profile.id).values(heartbeat_at=utcnow() - by))
    session.commit()


def test_second_acquire_fails_until_released(session: Session, profile: Profile) -> None:
    assert locks.acquire(session, profile.id, "first")
    assert not locks.acquire(session, profile.id, "second")
    assert not locks.acquire(session, profile.id, "first")  # not re-entrant: a second run of the same owner waits too
    held = locks.holder(session, profile.id)
    assert held is not None and held.owner == "first" and locks.is_live(held)

    assert not locks.release(session, profile.id, "second")  # only the holder releases
    assert locks.heartbeat(session, profile.id, "first")
    assert locks.release(session, profile.id, "first")
    assert locks.holder(session, profile.id) is None
    assert locks.acquire(session, profile.id, "second")


def test_locks_are_per_profile(session: Session, profile: Profile) -> None:
    other = profiles.create_profile(session, "other")
    assert locks.acquire(session, profile.id, "a")
    assert locks.acquire(session, other.id, "b")


def test_a_stale_lock_is_taken_over(session: Session, profile: Profile) -> None:
    assert locks.acquire(session, profile.id, "crashed")
    _age(session, profile, timedelta(minutes=4))
    assert not locks.acquire(session, profile.id, "newcomer")  # still within the default five minutes
    _age(session, profile, locks.DEFAULT_STALE_AFTER + timedelta(seconds=1))
    held = locks.holder(session, profile.id)
    assert held is not None and not locks.is_live(held)

    assert locks.acquire(session, profile.id, "newcomer")
    assert not locks.heartbeat(session, profile.id, "crashed")  # the old holder learns it lost the lock
    assert not locks.release(session, profile.id, "crashed")
    held = locks.holder(session, profile.id)
    assert held is not None and held.owner == "newcomer" and locks.is_live(held)


def _race(contenders: list[Store], profile_id: int) -> list[str]:
    """Every contender acquires at the same moment from its own thread and session; returns the winners."""
    start = threading.Barrier(len(contenders))
    won: list[str] = []
    errors: list[BaseException] = []

    def contend(owner: str, contender: Store) -> None:
        try:
            with contender.session() as session:
                start.wait()
                if locks.acquire(session, profile_id, owner):
                    won.append(owner)
        except BaseException as exc:  # re-raised below: an exception in a thread must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=contend, args=(f"thread-{i}", c)) for i, c in enumerate(contenders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return won


def test_threads_racing_get_exactly_one_winner(store: Store, db_url: str, profile: Profile) -> None:
    other_process = open_store(db_url)  # a second engine, as another program sharing the database would have
    try:
        won = _race([store, other_process] * 4, profile.id)
    finally:
        other_process.close()
    assert len(won) == 1
    with store.session() as session:
        held = locks.holder(session, profile.id)
        assert held is not None and held.owner == won[0]


def test_threads_racing_for_a_stale_lock_get_exactly_one_winner(store: Store, session: Session,
                                                               profile: Profile) -> None:
    assert locks.acquire(session, profile.id, "crashed")
    _age(session, profile, timedelta(hours=1))
    won = _race([store] * 8, profile.id)
    assert len(won) == 1
    assert locks.holder(session, profile.id).owner == won[0]  # type: ignore[union-attr]


HOLDER = """
import sys
from fortsync_gui.store import locks, open_store
store = open_store(sys.argv[1])
with store.session() as session:
    print("held" if locks.acquire(session, int(sys.argv[2]), "other-process") else "refused", flush=True)
    sys.stdin.readline()  # hold it until told
    print("released" if locks.release(session, int(sys.argv[2]), "other-process") else "lost", flush=True)
store.close()
"""

RACER = """
import sys, time
from pathlib import Path
from fortsync_gui.store import locks, open_store
store = open_store(sys.argv[1])
go = Path(sys.argv[3])
with store.session() as session:
    while not go.exists():
        time.sleep(0.001)
    print("won" if locks.acquire(session, int(sys.argv[2]), sys.argv[4]) else "lost", flush=True)
store.close()
"""


def _python(code: str, *args: str) -> subprocess.Popen[str]:
    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.Popen([sys.executable, "-c", code, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def test_the_lock_holds_across_processes(store: Store, db_url: str, profile: Profile) -> None:
    """Another process (a scheduled `fortsync sync`, another machine on the same PostgreSQL) holds the profile:
    this one cannot take it until it lets go."""
    holder = _python(HOLDER, db_url, str(profile.id))
    try:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline().strip() == "held"
        with store.session() as session:
            assert not locks.acquire(session, profile.id, "this-process")
            held = locks.holder(session, profile.id)
            assert held is not None and held.owner == "other-process"
            holder.stdin.write("\n")
            holder.stdin.flush()
            assert holder.stdout.readline().strip() == "released"
            assert locks.acquire(session, profile.id, "this-process")
    finally:
        holder.communicate(timeout=60)
    assert holder.returncode == 0


def test_processes_racing_get_exactly_one_winner(db_url: str, profile: Profile, tmp_path: Path) -> None:
    go = tmp_path / "go"
    racers = [_python(RACER, db_url, str(profile.id), str(go), f"process-{n}") for n in range(4)]
    time.sleep(1.5)  # they have opened the store and wait for the signal (a late one only loses)
    go.touch()
    outcomes = [racer.communicate(timeout=120) for racer in racers]
    assert all(racer.returncode == 0 for racer in racers), [err for _, err in outcomes]
    assert sorted(out.strip() for out, _ in outcomes) == ["lost", "lost", "lost", "won"]
