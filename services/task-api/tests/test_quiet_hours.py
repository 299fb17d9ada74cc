"""Quiet hours: a person's nights are left alone, and the service gives new people a default."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI

from task_api.config import Settings
from task_api.main import create_app
from todo_testkit.clock import at
from todo_testkit.factories import unique_name
from todo_testkit.typing import Caller, MakeCaller, MakeJson

PASSWORD = "correct horse battery staple"


def minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def around(moment: datetime) -> dict[str, str]:
    """Quiet hours from an hour before `moment` (in UTC) to an hour after it."""
    return {
        "start": minute(moment - timedelta(hours=1)).time().isoformat(),
        "end": minute(moment + timedelta(hours=1)).time().isoformat(),
    }


async def test_a_reminder_within_quiet_hours_moves_to_their_end(
    make_linked_person: MakeCaller, make_task: MakeJson
) -> None:
    owner = await make_linked_person(timezone="UTC")
    task = await make_task(owner, urgency="urgent")
    due = at(task["next_notification_at"])
    quiet = await owner.client.patch("/api/v1/users/me", json={"quiet_hours": around(due)})
    assert quiet.status_code == 200, quiet.text
    assert quiet.json()["quiet_hours"] == {**around(due), "let_very_urgent_through": False}

    url = f"/api/v1/tasks/{task['id']}"
    moved = (await owner.client.get(url)).json()
    assert at(moved["next_notification_at"]) == minute(due + timedelta(hours=1))

    await owner.client.patch("/api/v1/users/me", json={"quiet_hours": None})
    back = (await owner.client.get(url)).json()
    assert at(back["next_notification_at"]) == due


async def test_very_urgent_tasks_come_through_when_the_person_lets_them(
    make_linked_person: MakeCaller, make_task: MakeJson
) -> None:
    owner = await make_linked_person(timezone="UTC")
    pressing = await make_task(owner, urgency="very_urgent")
    other = await make_task(owner, urgency="urgent", remind_every="PT3H")
    due = at(pressing["next_notification_at"])  # both in 3 hours
    quiet = {**around(due), "let_very_urgent_through": True}
    await owner.client.patch("/api/v1/users/me", json={"quiet_hours": quiet})

    fetched = (await owner.client.get(f"/api/v1/tasks/{pressing['id']}")).json()
    assert at(fetched["next_notification_at"]) == due
    held = (await owner.client.get(f"/api/v1/tasks/{other['id']}")).json()
    assert at(held["next_notification_at"]) == minute(due + timedelta(hours=1))


async def test_quiet_hours_follow_the_persons_clock(
    make_linked_person: MakeCaller, make_task: MakeJson
) -> None:
    owner = await make_linked_person(timezone="UTC")
    task = await make_task(owner, urgency="urgent")
    due = at(task["next_notification_at"])
    await owner.client.patch("/api/v1/users/me", json={"quiet_hours": around(due)})
    # The same wall-clock hours in Tokyo (UTC+9) are nine hours earlier: the reminder is clear.
    await owner.client.patch("/api/v1/users/me", json={"timezone": "Asia/Tokyo"})
    fetched = (await owner.client.get(f"/api/v1/tasks/{task['id']}")).json()
    assert at(fetched["next_notification_at"]) == due


@pytest.mark.parametrize(
    "quiet",
    [
        {"start": "22:00", "end": "22:00"},
        {"start": "22:00+03:00", "end": "08:00"},
        {"start": "25:00", "end": "08:00"},
        {"start": "22:00"},
        {"start": "22:00", "end": "08:00", "snore": True},
    ],
)
async def test_what_is_not_quiet_hours_is_refused(person: Caller, quiet: dict) -> None:
    answer = await person.client.patch("/api/v1/users/me", json={"quiet_hours": quiet})
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"][:2] == ["body", "quiet_hours"]


@pytest.fixture
async def nights_off_by_default(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """task-api where the service gives new people quiet hours from 22:00 to 08:00."""
    app: FastAPI = create_app(settings.model_copy(update={"default_quiet_hours": "22:00-08:00"}))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


async def test_new_people_start_with_the_services_quiet_hours(
    nights_off_by_default: httpx.AsyncClient,
) -> None:
    body = {"username": unique_name("sleeper"), "password": PASSWORD}
    signed_up = await nights_off_by_default.post("/api/v1/auth/register", json=body)
    assert signed_up.status_code == 201, signed_up.text
    assert signed_up.json()["quiet_hours"] == {
        "start": "22:00:00",
        "end": "08:00:00",
        "let_very_urgent_through": False,
    }


async def test_people_without_quiet_hours_are_reminded_at_any_hour(
    make_linked_person: MakeCaller, make_task: MakeJson
) -> None:
    owner = await make_linked_person()
    assert owner.user["quiet_hours"] is None
    task = await make_task(owner, urgency="very_urgent")
    assert at(task["next_notification_at"]) == at(task["created_at"]) + timedelta(hours=3)
    assert datetime.now(UTC) < at(task["next_notification_at"])
