"""reminder channels

Each person chooses where reminders go: Telegram, email, both or none. Both start on, so a
person reminded through a linked chat before is reminded exactly as before, and an address they
verify later adds its reminders. `email_unreachable` notes an address that mail bounced from
for good (its verification is withdrawn with it).

Revision ID: b281f6f47c89
Revises: a2137b3dae99
Create Date: 2026-12-09 06:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b281f6f47c89"
down_revision: str | None = "a2137b3dae99"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = {
    "remind_by_telegram": sa.true(),
    "remind_by_email": sa.true(),
    "email_unreachable": sa.false(),
}


def upgrade() -> None:
    for name, default in COLUMNS.items():
        op.add_column(
            "app_user", sa.Column(name, sa.Boolean(), server_default=default, nullable=False)
        )


def downgrade() -> None:
    for name in reversed(COLUMNS):
        op.drop_column("app_user", name)
