"""Signing up and in, tokens that expire and rotate, and the limit on failed sign-ins."""

from datetime import UTC, datetime, timedelta

import httpx
import jwt
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from task_api.auth.tokens import AccessTokens
from task_api.config import Settings
from todo_shared.enums import Role
from todo_testkit.factories import unique_name
from todo_testkit.typing import Caller, MakeCaller

PASSWORD = "correct horse battery staple"
TOKEN = "/api/v1/auth/token"


async def sign_in(
    client: httpx.AsyncClient, username: str, password: str = PASSWORD
) -> httpx.Response:
    return await client.post(TOKEN, json={"username": username, "password": password})


async def test_sign_in_with_json_or_the_oauth2_form(
    make_person: MakeCaller, anonymous: httpx.AsyncClient, make_client
) -> None:
    caller = await make_person()
    username = caller.user["username"]
    by_json = await sign_in(anonymous, username)
    by_form = await anonymous.post(
        TOKEN, data={"grant_type": "password", "username": username, "password": PASSWORD}
    )
    for answer in (by_json, by_form):
        assert answer.status_code == 200, answer.text
        tokens = answer.json()
        assert (tokens["token_type"], tokens["expires_in"]) == ("bearer", 900)
        me = await make_client(tokens["access_token"]).get("/api/v1/users/me")
        assert me.json()["id"] == caller.id


async def test_an_unknown_user_and_a_wrong_password_get_the_same_answer(
    person: Caller, anonymous: httpx.AsyncClient
) -> None:
    wrong_password = await sign_in(anonymous, person.user["username"], "not the password")
    unknown_user = await sign_in(anonymous, unique_name("nobody"), "not the password")
    assert wrong_password.status_code == unknown_user.status_code == 401
    assert wrong_password.json() == unknown_user.json() == {"detail": "wrong username or password"}


async def test_usernames_sign_in_whatever_their_case(
    person: Caller, anonymous: httpx.AsyncClient
) -> None:
    assert (await sign_in(anonymous, person.user["username"].upper())).status_code == 200


async def test_a_refresh_token_rotates_and_the_old_one_stops_working(
    person: Caller, anonymous: httpx.AsyncClient
) -> None:
    first = person.tokens["refresh_token"]
    rotated = await anonymous.post("/api/v1/auth/refresh", json={"refresh_token": first})
    assert rotated.status_code == 200
    second = rotated.json()["refresh_token"]
    assert second != first

    reused = await anonymous.post("/api/v1/auth/refresh", json={"refresh_token": first})
    assert reused.status_code == 401
    # A reused token means someone else has it: everything rotated from it is revoked too.
    after_reuse = await anonymous.post("/api/v1/auth/refresh", json={"refresh_token": second})
    assert after_reuse.status_code == 401


async def test_logout_revokes_the_refresh_token(
    person: Caller, anonymous: httpx.AsyncClient
) -> None:
    token = {"refresh_token": person.tokens["refresh_token"]}
    assert (await anonymous.post("/api/v1/auth/logout", json=token)).status_code == 204
    assert (await anonymous.post("/api/v1/auth/refresh", json=token)).status_code == 401
    assert (await anonymous.post("/api/v1/auth/logout", json=token)).status_code == 204


