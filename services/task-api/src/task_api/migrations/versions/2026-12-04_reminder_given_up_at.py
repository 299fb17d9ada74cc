"""reminder given up at

Revision ID: 4b7f2c9e1a30
Revises: 4f0c2a9e7d31
Create Date: 2026-12-04 19:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "4b7f2c9e1a30"
down_revision: str | None = "4f0c2a9e7d31"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "task", sa.Column("reminder_given_up_at", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("task", "reminder_given_up_at")
