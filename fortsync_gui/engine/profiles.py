"""Saving and removing profiles, in one place for the GUI (the wizard, the profile list) and the headless commands:
the store keeps the settings, the keyring the profile's secrets, and removing a profile removes both.

    profiles.save_profile(store, "acme", settings)           # creates it, or replaces its settings
    profiles.remove_profile(store, "acme", SecretStore())    # False: the keyring entries are left to remove by hand
"""

from __future__ import annotations

from fortsync_gui.secrets import SecretStore, SecretStoreError
from fortsync_gui.store import ProfileSettings, Store
from fortsync_gui.store import profiles as stored


def save_profile(store: Store, name: str, settings: ProfileSettings, display_name: str | None = None
                 ) -> ProfileSettings:
    """Create the profile ``name`` with ``settings``, or replace the settings of the one that exists; returns the
    settings as saved (a new profile without a ``send_won_since`` day of its own gets the day it is made)."""
    with store.session() as session:
        if stored.get_profile(session, name) is None:
            return stored.create_profile(session, name, settings, display_name=display_name).settings
        return stored.update_profile(session, name, settings=settings, display_name=display_name).settings


def remove_profile(store: Store, name: str, secrets: SecretStore) -> bool:
    """Remove the profile with everything recorded for it (links, runs, queues) and its keyring entries. Nothing in
    Upsales or Fortnox changes. Returns whether the keyring entries were removed: False when the password manager
    could not be used (the profile is gone from the store all the same)."""
    with store.session() as session:
        stored.delete_profile(session, name)
    try:
        secrets.delete_profile(name)
    except SecretStoreError:
        return False
    return True
