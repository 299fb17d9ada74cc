"""The users routes, as a client uses them."""

import uuid

from httpx import AsyncClient


def unique(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:8]}"


async def test_a_user_is_created_and_read_back(client: AsyncClient) -> None:
    body = {
        "username": unique("alice"),
        "email": "alice@example.com",
        "telegram_chat_id": 1_000_000_000 + uuid.uuid4().int % 10**9,
        "timezone": "Asia/Tokyo",
    }
    created = await client.post("/api/v1/users", json=body)
    assert created.status_code == 201
    user = created.json()
    assert {key: user[key] for key in body} == body

    fetched = await client.get(f"/api/v1/users/{user['id']}")
    assert fetched.status_code == 200
    assert fetched.json() == user


async def test_a_taken_username_is_a_conflict_whatever_its_case(client: AsyncClient) -> None:
    name = unique("bob")
    assert (await client.post("/api/v1/users", json={"username": name})).status_code == 201
    again = await client.post("/api/v1/users", json={"username": name.upper()})
    assert again.status_code == 409
    assert "already taken" in again.json()["detail"]


async def test_a_linked_chat_cannot_be_linked_twice(client: AsyncClient) -> None:
    chat = 2_000_000_000 + uuid.uuid4().int % 10**9
    first = await client.post(
        "/api/v1/users", json={"username": unique("a"), "telegram_chat_id": chat}
    )
    assert first.status_code == 201
    second = await client.post(
        "/api/v1/users", json={"username": unique("b"), "telegram_chat_id": chat}
    )
    assert second.status_code == 409


async def test_users_are_listed_in_the_envelope_and_filtered_by_chat(client: AsyncClient) -> None:
    chat = 3_000_000_000 + uuid.uuid4().int % 10**9
    linked = (
        await client.post("/api/v1/users", json={"username": unique("c"), "telegram_chat_id": chat})
    ).json()

    everyone = (await client.get("/api/v1/users", params={"limit": 1})).json()
    assert everyone["limit"] == 1
    assert everyone["skip"] == 0
    assert len(everyone["items"]) == 1
    assert everyone["total"] >= 1

    by_chat = (await client.get("/api/v1/users", params={"telegram_chat_id": chat})).json()
    assert by_chat["items"] == [linked]
    assert by_chat["total"] == 1


async def test_a_user_changes_email_and_time_zone(client: AsyncClient) -> None:
    user = (await client.post("/api/v1/users", json={"username": unique("d")})).json()
    changed = await client.patch(
        f"/api/v1/users/{user['id']}", json={"timezone": "America/New_York"}
    )
    assert changed.status_code == 200
    assert changed.json()["timezone"] == "America/New_York"
    assert changed.json()["email"] is None

    changed = await client.patch(f"/api/v1/users/{user['id']}", json={"email": "d@example.org"})
    assert changed.json()["email"] == "d@example.org"
    assert changed.json()["timezone"] == "America/New_York"


async def test_an_unknown_user_is_not_found(client: AsyncClient) -> None:
    assert (await client.get("/api/v1/users/987654321")).status_code == 404
    missing = await client.patch("/api/v1/users/987654321", json={"email": "x@example.org"})
    assert missing.status_code == 404
