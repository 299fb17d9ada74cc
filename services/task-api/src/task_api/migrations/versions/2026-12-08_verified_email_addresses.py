"""verified email addresses

A person's address is mailed only once they show it is theirs (`email_verified_at`); the
pending verifications keep the hashes of the code and the link mailed. Existing addresses were
never verified, so they start unverified.

Revision ID: a2137b3dae99
Revises: 3a7d5e9c1f24
Create Date: 2026-12-08 06:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a2137b3dae99"
down_revision: str | None = "3a7d5e9c1f24"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "app_user", sa.Column("email_verified_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.create_table(
        "email_verification",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("link_hash", sa.String(length=64), nullable=False),
        sa.Column("attempts_left", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
            name=op.f("fk_email_verification_user_id_app_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_email_verification")),
    )


def downgrade() -> None:
    op.drop_table("email_verification")
    op.drop_column("app_user", "email_verified_at")
