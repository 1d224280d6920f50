"""The wizard's preview of the first sync: a real dry run of the profile being set up, counted per kind, and the
duplicate suggestions it found. It runs on a throw-away in-memory store (the profile is not saved yet) with the
secrets the wizard already stored; nothing is written to Upsales or Fortnox."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from fortsync_gui.engine.api import RunSummary
from fortsync_gui.engine.profiles import save_profile
from fortsync_gui.secrets import SecretStore
from fortsync_gui.store import MatchBasis, ProfileSettings, open_store

from .drafts import settings_of
from .names import KINDS, WOULD, name, run_message
from .wizard import PreviewSeam, ProfileDraft


@dataclass(frozen=True)
class Plan:
    summary: RunSummary
    suggestions: list[tuple[str, str, MatchBasis]]  # Fortnox customer, Upsales company, why
    exact: int  # pairs linked by organisation number without asking


def make_preview(secrets: SecretStore, *, sync_env: Mapping[str, str] | None = None,
                 send_won_since: date | None = None) -> PreviewSeam:
    """``send_won_since``: for a draft that names no day of its own (the wizard's drafts always do)."""

    def plan(draft: ProfileDraft) -> Plan:  # a worker thread
        from fortsync_gui.engine import session

        store = open_store("sqlite://")
        try:
            save_profile(store, draft.name, settings_of(draft, ProfileSettings(send_won_since=send_won_since)))
            summary = session.run(store, draft.name, dry_run=True, secrets=secrets, env=dict(sync_env or {}))
            waiting = [(f"{m['fortnox_id']} {m['fortnox_label'] or ''}".strip(),
                        m["upsales_label"] or m["upsales_id"], MatchBasis(m["basis"])) for m in summary.suggestions]
            return Plan(summary, waiting, summary.count("company", "linked"))
        finally:
            store.close()

    return PreviewSeam(plan=plan, render=render)


def render(plan: Plan) -> QWidget:
    widget = QWidget()
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    summary = plan.summary
    if summary.status != "ok":
        layout.addWidget(_label(run_message(summary.message_key, dict(summary.message_args))))
        return widget
    lines = []
    for kind, counts in sorted(summary.counts.items()):
        keyed = {"create": counts.get("created", 0), "link": counts.get("linked", 0),
                 "update": counts.get("updated", 0)}
        parts = [name(WOULD, k).format(n=n) for k, n in keyed.items() if n]
        if parts:
            lines.append(f"{name(KINDS, kind)}: {', '.join(parts)}")
    nothing = QCoreApplication.translate("Preview", "Nothing: everything is already in sync.")
    heading = QCoreApplication.translate("Preview", "The first sync would do this (nothing has been written):")
    text = heading + "\n" + "\n".join(f"• {line}" for line in lines or [nothing])
    if plan.exact:
        linked = QCoreApplication.translate("Preview", "{count} companies have the same organisation number on both "
                                                       "sides and are linked instead of created again.")
        text += "\n" + linked.format(count=plan.exact)
    layout.addWidget(_label(text))
    if plan.suggestions:
        why = {MatchBasis.EMAIL_DOMAIN: QCoreApplication.translate("Preview", "same e-mail domain"),
               MatchBasis.NAME: QCoreApplication.translate("Preview", "similar name"),
               MatchBasis.ORG_NO: QCoreApplication.translate("Preview", "same organisation number"),
               MatchBasis.FORTNOX_CUSTOMER_ID: QCoreApplication.translate("Preview", "same customer number")}
        rows = "\n".join(f"• {fx} ↔ {up} ({why.get(basis, str(basis))})" for fx, up, basis in plan.suggestions)
        intro = QCoreApplication.translate("Preview", "Possible duplicates, not created until you decide on the "
                                                      "Duplicates tab after the first sync:")
        layout.addWidget(_label(intro + "\n" + rows))
    return widget


def _label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label
