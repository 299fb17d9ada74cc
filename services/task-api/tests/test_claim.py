"""`POST /api/v1/notifications/claim`: due tasks, each leased to one claimer."""

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from httpx import AsyncClient

from todo_testkit.typing import Json, MakeJson

pytestmark = pytest.mark.usefixtures("empty_tasks")

LEASE = 60


async def claim(client: AsyncClient, limit: int = 100) -> list[Json]:
    answer = await client.post(
        "/api/v1/notifications/claim", json={"limit": limit, "lease_seconds": LEASE}
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


@pytest.fixture
async def owner(make_user: MakeJson) -> Json:
    return await make_user(telegram_chat_id=8_000_000_000 + uuid.uuid4().int % 10**9)


async def test_due_tasks_are_claimed_earliest_first(
    client: AsyncClient, owner: Json, make_task: MakeJson, travel
) -> None:
    relaxed = await make_task(user_id=owner["id"])
    pressing = await make_task(user_id=owner["id"], urgency="very_urgent")
    await make_task(user_id=owner["id"], urgency="urgent")
    await travel(timedelta(hours=24, minutes=1))  # very urgent (3 h) and not urgent (24 h) are due
    await make_task(user_id=owner["id"], urgency="very_urgent")  # created now: not due yet

    claimed = await claim(client)

    assert [item["task_id"] for item in claimed][:1] == [pressing["id"]]
    assert {item["task_id"] for item in claimed} >= {pressing["id"], relaxed["id"]}
    assert len(claimed) == 3  # the urgent one (12 h) is due too, the new one is not
    for item in claimed:
        task = (await client.get(f"/api/v1/tasks/{item['task_id']}")).json()
        assert item["due_at"] == task["next_notification_at"]
        assert item["telegram_chat_id"] == owner["telegram_chat_id"]
        assert item["user_id"] == owner["id"]
        assert (item["title"], item["urgency"]) == (task["title"], task["urgency"])
        assert item["created_at"] == task["created_at"]
        assert item["remind_at"] is None


async def test_concurrent_claims_never_return_the_same_task(
    client: AsyncClient, owner: Json, make_task: MakeJson, travel
) -> None:
    created = [await make_task(user_id=owner["id"], urgency="very_urgent") for _ in range(120)]
    await travel(timedelta(hours=4))

    claims = await asyncio.gather(*(claim(client, limit=40) for _ in range(6)))

    claimed_ids = [item["task_id"] for batch in claims for item in batch]
    assert len(claimed_ids) == len(set(claimed_ids)), "a task was handed out twice"
    assert set(claimed_ids) == {task["id"] for task in created}
    assert sum(1 for batch in claims if batch) >= 3, "the claims did not run side by side"


async def test_a_lease_that_runs_out_offers_the_task_again(
    client: AsyncClient, owner: Json, make_task: MakeJson, travel
) -> None:
    task = await make_task(user_id=owner["id"], urgency="very_urgent")
    await travel(timedelta(hours=3, minutes=1))
    [first] = await claim(client)
    assert await claim(client) == []

    await travel(timedelta(seconds=LEASE + 1))
    [again] = await claim(client)
    assert again["task_id"] == task["id"]
    assert datetime.fromisoformat(again["due_at"]) == datetime.fromisoformat(
        first["due_at"]
    ) - timedelta(seconds=LEASE + 1)  # the same reminder, seen from a clock that moved on


async def test_recording_the_reminder_ends_the_lease_and_moves_the_schedule(
    client: AsyncClient, owner: Json, make_task: MakeJson, travel
) -> None:
    task = await make_task(user_id=owner["id"], urgency="very_urgent")
    await travel(timedelta(hours=3, minutes=1))
    [claimed] = await claim(client)

    sent = datetime.now(UTC)
    recorded = await client.patch(
        f"/api/v1/tasks/{task['id']}", json={"last_notification": sent.isoformat()}
    )
    assert datetime.fromisoformat(recorded.json()["next_notification_at"]) == sent + timedelta(
        hours=5
    )

    await travel(timedelta(seconds=LEASE + 1))
    assert await claim(client) == [], "the recorded reminder was offered again"
    await travel(timedelta(hours=5))
    [next_one] = await claim(client)
    assert next_one["task_id"] == claimed["task_id"]


async def test_done_tasks_are_never_claimed(
    client: AsyncClient, owner: Json, make_task: MakeJson, travel
) -> None:
    task = await make_task(user_id=owner["id"], urgency="very_urgent")
    await client.patch(f"/api/v1/tasks/{task['id']}", json={"status": "done"})
    await travel(timedelta(days=30))
    assert await claim(client) == []


async def test_a_one_off_reminder_says_so(
    client: AsyncClient, owner: Json, make_task: MakeJson, travel
) -> None:
    remind_at = datetime.now(UTC) + timedelta(hours=1)
    task = await make_task(user_id=owner["id"], remind_at=remind_at.isoformat())
    await travel(timedelta(hours=1, minutes=1))
    [claimed] = await claim(client)
    assert claimed["task_id"] == task["id"]
    assert claimed["remind_at"] == claimed["due_at"]
