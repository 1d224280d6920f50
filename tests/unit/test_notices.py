"""Notifications: one per event and profile (never one per record), each naming the tab that shows it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from fortsync_gui.engine.notices import Notice, NoticeKind, between
from fortsync_gui.engine.profile_state import LastRun, ProfileState, SignIn, Status, Waiting
from fortsync_gui.store import RunStatus

T = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def state(run_id: int = 1, status: RunStatus = RunStatus.OK, waiting: Waiting | None = None,
          sign_in: SignIn | None = None) -> ProfileState:
    return ProfileState("acme", "Acme AB", Status.SYNCED, LastRun(run_id, status, T, T, {}, "network"),
                        waiting or Waiting(), sign_in or SignIn("ok", 30.0))


def test_the_first_reading_only_tells_about_a_lapsing_sign_in() -> None:
    assert between(None, [state(status=RunStatus.FAILED, waiting=Waiting(conflicts=3))]) == []
    assert between(None, [state(sign_in=SignIn("expiring", 3.4))]) == [
        Notice("acme", "Acme AB", NoticeKind.SIGN_IN, count=3)]


def test_a_failed_run_new_conflicts_deletions_and_duplicates_once_each() -> None:
    before = {"acme": state()}
    after = state(run_id=2, status=RunStatus.FAILED, waiting=Waiting(conflicts=40, deletions=2, matches=7))
    found = between(before, [after])
    assert [(n.kind, n.count, n.tab) for n in found] == [
        (NoticeKind.FAILED, 0, "errors"), (NoticeKind.CONFLICTS, 40, "conflicts"),
        (NoticeKind.DELETIONS, 2, "deletions"), (NoticeKind.MATCHES, 7, "matches")]
    assert found[0].run_id == 2 and found[0].message_key == "network"
    assert between({"acme": after}, [after]) == []  # nothing new: nothing shown again
    fewer = replace(after, waiting=Waiting(conflicts=39, deletions=2, matches=7))
    assert between({"acme": after}, [fewer]) == []  # one decided: no news


def test_a_sign_in_warning_is_not_repeated() -> None:
    lapsing = state(sign_in=SignIn("expiring", 2.0))
    assert [n.kind for n in between({"acme": state()}, [lapsing])] == [NoticeKind.SIGN_IN]
    assert between({"acme": lapsing}, [lapsing]) == []
    assert between({"acme": lapsing}, [state(sign_in=SignIn("expired", -0.5))]) == []
