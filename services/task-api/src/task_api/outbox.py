"""The outbox: events written in the same transaction as the change they announce.

`tasks.store` writes them; the relay (`relay.py`) publishes them afterwards, so a change is
never lost and never announced without having happened.
"""

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Identity, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from task_api.db import Base


class OutboxEvent(Base):
    """An event waiting to be published (`published_at` null), or published and kept a while."""

    __tablename__ = "outbox_event"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    event_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    routing_key: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


Index(
    "ix_outbox_event_pending",
    OutboxEvent.id,
    postgresql_where=OutboxEvent.published_at.is_(None),
)
Index("ix_outbox_event_published_at", OutboxEvent.published_at)
