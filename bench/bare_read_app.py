"""The baseline of the read benchmark: FastAPI and asyncpg reading a task, and nothing else.

Serve it with `uvicorn bare_read_app:app` and `BENCH_DSN=postgresql://...` in the environment.
"""

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
from fastapi import FastAPI, HTTPException

QUERY = """
SELECT task.*, app_user.username
FROM task JOIN app_user ON app_user.id = task.user_id
WHERE task.id = $1
"""


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.pool = await asyncpg.create_pool(os.environ["BENCH_DSN"], min_size=10, max_size=20)
    yield
    await app.state.pool.close()


app = FastAPI(lifespan=lifespan)


@app.get("/api/v1/tasks/{task_id}")
async def get_task(task_id: int) -> dict:
    row = await app.state.pool.fetchrow(QUERY, task_id)
    if row is None:
        raise HTTPException(404)
    task = dict(row)
    task["user"] = {"id": task["user_id"], "username": task.pop("username")}
    return task
