"""`remind_at`: read in the user's time zone, refused in the past, and scheduled."""

from datetime import UTC, datetime, timedelta

import pytest

from todo_testkit.typing import Caller, MakeCaller, MakeJson

NEXT_YEAR = datetime.now(UTC).year + 1


@pytest.mark.parametrize(
    ("zone", "sent", "stored"),
    [
        ("Asia/Tokyo", f"{NEXT_YEAR}-01-10T09:00:00", f"{NEXT_YEAR}-01-10T00:00:00+00:00"),
        (None, f"{NEXT_YEAR}-01-10T09:00:00", f"{NEXT_YEAR}-01-10T06:00:00+00:00"),
        ("Asia/Tokyo", f"{NEXT_YEAR}-01-10T09:00:00+01:00", f"{NEXT_YEAR}-01-10T08:00:00+00:00"),
        ("America/New_York", f"{NEXT_YEAR}-07-10T09:00:00", f"{NEXT_YEAR}-07-10T13:00:00+00:00"),
    ],
    ids=["naive in the user's zone", "naive in the default zone", "an offset wins", "summer time"],
)
async def test_remind_at_is_read_in_the_users_time_zone(
    make_person: MakeCaller, make_task: MakeJson, zone: str | None, sent: str, stored: str
) -> None:
    owner = await make_person(timezone=zone) if zone else await make_person()
    task = await make_task(owner, remind_at=sent)
    assert datetime.fromisoformat(task["remind_at"]) == datetime.fromisoformat(stored)


async def test_a_remind_at_in_the_past_is_refused(person: Caller, make_task: MakeJson) -> None:
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    created = await person.client.post("/api/v1/tasks", json={"title": "late", "remind_at": past})
    assert created.status_code == 422
    assert created.json()["detail"][0]["loc"] == ["body", "remind_at"]
    assert "past" in created.json()["detail"][0]["msg"]

    task = await make_task()
    patched = await person.client.patch(f"/api/v1/tasks/{task['id']}", json={"remind_at": past})
    assert patched.status_code == 422


async def test_a_naive_moment_that_is_past_in_the_users_zone_is_refused(
    make_person: MakeCaller,
) -> None:
    # Kiritimati is UTC+14: half an hour ahead on a UTC wall clock is 13.5 hours ago there.
    owner = await make_person(timezone="Pacific/Kiritimati")
    soon_utc_wall_clock = (datetime.now(UTC) + timedelta(minutes=30)).replace(tzinfo=None)
    answer = await owner.client.post(
        "/api/v1/tasks", json={"title": "x", "remind_at": soon_utc_wall_clock.isoformat()}
    )
    assert answer.status_code == 422


async def test_a_pending_remind_at_comes_before_the_cadence(
    make_linked_person: MakeCaller, make_task: MakeJson
) -> None:
    owner = await make_linked_person()
    soon = (datetime.now(UTC) + timedelta(hours=1)).replace(microsecond=0)
    task = await make_task(owner, remind_at=soon.isoformat())
    assert datetime.fromisoformat(task["next_notification_at"]) == soon
