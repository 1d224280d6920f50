"""Swedish names for what the engine reports: record kinds, fields, phases, actions and outcomes (English sources in
context ``Names``, translated when shown). Run outcomes and per-record reasons come from the one catalogue the CLI
uses too (:mod:`fortsync_gui.messages`), so the app and ``fortsync`` never explain the same thing differently."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from fortsync_gui.clients.redact import redact
from fortsync_gui.messages import SERVICE_NAMES, item_reason, message

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
ATTEMPTS = {  # what Fortsync tried to do with a record that failed
    "create": QT_TRANSLATE_NOOP("Names", "Create"), "update": QT_TRANSLATE_NOOP("Names", "Update"),
    "link": QT_TRANSLATE_NOOP("Names", "Link"), "unlink": QT_TRANSLATE_NOOP("Names", "Unlink"),
    "delete": QT_TRANSLATE_NOOP("Names", "Delete"), "skip": QT_TRANSLATE_NOOP("Names", "Skip"),
    "conflict": QT_TRANSLATE_NOOP("Names", "Compare"),
}
NOT_DONE = QT_TRANSLATE_NOOP("Names", "failed")  # a record whose action failed
STATUSES = {
    "ok": QT_TRANSLATE_NOOP("Names", "Done"), "failed": QT_TRANSLATE_NOOP("Names", "Failed"),
    "stopped": QT_TRANSLATE_NOOP("Names", "Stopped"), "running": QT_TRANSLATE_NOOP("Names", "Running"),
    "interrupted": QT_TRANSLATE_NOOP("Names", "Interrupted"),
}


# The app's own words where the CLI's sentence points at command-line options or files (engine message keys).
RUN_MESSAGES = {
    "run.items_failed": QT_TRANSLATE_NOOP("Names", "Some records could not be synced. The Errors tab lists them with "
                                                   "what to do; correct them in Upsales or Fortnox and sync again."),
    "guard.threshold": QT_TRANSLATE_NOOP("Names", "Stopped before writing anything: the sync would have removed or "
                                                  "unlinked more records than the limit. See the Deletions tab."),
    "guard.side_empty": QT_TRANSLATE_NOOP("Names", "Stopped before writing anything: one side suddenly lists no "
                                                   "records at all. See the Deletions tab."),
    "service": QT_TRANSLATE_NOOP("Names", "Something unexpected happened ({detail}). Try again; if it happens again, "
                                          "contact Fortsync's support and attach the run's report (History, Export "
                                          "to CSV…)."),
    "auth.upsales": QT_TRANSLATE_NOOP("Names", "Upsales did not accept the API key (it is wrong or has been revoked). "
                                               "Click Change settings… and enter a new API key from Upsales "
                                               "(Inställningar → API-nycklar)."),
    "auth.fortnox": QT_TRANSLATE_NOOP("Names", "The sign-in to Fortnox has expired or been revoked. Click Change "
                                               "settings… and sign in to Fortnox again."),
    "settings.price_list_missing": QT_TRANSLATE_NOOP("Names", "The price list {price_list} does not exist in Fortnox. "
                                                              "Click Change settings…, choose a price list that "
                                                              "exists and sync again."),
}
# The catalogue's own sentences say it all: the Fortnox app registration; the keyring around a sign-in's renewal.
CLI_REASONS = {"no_client", "fortnox.invalid_client", "fortnox.keyring_locked", "fortnox.tokens_unsaved",
               "fortnox.refresh_lost"}

# A record the service refused (the ``error_key`` of a failed audit line): what it said and what to do.
FAILED = {
    "api.uncertain_write": QT_TRANSLATE_NOOP("Names", "The answer from {service} never came ({detail}), so the record "
                                                      "may have been written. Fortsync checks it: the next sync looks "
                                                      "it up and writes it only if it is missing."),
    "api.validation": QT_TRANSLATE_NOOP("Names", "{service} did not accept the record: {detail}. Correct it in Upsales "
                                                 "or Fortnox and sync again."),
    "api.not_found": QT_TRANSLATE_NOOP("Names", "{service} could not find the record ({detail}). It may have been "
                                                "deleted there; check it and sync again."),
    "api.permission": QT_TRANSLATE_NOOP("Names", "{service} refused access ({detail}). Check the licences and the "
                                                 "integration's rights in {service}, then sync again."),
    "api.error": QT_TRANSLATE_NOOP("Names", "{service} answered with an error: {detail}. Check the record and sync "
                                            "again."),
}
TEMPORARY = QT_TRANSLATE_NOOP("Names", "{service} had a temporary problem ({detail}). The next sync tries the record "
                                       "again.")
TEMPORARY_KEYS = {"api.server", "api.rate_limited", "api.network", "api.malformed"}


def name(table: dict[str, str], key: Any) -> str:
    """The Swedish name of ``key`` in ``table``; an unknown key is shown as it is."""
    text = table.get(str(getattr(key, "value", key)))
    return QCoreApplication.translate("Names", text) if text else str(getattr(key, "value", key))


def verb(action: Any, outcome: Any) -> str:
    """What happened to a record: "skapad", "skulle skapas" in a preview, "misslyckades" when it failed."""
    action, outcome = str(getattr(action, "value", action)), str(getattr(outcome, "value", outcome))
    if outcome == "failed":
        return QCoreApplication.translate("Names", NOT_DONE)
    return name(PLANNED if outcome == "planned" and action in PLANNED else ACTIONS, action)


def run_message(key: str | None, args: dict[str, Any] | None = None) -> str:
    args = dict(args or {})
    own = RUN_MESSAGES.get(key or "")
    if own is not None and str(args.get("reason")) not in CLI_REASONS:
        return redact(QCoreApplication.translate("Names", own).format(detail=args.get("detail", "?"),
                                                                    price_list=args.get("price_list", "?")))
    return message(key, args) or ""


def reason(key: str | None, text: str | None = None) -> str:
    """Why a record was skipped or failed, and what to do. A service's refusal is stored as the client's error text
    (``fortnox PUT /3/customers/1001 HTTP 400 kod 2000013: <what Fortnox said>``); its sentence names the service
    and quotes what it said."""
    template = FAILED.get(key or "") or (TEMPORARY if key in TEMPORARY_KEYS else None)
    head, _, said = (text or "").partition(": ")
    service = SERVICE_NAMES.get(head.split(" ", 1)[0].lower())
    if template is None or service is None:
        return item_reason(key, text)
    detail = (said or head).strip().rstrip(".")
    return redact(QCoreApplication.translate("Names", template).format(service=service, detail=detail))
