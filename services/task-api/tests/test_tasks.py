"""The tasks routes, as their owner uses them."""

from datetime import UTC, datetime, timedelta

import httpx

from todo_testkit.clock import at
from todo_testkit.typing import Caller, MakeCaller, MakeJson


async def test_a_new_task_has_the_contract_defaults(person: Caller, make_task: MakeJson) -> None:
    task = await make_task(title="  Pay rent  ")
    assert task["title"] == "Pay rent"
    assert task["status"] == "new"
    assert task["completed"] is False
    assert task["urgency"] == "not_urgent"
    assert task["user_id"] == person.id
    assert task["user"] == {"id": person.id, "username": person.user["username"]}
    assert task["assignee_id"] is None
    assert task["time_spent_seconds"] == 0
    for moment in ("started_at", "completed_at", "remind_at", "snoozed_until", "last_notification"):
        assert task[moment] is None
    assert at(task["created_at"]).utcoffset() == timedelta(0)


async def test_a_task_is_scheduled_by_its_urgency(
    make_linked_person: MakeCaller, make_task: MakeJson
) -> None:
    owner = await make_linked_person()
    for urgency, first in [("not_urgent", 24), ("urgent", 12), ("very_urgent", 3)]:
        task = await make_task(owner, urgency=urgency)
        expected = at(task["created_at"]) + timedelta(hours=first)
        assert at(task["next_notification_at"]) == expected, urgency


async def test_a_user_without_a_chat_is_never_due(make_task: MakeJson) -> None:
    task = await make_task(urgency="very_urgent")
    assert task["next_notification_at"] is None


async def test_linking_a_chat_schedules_the_tasks_already_there(
    person: Caller, admin: Caller, make_task: MakeJson
) -> None:
    task = await make_task(urgency="urgent")
    await admin.client.patch(f"/api/v1/users/{person.id}", json={"telegram_chat_id": person.id})
    scheduled = (await person.client.get(f"/api/v1/tasks/{task['id']}")).json()
    assert at(scheduled["next_notification_at"]) == at(task["created_at"]) + timedelta(hours=12)


async def test_get_embeds_the_user(person: Caller, make_task: MakeJson) -> None:
    task = await make_task(description="before the 5th")
    fetched = await person.client.get(f"/api/v1/tasks/{task['id']}")
    assert fetched.status_code == 200
    assert fetched.json() == task


async def test_the_list_filters_and_pages(
    person: Caller, make_person: MakeCaller, make_task: MakeJson
) -> None:
    urgent = [await make_task(urgency="urgent") for _ in range(3)]
    relaxed = await make_task()
    await make_task(await make_person())  # someone else's

    mine = (await person.client.get("/api/v1/tasks")).json()
    assert [t["id"] for t in mine["items"]] == [t["id"] for t in [*urgent, relaxed]]
    assert mine["total"] == 4

    page = await person.client.get(
        "/api/v1/tasks", params={"urgency": "urgent", "skip": 1, "limit": 1}
    )
    assert page.json() == {"items": [urgent[1]], "total": 3, "skip": 1, "limit": 1}

    one = await person.client.get("/api/v1/tasks", params={"task_id": relaxed["id"]})
    assert one.json()["items"] == [relaxed]

    done = await person.client.get("/api/v1/tasks", params={"status": "done"})
    assert (done.json()["items"], done.json()["total"]) == ([], 0)


async def test_put_replaces_every_editable_field(person: Caller, make_task: MakeJson) -> None:
    task = await make_task(description="old", urgency="urgent")
    replaced = await person.client.put(f"/api/v1/tasks/{task['id']}", json={"title": "New title"})
    assert replaced.status_code == 200
    body = replaced.json()
    assert (body["title"], body["description"], body["urgency"]) == (
        "New title",
        None,
        "not_urgent",
    )
    assert body["user_id"] == task["user_id"]


async def test_patch_changes_only_what_it_is_given(person: Caller, make_task: MakeJson) -> None:
    task = await make_task(description="keep me", urgency="urgent")
    url = f"/api/v1/tasks/{task['id']}"
    patched = await person.client.patch(url, json={"title": "Pay the rent"})
    assert patched.status_code == 200
    body = patched.json()
    assert body["title"] == "Pay the rent"
    assert (body["description"], body["urgency"]) == ("keep me", "urgent")
    assert at(body["updated_at"]) > at(task["updated_at"])

    cleared = await person.client.patch(url, json={"description": None})
    assert cleared.json()["description"] is None


async def test_status_moves_record_start_assignee_and_time_spent(
    person: Caller, make_task: MakeJson
) -> None:
    task = await make_task()
    url = f"/api/v1/tasks/{task['id']}"
    started = (await person.client.patch(url, json={"status": "in_progress"})).json()
    assert started["started_at"] is not None
    assert started["assignee_id"] == person.id
    assert started["completed_at"] is None

    done = (await person.client.patch(url, json={"completed": True})).json()
    assert (done["status"], done["completed"]) == ("done", True)
    spent = at(done["completed_at"]) - at(done["started_at"])
    assert done["time_spent_seconds"] == int(spent.total_seconds())
    assert done["next_notification_at"] is None

    reopened = (await person.client.patch(url, json={"completed": False})).json()
    assert (reopened["status"], reopened["completed"]) == ("new", False)
    assert reopened["completed_at"] is None
    assert reopened["started_at"] == started["started_at"]


