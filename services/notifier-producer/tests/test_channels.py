"""The producer and the channels: one message per reminder and channel, each on its own queue.

task-api's claim decides where a reminder goes (the chat, the address, both); these tests give
the producer claims of each kind through a stand-in for that one call, so that what it
publishes is seen whatever task-api answers today.
"""

import asyncio
import json
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from itertools import count

import aio_pika
import pytest
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage

from notifier_producer.producer import Producer
from todo_shared.api_client import TaskApi
from todo_shared.enums import Channel, Urgency
from todo_shared.messages import SendEmailReminder, SendReminder, reminder_id
from todo_shared.schemas import ClaimedReminders, DueReminder, EmailDelivery
from todo_shared.topology import EMAIL_REMINDERS_QUEUE, REMINDERS_QUEUE, declare_reminder_queues
from todo_testkit.broker import take_all
from todo_testkit.factories import new_chat_id
from todo_testkit.waiting import eventually

TASK_IDS = count(9_000_000)
"""Task ids no task-api of the run gives, so nothing else queued is mistaken for ours."""


class Claims(TaskApi):
    """task-api as far as the producer's claim goes: these reminders once, then none."""

    def __init__(self, *due: DueReminder) -> None:
        super().__init__("http://127.0.0.1:9", "not used")
        self._due = list(due)

    async def claim(self, *, limit: int, lease_seconds: int) -> ClaimedReminders:
        """The next `limit` of the reminders, leased by no one."""
        items, self._due = self._due[:limit], self._due[limit:]
        return ClaimedReminders(items=items, next_due_at=None)


def due(*, chat: bool, email: bool, language: str = "en") -> DueReminder:
    """A reminder of a very urgent task due now, to the chat, the address, both or neither."""
    task_id, now = next(TASK_IDS), datetime.now(UTC)
    links = f"https://todo.example.org/act/{task_id}"
    delivery = EmailDelivery(
        address=f"person{task_id}@example.org",
        done_url=f"{links}/done",
        snooze_url=f"{links}/snooze",
        unsubscribe_url=f"{links}/unsubscribe",
    )
    return DueReminder(
        task_id=task_id,
        user_id=task_id + 1,
        telegram_chat_id=new_chat_id() if chat else None,
        email=delivery if email else None,
        title="Pay rent",
        urgency=Urgency.VERY_URGENT,
        created_at=now - timedelta(hours=3, minutes=1),
        remind_at=None,
        due_at=now,
        language=language,
    )


@pytest.fixture
async def channel(amqp_url: str) -> AsyncIterator[AbstractChannel]:
    """A confirming channel, with both channels' queues declared and emptied."""
    async with await aio_pika.connect(amqp_url) as connection:
        opened = await connection.channel(publisher_confirms=True)
        for via in Channel:
            await declare_reminder_queues(opened, via)
        for queue in (REMINDERS_QUEUE, EMAIL_REMINDERS_QUEUE):
            await take_all(amqp_url, queue)
        yield opened


def producer(api: TaskApi, amqp_url: str) -> Producer:
    return Producer(api, amqp_url, batch_size=50, lease_seconds=600, interval_seconds=1)


async def queued(amqp_url: str) -> dict[Channel, list[AbstractIncomingMessage]]:
    """What waits on each channel's queue, taken off it."""
    return {
        Channel.TELEGRAM: await take_all(amqp_url, REMINDERS_QUEUE),
        Channel.EMAIL: await take_all(amqp_url, EMAIL_REMINDERS_QUEUE),
    }


