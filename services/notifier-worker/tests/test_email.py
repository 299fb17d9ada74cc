"""The email worker: each reminder mailed once through a real SMTP server (the fake), or
retried, or dead-lettered, as Telegram's are; and beside a Telegram worker, each channel once."""

import pytest
from prometheus_client import REGISTRY

from fake_smtp import FakeSmtp
from fake_telegram import FakeTelegram
from todo_shared.enums import Channel
from todo_shared.messages import SendEmailReminder
from todo_shared.topology import DEAD_REMINDERS_QUEUE, REMINDER_QUEUES
from todo_testkit.broker import take_all
from todo_testkit.task_api import RunningApi
from todo_testkit.waiting import eventually

from .conftest import MAIL_DOMAIN, by_email
from .test_worker import emptied, queue_depth, task_of

EMAIL_QUEUE = REMINDER_QUEUES[Channel.EMAIL].send

SUBJECTS = {"en": "Reminder: Pay rent", "ru": "Напоминание: Оплатить аренду"}
LINKS = {"en": ("Done", "Snooze 1 h"), "ru": ("Готово", "Отложить на 1 ч")}
STOP = {"en": "Stop reminders by email", "ru": "Отключить напоминания по почте"}


@pytest.mark.parametrize("language", ["en", "ru"])
async def test_a_reminder_is_mailed_once_with_both_parts_and_recorded(
    smtp: FakeSmtp,
    start_email_worker,
    publish_email,
    make_email_reminder,
    task_api: RunningApi,
    language: str,
) -> None:
    person = await task_api.sign_up_linked(language=language)
    title = {"en": "Pay rent", "ru": "Оплатить аренду"}[language]
    _, reminder = await make_email_reminder(person, title=title)
    await start_email_worker()
    await publish_email(reminder)

    [mail] = await smtp.wait_for_messages(1, to=reminder.email, timeout=10)
    assert mail.subject == SUBJECTS[language]
    assert mail.rcpt_tos == (reminder.email,)
    message_id = reminder.reminder_id.replace("@", ".")
    assert mail.header("Message-ID") == f"<reminder.{message_id}@{MAIL_DOMAIN}>"
    assert mail.header("List-Unsubscribe") == f"<{reminder.unsubscribe_url}>"
    assert mail.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    assert mail.header("Auto-Submitted") == "auto-generated"
    done, snooze = LINKS[language]
    assert mail.text is not None
    assert mail.text.startswith(f"⏰ {title}\n")
    assert f"{done}: {reminder.done_url}\n" in mail.text
    assert f"{snooze}: {reminder.snooze_url}\n" in mail.text
    assert f"{STOP[language]}: {reminder.unsubscribe_url}\n" in mail.text
    assert mail.html is not None
    assert f"⏰ {title}" in mail.html
    for label, url in ((done, reminder.done_url), (snooze, reminder.snooze_url)):
        assert f'href="{url.replace("&", "&amp;")}"' in mail.html
        assert f">{label}</a>" in mail.html

    async def recorded() -> bool:
        return (await task_of(person, reminder.task_id))["last_notification"] is not None

    await eventually(recorded)


async def test_a_message_delivered_twice_sends_one_mail(
    smtp: FakeSmtp, start_email_worker, publish_email, make_email_reminder, amqp_url: str
) -> None:
    _, reminder = await make_email_reminder()
    await publish_email(reminder)
    await publish_email(reminder)
    await start_email_worker()
    await start_email_worker()

    await smtp.wait_for_messages(1, to=reminder.email, timeout=10)
    await eventually(emptied(amqp_url, EMAIL_QUEUE))
    assert len(smtp.messages(to=reminder.email)) == 1


async def test_a_reminder_recorded_by_telegram_first_is_still_mailed_and_each_goes_once(
    smtp: FakeSmtp,
    telegram: FakeTelegram,
    start_worker,
    start_email_worker,
    publish,
    publish_email,
    make_reminder,
    amqp_url: str,
) -> None:
    person, reminder = await make_reminder()
    await publish(reminder.model_dump_json().encode(), reminder.reminder_id)
    await start_worker()
    await telegram.wait_for_messages(reminder.chat_id, count=1, timeout=10)

    async def recorded() -> bool:  # the task's next reminder has moved into the future
        return (await task_of(person, reminder.task_id))["last_notification"] is not None

    await eventually(recorded)
    mailed = by_email(reminder)
    await publish_email(mailed)
    await publish_email(mailed)  # and delivered twice
    await start_email_worker()

    await smtp.wait_for_messages(1, to=mailed.email, timeout=10)
    await eventually(emptied(amqp_url, EMAIL_QUEUE))
    assert len(smtp.messages(to=mailed.email)) == 1
    assert len(telegram.calls(method="sendMessage", chat_id=reminder.chat_id)) == 1


