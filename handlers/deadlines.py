"""Deadlines: what is due in a window, what is overdue, when a named thing is next due,
and the asker's own deadlines. Occurrences come from schedules.occurrences; the items are
shaped by schedules.messages, so reminders and answers describe a deadline alike."""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session

from handlers import choices, vocabulary
from handlers.context import (
    OPTIONS_SHOWN,
    Ask,
    Scope,
    everyone_or_ask,
    no_topic,
    not_found,
    scope_of,
    which_one,
)
from handlers.entities import (
    MILESTONE_KIND_WORDS,
    WEAK,
    Found,
    acronym,
    content_words,
    normalise,
    singular,
)
from handlers.meaning import GENERIC
from handlers.snapshot import Snapshot
from handlers.types import CHOICES, Choice, Reply
from handlers.vocabulary import stem
from handlers.windows import Window, default_window, find_window
from schedules.messages import Directory, item, uk_date
from schedules.occurrences import iter_occurrences, occurrences_between, overdue_occurrence
from store import occurrences
from store.tables import Milestone, OccurrenceState, Plan

SHOWN = 25  # items listed in one answer; the rest are counted
MINE_AHEAD_DAYS = 365
SHOWN_OVERDUE = 10
SHOWN_PAST = 5  # the oldest overdue items are usually history nobody marked done
LOOK_BACK = 3 * 366  # days searched back for a repeating milestone's last date
_PARENT = re.compile(r"\b(?:parent|board above|including|incl|as well as)\b", re.I)
_FILLER_WORDS = (
    "due deadline deadlines milestone milestones coming up upcoming happening schedule "
    "calendar key dates date next soon soonest anything everything things thing overdue late "
    "missed past behind what whats got need needs parent above including incl well its their"
)
_FILLER = frozenset(_FILLER_WORDS.split())
_PLAN_WORDS = frozenset({"plan", "plans", "strategy", "strategies", "agreement"})
_SPAN = re.compile(r"\b((?:19|20)\d\d)\s*[-/\u2013]\s*(\d{4}|\d\d)\b")


def answer_window(ask: Ask) -> Reply:
    window = find_window(ask.parsed.text, today=ask.today)
    if window is None and _milestone_words(ask.parsed.topic):
        # "consultations coming up": a kind of milestone is rarer; look a year ahead.
        window = Window(
            ask.today, ask.today + timedelta(days=MINE_AHEAD_DAYS), "in the next 12 months"
        )
    return _listing(ask, window=window or default_window(ask.today))


def _listing(ask: Ask, *, window: Window) -> Reply:
    scope, ids = _scope(ask, ask.parsed.topic)
    if isinstance(ids, Reply):
        return ids
    if partly := _partnership_in_part(ask, scope):
        return partly
    wanted = _filter(ask, scope, ids)
    if isinstance(wanted, Reply):
        return wanted
    milestones = ask.data.milestones_in_window(ids, start=window.start, end=window.end)
    if wanted is not None:
        milestones = [m for m in milestones if m.id in wanted]
    pairs = [
        (m, day)
        for m in milestones
        for day in occurrences_between(m, start=window.start, end=window.end)
    ]
    items = _items(ask.session, ask.data, pairs, today=ask.today, limit=SHOWN)
    return Reply(
        intent="deadlines",
        template="deadlines",
        data={
            "window": _window_view(window),
            "partnerships": [ask.name_of("partnership", pid) for pid in ids],
            "about": scope.topic if wanted is not None else None,
            "items": items,
            "more": len(pairs) - len(items),
            "note": scope.note,
        },
    )


def answer_overdue(ask: Ask) -> Reply:
    scope, ids = _scope(ask, ask.parsed.text)
    if isinstance(ids, Reply):
        return ids
    with ask.read() as session:
        milestones = [m for m in ask.data.milestones_of(ids) if m.due_date < ask.today]
        states = occurrences.occurrence_states(session, milestone_ids=[m.id for m in milestones])
    pairs = [
        (m, day)
        for m in milestones
        if (day := overdue_occurrence(m, today=ask.today, states=states)) is not None
    ]
    # The most recently missed first: the oldest are likely history nobody marked done.
    items = _items(
        ask.session,
        ask.data,
        pairs,
        today=ask.today,
        limit=SHOWN_OVERDUE,
        newest_first=True,
        states=states,
    )
    return Reply(
        intent="overdue",
        template="overdue",
        data={
            "partnerships": [ask.name_of("partnership", pid) for pid in ids],
            "items": items,
            "more": len(pairs) - len(items),
            "note": scope.note,
            "today_text": uk_date(ask.today),
        },
    )


