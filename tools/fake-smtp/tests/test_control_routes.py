"""The control routes over HTTP: read and wait for messages, add faults, reset."""

import asyncio
from collections.abc import AsyncIterator

import aiosmtplib
import httpx
import pytest

from fake_smtp import FakeSmtp

from .letters import ANN, BOB, SENDER, letter


@pytest.fixture
async def http(fake: FakeSmtp) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on the control routes."""
    async with httpx.AsyncClient(base_url=fake.control_url, timeout=10) as client:
        yield client


async def send(fake: FakeSmtp, *to: str) -> None:
    """Send a letter to `to` in clear."""
    await aiosmtplib.send(letter(*to), hostname=fake.host, port=fake.smtp_port, start_tls=False)


async def test_health(http: httpx.AsyncClient) -> None:
    assert (await http.get("/health")).json() == {"ok": True}


async def test_a_message_as_json(fake: FakeSmtp, http: httpx.AsyncClient) -> None:
    await send(fake, ANN)

    [message] = (await http.get("/messages")).json()["messages"]

    headers = dict(message.pop("headers"))
    assert headers["List-Unsubscribe"] == "<https://todo.example/unsubscribe/abc>"
    assert headers["Message-ID"].endswith("@todo.example>")
    assert headers["Content-Type"].startswith("multipart/alternative")
    assert message["raw"].startswith("From: Todo Nudge <nudge@todo.example>\r\n")
    assert isinstance(message.pop("received_at"), float)
    assert message.pop("raw").endswith("\r\n")
    assert message == {
        "id": message["id"],
        "mail_from": SENDER,
        "rcpt_tos": [ANN],
        "subject": "Water the plants",
        "text": "Water the plants.\nIt is urgent.\n",
        "html": "<p>Water the <b>plants</b>.</p>\n",
        "tls": False,
        "username": None,
    }


async def test_messages_long_poll_until_enough_came_to_one_address(
    fake: FakeSmtp, http: httpx.AsyncClient
) -> None:
    waiting = asyncio.create_task(http.get("/messages", params={"to": BOB, "min_count": 2}))
    await send(fake, ANN)
    await send(fake, BOB)
    await send(fake, ANN, BOB)

    messages = (await waiting).json()["messages"]

    assert [m["rcpt_tos"] for m in messages] == [[BOB], [ANN, BOB]]
    assert len((await http.get("/messages")).json()["messages"]) == 3


async def test_a_wait_that_times_out_answers_408(http: httpx.AsyncClient) -> None:
    response = await http.get("/messages", params={"min_count": 1, "timeout": 0.05})

    assert response.status_code == 408
    assert response.json() == {"error": "fake SMTP: no 1 message(s) within 0.05s"}


@pytest.mark.parametrize(
    "params", [{"min_count": "many"}, {"min_count": 1, "timeout": "soon"}, {"min_count": -1}]
)
async def test_a_bad_wait_answers_400(http: httpx.AsyncClient, params: dict) -> None:
    response = await http.get("/messages", params=params)

    assert response.status_code == 400
    assert "error" in response.json()


async def test_a_fault_then_success_on_retry(fake: FakeSmtp, http: httpx.AsyncClient) -> None:
    fault = {"command": "RCPT", "code": 451, "text": "4.3.0 Try again later", "count": 1}
    assert (await http.post("/faults", json=fault)).json() == {"ok": True}

    with pytest.raises(aiosmtplib.SMTPRecipientsRefused):
        await send(fake, ANN)
    await send(fake, ANN)

    assert len((await http.get("/messages", params={"to": ANN})).json()["messages"]) == 1


async def test_a_recipient_refused_for_good(fake: FakeSmtp, http: httpx.AsyncClient) -> None:
    await http.post("/faults", json={"refuse_recipient": BOB})

    for _ in range(2):
        with pytest.raises(aiosmtplib.SMTPRecipientsRefused) as refused:
            await send(fake, BOB)
        [error] = refused.value.recipients
        assert (error.code, error.message) == (550, "5.1.1 No such user")


@pytest.mark.parametrize(
    "body",
    [
        {"command": "HELO", "code": 451, "text": "x"},
        {"command": "RCPT", "code": 200, "text": "x"},
        {"command": "RCPT", "code": 451},
        {"command": "RCPT", "code": 451, "text": "x", "colour": "red"},
        {"refuse_recipient": BOB, "code": "550"},
        [],
    ],
)
async def test_a_bad_fault_answers_400(http: httpx.AsyncClient, body: object) -> None:
    response = await http.post("/faults", json=body)

    assert response.status_code == 400
    assert "error" in response.json()


async def test_a_body_that_is_not_json_answers_400(http: httpx.AsyncClient) -> None:
    response = await http.post("/faults", content=b"{")

    assert (response.status_code, response.json()) == (400, {"error": "the body is not JSON"})


async def test_reset_forgets_messages_and_faults(fake: FakeSmtp, http: httpx.AsyncClient) -> None:
    await send(fake, ANN)
    await http.post("/faults", json={"refuse_recipient": ANN})

    assert (await http.post("/reset")).json() == {"ok": True}

    assert (await http.get("/messages")).json() == {"messages": []}
    await send(fake, ANN)
    [message] = fake.messages()
    assert message.id > 1  # ids go on growing: an id read before a reset never means another


async def test_stopping_ends_a_wait_at_once() -> None:
    fake = FakeSmtp()
    await fake.start()
    waiting = asyncio.create_task(fake.wait_for_messages(1, timeout=60))

    await fake.stop()

    with pytest.raises(TimeoutError, match="no 1 message"):
        await waiting
