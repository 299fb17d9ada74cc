"""PostgreSQL URLs: the services are given SQLAlchemy's, asyncpg takes the plain one."""


def asyncpg_dsn(database_url: str) -> str:
    """The plain DSN asyncpg takes, from a SQLAlchemy URL: its driver left out of the scheme."""
    scheme, separator, rest = database_url.partition("://")
    return f"{scheme.split('+')[0]}{separator}{rest}"
