"""Reminders as procrastinate jobs on PostgreSQL, written the way procrastinate's documentation
shows them: `send_reminder.configure(schedule_at=due).defer_async(...)` (or in a batch); the
worker fetches due jobs with SKIP LOCKED, woken by LISTEN/NOTIFY when a job is deferred and
otherwise every `--fetch-job-polling-interval` seconds.

    PROCRASTINATE_DSN=postgresql://... TELEGRAM_API=http://fake/bot42:BENCH \\
        procrastinate --app=peers.procrastinate_reminders.app worker --concurrency 16
"""

import os

import httpx
import procrastinate

app = procrastinate.App(
    connector=procrastinate.PsycopgConnector(conninfo=os.environ.get("PROCRASTINATE_DSN", ""))
)
http = httpx.AsyncClient(timeout=30)  # the worker's one event loop shares its connections


@app.task(name="send_reminder")
async def send_reminder(chat_id: int, text: str) -> None:
    """Send one reminder through the Bot API's sendMessage."""
    answer = await http.post(
        f"{os.environ['TELEGRAM_API']}/sendMessage", json={"chat_id": chat_id, "text": text}
    )
    answer.raise_for_status()
