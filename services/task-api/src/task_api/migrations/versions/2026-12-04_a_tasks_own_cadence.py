"""a task's own cadence

A task may have its own interval between reminders (`remind_every`), or none (`cadence_off`).
Existing tasks have neither, so their reminders stay exactly as they were.

Revision ID: 7c3d9a1e5b20
Revises: 4b1f0c9e7a52
Create Date: 2026-12-04 21:20:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7c3d9a1e5b20"
down_revision: str | None = "4b1f0c9e7a52"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("task", sa.Column("remind_every", sa.Interval(), nullable=True))
    op.add_column(
        "task",
        sa.Column("cadence_off", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    op.drop_column("task", "cadence_off")
    op.drop_column("task", "remind_every")
