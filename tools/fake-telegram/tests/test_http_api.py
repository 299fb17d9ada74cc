"""The Bot API over raw HTTP: transports, parameter parsing, the envelope, Telegram's errors."""

import asyncio
import json

import httpx

from fake_telegram import FakeTelegram

API = "/bot42:TEST"
CHAT = 2002
KEYBOARD = {"inline_keyboard": [[{"text": "Done", "callback_data": "done:1"}]]}


async def test_get_with_query_parameters(http: httpx.AsyncClient) -> None:
    response = await http.get(f"{API}/sendMessage", params={"chat_id": CHAT, "text": "hi"})

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.text.startswith('{"ok":true,"result":{')
    message = response.json()["result"]
    assert message["text"] == "hi"
    assert message["chat"] == {"id": CHAT, "first_name": f"User {CHAT}", "type": "private"}
    assert isinstance(message["date"], int)


async def test_form_and_json_bodies_mean_the_same(http: httpx.AsyncClient) -> None:
    form = {"chat_id": str(CHAT), "text": "hi", "reply_markup": json.dumps(KEYBOARD)}
    body = {"chat_id": CHAT, "text": "hi", "reply_markup": KEYBOARD}

    from_form = (await http.post(f"{API}/sendMessage", data=form)).json()["result"]
    from_json = (await http.post(f"{API}/sendMessage", json=body)).json()["result"]

    assert from_form["reply_markup"] == from_json["reply_markup"] == KEYBOARD
    assert from_json["message_id"] == from_form["message_id"] + 1


async def test_multipart_form_data(http: httpx.AsyncClient) -> None:
    fields = {"chat_id": (None, str(CHAT)), "text": (None, "multipart")}

    response = await http.post(f"{API}/sendMessage", files=fields)

    assert response.json()["result"]["text"] == "multipart"


async def test_method_names_are_case_insensitive(http: httpx.AsyncClient) -> None:
    assert (await http.get(f"{API}/GETME")).json()["result"]["is_bot"] is True
    assert (await http.get(f"{API}/getme")).json()["ok"] is True


async def test_the_method_may_come_as_an_argument(http: httpx.AsyncClient) -> None:
    response = await http.post(f"{API}/", json={"method": "getMe"})

    assert response.json()["result"]["id"] == 42


async def test_unknown_token_method_and_path(http: httpx.AsyncClient) -> None:
    unauthorized = {"ok": False, "error_code": 401, "description": "Unauthorized"}
    not_found = {"ok": False, "error_code": 404, "description": "Not Found"}

    for token in ("43:OTHER", "not-a-token"):
        response = await http.get(f"/bot{token}/getMe")
        assert (response.status_code, response.json()) == (401, unauthorized)
    response = await http.get(f"{API}/sendMessages")
    assert (response.status_code, response.json()) == (404, not_found)
    response = await http.get("/favicon.ico")
    assert (response.status_code, response.json()) == (404, not_found)


async def test_missing_parameters_are_bad_requests(http: httpx.AsyncClient) -> None:
    without_chat = await http.post(f"{API}/sendMessage", json={"text": "hi"})
    without_text = await http.post(f"{API}/sendMessage", json={"chat_id": CHAT, "text": "  "})

    assert without_chat.status_code == 400
    assert without_chat.json() == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: chat_id is empty",
    }
    assert without_text.json()["description"] == "Bad Request: message text is empty"


async def test_chats_that_cannot_be_found(http: httpx.AsyncClient) -> None:
    for chat_id in ("@nobody_here", "not-a-number"):
        response = await http.post(f"{API}/sendMessage", json={"chat_id": chat_id, "text": "x"})
        assert response.json()["description"] == "Bad Request: chat not found"


async def test_a_username_reaches_a_known_user(http: httpx.AsyncClient, fake: FakeTelegram) -> None:
    fake.inject_message("hi", user_id=CHAT, username="ann")

    response = await http.post(f"{API}/sendMessage", json={"chat_id": "@ann", "text": "hello"})

    assert response.json()["result"]["chat"]["id"] == CHAT


async def test_text_is_trimmed_and_limited(http: httpx.AsyncClient) -> None:
    padded = await http.post(f"{API}/sendMessage", json={"chat_id": CHAT, "text": "  hi \n"})
    too_long = await http.post(f"{API}/sendMessage", json={"chat_id": CHAT, "text": "x" * 4097})

    assert padded.json()["result"]["text"] == "hi"
    assert too_long.json()["description"] == "Bad Request: message is too long"


async def test_reply_markup_is_checked(http: httpx.AsyncClient) -> None:
    async def send(markup: str) -> str:
        body = {"chat_id": str(CHAT), "text": "x", "reply_markup": markup}
        return (await http.post(f"{API}/sendMessage", data=body)).json()["description"]

    long_data = json.dumps({"inline_keyboard": [[{"text": "x", "callback_data": "d" * 65}]]})
    text_only = json.dumps({"inline_keyboard": [[{"text": "x"}]]})
    assert await send("{not json") == "Bad Request: can't parse reply keyboard markup JSON object"
    assert await send(long_data) == "Bad Request: BUTTON_DATA_INVALID"
    assert "Text buttons are unallowed" in await send(text_only)


