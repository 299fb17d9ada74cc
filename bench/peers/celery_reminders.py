"""Reminders as Celery tasks with an ETA on RabbitMQ, written the way Celery's documentation
shows them: `send_reminder.apply_async(args, eta=due)`; the worker holds a task in memory until
its ETA and acknowledges it once it ran (`acks_late`).

    CELERY_BROKER_URL=amqp://... TELEGRAM_API=http://fake/bot42:BENCH \\
        celery -A peers.celery_reminders worker --pool threads --concurrency 16
"""

import os

import httpx
from celery import Celery
from celery.signals import worker_ready

app = Celery("reminders")  # the broker is CELERY_BROKER_URL, as Celery reads it by default
http = httpx.Client(timeout=30)  # thread-safe: one pool of connections for the worker's threads


@app.task(acks_late=True)
def send_reminder(chat_id: int, text: str) -> None:
    """Send one reminder through the Bot API's sendMessage."""
    answer = http.post(
        f"{os.environ['TELEGRAM_API']}/sendMessage", json={"chat_id": chat_id, "text": text}
    )
    answer.raise_for_status()


@worker_ready.connect
def say_ready(**_: object) -> None:
    """Tell the benchmark the worker consumes, without its INFO log of every task."""
    print("worker ready", flush=True)
