"""The user table."""

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, Identity, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from task_api.db import Base, checked_strings, utcnow
from todo_shared.enums import Role


class User(Base):
    """A person (or the importer, by its role) who owns tasks."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(254))
    telegram_chat_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    telegram_unreachable: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default="false"
    )
    timezone: Mapped[str | None] = mapped_column(String(64))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        checked_strings(Role), default=Role.USER, server_default=Role.USER.value
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def signs_in_with_password(self) -> bool:
        """False for an account a Telegram chat got of its own."""
        return self.password_hash is not None


IMPORTER_USERNAME = "importer"

# Usernames are unique whatever their case, so "Alice" cannot pass for "alice". The importer
# is left out: a person who took its name before it was reserved keeps it.
Index(
    "uq_app_user_lower_username",
    func.lower(User.username),
    unique=True,
    postgresql_where=User.role != Role.IMPORTER,
)
# There is one importer, whatever names people have.
Index("uq_app_user_importer", User.role, unique=True, postgresql_where=User.role == Role.IMPORTER)
