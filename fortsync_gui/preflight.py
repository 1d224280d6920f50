"""Pre-flight checks before a profile syncs (DESIGN.md §2.7), and the settings rules of the wizard (R3).

Pure functions over data the clients fetched, plus :func:`run_preflight`, which fetches it. No Qt: every result is a
:class:`Check` with a ``message_key`` and arguments that the GUI (or the CLI) turns into a Swedish sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from fortsync_gui.clients.errors import ApiError, AuthError, PermissionDenied
from fortsync_gui.domain.fortnox import PriceList
from fortsync_gui.domain.upsales import OrderStage, User
from fortsync_gui.engine.context import ACCOUNT_FIELDS, ORDER_FIELDS, PRODUCT_FIELDS


class Level(Enum):
    OK = "ok"
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class SyncSettings:
    """The settings page's choices (R3); ``module`` is ``invoice``, ``order`` or ``order_offer``."""

    module: str
    fallback_user_id: int | None
    won_stage_id: int | None
    lost_stage_id: int | None
    offer_stage_id: int | None
    price_list: str | None


@dataclass(frozen=True)
class Check:
    key: str  # stable id of the check, e.g. "stage.won"
    level: Level
    message_key: str
    args: Mapping[str, Any] = field(default_factory=dict)


# --- settings rules (also used live by the settings page) -------------------------------------------------------

def default_stages(stages: Sequence[OrderStage]) -> tuple[int | None, int | None, int | None]:
    """Sensible defaults (won, lost, offer): a 100 % stage, a 0 % stage, and a stage named like "Offert" (else the
    highest open stage). Excluded stages (Upsales ``exclude``: e.g. "Order (ej fortnox)", a won stage kept out of the
    sync) are only taken when nothing else fits."""
    usable = sorted(stages, key=lambda s: s.exclude)  # stable: list order within each group

    def named(candidates: Iterable[OrderStage], words: tuple[str, ...]) -> OrderStage | None:
        candidates = list(candidates)
        return next((s for s in candidates if any(w in s.name.casefold() for w in words)),
                    candidates[0] if candidates else None)

    won = named((s for s in usable if s.probability == 100 and not s.exclude), ("vunn", "won", "order"))
    lost = named((s for s in usable if s.probability == 0), ("förlor", "lost", "tappad"))
    open_stages = [s for s in usable if 0 < s.probability < 100 and not s.exclude]
    offer = next((s for s in open_stages if any(w in s.name.casefold() for w in ("offert", "offer", "quote"))),
                 max(open_stages, key=lambda s: s.probability, default=None))
    return (won.id if won else None, lost.id if lost else None, offer.id if offer else None)


def default_price_list(price_lists: Sequence[PriceList]) -> str | None:
    chosen = next((p for p in price_lists if p.preselected), None) or next(
        (p for p in price_lists if p.code == "A"), None) or (price_lists[0] if price_lists else None)
    return chosen.code if chosen else None


def settings_problems(settings: SyncSettings, stages: Sequence[OrderStage], users: Sequence[User],
                      price_lists: Sequence[PriceList]) -> dict[str, str]:
    """Field name -> message key, for every choice that breaks a rule; empty when the settings are usable."""
    problems: dict[str, str] = {}
    by_id = {s.id: s for s in stages}
    user = next((u for u in users if u.id == settings.fallback_user_id), None)
    if user is None:
        problems["fallback_user"] = "settings.fallback_user.missing"
    elif not user.active:
        problems["fallback_user"] = "settings.fallback_user.inactive"

    won = by_id.get(settings.won_stage_id) if settings.won_stage_id is not None else None
    lost = by_id.get(settings.lost_stage_id) if settings.lost_stage_id is not None else None
    if won is None:
        problems["won_stage"] = "settings.won_stage.missing"
    elif won.probability != 100:
        problems["won_stage"] = "settings.won_stage.not_100"
    elif won.exclude:
        problems["won_stage"] = "settings.won_stage.excluded"
    if lost is None:
        problems["lost_stage"] = "settings.lost_stage.missing"
    elif won is not None and lost.id == won.id:
        problems["lost_stage"] = "settings.lost_stage.same_as_won"
    elif lost.probability != 0:
        problems["lost_stage"] = "settings.lost_stage.not_0"

    if settings.module == "order_offer":
        offer = by_id.get(settings.offer_stage_id) if settings.offer_stage_id is not None else None
        if offer is None:
            problems["offer_stage"] = "settings.offer_stage.missing"
        elif offer.id in {settings.won_stage_id, settings.lost_stage_id}:
            problems["offer_stage"] = "settings.offer_stage.same_as_other"
        elif not 0 < offer.probability < 100:
            problems["offer_stage"] = "settings.offer_stage.not_open"
        elif offer.exclude:
            problems["offer_stage"] = "settings.offer_stage.excluded"

    if settings.price_list is None or settings.price_list not in {p.code for p in price_lists}:
        problems["price_list"] = "settings.price_list.missing"
    return problems


