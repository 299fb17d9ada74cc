"""`python -m fake_telegram` as a process, driven only through HTTP: the control routes."""

import asyncio
import json
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

API = "/bot42:TEST"
CHAT = 3003
KEYBOARD = {"inline_keyboard": [[{"text": "Done", "callback_data": "done:1"}]]}


@dataclass
class FakeProcess:
    """The running fake: its process, the file its stderr goes to, an HTTP client on its URL."""

    process: asyncio.subprocess.Process
    log: Path
    http: httpx.AsyncClient


@pytest.fixture(scope="module")
async def fake_process(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[FakeProcess]:
    """The fake started as an operator starts it, on a port the OS picks."""
    log = tmp_path_factory.mktemp("fake-telegram") / "stderr.log"
    with log.open("wb") as stderr:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            *("-m", "fake_telegram", "--port", "0", "--token", "42:TEST"),
            stdout=asyncio.subprocess.PIPE,
            stderr=stderr,
        )
    assert process.stdout is not None
    listening = json.loads(await asyncio.wait_for(process.stdout.readline(), 30))
    async with httpx.AsyncClient(base_url=listening["url"], timeout=10) as http:
        yield FakeProcess(process, log, http)
    if process.returncode is None:
        process.kill()
        await process.wait()


@pytest.fixture
async def http(fake_process: FakeProcess) -> AsyncIterator[httpx.AsyncClient]:
    """The HTTP client, with the fake reset after each test."""
    yield fake_process.http
    (await fake_process.http.post("/_control/reset")).raise_for_status()


async def send(http: httpx.AsyncClient, text: str, **fields: object) -> httpx.Response:
    """sendMessage to CHAT."""
    return await http.post(f"{API}/sendMessage", json={"chat_id": CHAT, "text": text, **fields})


async def test_health(http: httpx.AsyncClient) -> None:
    assert (await http.get("/_control/health")).json() == {"ok": True}


async def test_an_injected_message_reaches_get_updates(http: httpx.AsyncClient) -> None:
    body = {"text": "/start", "user_id": CHAT, "first_name": "Ann", "username": "ann"}

    update = (await http.post("/_control/messages", json=body)).json()
    [polled] = (await http.get(f"{API}/getUpdates")).json()["result"]

    assert polled == update
    message = update["message"]
    assert message["from"] == {
        "id": CHAT,
        "is_bot": False,
        "first_name": "Ann",
        "username": "ann",
        "language_code": "en",
    }
    assert message["chat"] == {
        "id": CHAT,
        "first_name": "Ann",
        "username": "ann",
        "type": "private",
    }
    assert message["entities"] == [{"offset": 0, "length": 6, "type": "bot_command"}]
    pending = (await http.get("/_control/updates")).json()["updates"]
    assert pending == [update]


async def test_a_button_press(http: httpx.AsyncClient) -> None:
    sent = (await send(http, "Water the plants", reply_markup=KEYBOARD)).json()["result"]
    body = {"chat_id": CHAT, "message_id": sent["message_id"], "data": "done:1"}

    update = (await http.post("/_control/callbacks", json=body)).json()

    query = update["callback_query"]
    assert query["data"] == "done:1"
    assert query["message"]["message_id"] == sent["message_id"]
    assert query["from"]["id"] == CHAT
    assert isinstance(query["id"], str)
    assert isinstance(query["chat_instance"], str)


async def test_pressing_a_button_that_is_not_there_is_refused(http: httpx.AsyncClient) -> None:
    sent = (await send(http, "no buttons")).json()["result"]
    body = {"chat_id": CHAT, "message_id": sent["message_id"], "data": "done:1"}

    response = await http.post("/_control/callbacks", json=body)

    assert response.status_code == 400
    assert "no callback button" in response.json()["error"]


async def test_actions_long_poll_until_enough_happened(http: httpx.AsyncClient) -> None:
    waiting = asyncio.create_task(
        http.get(f"/_control/chats/{CHAT}/actions", params={"min_count": 2, "kind": "send"})
    )
    first = (await send(http, "one", reply_markup=KEYBOARD)).json()["result"]
    await send(http, "two")

    actions = (await waiting).json()["actions"]

    assert [a["text"] for a in actions] == ["one", "two"]
    assert actions[0]["message_id"] == first["message_id"]
    assert actions[0]["reply_markup"] == KEYBOARD
    assert actions[0]["at"] <= actions[1]["at"]


async def test_a_wait_that_times_out_answers_408(http: httpx.AsyncClient) -> None:
    params = {"min_count": 1, "timeout": 0.05}

    response = await http.get(f"/_control/chats/{CHAT}/actions", params=params)

    assert response.status_code == 408


