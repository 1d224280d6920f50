"""Swedish titles and explanations for the settings rules and pre-flight checks of :mod:`fortsync_gui.preflight`.

English source strings in context ``Checks``; arguments are filled in after translation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from fortsync_gui.preflight import Check

_TEXTS = {
    "settings.fallback_user.missing": QT_TRANSLATE_NOOP("Checks", "Choose a fallback user."),
    "settings.fallback_user.inactive": QT_TRANSLATE_NOOP("Checks", "{name} is no longer an active user in Upsales. "
                                                                   "Choose an active user."),
    "settings.won_stage.missing": QT_TRANSLATE_NOOP("Checks", "Choose the stage for won orders."),
    "settings.won_stage.not_100": QT_TRANSLATE_NOOP("Checks", "The won stage must have 100 % probability: Fortnox "
                                                              "gets the invoice or order when a deal reaches 100 %."),
    "settings.won_stage.excluded": QT_TRANSLATE_NOOP("Checks", "This stage is excluded in Upsales (for example “won, "
                                                               "but not to Fortnox”). Choose a stage that is not "
                                                               "excluded."),
    "settings.lost_stage.missing": QT_TRANSLATE_NOOP("Checks", "Choose the stage for lost orders."),
    "settings.lost_stage.same_as_won": QT_TRANSLATE_NOOP("Checks", "The lost stage must differ from the won stage."),
    "settings.lost_stage.not_0": QT_TRANSLATE_NOOP("Checks", "The lost stage must have 0 % probability: it stands for "
                                                             "a cancelled invoice or order."),
    "settings.offer_stage.missing": QT_TRANSLATE_NOOP("Checks", "Choose the stage for offers."),
    "settings.offer_stage.same_as_other": QT_TRANSLATE_NOOP("Checks", "The offer stage must differ from the won and "
                                                                      "lost stages."),
    "settings.offer_stage.not_open": QT_TRANSLATE_NOOP("Checks", "The offer stage must be an open stage, between 1 "
                                                                 "and 99 % probability."),
    "settings.offer_stage.excluded": QT_TRANSLATE_NOOP("Checks", "This stage is excluded in Upsales. Choose a stage "
                                                                 "that is not excluded."),
    "settings.price_list.missing": QT_TRANSLATE_NOOP("Checks", "Choose the price list products get their prices "
                                                               "from."),
    "preflight.fortnox.access_ok": QT_TRANSLATE_NOOP("Checks", "Fortsync may read and write {resources} in Fortnox."),
    "preflight.fortnox.licence_missing": QT_TRANSLATE_NOOP(
        "Checks", "Fortnox refused access to {resource} ({detail}). The company needs the {licence} licence, and the "
                  "integration must be approved with access to it. Add the licence in Fortnox, then go back and "
                  "approve the integration again."),
    "preflight.fortnox.auth": QT_TRANSLATE_NOOP("Checks", "Fortnox no longer accepts the authorisation. Go back to "
                                                          "the Fortnox page and approve the integration again."),
    "preflight.fortnox.failed": QT_TRANSLATE_NOOP("Checks", "Fortsync could not check {resource} in Fortnox "
                                                            "({detail}). Run the checks again."),
    "preflight.fetch_failed": QT_TRANSLATE_NOOP("Checks", "Fortsync could not fetch what this check needs from "
                                                          "{service} ({detail}). Run the checks again."),
    "preflight.price_list.ok": QT_TRANSLATE_NOOP("Checks", "The price list {code} ({description}) exists in "
                                                           "Fortnox; the products get their prices from it."),
    "preflight.price_list.missing": QT_TRANSLATE_NOOP("Checks", "The price list {code} does not exist in Fortnox. "
                                                                "Go back and choose another one."),
    "preflight.won_stage.ok": QT_TRANSLATE_NOOP("Checks", "{name} ({probability} %): a deal that reaches this stage "
                                                          "creates the invoice or order in Fortnox."),
    "preflight.lost_stage.ok": QT_TRANSLATE_NOOP("Checks", "{name} ({probability} %): an invoice or order cancelled "
                                                           "in Fortnox moves its Upsales order here."),
    "preflight.offer_stage.ok": QT_TRANSLATE_NOOP("Checks", "{name} ({probability} %): a deal in this stage creates "
                                                            "an offer in Fortnox."),
    "preflight.fallback_user.ok": QT_TRANSLATE_NOOP("Checks", "{name} is active and gets the documents whose Vår "
                                                              "referens matches no Upsales user."),
    "preflight.fortnox_app.none": QT_TRANSLATE_NOOP("Checks", "No fields from the Upsales Fortnox app were found. "
                                                              "Fortsync creates the fields it keeps Fortnox numbers "
                                                              "in at the first synchronisation."),
    "preflight.fortnox_app.own": QT_TRANSLATE_NOOP("Checks", "The fields Fortsync keeps Fortnox numbers in already "
                                                             "exist in Upsales: Fortsync created them at an earlier "
                                                             "synchronisation and goes on using them."),
    "preflight.fortnox_app.adopt": QT_TRANSLATE_NOOP("Checks", "The Upsales Fortnox app's fields are in use "
                                                               "({aliases}). Fortsync adopts the existing "
                                                               "installation: records that already carry a Fortnox "
                                                               "number are linked, not created again."),
    "preflight.fortnox_app.turn_off": QT_TRANSLATE_NOOP("Checks", "If the Upsales Fortnox app is still active, turn "
                                                                  "it off in Upsales before the first "
                                                                  "synchronisation; otherwise both would create "
                                                                  "invoices and orders in Fortnox."),
}

_TITLES = {
    "fortnox.access": QT_TRANSLATE_NOOP("Checks", "Permissions in Fortnox"),
    "fortnox.access.resource": QT_TRANSLATE_NOOP("Checks", "Access to {resource}"),
    "price_list": QT_TRANSLATE_NOOP("Checks", "Price list"),
    "stages": QT_TRANSLATE_NOOP("Checks", "Stages"),
    "stage.won_stage": QT_TRANSLATE_NOOP("Checks", "Won order stage"),
    "stage.lost_stage": QT_TRANSLATE_NOOP("Checks", "Lost order stage"),
    "stage.offer_stage": QT_TRANSLATE_NOOP("Checks", "Offer stage"),
    "fallback_user": QT_TRANSLATE_NOOP("Checks", "Fallback user"),
    "fortnox_app": QT_TRANSLATE_NOOP("Checks", "The Upsales Fortnox app"),
    "fortnox_app.active": QT_TRANSLATE_NOOP("Checks", "Turn off the Upsales Fortnox app"),
}

_RESOURCES = {
    "companyinformation": QT_TRANSLATE_NOOP("Checks", "company information"),
    "customers": QT_TRANSLATE_NOOP("Checks", "customers"),
    "articles": QT_TRANSLATE_NOOP("Checks", "articles"),
    "pricelists": QT_TRANSLATE_NOOP("Checks", "price lists"),
    "invoices": QT_TRANSLATE_NOOP("Checks", "invoices"),
    "orders": QT_TRANSLATE_NOOP("Checks", "orders"),
    "offers": QT_TRANSLATE_NOOP("Checks", "offers"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Checks", text)


def join(items: Sequence[str]) -> str:
    """"a, b and c" in the UI language."""
    if len(items) <= 1:
        return "".join(items)
    return QCoreApplication.translate("Checks", "{items} and {last}").format(items=", ".join(items[:-1]),
                                                                              last=items[-1])


def _resource(name: str) -> str:
    return _tr(_RESOURCES[name]) if name in _RESOURCES else name


def _format_args(args: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(args)
    if "resource" in out:
        out["resource"] = _resource(out["resource"])
    if "resources" in out:
        out["resources"] = join([_resource(r) for r in out["resources"]])
    if "aliases" in out:
        out["aliases"] = ", ".join(out["aliases"])
    return out


def text(message_key: str, args: Mapping[str, Any] | None = None) -> str:
    return _tr(_TEXTS[message_key]).format(**_format_args(args or {}))


def title(check: Check) -> str:
    if check.key.startswith("fortnox.access."):
        return _tr(_TITLES["fortnox.access.resource"]).format(resource=_resource(check.key.rsplit(".", 1)[1]))
    return _tr(_TITLES[check.key])


def explanation(check: Check) -> str:
    return text(check.message_key, check.args)