# --- pre-flight checks ------------------------------------------------------------------------------------------

# Fortnox resource -> the licence a company needs for it (named as on Fortnox's price list).
LICENCES = {
    "companyinformation": "",
    "customers": "Fakturering",
    "articles": "Fakturering",
    "pricelists": "Fakturering",
    "invoices": "Fakturering",
    "orders": "Order",
    "offers": "Order",
}
_MODULE_DOCUMENTS = {"invoice": ("invoices",), "order": ("orders",), "order_offer": ("orders", "offers")}

# Upsales custom-field aliases the Upsales Fortnox app keeps its Fortnox ids in (DESIGN.md §1).
FORTNOX_APP_ALIASES = {
    "account": ("FORTNOX_CUSTOMER_ID",),
    "product": ("FORTNOX_ID",),
    "order": ("FORTNOX_ID", "FORTNOX_ORDER_ID", "FORTNOX_OFFER_ID"),
}
# Fortsync creates the same aliases itself when they are missing, under names of its own ("Fortnox kundnummer"):
# per entity, alias -> the name Fortsync gives the field. A field by that name is Fortsync's, not the app's.
FORTSYNC_FIELD_NAMES = {entity: {alias: name for alias, name, _ in specs}
                        for entity, specs in (("account", ACCOUNT_FIELDS), ("product", PRODUCT_FIELDS),
                                              ("order", ORDER_FIELDS))}


def needed_fortnox_resources(module: str) -> list[str]:
    return ["companyinformation", "customers", "articles", "pricelists", *_MODULE_DOCUMENTS[module]]


def check_fortnox_access(outcomes: Mapping[str, BaseException | None]) -> list[Check]:
    """One check for the resources Fortsync may use, one error per resource it may not (with the missing licence)."""
    checks: list[Check] = []
    allowed = [r for r, error in outcomes.items() if error is None]
    if allowed:
        checks.append(Check("fortnox.access", Level.OK, "preflight.fortnox.access_ok", {"resources": allowed}))
    for resource, error in outcomes.items():
        if error is None:
            continue
        key = f"fortnox.access.{resource}"
        if isinstance(error, PermissionDenied):
            checks.append(Check(key, Level.ERROR, "preflight.fortnox.licence_missing",
                                {"resource": resource, "licence": LICENCES.get(resource, ""),
                                 "detail": error.message}))
        elif isinstance(error, AuthError):
            checks.append(Check(key, Level.ERROR, "preflight.fortnox.auth", {"resource": resource}))
        else:
            checks.append(Check(key, Level.ERROR, "preflight.fortnox.failed",
                                {"resource": resource, "detail": _detail(error)}))
    return checks


def check_price_list(price_lists: Sequence[PriceList], code: str | None) -> Check:
    found = next((p for p in price_lists if p.code == code), None)
    if found is None:
        return Check("price_list", Level.ERROR, "preflight.price_list.missing", {"code": code or ""})
    return Check("price_list", Level.OK, "preflight.price_list.ok", {"code": found.code,
                                                                     "description": found.description})


def check_stages(stages: Sequence[OrderStage], settings: SyncSettings) -> list[Check]:
    problems = settings_problems(settings, stages, [], [])
    by_id = {s.id: s for s in stages}
    roles = [("won_stage", settings.won_stage_id), ("lost_stage", settings.lost_stage_id)]
    if settings.module == "order_offer":
        roles.append(("offer_stage", settings.offer_stage_id))
    checks = []
    for role, stage_id in roles:
        stage = by_id.get(stage_id) if stage_id is not None else None
        args = {"name": stage.name if stage else "", "probability": stage.probability if stage else 0}
        if role in problems:
            checks.append(Check(f"stage.{role}", Level.ERROR, problems[role], args))
        else:
            checks.append(Check(f"stage.{role}", Level.OK, f"preflight.{role}.ok", args))
    return checks


