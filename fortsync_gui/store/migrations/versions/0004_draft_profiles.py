"""Draft profiles: the setup wizard keeps what was tested and saved when the user closes it before the end, as a
profile flagged ``draft`` that can be finished or removed later and is never synced. Existing profiles are finished.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("profiles") as batch:
        batch.add_column(sa.Column("draft", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    raise NotImplementedError("Fortsync databases are upgraded only; restore the backup made before the upgrade.")
