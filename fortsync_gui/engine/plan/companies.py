"""Companies (pure): Fortnox customers -> Upsales companies (R4, R5), duplicate matching before the first import, and
the two-way field sync of linked pairs (R7) with per-field conflicts that hold.

Per field of a linked pair, against each side's state (the value it was last seen with):
- changed on one side only: written to the other side;
- changed on both sides to different values: a conflict; the field is frozen in both directions while it is open,
  however later runs see the two sides, unless a field rule ("always Upsales/Fortnox") decides it;
- a resolved conflict: the winner's current value is written over the loser's current value, once;
- both sides hold the same value again: the open conflict closes.
At first link (matching, adoption), a field empty on one side is filled from the other; two different non-empty
values (after normalisation) are a conflict for the user, never a silent overwrite.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fortsync_gui.domain.fortnox import Customer
from fortsync_gui.domain.orgno import normalise_org_no
from fortsync_gui.domain.upsales import Account
from fortsync_gui.domain.users import match_user
from fortsync_gui.messages import ReasonKey
from fortsync_gui.store import Action, EntityKind, MatchStatus, Side

from .. import company_map as cmap
from ..context import FieldIds, custom_value
from ..facts import CUSTOMER_ID, CompanyFacts, Setup
from ..state import ConflictRow, LinkRow
from .matching import Candidate, Party, match_candidates
from .model import Fields, Op, Plan, RemoteRef, Step
from .overlay import Overlay

KIND = EntityKind.COMPANY
GROUP = "company"
MATCHES_PENDING = ReasonKey.MATCHES_PENDING
FILLED = ReasonKey.FIRST_LINK_FILLED  # at first link, a field empty on one side was filled from the other
RESOLVED = ReasonKey.RESOLUTION_APPLIED
LINK_CONFLICT = ReasonKey.COMPANY_LINK_CONFLICT  # the company is linked to another customer already
LINK_REASONS = {"org_no": ReasonKey.LINK_ORG_NO, "fortnox_customer_id": ReasonKey.LINK_CUSTOMER_NUMBER,
                "accepted": ReasonKey.LINK_ACCEPTED_MATCH, "carried": ReasonKey.LINK_CUSTOMER_NUMBER}


@dataclass
class PairPlan:
    """What one pair needs. ``state_*``: each side's state once everything succeeded."""

    to_fortnox: dict[str, Any] = field(default_factory=dict)
    to_upsales: dict[str, Any] = field(default_factory=dict)
    new_conflicts: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    refreshed: dict[int, tuple[Any, Any]] = field(default_factory=dict)  # conflict id -> current values
    closed: list[int] = field(default_factory=list)  # conflicts whose sides agree now
    applied: dict[str, int] = field(default_factory=dict)  # field -> conflict id its write (or agreement) applies
    filled: set[str] = field(default_factory=set)
    observed_upsales: dict[str, Any] = field(default_factory=dict)  # state not tied to a write
    observed_fortnox: dict[str, Any] = field(default_factory=dict)


def merge_pair(state_up: Mapping[str, Any] | None, state_fx: Mapping[str, Any] | None, up: Mapping[str, Any],
               fx: Mapping[str, Any], *, pending: Mapping[str, ConflictRow] | None = None,
               rules: Mapping[str, Side] | None = None) -> PairPlan:
    """R7 for one pair, field by field (see the module text). ``state_*`` None: linked just now (or never compared)."""
    pending, rules = pending or {}, rules or {}
    first = state_up is None or state_fx is None
    out = PairPlan()
    for name in cmap.FIELDS:
        u, x = up.get(name), fx.get(name)
        conflict = pending.get(name)
        if conflict is not None:
            _pending(out, name, u, x, conflict)
            continue
        out.observed_upsales[name], out.observed_fortnox[name] = u, x
        if u == x:
            continue
        if first:
            winner = Side.FORTNOX if u is None else Side.UPSALES if x is None else rules.get(name)
        else:
            assert state_up is not None and state_fx is not None
            u_changed, x_changed = u != state_up.get(name), x != state_fx.get(name)
            if not u_changed and not x_changed:
                continue  # they differed already when last seen; nothing changed since
            winner = (Side.UPSALES if not x_changed else Side.FORTNOX if not u_changed else rules.get(name))
        value = u if winner is Side.UPSALES else x
        if winner is None or (value is None and name in cmap.REQUIRED):  # never cleared on the other side
            out.new_conflicts[name] = (u, x)
            continue
        del out.observed_upsales[name], out.observed_fortnox[name]
        (out.to_fortnox if winner is Side.UPSALES else out.to_upsales)[name] = value
        if first and (u is None or x is None):
            out.filled.add(name)
    return out


