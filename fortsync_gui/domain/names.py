"""Company name and e-mail normalisation for duplicate *suggestions* (never automatic links)."""

from __future__ import annotations

import re
import unicodedata

# Legal-form words that differ between registers without making a different company.
_LEGAL_FORMS = {"ab", "aktiebolag", "publ", "hb", "handelsbolag", "kb", "kommanditbolag", "ek", "för",
                "ekonomisk", "förening", "enskild", "firma", "ltd", "inc", "oy", "as", "aps", "gmbh"}
# Mailbox providers: sharing one of these domains says nothing about being the same company.
FREE_MAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "hotmail.com", "hotmail.se", "outlook.com", "outlook.se", "live.se", "live.com",
    "yahoo.com", "yahoo.se", "icloud.com", "me.com", "telia.com", "bredband.net", "spray.se", "comhem.se",
    "msn.com", "protonmail.com", "proton.me",
})


def normalise_name(name: str | None) -> str:
    """Lower case, NFC, punctuation and legal forms removed, a trailing genitive "s" dropped from each word."""
    if not name:
        return ""
    text = unicodedata.normalize("NFC", name).casefold()
    text = re.sub(r"[^\wåäöéü ]+", " ", text)
    words = [w for w in text.split() if w not in _LEGAL_FORMS]
    words = [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words]
    return " ".join(words)


def email_domain(email: str | None) -> str | None:
    """The company domain of an address, or None for free-mail providers and non-addresses."""
    if not email or "@" not in email:
        return None
    domain = email.rsplit("@", 1)[1].strip().casefold().rstrip(".")
    if "." not in domain or domain in FREE_MAIL_DOMAINS:
        return None
    return domain


def website_domain(url: str | None) -> str | None:
    if not url:
        return None
    host = re.sub(r"^[a-z]+://", "", url.strip().casefold()).split("/")[0].split(":")[0]
    host = host.removeprefix("www.")
    return host if "." in host else None
