"""Duplicate matching before the first import (pure): which Upsales company and Fortnox customer may be the same
company. No I/O: everything comes in as values."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from fortsync_gui.domain.names import email_domain, normalise_name, website_domain
from fortsync_gui.store import MatchBasis


@dataclass(frozen=True)
class Party:
    """One side's record as matching sees it."""

    id: str
    label: str
    org_no: str | None  # normal form
    email: str | None = None
    website: str | None = None
    fortnox_customer_id: str | None = None  # Upsales only: the custom field of the Upsales Fortnox app

    @property
    def domains(self) -> set[str]:
        return {d for d in (email_domain(self.email), website_domain(self.website)) if d}


@dataclass(frozen=True)
class Candidate:
    upsales_id: str
    fortnox_id: str
    basis: MatchBasis
    score: float
    upsales_label: str
    fortnox_label: str
    exact: bool = False  # an unambiguous org number or an existing FORTNOX_CUSTOMER_ID: linked by default


def match_candidates(upsales: Iterable[Party], fortnox: Iterable[Party]) -> list[Candidate]:
    """Pairs of an Upsales company and a Fortnox customer that may be the same company, best basis first per
    customer: the existing FORTNOX_CUSTOMER_ID, then the normalised org number, then (suggestions only) the e-mail or
    web domain and the normalised name. An org number shared by several Upsales companies (duplicates inside Upsales)
    is a suggestion for each, never an automatic link."""
    ups = list(upsales)
    by_custom = {p.fortnox_customer_id: p for p in ups if p.fortnox_customer_id}
    by_org: dict[str, list[Party]] = defaultdict(list)
    by_domain: dict[str, list[Party]] = defaultdict(list)
    by_name: dict[str, list[Party]] = defaultdict(list)
    for p in ups:
        if p.org_no:
            by_org[p.org_no].append(p)
        for domain in p.domains:
            by_domain[domain].append(p)
        if name := normalise_name(p.label):
            by_name[name].append(p)
    out: list[Candidate] = []
    taken: set[str] = set()  # Upsales companies already linked exactly
    fortnox = list(fortnox)
    for basis_pass in ("exact", "suggest"):
        for fx in fortnox:
            if basis_pass == "exact":
                if (owner := by_custom.get(fx.id)) is not None:
                    out.append(_candidate(owner, fx, MatchBasis.FORTNOX_CUSTOMER_ID, 1.0, exact=True))
                    taken.add(owner.id)
                elif fx.org_no and len(same := by_org.get(fx.org_no, [])) == 1 and same[0].id not in taken:
                    out.append(_candidate(same[0], fx, MatchBasis.ORG_NO, 1.0, exact=True))
                    taken.add(same[0].id)
                continue
            if any(c.fortnox_id == fx.id for c in out):
                continue
            seen: set[str] = set()
            for party in by_org.get(fx.org_no or "", []):
                out.append(_candidate(party, fx, MatchBasis.ORG_NO, 0.9))
                seen.add(party.id)
            for domain in fx.domains:
                for party in by_domain.get(domain, []):
                    if party.id not in seen and party.id not in taken:
                        out.append(_candidate(party, fx, MatchBasis.EMAIL_DOMAIN, 0.7))
                        seen.add(party.id)
            for party in by_name.get(normalise_name(fx.label), []) if normalise_name(fx.label) else []:
                if party.id not in seen and party.id not in taken:
                    out.append(_candidate(party, fx, MatchBasis.NAME, 0.6))
                    seen.add(party.id)
    return out


def _candidate(up: Party, fx: Party, basis: MatchBasis, score: float, *, exact: bool = False) -> Candidate:
    return Candidate(up.id, fx.id, basis, score, up.label, fx.label, exact)
