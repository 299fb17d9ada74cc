"""Request ids and the Prometheus metrics an operator watches the API by."""

import re

import httpx
import pytest

from todo_testkit.typing import Caller, MakeJson

HEX_ID = re.compile(r"[0-9a-f]{32}")


async def test_each_answer_names_its_request(anonymous: httpx.AsyncClient) -> None:
    given = await anonymous.get("/health", headers={"X-Request-ID": "claim-42.a_b"})
    assert given.headers["x-request-id"] == "claim-42.a_b"
    made = await anonymous.get("/health")
    assert HEX_ID.fullmatch(made.headers["x-request-id"])
    assert made.headers["x-request-id"] != (await anonymous.get("/health")).headers["x-request-id"]


@pytest.mark.parametrize("forged", ["x" * 65, "two words", "new\\nline", ""])
async def test_an_odd_request_id_is_replaced(anonymous: httpx.AsyncClient, forged: str) -> None:
    answer = await anonymous.get("/health", headers={"X-Request-ID": forged})
    assert HEX_ID.fullmatch(answer.headers["x-request-id"])


async def test_metrics_count_requests_by_route_and_status(
    anonymous: httpx.AsyncClient, person: Caller, make_task: MakeJson
) -> None:
    task = await make_task()
    route = 'route="/api/v1/tasks/{task_id}"'

    def count(text: str, status: int) -> float:
        line = f'task_api_requests_total{{{route},status="{status}"}} '
        found = [row for row in text.splitlines() if row.startswith(line)]
        return float(found[0].rsplit(" ", 1)[1]) if found else 0.0

    before = (await anonymous.get("/metrics")).text
    assert (await person.client.get(f"/api/v1/tasks/{task['id']}")).status_code == 200
    assert (await person.client.get("/api/v1/tasks/999999999")).status_code == 404
    after = (await anonymous.get("/metrics")).text
    assert count(after, 200) == count(before, 200) + 1
    assert count(after, 404) == count(before, 404) + 1
    assert f'task_api_request_seconds_bucket{{le="0.1",{route}}}' in after
    assert re.search(r"^task_api_outbox_backlog_events \d+\.0$", after, re.M)
