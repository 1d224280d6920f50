"""The wizard's preview of the first sync: a real dry run of the profile being set up, counted per kind, and the
duplicate suggestions it found. It runs on a throw-away in-memory store (the profile is not saved yet) with the
secrets the wizard already stored; nothing is written to Upsales or Fortnox."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from fortsync_gui.engine.api import RunSummary
from fortsync_gui.engine.document_plan import SEND_WON_SINCE
from fortsync_gui.secrets import SecretStore
from fortsync_gui.store import MatchBasis, MatchStatus, ProfileSettings, matches, open_store, profiles

from .names import KINDS, WOULD, name, run_message
from .profiles import settings_of
from .wizard import PreviewSeam, ProfileDraft


@dataclass(frozen=True)
class Plan:
    summary: RunSummary
    suggestions: list[tuple[str, str, MatchBasis]]  # Fortnox customer, Upsales company, why
    exact: int  # pairs linked by organisation number without asking


def make_preview(secrets: SecretStore, *, sync_env: Mapping[str, str] | None = None,
                 send_won_since: str | None = None) -> PreviewSeam:
    def plan(draft: ProfileDraft) -> Plan:  # a worker thread
        from fortsync_gui.engine.connect import connect
        from fortsync_gui.engine.runner import run_sync

        store = open_store("sqlite://")
        try:
            since = send_won_since or date.today().isoformat()
            settings = settings_of(draft, ProfileSettings(extra={SEND_WON_SINCE: since}))
            with store.session() as session:
                profile = profiles.create_profile(session, draft.name, settings)
                profile_id = profile.id
            conns = connect(draft.name, replace(settings), secrets, dict(sync_env or {}))
            try:
                summary = run_sync(store, draft.name, conns, dry_run=True)
            finally:
                conns.close()
            with store.session() as session:
                found = matches.list_matches(session, profile_id)
            waiting = [(f"{m.fortnox_id} {m.fortnox_label or ''}".strip(), m.upsales_label or m.upsales_id, m.basis)
                       for m in found if m.status is MatchStatus.SUGGESTED]
            exact = sum(1 for m in found if m.status is MatchStatus.ACCEPTED)
            return Plan(summary, waiting, exact)
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
