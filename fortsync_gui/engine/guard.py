"""Deletions: full id listings read before any write, the mass-deletion guard, R8, and the deletions the user
confirmed in the review queue.

R8: a customer deleted in Fortnox loses its number in Upsales (automatic) and its company waits in the review queue;
only an explicit confirmation deletes the company. A company deleted in Upsales only loses its link: a Fortnox
customer is part of the books and is never deleted by a sync.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from fortsync_gui.clients import upsales_wire
from fortsync_gui.clients.errors import NotFound
from fortsync_gui.store import Action, DeletionStatus, EntityKind, deletions, links
from fortsync_gui.store.models import Link, PendingDeletion, Profile

from . import products
from .api import MessageKey, Phase, StopRun
from .context import Context
from .listings import Listings

REASON_FORTNOX_CUSTOMER_DELETED = "deletion.fortnox_customer_deleted"
REASON_UPSALES_COMPANY_DELETED = "deletion.upsales_company_deleted"
LISTED_AT = "listed_at"  # in the profile's extra settings: when the full listings were last read
LISTING_EVERY = timedelta(hours=1)
CHEAP_LISTING_LINKS = 5000  # up to this many links, listing costs ≤ 10 Fortnox requests: list every run


def read_listings(ctx: Context, *, now: datetime | None = None) -> Listings:
    """Every customer and article number in Fortnox and every company id in Upsales, when something of that kind is
    linked (a first import has nothing to lose). 500 numbers per Fortnox request and 2000 ids per Upsales one: every
    run for a small register, at most once per :data:`LISTING_EVERY` for a large one, so routine syncs stay cheap."""
    out = Listings()
    company_links = links.links_of_kind(ctx.session, ctx.profile_id, EntityKind.COMPANY)
    product_links = links.links_of_kind(ctx.session, ctx.profile_id, EntityKind.PRODUCT)
    now = now or datetime.now(UTC)
    listed_at = ctx.settings.extra.get(LISTED_AT)
    if (len(company_links) + len(product_links) > CHEAP_LISTING_LINKS and listed_at
            and now - datetime.fromisoformat(listed_at) < LISTING_EVERY):
        return out
    if not ctx.dry_run and (company_links or product_links):
        profile = ctx.session.get(Profile, ctx.profile_id)
        if profile is not None:
            profile.settings = replace(profile.settings, extra={**profile.settings.extra, LISTED_AT: now.isoformat()})
            ctx.session.commit()
    if company_links:
        out.fortnox_customers = ctx.conns.fortnox.customer_numbers()
        out.upsales_accounts = {str(i) for i in ctx.conns.upsales.account_ids()}
        for link in company_links:
            if link.fortnox_id not in out.fortnox_customers:
                _gone(out, link, "fortnox")
            elif link.upsales_id not in out.upsales_accounts:
                _gone(out, link, "upsales")
    if product_links:
        out.fortnox_articles = ctx.conns.fortnox.article_numbers()
        for link in product_links:
            if link.fortnox_id not in out.fortnox_articles:
                _gone(out, link, "fortnox")
    return out


def _gone(out: Listings, link: Link, side: str) -> None:
    out.gone.setdefault(link.kind, []).append(link)
    out.gone_side[link.id] = side


def check(ctx: Context, listings: Listings, *, allow_removals: bool = False) -> None:
    """Stop the run before any write when a side that had linked records lists none (an emptied or swapped
    account, a wrong token scope), or when more links would go than the profile's threshold."""
    sides = (("fortnox", EntityKind.COMPANY, listings.fortnox_customers),
             ("upsales", EntityKind.COMPANY, listings.upsales_accounts),
             ("fortnox", EntityKind.PRODUCT, listings.fortnox_articles))
    for side, kind, listed in sides:
        if listed is not None and not listed:
            linked = links.count_links(ctx.session, ctx.profile_id, kind)
            raise StopRun(MessageKey.GUARD_SIDE_EMPTY, side=side, kind=kind.value, linked=linked)
    threshold = ctx.settings.deletion_threshold
    if listings.removals > threshold and not allow_removals:
        raise StopRun(MessageKey.GUARD_THRESHOLD, count=listings.removals, threshold=threshold)


