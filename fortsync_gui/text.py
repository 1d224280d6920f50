"""Text from the services made safe to show: names and messages from Upsales and Fortnox may carry terminal escape
sequences (ESC, BEL), NUL, carriage returns that overwrite a line, and Unicode bidi controls (RTL override …) that
make text read differently than it is. :func:`printable` removes them (standard library only)."""

from __future__ import annotations

import re
import unicodedata

# Bidi embeddings, overrides and isolates, and the directional marks (Unicode TR9).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b-\u200d\u2028\u2029"
                     r"\ufeff\ufff9-\ufffb]")


def printable(text: str, *, keep: str = "\n\t") -> str:
    """``text`` without control characters (C0, DEL, C1), bidi controls, zero-width and line/paragraph separators;
    the characters in ``keep`` (by default newline and tab) stay."""
    if not _UNSAFE.search(text):
        return text
    return "".join(ch for ch in text if ch in keep or not _unsafe(ch))


def _unsafe(ch: str) -> bool:
    return bool(_UNSAFE.match(ch)) or ch in BIDI_CONTROLS or unicodedata.category(ch) == "Cc"
