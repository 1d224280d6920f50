"""The closed vocabularies of the store. Stored as their string values (plain VARCHAR, no database enum types), so a
new member needs no migration."""

from __future__ import annotations

from enum import StrEnum


class Module(StrEnum):
    """Modul att synka (R3), as in the settings file."""

    INVOICE = "invoice"
    ORDER = "order"
    ORDER_OFFER = "order_offer"


class EntityKind(StrEnum):
    COMPANY = "company"  # Upsales company <-> Fortnox customer
    PRODUCT = "product"  # Upsales product <- Fortnox article
    INVOICE = "invoice"
    ORDER = "order"
    OFFER = "offer"


class Side(StrEnum):
    UPSALES = "upsales"
    FORTNOX = "fortnox"


class RunStatus(StrEnum):
    RUNNING = "running"
    OK = "ok"
    FAILED = "failed"
    STOPPED = "stopped"
    INTERRUPTED = "interrupted"  # found still "running" without a live lock: the process died


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    LINK = "link"
    UNLINK = "unlink"
    DELETE = "delete"
    SKIP = "skip"
    CONFLICT = "conflict"


class Outcome(StrEnum):
    OK = "ok"
    FAILED = "failed"
    SKIPPED = "skipped"
    PLANNED = "planned"  # dry run: what the run would have done


class ConflictStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"  # the user (or a field rule) chose a side; ``applied_at`` once a run wrote it
    AGREED = "agreed"  # both sides came to hold the same value: nothing left to decide


class DeletionStatus(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    KEPT = "kept"
    EXECUTED = "executed"


class MatchBasis(StrEnum):
    ORG_NO = "org_no"
    FORTNOX_CUSTOMER_ID = "fortnox_customer_id"
    EMAIL_DOMAIN = "email_domain"
    NAME = "name"


class MatchStatus(StrEnum):
    SUGGESTED = "suggested"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
