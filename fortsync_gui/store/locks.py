"""The run lock: at most one run per profile, across processes and machines sharing the database.

Taking the lock is one atomic statement either way, never a read-then-write: an INSERT that only one caller can win
(the profile id is the primary key), or, when a row exists, an UPDATE that only matches while the holder's heartbeat
is older than ``stale_after`` (a crashed holder). The holder beats regularly; a beat that finds the lock gone means
another process took it over, and the holder must stop writing.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .columns import utcnow
from .dml import rowcount
from .models import RunLock

DEFAULT_STALE_AFTER = timedelta(minutes=5)  # holders beat far more often (the engine: at least every 30 s)


def new_owner() -> str:
    """A unique owner id that also tells a human where the run is (useful with a shared database)."""
    return f"{socket.gethostname()[:60]}/{os.getpid()}/{uuid.uuid4().hex}"


def acquire(session: Session, profile_id: int, owner: str, *, stale_after: timedelta = DEFAULT_STALE_AFTER) -> bool:
    now = utcnow()
    try:
        session.execute(insert(RunLock).values(profile_id=profile_id, owner=owner, acquired_at=now, heartbeat_at=now))
        session.commit()
        return True
    except IntegrityError:
        session.rollback()
    taken = rowcount(session, update(RunLock)
                     .where(RunLock.profile_id == profile_id, RunLock.heartbeat_at < now - stale_after)
                     .values(owner=owner, acquired_at=now, heartbeat_at=now)
                     .execution_options(synchronize_session=False))
    session.commit()
    return taken == 1


def heartbeat(session: Session, profile_id: int, owner: str) -> bool:
    """Refresh the lock; False when ``owner`` no longer holds it."""
    beaten = rowcount(session, update(RunLock)
                      .where(RunLock.profile_id == profile_id, RunLock.owner == owner)
                      .values(heartbeat_at=utcnow())
                      .execution_options(synchronize_session=False))
    session.commit()
    return beaten == 1


def release(session: Session, profile_id: int, owner: str, *, commit: bool = True) -> bool:
    """Give the lock up; False when ``owner`` did not hold it (any more). ``commit`` False: with the caller's next
    commit (a run's end)."""
    released = rowcount(session, delete(RunLock)
                        .where(RunLock.profile_id == profile_id, RunLock.owner == owner)
                        .execution_options(synchronize_session=False))
    if commit:
        session.commit()
    return released == 1


def holder(session: Session, profile_id: int) -> RunLock | None:
    """The current lock row, live or stale (for "a sync is running on ..." in the GUI)."""
    return session.get(RunLock, profile_id, populate_existing=True)  # other processes change it: read it fresh


def is_live(lock: RunLock, *, stale_after: timedelta = DEFAULT_STALE_AFTER, now: datetime | None = None) -> bool:
    return lock.heartbeat_at >= (now or utcnow()) - stale_after
