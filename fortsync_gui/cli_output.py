"""What ``fortsync`` prints for people: Swedish sentences for the engine's message keys (each says what to do), the
run summary, and the progress bar on stderr.

Everything that reaches a terminal passes :func:`safe`, which redacts credentials (DESIGN.md §6) even when one hides
in an argument from a service's error message.
"""

from __future__ import annotations

import shutil
import string
import sys
import time
from collections.abc import Mapping
from typing import Any, TextIO

from fortsync_gui.clients.redact import redact
from fortsync_gui.engine.api import ConflictEvent, ItemEvent, MessageKey, Phase, RunSummary
from fortsync_gui.store import Outcome

ITEMS_FAILED = "run.items_failed"  # the runner's key for a run whose every phase ran but some records failed
INTERRUPTED = "run.interrupted"  # the store's key for a run whose process died

KIND_NAMES = {"company": "Företag/kunder", "product": "Produkter", "invoice": "Fakturor", "order": "Ordrar",
              "offer": "Offerter"}
KIND_PLURAL = {"company": "företag/kunder", "product": "artiklar", "invoice": "fakturor", "order": "ordrar",
               "offer": "offerter"}
COUNT_NAMES = {"created": "skapade", "updated": "uppdaterade", "linked": "länkade", "skipped": "hoppade över",
               "failed": "misslyckades", "unlinked": "avlänkade", "deleted": "borttagna", "unchanged": "oförändrade"}
PLAN_NAMES = {"created": "skapas", "updated": "uppdateras", "linked": "länkas", "skipped": "hoppas över",
              "failed": "misslyckas", "unlinked": "avlänkas", "deleted": "tas bort", "unchanged": "oförändrade"}
PHASE_NAMES = {Phase.PREPARE: "Förbereder", Phase.MATCHING: "Dubblettkontroll", Phase.COMPANIES: "Företag/kunder",
               Phase.PRODUCTS: "Produkter", Phase.DOCUMENTS: "Fakturor/ordrar/offerter",
               Phase.DELETIONS: "Borttagningar", Phase.FINISH: "Avslutar"}
SERVICE_NAMES = {"fortnox": "Fortnox", "upsales": "Upsales"}
SETTING_NAMES = {"won_stage_id": "Vunnen order fas (won_stage_id)", "lost_stage_id": "Förlorad order fas "
                 "(lost_stage_id)", "offer_stage_id": "Offertfas (offer_stage_id)", "fallback_user_id":
                 "Uppsamlingsanvändare (fallback_user_id)", "price_list": "Prislista (price_list)"}

