"""The worker: each reminder sent once, within Telegram's limits, or retried, or dead-lettered."""

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta

import aio_pika
import pytest
from prometheus_client import REGISTRY

from fake_telegram import BotAction, FakeTelegram
from todo_shared.api_client import TaskApi
from todo_shared.messages import SendReminder, reminder_id
from todo_shared.topology import DEAD_REMINDERS_QUEUE, REMINDERS_QUEUE
from todo_testkit.broker import take_all
from todo_testkit.clock import travel
from todo_testkit.task_api import RunningApi
from todo_testkit.typing import Caller
from todo_testkit.waiting import eventually


async def task_of(caller: Caller, task_id: int) -> dict:
    return (await caller.client.get(f"/api/v1/tasks/{task_id}")).json()


async def queue_depth(amqp_url: str, queue: str) -> int:
    async with await aio_pika.connect(amqp_url) as connection:
        declared = await (await connection.channel()).get_queue(queue, ensure=True)
        return declared.declaration_result.message_count or 0


def emptied(amqp_url: str, queue: str = REMINDERS_QUEUE) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        return await queue_depth(amqp_url, queue) == 0

    return check


async def test_a_reminder_is_sent_with_its_buttons_and_recorded(
    telegram: FakeTelegram, start_worker, publish, make_reminder
) -> None:
    person, reminder = await make_reminder(title="Pay rent")
    await start_worker()
    await publish(reminder.model_dump_json().encode(), reminder.reminder_id)

    [message] = await telegram.wait_for_messages(reminder.chat_id, count=1, timeout=10)
    assert message.text == "⏰ Pay rent"
    assert message.reply_markup is not None
    keyboard = message.reply_markup["inline_keyboard"]
    task_id = reminder.task_id
    assert [[b["callback_data"] for b in row] for row in keyboard] == [
        [f"done:{task_id}"],
        [f"snooze:{task_id}:900", f"snooze:{task_id}:3600", f"snooze:{task_id}:10800"],
        [f"snooze:{task_id}:morning"],
    ]

    async def recorded() -> bool:
        return (await task_of(person, task_id))["last_notification"] is not None

    await eventually(recorded)
    task = await task_of(person, task_id)
    sent_at = datetime.fromisoformat(task["last_notification"])
    assert datetime.fromisoformat(task["next_notification_at"]) > sent_at


async def test_a_message_delivered_twice_sends_one_telegram_message(
    telegram: FakeTelegram, start_worker, publish, make_reminder, amqp_url: str
) -> None:
    _, reminder = await make_reminder()
    body = reminder.model_dump_json().encode()
    await publish(body, reminder.reminder_id)
    await publish(body, reminder.reminder_id)
    await start_worker()
    await start_worker()

    await telegram.wait_for_messages(reminder.chat_id, count=1, timeout=10)
    await eventually(emptied(amqp_url))
    assert len(telegram.calls(method="sendMessage", chat_id=reminder.chat_id)) == 1


async def test_two_reminders_of_one_task_in_hand_at_once_send_one_telegram_message(
    telegram: FakeTelegram, start_worker, publish, make_reminder
) -> None:
    # A lease that ran out while the reminder waited in the queue, and a claim that saw the
    # task due at another moment (rescheduled meanwhile): two reminders of one task.
    _, reminder = await make_reminder()
    earlier_due = reminder.due_at - timedelta(minutes=5)
    again = reminder.model_copy(
        update={"due_at": earlier_due, "reminder_id": reminder_id(reminder.task_id, earlier_due)}
    )
    skipped_before = skipped()
    for message in (reminder, again):
        await publish(message.model_dump_json().encode(), message.reminder_id)
    await start_worker()
    await start_worker()

    await telegram.wait_for_messages(reminder.chat_id, count=1, timeout=10)

    async def the_other_skipped() -> bool:  # once the first was recorded: no longer due
        return skipped() == skipped_before + 1

    await eventually(the_other_skipped, within_seconds=15)
    assert len(telegram.calls(method="sendMessage", chat_id=reminder.chat_id)) == 1


def skipped() -> float:
    return (
        REGISTRY.get_sample_value("notifier_worker_reminders_total", {"outcome": "skipped"}) or 0.0
    )


