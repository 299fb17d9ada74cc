"""The dead_letter table: each message of `notifications.dead`, as it came."""

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    DateTime,
    Identity,
    Index,
    Integer,
    LargeBinary,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from task_api.db import Base, utcnow


class DeadLetter(Base):
    """A message the notifier gave up on, kept until an admin sends it again or discards it.

    A message is filed once: a redelivery (task-api stopped between filing it and acking it)
    has the same `message_id` and `dead_lettered_at`, which are unique together.
    """

    __tablename__ = "dead_letter"
    __table_args__ = (
        UniqueConstraint("message_id", "dead_lettered_at", postgresql_nulls_not_distinct=True),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    message_id: Mapped[str | None] = mapped_column(Text)
    # The send queue it came from (where it goes back to); null: the message does not say.
    queue: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int | None] = mapped_column(Integer)
    dead_lettered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # The bytes as received, so that sending it again sends exactly them.
    body: Mapped[bytes] = mapped_column(LargeBinary)
    content_type: Mapped[str | None] = mapped_column(Text)
    headers: Mapped[dict[str, Any]] = mapped_column(JSONB)
    # Read from the body when it is a reminder; no foreign keys: the task may be gone.
    task_id: Mapped[int | None] = mapped_column(BigInteger)
    user_id: Mapped[int | None] = mapped_column(BigInteger)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# The list is newest first, of every queue or of one.
Index("ix_dead_letter_dead_lettered_at_id", DeadLetter.dead_lettered_at, DeadLetter.id)
Index(
    "ix_dead_letter_queue_dead_lettered_at_id",
    DeadLetter.queue,
    DeadLetter.dead_lettered_at,
    DeadLetter.id,
)
