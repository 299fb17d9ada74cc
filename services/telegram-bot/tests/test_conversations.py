"""People typing to the bot and pressing its buttons; the bot's answers read from the fake.

Every test here runs against the bot served in this process and against the bot's process.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from aiogram.utils.i18n import I18n

from fake_smtp import FakeSmtp
from fake_telegram import FakeTelegram
from fake_telegram.state import BotAction, JsonObject
from telegram_bot import texts, texts_channels
from todo_shared.api_client import TaskApi
from todo_shared.enums import Channel, TaskStatus, Urgency
from todo_shared.schemas import QuietHoursSetting, TaskPublic
from todo_testkit.factories import new_chat_id
from todo_testkit.task_api import RunningApi, verification_code

SendReminder = Callable[..., Awaitable[JsonObject]]


@dataclass
class Person:
    """Someone in a private chat with the bot: what they type, press, and read."""

    fake: FakeTelegram
    token: str
    chat_id: int = field(default_factory=new_chat_id)
    language_code: str = "en"
    """The language of their Telegram app, which every message they type carries."""

    async def say(self, text: str) -> BotAction:
        """Type `text`; the bot's answer (the next message it sends)."""
        [answer] = await self.say_at_once(text)
        return answer

    async def say_at_once(self, *texts: str) -> list[BotAction]:
        """Type several messages without waiting in between; the bot's next answers."""
        sent = len(self.fake.actions(self.chat_id, kind="send", token=self.token))
        for text in texts:
            self.fake.inject_message(
                text, user_id=self.chat_id, token=self.token, language_code=self.language_code
            )
        answers = await self.fake.wait_for_messages(
            self.chat_id, sent + len(texts), token=self.token
        )
        return answers[sent:]

    async def press(self, message: BotAction | JsonObject, button: str) -> BotAction:
        """Press the button labelled `button` under `message`; the bot's answer to the press."""
        [answer] = await self.press_at_once(message, button)
        return answer

    async def press_at_once(self, message: BotAction | JsonObject, *labels: str) -> list[BotAction]:
        """Press buttons under `message` without waiting in between; the bot's answers."""
        message_id = id_of(message)
        answered = len(self.fake.actions(self.chat_id, kind="answer_callback", token=self.token))
        for label in labels:
            self.fake.press_button(
                chat_id=self.chat_id, message_id=message_id, button_text=label, token=self.token
            )
        answers = await self.fake.wait_for_actions(
            self.chat_id, answered + len(labels), kind="answer_callback", token=self.token
        )
        return answers[answered:]

    def someone_else(self) -> "Person":
        """Another person, in a private chat of their own with the same bot."""
        return Person(self.fake, self.token)

    def shown(self, message: BotAction | JsonObject) -> JsonObject:
        """A message of the chat as it looks now, edits applied."""
        messages = self.fake.messages(self.chat_id, token=self.token)
        [now] = [m for m in messages if m["message_id"] == id_of(message)]
        return now


def id_of(message: BotAction | JsonObject) -> int:
    """The id of a message, as the bot sent it or as the chat shows it."""
    message_id = message.message_id if isinstance(message, BotAction) else message["message_id"]
    assert isinstance(message_id, int)
    return message_id


def buttons(message: BotAction | JsonObject) -> list[str]:
    """The labels of a message's inline buttons, row after row."""
    markup = message.reply_markup if isinstance(message, BotAction) else message.get("reply_markup")
    return [button["text"] for row in (markup or {}).get("inline_keyboard", []) for button in row]


@pytest.fixture
def person(fake: FakeTelegram, bot: dict[str, str]) -> Person:
    """Someone who has not started the bot yet."""
    return Person(fake, bot["TELEGRAM_BOT_TOKEN"])


@pytest.fixture
async def linked(person: Person) -> Person:
    """Someone who started the bot without a code: their chat has an account of its own."""
    await person.say("/start")
    return person


async def tasks_of(
    api: TaskApi, chat: Person, status: TaskStatus | None = None
) -> list[TaskPublic]:
    """The chat's user's tasks, as task-api has them."""
    return (await api.list_tasks(chat_id=chat.chat_id, status=status)).items


async def add_task(
    api: TaskApi, chat: Person, title: str = "Pay rent", **fields: str
) -> TaskPublic:
    """A task of the chat's user, made through task-api directly."""
    return await api.create_task(chat_id=chat.chat_id, title=title, **fields)


MSK = ZoneInfo("Europe/Moscow")
FAR_FRIDAY = date(2030, 12, 20)
"""A Friday years ahead: the dates that follow it do not depend on today."""


def moscow_today() -> date:
    """Today in Moscow, the zone of people who set none."""
    return datetime.now(MSK).date()


def shown_day(day: date, zone: str = "Europe/Moscow") -> str:
    """A day as the bot shows it to someone in `zone`: "today", "tomorrow", "yesterday", else
    "Fri 20 Dec", with a year not this one."""
    today = datetime.now(ZoneInfo(zone)).date()
    near = {-1: "yesterday", 0: "today", 1: "tomorrow"}.get((day - today).days)
    if near is not None:
        return near
    shown = f"{day:%a} {day.day} {day:%b}"
    return shown if day.year == today.year else f"{shown} {day.year}"


def shown_moment(moment: datetime, zone: str = "Europe/Moscow") -> str:
    """A moment as the bot shows it to someone in `zone`: "tomorrow 9:05"."""
    local = moment.astimezone(ZoneInfo(zone))
    return f"{shown_day(local.date(), zone)} {local.hour}:{local:%M}"


def next_weekday(weekday: int) -> date:
    """The next day of the week (0 for Monday) in Moscow, today included."""
    today = moscow_today()
    return today + timedelta(days=(weekday - today.weekday()) % 7)


async def test_start_without_a_code_makes_the_chat_an_account_of_its_own(
    person: Person, bot_api: TaskApi
) -> None:
    answer = await person.say("/start")

    assert "account of its own" in (answer.text or "")
    account = await bot_api.me(chat_id=person.chat_id)
    assert account.telegram_chat_id == person.chat_id
    again = await person.say("/start")
    assert (
        again.text
        == f"Welcome back, {account.username}! Your reminders come here. /help lists what I can do."
    )
    assert (await bot_api.me(chat_id=person.chat_id)).id == account.id


async def test_start_with_a_code_links_the_chat_to_that_account_tasks_and_all(
    linked: Person, task_api: RunningApi, bot_api: TaskApi
) -> None:
    await linked.say("/new Buy milk")
    app_user = await task_api.sign_up()
    code = (await app_user.client.post("/api/v1/users/me/telegram-link")).json()["code"]

    answer = await linked.say(f"/start {code}")

    assert f"this chat now belongs to {app_user.user['username']}" in (answer.text or "")
    assert (await bot_api.me(chat_id=linked.chat_id)).id == app_user.id
    their_tasks = (await app_user.client.get("/api/v1/tasks")).json()["items"]
    await app_user.client.aclose()
    assert [task["title"] for task in their_tasks] == ["Buy milk"]


async def test_a_used_or_unknown_code_says_how_to_get_a_new_one(
    person: Person, task_api: RunningApi
) -> None:
    app_user = await task_api.sign_up()
    code = (await app_user.client.post("/api/v1/users/me/telegram-link")).json()["code"]
    await app_user.client.aclose()
    await person.someone_else().say(f"/start {code}")

    for used_or_unknown in (code, "not-a-code", "x" * 65):
        answer = await person.say(f"/start {used_or_unknown}")
        assert "link code is unknown, used or expired" in (answer.text or "")
    assert "not linked" in ((await person.say("/list")).text or "")


