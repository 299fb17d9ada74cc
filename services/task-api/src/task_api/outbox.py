"""The outbox: task events written in the same transaction as the change they announce.

The relay (`relay.py`) publishes them afterwards, so a change is never lost and never
announced without having happened.
"""

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Identity, Index, String, Text, Uuid, event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, Session, mapped_column

from task_api.db import WAKE_RELAY, Base
from todo_shared.events import TaskEvent, TaskEventType
from todo_shared.schemas import TaskPublic


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


OUTBOX_WRITTEN = "outbox_written"


def record(
    session: AsyncSession, event_id: uuid.UUID, routing_key: str, body: str, now: datetime
) -> None:
    """Add an event to the outbox, in the session's transaction."""
    session.add(OutboxEvent(event_id=event_id, routing_key=routing_key, body=body, created_at=now))
    session.info[OUTBOX_WRITTEN] = True


@event.listens_for(Session, "after_commit")
def _wake_the_relay(session: Session) -> None:
    # Not a PostgreSQL NOTIFY: commits that notify are serialised by a lock of PostgreSQL's
    # own, which cost the API 15% of its creations a second.
    wake = session.info.get(WAKE_RELAY)
    if session.info.pop(OUTBOX_WRITTEN, False) and wake is not None:
        wake()


@event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back_events(session: Session, _: object) -> None:
    session.info.pop(OUTBOX_WRITTEN, None)


def record_task_event(
    session: AsyncSession, kind: TaskEventType, task: TaskPublic, *, now: datetime
) -> None:
    """Announce that `task` was created, changed or deleted, once this transaction commits."""
    event = TaskEvent(event_id=uuid.uuid4(), type=kind, occurred_at=now, task=task)
    record(session, event.event_id, kind.value, event.model_dump_json(), now)
