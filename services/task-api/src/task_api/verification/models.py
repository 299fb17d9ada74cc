"""The table of pending verifications: at most one a person, for the address they gave last."""

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from task_api.db import Base


class EmailVerification(Base):
    """The code and the link mailed to a person's address; only their hashes are kept."""

    __tablename__ = "email_verification"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True
    )
    # The address mailed: a code or a link verifies this one, not one given after it.
    email: Mapped[str] = mapped_column(String(254))
    code_hash: Mapped[str] = mapped_column(String(64))
    link_hash: Mapped[str] = mapped_column(String(64))
    attempts_left: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
