"""outbox of task events and imported tasks

Revision ID: 9e15416c32bd
Revises: cd87325bd2c1
Create Date: 2026-11-23 19:04:31.412213+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9e15416c32bd"
down_revision: str | None = "cd87325bd2c1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox_event",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("routing_key", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_event")),
        sa.UniqueConstraint("event_id", name=op.f("uq_outbox_event_event_id")),
    )
    op.create_index(
        "ix_outbox_event_pending",
        "outbox_event",
        ["id"],
        unique=False,
        postgresql_where=sa.text("published_at IS NULL"),
    )
    op.create_index("ix_outbox_event_published_at", "outbox_event", ["published_at"], unique=False)
    op.add_column("task", sa.Column("import_source", sa.String(length=64), nullable=True))
    op.add_column("task", sa.Column("import_source_id", sa.BigInteger(), nullable=True))
    op.create_index(
        "uq_task_import_source_import_source_id",
        "task",
        ["import_source", "import_source_id"],
        unique=True,
        postgresql_where=sa.text("import_source IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index(
        "uq_task_import_source_import_source_id",
        table_name="task",
        postgresql_where=sa.text("import_source IS NOT NULL"),
    )
    op.drop_column("task", "import_source_id")
    op.drop_column("task", "import_source")
    op.drop_index("ix_outbox_event_published_at", table_name="outbox_event")
    op.drop_index(
        "ix_outbox_event_pending",
        table_name="outbox_event",
        postgresql_where=sa.text("published_at IS NULL"),
    )
    op.drop_table("outbox_event")
