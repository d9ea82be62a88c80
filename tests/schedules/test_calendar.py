"""Working days in England and Wales, and 09:00 London across the clock changes."""

from datetime import UTC, date, datetime, time, timedelta

import holidays
import pytest

from schedules.calendar import (
    is_working_day,
    local_instant,
    next_working_day,
    previous_working_day,
    working_days_before,
    zone,
)

LONDON = zone("Europe/London")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 21), date(2026, 11, 20)),  # Saturday -> Friday
        (date(2026, 11, 22), date(2026, 11, 20)),  # Sunday -> Friday
        (date(2026, 11, 23), date(2026, 11, 23)),  # Monday stays
        (date(2027, 3, 26), date(2027, 3, 25)),  # Good Friday 2027 -> Maundy Thursday
        (date(2027, 3, 29), date(2027, 3, 25)),  # Easter Monday -> back over the weekend
        (date(2027, 3, 28), date(2027, 3, 25)),  # Easter Sunday
        (date(2027, 12, 27), date(2027, 12, 24)),  # Christmas substitute (25th is Saturday)
        (date(2027, 12, 28), date(2027, 12, 24)),  # Boxing Day substitute
        (date(2026, 12, 28), date(2026, 12, 24)),  # Boxing Day 2026 substitute Monday
        (date(2028, 2, 29), date(2028, 2, 29)),  # leap day, a Tuesday
        (date(2026, 8, 31), date(2026, 8, 28)),  # summer bank holiday, month end
    ],
)
def test_previous_working_day(day: date, expected: date) -> None:
    assert previous_working_day(day) == expected


def test_working_days_are_those_of_the_holidays_package_for_england() -> None:
    # The United Kingdom's module is loaded on its own (schedules/calendar.py): the same
    # bank holidays as the package's own way of asking for them.
    years = range(2000, 2041)
    england = holidays.country_holidays("GB", subdiv="ENG", years=years)
    day = date(years[0], 1, 1)
    while day.year in years:
        assert is_working_day(day) == (day.weekday() < 5 and day not in england), day
        day += timedelta(days=1)


def test_next_working_day_and_working_days_before() -> None:
    assert next_working_day(date(2027, 3, 26)) == date(2027, 3, 30)
    # Three working days before Thursday 1 April 2027: 31 March, 30 March, 25 March.
    assert working_days_before(date(2027, 4, 1), 3) == date(2027, 3, 25)
    assert working_days_before(date(2026, 11, 23), 1) == date(2026, 11, 20)


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        (date(2026, 3, 27), 9),  # GMT
        (date(2026, 3, 30), 8),  # BST after 29 March 2026
        (date(2026, 10, 23), 8),
        (date(2026, 10, 26), 9),  # GMT after 25 October 2026
        (date(2027, 3, 29), 8),  # BST after 28 March 2027
    ],
)
def test_nine_o_clock_london_is_the_right_utc_instant(day: date, utc_hour: int) -> None:
    assert local_instant(day, time(9), LONDON) == datetime(
        day.year, day.month, day.day, utc_hour, tzinfo=UTC
    )
