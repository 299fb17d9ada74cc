"""Email workers as a fleet: one send rate shared through Redis, and a clean stop."""

from collections import Counter

from fake_smtp import FakeSmtp
from todo_testkit.processes import service_process, wait_until_healthy

from .conftest import by_email

RATE = 4  # mails a second, for the whole fleet
JITTER = 0.05  # seconds: an SMTP session's length varies between the turn and the mail's arrival


async def test_two_workers_share_one_send_rate(
    smtp: FakeSmtp, start_email_worker, publish_email, make_reminders
) -> None:
    reminders = [by_email(reminder) for _, reminder in await make_reminders(chats=10)]
    for reminder in reminders:
        await publish_email(reminder)
    for _ in range(2):
        await start_email_worker(EMAIL_MESSAGES_PER_SECOND=str(RATE))

    mails = await smtp.wait_for_messages(len(reminders), timeout=30)
    moments = sorted(mail.received_at for mail in mails)
    busiest = max(
        sum(1 for other in moments if start <= other < start + 1.0 - JITTER) for start in moments
    )
    assert busiest <= RATE, f"{busiest} mails in one second from two workers"
    assert Counter(to for mail in mails for to in mail.rcpt_tos) == Counter(
        reminder.email for reminder in reminders
    ), "each once"


async def test_sigterm_stops_an_email_worker_cleanly_and_loses_nothing(
    smtp: FakeSmtp, publish_email, make_reminders, email_env: dict[str, str]
) -> None:
    reminders = [by_email(reminder) for _, reminder in await make_reminders(chats=5)]
    for reminder in reminders:
        await publish_email(reminder)
    # One mail a second: the others wait their turn in the worker's hands.
    env = {**email_env, "EMAIL_MESSAGES_PER_SECOND": "1"}
    async with service_process("email-worker", "notifier_worker", env) as worker:
        await wait_until_healthy(worker, f"http://127.0.0.1:{env['PORT']}/health")
        await smtp.wait_for_messages(1, timeout=20)
        assert await worker.stop(grace_seconds=10) == 0, worker.output()
    sent_before_stopping = len(smtp.messages())
    assert sent_before_stopping < len(reminders), "it did not stop halfway"
    async with service_process("heir", "notifier_worker", {**email_env, "PORT": "0"}):
        mails = await smtp.wait_for_messages(len(reminders), timeout=30)
    recipients = sorted(to for mail in mails for to in mail.rcpt_tos)
    assert recipients == sorted(reminder.email for reminder in reminders), "each once"
