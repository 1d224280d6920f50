"""Initial schema: profiles, links, cursors, runs and their items, conflicts and field rules, pending deletions,
match candidates, run locks, write intents.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Frozen copies of the model column types: a migration must not change when models.py does.
ID = sa.String(64)
LABEL = sa.String(255)
KEY = sa.String(100)
ENUM = sa.String(24)
TIMESTAMP = sa.DateTime(timezone=True)


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), nullable=False)


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )


def _profile(table: str) -> list[sa.Column[int] | sa.ForeignKeyConstraint]:
    return [sa.Column("profile_id", sa.Integer(), nullable=False), _fk(table, "profile_id", "profiles", "CASCADE")]


def upgrade() -> None:
    op.create_table(
        "profiles",
        _id(),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("display_name", LABEL, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.Column("module", ENUM, nullable=False),
        sa.Column("fallback_user_id", sa.Integer(), nullable=True),
        sa.Column("won_stage_id", sa.Integer(), nullable=True),
        sa.Column("lost_stage_id", sa.Integer(), nullable=True),
        sa.Column("offer_stage_id", sa.Integer(), nullable=True),
        sa.Column("price_list", ID, nullable=True),
        sa.Column("fortnox_api_url", LABEL, nullable=True),
        sa.Column("fortnox_auth_url", LABEL, nullable=True),
        sa.Column("upsales_api_url", LABEL, nullable=True),
        sa.Column("fortnox_client_id", LABEL, nullable=True),
        sa.Column("fortnox_tenant_id", ID, nullable=True),
        sa.Column("deletion_threshold", sa.Integer(), nullable=False),
        sa.Column("initial_import_done", sa.Boolean(), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profiles")),
        sa.UniqueConstraint("name", name=op.f("uq_profiles_name")),
    )
    op.create_table(
        "links",
        _id(),
        *_profile("links"),
        sa.Column("kind", ENUM, nullable=False),
        sa.Column("upsales_id", ID, nullable=False),
        sa.Column("fortnox_id", ID, nullable=False),
        sa.Column("upsales_hash", ID, nullable=True),
        sa.Column("fortnox_hash", ID, nullable=True),
        sa.Column("baseline", sa.JSON(), nullable=True),
        sa.Column("last_synced_at", TIMESTAMP, nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_links")),
        sa.UniqueConstraint("profile_id", "kind", "upsales_id", name=op.f("uq_links_profile_id_kind_upsales_id")),
        sa.UniqueConstraint("profile_id", "kind", "fortnox_id", name=op.f("uq_links_profile_id_kind_fortnox_id")),
    )
    op.create_table(
        "cursors",
        *_profile("cursors"),
        sa.Column("kind", ENUM, nullable=False),
        sa.Column("side", ENUM, nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("profile_id", "kind", "side", name=op.f("pk_cursors")),
    )
    op.create_table(
        "runs",
        _id(),
        *_profile("runs"),
        sa.Column("owner", sa.String(128), nullable=False),
        sa.Column("status", ENUM, nullable=False),
        sa.Column("dry_run", sa.Boolean(), nullable=False),
        sa.Column("started_at", TIMESTAMP, nullable=False),
        sa.Column("heartbeat_at", TIMESTAMP, nullable=False),
        sa.Column("finished_at", TIMESTAMP, nullable=True),
        sa.Column("message_key", KEY, nullable=True),
        sa.Column("message_args", sa.JSON(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("requests", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runs")),
    )
    op.create_index(op.f("ix_runs_profile_id_started_at"), "runs", ["profile_id", "started_at"])
    op.create_table(
        "run_items",
        _id(),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.Column("kind", ENUM, nullable=False),
        sa.Column("action", ENUM, nullable=False),
        sa.Column("outcome", ENUM, nullable=False),
        sa.Column("upsales_id", ID, nullable=True),
        sa.Column("fortnox_id", ID, nullable=True),
        sa.Column("label", LABEL, nullable=True),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("error_key", KEY, nullable=True),
        sa.Column("error_text", sa.Text(), nullable=True),
        _fk("run_items", "run_id", "runs", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_run_items")),
        sa.UniqueConstraint("run_id", "seq", name=op.f("uq_run_items_run_id_seq")),
    )
    op.create_table(
        "conflicts",
        _id(),
        *_profile("conflicts"),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("kind", ENUM, nullable=False),
        sa.Column("field", KEY, nullable=False),
        sa.Column("label", LABEL, nullable=True),
        sa.Column("upsales_value", sa.JSON(), nullable=False),
        sa.Column("fortnox_value", sa.JSON(), nullable=False),
        sa.Column("detected_run_id", sa.Integer(), nullable=True),
        sa.Column("detected_at", TIMESTAMP, nullable=False),
        sa.Column("status", ENUM, nullable=False),
        sa.Column("resolution", ENUM, nullable=True),
        sa.Column("resolved_at", TIMESTAMP, nullable=True),
        sa.Column("applied_at", TIMESTAMP, nullable=True),
        _fk("conflicts", "link_id", "links", "CASCADE"),
        _fk("conflicts", "detected_run_id", "runs", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflicts")),
    )
    op.create_index(op.f("ix_conflicts_link_id"), "conflicts", ["link_id"])
    op.create_index(op.f("ix_conflicts_profile_id_status"), "conflicts", ["profile_id", "status"])
    op.create_table(
        "field_rules",
        _id(),
        *_profile("field_rules"),
        sa.Column("kind", ENUM, nullable=False),
        sa.Column("field", KEY, nullable=False),
        sa.Column("winner", ENUM, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_field_rules")),
        sa.UniqueConstraint("profile_id", "kind", "field", name=op.f("uq_field_rules_profile_id_kind_field")),
    )
    op.create_table(
        "pending_deletions",
        _id(),
        *_profile("pending_deletions"),
        sa.Column("kind", ENUM, nullable=False),
        sa.Column("upsales_id", ID, nullable=True),
        sa.Column("fortnox_id", ID, nullable=True),
        sa.Column("label", LABEL, nullable=True),
        sa.Column("reason_key", KEY, nullable=False),
        sa.Column("detected_run_id", sa.Integer(), nullable=True),
        sa.Column("detected_at", TIMESTAMP, nullable=False),
        sa.Column("status", ENUM, nullable=False),
        sa.Column("decided_at", TIMESTAMP, nullable=True),
        _fk("pending_deletions", "detected_run_id", "runs", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_deletions")),
    )
    op.create_index(op.f("ix_pending_deletions_profile_id_status"), "pending_deletions", ["profile_id", "status"])
    op.create_table(
        "match_candidates",
        _id(),
        *_profile("match_candidates"),
        sa.Column("upsales_id", ID, nullable=False),
        sa.Column("fortnox_id", ID, nullable=False),
        sa.Column("upsales_label", LABEL, nullable=True),
        sa.Column("fortnox_label", LABEL, nullable=True),
        sa.Column("basis", ENUM, nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("status", ENUM, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("decided_at", TIMESTAMP, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_candidates")),
        sa.UniqueConstraint(
            "profile_id", "upsales_id", "fortnox_id", name=op.f("uq_match_candidates_profile_id_upsales_id_fortnox_id")
        ),
    )
    op.create_table(
        "run_locks",
        *_profile("run_locks"),
        sa.Column("owner", sa.String(128), nullable=False),
        sa.Column("acquired_at", TIMESTAMP, nullable=False),
        sa.Column("heartbeat_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("profile_id", name=op.f("pk_run_locks")),
    )
    op.create_table(
        "write_intents",
        _id(),
        *_profile("write_intents"),
        sa.Column("kind", ENUM, nullable=False),
        sa.Column("target", ENUM, nullable=False),
        sa.Column("key", ID, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_write_intents")),
        sa.UniqueConstraint("profile_id", "kind", "key", name=op.f("uq_write_intents_profile_id_kind_key")),
    )


def downgrade() -> None:
    for table in ("write_intents", "run_locks", "match_candidates", "pending_deletions", "field_rules", "conflicts",
                  "run_items", "runs", "cursors", "links", "profiles"):
        op.drop_table(table)