async def test_messages_sent_at_once_are_answered_in_order(
    person: Person, bot_api: TaskApi
) -> None:
    typed = ["/start", "/new Pay rent !", "/list", "/done 9223372036854775807", "/list done"]

    answers = await person.say_at_once(*typed)

    [task] = await tasks_of(bot_api, person)
    assert [answer.text for answer in answers] == [
        texts.NEW_ACCOUNT,
        f"Added #{task.id} Pay rent (urgent).",
        f"Open tasks 1-1 of 1:\n◻️ #{task.id} Pay rent ❗",
        texts.TASK_NOT_FOUND.format(task_id=9223372036854775807),
        texts.NOTHING_DONE,
    ]


async def test_help_lists_every_command_with_an_example(person: Person) -> None:
    text = (await person.say("/help")).text or ""

    for command in texts.COMMANDS.keys() - {"help"}:
        assert f"\n/{command} " in f"\n{text}", command
    assert "/remind 12 tomorrow 9:00" in text
    assert "/due 12 friday" in text


async def test_the_command_menu_lists_every_command_in_each_language(
    bot: dict[str, str], fake: FakeTelegram, i18n: I18n
) -> None:
    async def menu(**params: str) -> dict[str, str]:
        async with httpx.AsyncClient() as http:
            url = fake.api_url(bot["TELEGRAM_BOT_TOKEN"], "getMyCommands")
            answer = await http.post(url, json=params)
        return {command["command"]: command["description"] for command in answer.json()["result"]}

    english = {name: str(description) for name, description in texts.COMMANDS.items()}
    with i18n.use_locale("ru"):
        russian = {name: str(description) for name, description in texts.COMMANDS.items()}

    assert await menu(language_code="en") == english
    assert await menu(language_code="ru") == russian
    assert await menu() == english, "everyone else: the default language, English"
    assert russian["new"] == "добавить задачу, можно со сроком и повтором"
    assert {"due", "repeat", "history", "quiet", "before", "language"} <= english.keys()


@pytest.mark.parametrize(
    ("typed", "title", "urgency"),
    [
        ("/new Pay rent !!", "Pay rent", Urgency.VERY_URGENT),
        ("/new Call mom!", "Call mom", Urgency.URGENT),
    ],
)
async def test_new_with_an_urgency_mark(
    linked: Person, bot_api: TaskApi, typed: str, title: str, urgency: Urgency
) -> None:
    answer = await linked.say(typed)

    [task] = await tasks_of(bot_api, linked)
    assert (task.title, task.urgency) == (title, urgency)
    assert answer.text == f"Added #{task.id} {title} ({urgency.replace('_', ' ')})."
    assert buttons(answer) == []


async def test_new_without_a_mark_asks_for_the_urgency_with_buttons(
    linked: Person, bot_api: TaskApi
) -> None:
    question = await linked.say("/new Water the plants")

    [task] = await tasks_of(bot_api, linked)
    assert question.text == f"Added #{task.id} Water the plants. How urgent is it?"
    assert buttons(question) == ["Not urgent", "❗ Urgent", "‼️ Very urgent"]
    await linked.press(question, "‼️ Very urgent")
    shown = linked.shown(question)
    assert shown["text"] == f"#{task.id} Water the plants is very urgent now."
    assert buttons(shown) == []
    assert [t.urgency for t in await tasks_of(bot_api, linked)] == [Urgency.VERY_URGENT]


async def test_list_shows_the_open_tasks_a_page_at_a_time(linked: Person, bot_api: TaskApi) -> None:
    made = [await add_task(bot_api, linked, f"Task {n}") for n in range(13)]
    await bot_api.update_task(made[5].id, chat_id=linked.chat_id, status="in_progress")
    await bot_api.update_task(made[7].id, chat_id=linked.chat_id, status="done")

    first = await linked.say("/list")

    lines = (first.text or "").splitlines()
    assert lines[0] == "Open tasks 1-10 of 12:"
    assert lines[1] == f"▶️ #{made[5].id} Task 5"
    assert lines[2] == f"◻️ #{made[0].id} Task 0"
    assert len(lines) == 11
    assert buttons(first) == ["Next ➡️"]
    await linked.press(first, "Next ➡️")
    second = linked.shown(first)
    assert second["text"].splitlines() == [
        "Open tasks 11-12 of 12:",
        f"◻️ #{made[11].id} Task 11",
        f"◻️ #{made[12].id} Task 12",
    ]
    assert buttons(second) == ["⬅️ Previous"]
    await linked.press(second, "⬅️ Previous")
    assert linked.shown(first)["text"] == first.text
    done = await linked.say("/list done")
    assert done.text == f"Done tasks 1-1 of 1:\n✅ #{made[7].id} Task 7"


async def test_a_page_of_the_longest_titles_still_fits_one_message(
    linked: Person, bot_api: TaskApi
) -> None:
    # 500 emoji: the longest title the API takes, and twice as long as that to Telegram.
    longest = "🔥" * 500
    made = [await add_task(bot_api, linked, longest) for _ in range(11)]

    first = await linked.say("/list")

    lines = (first.text or "").splitlines()
    assert lines[0] == "Open tasks 1-10 of 11:"
    assert [line.split()[1] for line in lines[1:]] == [f"#{task.id}" for task in made[:10]]
    assert all(line.endswith("🔥…") for line in lines[1:])
    await linked.press(first, "Next ➡️")
    assert linked.shown(first)["text"].startswith("Open tasks 11-11 of 11:")


async def test_what_the_bot_repeats_of_a_long_input_fits_one_message(linked: Person) -> None:
    typed = "/" + "x" * 4000

    answer = await linked.say(typed)

    assert answer.text == f"I don't know /{'x' * 62}…. Send /help to see what I understand."


async def test_empty_lists_say_what_to_do(linked: Person) -> None:
    assert (await linked.say("/list")).text == "Nothing open. Add a task with /new <title>."
    assert (await linked.say("/list done")).text == "Nothing done yet. Finish one with /done <id>."


async def test_start_task_and_done(linked: Person, bot_api: TaskApi) -> None:
    task = await add_task(bot_api, linked)

    started = await linked.say(f"/start_task {task.id}")
    assert started.text == f"▶️ On it: #{task.id} Pay rent."
    assert [t.status for t in await tasks_of(bot_api, linked)] == [TaskStatus.IN_PROGRESS]
    done = await linked.say(f"/done {task.id}")
    assert done.text == f"✅ Done: #{task.id} Pay rent. Well done!"
    assert [t.status for t in await tasks_of(bot_api, linked)] == [TaskStatus.DONE]


async def test_delete_asks_first(linked: Person, bot_api: TaskApi) -> None:
    task = await add_task(bot_api, linked)

    question = await linked.say(f"/delete {task.id}")
    assert question.text == f"Delete #{task.id} Pay rent? This cannot be undone."
    await linked.press(question, "Keep it")
    assert linked.shown(question)["text"] == f"Kept #{task.id} Pay rent."
    assert await bot_api.get_task(task.id, chat_id=linked.chat_id) is not None

    question = await linked.say(f"/delete {task.id}")
    await linked.press(question, "🗑 Delete")
    assert linked.shown(question)["text"] == f"🗑 Deleted #{task.id} Pay rent."
    assert buttons(linked.shown(question)) == []
    assert await bot_api.get_task(task.id, chat_id=linked.chat_id) is None


async def test_urgency_by_name_or_with_buttons(linked: Person, bot_api: TaskApi) -> None:
    task = await add_task(bot_api, linked)

    answer = await linked.say(f"/urgency {task.id} urgent")
    assert answer.text == f"#{task.id} Pay rent is urgent now."
    assert [t.urgency for t in await tasks_of(bot_api, linked)] == [Urgency.URGENT]
    question = await linked.say(f"/urgency {task.id}")
    assert question.text == f"How urgent is #{task.id} Pay rent?"
    await linked.press(question, "Not urgent")
    assert linked.shown(question)["text"] == f"#{task.id} Pay rent is not urgent now."
    assert [t.urgency for t in await tasks_of(bot_api, linked)] == [Urgency.NOT_URGENT]


