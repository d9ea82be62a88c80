""" "done strategic assessment", "snooze scrutiny for a week", "snooze SV return until
Monday": find the milestone and its current occurrence, then hand over to
handlers.occurrence_actions, which decides who may and stores it."""

import calendar
import re
from datetime import date, timedelta

from handlers import occurrence_actions
from handlers.context import Ask, Scope, no_topic, not_found, scope_of, which_one
from handlers.entities import Found, NamedThing, content_words, normalise
from handlers.types import Reply
from handlers.windows import MONTHS

_WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
_WEEKDAYS |= {name.lower(): number for number, name in enumerate(calendar.day_abbr)}
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14, "month": 30}
_FOR = re.compile(r"\bfor\s+(?P<count>\d{1,3}|[a-z]+)?\s*(?P<unit>day|week|fortnight|month)s?\b")
_UNTIL = re.compile(r"\b(?:until|till|til|to|on|by)\s+(?:next\s+)?(?P<when>.+)$")
_DATE = re.compile(rf"^(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{'|'.join(MONTHS)})\b")


def answer_done(ask: Ask) -> Reply:
    found = _milestone(ask)
    if isinstance(found, Reply):
        return found
    occurrence = occurrence_actions.find_current_occurrence(
        ask.store, milestone_id=found.id, at=ask.message.at
    )
    if occurrence is None:
        return _nothing_open(found)
    return occurrence_actions.mark_done(
        ask.store,
        milestone_id=found.id,
        occurrence=occurrence,
        actor=ask.message.sender,
        at=ask.message.at,
    )


def answer_snooze(ask: Ask) -> Reply:
    found = _milestone(ask)
    if isinstance(found, Reply):
        return found
    length = snooze_length(ask.parsed.body, today=ask.today)
    if length is None:
        return Reply(intent="snooze", template="snooze_unclear", data={"words": ask.parsed.body})
    occurrence = occurrence_actions.find_current_occurrence(
        ask.store, milestone_id=found.id, at=ask.message.at
    )
    if occurrence is None:
        return _nothing_open(found)
    days, on = length
    until = occurrence_actions.snooze_until(
        ask.store, milestone_id=found.id, at=ask.message.at, days=days, on=on
    )
    assert until is not None  # the milestone was found in this store
    return occurrence_actions.snooze(
        ask.store,
        milestone_id=found.id,
        occurrence=occurrence,
        actor=ask.message.sender,
        until=until,
        at=ask.message.at,
    )


def snooze_length(words: str, *, today: date) -> tuple[int, date | None] | None:
    """(days, None) for "for a week"; (0, day) for "until Monday"; a day by default."""
    words = words.lower().strip()
    if not words:
        return 1, None
    match = _FOR.search(words)
    if match:
        count = match.group("count") or "a"
        number = int(count) if count.isdigit() else _COUNTS.get(count)
        return None if number is None else (number * _UNIT_DAYS[match.group("unit")], None)
    match = _UNTIL.search(words)
    when = match.group("when").strip() if match else words.removeprefix("next ").strip()
    on = _day(when, today)
    return None if on is None else (0, on)


def _day(when: str, today: date) -> date | None:
    if when == "tomorrow":
        return today + timedelta(days=1)
    if when == "week":
        return today + timedelta(days=7 - today.weekday())
    if when in _WEEKDAYS:
        ahead = (_WEEKDAYS[when] - today.weekday() - 1) % 7 + 1
        return today + timedelta(days=ahead)
    match = _DATE.match(when)
    if match:
        month, day = MONTHS[match.group("month")], int(match.group("day"))
        for year in (today.year, today.year + 1):
            try:
                candidate = date(year, month, day)
            except ValueError:
                return None
            if candidate > today:
                return candidate
    return None


def _milestone(ask: Ask) -> NamedThing | Reply:
    scope = scope_of(ask, ask.parsed.topic)
    if not content_words(scope.topic):
        return no_topic(ask, what="deadline", example="done strategic assessment")
    ids = scope.ids or ask.mine or None
    spelt = " ".join(ask.data.mentions.spell(normalise(scope.topic).split()))
    found = ask.data.meaning.search(spelt, partnership_ids=ids)
    if not found:
        return not_found(ask, scope, words=scope.topic, kinds=["milestone"], what="deadline")
    things = [t for i, _score in found if (t := ask.index.get("milestone", i))]
    if len(things) > 1:
        return _one_of(ask, scope, things)
    return things[0]


def _one_of(ask: Ask, scope: Scope, things: list[NamedThing]) -> NamedThing | Reply:
    """Of several matching milestones, the one whose title is nearest the words, when it
    stands out; otherwise ask which."""
    exact = ask.index.find(scope.topic, kinds=["milestone"], whole=True)
    chosen = [f.thing for f in exact if f.thing in things]
    if len(chosen) == 1:
        return chosen[0]
    return which_one(ask, words=scope.topic, found=[Found(t, 0.0, scope.topic) for t in things])


def _nothing_open(thing: NamedThing) -> Reply:
    return Reply(
        intent="occurrence_refused",
        template="nothing_open",
        data={"milestone_id": thing.id, "title": thing.names[0]},
    )
