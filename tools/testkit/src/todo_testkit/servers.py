"""Where the tests find PostgreSQL and RabbitMQ: given by URL, else started by testcontainers."""

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

MISSING_SERVICES = (
    "The tests need a real {what}. Set {variable} (for example {example}), "
    "or make a Docker engine available so that testcontainers can start one."
)


@dataclass(frozen=True)
class RabbitMqServer:
    """A RabbitMQ server: its AMQP URL (default vhost) and its management API."""

    amqp_url: str
    management_url: str


def docker_is_available() -> bool:
    """True when a Docker engine answers, so testcontainers can start servers."""
    if shutil.which("docker") is None:
        return False
    probe = subprocess.run(["docker", "info"], capture_output=True, check=False)
    return probe.returncode == 0


@contextmanager
def postgres_server(stack: ExitStack) -> Iterator[str]:
    """Yield an asyncpg URL of a PostgreSQL server's maintenance database."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        yield url
        return
    if not docker_is_available():
        raise RuntimeError(
            MISSING_SERVICES.format(
                what="PostgreSQL",
                variable="TEST_DATABASE_URL",
                example="postgresql+asyncpg://postgres@127.0.0.1:5432/postgres",
            )
        )
    from testcontainers.community.postgres import PostgresContainer

    container = stack.enter_context(PostgresContainer("postgres:17-alpine", driver="asyncpg"))
    yield container.get_connection_url()


@contextmanager
def rabbitmq_server(stack: ExitStack) -> Iterator[RabbitMqServer]:
    """Yield a RabbitMQ server with its management API."""
    url = os.environ.get("TEST_AMQP_URL")
    if url:
        yield RabbitMqServer(
            url, os.environ.get("TEST_RABBITMQ_MANAGEMENT_URL") or _management_url(url)
        )
        return
    if not docker_is_available():
        raise RuntimeError(
            MISSING_SERVICES.format(
                what="RabbitMQ",
                variable="TEST_AMQP_URL",
                example="amqp://guest:guest@127.0.0.1:5672/",
            )
        )
    from testcontainers.community.rabbitmq import RabbitMqContainer

    container = RabbitMqContainer("rabbitmq:3.13-management-alpine").with_exposed_ports(15672)
    stack.enter_context(container)
    host = container.get_container_host_ip()
    amqp_port = container.get_exposed_port(5672)
    management_port = container.get_exposed_port(15672)
    yield RabbitMqServer(
        f"amqp://guest:guest@{host}:{amqp_port}/", f"http://guest:guest@{host}:{management_port}"
    )


def _management_url(amqp_url: str) -> str:
    """The management API beside an AMQP URL: same host and credentials, port 15672."""
    parts = urlsplit(amqp_url)
    credentials = f"{parts.username or 'guest'}:{parts.password or 'guest'}"
    return f"http://{credentials}@{parts.hostname}:15672"