async def test_a_button_pressed_twice_at_once_is_no_trouble(
    linked: Person, bot_api: TaskApi
) -> None:
    task = await add_task(bot_api, linked)
    question = await linked.say(f"/urgency {task.id}")

    answers = await linked.press_at_once(question, "❗ Urgent", "❗ Urgent")

    assert [(answer.text, answer.show_alert) for answer in answers] == [(None, False)] * 2
    assert linked.shown(question)["text"] == f"#{task.id} Pay rent is urgent now."
    assert [t.urgency for t in await tasks_of(bot_api, linked)] == [Urgency.URGENT]


async def test_tz_shows_and_sets_the_time_zone(linked: Person, bot_api: TaskApi) -> None:
    shown = await linked.say("/tz")
    assert (shown.text or "").startswith("Your time zone is Europe/Moscow (the default).")

    answer = await linked.say("/tz Asia/Tokyo")
    assert answer.text == (
        "Your time zone is Asia/Tokyo now: /remind, /due and /new read times in it, and your "
        "quiet hours follow it."
    )
    assert (await bot_api.me(chat_id=linked.chat_id)).timezone == "Asia/Tokyo"
    assert ((await linked.say("/tz")).text or "").startswith("Your time zone is Asia/Tokyo.")


async def test_remind_reads_times_in_the_persons_zone(linked: Person, bot_api: TaskApi) -> None:
    task = await add_task(bot_api, linked)
    await linked.say("/tz Asia/Tokyo")

    dated = await linked.say(f"/remind {task.id} 2030-12-01 09:00")
    assert (
        dated.text
        == f"⏰ I'll remind you of #{task.id} Pay rent: Sun 1 Dec 2030 9:00 (Asia/Tokyo)."
    )
    [reminded] = await tasks_of(bot_api, linked)
    assert reminded.remind_at == datetime(2030, 12, 1, 0, 0, tzinfo=UTC)

    before = datetime.now(UTC)
    await linked.say(f"/remind {task.id} in 2h")
    [reminded] = await tasks_of(bot_api, linked)
    assert reminded.remind_at is not None
    assert (
        before + timedelta(hours=2) <= reminded.remind_at <= datetime.now(UTC) + timedelta(hours=2)
    )

    await linked.say(f"/remind {task.id} tomorrow 9:00")
    [reminded] = await tasks_of(bot_api, linked)
    assert reminded.remind_at is not None
    in_tokyo = reminded.remind_at.astimezone(ZoneInfo("Asia/Tokyo"))
    assert (in_tokyo.hour, in_tokyo.minute) == (9, 0)
    assert timedelta(0) < reminded.remind_at - datetime.now(UTC) <= timedelta(days=2)


async def test_every_sets_how_often_a_task_is_reminded(linked: Person, bot_api: TaskApi) -> None:
    task = await add_task(bot_api, linked)

    answer = await linked.say(f"/every {task.id} 2h")

    assert answer.text == f"⏱ I'll remind you of #{task.id} Pay rent every 2 hours."
    [every] = await tasks_of(bot_api, linked)
    assert every.remind_every == timedelta(hours=2)
    assert every.next_notification_at == every.created_at + timedelta(hours=2)
    refused = await linked.say(f"/every {task.id} 5m")
    assert refused.text == "Reminders can come every 15 minutes at most often. Try /every <id> 15m."
    off = await linked.say(f"/every {task.id} off")
    assert (
        off.text == f"🔕 No more regular reminders of #{task.id} Pay rent; a /remind still comes."
    )
    assert [t.next_notification_at for t in await tasks_of(bot_api, linked)] == [None]
    back = await linked.say(f"/every {task.id} urgency")
    assert back.text == f"#{task.id} Pay rent is reminded as its urgency says again (not urgent)."
    [again] = await tasks_of(bot_api, linked)
    assert (again.remind_every, again.cadence_off) == (None, False)
    assert again.next_notification_at == again.created_at + timedelta(hours=24)
    assert (await linked.say("/every")).text == texts.EVERY_USAGE


async def test_snooze_then_done_on_a_reminder(
    linked: Person, send_reminder: SendReminder, bot_api: TaskApi
) -> None:
    task = await add_task(bot_api, linked)
    reminder = await send_reminder(linked.token, linked.chat_id, task.id)
    assert buttons(reminder) == ["✅ Done", "💤 15 min", "💤 1 h", "💤 3 h", "🌅 Tomorrow morning"]

    before = datetime.now(UTC)
    answer = await linked.press(reminder, "💤 1 h")
    [snoozed] = await tasks_of(bot_api, linked)
    assert snoozed.snoozed_until is not None
    assert (
        before + timedelta(hours=1)
        <= snoozed.snoozed_until
        <= datetime.now(UTC) + timedelta(hours=1)
    )
    assert snoozed.next_notification_at == snoozed.snoozed_until, "the next reminder in an hour"
    local = shown_moment(snoozed.snoozed_until)
    assert answer.text == f"💤 Snoozed until {local} (Europe/Moscow)"
    shown = linked.shown(reminder)
    assert shown["text"] == f"⏰ Pay rent\n\n💤 Snoozed until {local} (Europe/Moscow)."
    assert shown["entities"][0]["type"] == "bold", "the reminder keeps its formatting"
    assert buttons(shown) == ["✅ Done"]

    answer = await linked.press(reminder, "✅ Done")
    assert answer.text == "Marked done ✅"
    assert [t.status for t in await tasks_of(bot_api, linked)] == [TaskStatus.DONE]
    shown = linked.shown(reminder)
    assert shown["text"].endswith("\n\n✅ Done.")
    assert buttons(shown) == []


@pytest.mark.parametrize(
    ("button", "delay"), [("💤 15 min", timedelta(minutes=15)), ("💤 3 h", timedelta(hours=3))]
)
async def test_a_snooze_button_snoozes_for_its_delay(
    linked: Person, send_reminder: SendReminder, bot_api: TaskApi, button: str, delay: timedelta
) -> None:
    task = await add_task(bot_api, linked)
    reminder = await send_reminder(linked.token, linked.chat_id, task.id)

    before = datetime.now(UTC)
    answer = await linked.press(reminder, button)

    [snoozed] = await tasks_of(bot_api, linked)
    assert snoozed.snoozed_until is not None
    assert before + delay <= snoozed.snoozed_until <= datetime.now(UTC) + delay
    assert snoozed.next_notification_at == snoozed.snoozed_until
    local = shown_moment(snoozed.snoozed_until)
    assert answer.text == f"💤 Snoozed until {local} (Europe/Moscow)"


async def test_a_snooze_into_the_quiet_hours_says_when_they_end(
    linked: Person, send_reminder: SendReminder, bot_api: TaskApi
) -> None:
    await linked.say("/tz UTC")
    start = datetime.now(UTC) + timedelta(minutes=5)
    end = start + timedelta(hours=2)
    await linked.say(f"/quiet {start:%H:%M}-{end:%H:%M}")
    task = await add_task(bot_api, linked)
    reminder = await send_reminder(linked.token, linked.chat_id, task.id)

    answer = await linked.press(reminder, "💤 15 min")

    [snoozed] = await tasks_of(bot_api, linked)
    assert snoozed.next_notification_at is not None
    assert f"{snoozed.next_notification_at:%H:%M}" == f"{end:%H:%M}"
    local = shown_moment(snoozed.next_notification_at, "UTC")
    assert answer.text == f"💤 Snoozed until {local} (UTC)"
    assert linked.shown(reminder)["text"].endswith(
        f"💤 Snoozed until {local} (UTC), when your quiet hours end."
    )


