"""The worker's reminder and the bot's buttons together: what a person does with a reminder."""

from datetime import timedelta

from fake_telegram import FakeTelegram
from todo_testkit.task_api import RunningApi
from todo_testkit.typing import Caller

HOUR = timedelta(hours=1)


def reminders_of(telegram: FakeTelegram, person: Caller, title: str) -> list[dict]:
    chat = person.user["telegram_chat_id"]
    return [m for m in telegram.messages(chat) if m["text"].split("\n")[0].endswith(title)]


async def test_done_on_a_reminder_ends_that_tasks_reminders(
    task_api: RunningApi, pipeline, telegram: FakeTelegram, bot: None, travel, all_sent
) -> None:
    person = await task_api.sign_up_linked()
    chat = person.user["telegram_chat_id"]
    ids = {}
    for title in ("Water the plants", "Call mum"):
        created = await person.client.post(
            "/api/v1/tasks", json={"title": title, "urgency": "very_urgent"}
        )
        assert created.status_code == 201, created.text
        ids[title] = created.json()["id"]
    await pipeline.start()

    await travel(3 * HOUR)
    await all_sent(person)
    await telegram.wait_for_messages(chat, count=2, timeout=30)
    [reminder] = reminders_of(telegram, person, "Water the plants")
    answered = len(telegram.actions(chat, kind="answer_callback"))
    telegram.press_button(chat_id=chat, message_id=reminder["message_id"], button_text="✅ Done")
    await telegram.wait_for_actions(chat, answered + 1, timeout=10, kind="answer_callback")

    task = (await person.client.get(f"/api/v1/tasks/{ids['Water the plants']}")).json()
    assert (task["status"], task["next_notification_at"]) == ("done", None)
    [shown] = reminders_of(telegram, person, "Water the plants")
    assert shown["text"].endswith("✅ Done."), "the reminder shows what the press did"

    # Five hours on, the other task is reminded again; the done one, in the same claim, is not.
    await travel(5 * HOUR)
    await all_sent(person)
    await telegram.wait_for_messages(chat, count=3, timeout=30)
    assert len(reminders_of(telegram, person, "Call mum")) == 2
    assert len(reminders_of(telegram, person, "Water the plants")) == 1


async def test_done_on_a_reminder_in_russian_ends_that_tasks_reminders(
    task_api: RunningApi, pipeline, telegram: FakeTelegram, bot: None, travel, all_sent
) -> None:
    person = await task_api.sign_up_linked(language="ru")
    chat = person.user["telegram_chat_id"]
    created = await person.client.post(
        "/api/v1/tasks", json={"title": "Water the plants", "urgency": "very_urgent"}
    )
    assert created.status_code == 201, created.text
    await pipeline.start()

    await travel(3 * HOUR)
    await all_sent(person)
    [reminder] = await telegram.wait_for_messages(chat, count=1, timeout=30)
    # The buttons' callback_data is the same in every language: the bot reads the press alike.
    telegram.press_button(chat_id=chat, message_id=reminder.message_id, button_text="✅ Готово")
    await telegram.wait_for_actions(chat, 1, timeout=10, kind="answer_callback")

    task = (await person.client.get(f"/api/v1/tasks/{created.json()['id']}")).json()
    assert (task["status"], task["next_notification_at"]) == ("done", None)
