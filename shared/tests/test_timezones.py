"""Reading moments in a user's time zone."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from todo_shared.timezones import check_timezone, end_of_day, to_utc

CASES = [
    # (what, moment, zone, expected in UTC)
    (
        "naive is read in the zone",
        datetime(2026, 12, 1, 9, 0),
        "Europe/Moscow",
        datetime(2026, 12, 1, 6, 0, tzinfo=UTC),
    ),
    (
        "an offset wins over the zone",
        datetime(2026, 12, 1, 9, 0, tzinfo=timezone(timedelta(hours=-5))),
        "Europe/Moscow",
        datetime(2026, 12, 1, 14, 0, tzinfo=UTC),
    ),
    (
        "summer time is applied",
        datetime(2026, 7, 1, 12, 0),
        "Europe/Berlin",
        datetime(2026, 7, 1, 10, 0, tzinfo=UTC),
    ),
    (
        "winter time is applied",
        datetime(2026, 1, 1, 12, 0),
        "Europe/Berlin",
        datetime(2026, 1, 1, 11, 0, tzinfo=UTC),
    ),
    ("UTC stays", datetime(2026, 1, 1, 12, 0), "UTC", datetime(2026, 1, 1, 12, 0, tzinfo=UTC)),
]


@pytest.mark.parametrize(
    ("moment", "zone", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_to_utc(moment: datetime, zone: str, expected: datetime) -> None:
    result = to_utc(moment, zone)
    assert result == expected
    assert result.utcoffset() == timedelta(0)


def test_a_moment_that_cannot_be_stored_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="outside the range"):
        to_utc(datetime(1, 1, 1, 0, 0), "Europe/Moscow")


@pytest.mark.parametrize("name", ["Mars/Olympus", "", "europe/moscow", "UTC+3"])
def test_unknown_zones_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        check_timezone(name)


@pytest.mark.parametrize(
    ("day", "zone", "expected"),
    [
        (date(2026, 12, 11), "Europe/Moscow", datetime(2026, 12, 11, 21, tzinfo=UTC)),
        (date(2026, 12, 11), "UTC", datetime(2026, 12, 12, tzinfo=UTC)),
        (date(2026, 12, 11), "America/New_York", datetime(2026, 12, 12, 5, tzinfo=UTC)),
        # Berlin's clocks go forward at 02:00 on 2026-03-29: that day is 23 hours long.
        (date(2026, 3, 28), "Europe/Berlin", datetime(2026, 3, 28, 23, tzinfo=UTC)),
        (date(2026, 3, 29), "Europe/Berlin", datetime(2026, 3, 29, 22, tzinfo=UTC)),
    ],
)
def test_a_day_ends_at_the_next_midnight_of_its_zone(
    day: date, zone: str, expected: datetime
) -> None:
    assert end_of_day(day, zone) == expected