def _pending(out: PairPlan, name: str, u: Any, x: Any, conflict: ConflictRow) -> None:
    """A field frozen by a conflict: applied when resolved, closed when the sides agree, else only refreshed."""
    if conflict.resolution is not None:
        winner_value = u if conflict.resolution is Side.UPSALES else x
        out.applied[name] = conflict.id
        if u == x or (winner_value is None and name in cmap.REQUIRED):
            out.observed_upsales[name], out.observed_fortnox[name] = u, x
        elif conflict.resolution is Side.UPSALES:
            out.to_fortnox[name] = u
        else:
            out.to_upsales[name] = x
        return
    out.observed_upsales[name], out.observed_fortnox[name] = u, x
    if u == x:
        out.closed.append(conflict.id)
    elif (u, x) != (conflict.upsales_value, conflict.fortnox_value):
        out.refreshed[conflict.id] = (u, x)


class ImportData(Fields):
    """A company import's data: a first import plans 100 000 that wait for the writer."""

    __slots__ = ("key", "user", "values")

    def __init__(self, values: Mapping[str, Any], user: int | None, key: str) -> None:
        self.values, self.user, self.key = values, user, key


def plan_companies(plan: Plan, facts: CompanyFacts, setup: Setup, overlay: Overlay) -> None:
    """Steps for every changed customer and company, in order: links and imports, then the pairs' field writes.
    Each customer leaves ``facts.customers`` once it is planned (its step keeps what it writes, and nothing later
    reads it): a first import plans 100 000, and they would otherwise sit beside their steps to the end."""
    by_fortnox = {link.fortnox_id: link for link in facts.links}
    linked_up = {link.upsales_id for link in facts.links}
    accepted, waiting, exact = _matching(plan, facts, setup, linked_up, by_fortnox)
    overlay.waiting_customers |= waiting
    planner = CompanyPlanner(plan, setup, overlay, facts)
    done: set[int] = set()
    for number in list(facts.customers):
        customer = facts.customers.pop(number)
        link = by_fortnox.get(number)
        if number in facts.unlinking:
            continue  # its company was deleted in Upsales: this run removes the link (R8), nothing is made again
        if link is not None:
            planner.pair(link, customer, planner.account(link.upsales_id))
            done.add(link.id)
            continue
        target = accepted.get(number) or exact.get(number)
        account, basis = ((planner.account(target[0]), target[1]) if target
                          else (facts.carrying.get(number), "carried"))
        if account is not None and str(account.id) in linked_up:
            plan.add(Step(Op.SKIP, KIND, Action.SKIP, customer.name, account.id, number, reason=LINK_CONFLICT,
                          group=GROUP))
        elif account is not None:
            linked_up.add(str(account.id))
            planner.link(customer, account, basis)
        elif number in waiting:
            plan.add(Step(Op.SKIP, KIND, Action.SKIP, customer.name, fortnox_id=number, reason=MATCHES_PENDING,
                          group=GROUP))
        elif number in facts.company_deleted:  # its company was deleted in Upsales on purpose: not made again
            plan.add(Step(Op.SKIP, KIND, Action.SKIP, customer.name, fortnox_id=number,
                          reason=ReasonKey.UPSALES_COMPANY_DELETED, group=GROUP))
        else:
            planner.import_customer(customer)
    facts.customers.clear()  # emptied by the pops, it still holds its table (a dict never shrinks on a pop)
    for link in facts.links:
        if link.id in done or link.id in facts.unreadable:
            continue
        customer = facts.other_customers.get(link.fortnox_id)  # (one that changed was planned above)
        account = planner.account(link.upsales_id)
        if customer is not None or account is not None:
            planner.pair(link, customer, account)


Pairs = dict[str, tuple[str, str]]  # customer number -> (company id, basis)


