"""Pure planning for companies (R7 merge, duplicate matching, field map): no I/O."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fortsync_gui.domain.fortnox import Customer
from fortsync_gui.domain.upsales import Account, Address
from fortsync_gui.engine import company_map as cmap
from fortsync_gui.engine import state
from fortsync_gui.engine.context import FieldIds
from fortsync_gui.engine.plan.companies import merge_pair
from fortsync_gui.engine.plan.matching import Party, match_candidates
from fortsync_gui.engine.state import ConflictRow
from fortsync_gui.store import MatchBasis, Side

FIELDS = FieldIds(account={"FORTNOX_CUSTOMER_ID": 1, "EMAIL": 2, "VAT_NO": 3})


def values(**changes: object) -> dict[str, object]:
    base = dict.fromkeys(cmap.FIELDS)
    base.update(name="Kontorsmästarna AB", org_no="5560000001", phone="021-123456")
    base.update(changes)
    return base


def conflict(field: str, up: object, fx: object, resolution: Side | None = None, id_: int = 7) -> ConflictRow:
    return ConflictRow(id_, 1, field, up, fx, resolution)


def test_r7_change_on_one_side_goes_to_the_other() -> None:
    base = values()
    plan = merge_pair(base, base, values(phone="021-999999"), base)
    assert plan.to_fortnox == {"phone": "021-999999"} and not plan.to_upsales and not plan.new_conflicts
    plan = merge_pair(base, base, base, values(name="Kontorsmästarna i Västerås AB"))
    assert plan.to_upsales == {"name": "Kontorsmästarna i Västerås AB"} and not plan.to_fortnox


def test_r7_both_sides_changed_is_a_conflict_never_an_overwrite() -> None:
    base = values()
    plan = merge_pair(base, base, values(phone="1"), values(phone="2"))
    assert plan.new_conflicts == {"phone": ("1", "2")}
    assert not plan.to_fortnox and not plan.to_upsales
    assert plan.observed_upsales["phone"] == "1" and plan.observed_fortnox["phone"] == "2"


def test_conflict_that_is_open_holds_however_the_sides_are_seen_later() -> None:
    """Defect 1 at the planner: an open conflict freezes the field in both directions; a later edit on one side
    refreshes the conflict's values, it never writes."""
    up_state, fx_state = values(phone="1"), values(phone="2")
    pending = {"phone": conflict("phone", "1", "2")}
    plan = merge_pair(up_state, fx_state, values(phone="1"), values(phone="2"), pending=pending)
    assert not plan.to_fortnox and not plan.to_upsales and not plan.new_conflicts and not plan.refreshed
    plan = merge_pair(up_state, fx_state, values(phone="3"), values(phone="2"), pending=pending)
    assert not plan.to_fortnox and not plan.to_upsales and plan.refreshed == {7: ("3", "2")}


def test_r7_same_change_on_both_sides_is_no_conflict() -> None:
    plan = merge_pair(values(), values(), values(phone="1"), values(phone="1"))
    assert not plan.new_conflicts and not plan.to_fortnox and not plan.to_upsales
    assert plan.observed_upsales["phone"] == plan.observed_fortnox["phone"] == "1"


def test_resolution_writes_the_winners_current_value_once_and_rules_decide_new_conflicts() -> None:
    up_state, fx_state = values(phone="1"), values(phone="2")
    pending = {"phone": conflict("phone", "1", "2", Side.FORTNOX)}
    plan = merge_pair(up_state, fx_state, values(phone="1"), values(phone="2b"), pending=pending)
    assert plan.to_upsales == {"phone": "2b"} and plan.applied == {"phone": 7}  # the value really there now
    plan = merge_pair(values(), values(), values(phone="1"), values(phone="2"), rules={"phone": Side.UPSALES})
    assert plan.to_fortnox == {"phone": "1"} and not plan.new_conflicts


def test_open_conflict_closes_when_both_sides_agree_again() -> None:
    pending = {"phone": conflict("phone", "1", "2")}
    plan = merge_pair(values(phone="1"), values(phone="2"), values(phone="2"), values(phone="2"), pending=pending)
    assert plan.closed == [7] and not plan.to_fortnox and not plan.to_upsales


def test_newly_linked_pair_fills_gaps_and_flags_differences() -> None:
    plan = merge_pair(None, None, values(phone=None, website="kontor.se"),
                      values(website=None, name="Kontorsmästarna i V AB"))
    assert plan.to_upsales == {"phone": "021-123456"}
    assert plan.to_fortnox == {"website": "kontor.se"}
    assert set(plan.new_conflicts) == {"name"} and plan.filled == {"phone", "website"}


def test_name_is_never_cleared() -> None:
    plan = merge_pair(values(), values(), values(name=None), values())
    assert "name" not in plan.to_fortnox


@given(st.dictionaries(st.sampled_from(cmap.FIELDS), st.one_of(st.none(), st.text(max_size=5)), max_size=6),
       st.dictionaries(st.sampled_from(cmap.FIELDS), st.one_of(st.none(), st.text(max_size=5)), max_size=6))
