"""The files everyday use leans on: the support bundle holds no secret, the packaged Fortnox app registration and
its development placeholder, the log files, the icon the package carries is the desktop entry's."""

from __future__ import annotations

import json
import logging
import zipfile
from pathlib import Path

import pytest

from fortsync_gui import app_registration, logs, support_bundle
from fortsync_gui.clients.redact import register_secret
from fortsync_gui.engine.schedule import Every, Schedule, save_schedule
from fortsync_gui.secrets import MemoryKeyring, SecretKind, SecretStore
from fortsync_gui.store import ProfileSettings, RunStatus, locks, open_store, profiles, runs

ROOT = Path(__file__).resolve().parents[2]


def test_support_bundle_has_logs_settings_and_runs_but_no_secret(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{(tmp_path / 'f.db').as_posix()}")
    secrets = SecretStore(MemoryKeyring())
    token = "upsales-token-3f9a1c77e2"
    register_secret(token)
    secrets.set("acme", SecretKind.UPSALES_TOKEN, token)
    with store.session() as session:
        pid = profiles.create_profile(session, "acme", ProfileSettings(price_list="A"), display_name="Acme AB").id
        assert locks.acquire(session, pid, "t")
        run = runs.start_run(session, pid, owner="t")
        runs.finish_run(session, run.id, RunStatus.FAILED, message_key="auth.upsales", message_args={})
    save_schedule(store, "acme", Schedule(Every.DAILY))
    log = tmp_path / "fortsync.log"
    log.write_text(f"2026-03-01 INFO fortsync: sent token={token}\n", encoding="utf-8")
    path = support_bundle.create(store, tmp_path / "out" / "bundle.zip", secrets=secrets, log_files=[log])
    with zipfile.ZipFile(path) as bundle:
        names = set(bundle.namelist())
        assert names == {"README.txt", "about.json", "profiles.json", "runs.json", "logs/fortsync.log"}
        everything = "".join(bundle.read(name).decode("utf-8") for name in names)
        profile = json.loads(bundle.read("profiles.json"))[0]
        ran = json.loads(bundle.read("runs.json"))["acme"][0]
    assert token not in everything
    assert profile["settings"]["price_list"] == "A" and profile["settings"]["extra"]["schedule"]["every"] == "daily"
    assert profile["connection"]["upsales_token"] is True  # that there is one, never its value
    assert ran["status"] == "failed" and ran["message_key"] == "auth.upsales"
    store.close()


def test_the_app_registration_placeholder_and_its_overrides(tmp_path: Path) -> None:
    shipped = app_registration.load({})
    assert shipped.client_id == "" and not shipped.configured and shipped.source == "none"  # the git placeholder
    assert shipped.redirect_uri == "http://127.0.0.1:47613/fortsync/fortnox-callback"
    built = tmp_path / "fortnox_app.toml"
    built.write_text('client_id = "abc123"\nclient_secret = "s3cr3t-from-build"\nredirect_port = 47999\n',
                     encoding="utf-8")
    found = app_registration.load({}, built)
    assert found.configured and found.source == "packaged" and found.redirect_port == 47999
    env = {"FORTSYNC_FORTNOX_CLIENT_ID": "dev", "FORTSYNC_FORTNOX_CLIENT_SECRET": "dev-secret-1"}
    assert app_registration.load(env, built).client_id == "dev"
    from fortsync_gui.clients.redact import redact

    assert "s3cr3t-from-build" not in redact("client_secret=s3cr3t-from-build")  # never logged


def test_log_files_and_cli_logging_redact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORTSYNC_DATA_DIR", str(tmp_path))
    assert logs.log_files() == []
    secret = "very-secret-value-123"
    register_secret(secret)
    chosen = tmp_path / "elsewhere" / "fortsync-cli.log"
    with logs.to_file(logging.INFO, log_file=chosen) as path:
        logging.getLogger("fortsync.test").info("token %s", secret)
    [found] = logs.log_files()
    assert found == path
    for text in (found.read_text(encoding="utf-8"), chosen.read_text(encoding="utf-8")):
        assert "fortsync.test" in text and secret not in text
    # --log-file naming the log file itself: one handler, each line once
    with logs.to_file(logging.INFO, log_file=path):
        logging.getLogger("fortsync.test").info("once only")
    assert found.read_text(encoding="utf-8").count("once only") == 1


def test_the_packaged_icon_is_the_desktop_entrys() -> None:
    assert (ROOT / "fortsync_gui" / "gui" / "icons" / "fortsync.svg").read_bytes() == \
        (ROOT / "resources" / "fortsync.svg").read_bytes()
