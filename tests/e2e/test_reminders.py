"""Reminders end to end: the schedule of each urgency, as the person sees it in Telegram."""

from datetime import UTC, datetime, timedelta

from fake_telegram import FakeTelegram
from todo_testkit.task_api import RunningApi
from todo_testkit.typing import Caller

HOUR = timedelta(hours=1)
MINUTE = timedelta(minutes=1)


async def texts(telegram: FakeTelegram, person: Caller, count: int) -> list[str]:
    """The first `count` messages the person got, once they all arrived."""
    chat = person.user["telegram_chat_id"]
    await telegram.wait_for_messages(chat, count=count, timeout=30)
    return [message["text"].split("\n")[0] for message in telegram.messages(chat)]


async def recorded_just_now(person: Caller, task: dict) -> bool:
    """Whether the task's last_notification is of the last minutes (the clock moves by hours)."""
    current = (await person.client.get(f"/api/v1/tasks/{task['id']}")).json()
    last = current["last_notification"]
    return last is not None and datetime.now(UTC) - datetime.fromisoformat(last) < 10 * MINUTE


async def create(person: Caller, **fields: object) -> dict:
    created = await person.client.post("/api/v1/tasks", json=fields)
    assert created.status_code == 201, created.text
    return created.json()


async def test_each_urgency_is_reminded_on_its_schedule(
    task_api: RunningApi, pipeline, telegram: FakeTelegram, travel, all_sent
) -> None:
    person = await task_api.sign_up_linked()
    soon = (datetime.now(UTC) + 2 * HOUR).isoformat()
    await create(person, title="very urgent", urgency="very_urgent")
    await create(person, title="urgent", urgency="urgent")
    await create(person, title="not urgent")
    one_off = await create(person, title="one-off", remind_at=soon)
    finished = await create(person, title="finished", urgency="very_urgent", status="done")
    await pipeline.start()

    # (hours since creation, the reminders due by then): the one-off's cadence counts from it.
    schedule = {
        2: ["🔔 one-off"],
        3: ["⏰ very urgent"],
        8: ["⏰ very urgent"],
        12: ["⏰ urgent"],
        13: ["⏰ very urgent"],
        18: ["⏰ very urgent"],
        22: ["⏰ urgent"],
        23: ["⏰ very urgent"],
        24: ["⏰ not urgent"],
        26: ["⏰ one-off"],
        28: ["⏰ very urgent"],
    }
    expected: list[str] = []
    for hour in range(1, 30):
        await travel(HOUR)
        await all_sent(person)
        expected += schedule.get(hour, [])
        assert await texts(telegram, person, len(expected)) == expected, f"at hour {hour}"
        reminded_now = any("one-off" in text for text in schedule.get(hour, []))
        assert await recorded_just_now(person, one_off) == reminded_now, f"at hour {hour}"
    done = (await person.client.get(f"/api/v1/tasks/{finished['id']}")).json()
    assert done["last_notification"] is None, "a done task was reminded"


async def test_a_pipeline_stopped_for_three_days_reminds_once_then_keeps_the_cadence(
    task_api: RunningApi, pipeline, telegram: FakeTelegram, travel, all_sent
) -> None:
    person = await task_api.sign_up_linked()
    for urgency in ("very_urgent", "urgent", "not_urgent"):
        await create(person, title=urgency, urgency=urgency)
    await travel(timedelta(days=3))  # nothing runs: 14 slots of very urgent are missed
    await pipeline.start()
    await all_sent(person)
    assert sorted(await texts(telegram, person, 3)) == [
        "⏰ not_urgent",
        "⏰ urgent",
        "⏰ very_urgent",
    ]

    await travel(5 * HOUR)
    await all_sent(person)
    assert (await texts(telegram, person, 4))[3:] == ["⏰ very_urgent"]
    await travel(5 * HOUR)
    await all_sent(person)
    assert sorted((await texts(telegram, person, 6))[4:]) == ["⏰ urgent", "⏰ very_urgent"]