# One sentence per message key; ``{...}`` are the StopRun arguments (missing ones print as "?").
MESSAGES: dict[str, str] = {
    MessageKey.LOCKED: "En annan synkronisering av den här profilen pågår redan (på den här eller en annan dator). "
                       "Vänta tills den är klar och försök sedan igen.",
    MessageKey.CANCELLED: "Synkroniseringen avbröts. Allt som hann skrivas är sparat; starta en ny synkronisering "
                          "så fortsätter den där den slutade, utan dubbletter.",
    MessageKey.UPSALES_AUTH: "Upsales godtog inte API-nyckeln (den är fel eller har återkallats). Skapa en ny "
                             "API-nyckel i Upsales (Inställningar → API-nycklar) och lägg in den i Fortsync "
                             "(Inställningar → Upsales) eller i FORTSYNC_UPSALES_TOKEN.",
    MessageKey.FORTNOX_AUTH: "Inloggningen i Fortnox har gått ut eller återkallats. Logga in i Fortnox igen från "
                             "Fortsync (Inställningar → Fortnox).",
    MessageKey.FORTNOX_PERMISSION: "Fortnox nekade åtkomst ({detail}). Företaget saknar kanske licens för den delen "
                                   "av Fortnox, eller så godkändes integrationen utan den behörigheten. Kontrollera "
                                   "licenserna i Fortnox och godkänn integrationen igen (Inställningar → Fortnox).",
    MessageKey.PRICE_LIST_MISSING: "Prislistan {price_list} finns inte i Fortnox. Välj en prislista som finns "
                                   "(Inställningar → Prislista, eller price_list i inställningsfilen) och synka igen.",
    MessageKey.SETTINGS_INCOMPLETE: "Profilens inställningar är inte klara: {missing} saknas. Fyll i dem i Fortsync "
                                    "(Inställningar) eller i inställningsfilen och synka igen.",
    MessageKey.SETTINGS_INVALID: "Inställningen {setting} går inte att använda: {problem}. Inget har skrivits. Välj "
                                 "om i Fortsync (Inställningar → Hämta igen) eller rätta inställningsfilen, och synka "
                                 "igen.",
    MessageKey.PROFILE_MISSING: "Profilen {profile} finns inte. Skapa den i Fortsync-appen eller med fortsync sync "
                                "--settings FIL.",
    MessageKey.GUARD_THRESHOLD: "Synkroniseringen stoppades innan något skrevs: den skulle ta bort eller avlänka "
                                "{count} poster, fler än gränsen {threshold}. Granska borttagningarna i Fortsync; "
                                "stämmer de, kör igen med --allow-removals.",
    MessageKey.GUARD_SIDE_EMPTY: "Synkroniseringen stoppades innan något skrevs: {side} listar inga {kind} alls, fast "
                                 "{linked} är länkade. Kontrollera att rätt konto är anslutet och att behörigheterna "
                                 "stämmer; kör sedan igen (med --allow-removals om kontot verkligen har tömts).",
    MessageKey.NETWORK: "{api} svarade inte, inte ens efter flera försök. Kontrollera internetanslutningen och försök "
                        "igen om en stund; det som redan skrivits är sparat.",
    MessageKey.SERVICE: "Något oväntat hände ({detail}). Försök igen; händer det igen, kontakta Fortsyncs support och "
                        "bifoga rapporten (fortsync report {run_id} --csv).",
    MessageKey.MATCHES_PENDING: "{count} möjliga dubbletter väntar på granskning och hoppades över i den här "
                                "körningen. Granska dem i Fortsync (Synka → Dubbletter) och synka igen.",
    ITEMS_FAILED: "Några poster kunde inte synkroniseras. Se vad som gick fel med fortsync report {run_id}, rätta "
                  "posterna i Upsales eller Fortnox och synka igen.",
    "secrets.unavailable": "Datorns lösenordshanterare (nyckelring) kunde inte användas ({detail}). Lås upp den "
                           "eller installera en, eller ange uppgifterna med FORTSYNC_*-miljövariablerna, och försök "
                           "igen.",
    "store.schema_too_new": "Databasen har uppgraderats av en nyare version av Fortsync. Installera den nyaste "
                            "versionen av Fortsync och försök igen.",
    "store.error": "Fortsyncs databas kunde inte öppnas ({detail}). Kontrollera FORTSYNC_DB_URL eller att disken "
                   "har plats och är skrivbar, och försök igen.",
    INTERRUPTED: "Körningen avbröts oväntat (programmet stängdes eller datorn stängdes av). Starta en ny "
                 "synkronisering; den fortsätter utan dubbletter.",
}

# Sharper sentences for some reasons the engine gives along with a key.
REASONS: dict[tuple[str, str], str] = {
    (MessageKey.UPSALES_AUTH, "no_token"): "Ingen API-nyckel för Upsales finns för profilen. Skapa en i Upsales "
                                           "(Inställningar → API-nycklar) och lägg in den i Fortsync (Inställningar "
                                           "→ Upsales) eller i FORTSYNC_UPSALES_TOKEN.",
    (MessageKey.FORTNOX_AUTH, "not_signed_in"): "Profilen är inte inloggad i Fortnox. Logga in i Fortnox från "
                                                "Fortsync (Inställningar → Fortnox), eller ange ett tjänstekonto med "
                                                "FORTSYNC_FORTNOX_CLIENT_ID, _CLIENT_SECRET och _TENANT_ID.",
    (MessageKey.FORTNOX_AUTH, "no_client"): "Fortnox-appens klient-id eller hemlighet saknas. Ange dem i Fortsync "
                                            "(Inställningar → Fortnox) eller med FORTSYNC_FORTNOX_CLIENT_ID och "
                                            "FORTSYNC_FORTNOX_CLIENT_SECRET.",
    (MessageKey.FORTNOX_AUTH, "fortnox.invalid_client"): "Fortnox känner inte igen Fortsyncs app-registrering "
                                                         "(klient-id eller hemlighet). Kontrollera profilens "
                                                         "Fortnox-inställningar eller FORTSYNC_FORTNOX_CLIENT_ID och "
                                                         "FORTSYNC_FORTNOX_CLIENT_SECRET.",
}

