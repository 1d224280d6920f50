"""Crash safety, end to end (DESIGN.md §2.5 and §6: "a crash anywhere must not create a duplicate on the next run").

A standalone ``fortsync sandbox --json --time-scale 0.05`` serves both APIs. ``fortsync sync --settings FILE`` runs
as a subprocess against it (the headless environment of DESIGN.md §4, a SQLite store in tmp_path) and is SIGKILLed
at points chosen by progress, never by wall time: the sandbox holds the k-th write (POST/PUT/DELETE) of the run
(``/_sandbox/faults`` with a hold kind and ``skip``), the test waits until the write is parked there, kills the
client and only then lets the write go. Kills alternate between a write that took effect but whose answer never
arrived (``hold_after``) and one that never reached the API (``hold_before``, then dropped: the client had just
handled the answer to the write before it). The first half of the kills walks through a full first run (its
number of writes is counted first, on a second sandbox), the second half lands among document writes. Before every
killed run but the first the test adds fresh work on both sides (Fortnox customers, an article and documents;
Upsales companies with won deals, won deals on linked companies), so later kills still land among writes. Then one
run goes to completion and a final run must create nothing.

The verdict comes from the two APIs only: every Fortnox customer is carried by at most one Upsales company
(``FORTNOX_CUSTOMER_ID``), every article by at most one product, every Upsales deal is stamped on at most one Fortnox
document (``upsales:<id>`` in ExternalInvoiceReference1 / YourReferenceNumber), every Fortnox document number is
carried by at most one Upsales order, and nothing injected on one side exists twice on the other.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from fortsync_gui.clients import upsales_wire
from fortsync_gui.domain.upsales import OrderRow
from fortsync_gui.engine.connect import Connections, connect
from fortsync_gui.engine.defaults import with_defaults
from fortsync_gui.secrets import SecretStore
from fortsync_gui.store import Module, ProfileSettings
from tests.unit.test_secrets import MemoryKeyring

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL semantics")

ROOT = Path(__file__).resolve().parents[2]
TIME_SCALE = 0.05
RUN_TIMEOUT = 600  # a hang guard for a run that must finish, not a speed requirement
WRITES = "POST|PUT|DELETE"
API_WRITES = r"^/(3|api/v2)/"  # not /oauth-v1/token
DOCUMENT_WRITES = r"^/3/(invoices|orders|offers)|^/api/v2/orders"


@dataclass
class Sandbox:
    process: subprocess.Popen[str]
    info: dict[str, Any]

    def control(self, method: str, path: str, body: dict[str, Any] | None = None,
                **params: Any) -> dict[str, Any]:
        """A ``/_sandbox/`` control endpoint (loopback only)."""
        answer = httpx.request(method, f"{self.info['fortnox_url']}/_sandbox/{path}", json=body, params=params,
                               timeout=None)
        answer.raise_for_status()
        return answer.json()

    def writes(self) -> int:
        """Writes that took effect on either API so far."""
        return sum(self.control("GET", "writes").values())

    def env(self, db_url: str) -> dict[str, str]:
        info = self.info
        return {
            **os.environ,
            "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",  # never the developer's real keyring
            "FORTSYNC_UPSALES_URL": info["upsales_url"],
            "FORTSYNC_UPSALES_TOKEN": info["upsales"]["token"],
            "FORTSYNC_FORTNOX_URL": info["fortnox_url"],
            "FORTSYNC_FORTNOX_AUTH_URL": info["fortnox_auth_url"],
            "FORTSYNC_FORTNOX_CLIENT_ID": info["fortnox"]["client_id"],
            "FORTSYNC_FORTNOX_CLIENT_SECRET": info["fortnox"]["client_secret"],
            "FORTSYNC_FORTNOX_TENANT_ID": str(info["fortnox"]["tenant_id"]),
            "FORTSYNC_RATE_SCALE": str(TIME_SCALE),
            "FORTSYNC_DB_URL": db_url,
        }


@pytest.fixture
def sandboxes() -> Iterator[list[Sandbox]]:
    """``start()`` a standalone sandbox process; all are stopped at the end."""
    started: list[Sandbox] = []
    yield started
    for sb in started:
        sb.process.terminate()
        try:
            sb.process.wait(10)
        except subprocess.TimeoutExpired:
            sb.process.kill()
            sb.process.wait()


def start_sandbox(started: list[Sandbox]) -> Sandbox:
    process = subprocess.Popen(
        [sys.executable, "-m", "fortsync_gui", "sandbox", "--json", "--time-scale", str(TIME_SCALE)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8",
        env={**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")})
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line, "fortsync sandbox --json printed nothing"
    sb = Sandbox(process, json.loads(line))
    started.append(sb)
    return sb


def sync(env: dict[str, str], settings: Path, *extra: str) -> tuple[int, dict[str, Any] | None, str]:
    done = subprocess.run([sys.executable, "-m", "fortsync_gui", "sync", "--settings", str(settings), "--json",
                           *extra], env=env, capture_output=True, text=True, encoding="utf-8", timeout=RUN_TIMEOUT,
                          check=False)
    summary = json.loads(done.stdout) if done.stdout.strip() else None
    return done.returncode, summary, done.stderr


def writes(summary: dict[str, Any]) -> int:
    return sum(c.get(k, 0) for c in summary["counts"].values() for k in ("created", "updated", "linked"))


def created(summary: dict[str, Any]) -> int:
    return sum(c.get("created", 0) for c in summary["counts"].values())


@dataclass
class World:
    """Test-side clients of a sandbox, and what the test added to it."""

    conns: Connections
    settings: ProfileSettings
    fortnox_names: list[str] = field(default_factory=list)  # customers made in Fortnox
    upsales_names: list[str] = field(default_factory=list)  # companies made in Upsales

    @classmethod
    def of(cls, sb: Sandbox, module: Module) -> World:
        env = sb.env("sqlite://")
        conns = connect("e2e", ProfileSettings(), SecretStore(MemoryKeyring()), env)
        return cls(conns, with_defaults(ProfileSettings(module=module), conns))

    def field_id(self, entity: str, alias: str) -> int | None:
        found = self.conns.upsales.find_custom_field(entity, alias)
        return None if found is None else found.id

    def add_work(self, round_no: int, size: int) -> None:
        """Fresh records on both sides for the next run to write."""
        fx, up, s = self.conns.fortnox, self.conns.upsales, self.settings
        customer_field = self.field_id("account", "FORTNOX_CUSTOMER_ID")
        product_field = self.field_id("product", "FORTNOX_ID")
        linked_accounts = [a for a in up.iter_accounts() if customer_field and a.custom.get(customer_field)]
        linked_products = [p for p in up.iter_products() if product_field and p.custom.get(product_field)]
        numbers = sorted(fx.customer_numbers())
        articles = sorted(fx.article_numbers())
        kinds = ("offer", "order") if s.module is Module.ORDER_OFFER else (str(s.module),)
        for j in range(size):
            tag = f"{round_no}-{j}"
            name = f"Krasch Fortnox {tag} AB"
            customer = fx.create_customer({"Name": name, "City": "Malmö"})
            self.fortnox_names.append(name)
            fx.create_article({"ArticleNumber": f"KR-{tag}", "Description": f"Kraschartikel {tag}"})
            kind = kinds[j % len(kinds)]
            rows_key, qty_key = {"invoice": ("InvoiceRows", "DeliveredQuantity"), "order": ("OrderRows",
                                 "OrderedQuantity"), "offer": ("OfferRows", "Quantity")}[kind]
            fx.create_document(kind, {"CustomerNumber": numbers[(round_no + j) % len(numbers)] if j % 2 else
                                      customer.customer_number,
                                      rows_key: [{"ArticleNumber": articles[j % len(articles)], qty_key: "2"}]})
            if not linked_products:
                continue
            rows = [OrderRow(None, linked_products[(round_no + j) % len(linked_products)].id, Decimal(1),
                             Decimal(100))]
            company_name = f"Krasch Upsales {tag} AB"
            company = up.create_account(upsales_wire.account_payload(name=company_name))
            self.upsales_names.append(company_name)
            targets = [company.id]
            if linked_accounts:
                targets.append(linked_accounts[(round_no * size + j) % len(linked_accounts)].id)
            for client in targets:
                won = s.won_stage_id
                up.create_order(upsales_wire.order_payload(
                    description=f"Kraschaffär {tag}", date=date(2024, 5, 1), user_id=s.fallback_user_id,
                    client_id=client, stage_id=won, probability=100, rows=rows))
            if s.module is Module.ORDER_OFFER and linked_accounts:
                up.create_order(upsales_wire.order_payload(
                    description=f"Kraschoffert {tag}", date=date(2024, 5, 1), user_id=s.fallback_user_id,
                    client_id=linked_accounts[j % len(linked_accounts)].id, stage_id=s.offer_stage_id,
                    probability=50, rows=rows))

    def duplicates(self) -> list[str]:
        """Every way a duplicate could show, read from the two APIs."""
        fx, up = self.conns.fortnox, self.conns.upsales
        problems: list[str] = []

        def more_than_once(what: str, values: list[str]) -> None:
            problems.extend(f"{what} {value!r} ×{n}" for value, n in Counter(values).items() if value and n > 1)

        accounts = list(up.iter_accounts())
        customer_field = self.field_id("account", "FORTNOX_CUSTOMER_ID")
        more_than_once("Upsales companies carrying Fortnox customer",
                       [a.custom.get(customer_field, "").strip() for a in accounts] if customer_field else [])
        customers = list(fx.iter_customers())
        customer_names = Counter(c.name for c in customers)
        company_names = Counter(a.name for a in accounts)
        problems += [f"Upsales company {n!r} in Fortnox ×{customer_names[n]}" for n in self.upsales_names
                     if customer_names[n] > 1]
        problems += [f"Fortnox customer {n!r} in Upsales ×{company_names[n]}" for n in self.fortnox_names
                     if company_names[n] > 1]

        product_field = self.field_id("product", "FORTNOX_ID")
        products = list(up.iter_products())
        more_than_once("Upsales products carrying Fortnox article",
                       [p.custom.get(product_field, "").strip() for p in products] if product_field else [])
        more_than_once("Upsales products with article number",
                       [p.article_no or "" for p in products if p.article_no and p.article_no.startswith("KR-")])

        stamps: list[str] = []
        for kind in ("invoice", "order"):
            stamps += [d.stamp or "" for d in fx.iter_documents(kind)]
        if self.settings.module is Module.ORDER_OFFER:
            stamps += [fx.get_offer(d.document_number).stamp or "" for d in fx.iter_documents("offer")]
        more_than_once("Fortnox documents stamped", [s for s in stamps if s.startswith("upsales:")])

        orders = list(up.iter_orders())
        for alias in ("FORTNOX_ID", "FORTNOX_ORDER_ID", "FORTNOX_OFFER_ID"):
            field_id = self.field_id("order", alias)
            if field_id:
                more_than_once(f"Upsales orders carrying {alias}", [o.custom.get(field_id, "").strip()
                                                                   for o in orders])
        return problems


def audit_lines(db: Path) -> int:
    """Audit lines in the store so far (the difference over a killed run is what it got done)."""
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=30) as con:
            return int(con.execute("SELECT count(*) FROM run_items").fetchone()[0])
    except sqlite3.OperationalError:  # killed before the first migration finished
        return 0


def full_run_writes(sandboxes: list[Sandbox], tmp: Path, settings: Path) -> int:
    """The writes of a complete first run, on a sandbox of its own."""
    sb = start_sandbox(sandboxes)
    code, summary, err = sync(sb.env(f"sqlite:///{(tmp / 'measure.db').as_posix()}"), settings)
    assert code == 0 and summary is not None, err
    count = sb.writes()
    print(f"\nfull first run: {count} writes, {summary['requests']}, created {created(summary)}")
    return count


@dataclass(frozen=True)
class KillPoint:
    mode: str  # "hold_after": the write took effect, its answer is lost; "hold_before": it never reached the API
    nth: int  # the nth matching write of the run
    path: str  # which writes count

    def __str__(self) -> str:
        what = "document write" if self.path == DOCUMENT_WRITES else "write"
        return f"{self.mode} #{self.nth} {what}"


def run_and_kill(sb: Sandbox, env: dict[str, str], settings: Path, point: KillPoint) -> str:
    """Run ``fortsync sync`` and SIGKILL it while the sandbox holds the write at ``point``."""
    sb.control("POST", "faults", {"api": "both", "kind": point.mode, "method": WRITES, "path": point.path,
                                  "skip": point.nth - 1})
    process = subprocess.Popen([sys.executable, "-m", "fortsync_gui", "sync", "--settings", str(settings), "--json"],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:  # no deadline: the run either reaches the write or ends (pytest-timeout guards a hang)
            if sb.control("GET", "holds", wait=0.2)["held"]:
                process.kill()
                process.wait()
                return "killed"
            if process.poll() is not None:
                return f"finished first (exit {process.returncode})"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        # the client is dead: the write held before the API goes nowhere, the one held after it loses its answer
        sb.control("POST", "holds/release", {"drop": True})
        sb.control("DELETE", "faults")


@pytest.mark.timeout(900)  # a hang guard: 30+ subprocess runs take minutes on a loaded machine
@pytest.mark.parametrize(("module", "kills"), [("invoice", 20), ("order_offer", 10)])
def test_sigkill_at_any_point_creates_no_duplicate(sandboxes: list[Sandbox], tmp_path: Path, module: str,
                                                   kills: int) -> None:
    settings = tmp_path / f"krasch-{module}.toml"
    # every injected won deal is sent (they are dated before today, the default "send won deals from" day)
    settings.write_text(f'module = "{module}"\nsend_won_since = 2000-01-01\n', encoding="utf-8")
    full = full_run_writes(sandboxes, tmp_path, settings)

    sb = start_sandbox(sandboxes)
    db = tmp_path / "krasch.db"
    env = sb.env(f"sqlite:///{db.as_posix()}")
    world = World.of(sb, Module(module))
    walk = kills // 2  # kills that walk through the first run; the rest land among document writes
    done = 0  # writes the killed runs got done so far
    log = []
    try:
        for round_no in range(kills):
            if round_no:  # the first killed run is the initial import itself
                world.add_work(round_no, size=1 + round_no % 3)
            mode = ("hold_after", "hold_before")[round_no % 2]
            if round_no < walk:  # the next kill lands where a first run would be at 1 + round_no/walk of its writes
                point = KillPoint(mode, max(1, 1 + round_no * full // walk - done), API_WRITES)
            else:
                point = KillPoint(mode, 1 + round_no % 3, DOCUMENT_WRITES)
            lines_before, writes_before = audit_lines(db), sb.writes()
            outcome = run_and_kill(sb, env, settings, point)
            run_writes = sb.writes() - writes_before
            done += run_writes
            log.append((round_no, str(point), outcome, run_writes, audit_lines(db) - lines_before))
        code, completion, err = sync(env, settings)
        assert completion is not None, err
        final_code, final, err = sync(env, settings)
        assert final is not None, err
        problems = world.duplicates()
    finally:
        world.conns.close()
    print(f"\n{module}: {full} writes in a full first run; kill points (round, point, outcome, writes and audit "
          "lines of that run):")
    for entry in log:
        print("  ", entry)
    print(f"completion run: exit {code}, {completion['counts']}, {completion['requests']}")
    print(f"final run: exit {final_code}, writes {writes(final)}, {final['requests']}")
    killed = [entry for entry in log if entry[2] == "killed"]
    assert len(killed) >= kills - 2, log  # progress, not timing, decides: only a run short of writes escapes
    assert sum(1 for entry in killed if "document" in entry[1]) >= (kills - walk) // 2, log
    assert problems == []
    assert code == 0, completion
    assert final_code == 0 and created(final) == 0 and writes(final) == 0, final["counts"]