async def test_a_snooze_postpones_the_next_reminder_and_the_cadence_goes_on(
    task_api: RunningApi, pipeline, telegram: FakeTelegram, travel, all_sent
) -> None:
    person = await task_api.sign_up_linked()
    task = await create(person, title="snoozy", urgency="very_urgent")
    await pipeline.start()
    await travel(3 * HOUR)
    await all_sent(person)
    assert await texts(telegram, person, 1) == ["⏰ snoozy"]

    until = (datetime.now(UTC) + 8 * HOUR).isoformat()
    await person.client.patch(f"/api/v1/tasks/{task['id']}", json={"snoozed_until": until})
    await travel(5 * HOUR)  # the cadence's moment passes while snoozed
    await all_sent(person)
    await travel(3 * HOUR)  # the snooze ends
    await all_sent(person)
    assert await texts(telegram, person, 2) == ["⏰ snoozy", "⏰ snoozy"]
    await travel(5 * HOUR)  # and the five-hour cadence goes on from that reminder
    await all_sent(person)
    assert len(await texts(telegram, person, 3)) == 3


async def test_two_producers_and_two_workers_lose_nothing_and_repeat_nothing(
    task_api: RunningApi, pipeline, telegram: FakeTelegram, travel, all_sent
) -> None:
    people = [await task_api.sign_up_linked() for _ in range(15)]
    for person in people:
        for n in range(3):
            await create(person, title=f"task {n}", urgency="very_urgent")
    await travel(3 * HOUR + timedelta(minutes=1))
    await pipeline.start(producers=2, workers=2)
    for person in people:
        await all_sent(person)
    for person in people:
        assert sorted(await texts(telegram, person, 3)) == ["⏰ task 0", "⏰ task 1", "⏰ task 2"]
        chat = person.user["telegram_chat_id"]
        assert len(telegram.calls(method="sendMessage", chat_id=chat)) == 3, "sent twice"


async def test_429s_and_then_500s_still_deliver_every_reminder_once(
    task_api: RunningApi, pipeline, telegram: FakeTelegram, travel, all_sent
) -> None:
    people = [await task_api.sign_up_linked() for _ in range(4)]
    for person in people:
        await create(person, title="stubborn", urgency="very_urgent")
    telegram.fail_next("retry_after", count=3, method="sendMessage", retry_after=1)
    telegram.fail_next("server_error", count=3, method="sendMessage")
    await travel(3 * HOUR + timedelta(minutes=1))
    await pipeline.start()
    for person in people:
        await all_sent(person)
        assert await texts(telegram, person, 1) == ["⏰ stubborn"]
        chat = person.user["telegram_chat_id"]
        delivered = [
            c for c in telegram.calls(method="sendMessage", chat_id=chat) if c.status == 200
        ]
        assert len(delivered) == 1


async def test_each_person_is_reminded_in_their_own_language_with_buttons_in_it(
    task_api: RunningApi, pipeline, telegram: FakeTelegram, travel, all_sent
) -> None:
    russian, english = await task_api.sign_up_linked(), await task_api.sign_up_linked()
    changed = await russian.client.patch("/api/v1/users/me", json={"language": "ru"})
    assert changed.status_code == 200, changed.text
    expected = [
        (
            russian,
            "⏰ Pay rent\nОчень срочно · открыта 3 часа · задача #{id}",
            [["✅ Готово"], ["💤 15 мин", "💤 1 ч", "💤 3 ч"], ["🌅 Завтра утром"]],
        ),
        (
            english,
            "⏰ Pay rent\nVery urgent · open for 3 hours · task #{id}",
            [["✅ Done"], ["💤 15 min", "💤 1 h", "💤 3 h"], ["🌅 Tomorrow morning"]],
        ),
    ]
    tasks = [
        await create(person, title="Pay rent", urgency="very_urgent") for person, *_ in expected
    ]
    await pipeline.start()
    await travel(3 * HOUR)

    for (person, text, labels), task in zip(expected, tasks, strict=True):
        await all_sent(person)
        [message] = await telegram.wait_for_messages(person.user["telegram_chat_id"], timeout=30)
        assert message.text == text.format(id=task["id"])
        assert message.reply_markup is not None
        keyboard = message.reply_markup["inline_keyboard"]
        assert [[button["text"] for button in row] for row in keyboard] == labels