async def test_tomorrow_morning_is_the_persons_next_day_far_from_utc(
    linked: Person, send_reminder: SendReminder, bot_api: TaskApi
) -> None:
    before = datetime.now(UTC)
    # A zone whose date is not UTC's: UTC+14 from 10:00 UTC, UTC-11 before 11:00.
    zone = "Pacific/Kiritimati" if before.hour >= 10 else "Pacific/Pago_Pago"
    assert before.astimezone(ZoneInfo(zone)).date() != before.date()
    await linked.say(f"/tz {zone}")
    task = await add_task(bot_api, linked)
    reminder = await send_reminder(linked.token, linked.chat_id, task.id)

    answer = await linked.press(reminder, "🌅 Tomorrow morning")
    after = datetime.now(UTC)

    [snoozed] = await tasks_of(bot_api, linked)
    assert snoozed.snoozed_until is not None
    local = snoozed.snoozed_until.astimezone(ZoneInfo(zone))
    # The bot's SNOOZE_MORNING_AT (07:30 in these tests) of the day after the press's local day.
    pressed_on = {m.astimezone(ZoneInfo(zone)).date() for m in (before, after)}
    assert local.date() - timedelta(days=1) in pressed_on
    assert (local.hour, local.minute) == (7, 30)
    assert snoozed.next_notification_at == snoozed.snoozed_until
    assert answer.text == f"💤 Snoozed until tomorrow 7:30 ({zone})"
    shown = linked.shown(reminder)
    assert shown["text"] == f"⏰ Pay rent\n\n💤 Snoozed until tomorrow 7:30 ({zone})."
    assert buttons(shown) == ["✅ Done"]


async def test_an_old_snooze_1d_button_still_snoozes_a_day(
    linked: Person, send_reminder: SendReminder, bot_api: TaskApi
) -> None:
    task = await add_task(bot_api, linked)
    # The buttons reminders came with before, still in people's chats.
    old_keyboard = [
        [{"text": "✅ Done", "callback_data": f"done:{task.id}"}],
        [
            {"text": "Snooze 1h", "callback_data": f"snooze:{task.id}:3600"},
            {"text": "Snooze 1d", "callback_data": f"snooze:{task.id}:86400"},
        ],
    ]
    reminder = await send_reminder(linked.token, linked.chat_id, task.id, keyboard=old_keyboard)

    before = datetime.now(UTC)
    answer = await linked.press(reminder, "Snooze 1d")

    [snoozed] = await tasks_of(bot_api, linked)
    assert snoozed.snoozed_until is not None
    assert (
        before + timedelta(days=1) <= snoozed.snoozed_until <= datetime.now(UTC) + timedelta(days=1)
    )
    assert snoozed.next_notification_at == snoozed.snoozed_until
    local = shown_moment(snoozed.snoozed_until)
    assert answer.text == f"💤 Snoozed until {local} (Europe/Moscow)"
    assert buttons(linked.shown(reminder)) == ["✅ Done"]


async def test_new_reads_a_due_date_and_a_repeat(linked: Person, bot_api: TaskApi) -> None:
    question = await linked.say("/new Pay rent due friday 18:00 every month")

    [task] = await tasks_of(bot_api, linked)
    friday = next_weekday(4)
    assert task.title == "Pay rent"
    assert task.due_at == datetime.combine(friday, time(18, 0), MSK)
    assert (task.due_date, task.recurrence) == (None, "FREQ=MONTHLY")
    assert question.text == (
        f"Added #{task.id} Pay rent · due {shown_day(friday)} 18:00 · 🔁 every month. "
        "How urgent is it?"
    )
    assert buttons(question) == ["Not urgent", "❗ Urgent", "‼️ Very urgent"]
    await linked.press(question, "❗ Urgent")
    assert linked.shown(question)["text"] == (
        f"#{task.id} Pay rent · due {shown_day(friday)} 18:00 · 🔁 every month is urgent now."
    )


async def test_new_with_a_mark_a_due_day_and_a_repeat(linked: Person, bot_api: TaskApi) -> None:
    answer = await linked.say("/new Water the plants!! due 2030-12-20 every monday at 9:00")

    [task] = await tasks_of(bot_api, linked)
    assert (task.title, task.urgency) == ("Water the plants", Urgency.VERY_URGENT)
    assert (task.due_date, task.recurrence) == (
        FAR_FRIDAY,
        "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0",
    )
    assert answer.text == (
        f"Added #{task.id} Water the plants · due Fri 20 Dec 2030 · "
        "🔁 every Monday at 9:00 (very urgent)."
    )
    assert buttons(answer) == []


async def test_due_sets_and_clears_a_due_date(linked: Person, bot_api: TaskApi) -> None:
    task = await add_task(bot_api, linked)

    by_day = await linked.say(f"/due {task.id} friday")
    friday = next_weekday(4)
    assert by_day.text == f"📅 Due date set: #{task.id} Pay rent · due {shown_day(friday)}."
    [due] = await tasks_of(bot_api, linked)
    assert due.due_date == friday
    assert due.due_at == datetime.combine(friday + timedelta(days=1), time(), MSK)

    await linked.say("/tz Asia/Tokyo")
    by_moment = await linked.say(f"/due {task.id} 2030-12-20 18:00")
    assert by_moment.text == f"📅 Due date set: #{task.id} Pay rent · due Fri 20 Dec 2030 18:00."
    [due] = await tasks_of(bot_api, linked)
    assert (due.due_at, due.due_date) == (datetime(2030, 12, 20, 9, 0, tzinfo=UTC), None)

    cleared = await linked.say(f"/due {task.id} off")
    assert cleared.text == f"No due date any more: #{task.id} Pay rent."
    [due] = await tasks_of(bot_api, linked)
    assert (due.due_at, due.due_date) == (None, None)


async def test_due_alone_lists_the_open_tasks_soonest_first(
    linked: Person, bot_api: TaskApi
) -> None:
    assert (await linked.say("/due")).text == texts.NOTHING_DUE
    late = await add_task(bot_api, linked, "Late", due_at="2020-01-01")
    await add_task(bot_api, linked, "Undated")
    finished = await add_task(bot_api, linked, "Finished", due_at="2020-01-02")
    await bot_api.update_task(finished.id, chat_id=linked.chat_id, status="done")
    # Started and new ones, mixed, each due a day after the one before.
    made = [
        await add_task(bot_api, linked, f"Task {n}", due_at=f"2030-01-{n + 1:02d}")
        for n in range(10)
    ]
    for started in made[1::3]:
        await bot_api.update_task(started.id, chat_id=linked.chat_id, status="in_progress")

    first = await linked.say("/due")

    lines = (first.text or "").splitlines()
    assert lines[0] == "Due soonest first, 1-10 of 11:"
    assert lines[1].startswith(f"◻️ #{late.id} Late · ⚠️ overdue by ")
    assert lines[1].endswith(" days")
    assert [line.split()[1] for line in lines[2:]] == [f"#{task.id}" for task in made[:9]]
    assert lines[3].startswith(f"▶️ #{made[1].id} Task 1 · due in ")
    assert buttons(first) == ["Next ➡️"]
    await linked.press(first, "Next ➡️")
    assert linked.shown(first)["text"].splitlines() == [
        "Due soonest first, 11-11 of 11:",
        f"◻️ #{made[9].id} Task 9 · due in {(date(2030, 1, 10) - moscow_today()).days} days",
    ]