async def change_task(person: Caller, task_id: int, change: str) -> None:
    """Mark the task done, delete it or snooze it for long, as its owner."""
    url = f"/api/v1/tasks/{task_id}"
    if change == "done":
        answer = await person.client.patch(url, json={"status": "done"})
    elif change == "deleted":
        answer = await person.client.delete(url)
    else:
        answer = await person.client.patch(url, json={"snoozed_until": "2099-01-01T00:00:00Z"})
    assert answer.is_success, answer.text


@pytest.mark.parametrize("change", ["done", "deleted", "snoozed"])
async def test_a_task_done_deleted_or_snoozed_meanwhile_is_skipped(
    telegram: FakeTelegram, start_worker, publish, make_reminder, amqp_url: str, change: str
) -> None:
    person, reminder = await make_reminder()
    await change_task(person, reminder.task_id, change)
    _, marker = await make_reminder(person, title="marker")
    await publish(reminder.model_dump_json().encode(), reminder.reminder_id)
    await publish(marker.model_dump_json().encode(), marker.reminder_id)
    await start_worker()

    # One worker takes messages in order: the marker's arrival means the first was settled.
    [sent] = await telegram.wait_for_messages(marker.chat_id, count=1, timeout=10)
    assert sent.text == "⏰ marker"
    await eventually(emptied(amqp_url))


@pytest.mark.parametrize("change", ["done", "deleted", "snoozed"])
async def test_a_task_done_deleted_or_snoozed_while_its_reminder_waits_its_turn_is_skipped(
    telegram: FakeTelegram, start_worker, publish, make_reminders, change: str
) -> None:
    made = await make_reminders(per_chat=8)
    person, chat_id = made[0][0], made[0][1].chat_id
    for _, reminder in made:
        await publish(reminder.model_dump_json().encode(), reminder.reminder_id)
    skipped_before = skipped()
    # One message to the chat every 2 s: the others wait their turn in the worker's hands.
    await start_worker(TELEGRAM_CHAT_MESSAGES_PER_SECOND="0.5")

    [first] = await telegram.wait_for_messages(chat_id, count=1, timeout=10)
    changed = [reminder for _, reminder in made if reminder.text != first.text][:4]
    for reminder in changed:
        await change_task(person, reminder.task_id, change)

    await telegram.wait_for_messages(chat_id, count=4, timeout=30)

    async def the_changed_skipped() -> bool:
        return skipped() == skipped_before + len(changed)

    await eventually(the_changed_skipped, within_seconds=30)
    sent = {message["text"] for message in telegram.messages(chat_id)}
    assert sent.isdisjoint(reminder.text for reminder in changed)
    assert len(sent) == len(made) - len(changed)


async def test_a_task_done_during_a_429_pause_is_not_reminded_after_it(
    telegram: FakeTelegram, start_worker, publish, make_reminders
) -> None:
    made = await make_reminders(per_chat=3)
    person, chat_id = made[0][0], made[0][1].chat_id
    telegram.fail_next("retry_after", count=1, method="sendMessage", retry_after=3)
    for _, reminder in made:
        await publish(reminder.model_dump_json().encode(), reminder.reminder_id)
    skipped_before = skipped()
    await start_worker()

    await telegram.wait_for_calls(1, timeout=10, method="sendMessage")  # answered 429: a pause
    for _, reminder in made:
        await change_task(person, reminder.task_id, "done")

    async def all_skipped() -> bool:
        return skipped() == skipped_before + len(made)

    await eventually(all_skipped, within_seconds=30)
    assert telegram.messages(chat_id) == []


async def test_a_429_waits_what_telegram_asked_then_sends_once(
    telegram: FakeTelegram, start_worker, publish, make_reminder
) -> None:
    _, reminder = await make_reminder()
    telegram.fail_next("retry_after", count=1, method="sendMessage", retry_after=1)
    await publish(reminder.model_dump_json().encode(), reminder.reminder_id)
    await start_worker()

    [message] = await telegram.wait_for_messages(reminder.chat_id, count=1, timeout=15)
    calls = telegram.calls(method="sendMessage", chat_id=reminder.chat_id)
    assert [call.status for call in calls] == [429, 200]
    assert calls[1].at - calls[0].at >= 1.0, "sent again before Telegram's retry_after"
    assert message.text == "⏰ Pay rent"


async def test_a_blocked_chat_is_marked_unreachable_and_not_retried(
    telegram: FakeTelegram, start_worker, publish, make_reminder, amqp_url: str
) -> None:
    person, reminder = await make_reminder()
    telegram.block_chat(reminder.chat_id)
    await publish(reminder.model_dump_json().encode(), reminder.reminder_id)
    await start_worker()

    async def marked() -> bool:
        return (await person.client.get("/api/v1/users/me")).json()["telegram_unreachable"]

    await eventually(marked)
    await eventually(emptied(amqp_url))
    assert (await task_of(person, reminder.task_id))["next_notification_at"] is None
    assert len(telegram.calls(method="sendMessage", chat_id=reminder.chat_id)) == 1


