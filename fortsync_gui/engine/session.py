"""The one way into the engine. The CLI, the GUI's sync worker, the wizard's preview, the demo and the test harness
all call :func:`run`: it connects the profile's clients, applies a settings file's choices and fills the unset ones
from the APIs, recovers a run lock a dead process left behind, runs (the run checks the settings against the tenant
before anything is written), closes the connections, and turns every error into a :class:`RunSummary`.

    summary = session.run(store, "acme", dry_run=True, observer=observer, cancel=token)
"""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from fortsync_gui.clients.errors import ApiError
from fortsync_gui.clients.redact import redact
from fortsync_gui.secrets import SecretStore, SecretStoreError
from fortsync_gui.store import ProfileSettings, Store, locks, profiles
from fortsync_gui.store.errors import ProfileExists

from .api import CancelToken, MessageKey, Observer, RunSummary, StopRun
from .connect import Connections, connect
from .context import stop_reason
from .defaults import needs_defaults, with_defaults
from .runner import run_sync

Configure = Callable[[ProfileSettings], ProfileSettings]  # a settings file's choices over the profile's


@dataclass(frozen=True)
class Recovered:
    """A run lock taken over from a process on this machine that no longer exists."""

    pid: int


def run(store: Store, profile: str, *, dry_run: bool = False, allow_removals: bool = False,
        observer: Observer | None = None, cancel: CancelToken | None = None, secrets: SecretStore | None = None,
        env: Mapping[str, str] | None = None, connections: Connections | None = None,
        configure: Configure | None = None, on_recovered: Callable[[Recovered], None] | None = None,
        clock: Callable[[], datetime] | None = None, take_over: bool = False) -> RunSummary:
    """Sync ``profile`` (or plan it, with ``dry_run``).

    ``configure``: a settings file's choices; the profile is created when it does not exist yet, and choices left
    unset are filled from the APIs. ``connections``: already connected clients (the caller keeps and closes them);
    by default the profile's are built from the keyring (``secrets``) and the ``FORTSYNC_*`` overrides (``env``).
    ``clock``: this computer's time (tests inject one; e.g. to let the settle time of an uncertain write pass).
    ``take_over``: another installation's marker is on the tenants, and the user says this one takes over (a new PC,
    or a lost database: every link is adopted from the stamps, nothing is created twice).
    """
    try:
        settings, created = _settings(store, profile, configure)
    except StopRun as stop:
        return _failed(dry_run, stop.key.value, stop.args_)
    if settings.draft:  # the wizard kept it unfinished: nothing is connected, nothing is run
        return _failed(dry_run, MessageKey.PROFILE_DRAFT.value, {"profile": profile})
    own = connections is None
    try:
        conns = connections or connect(profile, settings, secrets or SecretStore(), env)
    except StopRun as stop:
        return _failed(dry_run, stop.key.value, stop.args_)
    except SecretStoreError as error:
        return _failed(dry_run, error.message_key, {"detail": str(error)})
    try:
        if configure is not None:
            try:
                settings = with_defaults(settings, conns) if needs_defaults(settings) else settings
            except ApiError as error:
                stop = stop_reason(error) or StopRun(MessageKey.SERVICE, detail=redact(str(error)))
                return _failed(dry_run, stop.key.value, stop.args_, conns)
            _save(store, profile, settings, created=created)

        def once() -> RunSummary:
            return run_sync(store, profile, conns, dry_run=dry_run, observer=observer, cancel=cancel,
                            allow_removals=allow_removals, clock=clock, take_over=take_over)

        summary = once()
        if summary.message_key == MessageKey.LOCKED.value:  # looked at only then: one query less for every run
            recovered = release_dead_lock(store, profile)
            if recovered is not None:
                if on_recovered is not None:
                    on_recovered(recovered)
                summary = once()
        return summary
    except KeyboardInterrupt:  # a second Ctrl+C: stop at once
        return _failed(dry_run, MessageKey.CANCELLED.value, {}, status="stopped")
    finally:
        if own:
            conns.close()


def _failed(dry_run: bool, key: str, args: Mapping[str, object], conns: Connections | None = None, *,
            status: str = "failed") -> RunSummary:
    requests = conns.requests() if conns is not None else {"fortnox": 0, "upsales": 0}
    return RunSummary(None, status, dry_run, message_key=key, message_args=dict(args), requests=requests)


def _settings(store: Store, profile: str, configure: Configure | None) -> tuple[ProfileSettings, bool]:
    with store.session() as session:
        found = profiles.get_profile(session, profile)
        if found is None and configure is None:
            raise StopRun(MessageKey.PROFILE_MISSING, profile=profile)
        current = found.settings if found is not None else ProfileSettings()
    return (configure(current) if configure is not None else current), found is None


def _save(store: Store, profile: str, settings: ProfileSettings, *, created: bool) -> None:
    with store.session() as session:
        if created:
            try:
                profiles.create_profile(session, profile, settings)
            except ProfileExists:
                profiles.update_profile(session, profile, settings=settings)
        else:
            profiles.update_profile(session, profile, settings=settings)


def release_dead_lock(store: Store, profile: str) -> Recovered | None:
    """A run killed outright (power cut, SIGKILL) leaves the profile's run lock behind, and other runs would wait
    minutes for it to go stale. When its owner was a process on this machine that no longer exists, let it go now.
    (Owners are ``host/pid/uuid``, see :func:`fortsync_gui.store.locks.new_owner`.)"""
    with store.session() as session:
        found = profiles.get_profile(session, profile)
        lock = locks.holder(session, found.id) if found is not None else None
        if found is None or lock is None:
            return None
        host, _, rest = lock.owner.partition("/")
        pid_text = rest.partition("/")[0]
        if host != socket.gethostname()[:60] or not pid_text.isdigit() or int(pid_text) == os.getpid():
            return None
        if _pid_alive(int(pid_text)):
            return None
        return Recovered(int(pid_text)) if locks.release(session, found.id, lock.owner) else None


def _pid_alive(pid: int) -> bool:
    if sys.platform == "win32":  # os.kill would terminate the process on Windows
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return bool(kernel32.GetLastError() == 5)  # access denied: it exists
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
