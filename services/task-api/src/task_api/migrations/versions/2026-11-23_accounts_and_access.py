"""accounts and access

Revision ID: cd87325bd2c1
Revises: d7065d2c5ed1
Create Date: 2026-11-23 18:38:50.400442+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "cd87325bd2c1"
down_revision: str | None = "d7065d2c5ed1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_failure",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("client_address", sa.String(length=64), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failure")),
    )
    op.create_index(
        "ix_login_failure_client_address_failed_at",
        "login_failure",
        ["client_address", "failed_at"],
        unique=False,
    )
    op.create_index(
        "ix_login_failure_username_failed_at",
        "login_failure",
        ["username", "failed_at"],
        unique=False,
    )
    op.create_table(
        "refresh_token",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("family", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
            name=op.f("fk_refresh_token_user_id_app_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refresh_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_refresh_token_token_hash")),
    )
    op.create_index(op.f("ix_refresh_token_family"), "refresh_token", ["family"], unique=False)
    op.create_index(op.f("ix_refresh_token_user_id"), "refresh_token", ["user_id"], unique=False)
    op.create_table(
        "telegram_link_code",
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
            name=op.f("fk_telegram_link_code_user_id_app_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("code_hash", name=op.f("pk_telegram_link_code")),
    )
    op.create_index(
        op.f("ix_telegram_link_code_user_id"), "telegram_link_code", ["user_id"], unique=False
    )
    op.add_column(
        "app_user",
        sa.Column("telegram_unreachable", sa.Boolean(), server_default="false", nullable=False),
    )
    op.add_column("app_user", sa.Column("password_hash", sa.String(length=255), nullable=True))
    op.add_column(
        "app_user",
        sa.Column(
            "role",
            sa.Enum(
                "user", "admin", name="role", native_enum=False, create_constraint=True, length=16
            ),
            server_default="user",
            nullable=False,
        ),
    )


def downgrade() -> None:
    op.drop_column("app_user", "role")
    op.drop_column("app_user", "password_hash")
    op.drop_column("app_user", "telegram_unreachable")
    op.drop_index(op.f("ix_telegram_link_code_user_id"), table_name="telegram_link_code")
    op.drop_table("telegram_link_code")
    op.drop_index(op.f("ix_refresh_token_user_id"), table_name="refresh_token")
    op.drop_index(op.f("ix_refresh_token_family"), table_name="refresh_token")
    op.drop_table("refresh_token")
    op.drop_index("ix_login_failure_username_failed_at", table_name="login_failure")
    op.drop_index("ix_login_failure_client_address_failed_at", table_name="login_failure")
    op.drop_table("login_failure")
