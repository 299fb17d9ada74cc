"""At most N active (not done) tasks per user, when the setting asks for a limit."""

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from task_api.config import Settings
from task_api.main import create_app
from todo_testkit.typing import Caller, MakeJson

LIMIT = 2
PASSWORD = "correct horse battery staple"


@pytest.fixture
async def limited(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A person's client of an app that allows two active tasks per user."""
    app: FastAPI = create_app(settings.model_copy(update={"max_active_tasks_per_user": LIMIT}))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://task-api") as http:
            credentials = {"username": f"limited-{id(http)}", "password": PASSWORD}
            await http.post("/api/v1/auth/register", json=credentials)
            tokens = (await http.post("/api/v1/auth/token", json=credentials)).json()
            http.headers["Authorization"] = f"Bearer {tokens['access_token']}"
            yield http


async def test_one_task_past_the_limit_is_a_conflict(limited: httpx.AsyncClient) -> None:
    tasks = [
        (await limited.post("/api/v1/tasks", json={"title": f"t{n}"})).json() for n in range(LIMIT)
    ]
    over = await limited.post("/api/v1/tasks", json={"title": "one too many"})
    assert over.status_code == 409
    assert f"limit of {LIMIT} active tasks" in over.json()["detail"]

    await limited.patch(f"/api/v1/tasks/{tasks[0]['id']}", json={"completed": True})
    assert (await limited.post("/api/v1/tasks", json={"title": "room again"})).status_code == 201
    reopened = await limited.patch(f"/api/v1/tasks/{tasks[0]['id']}", json={"completed": False})
    assert reopened.status_code == 409
    done_already = await limited.post("/api/v1/tasks", json={"title": "logged", "status": "done"})
    assert done_already.status_code == 201


async def test_concurrent_creations_do_not_pass_the_limit(limited: httpx.AsyncClient) -> None:
    answers = await asyncio.gather(
        *(limited.post("/api/v1/tasks", json={"title": f"race {n}"}) for n in range(6))
    )
    assert sorted(answer.status_code for answer in answers) == [201] * LIMIT + [409] * (6 - LIMIT)


async def test_no_limit_by_default(person: Caller, make_task: MakeJson) -> None:
    for _ in range(LIMIT + 3):
        await make_task()
    assert (await person.client.get("/api/v1/tasks")).json()["total"] == LIMIT + 3