async def test_an_expired_refresh_token_is_refused(
    person: Caller, anonymous: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    async with engine.begin() as connection:
        await connection.execute(
            text("UPDATE refresh_token SET expires_at = now() WHERE user_id = :id"),
            {"id": person.id},
        )
    token = {"refresh_token": person.tokens["refresh_token"]}
    assert (await anonymous.post("/api/v1/auth/refresh", json=token)).status_code == 401


async def test_failed_sign_ins_are_limited_per_username(
    person: Caller, make_client, settings: Settings
) -> None:
    username = person.user["username"]
    for attempt in range(settings.login_failures_per_minute):
        client = make_client(address=f"10.1.0.{attempt}")  # a botnet: a new address each time
        assert (await sign_in(client, username, "guess")).status_code == 401
    limited = await sign_in(make_client(address="10.1.1.1"), username)
    assert limited.status_code == 429
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    # Once limited, even the right password waits: guessing cannot go on.
    assert limited.json()["detail"].startswith("too many failed sign-ins")


async def test_failed_sign_ins_are_limited_per_client_address(
    person: Caller, make_client, settings: Settings
) -> None:
    attacker = make_client(address="10.2.0.1")
    for _ in range(settings.login_failures_per_address_per_minute):
        assert (await sign_in(attacker, unique_name("victim"), "guess")).status_code == 401
    assert (await sign_in(attacker, person.user["username"])).status_code == 429
    elsewhere = make_client(address="10.2.0.2")
    assert (await sign_in(elsewhere, person.user["username"])).status_code == 200


async def test_one_persons_typos_do_not_lock_out_others_at_the_same_address(
    make_person: MakeCaller, make_client, settings: Settings
) -> None:
    typist, colleague = await make_person(), await make_person()
    office = make_client(address="10.3.0.1")
    for _ in range(settings.login_failures_per_minute):
        assert (await sign_in(office, typist.user["username"], "typo")).status_code == 401
    assert (await sign_in(office, typist.user["username"])).status_code == 429
    assert (await sign_in(office, colleague.user["username"])).status_code == 200


def forged(settings: Settings, **changes) -> str:
    now = datetime.now(UTC)
    claims = {
        "sub": "1",
        "role": "admin",
        "iss": settings.jwt_issuer,
        "iat": now,
        "exp": now + timedelta(minutes=5),
        "typ": "access",
        **changes,
    }
    return jwt.encode(claims, settings.jwt_secret.get_secret_value(), algorithm="HS256")


@pytest.mark.parametrize(
    "attack",
    [
        "alg none",
        "another key",
        "expired",
        "wrong issuer",
        "no expiry",
        "tampered payload",
        "refresh token as access token",
        "garbage",
    ],
)
async def test_bad_access_tokens_answer_401(
    attack: str, person: Caller, settings: Settings, make_client
) -> None:
    now = datetime.now(UTC)
    genuine = person.tokens["access_token"]
    header, _, signature = genuine.split(".")
    tokens = {
        "alg none": jwt.encode({"sub": str(person.id), "role": "admin"}, None, algorithm="none"),
        "another key": jwt.encode(
            {
                "sub": str(person.id),
                "role": "admin",
                "iss": settings.jwt_issuer,
                "iat": now,
                "exp": now + timedelta(minutes=5),
                "typ": "access",
            },
            "a" * 32,
            algorithm="HS256",
        ),
        "expired": AccessTokens(
            secret=settings.jwt_secret, issuer=settings.jwt_issuer, ttl=timedelta(minutes=15)
        ).issue(person.id, Role.USER, now=now - timedelta(minutes=16)),
        "wrong issuer": forged(settings, iss="somebody-else"),
        "no expiry": forged(settings, exp=None),
        "tampered payload": f"{header}.{forged(settings).split('.')[1]}.{signature}",
        "refresh token as access token": person.tokens["refresh_token"],
        "garbage": "not a token at all",
    }
    answer = await make_client(tokens[attack]).get("/api/v1/users/me")
    assert answer.status_code == 401, attack
    assert answer.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/tasks"),
        ("POST", "/api/v1/tasks"),
        ("GET", "/api/v1/tasks/1"),
        ("PUT", "/api/v1/tasks/1"),
        ("PATCH", "/api/v1/tasks/1"),
        ("DELETE", "/api/v1/tasks/1"),
        ("GET", "/api/v1/users"),
        ("POST", "/api/v1/users"),
        ("GET", "/api/v1/users/me"),
        ("GET", "/api/v1/users/1"),
        ("PATCH", "/api/v1/users/1"),
        ("POST", "/api/v1/users/me/telegram-link"),
        ("POST", "/api/v1/notifications/claim"),
        ("POST", "/api/v1/notifications/unsent"),
        ("POST", "/api/v1/telegram/accounts"),
    ],
)
async def test_every_route_but_signing_in_needs_a_token(
    anonymous: httpx.AsyncClient, method: str, path: str
) -> None:
    answer = await anonymous.request(method, path, json={})
    assert answer.status_code == 401
    assert "Authorization: Bearer" in answer.json()["detail"]
