#!/usr/bin/env python3
"""Planning a sync where nothing changed, over N linked companies (pure: no I/O, no store, no services).

Every customer and company shows up in its side's change feed (as after a run that wrote them all: the worst case
the echo-free comparison has to absorb), each with the values its side's sync state holds, so the plan must come out
empty. Prints one JSON object: ``{"records": N, "plan_s": ..., "steps": 0}`` (``plan_100k_s`` when N is 100 000).
``plan_s`` is the best of ``--repeat`` plans, each over facts built anew (planning empties them), as ``timeit``
reports a pure computation: on a shared machine a slower try measures the neighbours, not the code; every try is
in ``plan_tries_s``.

    python benchmarks/plan_100k.py [--records 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, date, datetime

from fortsync_gui.domain.fortnox import Customer
from fortsync_gui.domain.upsales import Account, Address
from fortsync_gui.engine import company_map as cmap
from fortsync_gui.engine.context import FieldIds
from fortsync_gui.engine.facts import CompanyFacts, DeletionFacts, DocumentFacts, Facts, Listings, ProductFacts, Setup
from fortsync_gui.engine.plan.run import plan_run
from fortsync_gui.engine.state import LinkRow
from fortsync_gui.store import EntityKind, Module, ProfileSettings, Side

FIELDS = FieldIds(account={"FORTNOX_CUSTOMER_ID": 1, "EMAIL": 2, "VAT_NO": 3})


def facts(n: int) -> Facts:
    now = datetime.now(UTC)
    started = {Side.FORTNOX: now, Side.UPSALES: now}
    customers, accounts, links = {}, {}, []
    for i in range(n):
        number = str(10_000 + i)
        customer = Customer(number, f"Företag {i} AB", organisation_number=f"556{i:06d}-0000"[:11], phone1="010-1",
                            address1=f"Gatan {i}", zip_code="722 11", city="Västerås", country_code="SE",
                            email=f"info@f{i}.se")
        account = Account(i + 1, f"Företag {i} AB", org_no=f"556{i:06d}0000"[:10], phone="010-1",
                          addresses=(Address("Mail", f"Gatan {i}", "72211", "Västerås", None, "SE"),),
                          custom={1: number, 2: f"info@f{i}.se"})
        customers[number], accounts[account.id] = customer, account
        links.append(LinkRow(i + 1, EntityKind.COMPANY, str(account.id), number, cmap.from_account(account, FIELDS),
                             cmap.from_customer(customer)))
    setup = Setup(FIELDS, (), {}, "A", None, True, date(2000, 1, 1), False, True, 12, 7, None, 1)
    companies = CompanyFacts(started, customers, accounts, links, {}, {}, {}, {}, [], {}, set())
    products = ProductFacts(started, {}, set(), {}, [], {}, [], {})
    documents = DocumentFacts(started, Module.INVOICE, {EntityKind.INVOICE: []}, {EntityKind.INVOICE: set()},
                              {EntityKind.INVOICE: set()}, {}, {}, [], set(), {}, {}, {}, {}, {}, {}, {}, {})
    return Facts(ProfileSettings(), setup, Listings(), DeletionFacts([], [], [], {}), companies, products, documents)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    tries, steps, unchanged = [], set(), set()
    for _ in range(args.repeat):
        built = facts(args.records)
        started = time.perf_counter()
        plan = plan_run(built)
        tries.append(round(time.perf_counter() - started, 3))
        steps.add(len(plan.visible()))
        unchanged.add(plan.unchanged[EntityKind.COMPANY])
        del built, plan
    print(json.dumps({"records": args.records, "plan_s": min(tries), "plan_tries_s": tries, "steps": max(steps),
                      "unchanged": min(unchanged)}))
    return 0 if steps == {0} else 1


if __name__ == "__main__":
    sys.exit(main())
