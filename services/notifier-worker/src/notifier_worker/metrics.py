"""The worker's Prometheus metrics, served on its ops port's /metrics."""

from prometheus_client import Counter, Histogram

REMINDERS = Counter(
    "notifier_worker_reminders_total",
    "Reminders handled, by outcome (sent, skipped, retried, requeued, dead_lettered, invalid).",
    ["outcome"],
)
TELEGRAM_ERRORS = Counter(
    "notifier_worker_telegram_errors_total",
    "Failed sends to Telegram, by Telegram's error code (429, 403, 400, 5xx) or network.",
    ["code"],
)
SMTP_ERRORS = Counter(
    "notifier_worker_smtp_errors_total",
    "Failed sends by email, by the SMTP server's reply code (4xx, 5xx) or network.",
    ["code"],
)
SEND_SECONDS = Histogram(
    "notifier_worker_send_seconds",
    "How long a send took, answered or failed, by channel (telegram: a sendMessage; email: "
    "a whole SMTP session).",
    ["channel"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
