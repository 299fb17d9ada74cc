"""reminders people can live with: quiet hours, due dates, repeating tasks

People get quiet hours and the reminders before a task is due (a day and an hour by default);
tasks get a due moment (and the day, when given as one), their own reminders before it, and a
recurrence; each completion is kept. Existing people get no quiet hours and existing tasks no
due date, so every existing reminder stays exactly as it was.

Revision ID: 9e2f4c6a8b13
Revises: 7c3d9a1e5b20
Create Date: 2026-12-07 05:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "9e2f4c6a8b13"
down_revision: str | None = "7c3d9a1e5b20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INTERVALS = postgresql.ARRAY(sa.Interval())


def upgrade() -> None:
    op.add_column("app_user", sa.Column("quiet_hours_start", sa.Time(), nullable=True))
    op.add_column("app_user", sa.Column("quiet_hours_end", sa.Time(), nullable=True))
    op.add_column(
        "app_user",
        sa.Column(
            "quiet_hours_let_very_urgent_through",
            sa.Boolean(),
            server_default=sa.false(),
            nullable=False,
        ),
    )
    op.add_column(
        "app_user",
        sa.Column(
            "remind_before", INTERVALS, server_default=sa.text("'{1 day, 1 hour}'"), nullable=False
        ),
    )
    op.add_column("task", sa.Column("due_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("task", sa.Column("due_date", sa.Date(), nullable=True))
    op.add_column("task", sa.Column("remind_before", INTERVALS, nullable=True))
    op.add_column("task", sa.Column("recurrence", sa.String(length=500), nullable=True))
    op.create_index(
        "ix_task_user_id_due_at",
        "task",
        ["user_id", "due_at", "id"],
        postgresql_where=sa.text("due_at IS NOT NULL"),
    )
    op.create_table(
        "task_completion",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("task_id", sa.BigInteger(), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_by", sa.BigInteger(), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("time_spent_seconds", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["task_id"], ["task.id"], name="fk_task_completion_task_id_task", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["completed_by"],
            ["app_user.id"],
            name="fk_task_completion_completed_by_app_user",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_task_completion"),
    )
    op.create_index(
        "ix_task_completion_task_id_completed_at", "task_completion", ["task_id", "completed_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_task_completion_task_id_completed_at", table_name="task_completion")
    op.drop_table("task_completion")
    op.drop_index("ix_task_user_id_due_at", table_name="task")
    for column in ("recurrence", "remind_before", "due_date", "due_at"):
        op.drop_column("task", column)
    for column in (
        "remind_before",
        "quiet_hours_let_very_urgent_through",
        "quiet_hours_end",
        "quiet_hours_start",
    ):
        op.drop_column("app_user", column)
