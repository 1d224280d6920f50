"""Fortnox's error bodies and codes (reference/fortnox-api.md §5).

Two casings are on the wire: not-found answers use ``{"ErrorInformation": {"Error", "Message", "Code"}}``, validation
answers ``{"error", "message", "code"}``. Codes marked *documented* come from Fortnox's errors page or recorded
traffic; the others are not published anywhere, so the simulator uses fixed plausible values (one per situation, so
tests and clients can still tell them apart).
"""

from __future__ import annotations

from typing import Any

# documented
SYSTEM_EXCEPTION = 1000003  # "System exception"
NOT_NUMERIC = 2000108  # "Värdet måste vara numeriskt ({Value})"
NOT_BOOLEAN = 2000134  # "Värdet måste vara en boolean ({Value})"
LEGACY_LOGIN = 2000311  # "Kan inte logga in, access-token eller client-secret saknas(2)."
INVALID_FILTER = 2000587  # "Ett ogiltigt filter har använts."
INVALID_PARAMETER = 2000588  # "Ogiltig parameter i anropet."
CUSTOMER_NUMBER_USED = 2000637  # "Kundnummer N används redan. Kundnumret har redan använts men blivit raderat."
NO_IDENTIFIER = 2000729  # "A valid identifier was not provided."
NO_LICENCE = 2001101  # "Det finns ingen aktiv licens för önskat scope"
NO_DATA = 2001392  # "Ingen eller felaktig typ av data."
INVALID_FIELD = 2001399  # "Felaktigt fältnamn"
JSON_SYNTAX = 2002115  # "Error deserializing JSON: JSON_ERROR_SYNTAX"
NOT_IN_SCOPE = 2000663  # "Not authorised for scope" (third-party report; no Swedish text published)

# not published: plausible fixed values
RATE_LIMITED = 2000003
MISSING_VALUE = 2000012
TOO_LONG = 2000013
INVALID_VALUE = 2000014
ALREADY_EXISTS = 2000015
UNKNOWN_RESOURCE = 2000016
METHOD_NOT_ALLOWED = 2000017
DOCUMENT_STATE = 2000018  # an action or update the document's state forbids (booked, cancelled, invoiced ...)
BASE_PRICE = 2000019  # the FromQuantity 0 row of a price list cannot be deleted
ROWS_LOCKED = 2000020  # rows of an invoice created from an order (softwerkab issue #40)

NOT_FOUND: dict[str, tuple[int, str]] = {
    "customer": (2000433, "Kan inte hitta kunden."),  # documented (recorded)
    "article": (2000428, "Kan inte hitta artikeln."),  # documented (recorded)
    "invoice": (2000434, "Kan inte hitta fakturan."),  # documented (recorded)
    "order": (2000439, "Kan inte hitta ordern."),  # documented (recorded)
    "offer": (2000440, "Kan inte hitta offerten."),
    "pricelist": (2000430, "Kan inte hitta prislistan."),
    "price": (2000431, "Kan inte hitta priset."),
}


class FortnoxError(Exception):
    """An API error: ``status`` plus an ErrorInformation body."""

    def __init__(self, status: int, code: int, message: str, *, capitalised: bool = False,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.capitalised = capitalised
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        if self.capitalised:
            return {"ErrorInformation": {"Error": 1, "Message": self.message, "Code": self.code}}
        return {"ErrorInformation": {"error": 1, "message": self.message, "code": self.code}}


def invalid(code: int, message: str) -> FortnoxError:
    """400 with lower-case keys, as validation errors come."""
    return FortnoxError(400, code, message)


def not_found(kind: str) -> FortnoxError:
    """404 with capitalised keys, as recorded for GET by number."""
    code, message = NOT_FOUND[kind]
    return FortnoxError(404, code, message, capitalised=True)


def unknown(kind: str) -> FortnoxError:
    """A reference in a request body to something that does not exist: 400 with the resource's not-found code."""
    code, message = NOT_FOUND[kind]
    return invalid(code, message)


def missing(field: str) -> FortnoxError:
    return invalid(MISSING_VALUE, f"Fältet {field} måste fyllas i.")


def too_long(field: str, limit: int) -> FortnoxError:
    return invalid(TOO_LONG, f"Värdet i fältet {field} får vara högst {limit} tecken långt.")


def bad_value(field: str, value: object) -> FortnoxError:
    return invalid(INVALID_VALUE, f"Ogiltigt värde i fältet {field} ({value}).")


def bad_parameter() -> FortnoxError:
    return invalid(INVALID_PARAMETER, "Ogiltig parameter i anropet.")
