"""Reminders by email beside Telegram, as processes: task-api, a producer, a Telegram worker and
email workers, with the fake Telegram and the fake SMTP server. A person confirms their address
with the code mailed to them, as they would; the reminders' links are opened as a person (or a
mail client) opens them."""

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import httpx

from fake_smtp import FakeSmtp, ReceivedMessage
from fake_telegram import FakeTelegram
from todo_shared.topology import DEAD_REMINDERS_QUEUE, REMINDER_QUEUES
from todo_testkit.broker import take_all
from todo_testkit.factories import unique_name
from todo_testkit.task_api import RunningApi, verification_code
from todo_testkit.typing import Caller
from todo_testkit.waiting import eventually

DUE = timedelta(hours=3, minutes=1)  # a very urgent task's first reminder is due after 3 h
CONFIRMATION = ("Confirm your email address", "Подтвердите адрес электронной почты")
"""The subjects of the mail that confirms an address, which is no reminder."""


async def with_verified_address(smtp: FakeSmtp, person: Caller) -> str:
    """Give the person an address of their own and confirm it with the code mailed to it."""
    address = f"{unique_name('person')}@mail.test"
    changed = await person.client.patch("/api/v1/users/me", json={"email": address})
    assert changed.status_code == 200, changed.text
    [mail] = await smtp.wait_for_messages(1, to=address, timeout=10)
    code = verification_code(mail.text)
    confirmed = await person.client.post("/api/v1/users/me/email/verification", json={"code": code})
    assert confirmed.json()["email_verified"], confirmed.text
    return address


async def new_task(person: Caller, title: str) -> int:
    created = await person.client.post(
        "/api/v1/tasks", json={"title": title, "urgency": "very_urgent"}
    )
    assert created.status_code == 201, created.text
    return created.json()["id"]


def reminders_to(smtp: FakeSmtp, address: str) -> list[ReceivedMessage]:
    """The reminders mailed to the address (not the mail that confirmed it)."""
    return [m for m in smtp.messages(to=address) if not (m.subject or "").startswith(CONFIRMATION)]


async def reminder_of(smtp: FakeSmtp, address: str, title: str) -> ReceivedMessage:
    """The first reminder of the task of this title mailed to the address, once it came."""
    found: list[ReceivedMessage] = []

    async def came() -> bool:
        found.extend(m for m in reminders_to(smtp, address) if (m.subject or "").endswith(title))
        return bool(found)

    await eventually(came, within_seconds=30)
    return found[0]


def link(mail: ReceivedMessage, path: str) -> str:
    """The path and query of the mail's link to `path` (the host is PUBLIC_URL's)."""
    found = re.search(rf"https?://\S+{re.escape(path)}\?token=[\w.\-]+", mail.text or "")
    assert found, mail.text
    address = urlsplit(found.group())
    return f"{address.path}?{address.query}"


async def test_a_person_with_both_channels_gets_each_reminder_once_on_each(
    task_api: RunningApi, pipeline, telegram: FakeTelegram, smtp: FakeSmtp, travel, amqp_url: str
) -> None:
    people = [await task_api.sign_up_linked() for _ in range(2)]
    addresses = [await with_verified_address(smtp, person) for person in people]
    for person in people:
        assert (await person.client.get("/api/v1/users/me")).json()["channels"] == [
            "email",
            "telegram",
        ]
    tasks = {p.user["id"]: [await new_task(p, f"both ways {n}") for n in range(3)] for p in people}
    await travel(DUE)
    await pipeline.start(workers=1, email_workers=2)

    async def each_reminded_on_each() -> bool:
        return all(
            len(telegram.messages(person.user["telegram_chat_id"])) == 3
            and len(reminders_to(smtp, address)) == 3
            for person, address in zip(people, addresses, strict=True)
        )

    try:
        await eventually(each_reminded_on_each, within_seconds=120)
    except TimeoutError:
        arrived = [
            (len(telegram.messages(person.user["telegram_chat_id"])), len(reminders_to(smtp, a)))
            for person, a in zip(people, addresses, strict=True)
        ]
        logs = "\n".join(p.output()[-3000:] for p in pipeline.processes)
        raise AssertionError(f"reminders (Telegram, email) by person: {arrived}\n{logs}") from None
    await pipeline.stop()  # what was in hand is settled: nothing more can come

    for person, address in zip(people, addresses, strict=True):
        assert len(telegram.messages(person.user["telegram_chat_id"])) == 3
        mails = reminders_to(smtp, address)
        assert len(mails) == 3
        ids = {mail.header("Message-ID") for mail in mails}
        assert len(ids) == 3, ids
        for task_id in tasks[person.user["id"]]:
            assert any(f"<reminder.{task_id}." in str(mail_id) for mail_id in ids), ids
        assert all(mail.header("List-Unsubscribe-Post") for mail in mails)
    for channel_queues in REMINDER_QUEUES.values():
        assert await take_all(amqp_url, channel_queues.send) == []
    assert await take_all(amqp_url, DEAD_REMINDERS_QUEUE) == []


