"""The tasks routes, as a client uses them."""

import uuid
from datetime import UTC, datetime, timedelta

from httpx import AsyncClient

from todo_testkit.typing import MakeJson


def at(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def new_chat_id() -> int:
    return 5_000_000_000 + uuid.uuid4().int % 10**9


async def test_a_new_task_has_the_contract_defaults(
    make_user: MakeJson, make_task: MakeJson
) -> None:
    owner = await make_user()
    task = await make_task(user_id=owner["id"], title="  Pay rent  ")
    assert task["title"] == "Pay rent"
    assert task["status"] == "new"
    assert task["completed"] is False
    assert task["urgency"] == "not_urgent"
    assert task["user"] == {"id": owner["id"], "username": owner["username"]}
    assert task["assignee_id"] is None
    assert task["time_spent_seconds"] == 0
    for moment in ("started_at", "completed_at", "remind_at", "snoozed_until", "last_notification"):
        assert task[moment] is None
    assert at(task["created_at"]).utcoffset() == timedelta(0)


async def test_a_task_is_scheduled_by_its_urgency(make_user: MakeJson, make_task: MakeJson) -> None:
    owner = await make_user(telegram_chat_id=new_chat_id())
    for urgency, first in [("not_urgent", 24), ("urgent", 12), ("very_urgent", 3)]:
        task = await make_task(user_id=owner["id"], urgency=urgency)
        expected = at(task["created_at"]) + timedelta(hours=first)
        assert at(task["next_notification_at"]) == expected, urgency


async def test_a_user_without_a_chat_is_never_due(make_task: MakeJson) -> None:
    task = await make_task(urgency="very_urgent")
    assert task["next_notification_at"] is None


async def test_get_embeds_the_user(client: AsyncClient, make_task: MakeJson) -> None:
    task = await make_task(description="before the 5th")
    fetched = await client.get(f"/api/v1/tasks/{task['id']}")
    assert fetched.status_code == 200
    assert fetched.json() == task


async def test_the_list_filters_and_pages(
    client: AsyncClient, make_user: MakeJson, make_task: MakeJson
) -> None:
    owner = await make_user()
    urgent = [await make_task(user_id=owner["id"], urgency="urgent") for _ in range(3)]
    relaxed = await make_task(user_id=owner["id"])
    await make_task()  # someone else's

    mine = (await client.get("/api/v1/tasks", params={"user_id": owner["id"]})).json()
    assert [t["id"] for t in mine["items"]] == [t["id"] for t in [*urgent, relaxed]]
    assert mine["total"] == 4

    page = await client.get(
        "/api/v1/tasks",
        params={"user_id": owner["id"], "urgency": "urgent", "skip": 1, "limit": 1},
    )
    assert page.json() == {"items": [urgent[1]], "total": 3, "skip": 1, "limit": 1}

    one = await client.get("/api/v1/tasks", params={"task_id": relaxed["id"]})
    assert one.json()["items"] == [relaxed]

    done = await client.get("/api/v1/tasks", params={"user_id": owner["id"], "status": "done"})
    assert done.json()["items"] == []
    assert done.json()["total"] == 0


async def test_put_replaces_every_editable_field(client: AsyncClient, make_task: MakeJson) -> None:
    task = await make_task(description="old", urgency="urgent")
    replaced = await client.put(f"/api/v1/tasks/{task['id']}", json={"title": "New title"})
    assert replaced.status_code == 200
    body = replaced.json()
    assert (body["title"], body["description"], body["urgency"]) == (
        "New title",
        None,
        "not_urgent",
    )
    assert body["user_id"] == task["user_id"]


async def test_patch_changes_only_what_it_is_given(
    client: AsyncClient, make_task: MakeJson
) -> None:
    task = await make_task(description="keep me", urgency="urgent")
    patched = await client.patch(f"/api/v1/tasks/{task['id']}", json={"title": "Pay the rent"})
    assert patched.status_code == 200
    body = patched.json()
    assert body["title"] == "Pay the rent"
    assert (body["description"], body["urgency"]) == ("keep me", "urgent")
    assert at(body["updated_at"]) > at(task["updated_at"])

    cleared = await client.patch(f"/api/v1/tasks/{task['id']}", json={"description": None})
    assert cleared.json()["description"] is None


async def test_status_moves_record_start_assignee_and_time_spent(
    client: AsyncClient, make_task: MakeJson
) -> None:
    task = await make_task()
    started = (
        await client.patch(f"/api/v1/tasks/{task['id']}", json={"status": "in_progress"})
    ).json()
    assert started["started_at"] is not None
    assert started["assignee_id"] == task["user_id"]
    assert started["completed_at"] is None

    done = (await client.patch(f"/api/v1/tasks/{task['id']}", json={"completed": True})).json()
    assert (done["status"], done["completed"]) == ("done", True)
    spent = at(done["completed_at"]) - at(done["started_at"])
    assert done["time_spent_seconds"] == int(spent.total_seconds())
    assert done["next_notification_at"] is None

    reopened = (await client.patch(f"/api/v1/tasks/{task['id']}", json={"completed": False})).json()
    assert (reopened["status"], reopened["completed"]) == ("new", False)
    assert reopened["completed_at"] is None
    assert reopened["started_at"] == started["started_at"]


async def test_done_tasks_are_not_reminded_and_reopened_ones_are(
    client: AsyncClient, make_user: MakeJson, make_task: MakeJson
) -> None:
    owner = await make_user(telegram_chat_id=new_chat_id())
    task = await make_task(user_id=owner["id"], urgency="very_urgent")
    done = (await client.patch(f"/api/v1/tasks/{task['id']}", json={"status": "done"})).json()
    assert done["next_notification_at"] is None
    back = (
        await client.patch(f"/api/v1/tasks/{task['id']}", json={"status": "in_progress"})
    ).json()
    assert back["next_notification_at"] == task["next_notification_at"]


async def test_a_contradiction_between_completed_and_status_is_refused(
    client: AsyncClient, make_task: MakeJson
) -> None:
    task = await make_task()
    answer = await client.patch(
        f"/api/v1/tasks/{task['id']}", json={"completed": True, "status": "new"}
    )
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "completed"]


