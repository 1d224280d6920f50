"""``fortsync`` against an in-process sandbox: the headless environment variables of DESIGN.md §4 point the CLI at
the sandbox (a Fortnox service account), the store is a SQLite file in tmp_path, the keyring is in memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keyring
import pytest

from fortsync_gui.cli import main
from fortsync_gui.demo import sandbox_env
from fortsync_gui.sandbox import Sandbox
from fortsync_gui.secrets import MemoryKeyring
from tests.sandbox_clients import TIME_SCALE, FortnoxTestClient, UpsalesTestClient, connections

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def json(self) -> Any:
        lines = self.out.splitlines()
        assert len(lines) == 1, f"--json prints exactly one line on stdout, got {self.out!r}"
        return json.loads(lines[0])


@dataclass
class CliEnv:
    sandbox: Sandbox
    tmp: Path
    db_url: str
    env: dict[str, str]
    capsys: pytest.CaptureFixture[str]

    def run(self, *argv: str) -> Result:
        self.capsys.readouterr()
        code = main(list(argv))
        captured = self.capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def settings(self, name: str = "acme", text: str = 'module = "invoice"\n') -> Path:
        path = self.tmp / f"{name}.toml"
        path.write_text(text, encoding="utf-8")
        return path

    def clients(self) -> tuple[FortnoxTestClient, UpsalesTestClient]:
        conns = connections(self.sandbox)
        return conns.fortnox, conns.upsales  # type: ignore[return-value]

    def subprocess_env(self, **extra: str) -> dict[str, str]:
        env = {**os.environ, **self.env, "FORTSYNC_DB_URL": self.db_url,
               "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", **extra}
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        return env

    def popen(self, *argv: str, **extra_env: str) -> subprocess.Popen[str]:
        return subprocess.Popen([sys.executable, "-m", "fortsync_gui", *argv], env=self.subprocess_env(**extra_env),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
            memory_keyring: MemoryKeyring) -> Iterator[CliEnv]:
    sandbox = Sandbox(seed="demo", time_scale=TIME_SCALE).start()
    env = sandbox_env(sandbox.info, TIME_SCALE)
    db_url = f"sqlite:///{(tmp_path / 'fortsync.db').as_posix()}"
    monkeypatch.delenv("FORTSYNC_FORTNOX_ACCESS_TOKEN", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("FORTSYNC_DB_URL", db_url)
    monkeypatch.setenv("FORTSYNC_DATA_DIR", str(tmp_path / "data"))
    yield CliEnv(sandbox, tmp_path, db_url, env, capsys)
    sandbox.stop()