def smtp_errors(code: int) -> float:
    labels = {"code": str(code)}
    return REGISTRY.get_sample_value("notifier_worker_smtp_errors_total", labels) or 0.0


async def test_a_4xx_is_retried_until_the_mail_goes(
    smtp: FakeSmtp, start_email_worker, publish_email, make_email_reminder
) -> None:
    _, reminder = await make_email_reminder()
    smtp.fail_next("RCPT", 451, "4.3.0 Try again later", recipient=reminder.email)
    smtp.fail_next("DATA", 452, "4.3.1 Insufficient storage", recipient=reminder.email)
    before = smtp_errors(451), smtp_errors(452)
    await publish_email(reminder)
    await start_email_worker()

    [mail] = await smtp.wait_for_messages(1, to=reminder.email, timeout=20)
    assert mail.subject == "Reminder: Pay rent"
    assert (smtp_errors(451), smtp_errors(452)) == (before[0] + 1, before[1] + 1)


async def test_an_smtp_server_away_is_waited_out(
    smtp: FakeSmtp, start_email_worker, publish_email, make_email_reminder
) -> None:
    _, reminder = await make_email_reminder()
    await publish_email(reminder)
    await start_email_worker(SMTP_PORT="9")  # nothing listens there: the send is retried
    await start_email_worker()  # a worker that reaches the server takes the retried message

    await smtp.wait_for_messages(1, to=reminder.email, timeout=20)


async def test_a_refused_message_is_dead_lettered_with_its_reason_and_queue(
    smtp: FakeSmtp, start_email_worker, publish_email, make_email_reminder, amqp_url: str
) -> None:
    _, reminder = await make_email_reminder()
    smtp.fail_next("DATA", 554, "5.7.1 Message rejected", recipient=reminder.email)
    await publish_email(reminder)
    await start_email_worker()

    async def dead() -> bool:
        return await queue_depth(amqp_url, DEAD_REMINDERS_QUEUE) == 1

    await eventually(dead)
    [message] = await take_all(amqp_url, DEAD_REMINDERS_QUEUE)
    assert SendEmailReminder.model_validate_json(message.body) == reminder
    assert message.headers["x-reason"] == "SMTP refused the message: 554 5.7.1 Message rejected"
    assert message.headers["x-queue"] == EMAIL_QUEUE
    assert message.headers["x-attempts"] == 0, "not tried again"
    assert smtp.messages(to=reminder.email) == []


async def test_after_the_last_attempt_the_mail_rests_in_the_dead_letter_queue(
    smtp: FakeSmtp, start_email_worker, publish_email, make_email_reminder, amqp_url: str
) -> None:
    _, reminder = await make_email_reminder()
    smtp.fail_next("RCPT", 451, "4.3.0 Try again later", count=10, recipient=reminder.email)
    await publish_email(reminder)
    await start_email_worker()

    async def dead() -> bool:
        return await queue_depth(amqp_url, DEAD_REMINDERS_QUEUE) == 1

    await eventually(dead)
    [message] = await take_all(amqp_url, DEAD_REMINDERS_QUEUE)
    assert message.headers["x-attempts"] == 3
    assert str(message.headers["x-reason"]) == (
        "gave up after 3 attempts: SMTP failed: 451 4.3.0 Try again later"
    )
    assert message.headers["x-queue"] == EMAIL_QUEUE


async def test_no_such_mailbox_marks_the_address_unreachable_and_is_not_retried(
    smtp: FakeSmtp,
    start_email_worker,
    publish_email,
    make_email_reminder,
    task_api: RunningApi,
    amqp_url: str,
) -> None:
    person, reminder = await make_email_reminder()
    email = (await person.client.patch("/api/v1/users/me", json={"email": reminder.email})).json()
    assert email["email"] == reminder.email
    smtp.refuse_recipient(reminder.email)
    await publish_email(reminder)
    await start_email_worker()

    async def marked() -> bool:
        return (await person.client.get("/api/v1/users/me")).json()["email_unreachable"]

    await eventually(marked)
    await eventually(emptied(amqp_url, EMAIL_QUEUE))
    assert await queue_depth(amqp_url, DEAD_REMINDERS_QUEUE) == 0
    assert smtp.messages(to=reminder.email) == []


async def test_a_task_done_meanwhile_is_not_mailed(
    smtp: FakeSmtp, start_email_worker, publish_email, make_email_reminder
) -> None:
    person, reminder = await make_email_reminder()
    answer = await person.client.patch(f"/api/v1/tasks/{reminder.task_id}", json={"status": "done"})
    assert answer.is_success, answer.text
    _, marker = await make_email_reminder(person, title="marker")
    await publish_email(reminder)
    await publish_email(marker)
    await start_email_worker()

    # One worker takes messages in order: the marker's arrival means the first was settled.
    [mail] = await smtp.wait_for_messages(1, to=marker.email, timeout=10)
    assert mail.subject == "Reminder: marker"