def test_merge_converges(up_changes: dict[str, object], fx_changes: dict[str, object]) -> None:
    """After a merge's writes, both sides agree on every field that is not in conflict, and merging again (with the
    state the writes leave) writes nothing."""
    base = values()
    up, fx = values(**up_changes), values(**fx_changes)
    plan = merge_pair(base, base, up, fx)
    up2, fx2 = {**up, **plan.to_upsales}, {**fx, **plan.to_fortnox}
    for name in cmap.FIELDS:
        if name not in plan.new_conflicts:
            assert up2[name] == fx2[name]
    state_up = {**base, **plan.observed_upsales, **plan.to_fortnox, **plan.to_upsales}
    state_fx = {**base, **plan.observed_fortnox, **plan.to_fortnox, **plan.to_upsales}
    pending = {name: conflict(name, u, x) for name, (u, x) in plan.new_conflicts.items()}
    again = merge_pair(state_up, state_fx, up2, fx2, pending=pending)
    assert not again.to_fortnox and not again.to_upsales and not again.new_conflicts


def test_field_map_round_trip_compares_equal_across_spellings() -> None:
    customer = Customer("1042", "Öhmans Fastigheter AB", organisation_number="556677-8899", phone1=" 08-1234 ",
                        email="info@ohman.se", address1="Storgatan 1", zip_code="72211", city="Västerås",
                        country_code="se")
    account = Account(1, "Öhmans Fastigheter AB", org_no="5566778899", phone="08-1234",
                      addresses=(Address("Mail", "Storgatan 1", "72211", "Västerås", None, "SE"),),
                      custom={2: "info@ohman.se"})
    assert cmap.from_customer(customer) == cmap.from_account(account, FIELDS)
    assert cmap.fortnox_fields({"org_no": "5566778899"}) == {"OrganisationNumber": "556677-8899"}


def test_upsales_address_write_keeps_unmapped_address_types() -> None:
    account = Account(1, "X", addresses=(Address("Invoice", "Box 1"), Address("Mail", "Gamla vägen 2")))
    merged = values(mail_address="Nya vägen 3", mail_city="Västerås")
    payload = cmap.upsales_changes({"mail_address": "Nya vägen 3"}, merged, cmap.kept_addresses(account), FIELDS)
    types = {a.type: a.address for a in payload["addresses"]}
    assert types == {"Invoice": "Box 1", "Mail": "Nya vägen 3"}


def party(id_: str, label: str, org: str | None = None, **kw: str) -> Party:
    return Party(id_, label, org, **kw)


def test_matching_exact_org_number_and_existing_customer_id() -> None:
    ups = [party("1", "Bergströms Bygg AB", "5561234567"), party("2", "Annat AB", fortnox_customer_id="1050")]
    fxs = [party("1001", "Bergström Bygg AB", "5561234567"), party("1050", "Helt annat namn AB")]
    found = {(c.upsales_id, c.fortnox_id): c for c in match_candidates(ups, fxs)}
    assert found[("1", "1001")].basis is MatchBasis.ORG_NO and found[("1", "1001")].exact
    assert found[("2", "1050")].basis is MatchBasis.FORTNOX_CUSTOMER_ID and found[("2", "1050")].exact


def test_matching_domain_and_name_are_suggestions_only() -> None:
    ups = [party("1", "Västerås Tandvård", email="info@tandvardshuset.se"), party("2", "Café Åsen AB")]
    fxs = [party("1001", "Tandvårdshuset i Västerås AB", email="kassa@tandvardshuset.se"),
           party("1002", "Cafe Åsen")]
    found = match_candidates(ups, fxs)
    assert {(c.upsales_id, c.fortnox_id, c.basis) for c in found} >= {("1", "1001", MatchBasis.EMAIL_DOMAIN)}
    assert not any(c.exact for c in found)


def test_matching_ambiguous_org_number_is_never_automatic() -> None:
    ups = [party("1", "Dubbel AB", "5560000001"), party("2", "Dubbel AB (gammal)", "5560000001")]
    found = match_candidates(ups, [party("1001", "Dubbel AB", "5560000001")])
    assert len(found) == 2 and not any(c.exact for c in found)


def test_matching_free_mail_domains_are_ignored() -> None:
    found = match_candidates([party("1", "A", email="a@gmail.com")], [party("1001", "B", email="b@gmail.com")])
    assert found == []


def test_swedish_postal_codes_compare_equal_with_or_without_the_space() -> None:
    from fortsync_gui.engine.company_map import canonical

    values = canonical({"mail_zip": "72223", "visit_zip": " 722 23 ", "delivery_zip": "NW1 6XE"})
    assert values["mail_zip"] == values["visit_zip"] == "722 23"
    assert values["delivery_zip"] == "NW1 6XE"  # a foreign code is kept as written


_raw = st.one_of(st.none(), st.text(st.sampled_from(list("0123456789 -+\tSEse")), max_size=14), st.text(max_size=6))


