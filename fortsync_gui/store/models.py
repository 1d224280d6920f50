"""The tables. Every change here needs a migration in ``migrations/versions`` (a test compares the two).

Rows belong to a profile and go with it (ON DELETE CASCADE); history that merely mentions a run keeps its row when
the run is removed (SET NULL). No ORM relationships: the repositories query what they need.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, ForeignKey, Index, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from .columns import EnumText, UTCDateTime, utcnow
from .enums import (
    Action,
    ConflictStatus,
    DeletionStatus,
    EntityKind,
    MatchBasis,
    MatchStatus,
    Module,
    Outcome,
    RunStatus,
    Side,
)

# Named constraints: batch migrations on SQLite can only drop or alter what has a name.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID_LENGTH = 64  # remote ids are strings: Upsales ids, Fortnox customer/article/document numbers
LABEL_LENGTH = 255
KEY_LENGTH = 100  # message/error keys and field names

RemoteId = str | int  # Upsales ids arrive as numbers; every remote id is stored as text


def remote_id(value: RemoteId) -> str:
    return str(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime(), dict[str, Any]: JSON()}


def _profile_fk(*, primary_key: bool = False) -> Mapped[int]:
    return mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=primary_key)


def _run_fk() -> Mapped[int | None]:
    return mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))


def _created() -> Mapped[datetime]:
    return mapped_column(default=utcnow)


@dataclass(frozen=True)
class ProfileSettings:
    """What the wizard's settings page and a settings file hold (R3), plus where the APIs are. Never a secret."""

    module: Module = Module.INVOICE
    fallback_user_id: int | None = None
    won_stage_id: int | None = None
    lost_stage_id: int | None = None
    offer_stage_id: int | None = None
    price_list: str | None = None  # Fortnox price-list code
    fortnox_api_url: str | None = None
    fortnox_auth_url: str | None = None
    upsales_api_url: str | None = None
    fortnox_client_id: str | None = None  # of the Fortnox app registration; its secret is in the keyring
    fortnox_tenant_id: str | None = None
    deletion_threshold: int = 25  # a run that would delete or unlink more stops before writing
    initial_import_done: bool = False
    # Won deals (by close date) and offers (by date) from this day on go to Fortnox; None: the day the profile was
    # made. Deals from before were sold before Fortsync and are most likely invoiced by hand already.
    send_won_since: date | None = None
    # "Match existing data before the first import": possible duplicates (same e-mail domain, similar name) wait
    # for the user instead of being created. Exact organisation-number links happen either way.
    match_existing: bool = True
    # A create whose answer was lost is created again only when a lookup this long after it still finds nothing.
    settle_minutes: int = 10
    extra: Mapping[str, Any] = field(default_factory=dict)


SETTINGS_FIELDS = tuple(f.name for f in fields(ProfileSettings))


class Profile(Base):
    __tablename__ = "profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)  # `fortsync sync --profile NAME`; keys the keyring
    display_name: Mapped[str] = mapped_column(String(LABEL_LENGTH))
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    module: Mapped[Module] = mapped_column(EnumText(Module), default=ProfileSettings.module)
    fallback_user_id: Mapped[int | None]
    won_stage_id: Mapped[int | None]
    lost_stage_id: Mapped[int | None]
    offer_stage_id: Mapped[int | None]
    price_list: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    fortnox_api_url: Mapped[str | None] = mapped_column(String(LABEL_LENGTH))
    fortnox_auth_url: Mapped[str | None] = mapped_column(String(LABEL_LENGTH))
    upsales_api_url: Mapped[str | None] = mapped_column(String(LABEL_LENGTH))
    fortnox_client_id: Mapped[str | None] = mapped_column(String(LABEL_LENGTH))
    fortnox_tenant_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    deletion_threshold: Mapped[int] = mapped_column(default=ProfileSettings.deletion_threshold)
    initial_import_done: Mapped[bool] = mapped_column(default=False)
    send_won_since: Mapped[date | None]
    match_existing: Mapped[bool] = mapped_column(default=True)
    settle_minutes: Mapped[int] = mapped_column(default=ProfileSettings.settle_minutes, server_default="10")
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)

    @property
    def settings(self) -> ProfileSettings:
        values = {name: getattr(self, name) for name in SETTINGS_FIELDS}
        return ProfileSettings(**{**values, "extra": dict(self.extra)})  # a copy: editing it must not touch the row

    @settings.setter
    def settings(self, value: ProfileSettings) -> None:
        values = {name: getattr(value, name) for name in SETTINGS_FIELDS}
        values["extra"] = dict(value.extra)  # the row's own copy, shared with no caller
        for name, item in values.items():
            setattr(self, name, item)


