"""Issue 12, defects 8 and 10: what the app shows names Fortnox's fields as Fortnox's Swedish interface does
(Postnummer, never ZipCode), counts agree with their number (1 borttagen, 2 borttagna), and order is order."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from pytestqt.qtbot import QtBot

from fortsync_gui.clients.errors import ValidationFailed
from fortsync_gui.engine.api import ConflictEvent, RunSummary
from fortsync_gui.gui import messages as gui_messages
from fortsync_gui.gui.conflicts_view import ConflictsView
from fortsync_gui.gui.history_view import counts_text
from fortsync_gui.gui.names import reason
from fortsync_gui.gui.sync_view import SyncView
from fortsync_gui.gui.wizard import PageId
from fortsync_gui.gui.wizard.backend import DataCounts
from fortsync_gui.secrets import MemoryKeyring, SecretStore
from fortsync_gui.store import EntityKind, Store, conflicts, links, profiles

from .conftest import MakeWizard
from .texts import english_left

ZIP_REFUSED = ("fortnox PUT /3/customers/1001 HTTP 400 kod 2000013: Värdet i fältet ZipCode får vara högst 10 tecken "
               "långt.")


def test_a_fortnox_refusal_names_the_field_as_fortnox_shows_it() -> None:
    assert reason("api.validation", ZIP_REFUSED) == ("Fortnox godtog inte posten: Värdet i fältet Postnummer får vara "
                                                     "högst 10 tecken långt. Rätta den i Upsales eller Fortnox och "
                                                     "synka igen.")
    error = ValidationFailed("fortnox", "Fältet City måste fyllas i.", status=400, code=2000359)
    text = gui_messages.error_text(gui_messages.Service.FORTNOX, error)
    assert "Fältet Ort måste fyllas i." in text and "City" not in text


def test_conflicts_and_the_log_name_fields_as_fortnox_does(qtbot: QtBot, store: Store) -> None:
    with store.session() as session:
        profile = profiles.create_profile(session, "acme")
        link = links.upsert_link(session, profile.id, EntityKind.COMPANY, 1, 1001)
        for field, up, fx in (("mail_zip", "722 23", "722 24"), ("mail_address", "Storgatan 1", "Storgatan 2"),
                              ("phone", "021-1", "021-2"), ("org_no", "556000-0001", "556000-0002")):
            conflicts.record_conflict(session, link, field, up, fx, label="Acme AB")
    view = ConflictsView(store)
    qtbot.addWidget(view)
    view.set_profile("acme")
    assert sorted(view.table.item(r, 1).text() for r in range(view.table.rowCount())) == [
        "Adress", "Organisationsnummer", "Postnummer", "Telefon"]
    sync = SyncView("sqlite://", SecretStore(MemoryKeyring()))
    qtbot.addWidget(sync)
    sync._on_conflict(ConflictEvent(1, EntityKind.COMPANY, "Acme AB", "mail_zip", "722 23", "722 24"))
    assert sync.log.toPlainText().endswith(
        "Företag · Acme AB: konflikt i fältet Postnummer – Upsales: 722 23, Fortnox: 722 24")


def test_counts_agree_with_their_number(qtbot: QtBot) -> None:
    sync = SyncView("sqlite://", SecretStore(MemoryKeyring()))
    qtbot.addWidget(sync)
    summary = RunSummary(3, "ok", False, counts={"order": {"created": 1, "updated": 2, "deleted": 1},
                                                 "company": {"unlinked": 1, "linked": 2, "failed": 1}})
    assert sync._result_text(summary).startswith(
        "Företag: 1 avlänkad, 2 länkade, 1 misslyckades; Order: 1 skapad, 2 uppdaterade, 1 borttagen.")
    stored = SimpleNamespace(counts={"company": {"delete": 2, "unlink": 1}, "order": {"create": 1, "skip": 1}})
    assert counts_text(stored) == "Företag: 2 borttagna, 1 avlänkad; Order: 1 skapad, 1 hoppades över"  # type: ignore[arg-type]


def test_order_is_never_ordrar(qtbot: QtBot, make_wizard: MakeWizard, sandbox: Any) -> None:
    wizard = make_wizard()
    wizard.session.set_counts(DataCounts(companies=1, products=2, orders=3))
    notice = wizard.page_of(PageId.UPSALES).existing
    assert "3 order" in notice.text.text() and "ordrar" not in notice.text.text()
    wizard.session.set_counts(DataCounts(companies=2, products=1, orders=1))
    assert "1 order" in notice.text.text() and "1 produkt" in notice.text.text()
    assert english_left(wizard) == []


def test_the_deletion_guard_agrees_with_a_count_of_one(qtbot: QtBot, store: Store) -> None:
    from fortsync_gui.gui.deletions_view import DeletionsView

    view = DeletionsView(store)
    qtbot.addWidget(view)
    view.show_guard_stop("guard.threshold", {"count": 1, "threshold": 0})
    assert "tagit bort eller avlänkat 1 post, fler än gränsen 0." in view.banner_text.text()
    view.show_guard_stop("guard.threshold", {"count": 30, "threshold": 25})
    assert "avlänkat 30 poster, fler än gränsen 25." in view.banner_text.text()
