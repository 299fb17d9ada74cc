"""the importer is a role

The importer's account was the one named "importer", so a person who signed up as "Importer"
before the first import got every imported task. Now it is the one account of the `importer`
role. The account the importer made (named exactly "importer", with no password and no chat)
gets the role; a person who took the name keeps their account and their own tasks, and the
imported tasks move to the importer.

Revision ID: 4f0c2a9e7d31
Revises: 9e15416c32bd
Create Date: 2026-12-04 19:30:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "4f0c2a9e7d31"
down_revision: str | None = "9e15416c32bd"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

IMPORTER = sa.text("role = 'importer'")
NOT_IMPORTER = sa.text("role <> 'importer'")


def upgrade() -> None:
    op.drop_constraint(op.f("ck_app_user_role"), "app_user", type_="check")
    op.create_check_constraint(
        op.f("ck_app_user_role"), "app_user", "role IN ('user', 'admin', 'importer')"
    )
    op.drop_index("uq_app_user_lower_username", table_name="app_user")
    op.create_index(
        "uq_app_user_lower_username",
        "app_user",
        [sa.text("lower(username)")],
        unique=True,
        postgresql_where=NOT_IMPORTER,
    )
    op.create_index(
        "uq_app_user_importer", "app_user", ["role"], unique=True, postgresql_where=IMPORTER
    )
    op.execute(
        "UPDATE app_user SET role = 'importer' WHERE username = 'importer' AND role = 'user' "
        "AND password_hash IS NULL AND telegram_chat_id IS NULL"
    )
    # A person held the name when the importer first ran: its tasks went to them.
    op.execute(
        "INSERT INTO app_user (username, role, created_at) SELECT 'importer', 'importer', now() "
        "WHERE NOT EXISTS (SELECT FROM app_user WHERE role = 'importer') "
        "AND EXISTS (SELECT FROM task WHERE import_source IS NOT NULL)"
    )
    # The importer has no chat to be reminded in.
    op.execute(
        "UPDATE task SET user_id = importer.id, next_notification_at = NULL, "
        "lease_expires_at = NULL FROM app_user importer WHERE importer.role = 'importer' "
        "AND task.import_source IS NOT NULL AND task.user_id <> importer.id"
    )


def downgrade() -> None:
    # A person who holds the importer's name keeps it; the importer then gives it up.
    op.execute(
        "UPDATE app_user SET role = 'user', username = CASE WHEN EXISTS (SELECT FROM app_user "
        "person WHERE lower(person.username) = 'importer' AND person.role <> 'importer') "
        "THEN 'importer-' || id ELSE username END WHERE role = 'importer'"
    )
    op.drop_index("uq_app_user_importer", table_name="app_user")
    op.drop_index("uq_app_user_lower_username", table_name="app_user")
    op.create_index(
        "uq_app_user_lower_username", "app_user", [sa.text("lower(username)")], unique=True
    )
    op.drop_constraint(op.f("ck_app_user_role"), "app_user", type_="check")
    op.create_check_constraint(op.f("ck_app_user_role"), "app_user", "role IN ('user', 'admin')")
