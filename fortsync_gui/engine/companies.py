"""Companies: Fortnox customers -> Upsales companies (R4, R5), duplicate matching before the first import, two-way
field sync of linked pairs with per-field conflicts (R7), and, for the documents phase, a Fortnox customer for an
Upsales company with a sale (R6).

Crash safety: every create is preceded by a committed write intent and followed at once by its link row; a run
that finds an intent left behind looks the record up by its stamp (Upsales: the FORTNOX_CUSTOMER_ID field; Fortnox:
the customer's ExternalReference ``upsales:<id>``) before it creates anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Future
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from fortsync_gui.clients import upsales_wire
from fortsync_gui.clients.errors import UncertainWrite
from fortsync_gui.domain.fortnox import Customer
from fortsync_gui.domain.orgno import normalise_org_no
from fortsync_gui.domain.upsales import Account
from fortsync_gui.domain.users import match_user
from fortsync_gui.store import Action, EntityKind, MatchStatus, Outcome, Side, conflicts, intents, links, matches
from fortsync_gui.store.models import Link

from . import company_map as cmap
from .api import Phase
from .company_plan import Candidate, Party, match_candidates, merge
from .context import Context, custom_value, read_since, save_cursor
from .prefetch import prefetched

KIND = EntityKind.COMPANY
CUSTOMER_ID = "FORTNOX_CUSTOMER_ID"
INTENT_LOOKBACK = timedelta(minutes=5)


def _now() -> datetime:
    return datetime.now(UTC)


def sync(ctx: Context) -> None:
    ctx.observer.on_phase(Phase.COMPANIES)
    read_started = _now()
    items = list(ctx.conns.fortnox.iter_customers(lastmodified=read_since(ctx, KIND, Side.FORTNOX)))
    accounts = {a.id: a for a in ctx.conns.upsales.iter_accounts(modified_since=read_since(ctx, KIND, Side.UPSALES))}
    by_fortnox = {link.fortnox_id: link for link in links.links_of_kind(ctx.session, ctx.profile_id, KIND)}
    if ctx.first_import:
        ctx.observer.on_phase(Phase.MATCHING)
        _suggest_matches(ctx, items, accounts.values(), by_fortnox)
        ctx.observer.on_phase(Phase.COMPANIES)
    accepted = {m.fortnox_id: m for m in matches.list_matches(ctx.session, ctx.profile_id, MatchStatus.ACCEPTED)}
    waiting = {m.fortnox_id for m in matches.list_matches(ctx.session, ctx.profile_id, MatchStatus.SUGGESTED)}
    resolutions = _resolutions(ctx)
    changed = {c.customer_number for c in items}
    others = [link for link in by_fortnox.values() if link.fortnox_id not in changed
              and (int(link.upsales_id) in accounts or link.id in resolutions)]
    total, done, failed = len(items) + len(others), 0, 0

    def full(item: Customer) -> Customer:  # list items lack addresses, web and VAT: read each in full, ahead
        return ctx.conns.fortnox.get_customer(item.customer_number) if item.is_partial else item

    for item, customer in prefetched(items, full):
        done += 1
        ctx.observer.on_progress(done, total)
        number = item.customer_number
        if (link := by_fortnox.get(number)) is not None:
            work = partial(_sync_fetched, ctx, link, customer, accounts, resolutions)
            failed += ctx.attempt(KIND, Action.UPDATE, work, label=item.name, upsales_id=link.upsales_id,
                                  fortnox_id=number) is None
        elif number in waiting and number not in accepted:
            ctx.record(KIND, Action.SKIP, Outcome.SKIPPED, label=item.name, fortnox_id=number,
                       error_key="matches.pending")
        else:
            work = partial(_import_fetched, ctx, customer, accepted.get(number), accounts)
            failed += ctx.attempt(KIND, Action.CREATE, work, label=item.name, fortnox_id=number) is None
    for link in others:
        done += 1
        ctx.observer.on_progress(done, total)
        work = partial(_sync_pair, ctx, link, None, accounts.get(int(link.upsales_id)), resolutions.get(link.id, {}))
        failed += ctx.attempt(KIND, Action.UPDATE, work, upsales_id=link.upsales_id, fortnox_id=link.fortnox_id) is None
    if not failed:
        save_cursor(ctx, KIND, Side.FORTNOX, read_started)
        save_cursor(ctx, KIND, Side.UPSALES, read_started)


def _sync_fetched(ctx: Context, link: Link, customer: Future[Customer], accounts: dict[int, Account],
                  resolutions: dict[int, dict[str, tuple[int, Side]]]) -> bool:
    return _sync_pair(ctx, link, customer.result(), accounts.get(int(link.upsales_id)), resolutions.get(link.id, {}))


def _import_fetched(ctx: Context, customer: Future[Customer], match: Any, accounts: dict[int, Account]) -> bool:
    return _import_customer(ctx, customer.result(), match, accounts)


# --- matching ----------------------------------------------------------------------------------------------------


def _party_of_customer(customer: Customer) -> Party:
    return Party(customer.customer_number, customer.name, normalise_org_no(customer.organisation_number),
                 customer.email, customer.www)


def _party_of_account(ctx: Context, account: Account) -> Party:
    return Party(str(account.id), account.name, normalise_org_no(account.org_no),
                 custom_value(account.custom, ctx.fields.account.get("EMAIL")), account.webpage,
                 custom_value(account.custom, ctx.fields.account.get(CUSTOMER_ID)))


def _suggest_matches(ctx: Context, customers: list[Customer], accounts: Iterable[Account],
                     by_fortnox: dict[str, Link]) -> None:
    """Store the candidates (a dry run stores them too: they are what the wizard's duplicate review shows). Exact
    matches are accepted unless the user already decided on the pair."""
    linked_up = {link.upsales_id for link in by_fortnox.values()}
    ups = [_party_of_account(ctx, a) for a in accounts if str(a.id) not in linked_up]
    fxs = [_party_of_customer(c) for c in customers if c.customer_number not in by_fortnox]
    for candidate in match_candidates(ups, fxs):
        _store_candidate(ctx, candidate)


def _store_candidate(ctx: Context, candidate: Candidate) -> None:
    row = matches.suggest_match(ctx.session, ctx.profile_id, candidate.upsales_id, candidate.fortnox_id,
                                basis=candidate.basis, score=candidate.score, upsales_label=candidate.upsales_label,
                                fortnox_label=candidate.fortnox_label)
    if candidate.exact and row.status is MatchStatus.SUGGESTED and row.decided_at is None:
        try:
            matches.accept_match(ctx.session, row.id)
        except matches.MatchConflict:
            ctx.session.rollback()


# --- Fortnox customer -> Upsales company (R4, R5) ----------------------------------------------------------------


def _import_customer(ctx: Context, customer: Customer, match: Any, accounts: dict[int, Account]) -> bool:
    values = cmap.from_customer(customer)
    upsales_id = int(match.upsales_id) if match is not None else _adoptable(ctx, customer.customer_number, accounts)
    if upsales_id is not None:
        account = accounts.get(upsales_id) or ctx.conns.upsales.get_account(upsales_id)
        _link_pair(ctx, customer, account, values)
        return True
    if ctx.dry_run:
        ctx.record(KIND, Action.CREATE, label=customer.name, fortnox_id=customer.customer_number, after=values)
        return True
    key = f"fortnox:{customer.customer_number}"
    intents.begin(ctx.session, ctx.profile_id, KIND, Side.UPSALES, key)
    payload = cmap.upsales_changes(values, values, None, ctx.fields)
    payload.pop("custom", None)
    custom = {fid: v for name, alias in cmap.CUSTOM_FIELDS.items()
              if (fid := ctx.fields.account.get(alias)) is not None and (v := values.get(name))}
    custom[ctx.fields.account[CUSTOMER_ID]] = customer.customer_number
    user = match_user(customer.our_reference, ctx.users, ctx.settings.fallback_user_id or 0)
    account = ctx.conns.upsales.create_account(upsales_wire.account_payload(
        **payload, custom=custom, users=[user] if user else []))
    ctx.link(KIND, account.id, customer.customer_number, baseline=values)
    intents.done(ctx.session, ctx.profile_id, KIND, key)
    ctx.record(KIND, Action.CREATE, label=customer.name, upsales_id=account.id, fortnox_id=customer.customer_number,
               after=values)
    return True


def _adoptable(ctx: Context, customer_number: str, accounts: dict[int, Account]) -> int | None:
    """An unlinked Upsales company that already carries this customer number (the Upsales Fortnox app's field, or
    a create of ours whose link a crash lost)."""
    field_id = ctx.fields.account.get(CUSTOMER_ID)
    if field_id is None:
        return None
    for account in accounts.values():
        if custom_value(account.custom, field_id) == customer_number:
            return account.id
    if ctx.first_import and not _has_intent(ctx, f"fortnox:{customer_number}"):
        return None  # the first import read every company: no need to ask Upsales again
    found = ctx.conns.upsales.find_accounts_by_custom(field_id, customer_number)
    return found[0].id if found else None


def _has_intent(ctx: Context, key: str) -> bool:
    return key in intents.pending(ctx.session, ctx.profile_id, KIND)


def _link_pair(ctx: Context, customer: Customer, account: Account, fortnox_values: dict[str, Any]) -> None:
    """Link (matching, adoption) and merge: a value on one side only fills the other; different values become
    conflicts for the user."""
    if ctx.dry_run:
        ctx.record(KIND, Action.LINK, label=customer.name, upsales_id=account.id,
                   fortnox_id=customer.customer_number)
        return
    link = ctx.link(KIND, account.id, customer.customer_number)
    _repair_customer_id(ctx, account, link)
    intents.done(ctx.session, ctx.profile_id, KIND, f"fortnox:{customer.customer_number}")
    ctx.record(KIND, Action.LINK, label=customer.name, upsales_id=account.id, fortnox_id=customer.customer_number)
    _write_merge(ctx, link, customer.name, account, cmap.from_account(account, ctx.fields), fortnox_values,
                 baseline=None, resolutions={})


# --- linked pairs (R7) -------------------------------------------------------------------------------------------


def _resolutions(ctx: Context) -> dict[int, dict[str, tuple[int, Side]]]:
    """link id -> field -> (conflict id, winner) of resolved conflicts no run has applied yet."""
    out: dict[int, dict[str, tuple[int, Side]]] = {}
    for conflict in conflicts.resolutions_to_apply(ctx.session, ctx.profile_id, KIND):
        if conflict.resolution is not None:
            out.setdefault(conflict.link_id, {})[conflict.field] = (conflict.id, conflict.resolution)
    return out


def _sync_pair(ctx: Context, link: Link, customer: Customer | None, account: Account | None,
               resolved: dict[str, tuple[int, Side]]) -> bool:
    baseline = link.baseline
    if customer is None and (baseline is None or resolved):
        customer = ctx.conns.fortnox.get_customer(link.fortnox_id)
    if account is None and (baseline is None or resolved):
        account = ctx.conns.upsales.get_account(int(link.upsales_id))
    fortnox_values = cmap.from_customer(customer) if customer else dict(baseline or {})
    upsales_values = cmap.from_account(account, ctx.fields) if account else dict(baseline or {})
    if account is not None and customer is not None:
        _repair_customer_id(ctx, account, link)
    label = (customer.name if customer else None) or (account.name if account else None)
    return _write_merge(ctx, link, label, account, upsales_values, fortnox_values, baseline=baseline,
                        resolutions=resolved)


def _repair_customer_id(ctx: Context, account: Account, link: Link) -> None:
    field_id = ctx.fields.account.get(CUSTOMER_ID)
    if field_id is not None and custom_value(account.custom, field_id) != link.fortnox_id and not ctx.dry_run:
        ctx.conns.upsales.update_account(account.id, upsales_wire.account_payload(custom={field_id: link.fortnox_id}))


def _write_merge(ctx: Context, link: Link, label: str | None, account: Account | None,
                 upsales_values: dict[str, Any], fortnox_values: dict[str, Any], *,
                 baseline: dict[str, Any] | None, resolutions: dict[str, tuple[int, Side]]) -> bool:
    plan = merge(baseline, upsales_values, fortnox_values, rules=ctx.rules(KIND),
                 resolutions={name: side for name, (_, side) in resolutions.items()})
    ids = {"upsales_id": link.upsales_id, "fortnox_id": link.fortnox_id}
    for name, (up, fx) in plan.conflicts.items():
        ctx.conflict(link, name, up, fx, label=label)
    if not plan.to_fortnox and not plan.to_upsales:
        if baseline != plan.baseline and not ctx.dry_run:
            ctx.link(KIND, link.upsales_id, link.fortnox_id, baseline=plan.baseline)
        if not plan.conflicts:
            ctx.count_unchanged(KIND)
        return True
    if plan.to_fortnox:
        before = {name: fortnox_values.get(name) for name in plan.to_fortnox}
        if not ctx.dry_run:
            ctx.conns.fortnox.update_customer(link.fortnox_id, cmap.fortnox_fields(plan.to_fortnox))
        ctx.record(KIND, Action.UPDATE, label=label, before=before, after=plan.to_fortnox, **ids)
    if plan.to_upsales:
        before = {name: upsales_values.get(name) for name in plan.to_upsales}
        if not ctx.dry_run:
            merged = {**upsales_values, **plan.to_upsales}
            if account is None:
                account = ctx.conns.upsales.get_account(int(link.upsales_id))
            payload = cmap.upsales_changes(plan.to_upsales, merged, account, ctx.fields)
            ctx.conns.upsales.update_account(int(link.upsales_id), upsales_wire.account_payload(**payload))
        ctx.record(KIND, Action.UPDATE, label=label, before=before, after=plan.to_upsales, **ids)
    if not ctx.dry_run:
        ctx.link(KIND, link.upsales_id, link.fortnox_id, baseline=plan.baseline)
        for name in plan.resolved:
            conflicts.mark_applied(ctx.session, resolutions[name][0])
    return True


# --- Upsales company -> Fortnox customer (R6), for the documents phase -------------------------------------------


def ensure_fortnox_customer(ctx: Context, account_id: int) -> str | None:
    """The Fortnox customer number of an Upsales company with a sale, creating the customer (and writing its number
    back to the company) when the company is not linked yet. None when that failed, or in a dry run when the
    customer would first be created (the planned create is recorded)."""
    link = links.by_upsales(ctx.session, ctx.profile_id, KIND, account_id)
    if link is not None:
        return link.fortnox_id
    result = ctx.attempt(KIND, Action.CREATE, lambda: _export_company(ctx, account_id), upsales_id=account_id)
    return result or None


def _export_company(ctx: Context, account_id: int) -> str:
    account = ctx.conns.upsales.get_account(account_id)
    values = cmap.from_account(account, ctx.fields)
    number = custom_value(account.custom, ctx.fields.account.get(CUSTOMER_ID))
    key = f"upsales:{account_id}"
    if number is None and _has_intent(ctx, key):
        number = _find_exported(ctx, key)
    if number is not None:  # the Upsales Fortnox app's link, or our own create a crash interrupted
        customer = ctx.conns.fortnox.get_customer(number)
        _link_pair(ctx, customer, account, cmap.from_customer(customer))
        return number
    if ctx.dry_run:
        ctx.record(KIND, Action.CREATE, label=account.name, upsales_id=account_id, after=values)
        return ""
    intents.begin(ctx.session, ctx.profile_id, KIND, Side.FORTNOX, key)
    body = {**cmap.fortnox_fields({k: v for k, v in values.items() if v is not None}), "ExternalReference": key}
    try:
        customer = ctx.conns.fortnox.create_customer(body)
    except UncertainWrite:
        found = _find_exported(ctx, key)
        if found is None:
            raise
        customer = ctx.conns.fortnox.get_customer(found)
    field_id = ctx.fields.account.get(CUSTOMER_ID)
    if field_id is not None:  # the write-back first: a crash after it is adopted by the field on the next run
        ctx.conns.upsales.update_account(account_id, upsales_wire.account_payload(
            custom={field_id: customer.customer_number}))
    ctx.link(KIND, account_id, customer.customer_number, baseline=values)
    intents.done(ctx.session, ctx.profile_id, KIND, key)
    ctx.record(KIND, Action.CREATE, label=account.name, upsales_id=account_id, fortnox_id=customer.customer_number,
               after=values)
    return customer.customer_number


def _find_exported(ctx: Context, key: str) -> str | None:
    """The customer a lost create made: Fortnox cannot search ExternalReference, so the customers changed since the
    intent are read in full."""
    intent = intents.pending(ctx.session, ctx.profile_id, KIND).get(key)
    since = (intent.created_at if intent else _now()) - INTENT_LOOKBACK
    for item in ctx.conns.fortnox.iter_customers(lastmodified=since):
        customer = ctx.conns.fortnox.get_customer(item.customer_number)
        if (customer.raw.get("ExternalReference") or "").strip() == key:
            return customer.customer_number
    return None
