"""Pre-flight checks and the settings rules (R3, DESIGN.md §2.7): pure functions, no network."""

from __future__ import annotations

import pytest

from fortsync_gui import preflight
from fortsync_gui.clients.errors import AuthError, NetworkError, PermissionDenied
from fortsync_gui.domain.fortnox import PriceList
from fortsync_gui.domain.upsales import OrderStage as Stage
from fortsync_gui.domain.upsales import User
from fortsync_gui.engine.context import ACCOUNT_FIELDS, ORDER_FIELDS, PRODUCT_FIELDS
from fortsync_gui.preflight import Check, Level, Sources, SyncSettings

STAGES = [
    Stage(1, "Kontakt", 10),
    Stage(2, "Offert skickad", 40),
    Stage(3, "Förhandling", 75),
    Stage(4, "Order (ej fortnox)", 100, exclude=True),
    Stage(5, "Vunnen", 100),
    Stage(6, "Förlorad", 0),
]
USERS = [User(10, "Anna Andersson"), User(11, "Bertil Berg"), User(12, "Cecilia Ek", active=False)]
PRICE_LISTS = [PriceList("A", "Prislista A"), PriceList("B", "Återförsäljare", preselected=True)]
GOOD = SyncSettings("order_offer", 10, 5, 6, 2, "A")


def _with(**changes: object) -> SyncSettings:
    return SyncSettings(**{**GOOD.__dict__, **changes})  # type: ignore[arg-type]


def _levels(checks: list[Check]) -> dict[str, Level]:
    return {c.key: c.level for c in checks}


def test_r3_defaults_pick_a_100_stage_a_0_stage_and_the_offer_stage() -> None:
    assert preflight.default_stages(STAGES) == (5, 6, 2)


def test_r3_default_offer_is_the_highest_open_stage_when_none_is_named_offer() -> None:
    stages = [Stage(1, "Kontakt", 10), Stage(3, "Förhandling", 75), Stage(5, "Order", 100), Stage(6, "Tappad", 0)]
    assert preflight.default_stages(stages) == (5, 6, 3)


def test_r3_defaults_never_pick_an_excluded_won_stage() -> None:
    assert preflight.default_stages([Stage(4, "Order (ej fortnox)", 100, exclude=True)])[0] is None


def test_default_price_list_prefers_the_preselected_one() -> None:
    assert preflight.default_price_list(PRICE_LISTS) == "B"
    assert preflight.default_price_list([PriceList("X", ""), PriceList("A", "")]) == "A"
    assert preflight.default_price_list([]) is None


def test_r3_good_settings_have_no_problems() -> None:
    assert preflight.settings_problems(GOOD, STAGES, USERS, PRICE_LISTS) == {}


@pytest.mark.parametrize(("changes", "field", "key"), [
    ({"won_stage_id": 3}, "won_stage", "settings.won_stage.not_100"),
    ({"won_stage_id": 4}, "won_stage", "settings.won_stage.excluded"),
    ({"won_stage_id": None}, "won_stage", "settings.won_stage.missing"),
    ({"lost_stage_id": 1}, "lost_stage", "settings.lost_stage.not_0"),
    ({"lost_stage_id": 5}, "lost_stage", "settings.lost_stage.same_as_won"),
    ({"lost_stage_id": 99}, "lost_stage", "settings.lost_stage.missing"),
    ({"offer_stage_id": 5}, "offer_stage", "settings.offer_stage.same_as_other"),
    ({"offer_stage_id": None}, "offer_stage", "settings.offer_stage.missing"),
    ({"fallback_user_id": 12}, "fallback_user", "settings.fallback_user.inactive"),
    ({"fallback_user_id": None}, "fallback_user", "settings.fallback_user.missing"),
    ({"price_list": "Z"}, "price_list", "settings.price_list.missing"),
])
def test_r3_each_rule_names_its_field(changes: dict[str, object], field: str, key: str) -> None:
    assert preflight.settings_problems(_with(**changes), STAGES, USERS, PRICE_LISTS) == {field: key}


