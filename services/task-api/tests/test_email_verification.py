"""A verified address: a code and a link mailed to it, in the person's language, through a
real SMTP server; what they verify, how often, and how long."""

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from fake_smtp import FakeSmtp, ReceivedMessage
from task_api.config import Settings
from task_api.db import utcnow
from task_api.main import create_app
from task_api.verification import links
from task_api.verification.links import LinkClaims
from todo_testkit.factories import unique_name
from todo_testkit.processes import free_port
from todo_testkit.task_api import verification_code
from todo_testkit.typing import Caller, MakeCaller

ME = "/api/v1/users/me"
VERIFY = "/api/v1/users/me/email/verification"
RESEND = "/api/v1/users/me/email/verification/resend"


def new_address() -> str:
    """An address nobody in the run has."""
    return f"{unique_name('mail')}@example.org"


def parts(message: ReceivedMessage) -> tuple[str, str]:
    """The plain-text and the HTML body of a message."""
    assert message.text is not None, message
    assert message.html is not None, message
    return message.text, message.html


def code_in(message: ReceivedMessage) -> str:
    """The six-digit code of a verification mail."""
    return verification_code(parts(message)[0])


def link_in(message: ReceivedMessage) -> str:
    """The path of the verification link of a mail, as task-api serves it."""
    [link] = re.findall(r"http://task-api(/\S+)", parts(message)[0])
    return link


async def set_email(caller: Caller, mailbox: FakeSmtp, address: str | None = None) -> str:
    """Give `caller` a new address; the code mailed to it."""
    address = address or new_address()
    changed = await caller.client.patch(ME, json={"email": address})
    assert changed.status_code == 200, changed.text
    return code_in(mailbox.messages(to=address)[-1])


async def codes_stored(engine: AsyncEngine, user_id: int) -> int:
    """How many pending verifications the user has."""
    async with engine.connect() as connection:
        found = await connection.scalar(
            text("SELECT count(*) FROM email_verification WHERE user_id = :id"), {"id": user_id}
        )
    return int(found or 0)


@pytest.mark.parametrize(
    ("language", "subject", "says"),
    [
        ("en", "Confirm your email address", "Or open this link"),
        ("ru", "Подтвердите адрес электронной почты", "Или откройте ссылку"),
    ],
)
async def test_a_new_address_is_unverified_and_gets_a_code_and_a_link_in_their_language(
    make_person: MakeCaller, mailbox: FakeSmtp, language: str, subject: str, says: str
) -> None:
    person = await make_person(language=language)
    address = new_address()

    changed = await person.client.patch(ME, json={"email": address})

    assert changed.status_code == 200, changed.text
    assert (changed.json()["email"], changed.json()["email_verified"]) == (address, False)
    [message] = mailbox.messages(to=address)
    assert message.subject == subject
    assert message.header("From") == "Todo Nudge <nudge@todo.test>"
    assert message.header("Message-ID")
    assert message.header("Date")
    plain, html = parts(message)
    code = code_in(message)
    assert says in plain
    assert code in html
    assert link_in(message) in html.replace("&amp;", "&")


async def test_the_right_code_verifies_and_a_wrong_one_does_not(
    person: Caller, mailbox: FakeSmtp
) -> None:
    code = await set_email(person, mailbox)
    wrong = "000000" if code != "000000" else "111111"

    refused = await person.client.post(VERIFY, json={"code": wrong})
    verified = await person.client.post(VERIFY, json={"code": code})

    assert refused.status_code == 422
    assert refused.json()["detail"][0]["msg"] == "this code is wrong; 4 attempts left"
    assert verified.status_code == 200, verified.text
    assert verified.json()["email_verified"] is True
    assert (await person.client.get(ME)).json()["email_verified"] is True
    again = await person.client.post(VERIFY, json={"code": code})
    assert again.json()["email_verified"] is True


