"""Profiles: one per Upsales/Fortnox pair (an accountant has one per client). Settings only; secrets are in the
keyring under the profile's name, which is why a name never changes once created."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .dml import rowcount
from .errors import ProfileExists, ProfileNotFound
from .models import Profile, ProfileSettings

NAME_MAX = 64


def create_profile(
    session: Session, name: str, settings: ProfileSettings | None = None, *, display_name: str | None = None
) -> Profile:
    name = name.strip()
    if not name or len(name) > NAME_MAX:
        raise ValueError(f"a profile name has 1 to {NAME_MAX} characters: {name!r}")
    profile = Profile(name=name, display_name=display_name or name)
    settings = settings or ProfileSettings()
    # One rule for every way a profile is made (wizard, settings file, demo): without a day of its own, deals won
    # from the day the profile is made go to Fortnox.
    profile.settings = replace(settings, send_won_since=settings.send_won_since or date.today())
    session.add(profile)
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise ProfileExists(name) from exc
    return profile


def get_profile(session: Session, name: str) -> Profile | None:
    return session.scalars(select(Profile).where(Profile.name == name)).one_or_none()


def require_profile(session: Session, name: str) -> Profile:
    profile = get_profile(session, name)
    if profile is None:
        raise ProfileNotFound(name)
    return profile


def list_profiles(session: Session) -> list[Profile]:
    return list(session.scalars(select(Profile).order_by(Profile.name)))


def update_profile(
    session: Session, name: str, *, settings: ProfileSettings | None = None, display_name: str | None = None
) -> Profile:
    """Replace the settings and/or the display name; change one setting with ``dataclasses.replace``."""
    profile = require_profile(session, name)
    if settings is not None:
        profile.settings = settings
    if display_name is not None:
        profile.display_name = display_name
    session.commit()
    return profile


def mark_initial_import_done(session: Session, profile_id: int) -> None:
    """The first import is done: that flag set on the settings as they are now, read afresh (the user may have
    changed others while the import ran); committed with the caller's next commit."""
    profile = session.get(Profile, profile_id, populate_existing=True)
    if profile is not None:
        profile.settings = replace(profile.settings, initial_import_done=True)


def delete_profile(session: Session, name: str) -> bool:
    """Delete a profile and everything recorded for it (links, runs, queues). Its keyring entries are the caller's."""
    deleted = rowcount(session, delete(Profile).where(Profile.name == name))
    session.commit()
    return bool(deleted)