async def test_recording_a_reminder_moves_the_next_one(
    client: AsyncClient, make_user: MakeJson, make_task: MakeJson
) -> None:
    owner = await make_user(telegram_chat_id=new_chat_id())
    task = await make_task(user_id=owner["id"], urgency="urgent")
    sent = datetime.now(UTC).replace(microsecond=0)
    patched = await client.patch(
        f"/api/v1/tasks/{task['id']}", json={"last_notification": sent.isoformat()}
    )
    assert at(patched.json()["last_notification"]) == sent
    assert at(patched.json()["next_notification_at"]) == sent + timedelta(hours=10)


async def test_a_change_of_urgency_reschedules(
    client: AsyncClient, make_user: MakeJson, make_task: MakeJson
) -> None:
    owner = await make_user(telegram_chat_id=new_chat_id())
    task = await make_task(user_id=owner["id"])
    patched = await client.patch(f"/api/v1/tasks/{task['id']}", json={"urgency": "very_urgent"})
    expected = at(task["created_at"]) + timedelta(hours=3)
    assert at(patched.json()["next_notification_at"]) == expected


async def test_a_snooze_holds_the_next_reminder_back(
    client: AsyncClient, make_user: MakeJson, make_task: MakeJson
) -> None:
    owner = await make_user(telegram_chat_id=new_chat_id())
    task = await make_task(user_id=owner["id"], urgency="very_urgent")
    until = (at(task["created_at"]) + timedelta(hours=30)).isoformat()
    patched = await client.patch(f"/api/v1/tasks/{task['id']}", json={"snoozed_until": until})
    assert patched.json()["next_notification_at"] == patched.json()["snoozed_until"]
    assert at(patched.json()["snoozed_until"]) == at(until)


async def test_delete_answers_204_and_the_task_is_gone(
    client: AsyncClient, make_task: MakeJson
) -> None:
    task = await make_task()
    deleted = await client.delete(f"/api/v1/tasks/{task['id']}")
    assert deleted.status_code == 204
    assert deleted.content == b""
    assert (await client.get(f"/api/v1/tasks/{task['id']}")).status_code == 404
    assert (await client.delete(f"/api/v1/tasks/{task['id']}")).status_code == 404
    assert (
        await client.patch(f"/api/v1/tasks/{task['id']}", json={"title": "x"})
    ).status_code == 404
