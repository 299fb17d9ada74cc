"""aiosmtplib, unchanged, sends to the fake: in clear, after STARTTLS, with AUTH."""

import ssl
from collections.abc import AsyncIterator

import aiosmtplib
import pytest

from fake_smtp import FakeSmtp

from .letters import ANN, BOB, SENDER, letter, trusting

USER, PASSWORD = "nudge", "s3cret-password"


@pytest.fixture
async def relay() -> AsyncIterator[FakeSmtp]:
    """A fake that, like a submission relay, takes mail only after AUTH, AUTH after STARTTLS."""
    async with FakeSmtp.running(username=USER, password=PASSWORD) as fake:
        yield fake


async def test_a_message_in_clear_is_kept_with_its_envelope_headers_and_parts(
    fake: FakeSmtp,
) -> None:
    sent = letter(ANN, BOB, subject="Напоминание: полить цветы")

    errors, reply = await aiosmtplib.send(
        sent, hostname=fake.host, port=fake.smtp_port, start_tls=False
    )
    [message] = await fake.wait_for_messages(1)

    assert errors == {}
    assert reply == f"2.0.0 OK: queued as {message.id}"
    assert message.mail_from == SENDER
    assert message.rcpt_tos == (ANN, BOB)
    assert message.subject == "Напоминание: полить цветы"
    assert message.header("message-id") == sent["Message-ID"]
    assert message.header("List-Unsubscribe") == "<https://todo.example/unsubscribe/abc>"
    assert message.text == "Water the plants.\nIt is urgent.\n"
    assert message.html == "<p>Water the <b>plants</b>.</p>\n"
    assert message.raw.startswith(b"From: Todo Nudge <nudge@todo.example>\r\n")
    assert (message.tls, message.username) == (False, None)


async def test_a_plain_text_message_has_no_html(fake: FakeSmtp) -> None:
    await aiosmtplib.send(
        "Subject: hi\r\n\r\nJust text.\r\n",
        sender=SENDER,
        recipients=[ANN],
        hostname=fake.host,
        port=fake.smtp_port,
        start_tls=False,
    )

    [message] = fake.messages()

    assert (message.subject, message.text, message.html) == ("hi", "Just text.\n", None)


async def test_starttls_with_a_certificate_the_client_verifies(fake: FakeSmtp) -> None:
    await aiosmtplib.send(
        letter(),
        hostname=fake.host,
        port=fake.smtp_port,
        start_tls=True,
        tls_context=trusting(fake),
    )

    [message] = fake.messages(to=ANN)

    assert message.tls
    assert message.text == "Water the plants.\nIt is urgent.\n"


async def test_an_unverifying_client_takes_starttls_by_itself(fake: FakeSmtp) -> None:
    await aiosmtplib.send(letter(), hostname=fake.host, port=fake.smtp_port, validate_certs=False)

    assert [m.tls for m in fake.messages()] == [True]


async def test_a_verifying_client_that_does_not_know_the_certificate_refuses_it(
    fake: FakeSmtp,
) -> None:
    with pytest.raises(ssl.SSLCertVerificationError, match="self-signed certificate"):
        await aiosmtplib.send(letter(), hostname=fake.host, port=fake.smtp_port)

    assert fake.messages() == []


async def test_without_credentials_the_fake_offers_no_auth(fake: FakeSmtp) -> None:
    async with aiosmtplib.SMTP(
        hostname=fake.host, port=fake.smtp_port, tls_context=trusting(fake)
    ) as client:
        assert client.supports_extension("starttls") is False  # taken already
        assert client.supports_extension("auth") is False


@pytest.mark.parametrize("mechanism", ["PLAIN", "LOGIN"])
async def test_auth_after_starttls(relay: FakeSmtp, mechanism: str) -> None:
    client = aiosmtplib.SMTP(hostname=relay.host, port=relay.smtp_port, start_tls=False)
    async with client:
        await client.starttls(tls_context=trusting(relay))
        await client.ehlo()
        assert mechanism.lower() in client.server_auth_methods
        login = client.auth_plain if mechanism == "PLAIN" else client.auth_login
        await login(USER, PASSWORD)
        await client.send_message(letter())

    [message] = await relay.wait_for_messages(1, to=ANN)

    assert (message.tls, message.username) == (True, USER)


async def test_auth_is_refused_in_clear_and_mail_without_auth(relay: FakeSmtp) -> None:
    client = aiosmtplib.SMTP(hostname=relay.host, port=relay.smtp_port, start_tls=False)
    async with client:
        await client.ehlo()
        assert client.server_auth_methods == []  # not offered before STARTTLS
        refused = await client.execute_command(b"AUTH", b"PLAIN")
        with pytest.raises(aiosmtplib.SMTPSenderRefused) as no_auth:
            await client.send_message(letter())

    assert (refused.code, refused.message) == (
        538,
        "5.7.11 Encryption required for requested authentication mechanism",
    )
    assert (no_auth.value.code, no_auth.value.message) == (
        530,
        "5.7.0 Authentication required",
    )


async def test_a_wrong_password_is_refused(relay: FakeSmtp) -> None:
    with pytest.raises(aiosmtplib.SMTPAuthenticationError) as refused:
        await aiosmtplib.send(
            letter(),
            hostname=relay.host,
            port=relay.smtp_port,
            username=USER,
            password="wrong",
            tls_context=trusting(relay),
        )

    assert refused.value.code == 535
    assert relay.messages() == []


async def test_auth_in_clear_when_told_so() -> None:
    async with FakeSmtp.running(username=USER, password=PASSWORD, auth_requires_tls=False) as fake:
        await aiosmtplib.send(
            letter(),
            hostname=fake.host,
            port=fake.smtp_port,
            username=USER,
            password=PASSWORD,
            start_tls=False,
        )

        [message] = fake.messages()

    assert (message.tls, message.username) == (False, USER)


async def test_without_starttls_auth_goes_in_clear() -> None:
    async with FakeSmtp.running(username=USER, password=PASSWORD, starttls=False) as fake:
        assert fake.certificate_pem is None
        await aiosmtplib.send(
            letter(), hostname=fake.host, port=fake.smtp_port, username=USER, password=PASSWORD
        )

        [message] = fake.messages()

    assert (message.tls, message.username) == (False, USER)


def test_a_username_needs_a_password() -> None:
    with pytest.raises(ValueError, match="both a username and a password"):
        FakeSmtp(username=USER)
