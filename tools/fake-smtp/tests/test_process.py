"""`python -m fake_smtp` as a process: it says where it listens, takes mail, stops on SIGTERM."""

import asyncio
import json
import signal
import sys
from pathlib import Path

import aiosmtplib
import httpx

from .letters import ANN, letter

USER, PASSWORD = "nudge", "s3cret-password"


async def run_to_end(*args: str) -> tuple[int, str]:
    """`python -m fake_smtp args` to its end: its exit code and its output (stdout and stderr)."""
    done = await asyncio.create_subprocess_exec(
        sys.executable,
        *("-m", "fake_smtp", *args),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await done.communicate()
    assert done.returncode is not None
    return done.returncode, output.decode()


async def test_it_starts_takes_mail_and_stops_on_sigterm(tmp_path: Path) -> None:
    log = tmp_path / "stderr.log"
    with log.open("wb") as stderr:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            *("-m", "fake_smtp", "--smtp-port", "0", "--control-port", "0"),
            *("--username", USER, "--password", PASSWORD),
            stdout=asyncio.subprocess.PIPE,
            stderr=stderr,
        )
    try:
        assert process.stdout is not None
        listening = json.loads(await asyncio.wait_for(process.stdout.readline(), 30))
        host, port = listening["smtp_host"], listening["smtp_port"]
        await aiosmtplib.send(
            letter(),
            hostname=host,
            port=port,
            username=USER,
            password=PASSWORD,
            validate_certs=False,
        )
        async with httpx.AsyncClient(base_url=listening["control_url"], timeout=10) as http:
            health = (await http.get("/health")).json()
            waited = await http.get("/messages", params={"to": ANN, "min_count": 1})
        # A client still connected does not hold the stop up.
        idle = aiosmtplib.SMTP(hostname=host, port=port, start_tls=False)
        await idle.connect()

        process.send_signal(signal.SIGTERM)
        exit_code = await asyncio.wait_for(process.wait(), 10)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()

    assert listening["event"] == "listening"
    assert listening["control_url"].endswith("/_control")
    assert health == {"ok": True}
    [message] = waited.json()["messages"]
    assert (message["tls"], message["username"], message["subject"]) == (
        True,
        USER,
        "Water the plants",
    )
    assert exit_code == 0
    logged = [json.loads(line) for line in log.read_text().splitlines()]
    assert logged == [
        {"event": "message", "id": 1, "rcpt_tos": [ANN], "subject": "Water the plants"}
    ]


async def test_help_says_how_to_run_it() -> None:
    exit_code, output = await run_to_end("--help")

    assert exit_code == 0
    for option in ("--host", "--smtp-port", "--control-port", "--username", "--no-starttls"):
        assert option in output


async def test_a_username_without_a_password_is_refused() -> None:
    exit_code, output = await run_to_end("--username", USER)

    assert exit_code == 2
    assert "--username and --password go together" in output