def assert_envelope(message: AbstractIncomingMessage, reminder: DueReminder) -> None:
    """The message is persistent JSON under the reminder's id, with the claim's request id."""
    assert message.message_id == reminder_id(reminder.task_id, reminder.due_at)
    assert message.delivery_mode == aio_pika.DeliveryMode.PERSISTENT
    assert message.content_type == "application/json"
    assert re.fullmatch(r"[0-9a-f]{32}", str(message.headers["x-request-id"])), "to follow it"


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "⏰ Pay rent\nVery urgent · open for 3 hours"), ("ru", "⏰ Pay rent\nОчень срочно")],
)
async def test_a_reminder_to_both_channels_is_one_message_on_each_queue(
    amqp_url: str, channel: AbstractChannel, language: str, text: str
) -> None:
    reminder = due(chat=True, email=True, language=language)
    assert await producer(Claims(reminder), amqp_url).produce_round(channel) == 2

    waiting = await queued(amqp_url)
    [to_chat], [to_address] = waiting[Channel.TELEGRAM], waiting[Channel.EMAIL]
    chat = SendReminder.model_validate_json(to_chat.body)
    mail = SendEmailReminder.model_validate_json(to_address.body)
    for message in (to_chat, to_address):
        assert_envelope(message, reminder)
    assert to_chat.headers["x-request-id"] == to_address.headers["x-request-id"], "one claim"
    assert chat.reminder_id == mail.reminder_id
    assert (chat.chat_id, chat.user_id, chat.task_id) == (
        reminder.telegram_chat_id,
        reminder.user_id,
        reminder.task_id,
    )
    assert mail.text == chat.text
    assert chat.text.startswith(text)
    assert (chat.language, mail.language) == (language, language)


async def test_a_reminder_by_email_only_is_mailed_with_its_links(
    amqp_url: str, channel: AbstractChannel
) -> None:
    reminder = due(chat=False, email=True)
    assert await producer(Claims(reminder), amqp_url).produce_round(channel) == 1

    waiting = await queued(amqp_url)
    assert waiting[Channel.TELEGRAM] == []
    [message] = waiting[Channel.EMAIL]
    assert_envelope(message, reminder)
    mail = SendEmailReminder.model_validate_json(message.body)
    assert reminder.email is not None
    assert mail.model_dump(include={"email", "done_url", "snooze_url", "unsubscribe_url"}) == {
        "email": reminder.email.address,
        "done_url": reminder.email.done_url,
        "snooze_url": reminder.email.snooze_url,
        "unsubscribe_url": reminder.email.unsubscribe_url,
    }
    assert (mail.task_id, mail.user_id, mail.title) == (
        reminder.task_id,
        reminder.user_id,
        "Pay rent",
    )
    assert mail.text.startswith("⏰ Pay rent\nVery urgent")
    assert mail.due_at == reminder.due_at
    assert json.loads(message.body)["version"] == 1


async def test_a_reminder_by_telegram_only_is_not_mailed(
    amqp_url: str, channel: AbstractChannel
) -> None:
    reminder = due(chat=True, email=False)
    assert await producer(Claims(reminder), amqp_url).produce_round(channel) == 1

    waiting = await queued(amqp_url)
    assert waiting[Channel.EMAIL] == []
    [message] = waiting[Channel.TELEGRAM]
    assert_envelope(message, reminder)
    assert SendReminder.model_validate_json(message.body).chat_id == reminder.telegram_chat_id


async def test_a_reminder_with_no_channel_is_logged_and_the_others_still_go(
    amqp_url: str, channel: AbstractChannel, caplog: pytest.LogCaptureFixture
) -> None:
    nowhere, somewhere = due(chat=False, email=False), due(chat=True, email=False)
    assert await producer(Claims(nowhere, somewhere), amqp_url).produce_round(channel) == 1

    waiting = await queued(amqp_url)
    assert [json.loads(m.body)["task_id"] for m in waiting[Channel.TELEGRAM]] == [somewhere.task_id]
    assert waiting[Channel.EMAIL] == []
    [warning] = [r for r in caplog.records if r.message == "claimed reminder has no channel"]
    assert warning.task_id == nowhere.task_id


async def test_the_producer_declares_the_email_queue_when_it_connects(amqp_url: str) -> None:
    async with await aio_pika.connect(amqp_url) as connection:
        await (await connection.channel()).queue_delete(EMAIL_REMINDERS_QUEUE)
    reminder = due(chat=False, email=True)
    producing, stopping = producer(Claims(reminder), amqp_url), asyncio.Event()
    work = asyncio.create_task(producing.run(stopping))
    taken: list[AbstractIncomingMessage] = []

    async def arrived() -> bool:
        taken.extend(await take_all(amqp_url, EMAIL_REMINDERS_QUEUE))
        return bool(taken)

    try:
        await asyncio.wait_for(producing.connected.wait(), 30)  # the queues are declared
        await eventually(arrived)
    finally:
        stopping.set()
        await work
    [message] = taken
    assert json.loads(message.body)["task_id"] == reminder.task_id