# Why one record was skipped, failed or unlinked (the audit trail's ``error_key``), and what to do about it.
ITEM_REASONS: dict[str, str] = {
    "matches.pending": "Kunden kan vara en dubblett av ett befintligt företag och väntar på granskning i Fortsync.",
    "document.skip_sync": "Affären är markerad \"Synka inte till Fortnox\" i Upsales.",
    "document.excluded_stage": "Affären vanns i en fas som inte ska till Fortnox.",
    "document.other_document": "Affären har redan ett annat Fortnox-dokument; inget nytt skapas.",
    "document.no_company": "Affären saknar företag i Upsales. Koppla den till ett företag och synka igen.",
    "document.customer_not_linked": "Kunden finns inte som företag i Upsales än; dokumentet tas med när kunden "
                                    "har synkats.",
    "document.customer_waiting": "Kunden väntar på granskning av en möjlig dubblett; dokumentet tas med när den är "
                                 "avgjord.",
    "document.no_product_rows": "Ingen rad har en artikel som finns som produkt i Upsales.",
    "document.credit_invoice": "Kreditfakturor förs inte över som försäljning.",
    "document.stamp_deal_missing": "Dokumentet skapades av Fortsync för en affär som har tagits bort i Upsales.",
    "document.stamp_taken": "Affären är redan kopplad till ett annat dokument av samma slag.",
    "document.customer_failed": "Kunden kunde inte skapas i Fortnox; se felet för kunden, rätta det och synka "
                                "igen.",
    "document.won_before_cutoff": "Affären vanns före dagen då vunna affärer börjar skickas till Fortnox "
                                  "(send_won_since); den har troligen redan fakturerats.",
    "document.deal_missing": "Affären har tagits bort i Upsales; Fortnox-dokumentet finns kvar.",
    "document.link_conflict": "Dokumentet eller affären är redan kopplad till en annan post; kontrollera kopplingen "
                              "i Fortsync.",
    "document.number_not_found": "Affären anger ett dokumentnummer som inte finns i Fortnox. Rätta eller töm "
                                 "numret i Upsales och synka igen.",
    "deletion.fortnox_customer_deleted": "Kunden togs bort i Fortnox: kundnumret togs bort från företaget, som "
                                         "väntar på ditt beslut under Borttagningar.",
    "deletion.upsales_company_deleted": "Företaget togs bort i Upsales: kopplingen togs bort, kunden finns kvar i "
                                        "Fortnox.",
    "product.article_deleted": "Artikeln togs bort i Fortnox: produkten gjordes inaktiv i Upsales.",
    "conflict.open": "Fältet ändrades på båda sidor till olika värden och väntar på ditt beslut under Konflikter; "
                     "inget skrivs över.",
    "conflict.resolution_applied": "Ditt val under Konflikter skrevs över det andra systemets värde.",
    "link.filled_empty_field": "Fältet var tomt på ena sidan och fylldes i från den andra när posterna länkades.",
    "link.org_no": "Samma organisationsnummer på båda sidor: länkades i stället för att skapas igen.",
    "link.customer_number": "Företaget har redan kundnumret: länkades i stället för att skapas igen.",
    "link.accepted_match": "Du godkände dubbletten: posterna länkades.",
    "link.article_number": "En produkt med samma artikelnummer fanns redan: den länkades i stället för att skapas "
                           "igen.",
    "link.stamp": "Dokumentet skapades av Fortsync för den här affären: länkades, skapades inte igen.",
    "link.document_number": "Affären har redan dokumentnumret: länkades i stället för att skapas igen.",
    "link.order_from_offer": "Ordern gjordes redan av offerten i Fortnox: länkades, skapades inte igen.",
    "company.link_conflict": "Företaget är redan kopplat till en annan kund; kontrollera kopplingen i Fortsync.",
    "company.customer_number_restored": "Kundnumret saknades på företaget i Upsales och skrevs tillbaka.",
    "document.number_restored": "Dokumentnumret saknades på affären i Upsales och skrevs tillbaka.",
    "document.company_missing": "Affärens företag finns inte längre i Upsales. Koppla affären till ett företag och "
                                "synka igen.",
    "document.offer_before_cutoff": "Affären lades i offertfasen före dagen då affärer börjar skickas till Fortnox "
                                    "(send_won_since).",
    "plan.dependency_failed": "Ett tidigare steg som den här posten behövde misslyckades; se det felet.",
}


