"""`/health` answers while the process runs; `/ready` names what is not there."""

import httpx
import pytest

from task_api.config import Settings
from task_api.main import create_app
from todo_testkit.processes import free_port


async def test_health(anonymous: httpx.AsyncClient) -> None:
    answer = await anonymous.get("/health")
    assert answer.status_code == 200
    assert answer.json() == {"status": "healthy"}


async def test_ready_when_postgresql_and_rabbitmq_answer(anonymous: httpx.AsyncClient) -> None:
    answer = await anonymous.get("/ready")
    assert answer.status_code == 200
    assert answer.json()["checks"] == {"postgresql": "ok", "rabbitmq": "ok"}


@pytest.mark.parametrize("missing", ["postgresql", "rabbitmq"])
async def test_not_ready_names_what_does_not_answer(settings: Settings, missing: str) -> None:
    nowhere = f"127.0.0.1:{free_port()}"
    broken = {
        "postgresql": {"database_url": f"postgresql+asyncpg://postgres@{nowhere}/todo"},
        "rabbitmq": {"amqp_url": f"amqp://guest:guest@{nowhere}/"},
    }[missing]
    app = create_app(settings.model_copy(update=broken))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://task-api") as http:
            answer = await http.get("/ready")
            assert (await http.get("/health")).status_code == 200
    assert answer.status_code == 503
    checks = answer.json()["checks"]
    assert checks[missing] != "ok"
    assert [name for name, outcome in checks.items() if outcome == "ok"] == [
        name for name in ("postgresql", "rabbitmq") if name != missing
    ]
