"""the dead-letter office

task-api files each message of `notifications.dead` here, for admins to page, filter, send
again or discard: the queue itself can only be read by taking its messages. A message is filed
once, however often it is delivered: its message_id and the moment it was dead-lettered are
unique together (a missing message_id counting as one value).

Revision ID: c4d1e8a0f6b3
Revises: b281f6f47c89
Create Date: 2026-12-10 06:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "c4d1e8a0f6b3"
down_revision: str | None = "b281f6f47c89"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dead_letter",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("message_id", sa.Text(), nullable=True),
        sa.Column("queue", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=True),
        sa.Column("dead_lettered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("content_type", sa.Text(), nullable=True),
        sa.Column("headers", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("task_id", sa.BigInteger(), nullable=True),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dead_letter")),
        sa.UniqueConstraint(
            "message_id",
            "dead_lettered_at",
            name=op.f("uq_dead_letter_message_id_dead_lettered_at"),
            postgresql_nulls_not_distinct=True,
        ),
    )
    op.create_index(
        "ix_dead_letter_dead_lettered_at_id", "dead_letter", ["dead_lettered_at", "id"]
    )
    op.create_index(
        "ix_dead_letter_queue_dead_lettered_at_id",
        "dead_letter",
        ["queue", "dead_lettered_at", "id"],
    )


def downgrade() -> None:
    op.drop_table("dead_letter")