class Link(Base):
    """An Upsales record and the Fortnox record it is synced with, and the sync state: per mapped field, the value
    each side was last seen with (read, or written by Fortsync). A side whose value differs changed that field."""

    __tablename__ = "links"
    __table_args__ = (
        UniqueConstraint("profile_id", "kind", "upsales_id"),
        UniqueConstraint("profile_id", "kind", "fortnox_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = _profile_fk()
    kind: Mapped[EntityKind] = mapped_column(EnumText(EntityKind))
    upsales_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    fortnox_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    upsales_values: Mapped[dict[str, Any] | None]  # None: not compared yet (the next run reads both sides)
    fortnox_values: Mapped[dict[str, Any] | None]
    last_synced_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = _created()


class Cursor(Base):
    """How far the changes of one entity kind on one side have been read (Fortnox `lastmodified`, Upsales
    `modDate`), as the text the API takes back."""

    __tablename__ = "cursors"

    profile_id: Mapped[int] = _profile_fk(primary_key=True)
    kind: Mapped[EntityKind] = mapped_column(EnumText(EntityKind), primary_key=True)
    side: Mapped[Side] = mapped_column(EnumText(Side), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Run(Base):
    __tablename__ = "runs"
    __table_args__ = (Index(None, "profile_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = _profile_fk()
    owner: Mapped[str] = mapped_column(String(128))  # the run lock's owner while the run is alive
    status: Mapped[RunStatus] = mapped_column(EnumText(RunStatus))
    dry_run: Mapped[bool]
    started_at: Mapped[datetime] = _created()
    heartbeat_at: Mapped[datetime] = _created()
    finished_at: Mapped[datetime | None]
    message_key: Mapped[str | None] = mapped_column(String(KEY_LENGTH))
    message_args: Mapped[dict[str, Any]] = mapped_column(default=dict)
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)  # kind -> action (or "skip"/"failed") -> n
    requests: Mapped[dict[str, Any]] = mapped_column(default=dict)  # "fortnox"/"upsales" -> n


class RunItem(Base):
    """One line of the audit trail."""

    __tablename__ = "run_items"
    __table_args__ = (UniqueConstraint("run_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    seq: Mapped[int]
    at: Mapped[datetime] = _created()
    kind: Mapped[EntityKind] = mapped_column(EnumText(EntityKind))
    action: Mapped[Action] = mapped_column(EnumText(Action))
    outcome: Mapped[Outcome] = mapped_column(EnumText(Outcome))
    upsales_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    fortnox_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    label: Mapped[str | None] = mapped_column(String(LABEL_LENGTH))  # e.g. the company name, for the report
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]
    error_key: Mapped[str | None] = mapped_column(String(KEY_LENGTH))
    error_text: Mapped[str | None] = mapped_column(Text)


class Conflict(Base):
    """A field changed on both sides since the last sync (R7). ``applied_at`` is set once a run has written the
    chosen value, so a resolution is used exactly once."""

    __tablename__ = "conflicts"
    __table_args__ = (Index(None, "profile_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = _profile_fk()
    link_id: Mapped[int] = mapped_column(ForeignKey("links.id", ondelete="CASCADE"), index=True)
    kind: Mapped[EntityKind] = mapped_column(EnumText(EntityKind))
    field: Mapped[str] = mapped_column(String(KEY_LENGTH))
    label: Mapped[str | None] = mapped_column(String(LABEL_LENGTH))
    upsales_value: Mapped[Any] = mapped_column(JSON)
    fortnox_value: Mapped[Any] = mapped_column(JSON)
    detected_run_id: Mapped[int | None] = _run_fk()
    detected_at: Mapped[datetime] = _created()
    status: Mapped[ConflictStatus] = mapped_column(EnumText(ConflictStatus))
    resolution: Mapped[Side | None] = mapped_column(EnumText(Side))
    resolved_at: Mapped[datetime | None]
    applied_at: Mapped[datetime | None]


class FieldRule(Base):
    """"Always let this side win for this field" (remembered conflict choice)."""

    __tablename__ = "field_rules"
    __table_args__ = (UniqueConstraint("profile_id", "kind", "field"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = _profile_fk()
    kind: Mapped[EntityKind] = mapped_column(EnumText(EntityKind))
    field: Mapped[str] = mapped_column(String(KEY_LENGTH))
    winner: Mapped[Side] = mapped_column(EnumText(Side))
    created_at: Mapped[datetime] = _created()


class PendingDeletion(Base):
    """A deletion the user must confirm before any run executes it (R8, deletion review queue)."""

    __tablename__ = "pending_deletions"
    __table_args__ = (Index(None, "profile_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = _profile_fk()
    kind: Mapped[EntityKind] = mapped_column(EnumText(EntityKind))
    upsales_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    fortnox_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    label: Mapped[str | None] = mapped_column(String(LABEL_LENGTH))
    reason_key: Mapped[str] = mapped_column(String(KEY_LENGTH))
    detected_run_id: Mapped[int | None] = _run_fk()
    detected_at: Mapped[datetime] = _created()
    status: Mapped[DeletionStatus] = mapped_column(EnumText(DeletionStatus))
    decided_at: Mapped[datetime | None]


class Decision(Base):
    """A decision the user made outside a run (a conflict resolved, a duplicate decided, a deletion confirmed or
    kept, a field rule set or forgotten): the audit trail of what runs then carried out."""

    __tablename__ = "decisions"
    __table_args__ = (Index(None, "profile_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = _profile_fk()
    at: Mapped[datetime] = _created()
    subject: Mapped[str] = mapped_column(String(KEY_LENGTH))  # conflict | match | deletion | rule
    subject_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    choice: Mapped[str] = mapped_column(String(KEY_LENGTH))
    label: Mapped[str | None] = mapped_column(String(LABEL_LENGTH))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class MatchCandidate(Base):
    """A suggested pair of an Upsales company and a Fortnox customer, before the first import."""

    __tablename__ = "match_candidates"
    __table_args__ = (UniqueConstraint("profile_id", "upsales_id", "fortnox_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = _profile_fk()
    upsales_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    fortnox_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    upsales_label: Mapped[str | None] = mapped_column(String(LABEL_LENGTH))
    fortnox_label: Mapped[str | None] = mapped_column(String(LABEL_LENGTH))
    basis: Mapped[MatchBasis] = mapped_column(EnumText(MatchBasis))
    score: Mapped[float]
    status: Mapped[MatchStatus] = mapped_column(EnumText(MatchStatus))
    created_at: Mapped[datetime] = _created()
    decided_at: Mapped[datetime | None]


class Meta(Base):
    """Facts about this database itself (e.g. ``installation``: the id the tenants' marker names)."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(KEY_LENGTH), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class RunLock(Base):
    """At most one row per profile: whoever holds it may run. A holder that stops beating its heart loses it."""

    __tablename__ = "run_locks"

    profile_id: Mapped[int] = _profile_fk(primary_key=True)
    owner: Mapped[str] = mapped_column(String(128))
    acquired_at: Mapped[datetime]
    heartbeat_at: Mapped[datetime]


class WriteIntent(Base):
    """Written (and committed) just before a remote create whose result Fortsync cannot look up cheaply; removed
    with the link that records the result. One left behind means the process died in between: the next run looks
    the record up by its stamp before creating anything."""

    __tablename__ = "write_intents"
    __table_args__ = (UniqueConstraint("profile_id", "kind", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = _profile_fk()
    kind: Mapped[EntityKind] = mapped_column(EnumText(EntityKind))
    target: Mapped[Side] = mapped_column(EnumText(Side))  # the side the record is created on
    key: Mapped[str] = mapped_column(String(ID_LENGTH))  # e.g. "fortnox:1042" or "upsales:1234": the source record
    created_at: Mapped[datetime] = _created()
    uncertain_at: Mapped[datetime | None]  # the create was sent and its answer lost: the outcome is unknown