async def test_list_shows_due_dates_and_repeats(linked: Person, bot_api: TaskApi) -> None:
    late = await add_task(bot_api, linked, "Late", due_at="2020-01-01")
    weekly = await add_task(
        bot_api, linked, "Call mom", due_at="2030-12-20T18:00:00", recurrence="every friday"
    )

    listed = await linked.say("/list")

    assert (listed.text or "").splitlines() == [
        "Open tasks 1-2 of 2:",
        f"◻️ #{late.id} Late · ⚠️ overdue since Wed 1 Jan 2020",
        f"◻️ #{weekly.id} Call mom · due Fri 20 Dec 2030 18:00 · 🔁 every Friday",
    ]


async def test_repeat_brings_a_task_back_when_done(linked: Person, bot_api: TaskApi) -> None:
    task = await add_task(bot_api, linked)

    answer = await linked.say(f"/repeat {task.id} every monday")

    monday = next_weekday(0)
    assert answer.text == (
        f"🔁 Repeating now: #{task.id} Pay rent · due {shown_day(monday)} · 🔁 every Monday."
    )
    [repeating] = await tasks_of(bot_api, linked)
    assert (repeating.recurrence, repeating.due_date) == ("FREQ=WEEKLY;BYDAY=MO", monday)
    done = await linked.say(f"/done {task.id}")
    next_monday = monday + timedelta(days=7)
    assert done.text == (
        f"✅ Done: #{task.id} Pay rent. Well done! It is next due {shown_day(next_monday)}."
    )
    [back] = await tasks_of(bot_api, linked)
    assert (back.status, back.due_date) == (TaskStatus.NEW, next_monday)

    off = await linked.say(f"/repeat {task.id} off")
    assert off.text == f"No more repeats: #{task.id} Pay rent · due {shown_day(next_monday)}."
    assert [t.recurrence for t in await tasks_of(bot_api, linked)] == [None]
    done = await linked.say(f"/done {task.id}")
    assert done.text == f"✅ Done: #{task.id} Pay rent · due {shown_day(next_monday)}. Well done!"
    assert [t.status for t in await tasks_of(bot_api, linked)] == [TaskStatus.DONE]


async def test_due_off_leaves_a_repeating_task_due_at_its_next_time(
    linked: Person, bot_api: TaskApi
) -> None:
    task = await add_task(bot_api, linked, due_at="2030-12-20", recurrence="every friday")

    answer = await linked.say(f"/due {task.id} off")

    [kept] = await tasks_of(bot_api, linked)
    assert kept.due_date == next_weekday(4)
    assert answer.text == texts.DUE_KEPT_BY_REPEAT.format(
        task=f"#{task.id} Pay rent · due {shown_day(kept.due_date)} · 🔁 every Friday",
        task_id=task.id,
    )


async def test_done_on_a_series_that_ended_just_says_done(linked: Person, bot_api: TaskApi) -> None:
    task = await add_task(
        bot_api, linked, due_at="2030-12-20", recurrence="FREQ=DAILY;UNTIL=20301220"
    )

    answer = await linked.say(f"/done {task.id}")

    assert answer.text == (
        f"✅ Done: #{task.id} Pay rent · due Fri 20 Dec 2030 · 🔁 every day until 2030-12-20. "
        "Well done!"
    )
    [done] = await tasks_of(bot_api, linked)
    assert (done.status, done.due_date) == (TaskStatus.DONE, FAR_FRIDAY)


async def test_done_under_a_reminder_of_a_repeating_task_says_when_it_is_next_due(
    linked: Person, send_reminder: SendReminder, bot_api: TaskApi
) -> None:
    task = await add_task(bot_api, linked, due_at="2030-12-20", recurrence="every friday")
    reminder = await send_reminder(linked.token, linked.chat_id, task.id)

    answer = await linked.press(reminder, "✅ Done")

    assert answer.text == "Marked done ✅ It is next due Fri 27 Dec 2030."
    shown = linked.shown(reminder)
    assert shown["text"] == "⏰ Pay rent\n\n✅ Done. It is next due Fri 27 Dec 2030."
    assert buttons(shown) == []
    [back] = await tasks_of(bot_api, linked)
    assert (back.status, back.due_date) == (TaskStatus.NEW, date(2030, 12, 27))


async def test_history_lists_when_a_task_was_done(linked: Person, bot_api: TaskApi) -> None:
    task = await add_task(bot_api, linked, due_at="2030-12-20", recurrence="every friday")
    never = await linked.say(f"/history {task.id}")
    assert never.text == (
        f"#{task.id} Pay rent · due Fri 20 Dec 2030 · 🔁 every Friday has not been done yet. "
        f"/done {task.id} marks it done."
    )

    await linked.say(f"/done {task.id}")
    await linked.say(f"/done {task.id}")
    answer = await linked.say(f"/history {task.id}")

    lines = (answer.text or "").splitlines()
    assert lines[0] == (
        f"When #{task.id} Pay rent · due Fri 3 Jan 2031 · 🔁 every Friday was done, "
        "latest first (2 of 2):"
    )
    done = await bot_api.list_completions(task.id, chat_id=linked.chat_id, skip=0, limit=10)
    assert [c.due_date for c in done.items] == [date(2030, 12, 27), FAR_FRIDAY]
    assert [line.rpartition(" (")[2] for line in lines[1:]] == [
        "was due Fri 27 Dec 2030)",
        "was due Fri 20 Dec 2030)",
    ]
    for line, completion in zip(lines[1:], done.items, strict=True):
        assert line.startswith(f"✅ {shown_moment(completion.completed_at)} (")


async def test_quiet_hours_are_shown_set_and_let_very_urgent_tasks_through(
    linked: Person, bot_api: TaskApi
) -> None:
    assert (await linked.say("/quiet")).text == texts.QUIET_NONE
    assert (await linked.say("/quiet urgent on")).text == texts.QUIET_NEEDS_HOURS

    night = await linked.say("/quiet 23:00-07:30")
    assert night.text == (
        "🌙 No reminders from 23:00 to 07:30 (your time, Europe/Moscow). "
        "Very urgent tasks wait too; /quiet urgent on lets them through."
    )
    assert (await bot_api.me(chat_id=linked.chat_id)).quiet_hours == QuietHoursSetting(
        start=time(23, 0), end=time(7, 30), let_very_urgent_through=False
    )
    through = await linked.say("/quiet urgent on")
    assert (through.text or "").endswith(str(texts.QUIET_URGENT_THROUGH))
    await linked.say("/quiet 22-8")
    assert (await bot_api.me(chat_id=linked.chat_id)).quiet_hours == QuietHoursSetting(
        start=time(22, 0), end=time(8, 0), let_very_urgent_through=True
    )
    assert (await linked.say("/quiet")).text == (
        "🌙 No reminders from 22:00 to 08:00 (your time, Europe/Moscow). "
        + texts.QUIET_URGENT_THROUGH
    )

    assert (await linked.say("/quiet off")).text == texts.QUIET_NONE
    assert (await bot_api.me(chat_id=linked.chat_id)).quiet_hours is None


async def test_before_sets_the_reminders_before_a_task_is_due(
    linked: Person, bot_api: TaskApi
) -> None:
    default = (await bot_api.me(chat_id=linked.chat_id)).remind_before
    assert (await linked.say("/before")).text == texts.remind_before_now(default)

    answer = await linked.say("/before 2d 3h, 30m")

    assert answer.text == (
        "⏳ I remind you of each task 2 days, then 3 hours, then 30 minutes before it is due."
    )
    assert (await bot_api.me(chat_id=linked.chat_id)).remind_before == [
        timedelta(days=2),
        timedelta(hours=3),
        timedelta(minutes=30),
    ]
    assert (await linked.say("/before")).text == answer.text
    assert (await linked.say("/before off")).text == texts.BEFORE_NONE
    assert (await bot_api.me(chat_id=linked.chat_id)).remind_before == []


