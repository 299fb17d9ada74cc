"""Quiet hours end to end: what fell due in the night comes when they end, once, at the pace
Telegram allows a chat, and the cadence goes on from there; very urgent tasks may come through."""

import itertools
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from fake_telegram import FakeTelegram
from notifier_worker.config import Settings as WorkerSettings
from todo_shared.enums import Urgency
from todo_shared.schedule import DEFAULT_SCHEDULE
from todo_testkit.task_api import RunningApi
from todo_testkit.typing import Caller, Json

ZONE = "Asia/Kathmandu"
"""UTC+05:45: quiet hours read on any clock but the person's own would be hours off."""
HOUR = timedelta(hours=1)
SECOND = timedelta(seconds=1)
CHAT_SPACING = 1 / WorkerSettings.model_fields["telegram_chat_messages_per_second"].default
"""The pipeline's workers keep Telegram's limit: one message a second to a chat."""
CLOCKS = 0.01  # seconds: Redis's clock, which spaces the turns, against the fake Telegram's
LATENCY = 0.3
"""How long the fake takes to answer a send, which a chat's next turn waits out too."""

Travel = Callable[[timedelta], Awaitable[None]]
AllSent = Callable[[Caller], Awaitable[None]]


class Pipeline(Protocol):
    """What these tests do with the conftest's pipeline of producers and workers."""

    async def start(self, producers: int = 1, workers: int = 1) -> None: ...
    async def stop(self) -> None: ...


async def set_quiet_hours(
    person: Caller, start: datetime, end: datetime, *, let_very_urgent_through: bool = False
) -> None:
    """Give the person quiet hours from `start` to `end`, on the wall clock of ZONE."""
    clock = ZoneInfo(ZONE)
    quiet = {
        "start": start.astimezone(clock).time().isoformat("seconds"),
        "end": end.astimezone(clock).time().isoformat("seconds"),
        "let_very_urgent_through": let_very_urgent_through,
    }
    changed = await person.client.patch(
        "/api/v1/users/me", json={"timezone": ZONE, "quiet_hours": quiet}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["quiet_hours"] == quiet


async def create(person: Caller, **fields: object) -> Json:
    """A new task of the person's, as task-api answered its creation."""
    created = await person.client.post("/api/v1/tasks", json=fields)
    assert created.status_code == 201, created.text
    return created.json()


async def snooze(person: Caller, task: Json, until: datetime) -> Json:
    """The task snoozed until `until`, as task-api answered the change."""
    changed = await person.client.patch(
        f"/api/v1/tasks/{task['id']}", json={"snoozed_until": until.isoformat()}
    )
    assert changed.status_code == 200, changed.text
    return changed.json()


async def current(person: Caller, task: Json) -> Json:
    """The task as task-api has it now."""
    answer = await person.client.get(f"/api/v1/tasks/{task['id']}")
    assert answer.status_code == 200, answer.text
    return answer.json()


def moment(task: Json, field: str) -> datetime | None:
    """One of the task's moments, or None."""
    return None if task[field] is None else datetime.fromisoformat(task[field])


def title_of(text: str | None) -> str:
    """The task's title in a reminder's text (its first line, after the icon)."""
    assert text is not None
    return text.split("\n")[0].split(" ", 1)[1]


async def test_a_morning_of_reminders_comes_once_each_a_chat_turn_apart(
    task_api: RunningApi, pipeline: Pipeline, telegram: FakeTelegram, all_sent: AllSent
) -> None:
    """Five reminders due in the night come once each when it ends, a chat's turn apart, and
    then each task's cadence goes on from its reminder."""
    person = await task_api.sign_up_linked()
    chat = person.user["telegram_chat_id"]
    await pipeline.start(workers=2)  # a chat's turns are the fleet's, not each worker's
    telegram.set_latency(LATENCY)
    now = datetime.now(UTC)
    end = (now + 5 * SECOND).replace(microsecond=0)
    await set_quiet_hours(person, end - HOUR, end)

    # Of each urgency, reminders asked for a second from now, and snoozes that end then.
    tasks = []
    for n, urgency in enumerate(itertools.islice(itertools.cycle(Urgency), 5)):
        if n % 2 == 0:
            remind_at = (now + SECOND).isoformat()
            tasks.append(
                await create(person, title=f"night {n}", urgency=urgency, remind_at=remind_at)
            )
        else:
            task = await create(person, title=f"night {n}", urgency=urgency)
            tasks.append(await snooze(person, task, now + SECOND))
    assert datetime.now(UTC) < end, "setting up outlasted the quiet hours: nothing was tested"
    assert [moment(task, "next_notification_at") for task in tasks] == [end] * len(tasks)

    await telegram.wait_for_messages(chat, count=len(tasks), timeout=30)
    await all_sent(person)
    await pipeline.stop()  # what was in flight has gone out: no repeat can come after the counts
    sent = telegram.actions(chat, kind="send")
    assert sorted(title_of(action.text) for action in sent) == [t["title"] for t in tasks]
    # `date` is whole seconds, rounded down, and so is the end: no message came before it.
    assert min(action.date for action in sent) >= end.timestamp(), "a reminder in the night"

    # The limiter's promise: a chat's next send begins a spacing after its last was answered.
    calls = telegram.calls(method="sendMessage", chat_id=chat)
    assert [call.status for call in calls] == [200] * len(tasks), "a send failed or repeated"
    gaps = [call.at - answered.at for answered, call in zip(sent, calls[1:], strict=False)]
    assert min(gaps) >= CHAT_SPACING - CLOCKS, f"sends to one chat closer than a turn: {gaps}"

    for task in tasks:
        after = await current(person, task)
        reminded = moment(after, "last_notification")
        assert reminded is not None
        assert reminded >= end, after["title"]
        cadence = DEFAULT_SCHEDULE[Urgency(task["urgency"])].every
        assert moment(after, "next_notification_at") == reminded + cadence, after["title"]


async def test_a_very_urgent_task_comes_through_while_the_others_wait(
    task_api: RunningApi,
    pipeline: Pipeline,
    telegram: FakeTelegram,
    travel: Travel,
    all_sent: AllSent,
) -> None:
    """A person who lets very urgent tasks through gets those in their quiet hours; their other
    tasks wait for the end."""
    person = await task_api.sign_up_linked()
    chat = person.user["telegram_chat_id"]
    now = datetime.now(UTC)
    end = (now + HOUR).replace(microsecond=0)
    await set_quiet_hours(person, end - 2 * HOUR, end, let_very_urgent_through=True)
    soon = (now + SECOND).isoformat()
    pressing = await create(person, title="pressing", urgency="very_urgent", remind_at=soon)
    waiting = await create(person, title="waiting", urgency="urgent", remind_at=soon)
    assert moment(pressing, "next_notification_at") == now + SECOND
    assert moment(waiting, "next_notification_at") == end
    await pipeline.start()

    [through] = await telegram.wait_for_messages(chat, count=1, timeout=30)
    await all_sent(person)
    assert title_of(through.text) == "pressing"
    assert through.date < end.timestamp(), "it waited for the end"
    assert [title_of(action.text) for action in telegram.actions(chat, kind="send")] == ["pressing"]

    await travel(HOUR)  # the quiet hours end
    await telegram.wait_for_messages(chat, count=2, timeout=30)
    await all_sent(person)
    assert [title_of(action.text) for action in telegram.actions(chat, kind="send")] == [
        "pressing",
        "waiting",
    ]