def answer_next(ask: Ask) -> Reply:
    """ "When is the next scrutiny meeting?", "when did the board approve the strategy?":
    every milestone the words describe, best first, each with its next date (for a
    question about the past, its last one)."""
    scope = scope_of(ask, ask.parsed.topic)
    if not _milestone_words(scope.topic):
        if not scope.named:
            return no_topic(ask, what="deadline", example="when is the next scrutiny meeting?")
        # "When's the next RRB?": the board's next meeting.
        scope = replace(scope, topic=MILESTONE_KIND_WORDS["board_meeting"])
    ids = scope.ids + _parents(ask, scope) if scope.ids else None
    found = _described(ask, scope, ids)
    if not found and ids is not None and not scope.named:
        found = _described(ask, scope, None)
    if not found and scope.named and (covering := ask.data.covering(scope.ids)):
        found = _described(ask, scope, covering)  # "in Dunmere": the district's too
    found = _of_named_plan(ask, scope, _at_place(ask, _narrowed(ask, scope, ids, found)))
    found = _closest(ask, scope, found)
    if not found:
        return not_found(ask, scope, words=scope.topic, kinds=["milestone"], what="deadline")
    milestones = [m for i, _score in found[:SHOWN] if (m := ask.data.milestone(i))]
    upcoming, past = _next_or_last(milestones, ask.today, past=ask.parsed.past)
    if ask.parsed.past and past:
        upcoming = []  # "when did ...": what has not happened yet is not the answer
    # Best first; among equally good fits, the soonest (or the latest past) first.
    score = dict(found)
    upcoming.sort(key=lambda pair: (-score[pair[0].id], pair[1]))
    past.sort(key=lambda pair: (-score[pair[0].id], -pair[1].toordinal()))
    items = _items(ask.session, ask.data, upcoming, today=ask.today, limit=SHOWN, ranked=True)
    gone = _items(ask.session, ask.data, past, today=ask.today, limit=SHOWN_PAST, ranked=True)
    data = {
        "words": scope.topic,
        "items": items,
        "past": gone,
        "note": scope.note,
        "not_yet": ask.parsed.past and not past,
        "asked_past": ask.parsed.past,
    }
    if not scope.named and (offered := _each_on_its_own(items + gone)):
        data[CHOICES] = choices.as_data(offered)
    return Reply(intent="deadline_of", template="deadline_of", data=data)


def _each_on_its_own(listed: list[dict[str, Any]]) -> list[Choice]:
    """For dates of several partnerships' milestones, asked without naming a partnership
    (nor in a channel or by someone whose own partnership has any that fit): every fit
    is answered, and a choice for each lets the person pick the one they meant, as if
    they had named it ("when is the board meeting?": whose board?). One partnership's
    fits need no choosing."""
    if len({one["partnership_id"] for one in listed}) < 2:
        return []
    return [
        Choice(
            f"{one['title']} ({one['partnership']})",
            f"when {'was' if one['days_before'] < 0 else 'is'} {one['title']}"
            f" ({one['partnership']})?",
        )
        for one in listed[:OPTIONS_SHOWN]
    ]


def _narrowed(
    ask: Ask, scope: Scope, ids: Sequence[str] | None, found: list[tuple[str, float]]
) -> list[tuple[str, float]]:
    """Of several milestones, those the words naming the partnership describe too: "when
    did the VAWG board approve its strategy" is the board's approval, not the cabinet's,
    though "board" was part of the board's name."""
    words = [
        w
        for m in ask.parsed.partnership_mentions()
        for w in m.words.split()
        if vocabulary.describes_milestones(w) and w not in scope.topic.split()
    ]
    if len(found) < 2 or not words:
        return found
    return ask.data.meaning.search(f"{scope.topic} {' '.join(words)}", partnership_ids=ids) or found


