"""When a milestone happens: its occurrences, its reminder offsets, and which one is open.

Pure functions of a Milestone (and, where it matters, the per-occurrence states read by
store/occurrences.py). The RRULE text is kept as written; occurrences follow `due_date`,
and `until` is the last possible occurrence.
"""

from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, time
from functools import lru_cache
from itertools import islice

from dateutil.rrule import rrule, rruleset, rrulestr

from store.milestone_kinds import DEFAULT_OFFSETS
from store.tables import Milestone, OccurrenceState

# How far ahead `current_occurrence` looks for one that is not done yet.
_LOOKAHEAD = 50


def reminder_offsets(milestone: Milestone) -> list[int]:
    """The days-before offsets, largest first, without repeats."""
    written = milestone.remind
    if written is None:
        return list(_offsets(DEFAULT_OFFSETS.get(milestone.kind, DEFAULT_OFFSETS["other"])))
    return list(_offsets(tuple(written)))


@lru_cache(maxsize=1024)
def _offsets(days: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(sorted({int(day) for day in days if day >= 0}, reverse=True))


# Parsed once per (rule, start); `cache=True` keeps each rule's expanded dates too.
@lru_cache(maxsize=65536)
def _rule(repeat: str, due_date: date) -> rrule | rruleset:
    start = datetime.combine(due_date, time())
    try:
        return rrulestr(repeat, dtstart=start, cache=True)
    except ValueError:
        # An UNTIL written in UTC ("...Z") needs an aware DTSTART (dateutil insists).
        return rrulestr(repeat, dtstart=start.replace(tzinfo=UTC), cache=True)


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
    found = rule.between(_bounds(start, aware), _bounds(end, aware), inc=True)
    return [value.date() for value in found]


def next_occurrence(milestone: Milestone, *, on_or_after: date) -> date | None:
    return next(iter_occurrences(milestone, on_or_after=on_or_after), None)


def iter_occurrences(milestone: Milestone, *, on_or_after: date) -> Iterator[date]:
    """Occurrences from `on_or_after` onwards, in order (endless for an open-ended rule)."""
    if not milestone.repeat:
        if milestone.due_date >= on_or_after and _within_until(milestone, milestone.due_date):
            yield milestone.due_date
        return
    rule = _rule(milestone.repeat, milestone.due_date)
    moment: datetime | None = _bounds(on_or_after, _aware(rule))
    inclusive = True
    while moment is not None:
        moment = rule.after(moment, inc=inclusive)
        inclusive = False
        if moment is None or not _within_until(milestone, moment.date()):
            return
        yield moment.date()


def latest_occurrence(milestone: Milestone, *, before: date) -> date | None:
    """The last occurrence strictly before `before`."""
    if not milestone.repeat:
        due = milestone.due_date
        return due if due < before and _within_until(milestone, due) else None
    if milestone.until is not None and milestone.until < before:
        before = date.fromordinal(milestone.until.toordinal() + 1)
    rule = _rule(milestone.repeat, milestone.due_date)
    found = rule.before(_bounds(before, _aware(rule)), inc=False)
    return None if found is None else found.date()


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
    one, else the next occurrence (from today) that is not done yet."""
    overdue = overdue_occurrence(milestone, today=today, states=states)
    if overdue is not None:
        return overdue
    upcoming = islice(iter_occurrences(milestone, on_or_after=today), _LOOKAHEAD)
    return next((day for day in upcoming if not is_done(states, (milestone.id, day))), None)
