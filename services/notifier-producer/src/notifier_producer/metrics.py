"""The producer's Prometheus metrics, served on its ops port's /metrics."""

from prometheus_client import Counter

CLAIMED = Counter("notifier_producer_reminders_claimed_total", "Reminders claimed from task-api.")
PUBLISHED = Counter(
    "notifier_producer_reminders_published_total",
    "Reminders published to notifications.send and confirmed by RabbitMQ.",
)
