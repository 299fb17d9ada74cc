"""Repeating tasks: done, they come back open at their next occurrence, and every completion
is kept."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from todo_testkit.clock import at
from todo_testkit.typing import Caller, MakeCaller, MakeJson


def next_nine(after: datetime, zone: str) -> datetime:
    """The first 09:00 on the wall clock of `zone` at or after `after`."""
    local = after.astimezone(ZoneInfo(zone))
    nine = local.replace(hour=9, minute=0, second=0, microsecond=0)
    return (nine if nine >= local else nine + timedelta(days=1)).astimezone(UTC)


async def test_a_daily_task_done_comes_back_due_the_next_day(
    make_person: MakeCaller, make_task: MakeJson
) -> None:
    owner = await make_person(timezone="Asia/Tokyo")
    task = await make_task(owner, title="Stretch", recurrence="every day at 9:00")
    assert task["recurrence"] == "FREQ=DAILY;BYHOUR=9;BYMINUTE=0"
    first = next_nine(at(task["created_at"]), "Asia/Tokyo")
    assert at(task["due_at"]) == first

    url = f"/api/v1/tasks/{task['id']}"
    done = await owner.client.patch(url, json={"status": "done"})
    assert done.status_code == 200, done.text
    again = done.json()
    assert (again["status"], again["completed_at"]) == ("new", None)
    assert at(again["due_at"]) == first + timedelta(days=1)

    history = (await owner.client.get(f"{url}/completions")).json()
    assert history["total"] == 1
    [completion] = history["items"]
    assert at(completion["due_at"]) == first
    assert completion["completed_by"] == owner.id


async def test_a_weekly_task_is_due_all_day(make_person: MakeCaller, make_task: MakeJson) -> None:
    owner = await make_person(timezone="UTC")
    task = await make_task(owner, title="Bins out", recurrence="every monday")
    assert task["recurrence"] == "FREQ=WEEKLY;BYDAY=MO"
    monday = date.fromisoformat(task["due_date"])
    assert monday.weekday() == 0
    assert 0 <= (monday - datetime.now(UTC).date()).days < 7

    done = await owner.client.patch(f"/api/v1/tasks/{task['id']}", json={"completed": True})
    assert done.json()["due_date"] == (monday + timedelta(days=7)).isoformat()


async def test_a_repeating_task_keeps_the_day_and_time_of_its_due_date(
    make_person: MakeCaller, make_task: MakeJson
) -> None:
    owner = await make_person(timezone="Europe/Moscow")
    task = await make_task(
        owner, title="Pay rent", due_at="2030-01-31T18:00:00", recurrence="every month"
    )
    done = await owner.client.patch(f"/api/v1/tasks/{task['id']}", json={"status": "done"})
    assert at(done.json()["due_at"]) == datetime(2030, 3, 31, 15, tzinfo=UTC)  # no Feb 31st


async def test_a_series_that_has_ended_stays_done(
    make_person: MakeCaller, make_task: MakeJson
) -> None:
    owner = await make_person(timezone="UTC")
    until = (datetime.now(UTC) + timedelta(days=3)).strftime("%Y%m%dT%H%M%SZ")
    task = await make_task(
        owner,
        due_at=(datetime.now(UTC) + timedelta(days=2)).isoformat(),
        recurrence=f"FREQ=WEEKLY;UNTIL={until}",
    )
    done = await owner.client.patch(f"/api/v1/tasks/{task['id']}", json={"status": "done"})
    assert done.json()["status"] == "done"
    history = (await owner.client.get(f"/api/v1/tasks/{task['id']}/completions")).json()
    assert history["total"] == 1


async def test_every_completion_is_listed_latest_first(person: Caller, make_task: MakeJson) -> None:
    task = await make_task(title="Water plants")
    url = f"/api/v1/tasks/{task['id']}"
    for status in ("done", "new", "done"):
        await person.client.patch(url, json={"status": status})
    history = (await person.client.get(f"{url}/completions", params={"limit": 1})).json()
    assert (history["total"], history["limit"], len(history["items"])) == (2, 1, 1)
    everything = (await person.client.get(f"{url}/completions")).json()["items"]
    moments = [at(item["completed_at"]) for item in everything]
    assert moments == sorted(moments, reverse=True)


async def test_another_persons_completions_are_not_found(
    make_person: MakeCaller, make_task: MakeJson
) -> None:
    task = await make_task()
    stranger = await make_person()
    answer = await stranger.client.get(f"/api/v1/tasks/{task['id']}/completions")
    assert answer.status_code == 404


async def test_stopping_the_repeats_keeps_the_due_date(person: Caller, make_task: MakeJson) -> None:
    task = await make_task(recurrence="every day")
    url = f"/api/v1/tasks/{task['id']}"
    stopped = (await person.client.patch(url, json={"recurrence": None})).json()
    assert stopped["recurrence"] is None
    assert stopped["due_date"] == task["due_date"]
    done = await person.client.patch(url, json={"status": "done"})
    assert done.json()["status"] == "done"


@pytest.mark.parametrize(
    "rule", ["FREQ=DAILY;COUNT=3", "FREQ=HOURLY", "every blue moon", "FREQ=WEEKLY;DTSTART=2030"]
)
async def test_what_is_not_a_usable_rule_is_refused(person: Caller, rule: str) -> None:
    answer = await person.client.post("/api/v1/tasks", json={"title": "x", "recurrence": rule})
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"] == ["body", "recurrence"]


async def test_a_rule_with_nothing_left_is_refused(person: Caller) -> None:
    rule = "FREQ=DAILY;UNTIL=20200101T000000Z"
    answer = await person.client.post("/api/v1/tasks", json={"title": "x", "recurrence": rule})
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"] == ["body", "recurrence"]
