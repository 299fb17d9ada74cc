"""Due dates: reminders before a task is due, tighter ones once it is overdue, and the list
filtered and sorted by them."""

from datetime import UTC, datetime, timedelta

import pytest

from todo_testkit.clock import at
from todo_testkit.typing import Caller, MakeCaller, MakeJson


async def test_a_date_is_due_by_the_end_of_that_day_in_the_owners_zone(
    make_person: MakeCaller, make_task: MakeJson
) -> None:
    owner = await make_person(timezone="Asia/Tokyo")
    task = await make_task(owner, due_at="2030-12-20")
    assert task["due_date"] == "2030-12-20"
    assert at(task["due_at"]) == datetime(2030, 12, 20, 15, tzinfo=UTC)  # midnight in Tokyo


async def test_a_day_stays_that_day_when_its_owner_moves_zone(
    make_person: MakeCaller, make_task: MakeJson
) -> None:
    owner = await make_person(timezone="Asia/Tokyo")
    task = await make_task(owner, due_at="2030-12-20")
    await owner.client.patch("/api/v1/users/me", json={"timezone": "America/New_York"})
    moved = (await owner.client.get(f"/api/v1/tasks/{task['id']}")).json()
    assert moved["due_date"] == "2030-12-20"
    assert at(moved["due_at"]) == datetime(2030, 12, 21, 5, tzinfo=UTC)  # midnight in New York


async def test_a_moment_without_an_offset_is_read_in_the_owners_zone(
    make_person: MakeCaller, make_task: MakeJson
) -> None:
    owner = await make_person(timezone="Asia/Tokyo")
    task = await make_task(owner, due_at="2030-12-20T18:00:00")
    assert task["due_date"] is None
    assert at(task["due_at"]) == datetime(2030, 12, 20, 9, tzinfo=UTC)


async def test_the_owner_is_reminded_an_hour_before_it_is_due(
    make_linked_person: MakeCaller, make_task: MakeJson
) -> None:
    owner = await make_linked_person()
    due = datetime.now(UTC) + timedelta(hours=20)
    task = await make_task(owner, due_at=due.isoformat())
    # A day before is already past, and the cadence's first reminder (24 h) comes later.
    assert at(task["next_notification_at"]) == due - timedelta(hours=1)
    assert owner.user["remind_before"] == ["P1D", "PT1H"]


async def test_a_tasks_own_reminders_before_it_is_due_replace_its_owners(
    make_linked_person: MakeCaller, make_task: MakeJson
) -> None:
    owner = await make_linked_person()
    due = datetime.now(UTC) + timedelta(hours=20)
    task = await make_task(owner, due_at=due.isoformat(), remind_before=["PT30M"])
    assert task["remind_before"] == ["PT30M"]
    assert at(task["next_notification_at"]) == due - timedelta(minutes=30)


async def test_changing_ones_default_moves_the_reminders_of_open_tasks(
    make_linked_person: MakeCaller, make_task: MakeJson
) -> None:
    owner = await make_linked_person()
    due = datetime.now(UTC) + timedelta(hours=20)
    task = await make_task(owner, due_at=due.isoformat())
    changed = await owner.client.patch("/api/v1/users/me", json={"remind_before": ["PT3H"]})
    assert changed.status_code == 200, changed.text
    assert changed.json()["remind_before"] == ["PT3H"]
    moved = (await owner.client.get(f"/api/v1/tasks/{task['id']}")).json()
    assert at(moved["next_notification_at"]) == due - timedelta(hours=3)


async def test_an_overdue_task_is_reminded_at_the_next_urgencys_interval(
    make_linked_person: MakeCaller, make_task: MakeJson
) -> None:
    owner = await make_linked_person()
    due = datetime.now(UTC) - timedelta(hours=1)
    task = await make_task(owner, urgency="not_urgent", due_at=due.isoformat())
    # Not urgent reminds after 24 h; overdue, it reminds at urgent's 10 h.
    assert at(task["next_notification_at"]) == at(task["created_at"]) + timedelta(hours=10)


async def test_clearing_the_due_date_clears_both_fields(
    person: Caller, make_task: MakeJson
) -> None:
    task = await make_task(due_at="2030-12-20")
    cleared = await person.client.patch(f"/api/v1/tasks/{task['id']}", json={"due_at": None})
    assert (cleared.json()["due_at"], cleared.json()["due_date"]) == (None, None)


async def test_the_list_filters_and_sorts_by_due_date(
    make_person: MakeCaller, make_task: MakeJson
) -> None:
    owner = await make_person(timezone="UTC")
    await make_task(owner, title="late", due_at="2030-03-01")
    await make_task(owner, title="none")
    await make_task(owner, title="soon", due_at="2030-01-01T09:00:00Z")
    await make_task(owner, title="middle", due_at="2030-02-01T09:00:00Z")

    async def titles(**params: str) -> list[str]:
        answer = await owner.client.get("/api/v1/tasks", params=params)
        assert answer.status_code == 200, answer.text
        return [task["title"] for task in answer.json()["items"]]

    assert await titles(sort="due_at") == ["soon", "middle", "late", "none"]
    assert await titles(sort="-due_at") == ["late", "middle", "soon", "none"]
    assert await titles() == ["late", "none", "soon", "middle"]
    assert await titles(due_before="2030-02-01T09:00:00Z", sort="due_at") == ["soon"]
    assert await titles(due_after="2030-02-01T09:00:00Z", sort="due_at") == ["middle", "late"]


async def test_the_list_takes_several_statuses_and_whether_a_task_has_a_due_date(
    make_person: MakeCaller, make_task: MakeJson
) -> None:
    owner = await make_person(timezone="UTC")
    await make_task(owner, title="started", due_at="2030-01-02", status="in_progress")
    await make_task(owner, title="waiting", due_at="2030-01-01")
    await make_task(owner, title="finished", due_at="2029-12-31", status="done")
    await make_task(owner, title="someday")

    async def titles(params: list[tuple[str, str]]) -> list[str]:
        answer = await owner.client.get("/api/v1/tasks", params=params)
        assert answer.status_code == 200, answer.text
        return [task["title"] for task in answer.json()["items"]]

    open_statuses = [("status", "new"), ("status", "in_progress")]
    dated = [*open_statuses, ("has_due_date", "true"), ("sort", "due_at")]
    assert await titles(dated) == ["waiting", "started"]
    assert await titles([("has_due_date", "false")]) == ["someday"]
    assert await titles([("status", "done")]) == ["finished"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"due_at": "next friday"}, "due_at"),
        ({"due_at": "2030-02-30"}, "due_at"),
        ({"due_at": "9999-12-31"}, "due_at"),
        ({"due_at": "0001-01-01T00:00:00Z"}, "due_at"),
        ({"remind_before": ["-PT1H"]}, "remind_before"),
        ({"remind_before": ["P400D"]}, "remind_before"),
        ({"remind_before": ["PT1H"] * 11}, "remind_before"),
    ],
)
async def test_what_is_not_a_due_date_or_an_offset_is_refused(
    person: Caller, body: dict[str, object], field: str
) -> None:
    answer = await person.client.post("/api/v1/tasks", json={"title": "x", **body})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"][:2] == ["body", field]


async def test_the_list_refuses_a_due_filter_without_an_offset(person: Caller) -> None:
    answer = await person.client.get("/api/v1/tasks", params={"due_before": "2030-01-01T09:00"})
    assert answer.status_code == 422