def _matching(plan: Plan, facts: CompanyFacts, setup: Setup, linked_up: set[str],
              by_fortnox: dict[str, LinkRow]) -> tuple[Pairs, set[str], Pairs]:
    """Duplicate matching before the first import: (accepted pairs, customers held back, exact pairs), pairs as
    customer number -> (company id, basis). Exact pairs (one company with the organisation number, or carrying the
    customer number) link by themselves; suggestions wait for the user when the profile matches existing data."""
    accepted = {m.fortnox_id: (m.upsales_id, "accepted") for m in facts.matches if m.status is MatchStatus.ACCEPTED}
    decided = {(m.upsales_id, m.fortnox_id) for m in facts.matches if m.decided}
    waiting = ({m.fortnox_id for m in facts.matches if m.status is MatchStatus.SUGGESTED} - set(accepted)
               if setup.match_existing else set())
    exact: dict[str, tuple[str, str]] = {}
    if not setup.first_import:
        return accepted, waiting, exact
    ups = [_party_of_account(a, setup.fields) for a in facts.accounts.values() if str(a.id) not in linked_up]
    fxs = [_party_of_customer(c) for c in facts.customers.values() if c.customer_number not in by_fortnox]
    known = {(m.upsales_id, m.fortnox_id) for m in facts.matches}
    for candidate in match_candidates(ups, fxs):
        pair = (candidate.upsales_id, candidate.fortnox_id)
        if candidate.exact:
            if pair not in decided and candidate.fortnox_id not in accepted:
                exact[candidate.fortnox_id] = (candidate.upsales_id, str(candidate.basis))
        elif setup.match_existing and candidate.fortnox_id not in accepted:
            if pair not in known:
                _suggest(plan, candidate)
            if pair not in decided:
                waiting.add(candidate.fortnox_id)
    return accepted, waiting - set(exact), exact


def _suggest(plan: Plan, candidate: Candidate) -> None:
    plan.add(Step(Op.SUGGEST_MATCH, KIND, upsales_id=candidate.upsales_id, fortnox_id=candidate.fortnox_id,
                  label=candidate.fortnox_label,
                  data={"basis": str(candidate.basis), "score": candidate.score,
                        "upsales_label": candidate.upsales_label, "fortnox_label": candidate.fortnox_label}))


def _party_of_customer(customer: Customer) -> Party:
    return Party(customer.customer_number, customer.name, normalise_org_no(customer.organisation_number),
                 customer.email, customer.www)


def _party_of_account(account: Account, fields: FieldIds) -> Party:
    return Party(str(account.id), account.name, normalise_org_no(account.org_no),
                 custom_value(account.custom, fields.account.get("EMAIL")), account.webpage,
                 custom_value(account.custom, fields.account.get(CUSTOMER_ID)))


