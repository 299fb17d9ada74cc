"""What a person reads about verifying an address, in their language: the mail and the page."""

from datetime import timedelta
from enum import StrEnum
from html import escape

from task_api.html_page import html_page
from todo_shared.i18n import Plural, Text
from todo_shared.mail import Mail

SUBJECT = Text("Confirm your email address")
CODE_LINE = Text("Your code to confirm {email}: {code}")
LINK_LINE = Text("Or open this link to confirm it:")
VALID_FOR = Plural(
    "The code and the link work for {minutes} minute.",
    "The code and the link work for {minutes} minutes.",
    count="minutes",
)
NOT_YOU = Text("If you did not ask for this, ignore this message: the address stays unconfirmed.")
PAGE_TITLE = Text("Email confirmation")


class LinkOutcome(StrEnum):
    """What opening a verification link did."""

    VERIFIED = "verified"
    USED = "used"
    EXPIRED = "expired"
    INVALID = "invalid"


PAGE_SAYS = {
    LinkOutcome.VERIFIED: Text("Your email address {email} is confirmed."),
    LinkOutcome.USED: Text("This link was already used: {email} is confirmed."),
    LinkOutcome.EXPIRED: Text("This link has expired. Ask for a new code (/email in the bot)."),
    LinkOutcome.INVALID: Text(
        "This link is not valid any more. Use the one in the newest mail, or ask for a new code."
    ),
}


def verification_mail(to: str, code: str, link: str, valid_for: timedelta, language: str) -> Mail:
    """The mail with the code and the link that verify `to`, in `language`."""
    minutes = int(valid_for.total_seconds() // 60)
    code_line = CODE_LINE.with_values({"email": to, "code": code}).in_(language)
    link_line = LINK_LINE.in_(language)
    closing = [VALID_FOR.with_values({"minutes": minutes}).in_(language), NOT_YOU.in_(language)]
    text = "\n\n".join([code_line, f"{link_line}\n{link}", *closing]) + "\n"
    paragraphs = [
        escape(code_line),
        f'{escape(link_line)}<br><a href="{escape(link)}">{escape(link)}</a>',
        *map(escape, closing),
    ]
    return Mail(to, SUBJECT.in_(language), text, _html(language, paragraphs))


def verification_page(outcome: LinkOutcome, email: str | None, language: str) -> str:
    """The page a verification link answers with, saying what happened, in `language`."""
    says = PAGE_SAYS[outcome].with_values({"email": email or ""}).in_(language)
    return _html(language, [escape(says)], title=PAGE_TITLE.in_(language))


def _html(language: str, paragraphs: list[str], title: str = "") -> str:
    """A document of these (escaped) paragraphs."""
    return html_page(language, title, "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs))
