"""When a milestone happens: its occurrences, its reminder offsets, and which one is open.

Pure functions of a Milestone (and, where it matters, the per-occurrence states read by
store/occurrences.py). The RRULE text is kept as written; occurrences follow `due_date`,
and `until` is the last possible occurrence.

Whatever the stored rule says, what it can produce is bounded (the importer refuses such
rules, but a store may hold older data): a rule finer than daily is read as daily (at most
one occurrence a day), a rule is followed for at most MAX_RULE_STEPS occurrences from
`due`, and a window holds at most MAX_OCCURRENCES_PER_WINDOW occurrences of one milestone.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, time
from functools import lru_cache
from itertools import islice

from dateutil.rrule import DAILY, rrule, rruleset, rrulestr

from store.milestone_kinds import DEFAULT_OFFSETS, MAX_REMIND_OFFSETS
from store.tables import Milestone, OccurrenceState

# Over a century of a daily rule: beyond it a rule is not followed (dateutil walks every
# rule from its start, so this bounds the work and memory of any one question).
MAX_RULE_STEPS = 50_000
# Ten years of a daily rule: the most occurrences of one milestone any window holds.
MAX_OCCURRENCES_PER_WINDOW = 3_660


def reminder_offsets(milestone: Milestone) -> list[int]:
    """The days-before offsets, largest first, without repeats; at most the closest
    MAX_REMIND_OFFSETS."""
    written = milestone.remind
    if written is None:
        return list(_offsets(DEFAULT_OFFSETS.get(milestone.kind, DEFAULT_OFFSETS["other"])))
    return list(_offsets(tuple(written)))


@lru_cache(maxsize=1024)
def _offsets(days: tuple[int, ...]) -> tuple[int, ...]:
    closest = sorted({int(day) for day in days if day >= 0})[:MAX_REMIND_OFFSETS]
    return tuple(reversed(closest))


# Parsed once per (rule, start); `cache=True` keeps each rule's expanded dates too.
@lru_cache(maxsize=65536)
def _rule(repeat: str, due_date: date) -> rrule | rruleset:
    start = datetime.combine(due_date, time())
    try:
        rule = rrulestr(repeat, dtstart=start, cache=True)
    except ValueError:
        # An UNTIL written in UTC ("...Z") needs an aware DTSTART (dateutil insists).
        rule = rrulestr(repeat, dtstart=start.replace(tzinfo=UTC), cache=True)
    if isinstance(rule, rrule):
        # Occurrences are days: hours, minutes and seconds could only multiply them.
        rule = rule.replace(freq=min(rule._freq, DAILY), byhour=None, byminute=None, bysecond=None)
    return rule


def _moments(rule: rrule | rruleset, past: datetime) -> list[datetime]:
    """The rule's occurrences in order, as dateutil caches them (`cache=True`), worked
    out at least beyond `past`, or to the rule's end, or to MAX_RULE_STEPS; later calls
    read the list with bisect rather than walking the rule again."""
    cache: list[datetime] = rule._cache
    if rule._cache_complete or (cache and cache[-1] > past) or len(cache) >= MAX_RULE_STEPS:
        return cache
    for moment in islice(rule, MAX_RULE_STEPS):
        if moment > past:
            break
    return cache


def _bounds(value: date, tz_aware: bool) -> datetime:
    moment = datetime.combine(value, time())
    return moment.replace(tzinfo=UTC) if tz_aware else moment


def _aware(rule: rrule | rruleset) -> bool:
    start = getattr(rule, "_dtstart", None)
    return start is not None and start.tzinfo is not None


def _within_until(milestone: Milestone, value: date) -> bool:
    return milestone.until is None or value <= milestone.until


def occurrences_between(milestone: Milestone, *, start: date, end: date) -> list[date]:
    """Occurrence dates in [start, end], both ends inclusive."""
    if milestone.until is not None:
        end = min(end, milestone.until)
    if end < start:
        return []
    if not milestone.repeat:
        return [milestone.due_date] if start <= milestone.due_date <= end else []
    rule = _rule(milestone.repeat, milestone.due_date)
    aware = _aware(rule)
    first, last = _bounds(start, aware), _bounds(end, aware)
    moments = _moments(rule, last)
    steps = min(len(moments), MAX_RULE_STEPS)
    low = bisect_left(moments, first, hi=steps)
    high = min(bisect_right(moments, last, lo=low, hi=steps), low + MAX_OCCURRENCES_PER_WINDOW)
    return [moment.date() for moment in moments[low:high]]


def next_occurrence(milestone: Milestone, *, on_or_after: date) -> date | None:
    return next(iter_occurrences(milestone, on_or_after=on_or_after), None)


def iter_occurrences(milestone: Milestone, *, on_or_after: date) -> Iterator[date]:
    """Occurrences from `on_or_after` onwards, in order (up to MAX_RULE_STEPS from due)."""
    if not milestone.repeat:
        if milestone.due_date >= on_or_after and _within_until(milestone, milestone.due_date):
            yield milestone.due_date
        return
    rule = _rule(milestone.repeat, milestone.due_date)
    first = _bounds(on_or_after, _aware(rule))
    moments = _moments(rule, first)
    index = bisect_left(moments, first)
    while index < MAX_RULE_STEPS:
        if index == len(moments):
            moments = _moments(rule, moments[-1]) if moments else moments
            if index == len(moments):
                return
        day = moments[index].date()
        if not _within_until(milestone, day):
            return
        yield day
        index += 1


def latest_occurrence(milestone: Milestone, *, before: date) -> date | None:
    """The last occurrence strictly before `before`."""
    if not milestone.repeat:
        due = milestone.due_date
        return due if due < before and _within_until(milestone, due) else None
    if milestone.until is not None and milestone.until < before:
        before = date.fromordinal(milestone.until.toordinal() + 1)
    rule = _rule(milestone.repeat, milestone.due_date)
    limit = _bounds(before, _aware(rule))
    moments = _moments(rule, limit)
    index = bisect_left(moments, limit, hi=min(len(moments), MAX_RULE_STEPS))
    return moments[index - 1].date() if index else None


def is_done(states: Mapping[tuple[str, date], OccurrenceState], key: tuple[str, date]) -> bool:
    state = states.get(key)
    return state is not None and state.status == "done"


def is_overdue(
    milestone: Milestone,
    *,
    occurrence: date,
    today: date,
    states: Mapping[tuple[str, date], OccurrenceState],
) -> bool:
    """Past and not done; for a recurring milestone only its latest past occurrence can be
    overdue, so a freshly imported file does not report years of history as overdue."""
    return overdue_occurrence(milestone, today=today, states=states) == occurrence


def overdue_occurrence(
    milestone: Milestone, *, today: date, states: Mapping[tuple[str, date], OccurrenceState]
) -> date | None:
    """The milestone's overdue occurrence on `today`, if it has one: its latest past
    occurrence, unless that is done or was already past when the milestone was recorded."""
    latest = latest_occurrence(milestone, before=today)
    if latest is None or is_done(states, (milestone.id, latest)):
        return None
    if milestone.recorded_on is not None and latest < milestone.recorded_on:
        return None
    return latest


def current_occurrence(
    milestone: Milestone, *, today: date, states: Mapping[tuple[str, date], OccurrenceState]
) -> date | None:
    """The occurrence "done X" or "snooze X" means on `today`: the overdue one if there is
    one, else the next occurrence from today, done or not, so that "done X" said twice
    says it is done already rather than marking the one after."""
    overdue = overdue_occurrence(milestone, today=today, states=states)
    if overdue is not None:
        return overdue
    return next_occurrence(milestone, on_or_after=today)