class CompanyPlanner:
    """Steps for companies; the documents phase uses it too (R6: a company with a sale gets its customer)."""

    def __init__(self, plan: Plan, setup: Setup, overlay: Overlay, facts: CompanyFacts) -> None:
        self.plan, self.setup, self.overlay, self.facts = plan, setup, overlay, facts
        self.fields = setup.fields
        self.customer_id_field = setup.fields.account.get(CUSTOMER_ID)  # looked up once: pair() runs per link

    def account(self, upsales_id: str | int) -> Account | None:
        key = int(upsales_id)
        found = self.facts.accounts.get(key) or self.facts.other_accounts.get(key)
        return found or next((a for a in self.facts.carrying.values() if a.id == key), None)

    def import_customer(self, customer: Customer) -> None:
        """R4, R5: a new Upsales company carrying the customer number."""
        values = cmap.from_customer(customer)
        if self.setup.holding(KIND, f"fortnox:{customer.customer_number}"):
            self.plan.add(Step(Op.SKIP, KIND, Action.SKIP, customer.name, fortnox_id=customer.customer_number,
                               reason=ReasonKey.UNCERTAIN_CHECKING, group=GROUP))
            return
        user = match_user(customer.our_reference, list(self.setup.users), 0) or None
        values, shown = cmap.packed(values)  # held until written: 100 000 at a first import
        ref = self.plan.add(Step(Op.COMPANY_IMPORT, KIND, Action.CREATE, customer.name,
                                 fortnox_id=customer.customer_number, after=shown, group=GROUP,
                                 data=ImportData(values, user, f"fortnox:{customer.customer_number}")))
        self.overlay.company(ref, customer.customer_number)

    def export(self, account: Account, *, group: str) -> RemoteRef:
        """R6: an Upsales company with a sale becomes a Fortnox customer; its number is written back."""
        values, shown = cmap.packed(cmap.from_account(account, self.fields))
        ref = self.plan.add(Step(Op.COMPANY_EXPORT, KIND, Action.CREATE, account.name, account.id,
                                 after=shown, group=group,
                                 data={"values": values, "key": f"upsales:{account.id}"}))
        self.overlay.company(account.id, ref, ref.index)
        return ref

    def link(self, customer: Customer, account: Account, basis: str, *, group: str = GROUP) -> None:
        """Matching or adoption: link the pair, then merge it as a first link."""
        write_back = custom_value(account.custom, self.fields.account.get(CUSTOMER_ID)) != customer.customer_number
        ref = self.plan.add(Step(Op.COMPANY_LINK, KIND, Action.LINK, customer.name, account.id,
                                 customer.customer_number, reason=LINK_REASONS.get(basis, ReasonKey.LINK_ORG_NO),
                                 group=group, data={"write_back": write_back,
                                                    "keys": [f"fortnox:{customer.customer_number}",
                                                             f"upsales:{account.id}"]}))
        self.overlay.company(account.id, customer.customer_number, ref.index)
        self.merge(str(account.id), customer.customer_number, customer.name, cmap.from_account(account, self.fields),
                   cmap.from_customer(customer), account, None, None, {}, needs=(ref.index,), group=group)

    def pair(self, link: LinkRow, customer: Customer | None, account: Account | None) -> None:
        if customer is None or account is None:
            self.plan.unchanged[KIND] += 1  # one side seen, as last seen: nothing to compare (see facts)
            return
        restore = (self.customer_id_field is not None
                   and custom_value(account.custom, self.customer_id_field) != link.fortnox_id)
        if (not restore and link.id not in self.facts.conflicts and link.upsales_values is not None
                and link.fortnox_values is not None
                and cmap.same_account(account, self.fields, link.upsales_values)
                and cmap.same_customer(customer, link.fortnox_values)):
            self.plan.unchanged[KIND] += 1  # both sides as last seen (e.g. Fortsync's own writes coming back)
            return
        up, fx = cmap.from_account(account, self.fields), cmap.from_customer(customer)
        label = customer.name or account.name
        self.merge(link.upsales_id, link.fortnox_id, label, up, fx, account, link.upsales_values,
                   link.fortnox_values, self.facts.conflicts.get(link.id, {}), restore=restore)

    def merge(self, upsales_id: str, fortnox_id: str, label: str | None, up: dict[str, Any], fx: dict[str, Any],
              account: Account, state_up: Mapping[str, Any] | None, state_fx: Mapping[str, Any] | None,
              pending: Mapping[str, ConflictRow], *, needs: tuple[int, ...] = (), restore: bool = False,
              group: str = GROUP) -> None:
        m = merge_pair(state_up, state_fx, up, fx, pending=pending, rules=self.facts.rules)
        ids = {"upsales_id": upsales_id, "fortnox_id": fortnox_id, "group": group, "needs": needs}
        for name, (u, x) in m.new_conflicts.items():
            self.plan.add(Step(Op.CONFLICT, KIND, Action.CONFLICT, label, before={"field": name},
                               after={"upsales": u, "fortnox": x}, reason=ReasonKey.CONFLICT_OPEN,
                               data={"field": name, "upsales": u, "fortnox": x}, **ids))
        if m.to_fortnox:
            applied = [m.applied[n] for n in m.to_fortnox if n in m.applied]
            self.plan.add(Step(Op.COMPANY_TO_FORTNOX, KIND, Action.UPDATE, label,
                               before={n: fx.get(n) for n in m.to_fortnox}, after=dict(m.to_fortnox),
                               reason=_reason(m, m.to_fortnox, applied),
                               data={"changes": dict(m.to_fortnox), "applied": applied}, **ids))
        if m.to_upsales or restore:
            applied = [m.applied[n] for n in m.to_upsales if n in m.applied]
            after: dict[str, Any] = dict(m.to_upsales)
            if restore:
                after[CUSTOMER_ID] = fortnox_id
            self.plan.add(Step(Op.COMPANY_TO_UPSALES, KIND, Action.UPDATE, label,
                               before={n: up.get(n) for n in m.to_upsales}, after=after,
                               reason=_reason(m, m.to_upsales, applied) or (
                                   ReasonKey.CUSTOMER_NUMBER_RESTORED if restore and not m.to_upsales else None),
                               data={"changes": dict(m.to_upsales), "merged": {**up, **m.to_upsales},
                                     "addresses": cmap.kept_addresses(account), "applied": applied,
                                     "write_back": restore}, **ids))
        agreed = [cid for n, cid in m.applied.items() if n not in m.to_fortnox and n not in m.to_upsales]
        if m.observed_upsales or m.observed_fortnox or m.refreshed or m.closed or agreed:
            self.plan.add(Step(Op.SAVE_STATE, KIND,
                               data={"upsales": m.observed_upsales, "fortnox": m.observed_fortnox,
                                     "refreshed": {str(k): list(v) for k, v in m.refreshed.items()},
                                     "closed": m.closed, "applied": agreed}, **ids))
        if not (m.to_fortnox or m.to_upsales or restore or m.new_conflicts or needs):
            self.plan.unchanged[KIND] += 1


def _reason(m: PairPlan, changes: Mapping[str, Any], applied: list[int]) -> str | None:
    if applied:
        return RESOLVED
    if changes and set(changes) <= m.filled:
        return FILLED
    return None
