"""create user and task

Revision ID: d7065d2c5ed1
Revises:
Create Date: 2026-11-23 18:03:08.221357+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d7065d2c5ed1"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "app_user",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("telegram_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_user")),
        sa.UniqueConstraint("telegram_chat_id", name=op.f("uq_app_user_telegram_chat_id")),
    )
    op.create_index(
        "uq_app_user_lower_username",
        "app_user",
        [sa.literal_column("lower(username)")],
        unique=True,
    )
    op.create_table(
        "task",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "new",
                "in_progress",
                "done",
                name="taskstatus",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column(
            "urgency",
            sa.Enum(
                "not_urgent",
                "urgent",
                "very_urgent",
                name="urgency",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("assignee_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("time_spent_seconds", sa.BigInteger(), nullable=False),
        sa.Column("remind_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("snoozed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_notification", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_notification_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["assignee_id"],
            ["app_user.id"],
            name=op.f("fk_task_assignee_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_task_user_id_app_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task")),
    )
    op.create_index(
        "ix_task_claimable_at",
        "task",
        [sa.literal_column("greatest(next_notification_at, lease_expires_at)")],
        unique=False,
        postgresql_where=sa.text("next_notification_at IS NOT NULL"),
    )
    op.create_index("ix_task_user_id_id", "task", ["user_id", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_task_user_id_id", table_name="task")
    op.drop_index(
        "ix_task_claimable_at",
        table_name="task",
        postgresql_where=sa.text("next_notification_at IS NOT NULL"),
    )
    op.drop_table("task")
    op.drop_index("uq_app_user_lower_username", table_name="app_user")
    op.drop_table("app_user")
