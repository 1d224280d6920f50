"""Keyrings for tests that lock: writes fail while ``refuse(value)`` says so (a locked collection)."""

from __future__ import annotations

from collections.abc import Callable

import keyring

from fortsync_gui.secrets import MemoryKeyring


class RefusingKeyring(MemoryKeyring):
    """In memory; a write fails as a locked collection does while ``refuse(password)`` is true."""

    def __init__(self) -> None:
        super().__init__()
        self.refuse: Callable[[str], bool] = lambda value: False

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.refuse(password):
            raise keyring.errors.KeyringLocked("Failed to unlock the collection!")
        super().set_password(service, username, password)