async def test_5xx_is_retried_with_growing_delays_until_it_works(
    telegram: FakeTelegram, start_worker, publish, make_reminder
) -> None:
    _, reminder = await make_reminder()
    telegram.fail_next("server_error", count=2, method="sendMessage", chat_id=reminder.chat_id)
    await publish(reminder.model_dump_json().encode(), reminder.reminder_id)
    await start_worker()

    await telegram.wait_for_messages(reminder.chat_id, count=1, timeout=20)
    calls = telegram.calls(method="sendMessage", chat_id=reminder.chat_id)
    assert [call.status for call in calls] == [500, 500, 200]
    assert calls[1].at - calls[0].at >= 1.0
    assert calls[2].at - calls[1].at >= 2.0


def labels(message: BotAction) -> list[list[str]]:
    """The labels of the buttons under a message the bot sent."""
    assert message.reply_markup is not None
    return [[button["text"] for button in row] for row in message.reply_markup["inline_keyboard"]]


async def test_a_reminder_keeps_its_language_through_a_retry(
    telegram: FakeTelegram, start_worker, publish, make_reminder, task_api: RunningApi
) -> None:
    person = await task_api.sign_up_linked(language="ru")
    _, reminder = await make_reminder(person)
    assert reminder.language == "ru"
    telegram.fail_next("server_error", count=1, method="sendMessage", chat_id=reminder.chat_id)
    await publish(reminder.model_dump_json().encode(), reminder.reminder_id)
    await start_worker()

    [message] = await telegram.wait_for_messages(reminder.chat_id, count=1, timeout=20)
    calls = telegram.calls(method="sendMessage", chat_id=reminder.chat_id)
    assert [call.status for call in calls] == [500, 200], "sent from the retry queue"
    assert labels(message) == [
        ["✅ Готово"],
        ["💤 15 мин", "💤 1 ч", "💤 3 ч"],
        ["🌅 Завтра утром"],
    ]


async def test_a_version_1_message_still_in_a_queue_is_sent_in_english(
    telegram: FakeTelegram, start_worker, publish, make_reminder, task_api: RunningApi
) -> None:
    person = await task_api.sign_up_linked(language="ru")
    _, reminder = await make_reminder(person)
    # As the producers of before wrote it: version 1, no language.
    body = reminder.model_dump(mode="json", exclude={"language"}) | {"version": 1}
    await publish(json.dumps(body).encode(), reminder.reminder_id)
    await start_worker()

    [message] = await telegram.wait_for_messages(reminder.chat_id, count=1, timeout=10)
    assert message.text == "⏰ Pay rent"
    assert labels(message) == [
        ["✅ Done"],
        ["💤 15 min", "💤 1 h", "💤 3 h"],
        ["🌅 Tomorrow morning"],
    ]

    async def recorded() -> bool:
        return (await task_of(person, reminder.task_id))["last_notification"] is not None

    await eventually(recorded)


async def test_after_the_last_attempt_the_reminder_rests_in_the_dead_letter_queue(
    telegram: FakeTelegram, start_worker, publish, make_reminder, amqp_url: str
) -> None:
    _, reminder = await make_reminder()
    telegram.fail_next("server_error", count=10, method="sendMessage", chat_id=reminder.chat_id)
    await publish(reminder.model_dump_json().encode(), reminder.reminder_id)
    await start_worker()

    async def dead() -> bool:
        return await queue_depth(amqp_url, DEAD_REMINDERS_QUEUE) == 1

    await eventually(dead)
    [message] = await take_all(amqp_url, DEAD_REMINDERS_QUEUE)
    assert SendReminder.model_validate_json(message.body) == reminder, "as it was published"
    assert message.headers["x-attempts"] == 3
    assert str(message.headers["x-reason"]).startswith("gave up after 3 attempts: Telegram failed")
    assert len(telegram.calls(method="sendMessage", chat_id=reminder.chat_id)) == 3
    assert telegram.messages(reminder.chat_id) == []


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"not json at all", "not a reminder: Invalid JSON"),
        (b'{"version": 1}', "not a reminder: Field required"),
    ],
    ids=["not JSON", "not our schema"],
)
async def test_a_message_that_is_no_reminder_goes_straight_to_the_dead_letter_queue(
    start_worker, publish, amqp_url: str, body: bytes, reason: str
) -> None:
    await publish(body)
    await start_worker()

    async def dead() -> bool:
        return await queue_depth(amqp_url, DEAD_REMINDERS_QUEUE) == 1

    await eventually(dead)
    [message] = await take_all(amqp_url, DEAD_REMINDERS_QUEUE)
    assert message.body == body
    assert str(message.headers["x-reason"]).startswith(reason)