async def test_wrong_codes_are_limited_and_a_new_code_starts_again(
    person: Caller, mailbox: FakeSmtp
) -> None:
    code = await set_email(person, mailbox)
    wrong = "000000" if code != "000000" else "111111"

    for _ in range(5):
        assert (await person.client.post(VERIFY, json={"code": wrong})).status_code == 422
    spent = await person.client.post(VERIFY, json={"code": code}, headers={"Accept-Language": "ru"})

    assert spent.status_code == 422
    assert spent.json()["detail"][0]["msg"] == "слишком много неверных кодов; запросите новый"
    resent = await person.client.post(RESEND)
    assert resent.status_code == 202, resent.text
    new_code = code_in(mailbox.messages(to=person.user["email"] or resent.json()["email"])[-1])
    verified = await person.client.post(VERIFY, json={"code": new_code})
    assert verified.json()["email_verified"] is True


async def test_a_code_expires(person: Caller, mailbox: FakeSmtp, engine: AsyncEngine) -> None:
    code = await set_email(person, mailbox)
    async with engine.begin() as connection:  # 31 minutes later, as far as the code can tell
        await connection.execute(
            text(
                "UPDATE email_verification SET expires_at = expires_at - interval '31 minutes'"
                " WHERE user_id = :id"
            ),
            {"id": person.id},
        )

    expired = await person.client.post(VERIFY, json={"code": code})

    assert expired.status_code == 422
    assert expired.json()["detail"][0]["msg"] == "this code has expired; ask for a new one"
    assert (await person.client.get(ME)).json()["email_verified"] is False


async def test_the_link_verifies_once_and_says_so_in_the_persons_language(
    make_person: MakeCaller, anonymous: httpx.AsyncClient, mailbox: FakeSmtp
) -> None:
    person = await make_person(language="ru")
    address = new_address()
    await set_email(person, mailbox, address)
    link = link_in(mailbox.messages(to=address)[-1])

    opened = await anonymous.get(link)
    reopened = await anonymous.get(link)

    assert opened.status_code == 200
    assert opened.headers["content-type"].startswith("text/html")
    assert f"Адрес {address} подтверждён." in opened.text
    assert (await person.client.get(ME)).json()["email_verified"] is True
    assert reopened.status_code == 410
    assert "Эта ссылка уже использована" in reopened.text


async def test_an_expired_or_forged_link_verifies_nothing(
    person: Caller, anonymous: httpx.AsyncClient, mailbox: FakeSmtp, settings: Settings
) -> None:
    address = new_address()
    await set_email(person, mailbox, address)
    claims = LinkClaims(person.id, address, "nonce")
    old = links.sign(settings.jwt_secret, claims, expires_at=utcnow() - timedelta(minutes=1))
    link = link_in(mailbox.messages(to=address)[-1])

    expired = await anonymous.get("/api/v1/email/verification", params={"token": old})
    forged = await anonymous.get(link[:-3] + "abc")

    assert expired.status_code == 410
    assert "This link has expired" in expired.text
    assert forged.status_code == 400
    assert (await person.client.get(ME)).json()["email_verified"] is False


async def test_changing_the_address_verifies_it_again_and_clearing_removes_it(
    person: Caller, anonymous: httpx.AsyncClient, mailbox: FakeSmtp, engine: AsyncEngine
) -> None:
    first = new_address()
    code = await set_email(person, mailbox, first)
    first_link = link_in(mailbox.messages(to=first)[-1])
    await person.client.post(VERIFY, json={"code": code})
    same = await person.client.patch(ME, json={"email": first})
    assert same.json()["email_verified"] is True

    second = new_address()
    changed = await person.client.patch(ME, json={"email": second})

    assert changed.json()["email_verified"] is False
    assert len(mailbox.messages(to=second)) == 1
    assert (await anonymous.get(first_link)).status_code == 400  # for an address gone
    cleared = await person.client.patch(ME, json={"email": None})
    assert (cleared.json()["email"], cleared.json()["email_verified"]) == (None, False)
    assert await codes_stored(engine, person.id) == 0
    nothing = await person.client.post(RESEND)
    assert nothing.status_code == 409


