"""The engine against the sandbox: a fresh sandbox, a SQLite store in tmp_path, and a profile whose settings are
the sandbox's defaults (won/lost/offer stage, Uppsamlingsanvändare, price list A)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from fortsync_gui.clients.fortnox_auth import ClientCredentialsSession
from fortsync_gui.engine.api import CancelToken, ConflictEvent, ItemEvent, Phase, RunSummary, Weight
from fortsync_gui.engine.connect import Connections
from fortsync_gui.engine.defaults import with_defaults
from fortsync_gui.sandbox import Sandbox
from fortsync_gui.store import Module, ProfileSettings, Store, open_store, profiles
from tests.sandbox_clients import TIME_SCALE, connections, fortnox_client, fortnox_oauth, upsales_client

PROFILE = "demo"


@dataclass
class Recorder:
    """An observer that keeps everything it is told."""

    phases: list[Phase] = field(default_factory=list)
    items: list[ItemEvent] = field(default_factory=list)
    conflicts: list[ConflictEvent] = field(default_factory=list)
    progress: list[tuple[int, int]] = field(default_factory=list)
    weights: list[Weight | None] = field(default_factory=list)

    def on_phase(self, phase: Phase) -> None:
        self.phases.append(phase)

    def on_progress(self, done: int, total: int, weight: Weight | None = None) -> None:
        self.progress.append((done, total))
        self.weights.append(weight)

    def on_item(self, item: ItemEvent) -> None:
        self.items.append(item)

    def on_conflict(self, conflict: ConflictEvent) -> None:
        self.conflicts.append(conflict)


@dataclass
class Harness:
    sandbox: Sandbox
    store: Store
    conns: Connections
    profile: str = PROFILE

    def sync(self, *, dry_run: bool = False, observer: Any = None, cancel: CancelToken | None = None,
             allow_removals: bool = False, **more: Any) -> RunSummary:
        from fortsync_gui.engine import session  # imported late: pure planning tests need no runner

        return session.run(self.store, self.profile, connections=self.conns, dry_run=dry_run, observer=observer,
                           cancel=cancel, allow_removals=allow_removals, **more)

    def settings(self) -> ProfileSettings:
        with self.store.session() as s:
            return profiles.require_profile(s, self.profile).settings

    def configure(self, **changes: Any) -> None:
        with self.store.session() as s:
            current = profiles.require_profile(s, self.profile).settings
            profiles.update_profile(s, self.profile, settings=replace(current, **changes))


@pytest.fixture
def make_harness(tmp_path: Path) -> Iterator[Callable[..., Harness]]:
    """``make_harness(module="invoice", seed="demo")``: a started sandbox, a store and a configured profile."""
    made: list[tuple[Sandbox, Connections, Store]] = []

    def make(module: str = "invoice", seed: str = "demo", **settings: Any) -> Harness:
        sb = Sandbox(seed=seed, time_scale=TIME_SCALE)
        sb.start()
        conns = connections(sb)
        store = open_store(f"sqlite:///{tmp_path / f'fortsync-{len(made)}.db'}")
        made.append((sb, conns, store))
        settings.setdefault("send_won_since", date(2000, 1, 1))  # the seed's won deals are sent, as in the demo
        base = with_defaults(ProfileSettings(module=Module(module), **settings), conns)
        with store.session() as s:
            profiles.create_profile(s, PROFILE, display_name="Demo AB", settings=base)
        return Harness(sb, store, conns)

    yield make
    for sb, conns, store in made:
        conns.close()
        store.close()
        sb.stop()


@pytest.fixture
def harness(make_harness: Callable[..., Harness]) -> Harness:
    return make_harness()


class Clock:
    def __init__(self) -> None:
        self.at = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.at

    def advance(self, minutes: float) -> None:
        self.at += timedelta(minutes=minutes)


def impatient(h: Harness) -> Connections:
    """Clients that give up on a write's answer after half a second (the product waits 120 s)."""
    sb = h.sandbox
    tokens = ClientCredentialsSession(fortnox_oauth(sb), sb.info.fortnox_tenant_id)
    return Connections(fortnox_client(sb, tokens, write_timeout=0.5), upsales_client(sb, write_timeout=0.5))


def eventually(condition: Callable[[], bool], limit: float = 30.0) -> bool:
    """Wait for another thread's work (a condition, not a duration: ``limit`` only stops a hang)."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True
