"""What every phase of a run shares: the store session, the profile, the clients, the Upsales custom-field ids, and
the recorder that writes the audit trail, counts, and tells the observer.

A phase reads, plans (pure functions in ``*_plan.py``), then applies action by action through :meth:`Context.attempt`,
which persists nothing itself: each apply function persists its own result (link row, stamp) right after the remote
write succeeded, then records the audit line.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from fortsync_gui.clients.errors import ApiError, AuthError, InvalidGrant, NetworkError, PermissionDenied, ServerError
from fortsync_gui.clients.redact import redact
from fortsync_gui.domain.upsales import User
from fortsync_gui.store import Action, EntityKind, Outcome, ProfileSettings, Side, conflicts, cursors, runs
from fortsync_gui.store import links as link_store

from .api import CancelToken, ConflictEvent, ItemEvent, MessageKey, Observer, StopRun
from .connect import Connections

T = TypeVar("T")

# Upsales custom fields that hold foreign ids, as the Upsales Fortnox app names them (DESIGN.md §1).
ACCOUNT_FIELDS = (("FORTNOX_CUSTOMER_ID", "Fortnox kundnummer", "String"), ("EMAIL", "E-post", "String"),
                  ("VAT_NO", "Momsregistreringsnummer", "String"))
PRODUCT_FIELDS = (("FORTNOX_ID", "Fortnox artikelnummer", "String"),)
ORDER_FIELDS = (("FORTNOX_ID", "Fortnox fakturanummer", "String"),
                ("FORTNOX_ORDER_ID", "Fortnox ordernummer", "String"),
                ("FORTNOX_OFFER_ID", "Fortnox offertnummer", "String"),
                ("SKIP_SYNC", "Synka inte till Fortnox", "Boolean"))

HEARTBEAT_EVERY_S = 20.0


@dataclass(frozen=True)
class FieldIds:
    """Upsales custom-field ids by entity and alias; a field missing in a dry run is ``None`` (it would be
    created)."""

    account: Mapping[str, int | None] = field(default_factory=dict)
    product: Mapping[str, int | None] = field(default_factory=dict)
    order: Mapping[str, int | None] = field(default_factory=dict)


def load_field_ids(conns: Connections, *, create: bool) -> FieldIds:
    def ids(entity: str, specs: tuple[tuple[str, str, str], ...]) -> dict[str, int | None]:
        if create:
            return dict(conns.upsales.ensure_custom_fields(entity, specs))
        found = {alias: conns.upsales.find_custom_field(entity, alias) for alias, _, _ in specs}
        return {alias: None if f is None else f.id for alias, f in found.items()}

    return FieldIds(ids("account", ACCOUNT_FIELDS), ids("product", PRODUCT_FIELDS), ids("order", ORDER_FIELDS))


def custom_value(custom: Mapping[int, str], field_id: int | None) -> str | None:
    if field_id is None:
        return None
    value = (custom.get(field_id) or "").strip()
    return value or None


def stop_reason(error: ApiError) -> StopRun | None:
    """The errors that make every further request pointless, as the reason to stop the run."""
    if isinstance(error, InvalidGrant) or (isinstance(error, AuthError) and error.api == "fortnox"):
        return StopRun(MessageKey.FORTNOX_AUTH, reason=error.message_key)
    if isinstance(error, AuthError):
        return StopRun(MessageKey.UPSALES_AUTH, reason=error.message_key)
    if isinstance(error, PermissionDenied) and error.api == "fortnox":
        return StopRun(MessageKey.FORTNOX_PERMISSION, detail=redact(str(error)))
    if isinstance(error, NetworkError | ServerError):
        return StopRun(MessageKey.NETWORK, api=error.api)
    return None


@dataclass
class Context:
    session: Session
    profile_id: int
    settings: ProfileSettings
    run_id: int
    conns: Connections
    observer: Observer
    cancel: CancelToken
    dry_run: bool
    fields: FieldIds = field(default_factory=FieldIds)
    users: list[User] = field(default_factory=list)
    conflicts_found: int = 0
    _last_beat: float = field(default_factory=time.monotonic)

    @property
    def first_import(self) -> bool:
        return not self.settings.initial_import_done

    @property
    def outcome(self) -> Outcome:
        """What a successful action is recorded as: done, or only planned in a dry run."""
        return Outcome.PLANNED if self.dry_run else Outcome.OK

    def checkpoint(self) -> None:
        """Between actions: honour the cancel token, and keep the run lock alive."""
        if self.cancel.cancelled:
            raise StopRun(MessageKey.CANCELLED)
        if time.monotonic() - self._last_beat >= HEARTBEAT_EVERY_S:
            self._last_beat = time.monotonic()
            if not runs.heartbeat(self.session, self.run_id, requests=self.conns.requests()):
                raise StopRun(MessageKey.LOCKED)

    def record(self, kind: EntityKind, action: Action, outcome: Outcome | None = None, *, label: str | None = None,
               upsales_id: object = None, fortnox_id: object = None, before: Mapping[str, Any] | None = None,
               after: Mapping[str, Any] | None = None, error_key: str | None = None,
               error_text: str | None = None) -> None:
        outcome = outcome or self.outcome
        up = None if upsales_id is None else str(upsales_id)
        fx = None if fortnox_id is None else str(fortnox_id)
        runs.record_item(self.session, self.run_id, kind, action, outcome, upsales_id=up, fortnox_id=fx, label=label,
                         before=_jsonable(before), after=_jsonable(after), error_key=error_key,
                         error_text=error_text)
        self.observer.on_item(ItemEvent(kind, action, outcome, label, up, fx, error_key, error_text))

    def count_unchanged(self, kind: EntityKind, n: int = 1) -> None:
        if n:
            runs.add_count(self.session, self.run_id, kind, "unchanged", n)

    def conflict(self, link: link_store.Link | None, field_name: str, upsales_value: Any, fortnox_value: Any, *,
                 label: str | None) -> None:
        self.conflicts_found += 1
        conflict_id = None
        if link is not None and _already_open(self.session, link, field_name, upsales_value, fortnox_value):
            return  # the user has it in the review list already; no new audit line every run
        if link is not None and not self.dry_run:
            conflict_id = conflicts.record_conflict(self.session, link, field_name, _jsonable_value(upsales_value),
                                                    _jsonable_value(fortnox_value), run_id=self.run_id,
                                                    label=label).id
        kind = link.kind if link is not None else EntityKind.COMPANY
        self.observer.on_conflict(ConflictEvent(conflict_id, kind, label, field_name, upsales_value, fortnox_value))
        self.record(kind, Action.CONFLICT, Outcome.SKIPPED, label=label,
                    upsales_id=None if link is None else link.upsales_id,
                    fortnox_id=None if link is None else link.fortnox_id,
                    before={"field": field_name}, after={"upsales": upsales_value, "fortnox": fortnox_value})

    def attempt(self, kind: EntityKind, action: Action, work: Callable[[], T], *, label: str | None = None,
                upsales_id: object = None, fortnox_id: object = None) -> T | None:
        """Run one record's action. An API error on this record is recorded as failed and the run goes on; errors
        that concern every record (sign-in, licence, network) stop the run."""
        self.checkpoint()
        try:
            return work()
        except ApiError as error:
            stop = stop_reason(error)
            if stop is not None:
                raise stop from error
            self.session.rollback()
            self.record(kind, action, Outcome.FAILED, label=label, upsales_id=upsales_id, fortnox_id=fortnox_id,
                        error_key=error.message_key, error_text=redact(str(error)))
            return None

    def link(self, kind: EntityKind, upsales_id: object, fortnox_id: object, *, baseline: dict[str, Any] | None = None,
             upsales_hash: str | None = None, fortnox_hash: str | None = None) -> link_store.Link:
        return link_store.upsert_link(self.session, self.profile_id, kind, str(upsales_id), str(fortnox_id),
                                      baseline=baseline, upsales_hash=upsales_hash, fortnox_hash=fortnox_hash)

    def rules(self, kind: EntityKind) -> dict[str, Side]:
        return conflicts.field_rules(self.session, self.profile_id, kind)


def _already_open(session: Session, link: link_store.Link, field_name: str, upsales_value: Any,
                  fortnox_value: Any) -> bool:
    return any(c.link_id == link.id and c.field == field_name and c.upsales_value == _jsonable_value(upsales_value)
               and c.fortnox_value == _jsonable_value(fortnox_value)
               for c in conflicts.open_conflicts(session, link.profile_id, link.kind))


def _jsonable_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Mapping):
        return {str(k): _jsonable_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable_value(v) for v in value]
    return str(value)


def _jsonable(values: Mapping[str, Any] | None) -> dict[str, Any] | None:
    return None if values is None else {str(k): _jsonable_value(v) for k, v in values.items()}


CURSOR_OVERLAP = timedelta(minutes=2)  # Fortnox `lastmodified` has minute resolution; hashes absorb re-reads


def read_since(ctx: Context, kind: EntityKind, side: Side) -> datetime | None:
    """Changes of ``kind`` on ``side`` are read from here (None: everything, e.g. the first import)."""
    value = cursors.get_cursor(ctx.session, ctx.profile_id, kind, side)
    return None if value is None else datetime.fromisoformat(value)


def save_cursor(ctx: Context, kind: EntityKind, side: Side, read_started: datetime) -> None:
    """After every change read from ``read_started`` on was applied (never in a dry run, never after a failure
    that should be retried: the caller decides)."""
    if not ctx.dry_run:
        cursors.set_cursor(ctx.session, ctx.profile_id, kind, side, (read_started - CURSOR_OVERLAP).isoformat())
