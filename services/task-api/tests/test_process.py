"""task-api as an operator runs it: `python -m task_api`, over a real socket."""

import httpx

from task_api.config import Settings
from todo_testkit.processes import free_port, service_process, wait_until_healthy


async def test_the_service_serves_over_a_socket_and_stops_cleanly(settings: Settings) -> None:
    port = free_port()
    env = {
        "DATABASE_URL": settings.database_url,
        "AMQP_URL": settings.amqp_url,
        "PORT": str(port),
        "LOG_LEVEL": "info",
    }
    base = f"http://127.0.0.1:{port}"
    async with service_process("task-api", "task_api", env) as service:
        await wait_until_healthy(service, f"{base}/health")
        async with httpx.AsyncClient(base_url=base) as http:
            user = (await http.post("/api/v1/users", json={"username": f"proc-{port}"})).json()
            created = await http.post("/api/v1/tasks", json={"title": "t", "user_id": user["id"]})
            assert created.status_code == 201
            fetched = await http.get(f"/api/v1/tasks/{created.json()['id']}")
            assert fetched.json() == created.json()
            assert (await http.get("/ready")).status_code == 200
        assert await service.stop() == 0
        assert '"service": "task-api"' in service.output()


async def test_migrate_builds_the_schema_and_exits(scratch_database_url: str) -> None:
    env = {"DATABASE_URL": scratch_database_url}
    async with service_process("migrate", "task_api", env, "migrate") as migration:
        assert await migration.process.wait() == 0, migration.output()


async def test_help_describes_the_commands() -> None:
    async with service_process("help", "task_api", {}, "--help") as helped:
        assert await helped.process.wait() == 0
        assert "migrate" in helped.output()
        assert "DATABASE_URL" in helped.output()
