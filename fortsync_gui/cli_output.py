"""What ``fortsync`` prints on a terminal: the run summary, the counts table and the progress bar on stderr. The
sentences themselves come from :mod:`fortsync_gui.messages`, the catalogue the GUI uses too.

Everything that reaches a terminal passes :func:`safe`, which redacts credentials (DESIGN.md §6) even when one hides
in an argument from a service's error message, and removes control and bidi characters that a name from a service
may carry (terminal escapes, NUL, ``\r``, RTL override).
"""

from __future__ import annotations

import shutil
import sys
import threading
import time
from typing import TextIO

from fortsync_gui.clients.redact import redact
from fortsync_gui.engine.api import ConflictEvent, ItemEvent, Phase, RunSummary, Weight
from fortsync_gui.messages import (
    KIND_NAMES,
    PHASE_NAMES,
    PLAN_NAMES,
    MessageKey,
    counted,
    message,
    plural,
    requests_text,
    status_line,
    summary_message,
)
from fortsync_gui.store import Outcome
from fortsync_gui.text import printable

INTERRUPTED_HINT = "Avbryter efter pågående åtgärd … (tryck Ctrl+C igen för att avbryta direkt)"


def safe(text: str) -> str:
    return printable(redact(text))


def counts_table(summary: RunSummary, indent: str = "  ") -> list[str]:
    """One line per kind: what was done (or, in a dry run, what would be done)."""
    lines = []
    for kind, counts in summary.counts.items():
        parts = [f"{n} {PLAN_NAMES.get(key, key)}" if summary.dry_run else counted(key, n)
                 for key, n in counts.items() if n]
        what = ", ".join(parts) if parts else "inget att göra"
        lines.append(f"{indent}{KIND_NAMES.get(kind, kind) + ':':<17} {what}")
    if not lines:  # a run that failed or was stopped before it wrote anything does not say all is in sync
        lines.append(f"{indent}{'Inget att göra.' if summary.status == 'ok' or summary.dry_run else 'Inget skrevs.'}")
    return lines


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
    if summary.uncertain_writes:  # until they are settled, every run says so
        lines.append(message(MessageKey.UNCERTAIN_WRITES, {"count": summary.uncertain_writes,
                                                          "run_id": summary.run_id}) or "")
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
        self._drawing = threading.Lock()  # the writer and the reader of a run may both report at once

    def on_phase(self, phase: Phase) -> None:
        self.phase, self.done, self.total = phase, 0, 0
        self._draw(force=True)

    def on_progress(self, done: int, total: int, weight: Weight | None = None) -> None:
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
        with self._drawing:
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
