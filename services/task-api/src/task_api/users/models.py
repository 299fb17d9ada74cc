"""The user table."""

from datetime import datetime, time, timedelta

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Identity,
    Index,
    Interval,
    String,
    Time,
    false,
    func,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from task_api.db import Base, checked_strings, utcnow
from todo_shared.enums import Channel, Role
from todo_shared.quiet_hours import QuietHours
from todo_shared.schedule import DEFAULT_REMIND_BEFORE


class User(Base):
    """A person (or the importer, by its role) who owns tasks."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(254))
    # When the person showed the address is theirs; null: not (yet). Only then is it mailed.
    email_verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Mail to the address bounced for good; its verification went with it, and verifying again
    # clears this.
    email_unreachable: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    telegram_chat_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    telegram_unreachable: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default="false"
    )
    # The channels the person chose; each reminds them only while it can reach them.
    remind_by_telegram: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    remind_by_email: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    timezone: Mapped[str | None] = mapped_column(String(64))
    # What they read: a language there are catalogs for (todo_shared.i18n).
    language: Mapped[str] = mapped_column(String(16), server_default="en")
    # No reminders from start to end on their wall clock; both or neither are set.
    quiet_hours_start: Mapped[time | None] = mapped_column(Time)
    quiet_hours_end: Mapped[time | None] = mapped_column(Time)
    quiet_hours_let_very_urgent_through: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    # The reminders before each of their tasks is due, unless a task has its own.
    remind_before: Mapped[list[timedelta]] = mapped_column(
        ARRAY(Interval(native=True)),
        default=lambda: list(DEFAULT_REMIND_BEFORE),
        server_default=text("'{1 day, 1 hour}'"),
    )
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        checked_strings(Role), default=Role.USER, server_default=Role.USER.value
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def quiet_hours(self) -> QuietHours | None:
        """Their quiet hours, or None."""
        if self.quiet_hours_start is None or self.quiet_hours_end is None:
            return None
        return QuietHours(
            self.quiet_hours_start, self.quiet_hours_end, self.quiet_hours_let_very_urgent_through
        )

    @quiet_hours.setter
    def quiet_hours(self, quiet: QuietHours | None) -> None:
        self.quiet_hours_start = None if quiet is None else quiet.start
        self.quiet_hours_end = None if quiet is None else quiet.end
        self.quiet_hours_let_very_urgent_through = quiet is not None and (
            quiet.let_very_urgent_through
        )

    @property
    def channels(self) -> list[Channel]:
        """The channels the person chose, in `Channel` order."""
        chosen = {Channel.TELEGRAM: self.remind_by_telegram, Channel.EMAIL: self.remind_by_email}
        return sorted(channel for channel, on in chosen.items() if on)

    @channels.setter
    def channels(self, channels: list[Channel]) -> None:
        self.remind_by_telegram = Channel.TELEGRAM in channels
        self.remind_by_email = Channel.EMAIL in channels

    @property
    def email_verified(self) -> bool:
        """True when they have an address and showed it is theirs."""
        return self.email is not None and self.email_verified_at is not None

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
