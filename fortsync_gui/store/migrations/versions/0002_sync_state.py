"""Sync state, second edition: per linked pair and mapped field the value each side was last seen with (replacing the
single ``baseline`` and the unused hashes); ``send_won_since`` and ``match_existing`` as profile columns (they were
loose keys in ``extra``); the decisions log.

A first-version database upgrades without new conflicts or duplicates: each side's state starts as the old baseline,
except the fields of open conflicts, whose sides start as the values the conflict recorded (so the conflict stays
open and neither value is written over the other).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from alembic import context, op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ID = sa.String(64)
LABEL = sa.String(255)
KEY = sa.String(100)
TIMESTAMP = sa.DateTime(timezone=True)


def _json(value: Any) -> Any:
    if value is None or isinstance(value, dict | list):
        return value
    return json.loads(value)


def upgrade() -> None:
    with op.batch_alter_table("links") as batch:
        batch.add_column(sa.Column("upsales_values", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("fortnox_values", sa.JSON(), nullable=True))
    with op.batch_alter_table("profiles") as batch:
        batch.add_column(sa.Column("send_won_since", sa.Date(), nullable=True))
        batch.add_column(sa.Column("match_existing", sa.Boolean(), nullable=False, server_default=sa.true()))
    if not context.is_offline_mode():  # offline SQL for a DBA: the schema only (no rows to carry in a new database)
        _carry_state()
        _carry_settings()
    with op.batch_alter_table("links") as batch:
        batch.drop_column("baseline")
        batch.drop_column("upsales_hash")
        batch.drop_column("fortnox_hash")
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.Column("subject", KEY, nullable=False),
        sa.Column("subject_id", ID, nullable=True),
        sa.Column("choice", KEY, nullable=False),
        sa.Column("label", LABEL, nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["profile_id"], ["profiles.id"], name=op.f("fk_decisions_profile_id_profiles"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    op.create_index(op.f("ix_decisions_profile_id_at"), "decisions", ["profile_id", "at"])


def _carry_state() -> None:
    conn = op.get_bind()
    frozen: dict[int, dict[str, tuple[Any, Any]]] = {}
    for link_id, field, up, fx in conn.execute(sa.text(
            "SELECT link_id, field, upsales_value, fortnox_value FROM conflicts WHERE status = 'open'")):
        frozen.setdefault(link_id, {})[field] = (_json(up), _json(fx))
    for link_id, baseline in conn.execute(sa.text("SELECT id, baseline FROM links")).fetchall():
        values = _json(baseline)
        if values is None:
            continue  # never compared: the next run reads both sides
        upsales, fortnox = dict(values), dict(values)
        for field, (up, fx) in frozen.get(link_id, {}).items():
            upsales[field], fortnox[field] = up, fx
        conn.execute(sa.text("UPDATE links SET upsales_values = :up, fortnox_values = :fx WHERE id = :id"),
                     {"up": json.dumps(upsales), "fx": json.dumps(fortnox), "id": link_id})


def _carry_settings() -> None:
    conn = op.get_bind()
    for profile_id, extra, created_at in conn.execute(sa.text(
            "SELECT id, extra, created_at FROM profiles")).fetchall():
        values = dict(_json(extra) or {})
        since = values.pop("send_won_since", None)
        match = values.pop("match_duplicates", True)
        if since is None:
            created = created_at if isinstance(created_at, datetime) else datetime.fromisoformat(str(created_at))
            since = created.date().isoformat()
        conn.execute(sa.text("UPDATE profiles SET send_won_since = :since, match_existing = :match, extra = :extra "
                             "WHERE id = :id"),
                     {"since": date.fromisoformat(str(since)), "match": bool(match), "extra": json.dumps(values),
                      "id": profile_id})


def downgrade() -> None:
    raise NotImplementedError("Fortsync databases are upgraded only; restore the backup made before the upgrade.")
