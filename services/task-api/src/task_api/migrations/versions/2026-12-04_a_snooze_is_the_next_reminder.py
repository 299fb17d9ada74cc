"""a snooze is the next reminder

A pending snooze used to only hold the next reminder back; now it is the next reminder. The
tasks that will be reminded and whose snooze has not come yet move their next reminder to it.
Going back leaves the moments as they are: the old rule puts them right on the task's next write.

Revision ID: 4b1f0c9e7a52
Revises: 4b7f2c9e1a30
Create Date: 2026-12-04 19:40:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "4b1f0c9e7a52"
down_revision: str | None = "4b7f2c9e1a30"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        """
        UPDATE task SET next_notification_at = snoozed_until
        WHERE next_notification_at IS NOT NULL
          AND snoozed_until IS NOT NULL
          AND (last_notification IS NULL OR last_notification < snoozed_until)
        """
    )


def downgrade() -> None:
    pass
