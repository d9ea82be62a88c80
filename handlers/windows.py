"""Relative windows of time in everyday words: "this week", "next month" (the calendar
month), "before April", "in the next 90 days", "this quarter"."""

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.easter import easter


@dataclass(frozen=True)
class Window:
    start: date
    end: date  # inclusive
    label: str  # how the reply names it: "this week", "in the next 30 days"
    # Words with no set end ("soon", "in the next few weeks"): the end is a guess.
    vague: bool = False


MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_UNITS = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365}
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "couple": 2,  # "the next couple of weeks"
}
_NUMBER = r"\d{1,4}|" + "|".join(_NUMBERS)

DEFAULT_DAYS = 30


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word]


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _next_month_start(today: date, month: int) -> date:
    """The first day of the next such month from today (this year's if still ahead)."""
    year = today.year if month > today.month else today.year + 1
    return date(year, month, 1)


def _last(days: int, today: date, words: str) -> Window:
    return Window(today, today + timedelta(days=days), words)


def _week(today: date, match: re.Match[str]) -> Window:
    monday = today - timedelta(days=today.weekday())
    if match.group("which") == "next":
        return Window(monday + timedelta(7), monday + timedelta(13), "next week")
    return Window(today, monday + timedelta(6), "this week")


def _month(today: date, match: re.Match[str]) -> Window:
    if match.group("which") == "next":
        year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
        return Window(date(year, month, 1), _month_end(year, month), "next month")
    return Window(today, _month_end(today.year, today.month), "this month")


def _quarter(today: date, match: re.Match[str]) -> Window:
    first = 3 * ((today.month - 1) // 3) + 1
    if match.group("which") == "next":
        year, first = (today.year + 1, 1) if first == 10 else (today.year, first + 3)
        return Window(date(year, first, 1), _month_end(year, first + 2), "next quarter")
    return Window(today, _month_end(today.year, first + 2), "this quarter")


def _year(today: date, match: re.Match[str]) -> Window:
    if match.group("financial"):
        end_year = today.year + 1 if today.month >= 4 else today.year
        return Window(today, date(end_year, 3, 31), "this financial year")
    if match.group("which") == "next":
        year = today.year + 1
        return Window(date(year, 1, 1), date(year, 12, 31), "next year")
    return Window(today, date(today.year, 12, 31), "this year")


def _coming(today: date, match: re.Match[str]) -> Window:
    count = _number(match.group("count") or "1")
    unit = match.group("unit")
    days = count * _UNITS[unit]
    words = f"{unit}s" if count != 1 else unit
    return _last(
        days, today, f"in the next {count} {words}" if count != 1 else f"in the next {words}"
    )


def _named_date(today: date, match: re.Match[str], suffix: str = "") -> date | None:
    """The date the match's day, month and year (groups ending in `suffix`) name: the
    next one from `today` when no year is given."""
    month = MONTHS[match.group(f"month{suffix}")]
    day = int(match.group(f"day{suffix}") or 1)
    year = int(match.group(f"year{suffix}")) if match.group(f"year{suffix}") else None
    if year is None:
        year = today.year if (month, day) >= (today.month, today.day) else today.year + 1
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _before(today: date, match: re.Match[str]) -> Window | None:
    limit = _named_date(today, match)
    if limit is None:
        return None
    if match.group("day") is None and match.group("word") not in _UP_TO_THE_START:
        # "by March" means up to the end of March (this one, if we are in it).
        month = limit.month
        year = limit.year if match.group("year") else _year_of(today, month)
        return Window(today, _month_end(year, month), f"by the end of {_uk_month(year, month)}")
    if match.group("day") is None and match.group("year") is None:
        limit = _next_month_start(today, limit.month)
    end = limit - timedelta(days=1)
    if end < today:
        return None
    return Window(today, end, f"before {_uk(limit)}")


def _between(today: date, match: re.Match[str]) -> Window | None:
    """ "between 1 Jan and 31 March": the first date to the last (a month without a day
    whole), the last the first such date from the first."""
    first = _named_date(today, match)
    if first is None:
        return None
    last = _named_date(first, match, "2")
    if last is None:
        return None
    if match.group("day2") is None:
        last = _month_end(last.year, last.month)
    start = max(first, today)
    if last < start:
        return None
    return Window(start, last, f"from {_uk(first)} to {_uk(last)}")


def _on_day(today: date, match: re.Match[str]) -> Window | None:
    day = _named_date(today, match)
    return None if day is None else Window(day, day, f"on {_uk(day)}")


def _year_of(today: date, month: int) -> int:
    """The year of the named month from today: this one if we are in it or before it."""
    return today.year if month >= today.month else today.year + 1


def _in_month(today: date, match: re.Match[str]) -> Window:
    month = MONTHS[match.group("month")]
    year = int(match.group("year")) if match.group("year") else _year_of(today, month)
    start = max(date(year, month, 1), today)
    return Window(start, _month_end(year, month), f"in {_uk_month(year, month)}")


def _months(today: date, match: re.Match[str]) -> Window:
    """ "between January and March", "in January and February": both months whole (from
    today when the first is this month)."""
    first, last = MONTHS[match.group("first")], MONTHS[match.group("last")]
    year = _year_of(today, first)
    end_year = year if last >= first else year + 1
    start = max(date(year, first, 1), today)
    label = f"{_uk_month(year, first)} to {_uk_month(end_year, last)}"
    return Window(start, _month_end(end_year, last), label)


def _season(today: date, match: re.Match[str]) -> Window:
    """Before Christmas, the summer, the end of the (financial) year."""
    season = match.group("season").split()[-1]
    if season == "easter":
        end = easter(today.year) - timedelta(days=3)  # before the Easter weekend
        if end < today:
            end = easter(today.year + 1) - timedelta(days=3)
        return Window(today, end, "before Easter")
    if "financial" in match.group("season"):
        season = "financial year"
    month, day, label = _SEASONS[season]
    year = today.year if (month, day) >= (today.month, today.day) else today.year + 1
    return Window(today, date(year, month, day), label)


def _quarter_of_year(today: date, match: re.Match[str]) -> Window:
    """ "This summer", "over the winter": the season's months, this year's if not over."""
    season = match.group("season")
    first = _SEASON_MONTHS[season]
    year = today.year
    end_year, last = (year + 1, first + 2 - 12) if first + 2 > 12 else (year, first + 2)
    if _month_end(end_year, last) < today:
        year, end_year = year + 1, end_year + 1
    start = max(date(year, first, 1), today)
    return Window(start, _month_end(end_year, last), f"this {season}")


_SEASON_MONTHS = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}


