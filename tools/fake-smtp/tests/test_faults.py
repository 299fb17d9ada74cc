"""Faults through the Python API: a 4xx and then success on retry, a 5xx for one recipient."""

import aiosmtplib
import pytest

from fake_smtp import FakeSmtp

from .letters import ANN, BOB, letter


async def send(fake: FakeSmtp, *to: str) -> dict[str, aiosmtplib.SMTPResponse]:
    """Send a letter to `to` in clear; the recipients refused, by address."""
    errors, _ = await aiosmtplib.send(
        letter(*to), hostname=fake.host, port=fake.smtp_port, start_tls=False
    )
    return errors


async def test_a_4xx_at_rcpt_then_success_on_retry(fake: FakeSmtp) -> None:
    fake.fail_next("RCPT", 451, "4.3.0 Try again later")

    with pytest.raises(aiosmtplib.SMTPRecipientsRefused) as refused:
        await send(fake, ANN)
    assert await send(fake, ANN) == {}

    [error] = refused.value.recipients
    assert (error.recipient, error.code, error.message) == (ANN, 451, "4.3.0 Try again later")
    assert len(fake.messages(to=ANN)) == 1


async def test_a_4xx_at_data_twice_then_success(fake: FakeSmtp) -> None:
    fake.fail_next("DATA", 452, "4.3.1 Insufficient system storage", count=2)

    failures = []
    for _ in range(2):
        with pytest.raises(aiosmtplib.SMTPDataError) as refused:
            await send(fake, ANN)
        failures.append((refused.value.code, refused.value.message))
    await send(fake, ANN)

    assert failures == [(452, "4.3.1 Insufficient system storage")] * 2
    assert len(fake.messages()) == 1


async def test_a_5xx_for_one_recipient_delivers_to_the_others(fake: FakeSmtp) -> None:
    fake.fail_next("RCPT", 550, "5.1.1 No such user", recipient=BOB)

    errors = await send(fake, ANN, BOB)

    assert {address: (e.code, e.message) for address, e in errors.items()} == {
        BOB: (550, "5.1.1 No such user")
    }
    [message] = fake.messages()
    assert message.rcpt_tos == (ANN,)
    assert fake.messages(to=BOB) == []


async def test_a_data_fault_for_one_recipient_spares_mail_to_others(fake: FakeSmtp) -> None:
    fake.fail_next("DATA", 554, "5.7.1 Message rejected", recipient=BOB)

    await send(fake, ANN)
    with pytest.raises(aiosmtplib.SMTPDataError):
        await send(fake, ANN, BOB)

    assert [m.rcpt_tos for m in fake.messages()] == [(ANN,)]


async def test_a_refused_recipient_stays_refused_until_reset(fake: FakeSmtp) -> None:
    fake.refuse_recipient(BOB.upper())

    first, second = await send(fake, ANN, BOB), await send(fake, BOB, ANN)
    fake.reset()

    assert [e.code for e in (first[BOB], second[BOB])] == [550, 550]
    assert await send(fake, BOB) == {}


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        (("MAIL", 451, "x"), "unknown command 'MAIL'"),
        (("RCPT", 250, "2.0.0 fine"), "4xx or 5xx"),
        (("RCPT", 451, ""), "one line"),
        (("RCPT", 451, "two\r\nlines"), "one line"),
    ],
)
def test_a_fault_is_checked(fake: FakeSmtp, arguments: tuple, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        fake.fail_next(*arguments)


def test_a_fault_needs_a_count(fake: FakeSmtp) -> None:
    with pytest.raises(ValueError, match="count of at least 1"):
        fake.fail_next("DATA", 451, "4.3.0 Try again later", count=0)