async def test_an_admin_moving_a_task_becomes_its_assignee(
    person: Caller, admin: Caller, make_task: MakeJson
) -> None:
    task = await make_task()
    moved = await admin.client.patch(f"/api/v1/tasks/{task['id']}", json={"status": "in_progress"})
    assert moved.json()["assignee_id"] == admin.id
    assert moved.json()["user_id"] == person.id


async def test_done_tasks_are_not_reminded_and_reopened_ones_are(
    make_linked_person: MakeCaller, make_task: MakeJson
) -> None:
    owner = await make_linked_person()
    task = await make_task(owner, urgency="very_urgent")
    url = f"/api/v1/tasks/{task['id']}"
    done = (await owner.client.patch(url, json={"status": "done"})).json()
    assert done["next_notification_at"] is None
    back = (await owner.client.patch(url, json={"status": "in_progress"})).json()
    assert back["next_notification_at"] == task["next_notification_at"]


async def test_a_contradiction_between_completed_and_status_is_refused(
    person: Caller, make_task: MakeJson
) -> None:
    task = await make_task()
    answer = await person.client.patch(
        f"/api/v1/tasks/{task['id']}", json={"completed": True, "status": "new"}
    )
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "completed"]


async def test_recording_a_reminder_moves_the_next_one(
    make_linked_person: MakeCaller, make_task: MakeJson
) -> None:
    owner = await make_linked_person()
    task = await make_task(owner, urgency="urgent")
    sent = datetime.now(UTC).replace(microsecond=0)
    patched = await owner.client.patch(
        f"/api/v1/tasks/{task['id']}", json={"last_notification": sent.isoformat()}
    )
    assert at(patched.json()["last_notification"]) == sent
    assert at(patched.json()["next_notification_at"]) == sent + timedelta(hours=10)


async def test_a_change_of_urgency_reschedules(
    make_linked_person: MakeCaller, make_task: MakeJson
) -> None:
    owner = await make_linked_person()
    task = await make_task(owner)
    patched = await owner.client.patch(
        f"/api/v1/tasks/{task['id']}", json={"urgency": "very_urgent"}
    )
    expected = at(task["created_at"]) + timedelta(hours=3)
    assert at(patched.json()["next_notification_at"]) == expected


async def test_a_snooze_holds_the_next_reminder_back(
    make_linked_person: MakeCaller, make_task: MakeJson
) -> None:
    owner = await make_linked_person()
    task = await make_task(owner, urgency="very_urgent")
    until = (at(task["created_at"]) + timedelta(hours=30)).isoformat()
    patched = await owner.client.patch(f"/api/v1/tasks/{task['id']}", json={"snoozed_until": until})
    assert patched.json()["next_notification_at"] == patched.json()["snoozed_until"]
    assert at(patched.json()["snoozed_until"]) == at(until)


async def test_a_snooze_is_the_next_reminder_then_the_cadence_goes_on(
    make_linked_person: MakeCaller, make_task: MakeJson, worker: httpx.AsyncClient
) -> None:
    owner = await make_linked_person()
    task = await make_task(owner, urgency="urgent")
    url = f"/api/v1/tasks/{task['id']}"
    reminded = at(task["created_at"]) + timedelta(hours=12)
    recorded = await worker.patch(url, json={"last_notification": reminded.isoformat()})
    assert at(recorded.json()["next_notification_at"]) == reminded + timedelta(hours=10)

    until = reminded + timedelta(hours=1)
    snoozed = await owner.client.patch(url, json={"snoozed_until": until.isoformat()})
    assert at(snoozed.json()["next_notification_at"]) == until, "Snooze 1h reminds in an hour"

    recorded = await worker.patch(url, json={"last_notification": until.isoformat()})
    assert at(recorded.json()["next_notification_at"]) == until + timedelta(hours=10)


async def test_a_tasks_own_cadence_and_none_at_all(
    make_linked_person: MakeCaller, make_task: MakeJson
) -> None:
    owner = await make_linked_person()
    task = await make_task(owner, urgency="very_urgent", remind_every="PT2H")
    assert task["remind_every"] == "PT2H"
    assert at(task["next_notification_at"]) == at(task["created_at"]) + timedelta(hours=2)
    url = f"/api/v1/tasks/{task['id']}"

    off = await owner.client.patch(url, json={"cadence_off": True})
    assert off.json()["cadence_off"] is True
    assert off.json()["next_notification_at"] is None, "don't remind me"

    back = await owner.client.patch(url, json={"cadence_off": False, "remind_every": None})
    expected = at(task["created_at"]) + timedelta(hours=3)  # very urgent's first reminder
    assert at(back.json()["next_notification_at"]) == expected


async def test_a_cadence_under_15_minutes_is_refused(person: Caller) -> None:
    answer = await person.client.post(
        "/api/v1/tasks", json={"title": "Drink water", "remind_every": 60}
    )
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "remind_every"]


async def test_delete_answers_204_and_the_task_is_gone(person: Caller, make_task: MakeJson) -> None:
    task = await make_task()
    url = f"/api/v1/tasks/{task['id']}"
    deleted = await person.client.delete(url)
    assert deleted.status_code == 204
    assert deleted.content == b""
    assert (await person.client.get(url)).status_code == 404
    assert (await person.client.delete(url)).status_code == 404
    assert (await person.client.patch(url, json={"title": "x"})).status_code == 404
