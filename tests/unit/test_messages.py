"""The catalogue of user-facing texts (:mod:`fortsync_gui.messages`): every run-level message key and every per-record
reason key has a Swedish sentence, each sentence uses only the arguments documented for its key, and nothing the
engine or the store can report is missing."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path
from types import SimpleNamespace

import pytest

from fortsync_gui import messages
from fortsync_gui.messages import (
    ITEM_REASONS,
    MESSAGE_ARGS,
    MESSAGES,
    REASONS,
    MessageKey,
    ReasonKey,
    item_reason,
    message,
    summary_message,
)

PKG = Path(__file__).resolve().parents[2] / "fortsync_gui"
# A value for every argument a message may take (what the engine passes: setting keys, service and kind values).
ARGS = {"detail": "x", "missing": ["price_list"], "count": 30, "threshold": 25, "side": "fortnox", "kind": "company",
        "linked": 12, "api": "fortnox", "run_id": 7, "price_list": "Z", "setting": "won_stage_id", "value": 99,
        "problem": "settings.won_stage.missing", "profile": "acme", "label": "Åkerlunds Elektriska AB",
        "field": "phone", "url": "http://fortsync-remote.invalid/api/v2", "request": "GET /3/customers",
        "backend": "PlaintextKeyring", "backup": "fortsync.db.bak-unversioned", "installation": "3f2a9c1e"}
# Whole words that only an English sentence would contain.
ENGLISH = {"the", "and", "is", "are", "was", "were", "not", "please", "could", "would", "should", "failed", "with",
           "your", "you", "to", "of", "for", "this", "that", "has", "have", "be", "try", "again", "check", "stopped",
           "error", "cannot", "sync", "missing", "found", "invalid", "waiting"}
SWEDISH = re.compile(r"[åäöÅÄÖ]|\b(och|att|är|inte|som|den|det|till|från|har|av|bort|en|ett|i|med|på)\b")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _all_texts() -> list[tuple[str, str]]:
    texts = [(f"message {k}", t) for k, t in MESSAGES.items()]
    texts += [(f"reason {k}/{r}", t) for (k, r), t in REASONS.items()]
    texts += [(f"item reason {k}", t) for k, t in ITEM_REASONS.items()]
    texts.append(("unknown key", messages.UNKNOWN_KEY))
    return texts


@pytest.mark.parametrize("key", list(MessageKey))
def test_every_message_key_has_a_sentence_with_its_documented_arguments(key: MessageKey) -> None:
    assert key in MESSAGES and key in MESSAGE_ARGS
    assert _fields(MESSAGES[key]) == set(MESSAGE_ARGS[key]), "the sentence's {placeholders} are not the documented args"
    text = message(key, {name: ARGS[name] for name in MESSAGE_ARGS[key]})
    assert text and "{" not in text and "?" not in text
    assert text.endswith(".")


@pytest.mark.parametrize("key", list(MessageKey))
def test_every_message_renders_without_arguments(key: MessageKey) -> None:
    text = message(key)
    assert text and "{" not in text  # a missing argument shows as "?", never as a KeyError


def test_the_catalogue_has_no_stray_keys() -> None:
    assert set(MESSAGES) == set(MessageKey)
    assert set(MESSAGE_ARGS) == set(MessageKey)
    assert set(ITEM_REASONS) == set(ReasonKey)
    for (key, reason), template in REASONS.items():
        assert key in set(MessageKey), key
        assert _fields(template) <= set(MESSAGE_ARGS[MessageKey(key)]), (key, reason)
        assert message(key, {"reason": reason}) == template


@pytest.mark.parametrize("key", list(ReasonKey))
def test_every_reason_key_has_a_sentence(key: ReasonKey) -> None:
    text = ITEM_REASONS[key]
    assert not _fields(text), "per-record reasons take no arguments"
    assert item_reason(key) == text
    assert item_reason(key.value, "what the service said") == text
    assert text.endswith(".")


@pytest.mark.parametrize(("where", "text"), _all_texts())
def test_no_text_is_english(where: str, text: str) -> None:
    plain = re.sub(r"\{[a-z_]+\}|--[a-z-]+|\b[A-Z_]{2,}\b|\b[a-z]+_[a-z_]+\b|fortsync \w+", " ", text)
    words = {w.lower() for w in re.findall(r"[A-Za-zÅÄÖåäöé]+", plain)}
    assert not words & ENGLISH, f"{where}: English words {sorted(words & ENGLISH)} in {text!r}"
    assert SWEDISH.search(text), f"{where}: {text!r} does not read as Swedish"


def test_name_tables_are_swedish() -> None:
    tables = [messages.KIND_NAMES, messages.KIND_PLURAL, messages.COUNT_NAMES, messages.PLAN_NAMES,
              messages.PHASE_NAMES, messages.SETTING_NAMES, messages.MODULE_NAMES, messages.STATUS_NAMES,
              messages.ACTION_NAMES, messages.OUTCOME_NAMES]
    for table in tables:
        for key, name in table.items():
            words = {w.lower() for w in re.findall(r"[A-Za-zÅÄÖåäö]+", name.split(" (")[0])}
            assert name and not words & (ENGLISH - {"ok"}), (key, name)


def test_the_reserved_keys_of_the_engine_rewrite() -> None:
    assert MessageKey.SETTINGS_INVALID == "settings.invalid"
    assert MessageKey.UNCERTAIN_WRITES == "run.uncertain_writes"
    assert MessageKey.ITEMS_FAILED == "run.items_failed" and MessageKey.INTERRUPTED == "run.interrupted"
    assert ReasonKey.CONFLICT_OPEN == "conflict.open"
    assert ReasonKey.RESOLUTION_APPLIED == "conflict.resolution_applied"
    assert ReasonKey.FIRST_LINK_FILLED == "link.filled_empty_field"
    assert ReasonKey.OFFER_BEFORE_CUTOFF == "document.offer_before_cutoff"
    assert ReasonKey.DEPENDENCY_FAILED == "plan.dependency_failed"
    assert ReasonKey.SKIP_SYNC == "document.skip_sync"


def test_the_engine_uses_this_message_key() -> None:
    from fortsync_gui.engine import api

    assert api.MessageKey is MessageKey


def test_settings_are_named_as_the_help_article_names_them() -> None:
    text = message(MessageKey.SETTINGS_INVALID, {"setting": "lost_stage_id", "value": 41,
                                                 "problem": "settings.lost_stage.missing"})
    assert "Förlorad order fas (lost_stage_id) (41) går inte att använda: fasen finns inte (längre) i Upsales" in text
    missing = message(MessageKey.SETTINGS_INCOMPLETE, {"missing": ["module", "won_stage_id", "offer_stage_id",
                                                                   "fallback_user_id", "price_list"]})
    for name in ("Modul att synka", "Vunnen order fas", "Offertfas", "Uppsamlingsanvändare", "Prislista"):
        assert name in missing


def test_auth_fortnox_sentence() -> None:
    assert message("auth.fortnox", {}) == ("Inloggningen i Fortnox har gått ut eller återkallats. Logga in i Fortnox "
                                           "igen från Fortsync (Inställningar → Fortnox).")


def test_arguments_are_shown_in_swedish() -> None:
    assert "Prislista (price_list)" in message("settings.incomplete", {"missing": ["price_list"]})
    text = message("guard.side_empty", {"side": "upsales", "kind": "company", "linked": 4})
    assert "Upsales listar inga företag/kunder alls, fast 4 är länkade" in text


def test_secrets_in_arguments_are_redacted() -> None:
    from fortsync_gui.clients.redact import register_secret

    register_secret("hemlig-nyckel-123")
    assert "hemlig-nyckel-123" not in message("service", {"detail": "token=hemlig-nyckel-123"})
    assert "hemlig-nyckel-123" not in item_reason("api.validation", "fortnox: hemlig-nyckel-123 är fel")


def test_unknown_keys_fall_back_to_a_sentence_that_names_the_key() -> None:
    assert message(None) is None and message("") is None
    assert message("engine.something_new", {"x": 1}) == (
        "Synkroniseringen slutade med koden engine.something_new. Försök igen; händer det igen, kontakta Fortsyncs "
        "support.")
    assert message("auth.fortnox", {"reason": "some.other_reason"}) == MESSAGES[MessageKey.FORTNOX_AUTH]


def test_item_reason_falls_back_to_the_service_text() -> None:
    assert item_reason("fortnox.2000106", "Kunden finns inte") == "Kunden finns inte"
    assert item_reason(None, None) == ""


def test_summary_message_fills_in_the_run() -> None:
    summary = SimpleNamespace(run_id=7, status="failed", dry_run=False, duration_s=1.0, pending_matches=3,
                              message_key=MessageKey.MATCHES_PENDING.value, message_args={})
    assert summary_message(summary).startswith("3 möjliga dubbletter väntar")
    summary.message_key, summary.message_args = MessageKey.ITEMS_FAILED.value, {}
    assert "fortsync report 7" in summary_message(summary)
    assert messages.status_line(summary) == "Synkroniseringen (körning 7): misslyckades på 1,0 s."


# --- every key the engine and the store use has a sentence ---------------------------------------------------------

def _dotted_constants(paths: list[Path]) -> dict[str, str]:
    found: dict[str, str] = {}
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and re.fullmatch(r"[a-z_]+\.[a-z_]+", node.value)
                    and not node.value.endswith(".id")):  # "table.id": a foreign key
                found[node.value] = path.relative_to(PKG).as_posix()
    return found


def test_every_key_the_engine_and_the_store_use_has_a_sentence() -> None:
    """The engine names every key by its enum member (no loose "area.key" strings); the store's and the keyring's
    error classes carry keys that are members too."""
    engine = [p for p in (PKG / "engine").rglob("*.py")]
    assert _dotted_constants(engine) == {}, "use MessageKey/ReasonKey members in the engine"
    paths = [*(PKG / "store").rglob("*.py"), PKG / "secrets.py"]
    keys = _dotted_constants([p for p in paths if "migrations" not in p.parts])
    assert {"run.interrupted", "store.schema_too_new", "secrets.unavailable"} <= set(keys)
    known = set(MessageKey) | set(ReasonKey)
    assert sorted(f"{key} ({where})" for key, where in keys.items() if key not in known) == []


def test_a_write_whose_answer_was_lost_is_being_checked_not_unwritten() -> None:
    """Issue 9, item 9: after a POST whose answer was lost nothing may say that nothing was written."""
    import httpx

    from fortsync_gui.clients.errors import UncertainWrite
    from tests.unit.test_transport import _api

    def lost(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("no answer")

    with pytest.raises(UncertainWrite) as info:
        _api("https://svc.test", httpx.MockTransport(lost)).request("POST", "/3/invoices", json_body={})
    assert "kan ha gått igenom och kontrolleras innan den görs igen" in str(info.value)
    texts = [message(MessageKey.UNCERTAIN_WRITES, {"count": 2, "run_id": 7}),
             message(MessageKey.NETWORK, {"api": "fortnox"}), item_reason("api.uncertain_write", str(info.value))]
    for text in texts:
        assert text and "inget har skrivits" not in text.lower() and "inget skrevs" not in text.lower()
    assert "kan ha gått igenom" in texts[0] and "kontrollerar" in texts[0]
    assert "kontrolleras" in texts[1] and "kontrolleras" in texts[2]


# --- issue 12: the labels and counts the app and the CLI share ------------------------------------------------------

def test_counts_agree_with_the_number() -> None:
    assert [messages.counted("deleted", 1), messages.counted("deleted", 2)] == ["1 borttagen", "2 borttagna"]
    assert [messages.counted("unlink", 1), messages.counted("unlink", 3)] == ["1 avlänkad", "3 avlänkade"]
    assert [messages.counted("created", 1), messages.counted("create", 41)] == ["1 skapad", "41 skapade"]
    assert [messages.counted("updated", 1), messages.counted("linked", 1)] == ["1 uppdaterad", "1 länkad"]
    assert messages.counted("failed", 1) == "1 misslyckades"
    assert [messages.counted_kind("product", 1), messages.counted_kind("product", 2)] == ["1 produkt", "2 produkter"]


def test_order_is_order_in_every_count_and_list() -> None:
    texts = [messages.KIND_NAMES["order"], messages.KIND_PLURAL["order"], messages.PHASE_NAMES["documents"],
             messages.counted_kind("order", 23), messages.run_in_words({"order": {"create": 2}}),
             message(MessageKey.GUARD_SIDE_EMPTY, {"side": "fortnox", "kind": "order", "linked": 3})]
    assert not [text for text in texts if "ordrar" in text.lower()]
    assert messages.KIND_NAMES["order"] == "Order"


def test_what_a_run_did_in_plain_words() -> None:
    counts = {"company": {"create": 41, "update": 1, "link": 3, "failed": 1}, "product": {"create": 1},
              "order": {"create": 23}, "offer": {"unlink": 0}}
    assert messages.run_in_words(counts) == ("Skapade 41 företag, 1 produkt och 23 order; uppdaterade 1 företag; "
                                             "länkade 3 företag. 1 post kunde inte synkas.")
    assert messages.run_in_words({"company": {"created": 0}}) == "Inget behövde ändras."
    assert messages.run_in_words({"product": {"deleted": 2}}) == "Tog bort 2 produkter."


def test_fortnox_field_names_reach_the_user_as_fortnox_labels_them() -> None:
    said = "fortnox PUT /3/customers/1001 HTTP 400 kod 2000013: Värdet i fältet ZipCode får vara högst 10 tecken långt."
    assert item_reason("api.validation", said).endswith("Värdet i fältet Postnummer får vara högst 10 tecken långt.")
    assert "ZipCode" not in item_reason(None, said)
    assert messages.fortnox_fields("Fältet City måste fyllas i. Ogiltigt värde i fältet Phone1 (x).") == (
        "Fältet Ort måste fyllas i. Ogiltigt värde i fältet Telefon (x).")
    assert messages.fortnox_fields("Värdet i fältet VisitingZipCode") == "Värdet i fältet Besökspostnummer"
    assert item_reason(None, "upsales PUT /api/v2/accounts/1 HTTP 400: Name is required") == (
        "upsales PUT /api/v2/accounts/1 HTTP 400: Name is required")  # only Fortnox's own names are mapped
    assert [messages.field_label(f) for f in ("mail_zip", "mail_city", "mail_address", "phone", "org_no", "email")] \
        == ["Postnummer", "Ort", "Adress", "Telefon", "Organisationsnummer", "E-post"]
    assert message(MessageKey.DECISION_ALREADY_APPLIED, {"label": "Acme AB", "field": "mail_zip"}).startswith(
        "Konflikten för Acme AB (Postnummer)")


def test_every_synced_field_has_a_swedish_label() -> None:
    from fortsync_gui.engine.company_map import FIELDS, FORTNOX_FIELDS
    from fortsync_gui.engine.plan.product_rules import FIELDS as PRODUCT_FIELDS

    assert [f for f in (*FIELDS, *PRODUCT_FIELDS) if f not in messages.FIELD_LABELS] == []
    assert [f for f in FORTNOX_FIELDS.values() if f not in messages.FORTNOX_FIELD_LABELS] == []
    for canonical, api in FORTNOX_FIELDS.items():  # one field, one label, whichever name reaches the user
        assert messages.FIELD_LABELS[canonical] == messages.FORTNOX_FIELD_LABELS[api], canonical


def test_a_draft_profile_has_its_own_sentence() -> None:
    assert MessageKey.PROFILE_DRAFT == "profile.draft"
    text = message(MessageKey.PROFILE_DRAFT, {"profile": "acme"})
    assert text is not None and text.startswith("Profilen acme är ett utkast") and "Slutför" in text


def test_the_cli_counts_agree_and_say_order() -> None:
    from fortsync_gui.cli_output import counts_table
    from fortsync_gui.engine.api import RunSummary

    summary = RunSummary(1, "ok", False, counts={"order": {"created": 1, "updated": 2, "deleted": 1},
                                                 "company": {"unlinked": 1}})
    assert [line.split(None, 1) for line in counts_table(summary)] == [
        ["Order:", "1 skapad, 2 uppdaterade, 1 borttagen"], ["Företag/kunder:", "1 avlänkad"]]


def test_moments_and_the_one_line_state_read_as_swedish_users_say_them() -> None:
    from datetime import UTC, datetime, timedelta

    from fortsync_gui.engine.profile_state import LastRun, ProfileState, SignIn, Status, Waiting
    from fortsync_gui.store import RunStatus

    now = datetime(2026, 11, 24, 15, 0).astimezone()
    today, yesterday = now.replace(hour=10, minute=42), now.replace(hour=9, minute=5) - timedelta(days=1)
    assert [messages.when(today, now), messages.when(yesterday, now)] == ["10.42", "i går 09.05"]
    assert messages.when(now + timedelta(days=1), now) == "i morgon 15.00"
    assert messages.when(now - timedelta(days=30), now).startswith("25 okt ")
    assert messages.when(now - timedelta(days=400), now).startswith("20 okt 2025 ")
    assert [messages.days_text(d) for d in (0.4, 1.2, 5.9)] == ["i dag", "om 1 dag", "om 5 dagar"]

    def state(**changes: object) -> ProfileState:
        last = LastRun(1, RunStatus.OK, today.astimezone(UTC), today.astimezone(UTC), {}, None)
        base = ProfileState("acme", "Acme AB", Status.SYNCED, last, Waiting(), SignIn("ok", 40.0))
        return ProfileState(**{**base.__dict__, **changes})  # type: ignore[arg-type]

    assert messages.profile_line(state(), now) == ("ok", "Allt är synkat · senast 10.42")
    assert messages.profile_line(state(waiting=Waiting(conflicts=2, matches=1)), now) == (
        "attention", "3 saker väntar på dig")
    assert messages.profile_line(state(waiting=Waiting(uncertain=1)), now) == ("attention", "1 sak väntar på dig")
    assert messages.profile_line(state(sign_in=SignIn("expiring", 5.4)), now) == (
        "attention", "Inloggningen i Fortnox går ut om 5 dagar")
    assert messages.profile_line(state(sign_in=SignIn("expired", -1.0)), now)[1] == (
        "Inloggningen i Fortnox har gått ut – logga in igen")
    failed = LastRun(2, RunStatus.FAILED, today.astimezone(UTC), None, {}, "network")
    assert messages.profile_line(state(last_run=failed), now) == ("error", "Senaste synken misslyckades · 10.42")
    assert messages.profile_line(state(last_run=None), now) == ("info", "Inte synkad än")
    assert messages.profile_line(state(running=True), now) == ("info", "Synkar nu …")
    assert messages.profile_line(state(draft=True, running=True), now)[1] == "Utkast: inställningarna är inte klara"


def test_run_sentences_agree_with_a_count_of_one() -> None:
    assert "1 möjlig dubblett väntar på granskning" in message(MessageKey.MATCHES_PENDING, {"count": 1})
    assert "2 möjliga dubbletter väntar" in message(MessageKey.MATCHES_PENDING, {"count": 2})
    assert "avlänka 1 post, fler än gränsen 0" in message(MessageKey.GUARD_THRESHOLD, {"count": 1, "threshold": 0})
    assert "fast 1 är länkad." in message(MessageKey.GUARD_SIDE_EMPTY, {"side": "fortnox", "kind": "company",
                                                                        "linked": 1})
    assert "Svaret på 1 skrivning kom aldrig fram, så den kan ha gått igenom" in message(
        MessageKey.UNCERTAIN_WRITES, {"count": 1, "run_id": 3})
    assert "Svaret på 2 skrivningar kom aldrig fram, så de kan" in message(MessageKey.UNCERTAIN_WRITES,
                                                                            {"count": 2, "run_id": 3})