def check_fallback_user(users: Sequence[User], user_id: int | None) -> Check:
    user = next((u for u in users if u.id == user_id), None)
    if user is None:
        return Check("fallback_user", Level.ERROR, "settings.fallback_user.missing")
    if not user.active:
        return Check("fallback_user", Level.ERROR, "settings.fallback_user.inactive", {"name": user.name})
    return Check("fallback_user", Level.OK, "preflight.fallback_user.ok", {"name": user.name})


def check_existing_installation(fields_by_entity: Mapping[str, Iterable[tuple[str, str]]]) -> list[Check]:
    """Whether the Upsales Fortnox app's id fields exist (per Upsales entity, its custom fields' ``(alias, name)``):
    then Fortsync adopts them instead of duplicating, and the app must be turned off. Fields with those aliases that
    Fortsync created itself (told apart by the name it gives them) are no sign of the app."""
    found: set[str] = set()
    own = False
    for entity, wanted in FORTNOX_APP_ALIASES.items():
        for alias, name in fields_by_entity.get(entity, ()):
            if alias not in wanted:
                continue
            if _fortsyncs(entity, alias, name):
                own = True
            else:
                found.add(alias)
    if found:
        return [Check("fortnox_app", Level.INFO, "preflight.fortnox_app.adopt", {"aliases": sorted(found)}),
                Check("fortnox_app.active", Level.WARNING, "preflight.fortnox_app.turn_off")]
    if own:
        return [Check("fortnox_app", Level.OK, "preflight.fortnox_app.own")]
    return [Check("fortnox_app", Level.OK, "preflight.fortnox_app.none")]


def _fortsyncs(entity: str, alias: str, name: str | None) -> bool:
    ours = FORTSYNC_FIELD_NAMES.get(entity, {}).get(alias)
    return ours is not None and (name or "").strip().casefold() == ours.casefold()


def _detail(error: BaseException) -> str:
    return error.message if isinstance(error, ApiError) else type(error).__name__


# --- fetching ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Sources:
    """What :func:`run_preflight` needs, as callables over the real clients (see ``gui/wizard/backend.py``)."""

    stages: Callable[[], Sequence[OrderStage]]
    users: Callable[[], Sequence[User]]  # all users, inactive included, so an inactive choice is explained
    price_lists: Callable[[], Sequence[PriceList]]
    custom_fields: Callable[[str], Iterable[tuple[str, str]]]  # Upsales entity -> its custom fields' (alias, name)
    probe_fortnox: Callable[[str], None]  # one cheap call to a Fortnox resource; raises what the client raises


def run_preflight(sources: Sources, settings: SyncSettings) -> list[Check]:
    """Fetch what the checks need and run them all; a fetch that fails becomes an error check, not an exception."""
    checks: list[Check] = []
    outcomes: dict[str, BaseException | None] = {}
    for resource in needed_fortnox_resources(settings.module):
        try:
            sources.probe_fortnox(resource)
            outcomes[resource] = None
        except ApiError as exc:
            outcomes[resource] = exc
    checks += check_fortnox_access(outcomes)

    def fetch(key: str, fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except ApiError as exc:
            checks.append(Check(key, Level.ERROR, "preflight.fetch_failed",
                                {"service": exc.api, "detail": _detail(exc)}))
            return None

    if outcomes.get("pricelists") is None:
        price_lists = fetch("price_list", sources.price_lists)
        if price_lists is not None:
            checks.append(check_price_list(price_lists, settings.price_list))
    stages = fetch("stages", sources.stages)
    if stages is not None:
        checks += check_stages(stages, settings)
    users = fetch("fallback_user", sources.users)
    if users is not None:
        checks.append(check_fallback_user(users, settings.fallback_user_id))
    fields = fetch("fortnox_app", lambda: {e: list(sources.custom_fields(e)) for e in FORTNOX_APP_ALIASES})
    if fields is not None:
        checks += check_existing_installation(fields)
    return checks


def blocking(checks: Iterable[Check]) -> bool:
    """Whether any check stops the profile from syncing."""
    return any(c.level is Level.ERROR for c in checks)