def item_reason(key: str | None, text: str | None = None) -> str:
    """The Swedish reason for one audit line: the sentence for its key, else what the service said."""
    return ITEM_REASONS.get(key or "") or safe(text or "")


INTERRUPTED_HINT = "Avbryter efter pågående åtgärd … (tryck Ctrl+C igen för att avbryta direkt)"


class _Args(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def safe(text: str) -> str:
    return redact(text)


def message(key: str | None, args: Mapping[str, Any] | None = None) -> str | None:
    """The Swedish sentence for a message key, or None for no key."""
    if not key:
        return None
    args = dict(args or {})
    reason = args.get("reason")
    template = REASONS.get((key, str(reason))) or MESSAGES.get(key)
    if template is None:
        return safe(f"Synkroniseringen slutade med koden {key}. Försök igen; händer det igen, kontakta Fortsyncs "
                    "support.")
    values = _Args({name: _arg_text(name, value) for name, value in args.items()})
    return safe(string.Formatter().vformat(template, (), values))


# Why a setting cannot be used (engine.validate, from preflight.settings_problems).
SETTING_PROBLEMS = {
    "settings.won_stage.missing": "fasen finns inte (längre) i Upsales",
    "settings.won_stage.not_100": "fasen har inte 100 % sannolikhet; skapa eller välj en 100 %-fas i Upsales",
    "settings.won_stage.excluded": "fasen är undantagen från säljtavlan",
    "settings.lost_stage.missing": "fasen finns inte (längre) i Upsales",
    "settings.lost_stage.same_as_won": "den är samma fas som Vunnen order fas",
    "settings.lost_stage.not_0": "fasen har inte 0 % sannolikhet",
    "settings.offer_stage.missing": "fasen finns inte (längre) i Upsales",
    "settings.offer_stage.same_as_other": "den är samma fas som vunnen eller förlorad order",
    "settings.offer_stage.not_open": "fasen måste ha en sannolikhet mellan 1 och 99 %",
    "settings.offer_stage.excluded": "fasen är undantagen från säljtavlan",
    "settings.fallback_user.missing": "användaren finns inte (längre) i Upsales",
    "settings.fallback_user.inactive": "användaren är inaktiv i Upsales",
    "settings.price_list.missing": "prislistan finns inte i Fortnox",
}


def _arg_text(name: str, value: Any) -> str:
    if name == "setting":
        return SETTING_NAMES.get(str(value), str(value))
    if name == "problem":
        return SETTING_PROBLEMS.get(str(value), str(value))
    if name == "missing" and isinstance(value, list | tuple):
        return ", ".join(SETTING_NAMES.get(str(v), str(v)) for v in value)
    if name in ("api", "side"):
        return SERVICE_NAMES.get(str(value), str(value))
    if name == "kind":
        return KIND_PLURAL.get(str(value), str(value))
    return str(value)


def summary_message(summary: RunSummary) -> str | None:
    args = dict(summary.message_args)
    args.setdefault("run_id", summary.run_id)
    if summary.message_key == MessageKey.MATCHES_PENDING:
        args.setdefault("count", summary.pending_matches)
    return message(summary.message_key, args)


def status_line(summary: RunSummary) -> str:
    what = "Provkörningen" if summary.dry_run else "Synkroniseringen"
    run = f" (körning {summary.run_id})" if summary.run_id is not None else ""
    done = {"ok": "klar", "stopped": "stoppad", "failed": "misslyckades"}.get(summary.status, summary.status)
    return f"{what}{run}: {done} på {format_seconds(summary.duration_s)}."


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def format_seconds(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s".replace(".", ",")
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s"


def counts_table(summary: RunSummary, indent: str = "  ") -> list[str]:
    """One line per kind: what was done (or, in a dry run, what would be done)."""
    names = PLAN_NAMES if summary.dry_run else COUNT_NAMES
    lines = []
    for kind, counts in summary.counts.items():
        parts = [f"{n} {names.get(key, key)}" for key, n in counts.items() if n]
        what = ", ".join(parts) if parts else "inget att göra"
        lines.append(f"{indent}{KIND_NAMES.get(kind, kind) + ':':<17} {what}")
    if not lines:
        lines.append(f"{indent}Inget att göra.")
    return lines


def requests_text(requests: Mapping[str, int]) -> str:
    return f"{requests.get('fortnox', 0)} anrop till Fortnox, {requests.get('upsales', 0)} till Upsales"


def human_summary(summary: RunSummary) -> str:
    lines = [status_line(summary)]
    if summary.dry_run:
        lines.append("Inget skrevs. Så här skulle synkroniseringen göra:")
    lines += counts_table(summary)
    extra = []
    if summary.conflicts:
        extra.append(plural(summary.conflicts, "konflikt", "konflikter")
                     + " (båda sidor ändrade samma fält) väntar på granskning")
    if summary.pending_deletions:
        extra.append(plural(summary.pending_deletions, "borttagning", "borttagningar") + " väntar på bekräftelse")
    if summary.pending_matches:
        extra.append(plural(summary.pending_matches, "möjlig dubblett", "möjliga dubbletter")
                     + " väntar på granskning")
    if extra:
        lines.append("Att granska i Fortsync: " + "; ".join(extra) + ".")
    lines.append(f"Anrop: {requests_text(summary.requests)}.")
    text = summary_message(summary)
    if text:
        lines.append(text)
    return safe("\n".join(lines))


class Progress:
    """The observer behind the progress bar: ``[Företag/kunder] ██████░░░░ 120/300  skapade 5 · fel 0``, redrawn at
    most ten times a second on a terminal; quiet when ``stream`` is not a terminal (piped, cron)."""

    WIDTH = 24

    def __init__(self, stream: TextIO | None = None, *, enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = _isatty(self.stream) if enabled is None else enabled
        self.phase: Phase | None = None
        self.done = 0
        self.total = 0
        self.counts: dict[str, int] = {}
        self._last_draw = 0.0
        self._width = 0

    def on_phase(self, phase: Phase) -> None:
        self.phase, self.done, self.total = phase, 0, 0
        self._draw(force=True)

    def on_progress(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        self._draw()

    def on_item(self, item: ItemEvent) -> None:
        if item.outcome is Outcome.FAILED:
            key = "fel"
        elif item.outcome is Outcome.SKIPPED:
            key = "hoppade över"
        else:
            key = {"create": "skapade", "update": "uppdaterade", "link": "länkade", "unlink": "avlänkade",
                   "delete": "borttagna"}.get(str(item.action), str(item.action))
        self.counts[key] = self.counts.get(key, 0) + 1
        self._draw()

    def on_conflict(self, conflict: ConflictEvent) -> None:
        self.counts["konflikter"] = self.counts.get("konflikter", 0) + 1
        self._draw()

    def line(self) -> str:
        name = PHASE_NAMES.get(self.phase, str(self.phase)) if self.phase else "Startar"
        parts = [f"[{name}]"]
        if self.total:
            filled = min(self.WIDTH, self.WIDTH * self.done // self.total)
            parts.append("█" * filled + "░" * (self.WIDTH - filled) + f" {self.done}/{self.total}")
        if self.counts:
            parts.append(" · ".join(f"{k} {n}" for k, n in self.counts.items()))
        return "  ".join(parts)

    def _draw(self, *, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last_draw < 0.1:
            return
        self._last_draw = now
        text = self.line()[: max(20, shutil.get_terminal_size().columns - 1)]  # a wrapped line cannot be redrawn
        pad = max(0, self._width - len(text))
        self._width = len(text)
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()

    def close(self) -> None:
        """Clear the bar so the summary starts on a clean line."""
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0

    def note(self, text: str) -> None:
        """A line of its own above the bar (e.g. the Ctrl-C hint)."""
        self.close()
        print(safe(text), file=self.stream, flush=True)
        self._draw(force=True)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