def _at_place(ask: Ask, found: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """Of several milestones, those whose titles name the place the question names the
    partnership by: "when did Castlebeck endorse the plan" is Castlebeck council's
    endorsement, not Dunmere's, though both are the merged district partnership's."""
    named = {w for m in ask.parsed.partnership_mentions() for w in m.words.split()}
    if len(found) < 2 or not named:
        return found
    milestones = {i: m for i, _score in found if (m := ask.data.milestone(i))}
    areas = {
        w
        for m in milestones.values()
        if (p := ask.data.partnership(m.partnership_id))
        for w in content_words(p.area or "")
    }
    places = named & areas
    titled = [
        (i, score)
        for i, score in found
        if i in milestones and places & set(content_words(milestones[i].title))
    ]
    return titled or found


def _of_named_plan(
    ask: Ask, scope: Scope, found: list[tuple[str, float]]
) -> list[tuple[str, float]]:
    """Of several milestones about a plan, those of the one plan the partnership's other
    name names: "when did the CDP plan go to full council" is the Crime and Drugs
    Partnership Plan 2021-2024's, not the later strategy's, though "CDP" names the
    partnership that has both. A milestone dated with other years in its title is
    another plan's."""
    if len(found) < 2 or not scope.named or not set(scope.topic.split()) & _PLAN_WORDS:
        return found
    plans = [p for pid in scope.ids for p in ask.data.plans_of(pid)]
    spans = {span for p in _plans_named(ask, scope, plans) if (span := _years_of(p.title))}
    if not spans:
        return found
    # Dated otherwise, another plan's: "the CDP plan" is not the 2024-2027 strategy.
    titled = [
        (i, score)
        for i, score in found
        if (m := ask.data.milestone(i)) and _years_of(m.title) in (*spans, None)
    ]
    return titled or found


def _plans_named(ask: Ask, scope: Scope, plans: list[Plan]) -> list[Plan]:
    """The one plan whose title has the partnership's other name ("the CDP plan"); else
    the plans, not all of them, whose titles have the name it was called by with the kind
    of plan asked for ("the NCSP strategy": the Nottingham Community Safety Partnership
    Strategies, not the Crime and Drugs Partnership Plan)."""
    named = [p for p in plans if _titled_with(p, _names_used(ask, scope))]
    if len(named) == 1:
        return named
    kinds = {singular(w) for w in scope.topic.split() if w in _PLAN_WORDS}
    said = {f"{name} {kind}" for name in _names_used(ask, scope, own=True) for kind in kinds}
    named = [p for p in plans if _titled_with(p, said)]
    return named if len(named) < len(plans) else []


def _titled_with(plan: Plan, phrases: set[str]) -> bool:
    return any(f" {phrase} " in f" {normalise(plan.title)} " for phrase in phrases)


def _names_used(ask: Ask, scope: Scope, *, own: bool = False) -> set[str]:
    """The words that named the question's partnerships, and what they stand for (the
    glossary's meaning, an alias they are the initials of), but not the partnerships' own
    names (which every plan of theirs may carry) unless `own`."""
    partnerships = [p for pid in scope.ids if (p := ask.data.partnership(pid))]
    names = {normalise(p.name) for p in partnerships}
    used = set()
    for mention in ask.parsed.partnership_mentions():
        used |= {mention.words, *ask.index.expansions.get(mention.words, ())}
        used |= {
            normalise(alias)
            for p in partnerships
            for alias in p.aliases
            if acronym(alias) == mention.words
        }
    if own:
        return used
    # "Thornbury" of the Thornbury District CSP is its own name too, said short.
    return {words for words in used if not any(f" {words} " in f" {name} " for name in names)}


def _years_of(title: str) -> tuple[int, int] | None:
    """The years a title spans: "2021-2024" and "2021-24" are (2021, 2024)."""
    span = _SPAN.search(title)
    if span is None:
        return None
    start, end = span.group(1), span.group(2)
    return int(start), int(start[: 4 - len(end)] + end)


def _described(ask: Ask, scope: Scope, ids: Sequence[str] | None) -> list[tuple[str, float]]:
    """The milestones the words describe, best first. Things asked about at once ("when
    did the board approve the plan and when did council adopt it", "the drone funding and
    the IDVA contract") are each looked for, and all answered, unless the milestone the
    words as one describe best has every word in its title ("the joint crime and disorder
    committee": one committee, though "disorder committee" fits others too)."""
    whole = ask.data.meaning.search(scope.topic, partnership_ids=ids)
    topics = [scope_of(ask, topic).topic for topic in ask.parsed.topics]
    if scope.named and ask.parsed.text.split().count("when") > len(topics):
        # "when's the next VAWG board and when's ...": a board alone is its next meeting.
        topics.append(MILESTONE_KIND_WORDS["board_meeting"])
    if len(topics) < 2 or (whole and _titled(ask, whole[0][0], " ".join(topics))):
        return whole
    each = [ask.data.meaning.search(topic, partnership_ids=ids) for topic in topics]
    if all(each):
        return list({m: score for one in each for m, score in one}.items())
    return whole


def _closest(ask: Ask, scope: Scope, found: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """When the best fit has every word of the question in its title ("when was the plan
    adopted by full council"), a fit that says them only in other words, or lacks some,
    is another thing sharing a few (the plan's approval by the board), not a second
    answer: only the fits titled with every word are kept."""
    if len(found) < 2 or len(ask.parsed.topics) > 1:
        return found
    titled = [(m, score) for m, score in found if _titled(ask, m, scope.topic)]
    best = max(found, key=lambda pair: pair[1])
    return titled if best in titled else found


def _titled(ask: Ask, milestone_id: str, words: str) -> bool:
    """Whether the milestone's title has every one of the words (as stems)."""
    milestone = ask.data.milestone(milestone_id)
    title = {stem(w) for w in content_words(milestone.title)} if milestone else set()
    return {stem(w) for w in content_words(words)} <= title


def _next_or_last(
    milestones: list[Milestone], today: date, *, past: bool
) -> tuple[list[tuple[Milestone, date]], list[tuple[Milestone, date]]]:
    """Each milestone's next occurrence; its last one instead when it has none left or
    when the question is about the past and it has had one."""
    upcoming, gone = [], []
    for m in milestones:
        last = _last_occurrence(m, today) if past or m.due_date < today else None
        day = None if past and last else next(iter_occurrences(m, on_or_after=today), None)
        if day is not None:
            upcoming.append((m, day))
        elif last is not None:
            gone.append((m, last))
    return upcoming, gone


def _last_occurrence(m: Milestone, today: date) -> date | None:
    if m.due_date >= today:
        return None
    if not m.repeat:
        return m.due_date
    days = occurrences_between(
        m, start=max(m.due_date, today - timedelta(days=LOOK_BACK)), end=today - timedelta(days=1)
    )
    return days[-1] if days else None


def answer_mine(ask: Ask) -> Reply:
    """The asker's deadlines: milestones they own, and those their partnerships leave to
    their coordinator when they coordinate."""
    assert ask.person_id is not None  # the pipeline answers guests
    window = find_window(ask.parsed.text, today=ask.today) or Window(
        ask.today, ask.today + timedelta(days=MINE_AHEAD_DAYS), "in the next 12 months"
    )
    with ask.read() as session:
        milestones = ask.data.milestones_owned_by(ask.person_id)
        states = occurrences.occurrence_states(session, milestone_ids=[m.id for m in milestones])
    pairs = [
        (m, day)
        for m in milestones
        for day in occurrences_between(m, start=window.start, end=window.end)
    ]
    overdue = [
        (m, day)
        for m in milestones
        if (day := overdue_occurrence(m, today=ask.today, states=states)) is not None
    ]
    after = _next_after(milestones, window) if window.vague and not pairs else []
    return Reply(
        intent="my_deadlines",
        template="my_deadlines",
        data={
            "window": _window_view(window),
            "items": _items(
                ask.session, ask.data, pairs, today=ask.today, limit=SHOWN, states=states
            ),
            "overdue": _items(
                ask.session, ask.data, overdue, today=ask.today, limit=SHOWN, states=states
            ),
            "next": _items(ask.session, ask.data, after, today=ask.today, limit=1, states=states),
        },
    )


def _next_after(milestones: list[Milestone], window: Window) -> list[tuple[Milestone, date]]:
    """The first of the milestones' dates after the window: "soon" has no set end, so
    with nothing in the window guessed for it, the next deadline is what is asked."""
    end = window.end + timedelta(days=MINE_AHEAD_DAYS)
    after = window.end + timedelta(days=1)
    pairs = [
        (m, day) for m in milestones for day in occurrences_between(m, start=after, end=end)[:1]
    ]
    return sorted(pairs, key=lambda pair: pair[1])[:1]


def upcoming_for(
    session: Session,
    data: Snapshot,
    *,
    partnership_ids: Sequence[str],
    today: date,
    window: Window,
    limit: int,
    priority_id: str | None = None,
) -> list[dict[str, Any]]:
    """The next deadlines of some partnerships, or of one of their priorities (for
    overviews and the home view)."""
    milestones = data.milestones_in_window(partnership_ids, start=window.start, end=window.end)
    if priority_id is not None:
        milestones = [m for m in milestones if m.priority_id == priority_id]
    pairs = [
        (m, day) for m in milestones for day in occurrences_between(m, start=today, end=window.end)
    ]
    return _items(session, data, pairs, today=today, limit=limit)


def deadline_items(
    ask: Ask, pairs: list[tuple[Milestone, date]], *, limit: int
) -> list[dict[str, Any]]:
    """Occurrences described as reminders describe them, soonest first."""
    return _items(ask.session, ask.data, pairs, today=ask.today, limit=limit)


def _scope(ask: Ask, words: str) -> tuple[Scope, tuple[str, ...] | Reply]:
    scope = scope_of(ask, " ".join(w for w in content_words(words) if w not in _FILLER))
    ids = everyone_or_ask(ask, scope, question="deadlines")
    if isinstance(ids, Reply):
        return scope, ids
    return scope, ids + _parents(ask, scope)


def _partnership_in_part(ask: Ask, scope: Scope) -> Reply | None:
    """A question back when no partnership is named and the words left, written as a
    name (with a capital, not first), are a word of several partnerships' names ("what's
    due for Safer in January": Safer Kelderby or Safer Mossdale), not a kind of
    milestone: which one is asked. Not of someone with a partnership: theirs is meant."""
    if scope.ids:
        return None
    words = set(_milestone_words(scope.topic))
    written = ask.message.text.split()[1:]
    capitalised = {w.lower() for word in written for w in re.findall(r"\b[A-Z][a-z]+\b", word)}
    if not words or not words <= capitalised:
        return None
    having = [
        Found(thing, WEAK, " ".join(sorted(words)))
        for p in ask.data.partnerships.values()
        if words <= set(content_words(p.name))
        and (thing := ask.index.get("partnership", p.id)) is not None
    ]
    return which_one(ask, words=" ".join(sorted(words)), found=having) if len(having) > 1 else None


def _parents(ask: Ask, scope: Scope) -> tuple[str, ...]:
    """The parent boards of the partnerships asked about, when the words ask for them."""
    if not _PARENT.search(ask.parsed.text):
        return ()
    found = [ask.data.partnership(pid) for pid in scope.ids]
    return tuple(p.parent_id for p in found if p and p.parent_id and p.parent_id not in scope.ids)


def _filter(ask: Ask, scope: Scope, ids: tuple[str, ...]) -> set[str] | Reply | None:
    """The milestones the leftover words name ("scrutiny", "board meetings and
    consultations"), None when they name nothing in particular."""
    wanted: set[str] = set()
    asked = []
    for topic in ask.parsed.topics or (scope.topic,):
        words = _milestone_words(scope_of(ask, topic).topic)
        if _PARENT.search(ask.parsed.text):
            words = [w for w in words if w != "board"]  # "including its parent board"
        if not words:
            continue
        asked.append(" ".join(words))
        found = ask.data.meaning.search(" ".join(words), partnership_ids=ids, near_best=False)
        if not found:
            return not_found(ask, scope, words=asked[-1], kinds=["milestone"], what="deadline")
        wanted |= {milestone_id for milestone_id, _score in found}
    return wanted if asked else None


def _milestone_words(topic: str) -> list[str]:
    """The words of a topic that say which milestones: not "deadlines", "due", "dates"."""
    return [
        w
        for w in content_words(topic)
        if w not in _FILLER and stem(w) not in GENERIC and not w.isdigit()
    ]


def _items(
    session: Session,
    plans: Snapshot,
    pairs: Iterable[tuple[Milestone, date]],
    *,
    today: date,
    limit: int,
    newest_first: bool = False,
    ranked: bool = False,
    states: Mapping[occurrences.StateKey, OccurrenceState] | None = None,
) -> list[dict[str, Any]]:
    """The first `limit` occurrences by date (soonest first, or most recent first), each
    described as reminders describe it, with whether it is done. `states` are the
    occurrences' states when the caller has already read them (one query, not one per
    list). `ranked` keeps the order given (best match first)."""
    if not ranked:
        pairs = sorted(
            pairs,
            key=lambda pair: (pair[1], pair[0].due_time or "", pair[0].title),
            reverse=newest_first,
        )
    pairs = list(pairs)[:limit]
    if not pairs:
        return []
    milestones = {m.id: m for m, _day in pairs}
    if states is None:
        states = occurrences.occurrence_states(session, milestone_ids=list(milestones))
    names = Directory(milestones=milestones, partnerships=plans.partnerships, people=plans.people)
    found = []
    for m, day in pairs:
        state = states.get((m.id, day))
        data = item(names, m, day, today=today)
        data["done"] = state is not None and state.status == "done"
        found.append(data)
    return found


def _window_view(window: Window) -> dict[str, Any]:
    return {
        "start": window.start.isoformat(),
        "end": window.end.isoformat(),
        "start_text": uk_date(window.start),
        "end_text": uk_date(window.end),
        "label": window.label,
        "dated": _dated(window),
    }


def _dated(window: Window) -> bool:
    """Whether the window's label says its dates already: "in December 2026" is from the
    1st to the 31st, "in the next 30 days" needs them spelt out."""
    if window.start == window.end and uk_date(window.start) in window.label:
        return True  # "on 31 March 2027"
    whole_months = window.start.day == 1 and (window.end + timedelta(days=1)).day == 1
    return whole_months and uk_date(window.end).split(" ", 1)[1] in window.label
