"""Removes credentials from any text that may reach a log, a report or an exception."""

from __future__ import annotations

import logging
import re

_PATTERNS = [
    # header lines and dict reprs: Authorization: Bearer x / 'Access-Token': 'x' / Cookie: token=x
    (re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?)(bearer|basic)\s+[^\s'\",;]+"), r"\1\2 ***"),
    (re.compile(r"(?i)((?:access-token|client-secret|authorization-code|tenantid)['\"]?\s*[:=]\s*['\"]?)[^\s'\",;&]+"),
     r"\1***"),
    # query strings, form bodies and cookies: token=x, refresh_token=x, client_secret=x, code=x
    (re.compile(r"(?i)\b((?:access_|refresh_)?token|client_secret|code|api_kod|password)=([^\s&'\",;]+)"), r"\1=***"),
    # JSON bodies: "access_token": "x"
    (re.compile(r"(?i)(\"(?:access_token|refresh_token|client_secret|token|code|api_kod|password)\"\s*:\s*\")"
                r"[^\"]*\""), r'\1***"'),
]

_known_secrets: set[str] = set()


def register_secret(value: str | None) -> None:
    """Make a concrete secret value redactable wherever it appears, whatever surrounds it."""
    if value and len(value) >= 6:
        _known_secrets.add(value)


def redact(text: str) -> str:
    for pattern, repl in _PATTERNS:
        text = pattern.sub(repl, text)
    for secret in _known_secrets:
        if secret in text:
            text = text.replace(secret, "***")
    return text


class RedactingFilter(logging.Filter):
    """Attach to a handler so no log record carries a credential."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        return True
