"""a person's language

What each person reads: a language there are catalogs for. Existing people read English, as
they have so far.

Revision ID: 3a7d5e9c1f24
Revises: 9e2f4c6a8b13
Create Date: 2026-12-07 06:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "3a7d5e9c1f24"
down_revision: str | None = "9e2f4c6a8b13"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "app_user",
        sa.Column("language", sa.String(length=16), server_default="en", nullable=False),
    )


def downgrade() -> None:
    op.drop_column("app_user", "language")
