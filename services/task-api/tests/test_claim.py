"""`POST /api/v1/notifications/claim`: due tasks, each leased to one claimer."""

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import pytest
from httpx import AsyncClient

from todo_testkit.typing import Caller, Json, MakeCaller, MakeJson

VerifyAddress = Callable[[Caller], Awaitable[str]]

pytestmark = pytest.mark.usefixtures("empty_tasks")

LEASE = 60


async def claim_answer(producer: AsyncClient, limit: int = 100) -> Json:
    answer = await producer.post(
        "/api/v1/notifications/claim", json={"limit": limit, "lease_seconds": LEASE}
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


async def claim(producer: AsyncClient, limit: int = 100) -> list[Json]:
    return (await claim_answer(producer, limit))["items"]


@pytest.fixture
async def owner(make_linked_person: MakeCaller) -> Caller:
    return await make_linked_person()


async def test_due_tasks_are_claimed_earliest_first(
    producer: AsyncClient, owner: Caller, make_task: MakeJson, travel
) -> None:
    relaxed = await make_task(owner)
    pressing = await make_task(owner, urgency="very_urgent")
    await make_task(owner, urgency="urgent")
    await travel(timedelta(hours=24, minutes=1))  # very urgent (3 h) and not urgent (24 h) are due
    await make_task(owner, urgency="very_urgent")  # created now: not due yet

    claimed = await claim(producer)

    assert [item["task_id"] for item in claimed][:1] == [pressing["id"]]
    assert {item["task_id"] for item in claimed} >= {pressing["id"], relaxed["id"]}
    assert len(claimed) == 3  # the urgent one (12 h) is due too, the new one is not
    for item in claimed:
        task = (await owner.client.get(f"/api/v1/tasks/{item['task_id']}")).json()
        assert item["due_at"] == task["next_notification_at"]
        assert item["telegram_chat_id"] == owner.user["telegram_chat_id"]
        assert item["user_id"] == owner.id
        assert (item["title"], item["urgency"]) == (task["title"], task["urgency"])
        assert item["created_at"] == task["created_at"]
        assert item["remind_at"] is None
        assert item["language"] == owner.user["language"]


async def test_concurrent_claims_never_return_the_same_task(
    producer: AsyncClient, owner: Caller, make_task: MakeJson, travel
) -> None:
    created = [await make_task(owner, urgency="very_urgent") for _ in range(120)]
    await travel(timedelta(hours=4))

    claims = await asyncio.gather(*(claim(producer, limit=40) for _ in range(6)))

    claimed_ids = [item["task_id"] for batch in claims for item in batch]
    assert len(claimed_ids) == len(set(claimed_ids)), "a task was handed out twice"
    assert set(claimed_ids) == {task["id"] for task in created}
    assert sum(1 for batch in claims if batch) >= 3, "the claims did not run side by side"


async def test_a_lease_that_runs_out_offers_the_task_again(
    producer: AsyncClient, owner: Caller, make_task: MakeJson, travel
) -> None:
    task = await make_task(owner, urgency="very_urgent")
    await travel(timedelta(hours=3, minutes=1))
    [first] = await claim(producer)
    assert await claim(producer) == []

    await travel(timedelta(seconds=LEASE + 1))
    [again] = await claim(producer)
    assert again["task_id"] == task["id"]
    assert datetime.fromisoformat(again["due_at"]) == datetime.fromisoformat(
        first["due_at"]
    ) - timedelta(seconds=LEASE + 1)  # the same reminder, seen from a clock that moved on


async def test_recording_the_reminder_ends_the_lease_and_moves_the_schedule(
    producer: AsyncClient, worker: AsyncClient, owner: Caller, make_task: MakeJson, travel
) -> None:
    task = await make_task(owner, urgency="very_urgent")
    await travel(timedelta(hours=3, minutes=1))
    [claimed] = await claim(producer)

    sent = datetime.now(UTC)
    recorded = await worker.patch(
        f"/api/v1/tasks/{task['id']}", json={"last_notification": sent.isoformat()}
    )
    assert recorded.status_code == 200, recorded.text
    next_at = datetime.fromisoformat(recorded.json()["next_notification_at"])
    assert next_at == sent + timedelta(hours=5)

    await travel(timedelta(seconds=LEASE + 1))
    assert await claim(producer) == [], "the recorded reminder was offered again"
    await travel(timedelta(hours=5))
    [next_one] = await claim(producer)
    assert next_one["task_id"] == claimed["task_id"]


async def test_done_tasks_are_never_claimed(
    producer: AsyncClient, owner: Caller, make_task: MakeJson, travel
) -> None:
    task = await make_task(owner, urgency="very_urgent")
    await owner.client.patch(f"/api/v1/tasks/{task['id']}", json={"status": "done"})
    await travel(timedelta(days=30))
    assert await claim(producer) == []


async def test_a_one_off_reminder_says_so(
    producer: AsyncClient, owner: Caller, make_task: MakeJson, travel
) -> None:
    remind_at = datetime.now(UTC) + timedelta(hours=1)
    task = await make_task(owner, remind_at=remind_at.isoformat())
    await travel(timedelta(hours=1, minutes=1))
    [claimed] = await claim(producer)
    assert claimed["task_id"] == task["id"]
    assert claimed["remind_at"] == claimed["due_at"]


async def test_a_one_off_reminder_moved_by_quiet_hours_still_says_so(
    producer: AsyncClient, owner: Caller, make_task: MakeJson, travel
) -> None:
    remind_at = datetime.now(UTC) + timedelta(hours=1)
    quiet = {
        "start": (remind_at - timedelta(minutes=30)).time().isoformat(timespec="minutes"),
        "end": (remind_at + timedelta(minutes=30)).time().isoformat(timespec="minutes"),
    }
    await owner.client.patch("/api/v1/users/me", json={"timezone": "UTC", "quiet_hours": quiet})
    task = await make_task(owner, remind_at=remind_at.isoformat())
    assert task["next_notification_at"] != task["remind_at"]
    await travel(timedelta(hours=2))
    [claimed] = await claim(producer)
    assert claimed["task_id"] == task["id"]
    assert claimed["remind_at"] is not None, "the reminder the person asked for, held back"
    moved_by_travel = datetime.fromisoformat(task["next_notification_at"]) - timedelta(hours=2)
    assert datetime.fromisoformat(claimed["due_at"]) == moved_by_travel


async def test_a_reminder_before_a_due_date_says_when_the_task_is_due(
    producer: AsyncClient, owner: Caller, make_task: MakeJson, travel
) -> None:
    task = await make_task(owner, due_at=(datetime.now(UTC) + timedelta(hours=5)).isoformat())
    await travel(timedelta(hours=4, minutes=1))  # an hour before it is due
    [claimed] = await claim(producer)
    assert claimed["task_id"] == task["id"]
    due = datetime.fromisoformat(claimed["task_due_at"])
    assert datetime.fromisoformat(claimed["due_at"]) == due - timedelta(hours=1)
    assert due - datetime.now(UTC) < timedelta(hours=1)  # the clock moved with the task


async def test_a_chat_that_blocked_the_bot_is_not_reminded_until_it_returns(
    producer: AsyncClient,
    worker: AsyncClient,
    bot: AsyncClient,
    owner: Caller,
    make_task: MakeJson,
    travel,
) -> None:
    await make_task(owner, urgency="very_urgent")
    marked = await worker.post(f"/api/v1/users/{owner.id}/telegram-unreachable")
    assert marked.json()["telegram_unreachable"] is True
    await travel(timedelta(days=2))
    assert await claim(producer) == []

    chat = {"chat_id": owner.user["telegram_chat_id"]}
    back = await bot.post("/api/v1/telegram/accounts", json=chat)
    assert (back.status_code, back.json()["id"]) == (200, owner.id)
    assert back.json()["telegram_unreachable"] is False
    assert len(await claim(producer)) == 1


async def record_sent(worker: AsyncClient, *sent: tuple[int, datetime]) -> Json:
    reminders = [{"task_id": task_id, "sent_at": at.isoformat()} for task_id, at in sent]
    answer = await worker.post("/api/v1/notifications/sent", json={"reminders": reminders})
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_reminders_recorded_together_each_move_as_a_patch_would(
    producer: AsyncClient, worker: AsyncClient, owner: Caller, make_task: MakeJson, travel
) -> None:
    pressing = await make_task(owner, urgency="very_urgent")
    urgent = await make_task(owner, urgency="urgent")
    gone = await make_task(owner, urgency="very_urgent")
    await owner.client.delete(f"/api/v1/tasks/{gone['id']}")
    await travel(timedelta(hours=12, minutes=1))
    assert len(await claim(producer)) == 2

    sent = datetime.now(UTC)
    earlier = sent - timedelta(minutes=1)
    answer = await record_sent(
        worker,
        (pressing["id"], earlier),
        (urgent["id"], sent),
        (gone["id"], sent),
        (pressing["id"], sent),  # a task named twice is recorded at its latest moment
    )

    assert sorted(answer["recorded"]) == sorted([pressing["id"], urgent["id"]])
    assert answer["not_found"] == [gone["id"]]
    for task, cadence in ((pressing, timedelta(hours=5)), (urgent, timedelta(hours=10))):
        now = (await owner.client.get(f"/api/v1/tasks/{task['id']}")).json()
        assert datetime.fromisoformat(now["last_notification"]) == sent
        assert datetime.fromisoformat(now["next_notification_at"]) == sent + cadence
    await travel(timedelta(seconds=LEASE + 1))
    assert await claim(producer) == [], "a recorded reminder was offered again"


async def test_a_channel_recording_later_an_earlier_send_never_moves_the_reminder_back(
    producer: AsyncClient, worker: AsyncClient, owner: Caller, make_task: MakeJson, travel
) -> None:
    task = await make_task(owner, urgency="very_urgent")
    await travel(timedelta(hours=3, minutes=1))
    assert len(await claim(producer)) == 1
    by_email = datetime.now(UTC)
    by_telegram = by_email - timedelta(seconds=30)  # sent first, recorded last

    await record_sent(worker, (task["id"], by_email))
    await record_sent(worker, (task["id"], by_telegram))

    now = (await owner.client.get(f"/api/v1/tasks/{task['id']}")).json()
    assert datetime.fromisoformat(now["last_notification"]) == by_email
    assert datetime.fromisoformat(now["next_notification_at"]) == by_email + timedelta(hours=5)


async def test_only_the_worker_records_reminders_and_only_well_formed_ones(
    producer: AsyncClient, worker: AsyncClient, owner: Caller, make_task: MakeJson
) -> None:
    task = await make_task(owner)
    one = {"task_id": task["id"], "sent_at": datetime.now(UTC).isoformat()}
    for caller in (producer, owner.client):
        refused = await caller.post("/api/v1/notifications/sent", json={"reminders": [one]})
        assert refused.status_code == 403, refused.text
    naive = {**one, "sent_at": "2026-12-02T10:00:00"}
    for body, field in (
        ({"reminders": []}, "reminders"),
        ({"reminders": [one] * 1001}, "reminders"),
        ({"reminders": [naive]}, "sent_at"),
        ({"reminders": [{**one, "task_id": 0}]}, "task_id"),
    ):
        answer = await worker.post("/api/v1/notifications/sent", json=body)
        assert answer.status_code == 422, answer.text
        assert field in answer.text
    unchanged = (await owner.client.get(f"/api/v1/tasks/{task['id']}")).json()
    assert unchanged["last_notification"] is None


async def hand_back(worker: AsyncClient, task_id: int, due_at: str, *, given_up: bool) -> Json:
    reminder = {"task_id": task_id, "due_at": due_at, "given_up": given_up}
    answer = await worker.post("/api/v1/notifications/unsent", json={"reminders": [reminder]})
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_a_reminder_given_up_on_is_handed_back_and_not_offered_again(
    producer: AsyncClient, worker: AsyncClient, owner: Caller, make_task: MakeJson, travel
) -> None:
    task = await make_task(owner, urgency="very_urgent")
    await travel(timedelta(hours=3, minutes=1))
    [claimed] = await claim(producer)

    answer = await hand_back(worker, task["id"], claimed["due_at"], given_up=True)

    assert answer == {"recorded": [task["id"]], "not_found": []}
    now = (await owner.client.get(f"/api/v1/tasks/{task['id']}")).json()
    due_at = datetime.fromisoformat(claimed["due_at"])
    assert datetime.fromisoformat(now["next_notification_at"]) == due_at + timedelta(hours=5)
    assert now["last_notification"] is None
    await travel(timedelta(seconds=LEASE + 1))
    assert await claim(producer) == [], "a reminder given up on was offered again"
    await travel(timedelta(hours=5))
    [next_one] = await claim(producer)  # the cadence goes on
    assert next_one["task_id"] == task["id"]


async def test_a_skipped_reminder_hands_its_task_back_for_when_the_chat_returns(
    producer: AsyncClient,
    worker: AsyncClient,
    bot: AsyncClient,
    owner: Caller,
    make_task: MakeJson,
    travel,
) -> None:
    task = await make_task(owner, urgency="very_urgent")
    await travel(timedelta(hours=3, minutes=1))
    [claimed] = await claim(producer)
    await worker.post(f"/api/v1/users/{owner.id}/telegram-unreachable")  # Telegram said 403

    await hand_back(worker, task["id"], claimed["due_at"], given_up=False)

    await bot.post("/api/v1/telegram/accounts", json={"chat_id": owner.user["telegram_chat_id"]})
    [again] = await claim(producer)  # at once: no lease left, the same reminder
    assert (again["task_id"], again["due_at"]) == (task["id"], claimed["due_at"])


async def test_only_the_worker_hands_reminders_back_and_only_well_formed_ones(
    producer: AsyncClient, worker: AsyncClient, owner: Caller, make_task: MakeJson
) -> None:
    task = await make_task(owner)
    url = "/api/v1/notifications/unsent"
    one = {"task_id": task["id"], "due_at": task["next_notification_at"], "given_up": True}
    for caller in (producer, owner.client):
        refused = await caller.post(url, json={"reminders": [one]})
        assert refused.status_code == 403, refused.text
    for body, field in (
        ({"reminders": []}, "reminders"),
        ({"reminders": [one] * 1001}, "reminders"),
        ({"reminders": [{**one, "due_at": "2026-12-02T10:00:00"}]}, "due_at"),
        ({"reminders": [{**one, "task_id": 0}]}, "task_id"),
    ):
        answer = await worker.post(url, json=body)
        assert answer.status_code == 422, answer.text
        assert field in answer.text
    gone = await make_task(owner)
    await owner.client.delete(f"/api/v1/tasks/{gone['id']}")
    answer = await hand_back(worker, gone["id"], one["due_at"], given_up=True)
    assert answer == {"recorded": [], "not_found": [gone["id"]]}
    unchanged = (await owner.client.get(f"/api/v1/tasks/{task['id']}")).json()
    assert unchanged["next_notification_at"] == task["next_notification_at"]


async def test_the_worker_reads_many_tasks_in_one_request(
    worker: AsyncClient, owner: Caller, make_linked_person: MakeCaller, make_task: MakeJson
) -> None:
    other = await make_linked_person()
    mine, theirs, unwanted = (
        await make_task(owner),
        await make_task(other),
        await make_task(owner),
    )
    gone = await make_task(owner)
    await owner.client.delete(f"/api/v1/tasks/{gone['id']}")

    ids = [mine["id"], theirs["id"], gone["id"]]
    page = await worker.get("/api/v1/tasks", params={"task_id": ids})

    assert page.status_code == 200, page.text
    assert sorted(task["id"] for task in page.json()["items"]) == sorted(ids[:2])
    assert unwanted["id"] not in {task["id"] for task in page.json()["items"]}
    own = await owner.client.get("/api/v1/tasks", params={"task_id": ids})
    assert [task["id"] for task in own.json()["items"]] == [mine["id"]]


async def next_due_at(producer: AsyncClient) -> datetime | None:
    moment = (await claim_answer(producer))["next_due_at"]
    return None if moment is None else datetime.fromisoformat(moment)


async def test_a_claim_answers_when_the_next_reminder_falls_due(
    producer: AsyncClient, owner: Caller, make_task: MakeJson, travel
) -> None:
    assert await next_due_at(producer) is None, "nothing is scheduled"
    await make_task(owner, urgency="urgent")
    sooner = await make_task(owner, urgency="very_urgent")

    assert await next_due_at(producer) == datetime.fromisoformat(sooner["next_notification_at"])

    await travel(timedelta(hours=3, minutes=1))  # the very urgent one is due, and leased
    claimed_at = datetime.now(UTC)
    [claimed] = await claim(producer)
    assert claimed["task_id"] == sooner["id"]
    # Leased: it counts when its lease runs out, which is before the urgent one falls due.
    lease_end = await next_due_at(producer)
    assert lease_end is not None
    assert (
        claimed_at + timedelta(seconds=LEASE)
        <= lease_end
        <= datetime.now(UTC) + timedelta(seconds=LEASE)
    )


@pytest.mark.parametrize(
    ("linked", "verified", "channels", "by_telegram", "by_email"),
    [
        (True, True, ["email", "telegram"], True, True),
        (True, True, ["telegram"], True, False),
        (True, True, ["email"], False, True),
        (False, True, ["email", "telegram"], False, True),
        (True, False, ["email", "telegram"], True, False),
    ],
    ids=["both", "telegram chosen", "email chosen", "no chat", "address unverified"],
)
async def test_a_reminder_names_each_channel_that_reaches_its_person(
    producer: AsyncClient,
    make_person: MakeCaller,
    make_linked_person: MakeCaller,
    make_task: MakeJson,
    verify_address: VerifyAddress,
    travel,
    linked: bool,
    verified: bool,
    channels: list[str],
    by_telegram: bool,
    by_email: bool,
) -> None:
    person = await (make_linked_person if linked else make_person)()
    address = await verify_address(person) if verified else None
    await person.client.patch("/api/v1/users/me", json={"channels": channels})
    first = await make_task(person, urgency="very_urgent")
    second = await make_task(person, urgency="very_urgent")
    await travel(timedelta(hours=3, minutes=1))

    claimed = {item["task_id"]: item for item in await claim(producer)}

    for task in (first, second):
        item = claimed[task["id"]]
        chat = person.user["telegram_chat_id"] if by_telegram else None
        assert item["telegram_chat_id"] == chat
        if not by_email:
            assert item["email"] is None
            continue
        assert item["email"]["address"] == address
        for action in ("done", "snooze"):
            assert item["email"][f"{action}_url"].startswith(
                f"http://task-api/api/v1/email/tasks/{action}?token="
            )
        assert item["email"]["unsubscribe_url"].startswith(
            "http://task-api/api/v1/email/unsubscribe?token="
        )
    if by_email:
        one, other = (claimed[task["id"]]["email"] for task in (first, second))
        assert one["done_url"] != other["done_url"]
        assert one["unsubscribe_url"] == other["unsubscribe_url"]