async def test_booleans_read_as_telegram_reads_them(
    http: httpx.AsyncClient, fake: FakeTelegram
) -> None:
    sent = (
        await http.post(
            f"{API}/sendMessage", json={"chat_id": CHAT, "text": "x", "reply_markup": KEYBOARD}
        )
    ).json()
    message_id = sent["result"]["message_id"]
    for shown in ("True", "1", "no"):
        query = fake.press_button(chat_id=CHAT, message_id=message_id, data="done:1")
        query_id = query["callback_query"]["id"]
        body = {"callback_query_id": query_id, "show_alert": shown}
        assert (await http.post(f"{API}/answerCallbackQuery", data=body)).json()["result"] is True

    alerts = [a.show_alert for a in fake.actions(CHAT, kind="answer_callback")]
    assert alerts == [True, True, False]


async def test_a_callback_query_is_answered_once(
    http: httpx.AsyncClient, fake: FakeTelegram
) -> None:
    body = {"chat_id": CHAT, "text": "x", "reply_markup": KEYBOARD}
    message_id = (await http.post(f"{API}/sendMessage", json=body)).json()["result"]["message_id"]
    query_id = fake.press_button(chat_id=CHAT, message_id=message_id, button_text="Done")[
        "callback_query"
    ]["id"]

    first = await http.post(f"{API}/answerCallbackQuery", json={"callback_query_id": query_id})
    second = await http.post(f"{API}/answerCallbackQuery", json={"callback_query_id": query_id})

    assert first.json() == {"ok": True, "result": True}
    assert second.status_code == 400
    assert "query is too old" in second.json()["description"]


async def test_a_second_poll_ends_the_first_with_a_conflict(
    http: httpx.AsyncClient, fake: FakeTelegram
) -> None:
    first = asyncio.create_task(http.get(f"{API}/getUpdates", params={"timeout": 30}))
    await fake.wait_for_polling()

    second = await http.get(f"{API}/getUpdates")
    ended = await first

    assert second.json() == {"ok": True, "result": []}
    assert ended.status_code == 409
    assert ended.json()["description"] == (
        "Conflict: terminated by other getUpdates request; "
        "make sure that only one bot instance is running"
    )


async def test_allowed_updates_filter_and_persist(
    http: httpx.AsyncClient, fake: FakeTelegram
) -> None:
    await http.post(f"{API}/getUpdates", json={"allowed_updates": ["callback_query"]})
    fake.inject_message("filtered out", user_id=CHAT)

    assert (await http.get(f"{API}/getUpdates")).json()["result"] == []
    await http.post(f"{API}/getUpdates", json={"allowed_updates": []})
    fake.inject_message("wanted again", user_id=CHAT)
    [update] = (await http.get(f"{API}/getUpdates")).json()["result"]
    assert update["message"]["text"] == "wanted again"


async def test_a_negative_offset_keeps_the_last_updates(
    http: httpx.AsyncClient, fake: FakeTelegram
) -> None:
    injected = [fake.inject_message(str(n), user_id=CHAT) for n in range(3)]

    kept = (await http.get(f"{API}/getUpdates", params={"offset": -1})).json()["result"]

    assert kept == [injected[-1]]
    assert fake.pending_updates() == [injected[-1]]


async def test_webhook_methods_answer_with_a_description(http: httpx.AsyncClient) -> None:
    set_once = await http.post(f"{API}/setWebhook", json={"url": "http://127.0.0.1:9/hook"})
    set_twice = await http.post(f"{API}/setWebhook", json={"url": "http://127.0.0.1:9/hook"})
    polled = await http.get(f"{API}/getUpdates")
    deleted = await http.post(f"{API}/deleteWebhook")

    assert set_once.json() == {"ok": True, "result": True, "description": "Webhook was set"}
    assert set_twice.json()["description"] == "Webhook is already set"
    assert polled.status_code == 409
    assert polled.json()["description"] == (
        "Conflict: can't use getUpdates method while webhook is active; "
        "use deleteWebhook to delete the webhook first"
    )
    assert deleted.json()["description"] == "Webhook was deleted"


async def test_a_body_that_is_not_json_is_a_bad_request(http: httpx.AsyncClient) -> None:
    response = await http.post(
        f"{API}/getMe", content=b"{", headers={"content-type": "application/json"}
    )

    assert response.status_code == 400
    assert response.json()["ok"] is False


async def test_every_call_is_logged_with_its_answer(
    http: httpx.AsyncClient, fake: FakeTelegram
) -> None:
    await http.get(f"{API}/sendMessage", params={"chat_id": CHAT, "text": "x"})
    await http.get(f"{API}/sendMessage", params={"chat_id": CHAT})
    await http.get("/bot1:NOPE/getMe")

    calls = fake.calls()
    assert [(c.method, c.chat_id, c.status) for c in calls] == [
        ("sendMessage", CHAT, 200),
        ("sendMessage", CHAT, 400),
        ("getMe", None, 401),
    ]
    assert calls[0].at <= calls[1].at <= calls[2].at