async def test_wrong_settings_change_nothing(linked: Person, bot_api: TaskApi) -> None:
    await linked.say("/quiet 23-7")
    await linked.say("/before 1d")

    for typed, usage in (
        ("/quiet night", texts.QUIET_USAGE),
        ("/quiet urgent maybe", texts.QUIET_USAGE),
        ("/quiet 23-23", texts.QUIET_USAGE),
        ("/before soon", texts.BEFORE_USAGE),
        ("/before 400d", texts.BEFORE_USAGE),
        ("/before 1d 1d 2d 3d 4d 5d 6d 7d 8d 9d 10d 11d", texts.BEFORE_USAGE),
    ):
        assert (await linked.say(typed)).text == usage, typed

    me = await bot_api.me(chat_id=linked.chat_id)
    assert me.quiet_hours == QuietHoursSetting(start=time(23, 0), end=time(7, 0))
    assert me.remind_before == [timedelta(days=1)]


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("/frobnicate", "I don't know /frobnicate. Send /help to see what I understand."),
        (
            "hello",
            "To add a task, send /new <title>, for example /new Buy milk. /help lists the rest.",
        ),
        ("/new", "What should the task say? Send /new <title>"),
        ("/new !!", "What should the task say? Send /new <title>"),
        ("/new " + "x" * 501, "A title must be 1 to 500 characters."),
        ("/done", "Which task? Send /done <id>, for example /done 12."),
        ("/done soon", "Which task? Send /done <id>, for example /done 12."),
        ("/start_task", "Which task? Send /start_task <id>, for example /start_task 12."),
        ("/delete -1", "Which task? Send /delete <id>, for example /delete 12."),
        ("/done 9223372036854775807", "There is no task #9223372036854775807 in your list."),
        ("/delete 9223372036854775807", "There is no task #9223372036854775807 in your list."),
        ("/urgency", "Send /urgency <id> <level>, where the level is"),
        ("/urgency 12 extreme", "Send /urgency <id> <level>, where the level is"),
        ("/remind 12", "Send /remind <id> <when>: /remind 12 in 2h"),
        ("/remind 12 someday", "Send /remind <id> <when>: /remind 12 in 2h"),
        ("/remind 12 2026-02-30 09:00", "Send /remind <id> <when>: /remind 12 in 2h"),
        ("/due 12", "Send /due <id> <when>: /due 12 friday"),
        ("/due 12 someday", "Send /due <id> <when>: /due 12 friday"),
        ("/due friday", "Send /due <id> <when>: /due 12 friday"),
        ("/due 12 2026-02-30", "Send /due <id> <when>: /due 12 friday"),
        ("/repeat 12", "Send /repeat <id> <rule>: /repeat 12 every monday"),
        ("/repeat 12 every blue moon", "🤔 'every blue moon' is not a repeat rule"),
        ("/repeat 12 FREQ=HOURLY", "🤔 A task repeats at most daily; to be reminded more often"),
        ("/repeat 12 FREQ=DAILY;COUNT=3", "🤔 A repeating task cannot stop after a number"),
        ("/repeat 12 every " + "x" * 5000, "🤔 'every xxxxx"),
        ("/repeat every monday", "Send /repeat <id> <rule>: /repeat 12 every monday"),
        ("/history", "Which task? Send /history <id>, for example /history 12."),
        ("/history soon", "Which task? Send /history <id>, for example /history 12."),
        (
            "/list everything",
            "Send /list for your open tasks, or /list done for the finished ones.",
        ),
        ("/tz Mars/Olympus", "I don't know the time zone 'Mars/Olympus'."),
        # Hostile or odd: far longer than Telegram allows, look-alike letters and digits.
        ("x" * 10_000, "To add a task, send /new <title>"),
        ("/new " + "x" * 10_000, "A title must be 1 to 500 characters."),
        ("/d\u043ene 12", "I don't know /d\u043ene."),
        ("/done \u0661\u0662", "Which task? Send /done <id>, for example /done 12."),
        ("/done \uff11\uff12", "Which task? Send /done <id>, for example /done 12."),
        ("/tz \u202eEurope/Moscow", "I don't know the time zone"),
        ("/new a\x00b", "A title must be 1 to 500 characters."),
    ],
)
async def test_what_it_does_not_understand_gets_a_hint(
    linked: Person, typed: str, answer: str
) -> None:
    assert ((await linked.say(typed)).text or "").startswith(answer)


async def test_a_moment_in_the_past_is_refused(linked: Person, bot_api: TaskApi) -> None:
    task = await add_task(bot_api, linked)

    answer = await linked.say(f"/remind {task.id} 2020-01-01 09:00")

    assert answer.text == "That moment has passed. Pick one ahead, for example /remind <id> in 2h."
    assert [t.remind_at for t in await tasks_of(bot_api, linked)] == [None]


async def test_someone_elses_task_is_not_there(linked: Person, bot_api: TaskApi) -> None:
    other = linked.someone_else()
    await other.say("/start")
    theirs = await add_task(bot_api, other)

    for typed in (
        f"/done {theirs.id}",
        f"/delete {theirs.id}",
        f"/remind {theirs.id} in 2h",
        f"/due {theirs.id} friday",
        f"/due {theirs.id} off",
        f"/repeat {theirs.id} every monday",
        f"/repeat {theirs.id} off",
        f"/history {theirs.id}",
    ):
        answer = await linked.say(typed)
        assert (
            answer.text
            == f"There is no task #{theirs.id} in your list. /list shows your tasks and their ids."
        ), typed
    [untouched] = await tasks_of(bot_api, other)
    assert (untouched.status, untouched.remind_at) == (TaskStatus.NEW, None)
    assert (untouched.due_at, untouched.recurrence) == (None, None)


async def test_someone_elses_reminder_button_changes_nothing(
    linked: Person, send_reminder: SendReminder, bot_api: TaskApi
) -> None:
    other = linked.someone_else()
    await other.say("/start")
    theirs = await add_task(bot_api, other)
    # A reminder naming a task of someone else, as a forged button would.
    reminder = await send_reminder(linked.token, linked.chat_id, theirs.id)

    answer = await linked.press(reminder, "✅ Done")

    assert (
        answer.text
        == f"There is no task #{theirs.id} in your list. /list shows your tasks and their ids."
    )
    assert [t.status for t in await tasks_of(bot_api, other)] == [TaskStatus.NEW]


async def test_a_chat_not_linked_is_told_to_start(person: Person) -> None:
    for typed in ("/new Pay rent", "/list", "/frobnicate", "hello"):
        answer = await person.say(typed)
        assert (answer.text or "").startswith(
            "This chat is not linked to an account yet. Send /start"
        )


async def test_a_button_it_does_not_know_gets_an_answer(linked: Person, fake: FakeTelegram) -> None:
    body = {
        "chat_id": linked.chat_id,
        "text": "An old message",
        "reply_markup": {"inline_keyboard": [[{"text": "Old", "callback_data": "v0:thing"}]]},
    }
    async with httpx.AsyncClient() as http:
        sent = (await http.post(fake.api_url(linked.token, "sendMessage"), json=body)).json()

    answer = await linked.press(sent["result"], "Old")

    assert answer.text == "This button does not work any more. Send /list to start again."


async def metric(bot: dict[str, str], sample: str) -> float:
    """The value of one sample of the bot's /metrics, such as `name{label="value"}`; 0 if none."""
    async with httpx.AsyncClient() as http:
        metrics = (await http.get(f"http://127.0.0.1:{bot['PORT']}/metrics")).text
    values = [
        line.rpartition(" ")[2] for line in metrics.splitlines() if line.startswith(sample + " ")
    ]
    return float(values[0]) if values else 0.0


