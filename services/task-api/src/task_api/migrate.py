"""Schema migrations, run by `python -m task_api migrate` and by the tests."""

from alembic import command
from alembic.config import Config


def alembic_config(database_url: str) -> Config:
    """An Alembic configuration for the migrations shipped inside this package."""
    config = Config()
    config.set_main_option("script_location", "task_api:migrations")
    # ConfigParser treats % as interpolation, and URL-encoded passwords contain it.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Bring the schema up to `revision`."""
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str) -> None:
    """Take the schema back to `revision` (`base` for an empty database)."""
    command.downgrade(alembic_config(database_url), revision)
