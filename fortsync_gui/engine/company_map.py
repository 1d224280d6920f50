"""The field map of R7: an Upsales company and a Fortnox customer as one dict of canonical values, and back.

Canonical values are what both sides can hold and compare equal: trimmed text or None, the org number in its
10-digit normal form, country codes upper case. A field both sides hold equal is in sync whatever its raw spelling,
so Fortsync's own writes never come back as changes.
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterator, Mapping, Sequence
from functools import lru_cache
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
    text = (value if value.__class__ is str else str(value)).strip()
    return text or None


# Each normaliser returns None for None at once: most address fields are empty on one side or both.

def _country(value: object) -> str | None:
    text = None if value is None else _text(value)
    return text.upper() if text else None


def _zip(value: object) -> str | None:
    """Swedish postal codes as Fortnox and the Post write them ("722 23"); Upsales often holds "72223"."""
    text = None if value is None else _text(value)
    return _postal_code(text) if text else text


@lru_cache(maxsize=4096)  # a tenant's customers share a few thousand postal codes; a hit costs a sixth of the work
def _postal_code(text: str) -> str:
    digits = text.replace(" ", "")
    return f"{digits[:3]} {digits[3:]}" if len(digits) == 5 and digits.isdigit() else text


def _org_no(value: object) -> str | None:
    text = None if value is None else _text(value)
    return text and (normalise_org_no(text) or text)


def _normaliser(name: str) -> Any:
    if name == "org_no":
        return _org_no
    if name.endswith("_country"):
        return _country
    if name.endswith("_zip"):
        return _zip
    return _text


_NORMALISERS = tuple((name, _normaliser(name)) for name in FIELDS)
_NO_ADDRESS = Address("")  # every part None
_MAIL, _VISIT, _DELIVERY = ADDRESS_TYPES["mail"], ADDRESS_TYPES["visit"], ADDRESS_TYPES["delivery"]


def canonical(fields: Mapping[str, Any]) -> dict[str, Any]:
    return {name: normalise(fields.get(name)) for name, normalise in _NORMALISERS}


# from_customer and from_account are canonical() of each side's fields, written out field by field: planning a sync
# of 100 000 linked records maps 3.6 million values, and direct calls in a dict literal cost half of canonical's
# loop over an intermediate dict. tests/engine/test_company_plan.py holds them equal to canonical().

def from_customer(c: Customer) -> dict[str, Any]:
    return {"name": _text(c.name), "org_no": _org_no(c.organisation_number), "phone": _text(c.phone1),
            "website": _text(c.www), "email": _text(c.email), "vat_number": _text(c.vat_number),
            "mail_address": _text(c.address1), "mail_zip": _zip(c.zip_code), "mail_city": _text(c.city),
            "mail_country": _country(c.country_code),
            "visit_address": _text(c.visiting_address), "visit_zip": _zip(c.visiting_zip_code),
            "visit_city": _text(c.visiting_city), "visit_country": _country(c.visiting_country_code),
            "delivery_address": _text(c.delivery_address1), "delivery_zip": _zip(c.delivery_zip_code),
            "delivery_city": _text(c.delivery_city), "delivery_country": _country(c.delivery_country_code)}


def _mapped_addresses(account: Account) -> tuple[Address, Address, Address]:
    """The company's first mail, visit and delivery address (as Account.address finds them; every part None when
    it has none of a type)."""
    addresses = account.addresses
    if len(addresses) == 1:  # most companies: without the dict, in 100 000 mappings 0.035 s instead of 0.06
        only = addresses[0]
        kind = only.type
        return (only if kind == _MAIL else _NO_ADDRESS, only if kind == _VISIT else _NO_ADDRESS,
                only if kind == _DELIVERY else _NO_ADDRESS)
    first: dict[str, Address] = {}
    for address in addresses:
        first.setdefault(address.type, address)
    return first.get(_MAIL, _NO_ADDRESS), first.get(_VISIT, _NO_ADDRESS), first.get(_DELIVERY, _NO_ADDRESS)


def from_account(account: Account, fields: FieldIds) -> dict[str, Any]:
    mail, visit, delivery = _mapped_addresses(account)
    ids = fields.account
    return {"name": _text(account.name), "org_no": _org_no(account.org_no), "phone": _text(account.phone),
            "website": _text(account.webpage),
            # custom_value is trimmed text or None: canonical already
            "email": custom_value(account.custom, ids.get(CUSTOM_FIELDS["email"])),
            "vat_number": custom_value(account.custom, ids.get(CUSTOM_FIELDS["vat_number"])),
            "mail_address": _text(mail.address), "mail_zip": _zip(mail.zipcode), "mail_city": _text(mail.city),
            "mail_country": _country(mail.country),
            "visit_address": _text(visit.address), "visit_zip": _zip(visit.zipcode),
            "visit_city": _text(visit.city), "visit_country": _country(visit.country),
            "delivery_address": _text(delivery.address), "delivery_zip": _zip(delivery.zipcode),
            "delivery_city": _text(delivery.city), "delivery_country": _country(delivery.country)}


# same_customer and same_account answer from_customer(...) == values and from_account(...) == values without building
# the dict, for the pairs a sync finds as last seen (every pair, after a run that wrote them all: planning 100 000
# took a third less). A raw value equal to the value held is equal once normalised, since the values held are
# canonical and canonical values normalise to themselves; only the others are normalised (Fortnox's org number
# always: it is held without its dash). Each line: (raw == (held := ...) or normalise(raw) == held).
def same_customer(c: Customer, values: Mapping[str, Any]) -> bool:
    """``from_customer(c) == values``, sooner."""
    if len(values) != len(FIELDS):
        return False
    try:
        return ((c.name == (held := values["name"]) or _text(c.name) == held)
                and _org_no(c.organisation_number) == values["org_no"]
                and (c.phone1 == (held := values["phone"]) or _text(c.phone1) == held)
                and (c.www == (held := values["website"]) or _text(c.www) == held)
                and (c.email == (held := values["email"]) or _text(c.email) == held)
                and (c.vat_number == (held := values["vat_number"]) or _text(c.vat_number) == held)
                and (c.address1 == (held := values["mail_address"]) or _text(c.address1) == held)
                and (c.zip_code == (held := values["mail_zip"]) or _zip(c.zip_code) == held)
                and (c.city == (held := values["mail_city"]) or _text(c.city) == held)
                and (c.country_code == (held := values["mail_country"]) or _country(c.country_code) == held)
                and (c.visiting_address == (held := values["visit_address"])
                     or _text(c.visiting_address) == held)
                and (c.visiting_zip_code == (held := values["visit_zip"]) or _zip(c.visiting_zip_code) == held)
                and (c.visiting_city == (held := values["visit_city"]) or _text(c.visiting_city) == held)
                and (c.visiting_country_code == (held := values["visit_country"])
                     or _country(c.visiting_country_code) == held)
                and (c.delivery_address1 == (held := values["delivery_address"])
                     or _text(c.delivery_address1) == held)
                and (c.delivery_zip_code == (held := values["delivery_zip"])
                     or _zip(c.delivery_zip_code) == held)
                and (c.delivery_city == (held := values["delivery_city"]) or _text(c.delivery_city) == held)
                and (c.delivery_country_code == (held := values["delivery_country"])
                     or _country(c.delivery_country_code) == held))
    except KeyError:  # a field the values do not hold: not the same
        return False


def same_account(account: Account, fields: FieldIds, values: Mapping[str, Any]) -> bool:
    """``from_account(account, fields) == values``, sooner."""
    if len(values) != len(FIELDS):
        return False
    mail, visit, delivery = _mapped_addresses(account)
    email_id, vat_id = fields.account.get(CUSTOM_FIELDS["email"]), fields.account.get(CUSTOM_FIELDS["vat_number"])
    email = None if email_id is None else account.custom.get(email_id)
    vat = None if vat_id is None else account.custom.get(vat_id)
    try:
        return ((account.name == (held := values["name"]) or _text(account.name) == held)
                and (account.org_no == (held := values["org_no"]) or _org_no(account.org_no) == held)
                and (account.phone == (held := values["phone"]) or _text(account.phone) == held)
                and (account.webpage == (held := values["website"]) or _text(account.webpage) == held)
                and (email == (held := values["email"]) or _text(email) == held)
                and (vat == (held := values["vat_number"]) or _text(vat) == held)
                and (mail.address == (held := values["mail_address"]) or _text(mail.address) == held)
                and (mail.zipcode == (held := values["mail_zip"]) or _zip(mail.zipcode) == held)
                and (mail.city == (held := values["mail_city"]) or _text(mail.city) == held)
                and (mail.country == (held := values["mail_country"]) or _country(mail.country) == held)
                and (visit.address == (held := values["visit_address"]) or _text(visit.address) == held)
                and (visit.zipcode == (held := values["visit_zip"]) or _zip(visit.zipcode) == held)
                and (visit.city == (held := values["visit_city"]) or _text(visit.city) == held)
                and (visit.country == (held := values["visit_country"]) or _country(visit.country) == held)
                and (delivery.address == (held := values["delivery_address"])
                     or _text(delivery.address) == held)
                and (delivery.zipcode == (held := values["delivery_zip"]) or _zip(delivery.zipcode) == held)
                and (delivery.city == (held := values["delivery_city"]) or _text(delivery.city) == held)
                and (delivery.country == (held := values["delivery_country"])
                     or _country(delivery.country) == held))
    except KeyError:  # a field the values do not hold: not the same
        return False


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


# --- a planned company's values, packed ---------------------------------------------------------------------------

_SEP, _NONE = "\x1f", "\x00"  # the ASCII unit separator between fields; NUL for an empty one
_INDEX = {name: i for i, name in enumerate(FIELDS)}


class Packed(Mapping[str, Any]):
    """A company's canonical values in one string, as a read-only mapping. A first import plans 100 000 companies
    and each step holds its values until the writer gets to it: a dict of the 18 fields and its strings costs about
    1.2 kB, this about 0.3 kB. ``shown``: the view of the fields that have a value (a step's ``after``)."""

    __slots__ = ("_packed", "_shown")

    def __init__(self, packed: str, shown: bool = False) -> None:
        self._packed, self._shown = packed, shown

    def _parts(self) -> list[str]:
        return self._packed.split(_SEP)

    def __getitem__(self, name: str) -> Any:
        part = self._parts()[_INDEX[name]]  # KeyError: not a field
        if part == _NONE:
            if self._shown:
                raise KeyError(name)
            return None
        return part

    def __iter__(self) -> Iterator[str]:
        if not self._shown:
            return iter(FIELDS)
        return (name for name, part in zip(FIELDS, self._parts(), strict=True) if part != _NONE)

    def __len__(self) -> int:
        return len(FIELDS) if not self._shown else sum(1 for part in self._parts() if part != _NONE)

    def unpacked(self) -> dict[str, Any]:
        """The values as a dict, in one pass (a handler reads them all)."""
        pairs = zip(FIELDS, self._parts(), strict=True)
        if self._shown:
            return {name: part for name, part in pairs if part != _NONE}
        return {name: None if part == _NONE else part for name, part in pairs}

    def items(self) -> ItemsView[str, Any]:
        return self.unpacked().items()

    def __repr__(self) -> str:
        return f"Packed({self.unpacked()!r})"


def packed(values: Mapping[str, Any]) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    """``values`` (canonical, every field) and the view of those that have a value, packed when they can be (text,
    without the two marks); else as dicts."""
    parts = [values.get(name) for name in FIELDS]
    if len(values) != len(FIELDS) or not all(
            part is None or (part.__class__ is str and _SEP not in part and _NONE not in part) for part in parts):
        return values, {k: v for k, v in values.items() if v is not None}
    text = _SEP.join(_NONE if part is None else part for part in parts)
    return Packed(text), Packed(text, shown=True)


def unpacked(values: Mapping[str, Any]) -> dict[str, Any]:
    """A planned company's values as a dict (packed or not)."""
    return values.unpacked() if isinstance(values, Packed) else dict(values)
