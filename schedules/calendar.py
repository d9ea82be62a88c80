"""Working days in England and Wales, and local wall-clock times turned into UTC instants.

Never add days to a UTC instant: take the local day, combine it with the local time, then
convert to UTC, so 09:00 stays 09:00 across the clock changes.
"""

import importlib.util
import threading
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from zoneinfo import ZoneInfo

import holidays

from store.tables import Partnership

DEFAULT_TIMEZONE = "Europe/London"
# The years a command may ask about (`ask --at`, `reminders --from/--to`): answers and
# plans look years ahead and behind, and Python's calendar ends in 9999.
SUPPORTED_YEARS = (1900, 2999)
DEFAULT_REMINDER_TIME = time(9, 0)


def _united_kingdom() -> ModuleType:
    """`holidays`' United Kingdom module, loaded from its file alone: importing it as
    `holidays.countries.united_kingdom` (or `holidays.country_holidays("GB")`) runs the
    countries package, which imports every country's module (280 modules, 11 MB of a
    server's memory) to use one."""
    path = Path(holidays.__file__).parent / "countries" / "united_kingdom.py"
    spec = importlib.util.spec_from_file_location("cspbot_united_kingdom_holidays", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"no United Kingdom holidays at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_BANK_HOLIDAYS: holidays.HolidayBase = _united_kingdom().UnitedKingdom(subdiv="ENG")
# A new `holidays` release may bring new bank holidays: plans made with another one are redone.
CALENDAR_VERSION = f"holidays {holidays.__version__}"
# The holidays object fills in years lazily on lookup; planning runs in worker threads.
_BANK_HOLIDAYS_LOCK = threading.Lock()
_ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=8192)
def is_working_day(day: date) -> bool:
    if day.weekday() >= 5:
        return False
    with _BANK_HOLIDAYS_LOCK:
        return day not in _BANK_HOLIDAYS


def previous_working_day(day: date) -> date:
    """`day` itself when it is a working day, else the working day before it."""
    while not is_working_day(day):
        day -= _ONE_DAY
    return day


def next_working_day(day: date) -> date:
    """`day` itself when it is a working day, else the working day after it."""
    while not is_working_day(day):
        day += _ONE_DAY
    return day


def working_days_before(day: date, count: int) -> date:
    """The working day `count` working days before `day` (`day` itself need not be one)."""
    for _ in range(count):
        day = previous_working_day(day - _ONE_DAY)
    return day


@lru_cache(maxsize=64)
def zone(name: str | None) -> ZoneInfo:
    return ZoneInfo(name or DEFAULT_TIMEZONE)


def partnership_zone(partnership: Partnership) -> ZoneInfo:
    return zone(partnership.timezone)


@lru_cache(maxsize=256)
def parse_clock_time(text: str | None) -> time:
    """ "HH:MM" or "HH:MM:SS" as written in the data file; None is the default 09:00."""
    return DEFAULT_REMINDER_TIME if text is None else time.fromisoformat(text)


def reminder_time(partnership: Partnership) -> time:
    return parse_clock_time(partnership.reminder_time)


@lru_cache(maxsize=65536)
def local_instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The aware UTC instant of wall-clock `at` on `day` in `tz`."""
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def local_date(instant: datetime, tz: ZoneInfo) -> date:
    return instant.astimezone(tz).date()
