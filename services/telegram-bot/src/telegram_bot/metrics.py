"""The bot's Prometheus metrics, served on its HTTP port's /metrics."""

from prometheus_client import Counter, Histogram

UPDATES = Counter(
    "telegram_bot_updates_total",
    "Updates handled, by kind (message, callback_query) and command (or button).",
    ["kind", "command"],
)
FAILURES = Counter(
    "telegram_bot_failures_total",
    "Updates that could not be carried out, by reason (api_unavailable, api_refused, error).",
    ["reason"],
)
API_SECONDS = Histogram(
    "telegram_bot_api_call_seconds",
    "How long a task-api call took, by operation (list_tasks, update_task, ...).",
    ["operation"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
