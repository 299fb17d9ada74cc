"""What the bot says about where reminders go: /channels (Telegram, email, both or none, and
whether each can be reached) and /email (the address and its state), as gettext messages of the
`bot` domain, like `texts.py`.

A channel that is on but cannot be reached (an address not confirmed, or that mail bounced
from) carries no reminders, so what /channels sums up is where reminders really go, and it says
what to do about the rest.
"""

from aiogram.utils.i18n import lazy_gettext as __

from todo_shared.enums import Channel
from todo_shared.schemas import UserPublic

EMAIL_USAGE = __(
    "Send /email you@example.org to add your email address (I mail it a code to confirm it), "
    "/email 123456 with the code from the mail, /email off to remove it, or /email alone to "
    "see it."
)
EMAIL_NONE = __("You have no email address. Add one with /email you@example.org.")
EMAIL_UNVERIFIED = __(
    "Your email address is {email}, not confirmed yet: send /email <code> with the code from "
    "the mail, or /email {email} for a new code."
)
EMAIL_UNREACHABLE = __(
    "⚠️ Mail to your email address {email} bounced, so no reminders go to it. Verify it again "
    "with /email {email}."
)
EMAIL_VERIFIED = __(
    "✅ Your email address {email} is confirmed. /channels chooses whether reminders go to it."
)
EMAIL_CODE_SENT = __(
    "I mailed a code to {email}. Send it here as /email <code>, or open the link in the mail."
)
EMAIL_OFF = __("Your email address is removed.")
EMAIL_CODE_REFUSED = __(
    "That code did not work: it is wrong, expired or was tried too often. Send the code of the "
    "newest mail, or /email {email} for a new one."
)
EMAIL_NOT_SENT = __("I could not send the mail just now. Try again in a moment.")

CHANNELS_TITLE = __("📬 Where your reminders go")
TELEGRAM_CHANNEL_ON = __("💬 Telegram: on, to this chat.")
TELEGRAM_CHANNEL_OFF = __("💬 Telegram: off.")
EMAIL_CHANNEL_ON = __("✉️ Email: on — {state}.")
EMAIL_CHANNEL_OFF = __("✉️ Email: off — {state}.")
ADDRESS_NONE = __("no address yet; add one with /email you@example.org")
ADDRESS_CONFIRMED = __("{email}, confirmed")
ADDRESS_UNCONFIRMED = __(
    "{email}, not confirmed yet; send /email <code> with the code from the mail"
)
ADDRESS_BOUNCED = __("mail to {email} bounced; verify it again with /email {email}")
GOING_BOTH = __("Reminders come here and by email.")
GOING_TELEGRAM = __("Reminders come here only.")
GOING_EMAIL = __("Reminders come by email only.")
GOING_NOWHERE = __("⚠️ No reminders will come: turn Telegram or email on.")

TELEGRAM_TURN_ON = __("💬 Telegram: turn on")
TELEGRAM_TURN_OFF = __("💬 Telegram: turn off")
EMAIL_TURN_ON = __("✉️ Email: turn on")
EMAIL_TURN_OFF = __("✉️ Email: turn off")

EMAIL_NEEDS_ADDRESS = __(
    "Add your email address first: /email you@example.org, then confirm it with the code I mail."
)
EMAIL_NEEDS_CONFIRMING = __(
    "Confirm your email address first: send /email <code> with the code from the mail."
)
EMAIL_NEEDS_REVERIFYING = __(
    "Mail to your email address bounced. Verify it again first: /email you@example.org."
)


def email_now(user: UserPublic) -> str:
    """What /email alone answers: the person's address, and whether it can be mailed."""
    if user.email is None:
        return str(EMAIL_NONE)
    if user.email_unreachable:
        said = EMAIL_UNREACHABLE
    else:
        said = EMAIL_VERIFIED if user.email_verified else EMAIL_UNVERIFIED
    return said.format(email=user.email)


def email_mailable(user: UserPublic) -> bool:
    """Whether reminders by email would reach the person: a confirmed address, not bounced."""
    return user.email is not None and user.email_verified and not user.email_unreachable


def reaching(user: UserPublic) -> set[Channel]:
    """The channels that carry the person's reminders now: those on that can be reached."""
    usable = {
        Channel.TELEGRAM: user.telegram_chat_id is not None,
        Channel.EMAIL: email_mailable(user),
    }
    return {channel for channel in user.channels if usable[channel]}


def channels_now(user: UserPublic) -> str:
    """What /channels answers: each channel, on or off and in what state, then where reminders
    really go."""
    going = {
        frozenset({Channel.TELEGRAM, Channel.EMAIL}): GOING_BOTH,
        frozenset({Channel.TELEGRAM}): GOING_TELEGRAM,
        frozenset({Channel.EMAIL}): GOING_EMAIL,
        frozenset(): GOING_NOWHERE,
    }[frozenset(reaching(user))]
    telegram = TELEGRAM_CHANNEL_ON if Channel.TELEGRAM in user.channels else TELEGRAM_CHANNEL_OFF
    return "\n".join([str(CHANNELS_TITLE), str(telegram), _email_line(user), "", str(going)])


def _email_line(user: UserPublic) -> str:
    """The email channel: on or off, and the state of the address."""
    if user.email is None:
        state = str(ADDRESS_NONE)
    elif user.email_unreachable:
        state = ADDRESS_BOUNCED.format(email=user.email)
    elif user.email_verified:
        state = ADDRESS_CONFIRMED.format(email=user.email)
    else:
        state = ADDRESS_UNCONFIRMED.format(email=user.email)
    said = EMAIL_CHANNEL_ON if Channel.EMAIL in user.channels else EMAIL_CHANNEL_OFF
    return said.format(state=state)


def email_refusal(user: UserPublic) -> str:
    """Why email cannot be turned on for the person yet, and what to send for it."""
    if user.email is None:
        return str(EMAIL_NEEDS_ADDRESS)
    return str(EMAIL_NEEDS_REVERIFYING if user.email_unreachable else EMAIL_NEEDS_CONFIRMING)
