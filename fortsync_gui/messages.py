"""Every sentence Fortsync shows about a run, in one place: the Swedish text for each run-level message key
(:class:`MessageKey`: why a run stopped, or what the user should do) and for each per-record reason key
(:class:`ReasonKey`: why one record was skipped, failed or changed), plus the Swedish names of kinds, counts, phases,
settings and services.

The CLI (:mod:`fortsync_gui.cli_output`) and the GUI (:mod:`fortsync_gui.gui.names`) both render from here, so the
app and ``fortsync`` never explain the same thing differently. No Qt and no engine here (the engine imports
:class:`MessageKey` from this module); every rendered text passes the redactor.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

from fortsync_gui.clients.redact import redact


class MessageKey(StrEnum):
    """Why a run stopped or what the user should do (a run's ``message_key``, a ``StopRun``'s key, an error's
    ``message_key``). Each member has a Swedish sentence in :data:`MESSAGES`; its arguments are in
    :data:`MESSAGE_ARGS`."""

    LOCKED = "run.locked"  # another run of this profile is going on
    CANCELLED = "run.cancelled"
    UPSALES_AUTH = "auth.upsales"  # wrong or revoked API key: create a new one
    FORTNOX_AUTH = "auth.fortnox"  # sign-in expired or revoked: sign in to Fortnox again
    FORTNOX_PERMISSION = "auth.fortnox_permission"  # a licence or scope is missing
    PRICE_LIST_MISSING = "settings.price_list_missing"
    SETTINGS_INCOMPLETE = "settings.incomplete"
    GUARD_THRESHOLD = "guard.threshold"  # too many deletions at once: review before anything is written
    GUARD_SIDE_EMPTY = "guard.side_empty"  # a side that had linked records now lists none
    NETWORK = "network"  # a service did not answer after retries
    SERVICE = "service"  # an unexpected answer from a service
    MATCHES_PENDING = "matches.pending"  # duplicate suggestions wait for the user (the run went on without them)
    ITEMS_FAILED = "run.items_failed"  # every phase ran, but some records failed
    INTERRUPTED = "run.interrupted"  # the process died during the run (set by the store at the next start)
    SETTINGS_INVALID = "settings.invalid"  # a setting names something that does not exist or cannot be used
    PROFILE_MISSING = "profile.missing"  # the engine was asked to run a profile that does not exist
    OTHER_INSTALLATION = "run.other_installation"  # another installation syncs this tenant pair (its marker is there)
    PROFILE_DRAFT = "profile.draft"  # the profile is a draft the wizard saved before it was finished: never synced
    DECISION_NOT_FOUND = "decision.not_found"  # not this profile's, or gone meanwhile (e.g. its link went)
    DECISION_ALREADY_APPLIED = "decision.already_applied"  # a run wrote the chosen value already
    DECISION_NOT_OPEN = "decision.not_open"  # decided or carried out already
    DECISION_MATCH_TAKEN = "decision.match_taken"  # one of the two records is matched with another already
    UNCERTAIN_WRITES = "run.uncertain_writes"  # writes whose outcome is unknown (the connection broke mid-write)
    SECRETS_UNAVAILABLE = "secrets.unavailable"  # SecretStoreError: the OS keyring cannot be used
    STORE_ERROR = "store.error"  # StoreError: the database cannot be opened or used
    STORE_SCHEMA_TOO_NEW = "store.schema_too_new"  # SchemaTooNew: migrated by a newer Fortsync
    STORE_DRIVER_MISSING = "store.driver_missing"  # DriverMissing: FORTSYNC_DB_URL names a database without its driver
    STORE_PROFILE_EXISTS = "store.profile_exists"  # ProfileExists
    STORE_PROFILE_NOT_FOUND = "store.profile_not_found"  # ProfileNotFound
    STORE_LINK_CONFLICT = "store.link_conflict"  # LinkConflict
    STORE_MATCH_CONFLICT = "store.match_conflict"  # MatchConflict
    STORE_LOCK_NOT_HELD = "store.lock_not_held"  # LockNotHeld
    STORE_INVALID_TRANSITION = "store.invalid_transition"  # InvalidTransition
    STORE_READ_ONLY = "store.read_only"  # the database file (or its folder) cannot be written to
    STORE_UNVERSIONED = "store.unversioned"  # tables without a migration version: copied once, then migrated
    SECRETS_INSECURE = "secrets.insecure"  # the keyring backend would keep secrets in clear (or not at all)
    INSECURE_URL = "settings.insecure_url"  # a service address that is not https (nor the local sandbox)
    RATE_LIMITED = "service.rate_limited"  # still rate limited after every pause: try later
    UNREADABLE_ANSWER = "service.unreadable"  # a service answered something that is not what it documents


class ReasonKey(StrEnum):
    """Why one record was skipped, failed, unlinked or changed (an audit line's ``error_key``). Each member has a
    Swedish sentence in :data:`ITEM_REASONS`."""

    MATCHES_PENDING = "matches.pending"  # the company may be a duplicate and waits for review
    SKIP_SYNC = "document.skip_sync"  # R14: the deal's "Synka inte till Fortnox" is set
    EXCLUDED_STAGE = "document.excluded_stage"  # won in a stage excluded from the pipeline
    OTHER_DOCUMENT = "document.other_document"  # the deal already carries another Fortnox document's number
    NO_COMPANY = "document.no_company"
    CUSTOMER_NOT_LINKED = "document.customer_not_linked"  # no Upsales company for the customer (yet)
    CUSTOMER_WAITING = "document.customer_waiting"  # the customer waits for a duplicate decision
    NO_PRODUCT_ROWS = "document.no_product_rows"  # no row has an article linked to an Upsales product
    CREDIT_INVOICE = "document.credit_invoice"
    STAMP_DEAL_MISSING = "document.stamp_deal_missing"  # stamped by Fortsync, but the Upsales deal is gone
    STAMP_TAKEN = "document.stamp_taken"  # stamped for a deal linked to another document of this kind
    CUSTOMER_FAILED = "document.customer_failed"  # the Fortnox customer could not be created
    WON_BEFORE_CUTOFF = "document.won_before_cutoff"  # won before the profile's send_won_since day
    OFFER_BEFORE_CUTOFF = "document.offer_before_cutoff"  # entered the offer stage before the send_won_since day
    DEAL_MISSING = "document.deal_missing"  # the linked Upsales deal was deleted
    LINK_CONFLICT = "document.link_conflict"  # the document or the deal is linked to another record already
    NUMBER_NOT_FOUND = "document.number_not_found"  # the deal carries a document number Fortnox does not know
    FORTNOX_CUSTOMER_DELETED = "deletion.fortnox_customer_deleted"
    UPSALES_COMPANY_DELETED = "deletion.upsales_company_deleted"
    ARTICLE_DELETED = "product.article_deleted"
    CONFLICT_OPEN = "conflict.open"  # both sides changed the field: it waits for the user's decision
    RESOLUTION_APPLIED = "conflict.resolution_applied"  # the user's choice in Konflikter was written
    FIRST_LINK_FILLED = "link.filled_empty_field"  # at the first link, a field empty on one side was filled
    DEPENDENCY_FAILED = "plan.dependency_failed"  # an earlier action this one needed failed
    LINK_ORG_NO = "link.org_no"  # linked at the first import: the same organisation number on both sides
    LINK_CUSTOMER_NUMBER = "link.customer_number"  # the company carries the customer number already
    LINK_ACCEPTED_MATCH = "link.accepted_match"  # the user accepted the possible duplicate
    LINK_ARTICLE_NUMBER = "link.article_number"  # a product with the article number existed already
    LINK_STAMP = "link.stamp"  # a document Fortsync made for this deal (its stamp): linked, not created again
    LINK_DOCUMENT_NUMBER = "link.document_number"  # the deal carries the document's number already
    LINK_ORDER_FROM_OFFER = "link.order_from_offer"  # the order was made from the deal's offer in Fortnox
    COMPANY_LINK_CONFLICT = "company.link_conflict"  # the company is linked to another customer already
    CUSTOMER_NUMBER_RESTORED = "company.customer_number_restored"  # the company lost its FORTNOX_CUSTOMER_ID
    DOCUMENT_NUMBER_RESTORED = "document.number_restored"  # the deal lost its document number
    COMPANY_MISSING = "document.company_missing"  # the deal's company was deleted in Upsales
    COMPANY_DELETION_PENDING = "document.company_deletion_pending"  # R8: its customer is gone, the user decides first
    UNCERTAIN_WRITE = "write.uncertain"  # sent, the answer lost: it may have taken effect; looked up, never repeated
    UNCERTAIN_CHECKING = "write.checking"  # an earlier attempt's outcome is still being checked: not created again


# "order" is both singular and plural in Swedish, in running text and in counts and lists alike (never "ordrar").
KIND_NAMES = {"company": "Företag/kunder", "product": "Produkter", "invoice": "Fakturor", "order": "Order",
              "offer": "Offerter"}
KIND_PLURAL = {"company": "företag/kunder", "product": "artiklar", "invoice": "fakturor", "order": "order",
               "offer": "offerter"}
# A number of records of a kind, singular and plural: "1 produkt", "31 produkter", "1 order", "23 order".
KIND_COUNTED = {"company": ("företag", "företag"), "product": ("produkt", "produkter"),
                "invoice": ("faktura", "fakturor"), "order": ("order", "order"), "offer": ("offert", "offerter"),
                "record": ("post", "poster")}
# What happened to a number of records, in agreement with it: "1 skapad", "2 skapade", "1 borttagen", "2 borttagna".
COUNT_FORMS = {"created": ("skapad", "skapade"), "updated": ("uppdaterad", "uppdaterade"),
               "linked": ("länkad", "länkade"), "skipped": ("hoppades över", "hoppades över"),
               "failed": ("misslyckades", "misslyckades"), "unlinked": ("avlänkad", "avlänkade"),
               "deleted": ("borttagen", "borttagna"), "unchanged": ("oförändrad", "oförändrade")}
COUNT_NAMES = {key: many for key, (_, many) in COUNT_FORMS.items()}  # the plural forms (a column heading, a list)
# A run's stored counts are keyed by action (store.runs.count_key); a summary's by the forms above.
ACTION_COUNTS = {"create": "created", "update": "updated", "link": "linked", "skip": "skipped", "failed": "failed",
                 "unlink": "unlinked", "delete": "deleted", "unchanged": "unchanged"}
PLAN_NAMES = {"created": "skapas", "updated": "uppdateras", "linked": "länkas", "skipped": "hoppas över",
              "failed": "misslyckas", "unlinked": "avlänkas", "deleted": "tas bort", "unchanged": "oförändrade"}
PHASE_NAMES = {"prepare": "Förbereder", "matching": "Dubblettkontroll", "companies": "Företag/kunder",
               "products": "Produkter", "documents": "Fakturor/order/offerter", "deletions": "Borttagningar",
               "finish": "Avslutar"}  # keyed by the engine's Phase values
SERVICE_NAMES = {"fortnox": "Fortnox", "upsales": "Upsales"}
# The synced fields (the engine's canonical names: engine.company_map, engine.plan.product_rules) as users see them
# in Fortnox's Swedish interface. Conflicts, decisions and the audit trail name fields with these.
FIELD_LABELS = {
    "name": "Namn", "org_no": "Organisationsnummer", "phone": "Telefon", "website": "Webbplats", "email": "E-post",
    "vat_number": "VAT-nummer",
    "mail_address": "Adress", "mail_zip": "Postnummer", "mail_city": "Ort", "mail_country": "Land",
    "visit_address": "Besöksadress", "visit_zip": "Besökspostnummer", "visit_city": "Besöksort",
    "visit_country": "Besöksland",
    "delivery_address": "Leveransadress", "delivery_zip": "Leveranspostnummer", "delivery_city": "Leveransort",
    "delivery_country": "Leveransland",
    "article_no": "Artikelnummer", "active": "Aktiv", "purchase_cost": "Inköpspris", "list_price": "Pris",
}
# Fortnox's API names for the same fields (and others its error messages name), as its Swedish interface labels
# them: "Värdet i fältet ZipCode …" reaches the user as "Värdet i fältet Postnummer …".
FORTNOX_FIELD_LABELS = {
    "Name": "Namn", "OrganisationNumber": "Organisationsnummer", "Phone1": "Telefon", "Phone2": "Telefon 2",
    "WWW": "Webbplats", "Email": "E-post", "EmailInvoice": "E-post för faktura", "VATNumber": "VAT-nummer",
    "Address1": "Adress", "Address2": "Adress 2", "ZipCode": "Postnummer", "City": "Ort", "CountryCode": "Land",
    "Country": "Land",
    "VisitingAddress": "Besöksadress", "VisitingZipCode": "Besökspostnummer", "VisitingCity": "Besöksort",
    "VisitingCountryCode": "Besöksland", "VisitingCountry": "Besöksland",
    "DeliveryAddress1": "Leveransadress", "DeliveryAddress2": "Leveransadress 2",
    "DeliveryZipCode": "Leveranspostnummer",
    "DeliveryCity": "Leveransort", "DeliveryCountryCode": "Leveransland", "DeliveryCountry": "Leveransland",
    "DeliveryName": "Leveransnamn",
    "CustomerNumber": "Kundnummer", "OurReference": "Vår referens", "YourReference": "Er referens",
    "Currency": "Valuta", "PriceList": "Prislista", "TermsOfPayment": "Betalningsvillkor",
    "ArticleNumber": "Artikelnummer", "Description": "Benämning", "PurchasePrice": "Inköpspris", "Price": "Pris",
    "Unit": "Enhet", "Active": "Aktiv", "VAT": "Moms", "DeliveredQuantity": "Levererat antal",
    "OrderedQuantity": "Beställt antal", "Quantity": "Antal", "Discount": "Rabatt",
    "InvoiceDate": "Fakturadatum", "OrderDate": "Orderdatum", "OfferDate": "Offertdatum", "DueDate": "Förfallodatum",
    "DeliveryDate": "Leveransdatum", "ExpireDate": "Giltig till", "Comments": "Kommentarer", "Remarks": "Kommentar",
}
_FORTNOX_FIELD = re.compile(r"\b(" + "|".join(sorted(FORTNOX_FIELD_LABELS, key=len, reverse=True)) + r")\b")
# The settings as the help article and the settings page name them, with the settings file's key.
SETTING_NAMES = {"module": "Modul att synka (module)", "won_stage_id": "Vunnen order fas (won_stage_id)",
                 "lost_stage_id": "Förlorad order fas (lost_stage_id)", "offer_stage_id": "Offertfas (offer_stage_id)",
                 "fallback_user_id": "Uppsamlingsanvändare (fallback_user_id)", "price_list": "Prislista (price_list)"}
MODULE_NAMES = {"invoice": "bara faktura", "order": "bara order", "order_offer": "order & offert"}
STATUS_NAMES = {"ok": "ok", "failed": "misslyckades", "stopped": "stoppad", "running": "pågår",
                "interrupted": "avbruten"}
ACTION_NAMES = {"create": "skapa", "update": "uppdatera", "link": "länka", "unlink": "avlänka", "delete": "ta bort",
                "skip": "hoppa över", "conflict": "konflikt"}
OUTCOME_NAMES = {"ok": "klar", "failed": "misslyckades", "skipped": "hoppades över", "planned": "planerad"}

# The arguments each message key's sentence uses (``{name}`` in the text). Missing ones print as "?".
MESSAGE_ARGS: dict[MessageKey, tuple[str, ...]] = {
    MessageKey.LOCKED: (),
    MessageKey.CANCELLED: (),
    MessageKey.UPSALES_AUTH: (),  # "reason" picks a sharper sentence (REASONS)
    MessageKey.FORTNOX_AUTH: (),  # "reason" picks a sharper sentence (REASONS)
    MessageKey.FORTNOX_PERMISSION: ("detail",),
    MessageKey.PRICE_LIST_MISSING: ("price_list",),
    MessageKey.SETTINGS_INCOMPLETE: ("missing",),  # a list of setting keys
    MessageKey.GUARD_THRESHOLD: ("count", "threshold"),
    MessageKey.GUARD_SIDE_EMPTY: ("side", "kind", "linked"),
    MessageKey.NETWORK: ("api",),
    MessageKey.SERVICE: ("detail", "run_id"),
    MessageKey.MATCHES_PENDING: ("count",),
    MessageKey.ITEMS_FAILED: ("run_id",),
    MessageKey.INTERRUPTED: (),
    MessageKey.SETTINGS_INVALID: ("setting", "value", "problem"),  # a setting key, its value, why it cannot be used
    MessageKey.PROFILE_MISSING: ("profile",),
    MessageKey.OTHER_INSTALLATION: ("installation",),
    MessageKey.PROFILE_DRAFT: ("profile",),
    MessageKey.DECISION_NOT_FOUND: (),
    MessageKey.DECISION_ALREADY_APPLIED: ("label", "field"),
    MessageKey.DECISION_NOT_OPEN: ("label",),
    MessageKey.DECISION_MATCH_TAKEN: ("label",),
    MessageKey.UNCERTAIN_WRITES: ("count", "run_id"),
    MessageKey.SECRETS_UNAVAILABLE: ("detail",),
    MessageKey.STORE_ERROR: ("detail",),
    MessageKey.STORE_SCHEMA_TOO_NEW: (),
    MessageKey.STORE_DRIVER_MISSING: ("detail",),
    MessageKey.STORE_PROFILE_EXISTS: (),
    MessageKey.STORE_PROFILE_NOT_FOUND: (),
    MessageKey.STORE_LINK_CONFLICT: (),
    MessageKey.STORE_MATCH_CONFLICT: (),
    MessageKey.STORE_LOCK_NOT_HELD: (),
    MessageKey.STORE_INVALID_TRANSITION: (),
    MessageKey.STORE_READ_ONLY: ("detail",),
    MessageKey.STORE_UNVERSIONED: ("backup",),
    MessageKey.SECRETS_INSECURE: ("detail",),
    MessageKey.INSECURE_URL: ("api", "url"),
    MessageKey.RATE_LIMITED: ("api",),
    MessageKey.UNREADABLE_ANSWER: ("api", "request"),
}

# One sentence per message key that says what to do.
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
    MessageKey.GUARD_THRESHOLD: "Synkroniseringen stoppades innan något skrevs: den skulle ta bort eller avlänka "
                                "{count} poster, fler än gränsen {threshold}. Granska borttagningarna i Fortsync; "
                                "stämmer de, kör igen med --allow-removals.",
    MessageKey.GUARD_SIDE_EMPTY: "Synkroniseringen stoppades innan något skrevs: {side} listar inga {kind} alls, fast "
                                 "{linked} är länkade. Kontrollera att rätt konto är anslutet och att behörigheterna "
                                 "stämmer; kör sedan igen (med --allow-removals om kontot verkligen har tömts).",
    MessageKey.NETWORK: "{api} svarade inte, inte ens efter flera försök. Kontrollera internetanslutningen och försök "
                        "igen om en stund. Det som hann skrivas är sparat; en skrivning vars svar aldrig kom fram "
                        "kontrolleras vid nästa synkronisering innan den görs igen.",
    MessageKey.SERVICE: "Något oväntat hände ({detail}). Försök igen; händer det igen, kontakta Fortsyncs support och "
                        "bifoga rapporten (fortsync report {run_id} --csv).",
    MessageKey.MATCHES_PENDING: "{count} möjliga dubbletter väntar på granskning och hoppades över i den här "
                                "körningen. Granska dem i Fortsync (Synka → Dubbletter) och synka igen.",
    MessageKey.ITEMS_FAILED: "Några poster kunde inte synkroniseras. Se vad som gick fel med fortsync report "
                             "{run_id}, rätta posterna i Upsales eller Fortnox och synka igen.",
    MessageKey.INTERRUPTED: "Körningen avbröts oväntat (programmet stängdes eller datorn stängdes av). Starta en ny "
                            "synkronisering; den fortsätter utan dubbletter.",
    MessageKey.SETTINGS_INVALID: "Inställningen {setting} ({value}) går inte att använda: {problem}. Inget har "
                                 "skrivits. Välj om i Fortsync (Inställningar → Hämta igen) eller rätta "
                                 "inställningsfilen, och synka igen.",
    MessageKey.DECISION_NOT_FOUND: "Det du valde finns inte längre (en synkronisering kan ha ändrat det). Listan har "
                                   "lästs om; välj igen.",
    MessageKey.DECISION_ALREADY_APPLIED: "Konflikten för {label} ({field}) är redan avgjord och skriven av en "
                                         "synkronisering; den kan inte ändras längre.",
    MessageKey.DECISION_NOT_OPEN: "Beslutet om {label} är redan fattat eller utfört.",
    MessageKey.DECISION_MATCH_TAKEN: "{label} eller företaget den matchades med är redan kopplat till en annan "
                                     "post. Välj en annan dubblett eller skapa kunden som nytt företag.",
    MessageKey.OTHER_INSTALLATION: "En annan Fortsync-installation ({installation}) synkar redan de här Upsales- och "
                                   "Fortnox-kontona, och två installationer mot samma konton skapar dubbletter. "
                                   "Inget har skrivits. Stäng av synkroniseringen i den andra installationen; är det "
                                   "här samma företag på en ny dator eller med en ny databas, välj Ta över (fortsync "
                                   "sync --take-over) så länkas allt som redan finns, utan dubbletter.",
    MessageKey.PROFILE_MISSING: "Profilen {profile} finns inte. Skapa den i Fortsync-appen eller med fortsync sync "
                                "--settings FIL.",
    MessageKey.PROFILE_DRAFT: "Profilen {profile} är ett utkast: inställningarna är inte klara än, och ett utkast "
                              "synkas aldrig. Slutför dem i Fortsync-appen (Översikt → Slutför inställningarna…) och "
                              "synka sedan.",
    MessageKey.UNCERTAIN_WRITES: "Svaret på {count} skrivningar kom aldrig fram, så de kan ha gått igenom. Fortsync "
                                 "kontrollerar dem: nästa synkronisering letar upp dem i Upsales och Fortnox och gör "
                                 "dem inte igen förrän det är säkert att de saknas. Se vilka poster det gäller med "
                                 "fortsync report {run_id}.",
    MessageKey.SECRETS_UNAVAILABLE: "Datorns lösenordshanterare (nyckelring) kunde inte användas ({detail}). Lås upp "
                                    "den eller installera en, eller ange uppgifterna med FORTSYNC_*-miljövariablerna, "
                                    "och försök igen.",
    MessageKey.STORE_ERROR: "Fortsyncs databas kunde inte öppnas ({detail}). Kontrollera FORTSYNC_DB_URL eller att "
                            "disken har plats och är skrivbar, och försök igen.",
    MessageKey.STORE_DRIVER_MISSING: "Databasen i FORTSYNC_DB_URL kan inte öppnas: drivrutinen saknas ({detail}). För "
                                     "PostgreSQL installerar du Fortsync med tillägget postgres: pip install "
                                     "\"fortsync-gui[postgres]\". Eller ta bort FORTSYNC_DB_URL för att använda den "
                                     "inbyggda databasen.",
    MessageKey.STORE_SCHEMA_TOO_NEW: "Databasen har uppgraderats av en nyare version av Fortsync. Installera den "
                                     "nyaste versionen av Fortsync och försök igen.",
    MessageKey.STORE_PROFILE_EXISTS: "Det finns redan en profil med det namnet. Välj ett annat namn.",
    MessageKey.STORE_PROFILE_NOT_FOUND: "Profilen finns inte (längre); den kan ha tagits bort från en annan dator. "
                                        "Välj en profil som finns eller skapa en ny.",
    MessageKey.STORE_LINK_CONFLICT: "En av posterna är redan kopplad till en annan post av samma slag. Ta bort den "
                                    "kopplingen först, eller välj en annan post.",
    MessageKey.STORE_MATCH_CONFLICT: "En av posterna ingår redan i ett annat godkänt dubblettpar. Avvisa det paret "
                                     "först, eller välj ett annat par.",
    MessageKey.STORE_LOCK_NOT_HELD: "Synkroniseringen tappade sitt lås på profilen (en annan körning tog över efter "
                                    "en lång paus). Vänta tills den andra körningen är klar och synka igen.",
    MessageKey.STORE_INVALID_TRANSITION: "Det går inte att göra så med posten i dess nuvarande läge (till exempel "
                                         "att verkställa en borttagning som ingen har bekräftat). Uppdatera vyn och "
                                         "försök igen.",
    MessageKey.STORE_READ_ONLY: "Fortsyncs databas går inte att skriva till ({detail}). Kontrollera att filen och "
                                "mappen inte är skrivskyddade och att du har rätt att ändra dem, och försök igen.",
    MessageKey.STORE_UNVERSIONED: "Databasen saknade versionsuppgift och har uppgraderats; en kopia av den gamla "
                                  "finns i {backup}.",
    MessageKey.SECRETS_INSECURE: "Datorns lösenordshanterare saknas eller är inte säker ({detail}): Fortsync sparar "
                                 "inga nycklar i en vanlig fil. Installera och lås upp en lösenordshanterare (GNOME "
                                 "Nyckelring eller KWallet på Linux; Windows och macOS har en inbyggd), eller kör "
                                 "Fortsync på en server med ett tjänstekonto i Fortnox och nycklarna i "
                                 "FORTSYNC_*-miljövariablerna.",
    MessageKey.INSECURE_URL: "Fortsync skickar inga nycklar till {url} ({api}): bara https:// är tillåtet (http:// "
                             "bara till den egna datorn, för sandlådan). Inget har skickats. Rätta adressen i "
                             "profilens inställningar eller i FORTSYNC_*_URL och försök igen.",
    MessageKey.RATE_LIMITED: "{api} tar inte emot fler anrop just nu: för många anrop, även efter flera pauser. Det "
                             "som hann skrivas är sparat. Försök igen om en stund (om en kvart eller så); "
                             "synkroniseringen fortsätter där den slutade.",
    MessageKey.UNREADABLE_ANSWER: "{api} svarade med något som Fortsync inte kan läsa ({request}); ofta en felsida "
                                  "eller ett underhållsfönster hos {api}. Försök igen om en stund; händer det igen, "
                                  "kontakta {api}s support.",
}

# The sentence for a key when no run was started (no ``run_id``): no report to point at.
WITHOUT_RUN: dict[str, str] = {
    MessageKey.SERVICE: "Något oväntat hände ({detail}). Försök igen; händer det igen, kontakta Fortsyncs support.",
}

# Sharper sentences for some reasons the engine gives along with a key (the ``reason`` argument).
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
    (MessageKey.FORTNOX_AUTH, "fortnox.keyring_locked"): "Inloggningen i Fortnox behöver förnyas, men datorns "
                                                        "lösenordshanterare tar inte emot den nya inloggningen. Lås "
                                                        "upp lösenordshanteraren och försök igen. Inget har skickats "
                                                        "till Fortnox, så inloggningen är kvar.",
    (MessageKey.FORTNOX_AUTH, "fortnox.tokens_unsaved"): "Inloggningen i Fortnox förnyades, men den nya inloggningen "
                                                         "kunde inte sparas i datorns lösenordshanterare. Lås upp "
                                                         "lösenordshanteraren och försök igen: Fortsync håller den "
                                                         "nya inloggningen i minnet och sparar den då (i appen: "
                                                         "Försök spara igen). Stäng inte Fortsync innan dess.",
    (MessageKey.FORTNOX_AUTH, "fortnox.refresh_lost"): "Fortsync avbröts medan inloggningen i Fortnox förnyades "
                                                       "(programmet stängdes eller svaret från Fortnox kom aldrig "
                                                       "fram), så den nya inloggningen hann inte sparas och den gamla "
                                                       "gäller inte längre. Logga in i Fortnox igen: i appen med ett "
                                                       "klick (Logga in i Fortnox), annars under Inställningar → "
                                                       "Fortnox.",
    (MessageKey.FORTNOX_AUTH, "fortnox.invalid_client"): "Fortnox känner inte igen Fortsyncs app-registrering "
                                                         "(klient-id eller hemlighet). Kontrollera profilens "
                                                         "Fortnox-inställningar eller FORTSYNC_FORTNOX_CLIENT_ID och "
                                                         "FORTSYNC_FORTNOX_CLIENT_SECRET.",
}

# Why one record was skipped, failed, unlinked or changed (the audit trail's ``error_key``), and what to do about it.
ITEM_REASONS: dict[str, str] = {
    ReasonKey.MATCHES_PENDING: "Kunden kan vara en dubblett av ett befintligt företag och väntar på granskning i "
                               "Fortsync.",
    ReasonKey.SKIP_SYNC: "Affären är markerad \"Synka inte till Fortnox\" i Upsales.",
    ReasonKey.EXCLUDED_STAGE: "Affären vanns i en fas som inte ska till Fortnox.",
    ReasonKey.OTHER_DOCUMENT: "Affären har redan ett annat Fortnox-dokument; inget nytt skapas.",
    ReasonKey.NO_COMPANY: "Affären saknar företag i Upsales. Koppla den till ett företag och synka igen.",
    ReasonKey.CUSTOMER_NOT_LINKED: "Kunden finns inte som företag i Upsales än; dokumentet tas med när kunden har "
                                   "synkats.",
    ReasonKey.CUSTOMER_WAITING: "Kunden väntar på granskning av en möjlig dubblett; dokumentet tas med när den är "
                                "avgjord.",
    ReasonKey.NO_PRODUCT_ROWS: "Ingen rad har en artikel som finns som produkt i Upsales.",
    ReasonKey.CREDIT_INVOICE: "Kreditfakturor förs inte över som försäljning.",
    ReasonKey.STAMP_DEAL_MISSING: "Dokumentet skapades av Fortsync för en affär som har tagits bort i Upsales.",
    ReasonKey.STAMP_TAKEN: "Affären är redan kopplad till ett annat dokument av samma slag.",
    ReasonKey.CUSTOMER_FAILED: "Kunden kunde inte skapas i Fortnox; se felet för kunden, rätta det och synka igen.",
    ReasonKey.WON_BEFORE_CUTOFF: "Affären vanns före dagen då vunna affärer börjar skickas till Fortnox "
                                 "(send_won_since); den har troligen redan fakturerats.",
    ReasonKey.OFFER_BEFORE_CUTOFF: "Affären nådde offertfasen före dagen då affärer börjar skickas till Fortnox "
                                   "(send_won_since); ingen offert skapas för den.",
    ReasonKey.DEAL_MISSING: "Affären har tagits bort i Upsales; Fortnox-dokumentet finns kvar.",
    ReasonKey.LINK_CONFLICT: "Dokumentet eller affären är redan kopplad till en annan post; kontrollera kopplingen "
                             "i Fortsync.",
    ReasonKey.NUMBER_NOT_FOUND: "Affären anger ett dokumentnummer som inte finns i Fortnox. Rätta eller töm numret i "
                                "Upsales och synka igen.",
    ReasonKey.FORTNOX_CUSTOMER_DELETED: "Kunden togs bort i Fortnox: kundnumret togs bort från företaget, som väntar "
                                        "på ditt beslut under Borttagningar.",
    ReasonKey.UPSALES_COMPANY_DELETED: "Företaget togs bort i Upsales: kopplingen togs bort, kunden finns kvar i "
                                       "Fortnox.",
    ReasonKey.ARTICLE_DELETED: "Artikeln togs bort i Fortnox: produkten gjordes inaktiv i Upsales.",
    ReasonKey.CONFLICT_OPEN: "Fältet ändrades på båda sidor och väntar på ditt beslut under Konflikter; tills dess "
                             "skrivs det inte åt något håll.",
    ReasonKey.RESOLUTION_APPLIED: "Ditt val under Konflikter har skrivits.",
    ReasonKey.FIRST_LINK_FILLED: "När posterna kopplades ihop var fältet tomt på ena sidan; det fylldes i från den "
                                 "andra.",
    ReasonKey.DEPENDENCY_FAILED: "En tidigare åtgärd som den här behövde misslyckades; se felet för den, rätta det "
                                 "och synka igen.",
    ReasonKey.LINK_ORG_NO: "Samma organisationsnummer på båda sidor: posterna länkades i stället för att skapas igen.",
    ReasonKey.LINK_CUSTOMER_NUMBER: "Företaget har redan kundnumret: posterna länkades i stället för att skapas igen.",
    ReasonKey.LINK_ACCEPTED_MATCH: "Du godkände dubbletten: posterna länkades.",
    ReasonKey.LINK_ARTICLE_NUMBER: "En produkt med samma artikelnummer fanns redan: den länkades i stället för att "
                                   "skapas igen.",
    ReasonKey.LINK_STAMP: "Dokumentet skapades av Fortsync för den här affären: det länkades, inget skapades igen.",
    ReasonKey.LINK_DOCUMENT_NUMBER: "Affären har redan dokumentnumret: de länkades i stället för att skapas igen.",
    ReasonKey.LINK_ORDER_FROM_OFFER: "Ordern gjordes redan av offerten i Fortnox: den länkades, inget skapades igen.",
    ReasonKey.COMPANY_LINK_CONFLICT: "Företaget är redan kopplat till en annan kund i Fortnox; kontrollera "
                                     "kopplingen i Fortsync.",
    ReasonKey.CUSTOMER_NUMBER_RESTORED: "Kundnumret saknades på företaget i Upsales och skrevs tillbaka.",
    ReasonKey.DOCUMENT_NUMBER_RESTORED: "Dokumentnumret saknades på affären i Upsales och skrevs tillbaka.",
    ReasonKey.COMPANY_DELETION_PENDING: "Företagets kund togs bort i Fortnox och företaget väntar på ditt beslut under "
                                        "Borttagningar; ingen ny kund skapas innan dess.",
    ReasonKey.UNCERTAIN_WRITE: "Svaret kom aldrig fram, så det är oklart om posten skapades. Fortsync letar upp den "
                               "vid nästa synkronisering och skapar den aldrig två gånger.",
    ReasonKey.UNCERTAIN_CHECKING: "Ett tidigare försök att skapa posten fick inget svar. Fortsync kontrollerar om den "
                                  "kom fram innan den skapas igen (efter väntetiden).",
    ReasonKey.COMPANY_MISSING: "Affärens företag finns inte längre i Upsales. Koppla affären till ett företag och "
                               "synka igen.",
}

# Why a setting cannot be used (engine.validate's ``problem``; the keys of preflight.settings_problems).
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

# The sentences whose count is one, in agreement with it ("1 post", "1 möjlig dubblett väntar"): (key, argument).
SINGULAR: dict[tuple[str, str], str] = {
    (MessageKey.GUARD_THRESHOLD, "count"): "Synkroniseringen stoppades innan något skrevs: den skulle ta bort eller "
                                           "avlänka 1 post, fler än gränsen {threshold}. Granska borttagningen i "
                                           "Fortsync; stämmer den, kör igen med --allow-removals.",
    (MessageKey.GUARD_SIDE_EMPTY, "linked"): "Synkroniseringen stoppades innan något skrevs: {side} listar inga "
                                             "{kind} alls, fast 1 är länkad. Kontrollera att rätt konto är anslutet "
                                             "och att behörigheterna stämmer; kör sedan igen (med --allow-removals "
                                             "om kontot verkligen har tömts).",
    (MessageKey.MATCHES_PENDING, "count"): "1 möjlig dubblett väntar på granskning och hoppades över i den här "
                                           "körningen. Granska den i Fortsync (Synka → Dubbletter) och synka igen.",
    (MessageKey.UNCERTAIN_WRITES, "count"): "Svaret på 1 skrivning kom aldrig fram, så den kan ha gått igenom. "
                                            "Fortsync kontrollerar den: nästa synkronisering letar upp den i Upsales "
                                            "och Fortnox och gör den inte igen förrän det är säkert att den saknas. "
                                            "Se vilken post det gäller med fortsync report {run_id}.",
}

UNKNOWN_KEY = "Synkroniseringen slutade med koden {key}. Försök igen; händer det igen, kontakta Fortsyncs support."


class _Args(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def message(key: str | None, args: Mapping[str, Any] | None = None) -> str | None:
    """The Swedish sentence for a message key (redacted), or None for no key. An unknown key gets a sentence that
    names it; a missing argument shows as "?"."""
    if not key:
        return None
    args = dict(args or {})
    reason = args.get("reason")
    template = REASONS.get((key, str(reason))) or next(
        (text for (k, name), text in SINGULAR.items() if k == key and str(args.get(name)) == "1"), None) \
        or MESSAGES.get(key)
    if args.get("run_id") is None and key in WITHOUT_RUN:
        template = WITHOUT_RUN[key]
    if template is None:
        return redact(UNKNOWN_KEY.format(key=key))
    values = _Args({name: _arg_text(name, value) for name, value in args.items()})
    return redact(string.Formatter().vformat(template, (), values))


def _arg_text(name: str, value: Any) -> str:
    if name == "missing" and isinstance(value, list | tuple):
        return ", ".join(SETTING_NAMES.get(str(v), str(v)) for v in value)
    if name == "setting":
        return SETTING_NAMES.get(str(value), str(value))
    if name == "problem":
        return SETTING_PROBLEMS.get(str(value), str(value))
    if name in ("api", "side"):
        return SERVICE_NAMES.get(str(value), str(value))
    if name == "kind":
        return KIND_PLURAL.get(str(value), str(value))
    if name == "field":
        return field_label(str(value))
    return str(value)


def item_reason(key: str | None, text: str | None = None) -> str:
    """The Swedish reason for one audit line: the sentence for its key, else what the service said (redacted), with
    Fortnox's field names as its interface shows them."""
    said = text or ""
    if said[:7].lower() == "fortnox":  # "fortnox PUT /3/customers/1001 HTTP 400 kod 2000013: <what Fortnox said>"
        said = fortnox_fields(said)
    return ITEM_REASONS.get(key or "") or redact(said)


def field_label(field: str) -> str:
    """A synced field (the engine's canonical name, or Fortnox's API name) as users see it in Fortnox: "mail_zip" and
    "ZipCode" are both "Postnummer". An unknown field is shown as it is."""
    return FIELD_LABELS.get(field) or FORTNOX_FIELD_LABELS.get(field) or field


def fortnox_fields(text: str) -> str:
    """``text`` (what Fortnox said) with every API field name in it replaced by the label of Fortnox's interface."""
    return _FORTNOX_FIELD.sub(lambda found: FORTNOX_FIELD_LABELS[found.group(1)], text)


def counted(key: str, n: int) -> str:
    """A count and what happened to the records, in agreement: ``counted("deleted", 1)`` is "1 borttagen",
    ``counted("deleted", 2)`` "2 borttagna". ``key`` is a summary's key ("created") or a run's ("create")."""
    key = ACTION_COUNTS.get(key, key)
    one, many = COUNT_FORMS.get(key, (key, key))
    return f"{n} {one if n == 1 else many}"


def counted_kind(kind: str, n: int) -> str:
    """A number of records of a kind: "1 produkt", "31 produkter", "23 order", "1 post"."""
    one, many = KIND_COUNTED.get(kind, (kind, kind))
    return f"{n} {one if n == 1 else many}"


# What a run did, in plain words, per action: "skapade 41 företag och 31 produkter".
_DID = {"created": "skapade", "updated": "uppdaterade", "linked": "länkade", "unlinked": "avlänkade",
        "deleted": "tog bort"}
_KIND_ORDER = ("company", "product", "invoice", "order", "offer")


def run_in_words(counts: Mapping[str, Mapping[str, int]]) -> str:
    """What a run did, as a sentence: "Skapade 41 företag, 31 produkter och 42 order; uppdaterade 3 företag. 1 post
    kunde inte synkas." ``counts`` as a run stores them (kind -> action -> n) or as a summary has them."""
    totals: dict[str, dict[str, int]] = {}
    for kind, per_kind in counts.items():
        for key, n in per_kind.items():
            if n:
                key = ACTION_COUNTS.get(key, key)
                totals.setdefault(key, {})[kind] = totals.get(key, {}).get(kind, 0) + n
    ordered = sorted(set().union(*(d for d in totals.values())) if totals else set(),
                     key=lambda k: (_KIND_ORDER.index(k) if k in _KIND_ORDER else len(_KIND_ORDER), k))
    parts = []
    for key, verb in _DID.items():
        done = totals.get(key, {})
        if done:
            parts.append(f"{verb} {_and([counted_kind(kind, done[kind]) for kind in ordered if kind in done])}")
    text = (parts[0][:1].upper() + "; ".join(parts)[1:] + ".") if parts else "Inget behövde ändras."
    failed = sum(totals.get("failed", {}).values())
    if failed:
        text += f" {counted_kind('record', failed)} kunde inte synkas."
    return text


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " och " + items[-1]


class Summary(Protocol):
    """What :func:`summary_message` and :func:`status_line` read of the engine's ``RunSummary``."""

    run_id: int | None
    status: str
    dry_run: bool
    duration_s: float
    pending_matches: int
    message_key: str | None
    message_args: dict[str, Any]


def summary_message(summary: Summary) -> str | None:
    """The sentence for a run summary's message key, with the run's id and pending duplicates filled in."""
    args = dict(summary.message_args)
    args.setdefault("run_id", summary.run_id)
    if summary.message_key == MessageKey.MATCHES_PENDING:
        args.setdefault("count", summary.pending_matches)
    return message(summary.message_key, args)


def status_line(summary: Summary) -> str:
    """``Synkroniseringen (körning 7): klar på 3,2 s.``"""
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


def requests_text(requests: Mapping[str, int]) -> str:
    return f"{requests.get('fortnox', 0)} anrop till Fortnox, {requests.get('upsales', 0)} till Upsales"


# --- where a profile stands, in one line (the main window's overview; the tray and notifications can use it too) ------

MONTHS = ("jan", "feb", "mars", "apr", "maj", "juni", "juli", "aug", "sep", "okt", "nov", "dec")


def when(moment: datetime, now: datetime | None = None) -> str:
    """A moment as Swedish users read it, relative to ``now`` (both in this computer's time zone): "10.42" today,
    "i går 10.42", "i morgon 06.00", "24 nov 10.42", "24 nov 2025 10.42"."""
    local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone()
    today = (now or datetime.now(UTC)).astimezone().date()
    clock = f"{local.hour:02d}.{local.minute:02d}"
    day = local.date()
    if day == today:
        return clock
    if day == today - timedelta(days=1):
        return f"i går {clock}"
    if day == today + timedelta(days=1):
        return f"i morgon {clock}"
    year = "" if day.year == today.year else f" {day.year}"
    return f"{day.day} {MONTHS[day.month - 1]}{year} {clock}"


def days_text(days: float) -> str:
    """A number of days left: "i dag" under one, else "om 1 dag", "om 5 dagar"."""
    whole = int(days)
    if whole < 1:
        return "i dag"
    return f"om {whole} {'dag' if whole == 1 else 'dagar'}"


class StateLike(Protocol):
    """What :func:`profile_line` reads of ``engine.profile_state.ProfileState``."""

    running: bool
    last_run: Any
    waiting: Any
    sign_in: Any


def profile_line(state: StateLike, now: datetime | None = None) -> tuple[str, str]:
    """Where a profile stands, in one line, and how it stands: ``(level, text)`` with the level "ok", "attention",
    "error" or "info" ("Allt är synkat · senast 10.42", "3 saker väntar på dig", "Inloggningen i Fortnox går ut om 5
    dagar"). The most urgent thing wins; the rest is the details' to say."""
    if getattr(state, "draft", False):
        return "info", "Utkast: inställningarna är inte klara"
    if state.running:
        return "info", "Synkar nu …"
    sign_in = state.sign_in.status
    if sign_in == "keyring_unavailable":
        return "error", "Lösenordshanteraren kan inte läsas"
    if sign_in == "expired":
        return "error", "Inloggningen i Fortnox har gått ut – logga in igen"
    if sign_in == "missing":
        return "error", "API-nyckeln eller inloggningen i Fortnox saknas"
    last = state.last_run
    status = str(getattr(last.status, "value", last.status)) if last is not None else None
    if last is not None and status in ("failed", "interrupted"):
        return "error", f"Senaste synken misslyckades · {when(last.started_at, now)}"
    waiting = state.waiting.total
    if waiting:
        return "attention", f"{waiting} {'sak väntar' if waiting == 1 else 'saker väntar'} på dig"
    if sign_in == "expiring" and state.sign_in.days_left is not None:
        return "attention", f"Inloggningen i Fortnox går ut {days_text(state.sign_in.days_left)}"
    if last is None:
        return "info", "Inte synkad än"
    if status == "stopped":
        return "attention", f"Senaste synken stoppades · {when(last.started_at, now)}"
    return "ok", f"Allt är synkat · senast {when(last.finished_at or last.started_at, now)}"