def _customer(raw: dict[str, str | None]) -> Customer:
    return Customer("1", raw["name"] or "", organisation_number=raw["org_no"], phone1=raw["phone"],
                    www=raw["website"], email=raw["email"], vat_number=raw["vat_number"],
                    address1=raw["mail_address"], zip_code=raw["mail_zip"], city=raw["mail_city"],
                    country_code=raw["mail_country"], visiting_address=raw["visit_address"],
                    visiting_zip_code=raw["visit_zip"], visiting_city=raw["visit_city"],
                    visiting_country_code=raw["visit_country"], delivery_address1=raw["delivery_address"],
                    delivery_zip_code=raw["delivery_zip"], delivery_city=raw["delivery_city"],
                    delivery_country_code=raw["delivery_country"])


def _account(raw: dict[str, str | None]) -> Account:
    addresses = tuple(Address(kind, raw[f"{prefix}_address"], raw[f"{prefix}_zip"], raw[f"{prefix}_city"], None,
                              raw[f"{prefix}_country"]) for prefix, kind in cmap.ADDRESS_TYPES.items())
    return Account(1, raw["name"] or "", raw["org_no"], raw["phone"], raw["website"],
                   addresses=(Address("Other", "Box 1"), *addresses, Address("Mail", "a later Mail address")),
                   custom={2: raw["email"] or "", 3: raw["vat_number"] or ""})


_raws = st.fixed_dictionaries({name: _raw for name in cmap.FIELDS})


@given(_raws)
def test_each_sides_mapping_is_canonical_of_its_fields(raw: dict[str, str | None]) -> None:
    """from_customer and from_account spell canonical() out field by field (for speed): they must agree with it."""
    assert cmap.from_customer(_customer(raw)) == cmap.canonical({**raw, "name": raw["name"] or ""})
    assert cmap.from_account(_account(raw), FIELDS) == cmap.canonical({**raw, "name": raw["name"] or ""})


@given(st.lists(st.builds(Address, st.sampled_from(["Mail", "Visit", "Delivery", "Invoice", "Other"]),
                          st.none() | st.text(max_size=4)), max_size=3))
def test_each_types_first_address_is_mapped(addresses: list[Address]) -> None:
    """The mapping takes a company's first address of each type, as Account.address finds it (one address, the
    usual company, takes a shorter way)."""
    account = Account(1, "X", addresses=tuple(addresses))
    found = tuple(account.address(kind) for kind in cmap.ADDRESS_TYPES.values())
    assert cmap._mapped_addresses(account) == tuple(a or Address("") for a in found)


_respelt = st.sampled_from([lambda v: v, lambda v: None, lambda v: "", lambda v: v and f" {v} ",
                            lambda v: v and v.replace(" ", ""), lambda v: v and v.lower(), lambda v: (v or "") + "1"])


@given(_raws, st.fixed_dictionaries({name: _respelt for name in cmap.FIELDS}))
def test_the_quick_comparison_is_the_mapping_compared(raw: dict[str, str | None], respell: dict) -> None:
    """same_customer and same_account answer whether a record maps to the values held without mapping it (planning
    every pair of a no-change sync): the same answer as mapping and comparing, for values held that differ from the
    record's in spelling, emptiness or content, and never True for values missing a field or holding one more."""
    other = {name: respell[name](value) for name, value in raw.items()}
    customer, account = _customer(raw), _account(raw)
    for held in (cmap.from_customer(_customer(other)), cmap.from_account(_account(other), FIELDS)):
        assert cmap.same_customer(customer, held) == (cmap.from_customer(customer) == held)
        assert cmap.same_account(account, FIELDS, held) == (cmap.from_account(account, FIELDS) == held)
    assert cmap.same_customer(customer, cmap.from_customer(customer))
    assert cmap.same_account(account, FIELDS, cmap.from_account(account, FIELDS))
    fewer = {name: value for name, value in cmap.from_customer(customer).items() if name != "phone"}
    assert not cmap.same_customer(customer, fewer) and not cmap.same_account(account, FIELDS, fewer)
    more = {**cmap.from_customer(customer), "extra": None}
    assert not cmap.same_customer(customer, more)


@given(st.fixed_dictionaries({name: st.none() | st.text(max_size=12) for name in cmap.FIELDS}))
def test_packed_values_read_as_the_values_they_pack(values: dict[str, str | None]) -> None:
    """A planned company's values are packed into one string (100 000 wait for the writer at a first import): read
    back they are the values, and the shown view the fields that have one; text with the packing's marks in it
    stays a dict."""
    full, shown = cmap.packed(values)
    assert dict(full) == values and sorted(full) == sorted(cmap.FIELDS)
    assert dict(shown) == {k: v for k, v in values.items() if v is not None}
    assert all(full.get(name) == values[name] for name in cmap.FIELDS)
    assert all((name in shown) == (values[name] is not None) for name in cmap.FIELDS)
    assert full.get("no such field") is None and "no such field" not in shown
    assert cmap.unpacked(full) == values and state.jsonable(full) == values  # as a handler, the sync state and
    assert state.jsonable(shown) == dict(shown)  # the audit trail read them
    packable = all(v is None or ("\x1f" not in v and "\x00" not in v) for v in values.values())
    assert isinstance(full, cmap.Packed) == packable