async def test_an_admin_setting_an_address_follows_the_same_rule(
    make_person: MakeCaller, admin: Caller, mailbox: FakeSmtp
) -> None:
    person = await make_person(language="ru")
    address = new_address()

    changed = await admin.client.patch(f"/api/v1/users/{person.id}", json={"email": address})

    assert changed.json()["email_verified"] is False
    [message] = mailbox.messages(to=address)
    assert message.subject == "Подтвердите адрес электронной почты"
    verified = await person.client.post(VERIFY, json={"code": code_in(message)})
    assert verified.json()["email_verified"] is True


@asynccontextmanager
async def other_app(settings: Settings, **changes: object) -> AsyncIterator[httpx.AsyncClient]:
    """A client of another task-api on the same database, with these settings changed."""
    app = create_app(settings.model_copy(update=changes))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://task-api") as client:
            yield client


async def test_a_mail_server_that_is_down_answers_503_and_changes_nothing(
    person: Caller, mailbox: FakeSmtp, settings: Settings, engine: AsyncEngine
) -> None:
    address = new_address()
    token = person.client.headers["Authorization"]

    async with other_app(settings, smtp_port=free_port()) as down:
        refused = await down.patch(ME, json={"email": address}, headers={"Authorization": token})
        resend = await down.post(RESEND, headers={"Authorization": token})

    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "30"
    assert refused.json()["detail"] == "the mail server is unavailable; try again in a moment"
    me = (await person.client.get(ME)).json()
    assert (me["email"], me["email_verified"]) == (None, False)
    assert await codes_stored(engine, person.id) == 0
    assert mailbox.messages(to=address) == []
    assert resend.status_code == 409  # no address to verify


async def test_without_mail_settings_an_address_is_kept_unverified_and_verifying_is_503(
    person: Caller, settings: Settings, engine: AsyncEngine
) -> None:
    token = {"Authorization": person.client.headers["Authorization"]}

    async with other_app(settings, smtp_host=None) as mailless:
        kept = await mailless.patch(ME, json={"email": new_address()}, headers=token)
        resend = await mailless.post(RESEND, headers=token)
        verify = await mailless.post(VERIFY, json={"code": "123456"}, headers=token)

    assert (kept.status_code, kept.json()["email_verified"]) == (200, False)
    assert await codes_stored(engine, person.id) == 0
    for answer in (resend, verify):
        assert answer.status_code == 503
        assert "Retry-After" not in answer.headers
        assert answer.json()["detail"] == (
            "this server sends no mail, so addresses cannot be verified here"
        )


async def test_mail_comes_at_most_once_a_minute_so_no_inbox_is_flooded(
    person: Caller, mailbox: FakeSmtp, settings: Settings
) -> None:
    token = {"Authorization": person.client.headers["Authorization"]}
    first, second = new_address(), new_address()

    async with other_app(settings, email_code_interval=timedelta(minutes=1)) as careful:
        mailed = await careful.patch(ME, json={"email": first}, headers=token)
        again = await careful.post(RESEND, headers=token)
        elsewhere = await careful.patch(ME, json={"email": second}, headers=token)
        russian = await careful.post(RESEND, headers={**token, "Accept-Language": "ru"})

    assert mailed.status_code == 200, mailed.text
    for refused in (again, elsewhere, russian):
        assert refused.status_code == 429, refused.text
        assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert again.json()["detail"].startswith("a code was mailed a moment ago; ask again in ")
    assert russian.json()["detail"].startswith("код только что отправлен")
    assert len(mailbox.messages(to=first)) == 1
    assert mailbox.messages(to=second) == []
    me = (await person.client.get(ME)).json()
    assert me["email"] == first, "the refused change changed nothing"


async def test_an_address_with_a_control_character_is_refused_before_any_mail(
    person: Caller, mailbox: FakeSmtp
) -> None:
    refused = await person.client.patch(ME, json={"email": "a\u0005b@example.org"})

    assert refused.status_code == 422
    assert (await person.client.get(ME)).json()["email"] is None