def apply_removals(ctx: Context, listings: Listings) -> None:
    ctx.observer.on_phase(Phase.DELETIONS)
    for link in listings.gone.get(EntityKind.COMPANY, []):
        if listings.gone_side[link.id] == "fortnox":
            ctx.attempt(EntityKind.COMPANY, Action.UNLINK, lambda li=link: _customer_deleted(ctx, li),
                        upsales_id=link.upsales_id, fortnox_id=link.fortnox_id)
        else:
            ctx.attempt(EntityKind.COMPANY, Action.UNLINK, lambda li=link: _company_deleted(ctx, li),
                        upsales_id=link.upsales_id, fortnox_id=link.fortnox_id)
    for link in listings.gone.get(EntityKind.PRODUCT, []):
        ctx.attempt(EntityKind.PRODUCT, Action.UPDATE, lambda li=link: products.deactivate_product(ctx, li),
                    upsales_id=link.upsales_id, fortnox_id=link.fortnox_id)


def _customer_deleted(ctx: Context, link: Link) -> None:
    """R8: the number goes, the company stays and waits in the review queue."""
    try:
        account = ctx.conns.upsales.get_account(int(link.upsales_id))
    except NotFound:
        account = None
    label = account.name if account else None
    field_id = ctx.fields.account.get("FORTNOX_CUSTOMER_ID")
    if not ctx.dry_run:
        if account is not None and field_id is not None:
            ctx.conns.upsales.update_account(account.id, upsales_wire.account_payload(custom={field_id: ""}))
        links.unlink(ctx.session, link.id)
        if account is not None:
            deletions.propose_deletion(ctx.session, ctx.profile_id, EntityKind.COMPANY,
                                       reason_key=REASON_FORTNOX_CUSTOMER_DELETED, upsales_id=link.upsales_id,
                                       fortnox_id=link.fortnox_id, label=label, run_id=ctx.run_id)
    ctx.record(EntityKind.COMPANY, Action.UNLINK, label=label, upsales_id=link.upsales_id,
               fortnox_id=link.fortnox_id, before={"FORTNOX_CUSTOMER_ID": link.fortnox_id},
               after={"FORTNOX_CUSTOMER_ID": None}, error_key=REASON_FORTNOX_CUSTOMER_DELETED)


def _company_deleted(ctx: Context, link: Link) -> None:
    if not ctx.dry_run:
        links.unlink(ctx.session, link.id)
    ctx.record(EntityKind.COMPANY, Action.UNLINK, upsales_id=link.upsales_id, fortnox_id=link.fortnox_id,
               error_key=REASON_UPSALES_COMPANY_DELETED)


def execute_confirmed(ctx: Context) -> None:
    """Delete the companies the user confirmed in the review queue (and that no run has deleted yet)."""
    for deletion in deletions.list_deletions(ctx.session, ctx.profile_id, (DeletionStatus.CONFIRMED,)):
        ctx.attempt(EntityKind.COMPANY, Action.DELETE, lambda d=deletion: _delete_company(ctx, d),
                    label=deletion.label, upsales_id=deletion.upsales_id)


def _delete_company(ctx: Context, deletion: PendingDeletion) -> None:
    if not ctx.dry_run and deletion.upsales_id is not None:
        ctx.conns.upsales.delete_account(int(deletion.upsales_id))  # False: already gone, which is fine
        deletions.mark_executed(ctx.session, deletion.id)
    ctx.record(EntityKind.COMPANY, Action.DELETE, label=deletion.label, upsales_id=deletion.upsales_id,
               fortnox_id=deletion.fortnox_id)
