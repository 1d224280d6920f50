"""The engine against the sandbox: a fresh sandbox, a SQLite store in tmp_path, and a profile whose settings are
the sandbox's defaults (won/lost/offer stage, Uppsamlingsanvändare, price list A)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from fortsync_gui.clients.fortnox import FortnoxClient
from fortsync_gui.clients.fortnox_auth import ClientCredentialsSession, FortnoxOAuth
from fortsync_gui.clients.http import RetryPolicy
from fortsync_gui.clients.ratelimit import FORTNOX_RATE_LIMIT, UPSALES_RATE_LIMIT, RateLimit
from fortsync_gui.clients.upsales import UpsalesClient
from fortsync_gui.engine.api import CancelToken, ConflictEvent, ItemEvent, Phase, RunSummary
from fortsync_gui.engine.connect import Connections
from fortsync_gui.engine.defaults import with_defaults
from fortsync_gui.sandbox import Sandbox
from fortsync_gui.store import Module, ProfileSettings, Store, open_store, profiles

FAST_RETRY = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05, rate_limited_attempts=5)
PROFILE = "demo"
TIME_SCALE = 0.01  # the sandbox's rate-limit windows, and so the clients' own limits too


def scaled(limit: RateLimit) -> RateLimit:
    return RateLimit(limit.requests, limit.window * TIME_SCALE)


def connections(sb: Sandbox) -> Connections:
    info = sb.info
    oauth = FortnoxOAuth(info.fortnox_auth_url, info.fortnox_client_id, info.fortnox_client_secret, retry=FAST_RETRY)
    fortnox = FortnoxClient(info.fortnox_url, tokens=ClientCredentialsSession(oauth, info.fortnox_tenant_id),
                            rate_limit=scaled(FORTNOX_RATE_LIMIT), retry=FAST_RETRY, timeout=10)
    upsales = UpsalesClient(info.upsales_url, token=info.upsales_token, rate_limit=scaled(UPSALES_RATE_LIMIT),
                            retry=FAST_RETRY, timeout=10)
    return Connections(fortnox, upsales)


@dataclass
class Recorder:
    """An observer that keeps everything it is told."""

    phases: list[Phase] = field(default_factory=list)
    items: list[ItemEvent] = field(default_factory=list)
    conflicts: list[ConflictEvent] = field(default_factory=list)
    progress: list[tuple[int, int]] = field(default_factory=list)

    def on_phase(self, phase: Phase) -> None:
        self.phases.append(phase)

    def on_progress(self, done: int, total: int) -> None:
        self.progress.append((done, total))

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
             allow_removals: bool = False) -> RunSummary:
        from fortsync_gui.engine import session  # imported late: pure planning tests need no runner

        return session.run(self.store, self.profile, connections=self.conns, dry_run=dry_run, observer=observer,
                           cancel=cancel, allow_removals=allow_removals)

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
