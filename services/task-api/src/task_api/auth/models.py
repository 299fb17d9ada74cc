"""The tables of access: refresh tokens and failed sign-ins."""

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Identity, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from task_api.db import Base


class RefreshToken(Base):
    """A refresh token, stored as the SHA-256 of its value.

    Each rotation makes a new token of the same family; presenting a token already rotated or
    revoked means it was stolen or replayed, and revokes the whole family.
    """

    __tablename__ = "refresh_token"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    family: Mapped[str] = mapped_column(String(32), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class LoginFailure(Base):
    """One failed sign-in, counted per username and per client address for a minute."""

    __tablename__ = "login_failure"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    client_address: Mapped[str] = mapped_column(String(64))
    failed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


Index("ix_login_failure_username_failed_at", LoginFailure.username, LoginFailure.failed_at)
Index(
    "ix_login_failure_client_address_failed_at",
    LoginFailure.client_address,
    LoginFailure.failed_at,
)
