"""The users routes, as people, admins and services use them."""

from httpx import AsyncClient

from todo_testkit.factories import new_chat_id, unique_name
from todo_testkit.typing import Caller, MakeCaller


async def test_a_person_signs_up_and_reads_their_account(make_person: MakeCaller) -> None:
    caller = await make_person(email="alice@example.com", timezone="Asia/Tokyo")
    me = await caller.client.get("/api/v1/users/me")
    assert me.status_code == 200
    assert me.json() == caller.user
    assert (me.json()["role"], me.json()["telegram_chat_id"]) == ("user", None)
    assert (me.json()["email"], me.json()["timezone"]) == ("alice@example.com", "Asia/Tokyo")
    assert (await caller.client.get(f"/api/v1/users/{caller.id}")).json() == caller.user


async def test_an_admin_creates_a_user_with_a_chat(admin: Caller) -> None:
    body = {"username": unique_name("bob"), "telegram_chat_id": new_chat_id(), "timezone": "UTC"}
    created = await admin.client.post("/api/v1/users", json=body)
    assert created.status_code == 201
    assert {key: created.json()[key] for key in body} == body


async def test_a_taken_username_is_a_conflict_whatever_its_case(
    anonymous: AsyncClient, make_person: MakeCaller
) -> None:
    name = unique_name("carol")
    await make_person(username=name)
    again = await anonymous.post(
        "/api/v1/auth/register", json={"username": name.upper(), "password": "x" * 12}
    )
    assert again.status_code == 409
    assert "already taken" in again.json()["detail"]


async def test_a_linked_chat_cannot_be_linked_twice(admin: Caller) -> None:
    chat = new_chat_id()
    first = await admin.client.post(
        "/api/v1/users", json={"username": unique_name("a"), "telegram_chat_id": chat}
    )
    assert first.status_code == 201
    second = await admin.client.post(
        "/api/v1/users", json={"username": unique_name("b"), "telegram_chat_id": chat}
    )
    assert second.status_code == 409


async def test_admins_list_users_in_the_envelope_and_by_chat(admin: Caller) -> None:
    chat = new_chat_id()
    linked = (
        await admin.client.post(
            "/api/v1/users", json={"username": unique_name("c"), "telegram_chat_id": chat}
        )
    ).json()
    everyone = (await admin.client.get("/api/v1/users", params={"limit": 1})).json()
    assert (everyone["limit"], everyone["skip"], len(everyone["items"])) == (1, 0, 1)
    assert everyone["total"] >= 2
    by_chat = (await admin.client.get("/api/v1/users", params={"telegram_chat_id": chat})).json()
    assert by_chat["items"] == [linked]
    assert by_chat["total"] == 1


async def test_services_list_users_and_people_may_not(person: Caller, bot: AsyncClient) -> None:
    assert (await bot.get("/api/v1/users")).status_code == 200
    refused = await person.client.get("/api/v1/users")
    assert refused.status_code == 403
    assert (
        await person.client.post("/api/v1/users", json={"username": unique_name("x")})
    ).status_code == 403


async def test_a_person_changes_their_email_and_time_zone(person: Caller) -> None:
    changed = await person.client.patch("/api/v1/users/me", json={"timezone": "America/New_York"})
    assert changed.status_code == 200
    assert changed.json()["timezone"] == "America/New_York"
    changed = await person.client.patch(
        f"/api/v1/users/{person.id}", json={"email": "d@example.org"}
    )
    assert (changed.json()["email"], changed.json()["timezone"]) == (
        "d@example.org",
        "America/New_York",
    )


async def test_a_person_may_change_only_themselves(make_person: MakeCaller) -> None:
    alice, bob = await make_person(), await make_person()
    refused = await alice.client.patch(f"/api/v1/users/{bob.id}", json={"email": "x@example.org"})
    assert refused.status_code == 403
    assert (await alice.client.get(f"/api/v1/users/{bob.id}")).status_code == 403
    assert (await bob.client.get("/api/v1/users/me")).json() == bob.user


async def test_only_admins_set_a_chat_or_a_role(person: Caller, admin: Caller) -> None:
    for field, value in (("telegram_chat_id", new_chat_id()), ("role", "admin")):
        refused = await person.client.patch("/api/v1/users/me", json={field: value})
        assert refused.status_code == 403, field
        assert field in refused.json()["detail"]
    chat = new_chat_id()
    set_by_admin = await admin.client.patch(
        f"/api/v1/users/{person.id}", json={"telegram_chat_id": chat}
    )
    assert set_by_admin.json()["telegram_chat_id"] == chat


async def test_an_unknown_user_is_not_found(admin: Caller) -> None:
    assert (await admin.client.get("/api/v1/users/987654321")).status_code == 404
    missing = await admin.client.patch("/api/v1/users/987654321", json={"email": "x@example.org"})
    assert missing.status_code == 404


async def test_admins_find_users_by_name_role_and_unreachable_channels(
    admin: Caller, make_linked_person: MakeCaller, worker: AsyncClient
) -> None:
    marker = unique_name("Zed")
    blocked, bounced, fine = [await make_linked_person(username=f"{marker}_{n}") for n in "abc"]
    await worker.post(f"/api/v1/users/{blocked.id}/telegram-unreachable")
    address = f"{unique_name('mail')}@example.org"
    await admin.client.patch(f"/api/v1/users/{bounced.id}", json={"email": address})
    await worker.post(f"/api/v1/users/{bounced.id}/email-unreachable", json={"email": address})
    await admin.client.patch(f"/api/v1/users/{fine.id}", json={"role": "admin"})

    async def found(**filters: object) -> list[int]:
        answer = await admin.client.get("/api/v1/users", params={"q": marker.upper(), **filters})
        assert answer.status_code == 200, answer.text
        return [user["id"] for user in answer.json()["items"]]

    assert await found() == [blocked.id, bounced.id, fine.id]
    assert await found(telegram_unreachable=True) == [blocked.id]
    assert await found(telegram_unreachable=False) == [bounced.id, fine.id]
    assert await found(email_unreachable=True) == [bounced.id]
    assert await found(role="admin") == [fine.id]
    assert await found(role="user", email_unreachable=False) == [blocked.id]
    wildcard = await admin.client.get("/api/v1/users", params={"q": "%"})
    assert wildcard.json()["total"] == 0  # a % in a name is a %, not "anything"


async def test_an_admin_changes_a_role_and_sees_anyones_tasks(
    admin: Caller, person: Caller, anonymous: AsyncClient
) -> None:
    task = (await person.client.post("/api/v1/tasks", json={"title": "Pay rent"})).json()
    theirs = await admin.client.get("/api/v1/tasks", params={"user_id": person.id})
    assert [item["id"] for item in theirs.json()["items"]] == [task["id"]]
    promoted = await admin.client.patch(f"/api/v1/users/{person.id}", json={"role": "admin"})
    assert promoted.json()["role"] == "admin"
    refresh = {"refresh_token": person.tokens["refresh_token"]}
    fresh = (await anonymous.post("/api/v1/auth/refresh", json=refresh)).json()
    as_admin = {"Authorization": f"Bearer {fresh['access_token']}"}
    assert (await anonymous.get("/api/v1/users", headers=as_admin)).status_code == 200
    demoted = await admin.client.patch(f"/api/v1/users/{person.id}", json={"role": "user"})
    assert demoted.json()["role"] == "user"
