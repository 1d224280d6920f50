"""A keyring backend for the benchmarks only: the secrets in the JSON file ``FORTSYNC_BENCH_KEYRING`` names, so a
``fortsync sync --all`` subprocess finds each profile's Upsales key. Selected with
``PYTHON_KEYRING_BACKEND=bench_keyring.FileKeyring`` and this folder on ``PYTHONPATH``; never part of Fortsync."""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def _path(self) -> Path:
        return Path(os.environ["FORTSYNC_BENCH_KEYRING"])

    def _data(self) -> dict[str, str]:
        path = self._path()
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._data().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._data()
        data[f"{service}/{username}"] = password
        self._path().write_text(json.dumps(data), encoding="utf-8")

    def delete_password(self, service: str, username: str) -> None:
        data = self._data()
        data.pop(f"{service}/{username}", None)
        self._path().write_text(json.dumps(data), encoding="utf-8")
