"""The user table."""

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Identity, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from task_api.db import Base, utcnow


class User(Base):
    """A person (or the importer) who owns tasks."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(254))
    telegram_chat_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    timezone: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def can_be_reminded(self) -> bool:
        """True when reminders have somewhere to go."""
        return self.telegram_chat_id is not None


# Usernames are unique whatever their case, so "Alice" cannot pass for "alice".
Index("uq_app_user_lower_username", func.lower(User.username), unique=True)