async def test_chat_messages_show_edits(http: httpx.AsyncClient) -> None:
    sent = (await send(http, "draft", reply_markup=KEYBOARD)).json()["result"]
    edit = {"chat_id": CHAT, "message_id": sent["message_id"], "text": "final"}
    await http.post(f"{API}/editMessageText", json=edit)

    [message] = (await http.get(f"/_control/chats/{CHAT}/messages")).json()["messages"]
    kinds = [
        a["kind"] for a in (await http.get(f"/_control/chats/{CHAT}/actions")).json()["actions"]
    ]

    assert message["text"] == "final"
    assert "reply_markup" not in message
    assert kinds == ["send", "edit"]


async def test_a_fault_for_one_method_and_chat(http: httpx.AsyncClient) -> None:
    fault = {"kind": "retry_after", "count": 2, "method": "sendMessage", "chat_id": CHAT}
    await http.post("/_control/faults", json={**fault, "retry_after": 3})

    other_chat = await http.post(f"{API}/sendMessage", json={"chat_id": CHAT + 1, "text": "x"})
    answers = [await send(http, "x") for _ in range(3)]

    assert other_chat.status_code == 200
    assert [r.status_code for r in answers] == [429, 429, 200]
    assert answers[0].json() == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    }


@pytest.mark.parametrize(
    ("kind", "status", "description"),
    [
        ("blocked", 403, "Forbidden: bot was blocked by the user"),
        ("chat_not_found", 400, "Bad Request: chat not found"),
        ("server_error", 500, "Internal Server Error"),
    ],
)
async def test_each_kind_of_fault(
    http: httpx.AsyncClient, kind: str, status: int, description: str
) -> None:
    await http.post("/_control/faults", json={"kind": kind})

    response = await http.get(f"{API}/getMe")

    assert (response.status_code, response.json()["description"]) == (status, description)


async def test_an_unknown_fault_kind_is_refused(http: httpx.AsyncClient) -> None:
    response = await http.post("/_control/faults", json={"kind": "teapot"})

    assert response.status_code == 400


async def test_block_and_unblock_a_chat(http: httpx.AsyncClient) -> None:
    await http.post(f"/_control/chats/{CHAT}/block")
    blocked = [(await send(http, "x")).status_code for _ in range(2)]
    await http.post(f"/_control/chats/{CHAT}/unblock")

    assert blocked == [403, 403]
    assert (await send(http, "x")).status_code == 200


async def test_latency_is_accepted_and_undone(http: httpx.AsyncClient) -> None:
    assert (await http.put("/_control/latency", json={"seconds": 0.01})).json() == {"ok": True}
    assert (await http.get(f"{API}/getMe")).status_code == 200
    assert (await http.put("/_control/latency", json={"seconds": -1})).status_code == 400


async def test_the_call_log(http: httpx.AsyncClient) -> None:
    await send(http, "x")
    await http.get(f"{API}/getMe")

    calls = (await http.get("/_control/calls", params={"method": "sendmessage"})).json()["calls"]
    waited = await http.get("/_control/calls", params={"min_count": 2})

    [call] = calls
    assert (call["method"], call["chat_id"], call["status"], call["bot_id"]) == (
        "sendMessage",
        CHAT,
        200,
        42,
    )
    assert isinstance(call["at"], float)
    assert len(waited.json()["calls"]) == 2


async def test_reset_forgets_everything(http: httpx.AsyncClient) -> None:
    await send(http, "x")
    await http.post(f"/_control/chats/{CHAT}/block")

    await http.post("/_control/reset")

    assert (await http.get(f"/_control/chats/{CHAT}/actions")).json() == {"actions": []}
    assert (await http.get("/_control/calls")).json() == {"calls": []}
    assert (await send(http, "x")).status_code == 200


async def test_sigterm_stops_it_cleanly(fake_process: FakeProcess) -> None:
    process, http = fake_process.process, fake_process.http
    await http.get(f"{API}/getMe")
    poll = asyncio.create_task(http.get(f"{API}/getUpdates", params={"timeout": 30}))
    assert (await http.get("/_control/polling", params={"timeout": 5})).json() == {"polling": True}

    process.send_signal(signal.SIGTERM)

    assert await asyncio.wait_for(process.wait(), 10) == 0
    assert (await poll).json() == {"ok": True, "result": []}
    logged = [json.loads(line) for line in fake_process.log.read_text().splitlines()]
    assert {"method": "getMe", "status": 200, "bot_id": 42, "chat_id": None}.items() <= logged[
        -2
    ].items()
    assert logged[-1]["method"] == "getUpdates"
