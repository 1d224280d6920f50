"""Swedish names for what the engine reports: record kinds, fields, phases, actions and outcomes (English sources in
context ``Names``, translated when shown). Run outcomes and per-record reasons come from the one catalogue the CLI
uses too (:mod:`fortsync_gui.cli_output`), so the app and ``fortsync`` never explain the same thing differently."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from fortsync_gui.cli_output import item_reason, message

KINDS = {
    "company": QT_TRANSLATE_NOOP("Names", "Company"), "product": QT_TRANSLATE_NOOP("Names", "Product"),
    "invoice": QT_TRANSLATE_NOOP("Names", "Invoice"), "order": QT_TRANSLATE_NOOP("Names", "Order"),
    "offer": QT_TRANSLATE_NOOP("Names", "Offer"),
}
FIELDS = {
    "name": QT_TRANSLATE_NOOP("Names", "Name"), "org_no": QT_TRANSLATE_NOOP("Names", "Organisation number"),
    "phone": QT_TRANSLATE_NOOP("Names", "Phone"), "website": QT_TRANSLATE_NOOP("Names", "Website"),
    "email": QT_TRANSLATE_NOOP("Names", "E-mail"), "vat_number": QT_TRANSLATE_NOOP("Names", "VAT number"),
    "mail_address": QT_TRANSLATE_NOOP("Names", "Postal address"),
    "mail_zip": QT_TRANSLATE_NOOP("Names", "Postal code"), "mail_city": QT_TRANSLATE_NOOP("Names", "City"),
    "mail_country": QT_TRANSLATE_NOOP("Names", "Country"),
    "visit_address": QT_TRANSLATE_NOOP("Names", "Visiting address"),
    "visit_zip": QT_TRANSLATE_NOOP("Names", "Visiting postal code"),
    "visit_city": QT_TRANSLATE_NOOP("Names", "Visiting city"),
    "visit_country": QT_TRANSLATE_NOOP("Names", "Visiting country"),
    "delivery_address": QT_TRANSLATE_NOOP("Names", "Delivery address"),
    "delivery_zip": QT_TRANSLATE_NOOP("Names", "Delivery postal code"),
    "delivery_city": QT_TRANSLATE_NOOP("Names", "Delivery city"),
    "delivery_country": QT_TRANSLATE_NOOP("Names", "Delivery country"),
}
PHASES = {
    "prepare": QT_TRANSLATE_NOOP("Names", "Preparing: settings, custom fields and deletion check"),
    "matching": QT_TRANSLATE_NOOP("Names", "Looking for duplicates"),
    "companies": QT_TRANSLATE_NOOP("Names", "Companies and customers"),
    "products": QT_TRANSLATE_NOOP("Names", "Products"),
    "documents": QT_TRANSLATE_NOOP("Names", "Invoices, orders and offers"),
    "deletions": QT_TRANSLATE_NOOP("Names", "Deletions"),
    "finish": QT_TRANSLATE_NOOP("Names", "Finishing"),
}
ACTIONS = {
    "create": QT_TRANSLATE_NOOP("Names", "created"), "update": QT_TRANSLATE_NOOP("Names", "updated"),
    "link": QT_TRANSLATE_NOOP("Names", "linked"), "unlink": QT_TRANSLATE_NOOP("Names", "unlinked"),
    "delete": QT_TRANSLATE_NOOP("Names", "deleted"), "skip": QT_TRANSLATE_NOOP("Names", "skipped"),
    "conflict": QT_TRANSLATE_NOOP("Names", "conflict"),
}
COUNTED = {  # "41 skapade" in run summaries (plural, unlike the log's "skapad")
    "create": QT_TRANSLATE_NOOP("Names", "{n} created"), "update": QT_TRANSLATE_NOOP("Names", "{n} updated"),
    "link": QT_TRANSLATE_NOOP("Names", "{n} linked"), "unlink": QT_TRANSLATE_NOOP("Names", "{n} unlinked"),
    "delete": QT_TRANSLATE_NOOP("Names", "{n} deleted"), "skip": QT_TRANSLATE_NOOP("Names", "{n} skipped"),
    "failed": QT_TRANSLATE_NOOP("Names", "{n} failed"),
}
WOULD = {  # the same counts in a preview
    "create": QT_TRANSLATE_NOOP("Names", "{n} to be created"),
    "update": QT_TRANSLATE_NOOP("Names", "{n} to be updated"),
    "link": QT_TRANSLATE_NOOP("Names", "{n} to be linked"),
}
PLANNED = {
    "create": QT_TRANSLATE_NOOP("Names", "would be created"), "update": QT_TRANSLATE_NOOP("Names", "would be updated"),
    "link": QT_TRANSLATE_NOOP("Names", "would be linked"), "unlink": QT_TRANSLATE_NOOP("Names", "would be unlinked"),
    "delete": QT_TRANSLATE_NOOP("Names", "would be deleted"),
}
STATUSES = {
    "ok": QT_TRANSLATE_NOOP("Names", "Done"), "failed": QT_TRANSLATE_NOOP("Names", "Failed"),
    "stopped": QT_TRANSLATE_NOOP("Names", "Stopped"), "running": QT_TRANSLATE_NOOP("Names", "Running"),
    "interrupted": QT_TRANSLATE_NOOP("Names", "Interrupted"),
}


def name(table: dict[str, str], key: Any) -> str:
    """The Swedish name of ``key`` in ``table``; an unknown key is shown as it is."""
    text = table.get(str(getattr(key, "value", key)))
    return QCoreApplication.translate("Names", text) if text else str(getattr(key, "value", key))


def run_message(key: str | None, args: dict[str, Any] | None = None) -> str:
    return message(key, args) or ""


def reason(key: str | None, text: str | None = None) -> str:
    return item_reason(key, text)
