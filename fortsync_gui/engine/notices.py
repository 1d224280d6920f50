"""What is worth a desktop notification, from two readings of the profiles' state (:mod:`.profile_state`): a run
that failed, new conflicts, deletions or possible duplicates waiting, a Fortnox sign-in about to lapse. One notice
per event and profile, never one per record; each names the tab that shows it. Pure: the app shows them.

    for notice in notices.between(previous, current):
        notify(notice)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from .profile_state import ProfileState


class NoticeKind(StrEnum):
    FAILED = "failed"
    CONFLICTS = "conflicts"
    DELETIONS = "deletions"
    MATCHES = "matches"
    SIGN_IN = "sign_in"  # the Fortnox sign-in lapses soon (or has lapsed)


# The main window's tab that shows each kind (the names of MainWindow's attributes).
TABS = {NoticeKind.FAILED: "errors", NoticeKind.CONFLICTS: "conflicts", NoticeKind.DELETIONS: "deletions",
        NoticeKind.MATCHES: "matches", NoticeKind.SIGN_IN: "overview"}


@dataclass(frozen=True)
class Notice:
    profile: str
    display_name: str
    kind: NoticeKind
    count: int = 0  # how many wait (conflicts, deletions, duplicates); days left for SIGN_IN
    run_id: int | None = None
    message_key: str | None = None  # a failed run's reason

    @property
    def tab(self) -> str:
        return TABS[self.kind]


def between(before: Mapping[str, ProfileState] | None, after: Iterable[ProfileState]) -> list[Notice]:
    """The notices for what changed from ``before`` (None: the first reading, where only a lapsing sign-in is news)
    to ``after``."""
    found: list[Notice] = []
    for state in after:
        old = None if before is None else before.get(state.profile)
        found += _for_profile(old, state, first=before is None)
    return found


def _for_profile(old: ProfileState | None, new: ProfileState, *, first: bool) -> list[Notice]:
    out: list[Notice] = []
    if not first and old is not None:
        last = new.last_run
        if last is not None and new.failed and (old.last_run is None or old.last_run.run_id != last.run_id):
            out.append(Notice(new.profile, new.display_name, NoticeKind.FAILED, run_id=last.run_id,
                              message_key=last.message_key))
        for kind, attr in ((NoticeKind.CONFLICTS, "conflicts"), (NoticeKind.DELETIONS, "deletions"),
                           (NoticeKind.MATCHES, "matches")):
            count = getattr(new.waiting, attr)
            if count > getattr(old.waiting, attr):
                out.append(Notice(new.profile, new.display_name, kind, count=count))
    lapsing = new.sign_in.status in ("expiring", "expired")
    was_lapsing = old is not None and old.sign_in.status in ("expiring", "expired")
    if lapsing and (old is None or not was_lapsing):
        days = new.sign_in.days_left
        out.append(Notice(new.profile, new.display_name, NoticeKind.SIGN_IN,
                          count=max(0, round(days)) if days is not None else 0))
    return out
