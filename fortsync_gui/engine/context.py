"""What rendering or executing a run's plan shares: the store session, the profile, the clients, the Upsales
custom-field ids, and the recorder that writes the audit trail, counts, and tells the observer. Also the Upsales
custom fields Fortsync keeps its ids in, and which API errors stop a whole run."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from fortsync_gui.clients.errors import ApiError, AuthError, InvalidGrant, NetworkError, PermissionDenied, ServerError
from fortsync_gui.clients.redact import redact
from fortsync_gui.store import Action, EntityKind, Outcome, ProfileSettings, runs
from fortsync_gui.store.models import Profile

from .api import CancelToken, ConflictEvent, ItemEvent, MessageKey, Observer, StopRun
from .connect import Connections, stop_for
from .state import jsonable

if TYPE_CHECKING:
    from .plan.model import Step

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
    return stop_for(error)  # still rate limited after every pause, or an answer that cannot be read


@dataclass
class Context:
    """What rendering or executing a plan shares: the store session, the run, the clients and the observer."""

    session: Session
    profile_id: int
    settings: ProfileSettings
    run_id: int
    conns: Connections
    observer: Observer
    cancel: CancelToken
    fields: FieldIds = field(default_factory=FieldIds)
    upsales_price_list: int | None = None
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))  # this computer's time
    _last_beat: float = field(default_factory=time.monotonic)

    def checkpoint(self) -> None:
        """Between steps: honour the cancel token, and keep the run lock alive."""
        if self.cancel.cancelled:
            raise StopRun(MessageKey.CANCELLED)
        if time.monotonic() - self._last_beat >= HEARTBEAT_EVERY_S:
            self._last_beat = time.monotonic()
            if not runs.heartbeat(self.session, self.run_id, requests=self.conns.requests()):
                raise StopRun(MessageKey.LOCKED)

    def record_step(self, step: Step, outcome: Outcome, upsales_id: object, fortnox_id: object, *,
                    action: Action | None = None, reason: str | None = None, error_key: str | None = None,
                    error_text: str | None = None) -> None:
        """One line of the audit trail for ``step``, counted, and told to the observer."""
        action = action or step.action
        assert action is not None
        key = error_key or reason or step.reason
        up = None if upsales_id is None else str(upsales_id)
        fx = None if fortnox_id is None else str(fortnox_id)
        runs.record_item(self.session, self.run_id, step.kind, action, outcome, upsales_id=up, fortnox_id=fx,
                         label=step.label, before=_jsonable(step.before), after=_jsonable(step.after),
                         error_key=key, error_text=error_text)
        self.observer.on_item(ItemEvent(step.kind, action, outcome, step.label, up, fx, key, error_text))

    def count_unchanged(self, kind: EntityKind, n: int = 1) -> None:
        if n:
            runs.add_count(self.session, self.run_id, kind, "unchanged", n)

    def conflict_event(self, conflict_id: int | None, step: Step) -> None:
        data = step.data
        self.observer.on_conflict(ConflictEvent(conflict_id, step.kind, step.label, data["field"], data["upsales"],
                                                data["fortnox"]))

    def remember(self, key: str, value: Any) -> None:
        """Keep ``value`` in the profile's extra settings (e.g. when the full listings were last read)."""
        profile = self.session.get(Profile, self.profile_id)
        if profile is not None:
            profile.settings = replace(profile.settings, extra={**profile.settings.extra, key: value})
            self.session.commit()


def _jsonable(values: Mapping[str, Any] | None) -> dict[str, Any] | None:
    return None if values is None else {str(k): jsonable(v) for k, v in values.items()}
