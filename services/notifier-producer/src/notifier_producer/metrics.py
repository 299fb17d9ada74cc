"""The producer's Prometheus metrics, served on its ops port's /metrics."""

from prometheus_client import Counter

CLAIMED = Counter(
    "notifier_producer_reminders_claimed_total",
    "Reminders claimed from task-api, by the channel they go to (telegram, email; a reminder "
    "to both counts on each; none: given neither, so not published).",
    ["channel"],
)
PUBLISHED = Counter(
    "notifier_producer_reminders_published_total",
    "Reminder messages published to their channel's queue and confirmed by RabbitMQ, by channel.",
    ["channel"],
)
