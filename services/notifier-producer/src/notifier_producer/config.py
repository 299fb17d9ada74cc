"""notifier-producer's settings, read once at start-up from the environment."""

from pydantic import Field

from todo_shared.settings import Secret, ServiceSettings


class Settings(ServiceSettings):
    """Everything the producer can be told; each field is read from the variable of its name."""

    api_url: str = Field("http://127.0.0.1:8000", description="Where task-api is.")
    api_token: Secret = Field(description="The producer's secret (reminders:claim scope).")
    amqp_url: str = Field("amqp://guest:guest@127.0.0.1:5672/", description="RabbitMQ.")
    port: int = Field(8001, ge=0, le=65535, description="Port of /health, /ready and /metrics.")
    producer_interval_seconds: float = Field(
        10,
        gt=0,
        description="The longest sleep between two rounds of claiming; it wakes sooner when "
        "the next reminder falls due.",
    )
    producer_batch_size: int = Field(
        500,
        ge=1,
        le=1000,
        description="Reminders claimed at once; a round claims until none are due.",
    )
    producer_lease_seconds: int = Field(
        600,
        ge=10,
        le=86_400,
        description="How long a claimed reminder is ours; unsent by then, it is claimed again.",
    )