async def test_task_api_being_away_is_waited_out(
    telegram: FakeTelegram, start_worker, publish, make_reminder
) -> None:
    _, reminder = await make_reminder()
    await publish(reminder.model_dump_json().encode(), reminder.reminder_id)
    await start_worker(API_URL="http://127.0.0.1:9")  # nothing listens there: sends are retried
    await start_worker()  # a worker that reaches task-api takes the retried message

    [message] = await telegram.wait_for_messages(reminder.chat_id, count=1, timeout=20)
    assert message.text == "⏰ Pay rent"


LEASE = timedelta(minutes=10)


@pytest.fixture
async def producer(task_api: RunningApi) -> AsyncIterator[TaskApi]:
    """task-api as the producer calls it."""
    api = TaskApi(task_api.base_url, task_api.service_tokens["notifier-producer"])
    yield api
    await api.aclose()


async def claimed(producer: TaskApi) -> dict[int, datetime]:
    """Claim everything due, as the producer does: each claimed task and its due moment."""
    found: dict[int, datetime] = {}
    lease_seconds = int(LEASE.total_seconds())
    while batch := (await producer.claim(limit=1000, lease_seconds=lease_seconds)).items:
        found |= {due.task_id: due.due_at for due in batch}
    return found


@pytest.mark.parametrize("failure", ["refused", "failing"])
async def test_a_reminder_given_up_on_is_dead_lettered_once_and_not_offered_again(
    telegram: FakeTelegram,
    start_worker,
    publish,
    make_reminder,
    producer: TaskApi,
    amqp_url: str,
    database_url: str,
    failure: str,
) -> None:
    person, reminder = await make_reminder()
    assert reminder.task_id in await claimed(producer)
    if failure == "refused":  # 6,000 UTF-16 units: Telegram answers 400 "message is too long"
        reminder = reminder.model_copy(update={"text": "🔔" * 3000})
    else:
        telegram.fail_next("server_error", count=10, method="sendMessage", chat_id=reminder.chat_id)
    await publish(reminder.model_dump_json().encode(), reminder.reminder_id)
    await start_worker()

    async def dead() -> bool:
        return await queue_depth(amqp_url, DEAD_REMINDERS_QUEUE) == 1

    await eventually(dead)
    await travel(database_url, LEASE + timedelta(seconds=1))  # the claim's lease is over
    assert reminder.task_id not in await claimed(producer), "offered again for the same moment"
    task = await task_of(person, reminder.task_id)
    assert task["last_notification"] is None
    next_at = reminder.due_at + timedelta(hours=5) - LEASE - timedelta(seconds=1)
    assert datetime.fromisoformat(task["next_notification_at"]) == next_at  # the cadence goes on
    assert len(await take_all(amqp_url, DEAD_REMINDERS_QUEUE)) == 1


async def test_a_reminder_to_a_chat_that_blocked_the_bot_comes_at_once_when_it_is_back(
    telegram: FakeTelegram,
    start_worker,
    publish,
    make_reminder,
    producer: TaskApi,
    task_api: RunningApi,
) -> None:
    person, reminder = await make_reminder()
    assert reminder.task_id in await claimed(producer)
    telegram.block_chat(reminder.chat_id)
    skipped_before = skipped()
    await publish(reminder.model_dump_json().encode(), reminder.reminder_id)
    await start_worker()

    async def settled() -> bool:
        return skipped() == skipped_before + 1

    await eventually(settled)
    telegram.unblock_chat(reminder.chat_id)
    bot = TaskApi(task_api.base_url, task_api.service_tokens["telegram-bot"])
    try:
        back = await bot.account_for_chat(reminder.chat_id)  # the person starts the bot again
    finally:
        await bot.aclose()
    assert (back.id, back.telegram_unreachable) == (person.id, False)
    assert (await claimed(producer)).get(reminder.task_id) == reminder.due_at