async def test_ready_and_metrics(bot: dict[str, str], linked: Person) -> None:
    samples = (
        'telegram_bot_updates_total{command="new",kind="message"}',
        'telegram_bot_updates_total{command="unknown",kind="message"}',
        'telegram_bot_api_call_seconds_count{operation="create_task"}',
        'telegram_bot_api_call_seconds_count{operation="me"}',
    )
    before = [await metric(bot, sample) for sample in samples]

    await linked.say_at_once("/new Pay rent !", "/new Buy milk !!", "/frobnicate")
    async with httpx.AsyncClient() as http:
        ready = await http.get(f"http://127.0.0.1:{bot['PORT']}/ready")

    after = [await metric(bot, sample) for sample in samples]
    assert [b - a for a, b in zip(before, after, strict=True)] == [2, 1, 2, 3]
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "checks": {"task-api": "ok", "telegram": "ok"}}


def russian_day(moment: datetime) -> str:
    """ "сегодня" or "завтра": the Moscow day of a moment within a day from now."""
    day = moment.astimezone(MSK).date()
    return {moscow_today(): "сегодня", moscow_today() + timedelta(days=1): "завтра"}[day]


async def test_a_person_whose_telegram_is_russian_is_answered_in_russian_until_they_switch(
    fake: FakeTelegram, bot: dict[str, str], bot_api: TaskApi, send_reminder: SendReminder
) -> None:
    person = Person(fake, bot["TELEGRAM_BOT_TOKEN"], language_code="ru")
    assert (await person.say("/list")).text == (
        "Этот чат ещё не привязан к аккаунту. Отправьте /start, чтобы завести ему собственный, "
        "или /start <код> с кодом привязки из приложения."
    )

    start = await person.say("/start")

    assert (start.text or "").startswith("Добро пожаловать! Теперь у этого чата свой аккаунт")
    assert (await bot_api.me(chat_id=person.chat_id)).language == "ru"
    question = await person.say("/new Оплатить аренду due 2030-12-20 every month")
    [task] = await tasks_of(bot_api, person)
    name = f"#{task.id} Оплатить аренду"
    assert question.text == (
        f"Задача добавлена: {name} · срок: пт 20 дек. 2030 · 🔁 каждый месяц. "
        "Насколько она срочная?"
    )
    assert buttons(question) == ["Не срочная", "❗ Срочная", "‼️ Очень срочная"]
    await person.press(question, "❗ Срочная")
    assert person.shown(question)["text"] == (
        f"{name} · срок: пт 20 дек. 2030 · 🔁 каждый месяц: теперь срочная."
    )
    assert (await person.say("/list")).text == (
        "Открытые задачи 1–1, всего 1 задача:\n"
        f"◻️ {name} ❗ · срок: пт 20 дек. 2030 · 🔁 каждый месяц"
    )
    [header, line] = ((await person.say("/due")).text or "").splitlines()
    assert header == "Сначала ближайшие сроки, 1–1, всего 1 задача:"
    assert line.startswith(f"◻️ {name} ❗ · срок через ")
    assert line.endswith(" дней · 🔁 каждый месяц") or line.endswith(" дня · 🔁 каждый месяц")
    assert (await person.say("/quiet 23:00-07:30")).text == (
        "🌙 Без напоминаний с 23:00 до 07:30 (по вашему времени, Europe/Moscow). "
        "Очень срочные задачи тоже ждут; /quiet urgent on пропустит их."
    )
    help_text = (await person.say("/help")).text or ""
    assert help_text.startswith("Вот что я понимаю:\n/new <название> — добавить задачу;")
    assert "\n/language <en|ru> — язык, на котором я говорю: /language en\n" in help_text
    assert (await person.say("/frobnicate")).text == (
        "Я не знаю команды /frobnicate. Отправьте /help, чтобы узнать, что я понимаю."
    )

    reminder = await send_reminder(person.token, person.chat_id, task.id)
    answer = await person.press(reminder, "💤 1 h")
    [snoozed] = await tasks_of(bot_api, person)
    assert snoozed.snoozed_until is not None
    local = snoozed.snoozed_until.astimezone(MSK)
    moment = f"{russian_day(local)} в {local.hour}:{local:%M} (Europe/Moscow)"
    assert answer.text == f"💤 Отложено, напомню {moment}"
    assert person.shown(reminder)["text"] == f"⏰ Pay rent\n\n💤 Отложено, напомню {moment}."
    assert buttons(person.shown(reminder)) == ["✅ Готово"], "Done stays, in Russian"
    refused = (await person.say(f"/repeat {task.id} FREQ=DAILY;COUNT=3")).text or ""
    assert refused.startswith("🤔 Повторяющаяся задача не может"), refused

    asked = await person.say("/language")
    assert asked.text == "Язык общения: Русский. Можно выбрать: English (en), Русский (ru)."
    assert buttons(asked) == ["English", "Русский"]
    switched = await person.say("/language en")

    assert switched.text == "From now on I speak English with you."
    assert (await bot_api.me(chat_id=person.chat_id)).language == "en"
    assert (await person.say("/list")).text == (
        f"Open tasks 1-1 of 1:\n◻️ {name} ❗ · due Fri 20 Dec 2030 · 🔁 every month"
    )


async def test_the_language_buttons_switch_at_once(linked: Person, bot_api: TaskApi) -> None:
    asked = await linked.say("/language")
    assert asked.text == "I speak English with you. Choose one: English (en), Русский (ru)."

    await linked.press(asked, "Русский")

    assert linked.shown(asked)["text"] == "Язык: Русский. Теперь я говорю с вами на нём."
    assert buttons(linked.shown(asked)) == []
    assert (await bot_api.me(chat_id=linked.chat_id)).language == "ru"
    assert (await linked.say("/list")).text == (
        "Открытых задач нет. Добавьте задачу: /new <название>."
    )
    for unknown in ("/language de", "/language ru-RU", "/language русский"):
        assert (await linked.say(unknown)).text == (
            "Я говорю на этих языках: English (en), Русский (ru). "
            "Отправьте /language <en|ru>, например /language en."
        ), unknown
    assert (await linked.say("/language EN")).text == "From now on I speak English with you."


async def test_a_telegram_language_the_bot_does_not_speak_gets_the_default(
    fake: FakeTelegram, bot: dict[str, str], bot_api: TaskApi
) -> None:
    person = Person(fake, bot["TELEGRAM_BOT_TOKEN"], language_code="de")

    assert ((await person.say("/list")).text or "").startswith("This chat is not linked")
    await person.say("/start")

    assert (await bot_api.me(chat_id=person.chat_id)).language == "en"
    assert ((await person.say("/tz")).text or "").startswith("Your time zone is Europe/Moscow")


def mailed_code(mailbox: FakeSmtp, address: str) -> str:
    """The code of the latest mail to `address`."""
    return verification_code(mailbox.messages(to=address)[-1].text)


async def test_email_is_set_confirmed_shown_and_removed(
    linked: Person, mailbox: FakeSmtp, bot_api: TaskApi
) -> None:
    address = f"{linked.chat_id}@example.org"
    assert (await linked.say("/email")).text == str(texts_channels.EMAIL_NONE)

    sent = await linked.say(f"/email {address}")

    assert sent.text == texts_channels.EMAIL_CODE_SENT.format(email=address)
    assert (await linked.say("/email")).text == texts_channels.EMAIL_UNVERIFIED.format(
        email=address
    )
    code = mailed_code(mailbox, address)
    wrong = "000000" if code != "000000" else "111111"
    refused = await linked.say(f"/email {wrong}")
    assert refused.text == texts_channels.EMAIL_CODE_REFUSED.format(email=address)
    confirmed = await linked.say(f"/email {code}")
    assert confirmed.text == texts_channels.EMAIL_VERIFIED.format(email=address)
    assert (await bot_api.me(chat_id=linked.chat_id)).email_verified is True
    assert (await linked.say("/email off")).text == str(texts_channels.EMAIL_OFF)
    assert (await bot_api.me(chat_id=linked.chat_id)).email is None
    assert (await linked.say("/email nonsense")).text == str(texts_channels.EMAIL_USAGE)


