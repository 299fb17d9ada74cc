"""Quiet hours on a person's own clock, across midnight and changes of summer time."""

from datetime import UTC, datetime, time

import pytest

from todo_shared.quiet_hours import QuietHours, after_quiet_hours, parse_quiet_hours

NIGHT = QuietHours(time(22), time(8))
SIESTA = QuietHours(time(13), time(15, 30))

CASES = [
    # (what, moment in UTC, quiet hours, zone, expected in UTC)
    (
        "before they start",
        datetime(2026, 6, 1, 18, 59),
        NIGHT,
        "Europe/Moscow",
        datetime(2026, 6, 1, 18, 59),
    ),
    ("as they start", datetime(2026, 6, 1, 19), NIGHT, "Europe/Moscow", datetime(2026, 6, 2, 5)),
    (
        "before midnight",
        datetime(2026, 6, 1, 20, 30),
        NIGHT,
        "Europe/Moscow",
        datetime(2026, 6, 2, 5),
    ),
    (
        "after midnight",
        datetime(2026, 6, 1, 23, 30),
        NIGHT,
        "Europe/Moscow",
        datetime(2026, 6, 2, 5),
    ),
    ("as they end", datetime(2026, 6, 2, 5), NIGHT, "Europe/Moscow", datetime(2026, 6, 2, 5)),
    (
        "within a day's quiet hours",
        datetime(2026, 6, 1, 11),
        SIESTA,
        "Europe/Moscow",
        datetime(2026, 6, 1, 12, 30),
    ),
    (
        "outside a day's quiet hours",
        datetime(2026, 6, 1, 13),
        SIESTA,
        "Europe/Moscow",
        datetime(2026, 6, 1, 13),
    ),
    (
        "the zone's own night, not UTC's",
        datetime(2026, 6, 1, 3),
        NIGHT,
        "America/New_York",
        datetime(2026, 6, 1, 12),
    ),
    # Berlin goes to summer time at 02:00 on 2026-03-29: 08:00 is 06:00 UTC, not 07:00.
    (
        "a night that loses an hour",
        datetime(2026, 3, 28, 23),
        NIGHT,
        "Europe/Berlin",
        datetime(2026, 3, 29, 6),
    ),
    # And back at 03:00 on 2026-10-25: 08:00 is 07:00 UTC again.
    (
        "a night that gains an hour",
        datetime(2026, 10, 24, 23),
        NIGHT,
        "Europe/Berlin",
        datetime(2026, 10, 25, 7),
    ),
    # 02:30 does not exist in New York on 2026-03-08: the end lands just after the gap.
    (
        "an end the clock change skips",
        datetime(2026, 3, 8, 5),
        QuietHours(time(23), time(2, 30)),
        "America/New_York",
        datetime(2026, 3, 8, 7, 30),
    ),
]


@pytest.mark.parametrize(
    ("moment", "quiet", "zone", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_moment_within_quiet_hours_moves_to_their_end(
    moment: datetime, quiet: QuietHours, zone: str, expected: datetime
) -> None:
    aware = moment.replace(tzinfo=UTC)
    assert after_quiet_hours(aware, quiet, zone) == expected.replace(tzinfo=UTC)


def test_quiet_hours_must_last_a_while() -> None:
    with pytest.raises(ValueError, match="different times"):
        QuietHours(time(8), time(8))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("22:00-08:00", QuietHours(time(22), time(8))),
        (" 23:30 - 07:15 ", QuietHours(time(23, 30), time(7, 15))),
        ("13:00-15:00", QuietHours(time(13), time(15))),
        ("", None),
        ("off", None),
    ],
)
def test_quiet_hours_as_a_setting_writes_them(text: str, expected: QuietHours | None) -> None:
    assert parse_quiet_hours(text) == expected


@pytest.mark.parametrize("text", ["22:00", "22:00-25:00", "night", "08:00-08:00", "22-8-9"])
def test_what_is_not_quiet_hours_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="quiet hours"):
        parse_quiet_hours(text)
