"""The field map of R7: an Upsales company and a Fortnox customer as one dict of canonical values, and back.

Canonical values are what both sides can hold and compare equal: trimmed text or None, the org number in its
10-digit normal form, country codes upper case. A field both sides hold equal is in sync whatever its raw spelling,
so Fortsync's own writes never come back as changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fortsync_gui.domain.fortnox import Customer
from fortsync_gui.domain.orgno import format_fortnox, normalise_org_no
from fortsync_gui.domain.upsales import Account, Address

from .context import FieldIds, custom_value

# canonical field -> Fortnox customer field
FORTNOX_FIELDS: dict[str, str] = {
    "name": "Name", "org_no": "OrganisationNumber", "phone": "Phone1", "website": "WWW", "email": "Email",
    "vat_number": "VATNumber",
    "mail_address": "Address1", "mail_zip": "ZipCode", "mail_city": "City", "mail_country": "CountryCode",
    "visit_address": "VisitingAddress", "visit_zip": "VisitingZipCode", "visit_city": "VisitingCity",
    "visit_country": "VisitingCountryCode",
    "delivery_address": "DeliveryAddress1", "delivery_zip": "DeliveryZipCode", "delivery_city": "DeliveryCity",
    "delivery_country": "DeliveryCountryCode",
}
FIELDS = tuple(FORTNOX_FIELDS)
ADDRESS_TYPES = {"mail": "Mail", "visit": "Visit", "delivery": "Delivery"}  # canonical prefix -> Upsales type
CUSTOM_FIELDS = {"email": "EMAIL", "vat_number": "VAT_NO"}  # canonical field -> Upsales custom-field alias
REQUIRED = frozenset({"name"})  # never cleared on the other side


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _country(value: object) -> str | None:
    text = _text(value)
    return text.upper() if text else None


def _zip(value: object) -> str | None:
    """Swedish postal codes as Fortnox and the Post write them ("722 23"); Upsales often holds "72223"."""
    text = _text(value)
    digits = text.replace(" ", "") if text else ""
    return f"{digits[:3]} {digits[3:]}" if len(digits) == 5 and digits.isdigit() else text


def _org_no(value: object) -> str | None:
    text = _text(value)
    return normalise_org_no(text) or text


def _normaliser(name: str) -> Any:
    if name == "org_no":
        return _org_no
    if name.endswith("_country"):
        return _country
    if name.endswith("_zip"):
        return _zip
    return _text


_NORMALISERS = tuple((name, _normaliser(name)) for name in FIELDS)


def canonical(fields: Mapping[str, Any]) -> dict[str, Any]:
    return {name: normalise(fields.get(name)) for name, normalise in _NORMALISERS}


def from_customer(customer: Customer) -> dict[str, Any]:
    return canonical({
        "name": customer.name, "org_no": customer.organisation_number, "phone": customer.phone1,
        "website": customer.www, "email": customer.email, "vat_number": customer.vat_number,
        "mail_address": customer.address1, "mail_zip": customer.zip_code, "mail_city": customer.city,
        "mail_country": customer.country_code,
        "visit_address": customer.visiting_address, "visit_zip": customer.visiting_zip_code,
        "visit_city": customer.visiting_city, "visit_country": customer.visiting_country_code,
        "delivery_address": customer.delivery_address1, "delivery_zip": customer.delivery_zip_code,
        "delivery_city": customer.delivery_city, "delivery_country": customer.delivery_country_code,
    })


def from_account(account: Account, fields: FieldIds) -> dict[str, Any]:
    values: dict[str, Any] = {"name": account.name, "org_no": account.org_no, "phone": account.phone,
                              "website": account.webpage}
    for name, alias in CUSTOM_FIELDS.items():
        values[name] = custom_value(account.custom, fields.account.get(alias))
    for prefix, kind in ADDRESS_TYPES.items():
        address = account.address(kind)
        values[f"{prefix}_address"] = address.address if address else None
        values[f"{prefix}_zip"] = address.zipcode if address else None
        values[f"{prefix}_city"] = address.city if address else None
        values[f"{prefix}_country"] = address.country if address else None
    return canonical(values)


def fortnox_fields(changes: Mapping[str, Any]) -> dict[str, Any]:
    """A Fortnox customer body for the canonical ``changes`` (None clears the field with API_BLANK)."""
    out: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "org_no":
            value = format_fortnox(value) or value
        out[FORTNOX_FIELDS[name]] = value
    return out


def upsales_changes(changes: Mapping[str, Any], merged: Mapping[str, Any], kept: Sequence[Address],
                    fields: FieldIds) -> dict[str, Any]:
    """Keyword arguments for ``upsales_wire.account_payload``. Addresses replace the whole list in Upsales, so every
    address type is sent from ``merged`` (the full canonical record) and ``kept`` (the company's addresses of types
    Fortsync does not map) stay."""
    payload: dict[str, Any] = {}
    for name in ("name", "phone", "website"):
        if name in changes:
            payload["webpage" if name == "website" else name] = changes[name] or ("" if name != "name" else None)
    if "org_no" in changes:
        payload["org_no"] = format_fortnox(changes["org_no"]) or changes["org_no"] or ""
    custom = {fields.account[alias]: changes[name] or "" for name, alias in CUSTOM_FIELDS.items()
              if name in changes and fields.account.get(alias) is not None}
    if custom:
        payload["custom"] = custom
    if any(name.split("_")[0] in ADDRESS_TYPES for name in changes):
        payload["addresses"] = addresses(merged, kept)
    return payload


def kept_addresses(account: Account) -> list[Address]:
    """The company's addresses of types Fortsync does not map (Upsales replaces the whole list on a write)."""
    return [a for a in account.addresses if a.type not in ADDRESS_TYPES.values()]


def addresses(merged: Mapping[str, Any], kept: Sequence[Address]) -> list[Address]:
    out = list(kept)
    for prefix, kind in ADDRESS_TYPES.items():
        parts = [merged.get(f"{prefix}_{p}") for p in ("address", "zip", "city", "country")]
        if any(parts):
            out.append(Address(kind, address=parts[0], zipcode=parts[1], city=parts[2], country=parts[3]))
    return out