def _holiday(today: date, match: re.Match[str]) -> Window:
    """ "Over Christmas" (24 December to 2 January), "in the new year" (January)."""
    year = today.year if today.month < 12 or today.day <= 24 else today.year + 1
    if match.group("holiday") in ("new year", ""):  # "after Christmas" too
        january = today.year + 1 if today.month > 1 else today.year
        return Window(max(date(january, 1, 1), today), date(january, 1, 31), "in the new year")
    return Window(max(date(year, 12, 24), today), date(year + 1, 1, 2), "over Christmas")


_SEASONS = {
    "christmas": (12, 24, "before Christmas"),
    "xmas": (12, 24, "before Christmas"),
    "summer": (5, 31, "before the summer"),
    "year": (12, 31, "by the end of the year"),
    "financial year": (3, 31, "by the end of the financial year"),
}


def _uk_month(year: int, month: int) -> str:
    return f"{calendar.month_name[month]} {year}"


def _uk(day: date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def _fixed(days: int, label: str) -> Callable[[date, re.Match[str]], Window]:
    return lambda today, _match: _last(days, today, label)


def _vague(days: int, label: str) -> Callable[[date, re.Match[str]], Window]:
    return lambda today, _match: Window(today, today + timedelta(days=days), label, vague=True)


_DATE = (
    rf"(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?)?(?P<month>{_MONTH})\b"
    rf"(?:\s+(?P<year>\d{{4}}))?"
)
_DATE2 = _DATE.replace(">", "2>")
# "between now and", "from now until": up to.
_NOW_UNTIL = r"(?:between\s+|from\s+)?now\s+(?:and|to|until|till|til)"
# "end of", "before the end of", "by the end of": up to a month's last day.
_END_OF = r"(?:(?:before|by|until|till|up\s+to|ahead\s+of)\s+(?:the\s+)?)?end\s+of"
# Words before a month meaning up to its first day ("this side of April"), not its end.
_UP_TO_THE_START = frozenset({"before", "this side of", "ahead of"})

# Tried in order; the first that matches wins.
_RULES: list[tuple[re.Pattern[str], Callable[[date, re.Match[str]], Window | None]]] = [
    (re.compile(r"\btoday\b"), _fixed(0, "today")),
    (
        re.compile(r"\btomorrow\b"),
        lambda t, _m: Window(t + timedelta(1), t + timedelta(1), "tomorrow"),
    ),
    (re.compile(r"\b(?P<which>this|next|coming)\s+week\b"), _week),
    (re.compile(r"\b(?P<which>this|next)\s+month\b"), _month),
    # "before the end of the month": this one.
    (re.compile(rf"\b{_END_OF}\s+(?:the|this)\s+(?P<which>)month\b"), _month),
    (re.compile(r"\b(?P<which>this|next)\s+quarter\b"), _quarter),
    (re.compile(r"\b(?P<which>this|next)\s+(?P<financial>financial\s+)?year\b"), _year),
    (
        re.compile(
            rf"\b(?:in|within|over|for|during)?\s*(?:the\s+)?(?:next|coming|following)?\s*"
            rf"(?P<count>{_NUMBER})\s+(?:of\s+)?(?P<unit>day|week|fortnight|month|year)s?\b"
        ),
        _coming,
    ),
    (
        re.compile(r"\b(?:next|coming)\s+(?P<count>)(?P<unit>fortnight)\b"),
        _coming,
    ),
    (
        re.compile(
            rf"\b(?:between|from|in|during)?\s*(?P<first>{_MONTH})\s+(?:and|to|till|until|through)"
            rf"\s+(?P<last>{_MONTH})\b"
        ),
        _months,
    ),
    (
        re.compile(rf"\b(?:between|from)\s+{_DATE}\s+(?:and|to|till|until|through)\s+{_DATE2}"),
        _between,
    ),
    (
        re.compile(
            rf"\b(?:{_NOW_UNTIL}|before|by|until|till|ahead of|this side of|end of|rest of)"
            r"\s+(?:the\s+)?(?P<season>christmas|xmas|summer|easter"
            r"|(?:end\s+of\s+the\s+|new\s+)?(?:financial\s+)?year)\b"
        ),
        _season,
    ),
    (
        re.compile(r"\b(?:over|during|at|in)\s+(?:the\s+)?(?P<holiday>christmas|xmas|new year)\b"),
        _holiday,
    ),
    (re.compile(r"\bafter\s+(?:christmas|xmas)\b(?P<holiday>)"), _holiday),
    (
        re.compile(
            r"\b(?:this|in\s+the|over\s+the|during\s+the)\s+(?P<season>spring|summer|autumn|winter)\b"
        ),
        _quarter_of_year,
    ),
    (
        re.compile(r"\b(?:the\s+)?(?:next|coming)\s+(?:few\s+)?weeks\b"),
        _vague(28, "in the next few weeks"),
    ),
    (
        re.compile(r"\b(?:the\s+)?(?:next|coming)\s+(?:few\s+)?months\b"),
        _vague(91, "in the next few months"),
    ),
    (
        re.compile(r"\b(?:the\s+)?(?:next|coming)\s+(?:few\s+)?days\b"),
        _vague(7, "in the next few days"),
    ),
    (re.compile(r"\b(?:soon|shortly|imminent|imminently)\b"), _vague(30, "soon")),
    (re.compile(rf"\b{_NOW_UNTIL}\s+(?:the\s+end\s+of\s+)?{_DATE}(?P<word>)"), _before),
    (
        re.compile(
            rf"\b(?P<word>{_END_OF}|before|by|until|till|up\s+to|this side of|ahead of)"
            rf"\s+(?:the\s+)?{_DATE}"
        ),
        _before,
    ),
    # "on 31 March 2027": that one day.
    (re.compile(rf"\bon\s+(?:the\s+)?(?=\d){_DATE}"), _on_day),
    (re.compile(rf"\b(?:in|during|for)\s+{_DATE}"), _in_month),
]


# Every rule needs one of these in the words (a unit of time, a month, a season or holiday,
# "soon"): most questions have none, and are spared trying the rules one by one.
_ANY_RULE = re.compile(
    "|".join(
        (
            *("day", "week", "fortnight", "month", "quarter", "year", "tomorrow"),
            *("christmas", "xmas", "easter", "spring", "summer", "autumn", "winter"),
            *("soon", "shortly", "imminent"),
            *(name.lower() for name in calendar.month_abbr if name),  # in the full names too
        )
    )
)


def find_window(text: str, *, today: date) -> Window | None:
    """The window the words name, or None when they name none."""
    lowered = text.lower()
    if not _ANY_RULE.search(lowered):
        return None
    for pattern, build in _RULES:
        match = pattern.search(lowered)
        if match:
            window = build(today, match)
            if window is not None:
                return window
    return None


def default_window(today: date) -> Window:
    return _last(DEFAULT_DAYS, today, f"in the next {DEFAULT_DAYS} days")


def window_phrase(text: str) -> str | None:
    """The words that name a window ("in the next 30 days"), or None."""
    lowered = text.lower()
    if not _ANY_RULE.search(lowered):
        return None
    for pattern, _build in _RULES:
        match = pattern.search(lowered)
        if match and match.group(0).strip():
            return match.group(0).strip()
    return None
