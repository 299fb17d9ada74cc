"""What /channels and /email say of where reminders go, and the buttons under /channels, for
every state of the chat and the address, in English and in Russian."""

from datetime import UTC, datetime

import pytest
from aiogram.utils.i18n import I18n

from telegram_bot import keyboards, texts, texts_channels
from todo_shared.enums import Channel
from todo_shared.i18n import languages
from todo_shared.schemas import UserPublic

ADDRESS = "ann@example.org"
BOTH, TELEGRAM, EMAIL = [Channel.EMAIL, Channel.TELEGRAM], [Channel.TELEGRAM], [Channel.EMAIL]


def account(
    channels: list[Channel],
    email: str | None = ADDRESS,
    *,
    verified: bool = True,
    bounced: bool = False,
) -> UserPublic:
    """A linked person as task-api answers them, with these channels and this address."""
    return UserPublic(
        id=1,
        username="ann",
        email=email,
        email_verified=verified,
        email_unreachable=bounced,
        telegram_chat_id=42,
        telegram_unreachable=False,
        timezone=None,
        channels=channels,
        role="user",
        created_at=datetime(2026, 11, 23, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("user", "telegram", "email", "going"),
    [
        (account(BOTH), "on, to this chat", f"on — {ADDRESS}, confirmed", "here and by email"),
        (account(TELEGRAM), "on, to this chat", f"off — {ADDRESS}, confirmed", "here only"),
        (account(EMAIL), "off", f"on — {ADDRESS}, confirmed", "by email only"),
        (
            account(TELEGRAM, None),
            "on, to this chat",
            "off — no address yet; add one with /email you@example.org",
            "here only",
        ),
        (
            account(BOTH, verified=False),
            "on, to this chat",
            f"on — {ADDRESS}, not confirmed yet; send /email <code> with the code from the mail",
            "here only",
        ),
        (
            account(EMAIL, bounced=True),
            "off",
            f"on — mail to {ADDRESS} bounced; verify it again with /email {ADDRESS}",
            None,
        ),
        (account([]), "off", f"off — {ADDRESS}, confirmed", None),
    ],
)
def test_channels_say_where_reminders_really_go(
    user: UserPublic, telegram: str, email: str, going: str | None
) -> None:
    summary = f"Reminders come {going}." if going else str(texts_channels.GOING_NOWHERE)
    assert texts_channels.channels_now(user) == (
        f"📬 Where your reminders go\n💬 Telegram: {telegram}.\n✉️ Email: {email}.\n\n{summary}"
    )


def test_channels_in_russian(i18n: I18n) -> None:
    with i18n.use_locale("ru"):
        bounced = texts_channels.channels_now(account(EMAIL, bounced=True))
        both = texts_channels.channels_now(account(BOTH))

    assert bounced == (
        "📬 Куда приходят напоминания\n"
        "💬 Telegram: выключен.\n"
        f"✉️ Почта: включена — письмо на {ADDRESS} не дошло; подтвердите адрес заново: "
        f"/email {ADDRESS}.\n\n"
        "⚠️ Напоминания не будут приходить: включите Telegram или почту."
    )
    assert both.endswith(f"— {ADDRESS}, подтверждён.\n\nНапоминания приходят сюда и на почту.")


@pytest.mark.parametrize(
    ("user", "labels"),
    [
        (account(BOTH), ["💬 Telegram: turn off", "✉️ Email: turn off"]),
        (account([]), ["💬 Telegram: turn on", "✉️ Email: turn on"]),
        (account(EMAIL, verified=False), ["💬 Telegram: turn on", "✉️ Email: turn off"]),
    ],
)
def test_a_button_per_channel_turns_it_the_other_way(user: UserPublic, labels: list[str]) -> None:
    markup = keyboards.channels_keyboard(user)

    assert [[button.text for button in row] for row in markup.inline_keyboard] == [
        [label] for label in labels
    ]
    pressed = [
        keyboards.ChannelChoice.unpack(row[0].callback_data or "") for row in markup.inline_keyboard
    ]
    assert [(choice.channel, choice.on) for choice in pressed] == [
        (channel, channel not in user.channels) for channel in Channel
    ]


def test_the_channel_buttons_in_russian(i18n: I18n) -> None:
    with i18n.use_locale("ru"):
        markup = keyboards.channels_keyboard(account(TELEGRAM))

    assert [row[0].text for row in markup.inline_keyboard] == [
        "💬 Telegram: выключить",
        "✉️ Почта: включить",
    ]


@pytest.mark.parametrize(
    ("user", "refusal"),
    [
        (account([], None), "EMAIL_NEEDS_ADDRESS"),
        (account([], verified=False), "EMAIL_NEEDS_CONFIRMING"),
        (account([], bounced=True), "EMAIL_NEEDS_REVERIFYING"),
    ],
)
def test_email_is_refused_until_its_address_can_be_mailed(user: UserPublic, refusal: str) -> None:
    assert not texts_channels.email_mailable(user)
    assert texts_channels.email_refusal(user) == str(getattr(texts_channels, refusal))
    assert "/email" in texts_channels.email_refusal(user), "says what to send"


def test_email_alone_says_mail_to_it_bounced() -> None:
    assert texts_channels.email_now(account(BOTH, bounced=True)) == (
        f"⚠️ Mail to your email address {ADDRESS} bounced, so no reminders go to it. Verify it "
        f"again with /email {ADDRESS}."
    )
    assert "/channels" in texts_channels.email_now(account(TELEGRAM))


@pytest.mark.parametrize("language", languages())
def test_the_channel_texts_fit_telegram_whatever_the_data(i18n: I18n, language: str) -> None:
    longest = f"{'a' * 64}@{'b' * 185}.example"  # 254 characters, the longest address
    with i18n.use_locale(language):
        said = [
            texts_channels.channels_now(account(states, longest, verified=v, bounced=b))
            for states in (BOTH, [])
            for v, b in ((True, True), (False, False))
        ]
        notices = [
            str(texts_channels.GOING_NOWHERE),
            *(
                texts_channels.email_refusal(account([], e, verified=False))
                for e in (None, "a@b.c")
            ),
            texts_channels.email_refusal(account([], bounced=True)),
        ]
        labels = [
            button.text
            for row in keyboards.channels_keyboard(account([])).inline_keyboard
            for button in row
        ]

    assert all(texts.utf16_length(text) <= texts.MESSAGE_LIMIT for text in said)
    assert all(texts.utf16_length(notice) <= texts.NOTICE_LIMIT for notice in notices)
    assert all(len(label) <= 64 for label in labels)
    for channel in Channel:
        for on in (True, False):
            data = keyboards.ChannelChoice(channel=channel, on=on).pack()
            assert len(data.encode()) <= 64
