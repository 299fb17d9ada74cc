"""The API against its own OpenAPI schema, fuzzed by schemathesis with valid credentials.

No answer may be a 500, every status must be documented, every body must match its schema.
"""

import asyncio
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from fake_smtp import FakeSmtp
from todo_testkit.task_api import RunningApi, api_env, mailing_to, running_task_api

CHECKS = "not_a_server_error,status_code_conformance,response_schema_conformance"


@pytest.fixture
async def api(
    scratch_database_url: str, amqp_url: str, mailbox: FakeSmtp
) -> AsyncIterator[RunningApi]:
    """task-api mailing the run's SMTP server: without one, verifying is a 503 by design."""
    env = api_env(scratch_database_url, amqp_url, **mailing_to(mailbox.smtp_port))
    async with running_task_api(env) as running:
        yield running


@pytest.mark.parametrize("caller", ["person", "notifier-worker", "telegram-bot"])
async def test_no_input_breaks_the_api_or_its_schema(
    api: RunningApi, caller: str, tmp_path: Path
) -> None:
    if caller == "person":
        token = (await api.sign_up()).tokens["access_token"]
    else:
        token = api.service_tokens[caller]
    fuzz = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).parent / "schemathesis"),
        *("run", f"{api.base_url}/openapi.json", "--checks", CHECKS),
        *("--header", f"Authorization: Bearer {token}"),
        *("--max-examples", "25", "--seed", "20261202", "--generation-database", "none"),
        "--no-color",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        cwd=tmp_path,  # where it keeps its cache
    )
    output, _ = await fuzz.communicate()
    assert fuzz.returncode == 0, output.decode()[-6000:]
