"""Pure planning for companies (R7 merge, duplicate matching, field map): no I/O."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fortsync_gui.domain.fortnox import Customer
from fortsync_gui.domain.upsales import Account, Address
from fortsync_gui.engine import company_map as cmap
from fortsync_gui.engine.company_plan import Party, match_candidates, merge
from fortsync_gui.engine.context import FieldIds
from fortsync_gui.store import MatchBasis, Side

FIELDS = FieldIds(account={"FORTNOX_CUSTOMER_ID": 1, "EMAIL": 2, "VAT_NO": 3})


def values(**changes: object) -> dict[str, object]:
    base = dict.fromkeys(cmap.FIELDS)
    base.update(name="Kontorsmästarna AB", org_no="5560000001", phone="021-123456")
    base.update(changes)
    return base


def test_r7_change_on_one_side_goes_to_the_other() -> None:
    base = values()
    plan = merge(base, values(phone="021-999999"), base)
    assert plan.to_fortnox == {"phone": "021-999999"} and not plan.to_upsales and not plan.conflicts
    plan = merge(base, base, values(name="Kontorsmästarna i Västerås AB"))
    assert plan.to_upsales == {"name": "Kontorsmästarna i Västerås AB"} and not plan.to_fortnox


def test_r7_both_sides_changed_is_a_conflict_never_an_overwrite() -> None:
    base = values()
    plan = merge(base, values(phone="1"), values(phone="2"))
    assert plan.conflicts == {"phone": ("1", "2")}
    assert not plan.to_fortnox and not plan.to_upsales
    assert plan.baseline["phone"] == base["phone"]  # stays a conflict until resolved


def test_r7_same_change_on_both_sides_is_no_conflict() -> None:
    plan = merge(values(), values(phone="1"), values(phone="1"))
    assert not plan.conflicts and not plan.to_fortnox and not plan.to_upsales and plan.baseline["phone"] == "1"


def test_conflict_resolution_and_field_rule_pick_the_winner() -> None:
    base = values()
    plan = merge(base, values(phone="1"), values(phone="2"), resolutions={"phone": Side.FORTNOX})
    assert plan.to_upsales == {"phone": "2"} and plan.resolved == {"phone"}
    plan = merge(base, values(phone="1"), values(phone="2"), rules={"phone": Side.UPSALES})
    assert plan.to_fortnox == {"phone": "1"} and not plan.resolved


def test_newly_linked_pair_fills_gaps_and_flags_differences() -> None:
    plan = merge(None, values(phone=None, website="kontor.se"), values(website=None, name="Kontorsmästarna i V AB"))
    assert plan.to_upsales == {"phone": "021-123456"}
    assert plan.to_fortnox == {"website": "kontor.se"}
    assert set(plan.conflicts) == {"name"}


def test_name_is_never_cleared() -> None:
    plan = merge(values(), values(name=None), values())
    assert "name" not in plan.to_fortnox


@given(st.dictionaries(st.sampled_from(cmap.FIELDS), st.one_of(st.none(), st.text(max_size=5)), max_size=6),
       st.dictionaries(st.sampled_from(cmap.FIELDS), st.one_of(st.none(), st.text(max_size=5)), max_size=6))
def test_merge_converges(up_changes: dict[str, object], fx_changes: dict[str, object]) -> None:
    """After applying a merge's writes, both sides agree on every field that is not in conflict, and merging again
    writes nothing."""
    base = values()
    up, fx = values(**up_changes), values(**fx_changes)
    plan = merge(base, up, fx)
    up2, fx2 = {**up, **plan.to_upsales}, {**fx, **plan.to_fortnox}
    for name in cmap.FIELDS:
        if name not in plan.conflicts:
            assert up2[name] == fx2[name]
    again = merge(plan.baseline, up2, fx2)
    assert not again.to_fortnox and not again.to_upsales


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
    payload = cmap.upsales_changes({"mail_address": "Nya vägen 3"}, merged, account, FIELDS)
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
