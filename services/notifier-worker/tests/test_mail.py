"""The reminder's mail as built, and what each SMTP answer means for the reminder."""

from datetime import UTC, datetime

import aiosmtplib
import pytest

from notifier_worker.mail import reminder_mail, smtp_failure
from notifier_worker.sending import (
    PermanentFailure,
    RecipientUnreachable,
    SendFailure,
    TransientFailure,
)
from todo_shared.messages import SendEmailReminder


def reminder(**fields: object) -> SendEmailReminder:
    return SendEmailReminder.model_validate(
        {
            "reminder_id": "12@1765000000.000000",
            "task_id": 12,
            "user_id": 3,
            "email": "ann@mail.example",
            "title": "Pay <rent> & tax",
            "text": "⏰ Pay <rent> & tax\nVery urgent · task #12",
            "due_at": datetime(2026, 12, 7, tzinfo=UTC),
            "language": "en",
            "done_url": "https://todo.example/done?token=a&b=<1>",
            "snooze_url": "https://todo.example/snooze?token=b",
            "unsubscribe_url": "https://todo.example/unsubscribe?token=c",
        }
        | fields
    )


def test_the_html_part_escapes_what_the_person_and_the_links_wrote() -> None:
    mail = reminder_mail(reminder())
    assert "<rent>" not in mail.html
    assert "Pay &lt;rent&gt; &amp; tax<br>" in mail.html
    assert 'href="https://todo.example/done?token=a&amp;b=&lt;1&gt;"' in mail.html
    assert "https://todo.example/done?token=a&b=<1>" in mail.text, "plain text is as written"


def test_the_message_id_is_the_reminders_without_its_at_sign() -> None:
    assert reminder_mail(reminder()).message_id == "reminder.12.1765000000.000000"


def refused_recipient(code: int, message: str) -> aiosmtplib.SMTPRecipientsRefused:
    refusal = aiosmtplib.SMTPRecipientRefused(code, message, "ann@mail.example")
    return aiosmtplib.SMTPRecipientsRefused([refusal])


ANSWERS = {
    "no such mailbox": (refused_recipient(550, "5.1.1 No such user"), RecipientUnreachable),
    "no such mailbox, no enhanced status": (
        refused_recipient(550, "unknown"),
        RecipientUnreachable,
    ),
    "user not local": (refused_recipient(551, "5.1.6 Moved"), RecipientUnreachable),
    "mailbox name not allowed": (refused_recipient(553, "5.1.3 Bad syntax"), RecipientUnreachable),
    "mailbox disabled": (refused_recipient(550, "5.2.1 Disabled"), RecipientUnreachable),
    "policy at RCPT": (refused_recipient(550, "5.7.1 Relaying denied"), PermanentFailure),
    "greylisted at RCPT": (refused_recipient(451, "4.7.1 Try later"), TransientFailure),
    "message refused": (aiosmtplib.SMTPDataError(554, "5.7.1 Rejected"), PermanentFailure),
    "message deferred": (aiosmtplib.SMTPDataError(451, "4.3.0 Try later"), TransientFailure),
    "sender refused (settings)": (
        aiosmtplib.SMTPSenderRefused(553, "5.7.1 Not yours", "nudge@todo.example"),
        TransientFailure,
    ),
    "sign-in refused (settings)": (
        aiosmtplib.SMTPAuthenticationError(535, "5.7.8 Bad credentials"),
        TransientFailure,
    ),
    "no connection": (aiosmtplib.SMTPConnectError("refused"), TransientFailure),
    "service closing": (aiosmtplib.SMTPConnectResponseError(421, "Busy"), TransientFailure),
    "dropped": (aiosmtplib.SMTPServerDisconnected("gone"), TransientFailure),
    "timeout": (aiosmtplib.SMTPTimeoutError("slow"), TransientFailure),
    "our own timeout": (TimeoutError(), TransientFailure),
}


@pytest.mark.parametrize(("error", "meaning"), ANSWERS.values(), ids=ANSWERS.keys())
def test_what_an_smtp_answer_means(error: Exception, meaning: type[SendFailure]) -> None:
    assert type(smtp_failure(error)) is meaning
