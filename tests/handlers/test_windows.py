"""Relative windows of time, from Saturday 21 November 2026 and around month and year ends."""

from datetime import date

import pytest

from handlers.windows import default_window, find_window, window_phrase

SATURDAY = date(2026, 11, 21)


@pytest.mark.parametrize(
    ("words", "start", "end"),
    [
        ("anything due this week", date(2026, 11, 21), date(2026, 11, 22)),
        ("what's due next week", date(2026, 11, 23), date(2026, 11, 29)),
        ("due next month", date(2026, 12, 1), date(2026, 12, 31)),
        ("this month", date(2026, 11, 21), date(2026, 11, 30)),
        ("this quarter", date(2026, 11, 21), date(2026, 12, 31)),
        ("next quarter", date(2027, 1, 1), date(2027, 3, 31)),
        ("before April", date(2026, 11, 21), date(2027, 3, 31)),
        ("before 1 March 2027", date(2026, 11, 21), date(2027, 2, 28)),
        ("by March", date(2026, 11, 21), date(2027, 3, 31)),
        ("by November", date(2026, 11, 21), date(2026, 11, 30)),
        ("in March", date(2027, 3, 1), date(2027, 3, 31)),
        ("in the next 90 days", date(2026, 11, 21), date(2027, 2, 19)),
        ("within two weeks", date(2026, 11, 21), date(2026, 12, 5)),
        ("over the next fortnight", date(2026, 11, 21), date(2026, 12, 5)),
        ("today", SATURDAY, SATURDAY),
        ("tomorrow", date(2026, 11, 22), date(2026, 11, 22)),
        ("this financial year", date(2026, 11, 21), date(2027, 3, 31)),
        ("next year", date(2027, 1, 1), date(2027, 12, 31)),
        ("between January and March", date(2027, 1, 1), date(2027, 3, 31)),
        ("in january and february", date(2027, 1, 1), date(2027, 2, 28)),
        ("november to january", date(2026, 11, 21), date(2027, 1, 31)),
        ("before Christmas", date(2026, 11, 21), date(2026, 12, 24)),
        ("this side of xmas", date(2026, 11, 21), date(2026, 12, 24)),
        ("before the summer", date(2026, 11, 21), date(2027, 5, 31)),
        ("before Easter", date(2026, 11, 21), date(2027, 3, 25)),  # Easter Day 28 March
        ("by the end of the year", date(2026, 11, 21), date(2026, 12, 31)),
        ("over christmas", date(2026, 12, 24), date(2027, 1, 2)),
        ("in the new year", date(2027, 1, 1), date(2027, 1, 31)),
        ("after christmas", date(2027, 1, 1), date(2027, 1, 31)),
        ("this spring", date(2027, 3, 1), date(2027, 5, 31)),
        ("over the winter", date(2026, 12, 1), date(2027, 2, 28)),
        ("before the end of the financial year", date(2026, 11, 21), date(2027, 3, 31)),
        ("in the coming weeks", date(2026, 11, 21), date(2026, 12, 19)),
        ("anything due soon", date(2026, 11, 21), date(2026, 12, 21)),
        ("between now and April", date(2026, 11, 21), date(2027, 4, 30)),
        ("between 1 Jan and 31 March", date(2027, 1, 1), date(2027, 3, 31)),
        ("from 5 december to 10 jan", date(2026, 12, 5), date(2027, 1, 10)),
        ("this side of April", date(2026, 11, 21), date(2027, 3, 31)),  # before it starts
        ("ahead of 15 January", date(2026, 11, 21), date(2027, 1, 14)),
    ],
)
def test_windows_from_a_saturday(words: str, start: date, end: date) -> None:
    window = find_window(words, today=SATURDAY)
    assert window is not None
    assert (window.start, window.end) == (start, end)


def test_next_month_is_the_calendar_month_across_a_year_end_and_a_leap_year() -> None:
    december = find_window("next month", today=date(2027, 12, 31))
    january = find_window("next month", today=date(2028, 1, 31))
    assert december is not None and january is not None
    assert (december.start, december.end) == (date(2028, 1, 1), date(2028, 1, 31))
    assert (january.start, january.end) == (date(2028, 2, 1), date(2028, 2, 29))


def test_this_week_from_a_monday_runs_to_sunday() -> None:
    window = find_window("this week", today=date(2026, 11, 23))
    assert window is not None
    assert (window.start, window.end, window.label) == (
        date(2026, 11, 23),
        date(2026, 11, 29),
        "this week",
    )


def test_before_a_date_already_past_this_year_means_next_year() -> None:
    window = find_window("before February", today=SATURDAY)
    assert window is not None
    assert window.end == date(2027, 1, 31)
    assert window.label == "before 1 February 2027"


def test_words_without_a_window_give_none_and_the_default_is_thirty_days() -> None:
    assert find_window("who leads on ASB", today=SATURDAY) is None
    window = default_window(SATURDAY)
    assert (window.start, window.end, window.label) == (
        SATURDAY,
        date(2026, 12, 21),
        "in the next 30 days",
    )


@pytest.mark.parametrize(
    ("words", "start", "end"),
    [
        ("joint board, anything before the end of june", date(2026, 11, 21), date(2027, 6, 30)),
        ("what lands in the next couple of weeks", date(2026, 11, 21), date(2026, 12, 5)),
        ("due between now and easter?", date(2026, 11, 21), date(2027, 3, 25)),
        ("anything before the new year", date(2026, 11, 21), date(2026, 12, 31)),
        ("what's left before the end of the month", date(2026, 11, 21), date(2026, 11, 30)),
        ("anything in the coming days", date(2026, 11, 21), date(2026, 11, 28)),
        ("deadlines for the rest of the year", date(2026, 11, 21), date(2026, 12, 31)),
        ("due up to the 12th of december", date(2026, 11, 21), date(2026, 12, 11)),
        ("from now til feb", date(2026, 11, 21), date(2027, 2, 28)),
    ],
)
def test_windows_in_more_of_the_words_people_use(words: str, start: date, end: date) -> None:
    window = find_window(words, today=SATURDAY)
    assert window is not None
    assert (window.start, window.end) == (start, end)
    assert window_phrase(words) is not None


def test_between_now_and_the_end_of_a_month() -> None:
    window = find_window("between now and the end of january", today=SATURDAY)
    assert window is not None and window.end == date(2027, 1, 31)


def test_for_a_month_is_that_month() -> None:
    window = find_window("anything on my plate for march", today=SATURDAY)
    assert window is not None and (window.start, window.end) == (
        date(2027, 3, 1),
        date(2027, 3, 31),
    )


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("what's due on 3 March 2027", date(2027, 3, 3)),
        ("anything on the 5th of december", date(2026, 12, 5)),
        ("which grants end on 31 march?", date(2027, 3, 31)),
    ],
)
def test_on_a_date_is_that_one_day(text: str, day: date) -> None:
    window = find_window(text, today=date(2026, 11, 21))
    assert window is not None and (window.start, window.end) == (day, day)
    assert window.label == f"on {day.day} {day:%B %Y}"
