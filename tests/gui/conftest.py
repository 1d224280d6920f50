"""GUI test fixtures: the Swedish translators, an in-memory keyring that records every write, a fresh store per test,
wizards wired to the time-scaled sandbox (tests/conftest.py), and a main window on a profile set up in it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fortsync_gui.gui.i18n import install_translators
from fortsync_gui.gui.main_window import MainWindow
from fortsync_gui.gui.profiles import StoreProfiles
from fortsync_gui.gui.wizard import Endpoints, SetupWizard, WizardContext
from fortsync_gui.secrets import MemoryKeyring, SecretStore
from fortsync_gui.store import Store, open_store
from tests.conftest import TIME_SCALE

from .driver import WAIT_MS, add_profile


class RecordingKeyring(MemoryKeyring):
    """In memory; ``writes`` lists every (username, password) set, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[tuple[str, str]] = []

    def set_password(self, service: str, username: str, password: str) -> None:
        super().set_password(service, username, password)
        self.writes.append((username, password))

    def users(self) -> set[str]:
        return {user for _, user in self.data}


@pytest.fixture(scope="session", autouse=True)
def swedish(qapp: QApplication) -> None:
    install_translators(qapp)


@pytest.fixture(autouse=True)
def _no_leftover_jobs() -> Iterator[None]:
    yield
    assert QThreadPool.globalInstance().waitForDone(WAIT_MS), "a background job is still running"


@pytest.fixture
def recording_keyring() -> RecordingKeyring:
    return RecordingKeyring()


@pytest.fixture
def profiles(tmp_path: Path) -> Iterator[StoreProfiles]:
    repo = StoreProfiles(f"sqlite:///{(tmp_path / 'fortsync.db').as_posix()}")
    yield repo
    repo.store.close()


@pytest.fixture
def endpoints(sandbox: Any) -> Endpoints:
    info = sandbox.info
    return Endpoints(info.upsales_url, info.fortnox_url, info.fortnox_auth_url, info.fortnox_client_id)


MakeWizard = Callable[..., SetupWizard]


@pytest.fixture
def make_wizard(qtbot: QtBot, sandbox: Any, recording_keyring: RecordingKeyring, profiles: StoreProfiles,
                endpoints: Endpoints) -> Iterator[MakeWizard]:
    made: list[SetupWizard] = []

    def make(**overrides: Any) -> SetupWizard:
        fields: dict[str, Any] = {
            "secrets": SecretStore(recording_keyring), "endpoints": endpoints, "save_profile": profiles.save,
            "fortnox_client_secret": sandbox.info.fortnox_client_secret, "own_fortnox_app": True,
            "existing_names": frozenset(p.name for p in profiles.list()),
        }
        fields.update(overrides)
        wizard = SetupWizard(WizardContext(**fields))
        qtbot.addWidget(wizard)
        wizard.show()
        made.append(wizard)
        return wizard

    yield make
    for wizard in made:
        wizard._stop_pages()  # cancels a pending browser sign-in, so no worker waits for it


@pytest.fixture
def url(tmp_path: Path) -> str:
    """A fresh SQLite store's URL (the views also open a store by URL)."""
    return f"sqlite:///{(tmp_path / 'fortsync.db').as_posix()}"


@pytest.fixture
def store(url: str) -> Iterator[Store]:
    made = open_store(url)
    yield made
    made.close()


@pytest.fixture
def window(qtbot: QtBot, sandbox: Any, store: Store, recording_keyring: RecordingKeyring) -> Iterator[MainWindow]:
    """The main window on the profile "demo", set up in the sandbox (its syncs at the sandbox's time scale)."""
    secrets = SecretStore(recording_keyring)
    add_profile(store, sandbox, secrets)
    made = MainWindow(store, secrets, lambda name: None, sync_env={"FORTSYNC_RATE_SCALE": str(TIME_SCALE)})
    qtbot.addWidget(made)
    made.show()
    yield made
    if made.sync.worker is not None:
        made.sync.worker.cancel()
        made.sync.worker.wait()