async def test_email_is_mailed_and_answered_in_the_persons_language(
    linked: Person, mailbox: FakeSmtp, i18n: I18n
) -> None:
    await linked.say("/language ru")
    address = f"{linked.chat_id}@example.org"

    sent = await linked.say(f"/email {address}")

    with i18n.use_locale("ru"):
        assert sent.text == texts_channels.EMAIL_CODE_SENT.format(email=address)
    assert mailbox.messages(to=address)[-1].subject == "Подтвердите адрес электронной почты"


async def test_channels_refuse_email_until_the_address_is_confirmed(
    linked: Person, mailbox: FakeSmtp, bot_api: TaskApi
) -> None:
    address = f"{linked.chat_id}@example.org"
    shown = await linked.say("/channels")

    # Both are on for a new account; email reaches nobody until there is a confirmed address.
    assert shown.text == (
        "📬 Where your reminders go\n💬 Telegram: on, to this chat.\n"
        "✉️ Email: on — no address yet; add one with /email you@example.org.\n\n"
        "Reminders come here only."
    )
    assert buttons(shown) == ["💬 Telegram: turn off", "✉️ Email: turn off"]
    await linked.press(shown, "✉️ Email: turn off")
    assert buttons(linked.shown(shown)) == ["💬 Telegram: turn off", "✉️ Email: turn on"]
    refused = await linked.press(shown, "✉️ Email: turn on")
    assert (refused.text, refused.show_alert) == (str(texts_channels.EMAIL_NEEDS_ADDRESS), True)
    await linked.say(f"/email {address}")
    unconfirmed = await linked.say("/channels")
    assert (
        f"✉️ Email: off — {address}, not confirmed yet; send /email <code> with the code from "
        "the mail.\n" in (unconfirmed.text or "")
    )
    refused = await linked.press(unconfirmed, "✉️ Email: turn on")
    assert refused.text == str(texts_channels.EMAIL_NEEDS_CONFIRMING)
    assert linked.shown(unconfirmed)["text"] == unconfirmed.text, "nothing changed"
    assert (await bot_api.me(chat_id=linked.chat_id)).channels == [Channel.TELEGRAM]

    confirmed = await linked.say(f"/email {mailed_code(mailbox, address)}")

    assert confirmed.text == texts_channels.EMAIL_VERIFIED.format(email=address)
    assert "/channels" in (confirmed.text or "")
    assert f"✉️ Email: off — {address}, confirmed.\n" in ((await linked.say("/channels")).text or "")


async def test_channels_in_russian(fake: FakeTelegram, bot: dict[str, str]) -> None:
    person = Person(fake, bot["TELEGRAM_BOT_TOKEN"], language_code="ru")
    await person.say("/start")

    shown = await person.say("/channels")

    assert shown.text == (
        "📬 Куда приходят напоминания\n💬 Telegram: включён, в этот чат.\n"
        "✉️ Почта: включена — адреса пока нет; добавьте его: /email you@example.org.\n\n"
        "Напоминания приходят только сюда."
    )
    assert buttons(shown) == ["💬 Telegram: выключить", "✉️ Почта: выключить"]
    await person.press(shown, "✉️ Почта: выключить")
    refused = await person.press(shown, "✉️ Почта: включить")
    assert refused.text == (
        "Сначала добавьте адрес электронной почты: /email you@example.org, затем подтвердите "
        "его кодом из письма."
    )


async def test_turning_telegram_off_with_email_off_warns_that_no_reminders_come(
    linked: Person, bot_api: TaskApi, i18n: I18n
) -> None:
    shown = await linked.say("/channels")
    await linked.press(shown, "✉️ Email: turn off")

    warned = await linked.press(shown, "💬 Telegram: turn off")

    assert (warned.text, warned.show_alert) == (str(texts_channels.GOING_NOWHERE), True)
    assert (await bot_api.me(chat_id=linked.chat_id)).channels == []
    assert linked.shown(shown)["text"].startswith("📬 Where your reminders go\n💬 Telegram: off.\n")
    assert buttons(linked.shown(shown)) == ["💬 Telegram: turn on", "✉️ Email: turn on"]
    again = await linked.press(shown, "💬 Telegram: turn on")
    assert (again.text, again.show_alert) == (None, False)
    assert (await bot_api.me(chat_id=linked.chat_id)).channels == [Channel.TELEGRAM]
    await linked.say("/language ru")
    russian = await linked.say("/channels")
    await linked.press(russian, "💬 Telegram: выключить")
    with i18n.use_locale("ru"):
        assert linked.shown(russian)["text"].endswith(str(texts_channels.GOING_NOWHERE))


async def test_channels_send_reminders_by_email_and_telegram_or_either(
    linked: Person, mailbox: FakeSmtp, bot_api: TaskApi
) -> None:
    address = f"{linked.chat_id}@example.org"
    await linked.say(f"/email {address}")
    await linked.say(f"/email {mailed_code(mailbox, address)}")
    shown = await linked.say("/channels")

    assert (await bot_api.me(chat_id=linked.chat_id)).channels == [Channel.EMAIL, Channel.TELEGRAM]
    assert (shown.text or "").endswith(
        f"✉️ Email: on — {address}, confirmed.\n\nReminders come here and by email."
    )
    assert buttons(shown) == ["💬 Telegram: turn off", "✉️ Email: turn off"]
    await linked.press(shown, "✉️ Email: turn off")
    assert (await bot_api.me(chat_id=linked.chat_id)).channels == [Channel.TELEGRAM]
    assert linked.shown(shown)["text"].endswith("Reminders come here only.")
    await linked.press(shown, "✉️ Email: turn on")
    await linked.press(shown, "💬 Telegram: turn off")
    assert (await bot_api.me(chat_id=linked.chat_id)).channels == [Channel.EMAIL]
    assert linked.shown(shown)["text"].endswith("Reminders come by email only.")


async def test_an_address_mail_bounced_from_is_shown_and_verified_again(
    linked: Person, mailbox: FakeSmtp, bot_api: TaskApi, task_api: RunningApi
) -> None:
    address = f"{linked.chat_id}@example.org"
    await linked.say(f"/email {address}")
    await linked.say(f"/email {mailed_code(mailbox, address)}")
    user = await bot_api.me(chat_id=linked.chat_id)
    worker = TaskApi(task_api.base_url, task_api.service_tokens["notifier-worker"])
    try:
        await worker.mark_email_unreachable(user.id, address)
    finally:
        await worker.aclose()

    assert (await linked.say("/email")).text == texts_channels.EMAIL_UNREACHABLE.format(
        email=address
    )
    shown = await linked.say("/channels")
    assert f"mail to {address} bounced; verify it again with /email {address}." in (
        shown.text or ""
    )
    await linked.press(shown, "✉️ Email: turn off")
    refused = await linked.press(shown, "✉️ Email: turn on")
    assert refused.text == str(texts_channels.EMAIL_NEEDS_REVERIFYING)
    sent = await linked.say(f"/email {address}")
    assert sent.text == texts_channels.EMAIL_CODE_SENT.format(email=address)
    confirmed = await linked.say(f"/email {mailed_code(mailbox, address)}")
    assert confirmed.text == texts_channels.EMAIL_VERIFIED.format(email=address)