async def test_a_failing_smtp_server_loses_nothing(
    task_api: RunningApi, pipeline, smtp: FakeSmtp, travel, amqp_url: str
) -> None:
    """Down at first, then 4xx at RCPT and at DATA, and one mailbox that does not exist: each
    other person gets their reminder once, and the one whose mailbox is gone stops being
    reminded by email until they confirm an address again."""
    people = [await task_api.sign_up() for _ in range(3)]
    slow, flaky, gone = [await with_verified_address(smtp, person) for person in people]
    for person in people:
        await new_task(person, "through the storm")
    smtp.fail_next("RCPT", 451, "4.3.0 Try again later", count=2, recipient=slow)
    smtp.fail_next("DATA", 421, "4.4.2 Timeout", count=1, recipient=flaky)
    smtp.refuse_recipient(gone)
    port = smtp.smtp_port
    await smtp.stop()
    try:
        await travel(DUE)
        await pipeline.start(workers=0, email_workers=2)

        async def tried_and_failed() -> bool:
            return any('"outcome": "retry"' in p.output() for p in pipeline.processes)

        await eventually(tried_and_failed, within_seconds=30)
    finally:
        await smtp.start(smtp_port=port)

    async def settled() -> bool:
        gone_user = (await people[2].client.get("/api/v1/users/me")).json()
        return (
            len(reminders_to(smtp, slow)) == 1
            and len(reminders_to(smtp, flaky)) == 1
            and gone_user["email_unreachable"]
        )

    await eventually(settled, within_seconds=60)
    await pipeline.stop()
    assert len(reminders_to(smtp, slow)) == 1
    assert len(reminders_to(smtp, flaky)) == 1
    assert reminders_to(smtp, gone) == []
    gone_user = (await people[2].client.get("/api/v1/users/me")).json()
    assert not gone_user["email_verified"]
    [task] = (await people[2].client.get("/api/v1/tasks")).json()["items"]
    assert task["next_notification_at"] is None, "no channel reaches them any more"
    assert await take_all(amqp_url, DEAD_REMINDERS_QUEUE) == []


async def test_done_snooze_and_unsubscribe_from_the_mail(
    task_api: RunningApi, pipeline, smtp: FakeSmtp, travel
) -> None:
    person = await task_api.sign_up(language="ru")
    address = await with_verified_address(smtp, person)
    finished = await new_task(person, "Оплатить аренду")
    await travel(DUE)
    await pipeline.start(workers=0, email_workers=1)
    mail = await reminder_of(smtp, address, "Оплатить аренду")
    assert mail.subject == "Напоминание: Оплатить аренду"
    done = link(mail, "/email/tasks/done")

    offered = await person.client.get(done)
    assert offered.status_code == 200, offered.text
    task = (await person.client.get(f"/api/v1/tasks/{finished}")).json()
    assert task["status"] != "done", "opening the link (as a mail scanner does) changes nothing"
    anonymous = httpx.AsyncClient(base_url=task_api.base_url)  # nobody signed in
    acted = await anonymous.post(done)
    assert acted.status_code == 200, acted.text
    assert "Оплатить аренду" in acted.text
    task = (await person.client.get(f"/api/v1/tasks/{finished}")).json()
    assert task["status"] == "done"

    snoozed = await new_task(person, "Позвонить маме")
    await travel(DUE)
    second = await reminder_of(smtp, address, "Позвонить маме")
    acted = await anonymous.post(link(second, "/email/tasks/snooze"))
    assert acted.status_code == 200, acted.text
    task = (await person.client.get(f"/api/v1/tasks/{snoozed}")).json()
    until = datetime.fromisoformat(task["snoozed_until"])
    assert timedelta(minutes=59) < until - datetime.now(UTC) <= timedelta(hours=1)

    # A mail client's one-click unsubscribe (RFC 8058): a POST of List-Unsubscribe's address.
    unsubscribe = urlsplit(second.header("List-Unsubscribe").strip("<>"))
    one_click = await anonymous.post(
        f"{unsubscribe.path}?{unsubscribe.query}",
        content="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert one_click.status_code == 200, one_click.text
    assert (await person.client.get("/api/v1/users/me")).json()["channels"] == ["telegram"]
    await anonymous.aclose()