def test_r3_offer_stage_must_be_open_and_not_excluded() -> None:
    stages = [*STAGES, Stage(7, "Offert (arkiv)", 40, exclude=True), Stage(8, "Avslutad", 0)]
    problems = preflight.settings_problems(_with(offer_stage_id=8), stages, USERS, PRICE_LISTS)
    assert problems == {"offer_stage": "settings.offer_stage.not_open"}
    problems = preflight.settings_problems(_with(offer_stage_id=7), stages, USERS, PRICE_LISTS)
    assert problems == {"offer_stage": "settings.offer_stage.excluded"}


def test_r3_offer_stage_is_ignored_without_the_offer_module() -> None:
    assert preflight.settings_problems(_with(module="invoice", offer_stage_id=None), STAGES, USERS,
                                       PRICE_LISTS) == {}


def test_needed_fortnox_resources_follow_the_module() -> None:
    assert preflight.needed_fortnox_resources("invoice")[-1] == "invoices"
    assert preflight.needed_fortnox_resources("order")[-1] == "orders"
    assert preflight.needed_fortnox_resources("order_offer")[-2:] == ["orders", "offers"]


def test_fortnox_access_names_the_missing_licence() -> None:
    denied = PermissionDenied("fortnox", "Det finns ingen aktiv licens för önskat scope", status=403, code=2001101)
    checks = preflight.check_fortnox_access({"customers": None, "orders": denied,
                                             "offers": AuthError("fortnox", "unauthorized", status=401),
                                             "articles": NetworkError("fortnox", "Ingen anslutning")})
    ok, licence, auth, failed = checks
    assert ok == Check("fortnox.access", Level.OK, "preflight.fortnox.access_ok", {"resources": ["customers"]})
    assert licence.level is Level.ERROR and licence.message_key == "preflight.fortnox.licence_missing"
    assert licence.args["licence"] == "Order"
    assert "aktiv licens" in licence.args["detail"]
    assert auth.message_key == "preflight.fortnox.auth"
    assert failed.message_key == "preflight.fortnox.failed"


def test_price_list_must_exist() -> None:
    assert preflight.check_price_list(PRICE_LISTS, "A").level is Level.OK
    missing = preflight.check_price_list(PRICE_LISTS, "Z")
    assert (missing.level, missing.args["code"]) == (Level.ERROR, "Z")


def test_stage_checks_cover_the_module_roles() -> None:
    assert _levels(preflight.check_stages(STAGES, GOOD)) == {
        "stage.won_stage": Level.OK, "stage.lost_stage": Level.OK, "stage.offer_stage": Level.OK}
    invoice = preflight.check_stages(STAGES, _with(module="invoice", won_stage_id=3))
    assert _levels(invoice) == {"stage.won_stage": Level.ERROR, "stage.lost_stage": Level.OK}
    assert invoice[0].args == {"name": "Förhandling", "probability": 75}


def test_fallback_user_must_be_active() -> None:
    assert preflight.check_fallback_user(USERS, 10).level is Level.OK
    assert preflight.check_fallback_user(USERS, 12).message_key == "settings.fallback_user.inactive"
    assert preflight.check_fallback_user(USERS, 99).message_key == "settings.fallback_user.missing"


def test_existing_upsales_fortnox_app_fields_mean_adoption() -> None:
    checks = preflight.check_existing_installation({
        "account": [("FORTNOX_CUSTOMER_ID", "Fortnox ID"), ("ORG_NO", "Org.nr")],
        "order": [("FORTNOX_ORDER_ID", "Fortnox Order ID")], "product": []})
    assert checks[0] == Check("fortnox_app", Level.INFO, "preflight.fortnox_app.adopt",
                              {"aliases": ["FORTNOX_CUSTOMER_ID", "FORTNOX_ORDER_ID"]})
    assert checks[1] == Check("fortnox_app.active", Level.WARNING, "preflight.fortnox_app.turn_off")
    assert preflight.check_existing_installation({"account": [("ORG_NO", "Org.nr")]}) == [
        Check("fortnox_app", Level.OK, "preflight.fortnox_app.none")]


