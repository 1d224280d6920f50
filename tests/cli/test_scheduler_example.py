"""README's systemd example for a bureau (one job per company on an existing scheduler) is the command that works:
its template service is read from README, its ``%i`` and ``/etc/fortsync`` filled in, its environment files written
with the sandbox's credentials, and its ExecStart run twice, as the timer would."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fortsync_gui.demo import sandbox_env
from fortsync_gui.sandbox import Sandbox
from tests.sandbox_clients import TIME_SCALE

ROOT = Path(__file__).resolve().parents[2]


def unit_text(name: str) -> str:
    """The README's block that starts with ``# /etc/systemd/system/<name>``."""
    blocks = re.findall(r"```ini\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    return next(b for b in blocks if b.startswith(f"# /etc/systemd/system/{name}\n"))


def unit(name: str) -> dict[str, list[str]]:
    """The README's unit ``name`` as key -> values."""
    text = unit_text(name)
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            out.setdefault(key.strip(), []).append(value.strip())
    return out


def test_the_readme_systemd_unit_syncs_a_company(tmp_path: Path) -> None:
    service, timer = unit("fortsync-sync@.service"), unit("fortsync-sync@.timer")
    assert service["Type"] == ["oneshot"] and timer["OnCalendar"] and timer["Persistent"] == ["true"]

    def filled(text: str) -> str:
        return text.replace("%i", "acme").replace("/etc/fortsync", str(tmp_path))

    with Sandbox(seed="demo", time_scale=TIME_SCALE) as sandbox:
        info, env = sandbox.info, sandbox_env(sandbox.info, TIME_SCALE)
        shared = {"FORTSYNC_DB_URL": f"sqlite:///{(tmp_path / 'bureau.db').as_posix()}",
                  "FORTSYNC_FORTNOX_CLIENT_ID": info.fortnox_client_id,
                  "FORTSYNC_FORTNOX_CLIENT_SECRET": info.fortnox_client_secret,
                  # the sandbox stands in for the services (the real ones are the defaults)
                  **{k: env[k] for k in ("FORTSYNC_UPSALES_URL", "FORTSYNC_FORTNOX_URL", "FORTSYNC_FORTNOX_AUTH_URL",
                                         "FORTSYNC_RATE_SCALE")}}
        own = {"FORTSYNC_UPSALES_TOKEN": info.upsales_token, "FORTSYNC_FORTNOX_TENANT_ID": str(info.fortnox_tenant_id)}
        (tmp_path / "bureau.env").write_text("".join(f"{k}={v}\n" for k, v in shared.items()), encoding="utf-8")
        (tmp_path / "acme.env").write_text("".join(f"{k}={v}\n" for k, v in own.items()), encoding="utf-8")
        (tmp_path / "acme.toml").write_text('module = "invoice"\n', encoding="utf-8")

        environment = {k: v for k, v in os.environ.items() if not k.startswith("FORTSYNC_")}
        for path in service["EnvironmentFile"]:  # as systemd reads them: KEY=VALUE lines, later files win
            for line in Path(filled(path)).read_text(encoding="utf-8").splitlines():
                key, _, value = line.partition("=")
                environment[key] = value
        environment.update(PYTHONPATH=str(ROOT), FORTSYNC_DATA_DIR=str(tmp_path / "data"),
                           PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")  # a server has no keyring
        argv = shlex.split(filled(service["ExecStart"][0]))
        assert argv[0] == "/opt/fortsync/bin/fortsync"
        command = [sys.executable, "-m", "fortsync_gui", *argv[1:]]

        summaries = []
        for _ in range(2):  # the timer fires twice
            done = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=600, cwd=ROOT)
            assert done.returncode == 0, done.stderr
            summaries.append(json.loads(done.stdout))
    first, second = summaries
    assert first["status"] == "ok" and first["counts"]["company"]["created"] > 0
    assert second["status"] == "ok" and all(c.get("created", 0) == 0 for c in second["counts"].values())


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_accepts_the_readme_units(tmp_path: Path) -> None:
    for suffix in ("service", "timer"):
        text = unit_text(f"fortsync-sync@.{suffix}").replace("/opt/fortsync/bin/fortsync", sys.executable)
        (tmp_path / f"fortsync-sync@acme.{suffix}").write_text(text, encoding="utf-8")
    done = subprocess.run(["systemd-analyze", "verify", "--man=no", str(tmp_path / "fortsync-sync@acme.service"),
                           str(tmp_path / "fortsync-sync@acme.timer")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
