"""Uncertain writes: a create whose answer was lost is marked (``write_intents.uncertain_at``), so later runs look it
up and create again only after the profile's settle time (``profiles.settle_minutes``, default 10) has passed with
nothing found. And ``meta``: facts about the database itself, e.g. the id of the installation it belongs to.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("write_intents") as batch:
        batch.add_column(sa.Column("uncertain_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("profiles") as batch:
        batch.add_column(sa.Column("settle_minutes", sa.Integer(), nullable=False, server_default="10"))
    op.create_table(
        "meta",
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_meta")),
    )


def downgrade() -> None:
    raise NotImplementedError("Fortsync databases are upgraded only; restore the backup made before the upgrade.")