def test_the_fields_fortsync_created_itself_do_not_ask_to_turn_the_app_off() -> None:
    """After a first sync Upsales has FORTNOX_CUSTOMER_ID etc. under Fortsync's own names: no warning then."""
    own = {entity: [(alias, name) for alias, name, _ in specs] for entity, specs in (
        ("account", ACCOUNT_FIELDS), ("product", PRODUCT_FIELDS), ("order", ORDER_FIELDS))}
    assert ("FORTNOX_CUSTOMER_ID", "Fortnox kundnummer") in own["account"]
    assert preflight.check_existing_installation(own) == [Check("fortnox_app", Level.OK, "preflight.fortnox_app.own")]
    # one field the app made beside Fortsync's: only that one is named, and the app must still be turned off
    mixed = {**own, "order": [*own["order"][1:], ("FORTNOX_ID", "Fortnox-fakturanummer (app)")]}
    checks = preflight.check_existing_installation(mixed)
    assert checks[0].args == {"aliases": ["FORTNOX_ID"]} and checks[1].level is Level.WARNING
    # the names are per entity: a product field named like an order field of Fortsync's is not Fortsync's
    assert preflight.check_existing_installation({"product": [("FORTNOX_ID", "Fortnox fakturanummer")]})[0].args == {
        "aliases": ["FORTNOX_ID"]}
    assert preflight.check_existing_installation({"account": [("FORTNOX_CUSTOMER_ID", " fortnox KUNDNUMMER ")]}) == [
        Check("fortnox_app", Level.OK, "preflight.fortnox_app.own")]


def _sources(probe_errors: dict[str, Exception] | None = None, stages_error: Exception | None = None) -> Sources:
    def probe(resource: str) -> None:
        if probe_errors and resource in probe_errors:
            raise probe_errors[resource]

    def stages() -> list[Stage]:
        if stages_error:
            raise stages_error
        return STAGES

    return Sources(stages=stages, users=lambda: USERS, price_lists=lambda: PRICE_LISTS,
                   custom_fields=lambda entity: [("FORTNOX_CUSTOMER_ID", "Fortnox-ID")] if entity == "account" else [],
                   probe_fortnox=probe)


def test_run_preflight_all_good() -> None:
    checks = preflight.run_preflight(_sources(), GOOD)
    assert not preflight.blocking(checks)
    assert [c.key for c in checks] == ["fortnox.access", "price_list", "stage.won_stage", "stage.lost_stage",
                                       "stage.offer_stage", "fallback_user", "fortnox_app", "fortnox_app.active"]


def test_run_preflight_turns_failures_into_checks() -> None:
    denied = PermissionDenied("fortnox", "Api-licens saknas", status=403, code=2001103)
    checks = preflight.run_preflight(_sources({"pricelists": denied},
                                              stages_error=NetworkError("upsales", "Ingen anslutning")), GOOD)
    assert preflight.blocking(checks)
    levels = _levels(checks)
    assert levels["fortnox.access.pricelists"] is Level.ERROR
    assert "price_list" not in levels  # nothing to compare when the price lists cannot be read
    assert levels["stages"] is Level.ERROR
    assert levels["fallback_user"] is Level.OK


def test_the_checks_work_on_the_domain_records_the_clients_return() -> None:
    """No twins of the domain's stage, user and price list: the clients' records go in as they are."""
    assert not hasattr(preflight, "Stage")
    assert preflight.User is User and preflight.PriceList is PriceList  # the Fortnox price list (Upsales has its own)
    assert preflight.settings_problems(_with(won_stage_id=4), [Stage(4, "Order (ej fortnox)", 100, exclude=True)],
                                       USERS, PRICE_LISTS)["won_stage"] == "settings.won_stage.excluded"
