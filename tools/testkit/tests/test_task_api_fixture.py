"""The `task_api` fixture: a real task-api process, with people and services that can call it."""

import httpx

from todo_shared.api_client import TaskApi
from todo_testkit.task_api import RunningApi


async def test_a_person_signs_up_and_a_service_calls(task_api: RunningApi) -> None:
    person = await task_api.sign_up(timezone="Asia/Tokyo")
    created = await person.client.post("/api/v1/tasks", json={"title": "through the fixture"})
    assert created.status_code == 201
    await person.client.aclose()

    producer = TaskApi(task_api.base_url, task_api.service_tokens["notifier-producer"])
    claimed = await producer.claim(limit=1000, lease_seconds=60)
    await producer.aclose()
    assert created.json()["id"] not in {due.task_id for due in claimed.items}  # no chat: never due
    async with httpx.AsyncClient(base_url=task_api.base_url) as anonymous:
        assert (await anonymous.get("/ready")).status_code == 200
