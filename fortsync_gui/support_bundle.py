""""Skapa supportpaket": one zip a user can send to whoever helps them, with what is needed to understand a problem
and no secret: the log files, every profile's settings (which never hold a secret) with its connection health (what
the keyring holds, never the values) and schedule, the last runs' summaries, and the versions in use. Every text in
it passes the redactor once more, and the database URL's password is left out.

    path = support_bundle.create(store, Path("~/Skrivbord/fortsync-support.zip").expanduser(), secrets=SecretStore())
"""

from __future__ import annotations

import json
import platform
import sys
import zipfile
from collections.abc import Iterable
from dataclasses import asdict, fields
from datetime import UTC, date, datetime, time
from enum import Enum
from pathlib import Path
from typing import Any

from fortsync_gui import __version__
from fortsync_gui.clients.redact import redact
from fortsync_gui.connection_health import connection_health
from fortsync_gui.secrets import SecretStore
from fortsync_gui.store import Store, profiles, runs
from fortsync_gui.store.models import ProfileSettings

RUNS_PER_PROFILE = 20
MAX_LOG_BYTES = 5_000_000  # per file: the newest part of a very long log


def default_name(now: datetime | None = None) -> str:
    return f"fortsync-support-{(now or datetime.now()).strftime('%Y%m%d-%H%M')}.zip"


def create(store: Store, path: Path, *, secrets: SecretStore | None = None,
           log_files: Iterable[Path] | None = None, extra: dict[str, Any] | None = None) -> Path:
    """Write the zip to ``path`` (replacing it) and return it."""
    from fortsync_gui import logs

    files = list(logs.log_files() if log_files is None else log_files)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("README.txt", _readme(files))
        bundle.writestr("about.json", _json(_about(store, extra)))
        bundle.writestr("profiles.json", _json(_profiles(store, secrets)))
        bundle.writestr("runs.json", _json(_runs(store)))
        for log in files:
            bundle.writestr(f"logs/{log.name}", redact(_tail(log)))
    return path


def _readme(files: list[Path]) -> str:
    return ("Fortsync supportpaket\n\n"
            "about.json     versioner och system\n"
            "profiles.json  profilernas inställningar, schema och anslutningsstatus (inga lösenord eller nycklar)\n"
            "runs.json      de senaste körningarnas sammanfattningar per profil\n"
            f"logs/          loggfilerna ({len(files)} st)\n\n"
            "Inget i paketet innehåller API-nycklar, lösenord eller inloggningar.\n")


def _about(store: Store, extra: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "fortsync": __version__, "python": sys.version.split()[0], "platform": platform.platform(),
        "frozen": bool(getattr(sys, "frozen", False)),
        "database": store.engine.url.render_as_string(hide_password=True),
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"), **(extra or {}),
    }


def _profiles(store: Store, secrets: SecretStore | None) -> list[dict[str, Any]]:
    out = []
    with store.session() as session:
        for p in profiles.list_profiles(session):
            entry: dict[str, Any] = {"name": p.name, "display_name": p.display_name,
                                     "created_at": p.created_at, "settings": _settings(p.settings)}
            if secrets is not None:
                health = connection_health(secrets, p.name)
                health.pop("detail", None)
                entry["connection"] = health
            out.append(entry)
    return out


def _settings(settings: ProfileSettings) -> dict[str, Any]:
    return {f.name: getattr(settings, f.name) for f in fields(settings)}


def _runs(store: Store) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    with store.session() as session:
        for p in profiles.list_profiles(session):
            out[p.name] = [{
                "run_id": r.id, "status": r.status, "dry_run": r.dry_run, "started_at": r.started_at,
                "finished_at": r.finished_at, "message_key": r.message_key, "message_args": r.message_args,
                "counts": r.counts, "requests": r.requests,
            } for r in runs.list_runs(session, p.id, limit=RUNS_PER_PROFILE)]
    return out


def _tail(log: Path) -> str:
    try:
        with log.open("rb") as file:
            size = file.seek(0, 2)
            file.seek(max(0, size - MAX_LOG_BYTES))
            return file.read().decode("utf-8", errors="replace")
    except OSError as error:
        return f"(could not read {log.name}: {error.strerror})"


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if hasattr(value, "__dataclass_fields__"):
        return asdict(value)
    return str(value)


def _json(data: Any) -> str:
    return redact(json.dumps(data, ensure_ascii=False, indent=2, default=_plain))
