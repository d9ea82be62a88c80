"""One question in hand: who asks, when, which partnerships it is about, and the replies
every handler gives when a name matches nothing or several things."""

from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Any

from sqlmodel import Session

from handlers import choices, vocabulary
from handlers.entities import (
    EXACT,
    WEAK,
    Found,
    NamedThing,
    NameIndex,
    content_words,
    normalise,
    remove_words,
)
from handlers.mentions import Mention
from handlers.parsing import Parsed
from handlers.snapshot import Snapshot
from handlers.types import CHOICES, Choice, Message, Reply
from schedules.calendar import local_date, zone
from store.db import Store

# A question naming no partnership, from someone in none, is answered for all of them
# up to this many; beyond it the bot asks which one.
ALL_PARTNERSHIPS_UP_TO = 10
OPTIONS_SHOWN = 6
# Words saying what kind of body a partnership is ("Partnership", "Board"), and the words
# any partnership's name may have with them: neither says which partnership.
_BODY_HEADS = frozenset({"partnership", "partnerships", "csp", "board", "group", "groups"})
_JOINING = frozenset({"the", "of", "and"})
BODY_WORDS = (
    _BODY_HEADS
    | _JOINING
    | frozenset(["community", "safety", "local", "city", "county", "district", "borough"])
)


@dataclass(frozen=True)
class Ask:
    store: Store
    session: Session  # one read session for the whole answer
    message: Message
    parsed: Parsed
    data: Snapshot  # the plans as they stand, with their name index
    mine: tuple[str, ...]  # the asker's partnerships, most involved first

    @property
    def index(self) -> NameIndex:
        return self.data.names

    @property
    def person_id(self) -> str | None:
        return self.message.sender.person_id

    @property
    def today(self) -> date:
        return local_date(self.message.at, zone(None))

    def read(self) -> AbstractContextManager[Session]:
        """The answer's one read session, used like `store.session()`."""
        return nullcontext(self.session)

    def name_of(self, kind: str, thing_id: str | None) -> str:
        thing = self.index.get(kind, thing_id) if thing_id else None
        return thing.names[0] if thing else (thing_id or "")


@dataclass(frozen=True)
class Scope:
    """The partnerships a question is about."""

    ids: tuple[str, ...]  # empty when the question names none and nothing implies one
    named: bool  # named in the words (not a default)
    topic: str  # the topic without the words that named partnerships
    note: str | None = None  # says which partnership was assumed, when it could be several


def scope_of(ask: Ask, topic: str) -> Scope:
    named = _named_partnerships(ask)
    if named:
        for mention in ask.parsed.partnership_mentions():
            topic = remove_words(topic, mention.words)
        return Scope(named, True, topic)
    # "Our plan", "when do we meet": the asker named their own, as "our board" does; what
    # it lacks is not looked for in other partnerships.
    ours = bool(set(ask.parsed.text.split()) & vocabulary.phrase_words("ours"))
    if ask.message.partnership_id:
        return Scope((ask.message.partnership_id,), ours, topic)
    if ask.mine:
        note = None
        if len(ask.mine) > 1:
            others = ", ".join(ask.name_of("partnership", p) for p in ask.mine[1:])
            note = (
                f"I answered for {ask.name_of('partnership', ask.mine[0])}; "
                f"you are also in {others}: name it to ask about it."
            )
        return Scope((ask.mine[0],), ours, topic, note)
    return Scope((), False, topic)


def _named_partnerships(ask: Ask) -> tuple[str, ...]:
    """The partnerships the question's words name; "our board" is the channel's or the
    asker's own."""
    ids: list[str] = []
    mentions = ask.parsed.partnership_mentions()
    for at, mention in enumerate(mentions):
        if at + 1 < len(mentions) and _place_of(ask, mention, mentions[at + 1]):
            continue  # "the Pellbridge VAWG board": the board, not Pellbridge's partnership
        if mention.own:
            own = ask.message.partnership_id or (ask.mine[0] if ask.mine else None)
            ids += [own] if own else []
        ids += [t.id for t in mention.of("partnership")]
    return tuple(dict.fromkeys(ids))


def _place_of(ask: Ask, place: Mention, group: Mention) -> bool:
    """Whether the words naming partnerships are, right before a group's name, only the
    place of that group: the group is one of the partnership's own."""
    groups = {c.id for p in place.of("partnership") for c in ask.data.groups_of(p.id)}
    named = group.of("partnership")
    return place.end == group.start and bool(named) and all(t.id in groups for t in named)


def everyone_or_ask(ask: Ask, scope: Scope, *, question: str) -> tuple[str, ...] | Reply:
    """The partnerships to answer for when none is known: all of them when there are
    few, else a reply asking which."""
    if scope.ids:
        return scope.ids
    partnerships = list(ask.data.partnerships.values())
    if len(partnerships) <= ALL_PARTNERSHIPS_UP_TO:
        return tuple(p.id for p in partnerships)
    return which_partnership(ask, question=question, options=[p.name for p in partnerships[:8]])


def find(ask: Ask, scope: Scope, *, kinds: Sequence[str], topic: str | None = None) -> list[Found]:
    """What the topic names: in the question's partnerships first, then in their own
    boards and groups (of the same place; a district's partnership is not the county's),
    then (for partnerships named) in those whose areas hold theirs
    ("the town centre lead in Dunmere": the Dunmere group has none; the district
    partnership of Castlebeck and Dunmere has), then anywhere (a priority of another
    partnership still beats "I don't know"). A name that contains a partnership's name
    ("city centre") is tried whole when the rest matches nothing."""
    for words in dict.fromkeys((scope.topic, ask.parsed.topic if topic is None else topic)):
        if scope.ids:
            under = tuple(c.id for pid in scope.ids for c in ask.data.groups_of(pid))
            for ids in dict.fromkeys((scope.ids, scope.ids + under)):
                found = ask.index.find(words, kinds=kinds, partnership_ids=ids, whole=True)
                if found:
                    return found
            if scope.named:
                if covering := ask.data.covering(scope.ids):
                    found = ask.index.find(words, kinds=kinds, partnership_ids=covering, whole=True)
                    if found:
                        return found
                continue
        found = ask.index.find(words, kinds=kinds, whole=True)
        if found:
            return found
    return []


def find_each(ask: Ask, *, kinds: Sequence[str], what: str) -> tuple[list[Found], Scope] | Reply:
    """What each thing the question asks about names ("drug supply and drug misuse"),
    with the question's scope; or the reply when one names nothing or needs a choice."""
    everything: list[Found] = []
    scope = scope_of(ask, ask.parsed.topic)
    for topic in ask.parsed.topics or (ask.parsed.topic,):
        scope = scope_of(ask, topic)
        found = find(ask, scope, kinds=kinds, topic=topic)
        if not found:
            return not_found(ask, scope, words=scope.topic, kinds=kinds, what=what)
        if weak := _partly_named(ask, scope, found, kinds=kinds):
            return weak
        found += elsewhere(ask, scope, found, kinds=kinds)
        if must_choose(found) or _several_places(scope, found):
            return which_one(ask, words=scope.topic, found=found)
        # One thing once, whichever words found it ("fraud ... the fraud charter").
        everything += [f for f in found if f.thing not in {e.thing for e in everything}]
    return everything, scope


def _partly_named(
    ask: Ask, scope: Scope, found: list[Found], *, kinds: Sequence[str]
) -> Reply | None:
    """A question back, or "I don't know", when the words name what was found only in part
    ("drugs": County Lines and Drug Markets) and other things share those words: one
    shared word is no evidence of which is meant. Things of the question's partnerships
    and their own boards are choices; when all that was found is beyond the partnership
    named (one of its sub-boards), it has none of its own, and the rest are the nearest
    names. Answered as now when the words name it in full, or nothing else shares them."""
    if not scope.ids or any(f.score >= EXACT for f in found):
        return None
    rivals = ask.index.find(scope.topic, kinds=kinds, whole=True)
    rivals += ask.index.containing(scope.topic, kinds=kinds)
    rivals = list({f.thing: f for f in rivals if f.thing not in {g.thing for g in found}}.values())
    if not rivals:
        return None
    reach = set(scope.ids) | {c.id for pid in scope.ids for c in ask.data.groups_of(pid)}
    if scope.named and not any(f.thing.partnership_id in scope.ids for f in found):
        nearest = [f.thing for f in found + rivals][:3]
        return Reply(
            intent=ask.parsed.intent,
            template="not_found",
            data={
                "words": scope.topic.strip(),
                "what": kinds[0],
                "within": " or ".join(ask.name_of("partnership", p) for p in scope.ids),
                "suggestions": [thing_view(ask, t) for t in nearest],
            },
        )
    near = [f for f in rivals if f.thing.partnership_id in reach]
    return which_one(ask, words=scope.topic, found=found + near) if near else None


def must_choose(found: list[Found]) -> bool:
    """Whether to ask which one: more than fit on a screen, two of one partnership, or
    things with different names that the words only partly name ("accommodation": Safe
    Accommodation or Accommodation on Release). The same name in several partnerships is
    answered for each."""
    if len(found) > OPTIONS_SHOWN or any(f.score <= WEAK for f in found):
        return True
    partnerships = [f.thing.partnership_id for f in found]
    if len(set(partnerships)) < len(partnerships):
        return True
    names = {normalise(f.thing.names[0]) for f in found}
    return len(names) > 1 and any(f.score < EXACT for f in found)


def elsewhere(ask: Ask, scope: Scope, found: list[Found], *, kinds: Sequence[str]) -> list[Found]:
    """For a question that names no partnership and comes from nobody's: things of other
    partnerships whose names hold the words that named one partnership's thing
    ("exploitation": one partnership's alias, another's "Child Exploitation")."""
    if scope.ids or not found:
        return []
    places = {f.thing.partnership_id for f in found}
    others = ask.index.containing(scope.topic, kinds=kinds)
    return list({f.thing: f for f in others if f.thing.partnership_id not in places}.values())


def _several_places(scope: Scope, found: list[Found]) -> bool:
    """Whether things of several partnerships were found for a question that names no
    partnership and comes from nobody's: whose "serious violence lead" is meant is the
    asker's to say, not the bot's to guess."""
    places = {f.thing.partnership_id for f in found if f.thing.partnership_id}
    return not scope.ids and len(places) > 1


def thing_view(ask: Ask, thing: NamedThing) -> dict[str, Any]:
    partnership = ask.name_of("partnership", thing.partnership_id) if thing.partnership_id else None
    return {"kind": thing.kind, "id": thing.id, "name": thing.names[0], "partnership": partnership}


def not_found(ask: Ask, scope: Scope, *, words: str, kinds: Sequence[str], what: str) -> Reply:
    # What the words name in other partnerships is the nearest name there is ("hate
    # crime" asked of the county: the city's Hate Crime), before names spelt alike.
    elsewhere = ask.index.find(words, kinds=kinds, whole=True) if scope.ids else []
    suggestions = [f.thing for f in elsewhere if f.thing.partnership_id not in scope.ids][:3]
    suggestions = suggestions or ask.index.suggest(
        words, kinds=kinds, partnership_ids=scope.ids or None
    )
    if not suggestions and scope.ids:
        suggestions = ask.index.suggest(words, kinds=kinds)
    return Reply(
        intent=ask.parsed.intent,
        template="not_found",
        data={
            "words": words.strip(),
            "what": what,
            "suggestions": [thing_view(ask, t) for t in suggestions],
        },
    )


def which_one(ask: Ask, *, words: str, found: list[Found]) -> Reply:
    options = [thing_view(ask, f.thing) for f in found[:OPTIONS_SHOWN]]
    return Reply(
        intent=ask.parsed.intent,
        template="which_one",
        data={
            "words": words.strip(),
            "options": options,
            "more": max(0, len(found) - OPTIONS_SHOWN),
            CHOICES: choices.as_data(
                choices.of_things((ask.message.text, ask.parsed.text), words, options)
            ),
        },
    )


def unclear_partnership(ask: Ask) -> Reply | None:
    """A question back when words name several partnerships alike ("the district" where
    there are several districts), with a choice for each."""
    for mention in ask.parsed.partnership_mentions():
        several = mention.of("partnership")
        if len(several) > 1:
            found = [Found(thing, EXACT, mention.words) for thing in several]
            return which_one(ask, words=mention.words, found=found)
    return None


def unknown_place(ask: Ask) -> Reply | None:
    """ "I don't know a partnership called ..." for a place the data has no partnership
    for, or a partnership's name the data does not have, with the nearest names."""
    if otherwise := _named_otherwise(ask):
        scope = Scope((), False, otherwise)
        return not_found(ask, scope, words=otherwise, kinds=["partnership"], what="partnership")
    if misplaced := _group_of_another_place(ask):
        words, group = misplaced
        return Reply(
            intent=ask.parsed.intent,
            template="not_found",
            data={"words": words, "what": "partnership", "suggestions": [thing_view(ask, group)]},
        )
    if not ask.parsed.place:
        return None
    scope = Scope((), False, ask.parsed.place)
    return not_found(ask, scope, words=ask.parsed.place, kinds=["partnership"], what="partnership")


def _named_otherwise(ask: Ask) -> str | None:
    """The words of a partnership's name the data does not have, said around a word that
    names one it has: "the Safer Wrenshire Partnership" where Wrenshire's partnership is
    the Wrenshire Reducing Reoffending Group. Beside the word are words of other
    partnerships' names that are none of its own ("Safer") and a word saying what kind of
    body ("Partnership"): another partnership is named, not the one sharing a word."""
    tokens = ask.parsed.text.split()
    names = ask.data.mentions
    taken = {i for m in ask.parsed.mentions for i in range(m.start, m.end)}
    may_name = names.partnership_name_words | BODY_WORDS
    for mention in ask.parsed.partnership_mentions():
        if mention.own:
            continue
        start, end = mention.start, mention.end
        while start > 0 and start - 1 not in taken and tokens[start - 1] in may_name:
            start -= 1
        while end < len(tokens) and end not in taken and tokens[end] in may_name:
            end += 1
        while tokens[start] in _JOINING and start < mention.start:
            start += 1  # "of the Safer ...": the name starts after them
        # A name ends with the word saying what kind of body: words after it are not
        # part of it ("the joint CSP strategic assessment").
        while end > mention.end and tokens[end - 1] not in _BODY_HEADS:
            end -= 1
        beside = set(tokens[start : mention.start] + tokens[mention.end : end])
        its_own = set().union(
            *(names.words_of_partnership.get(t.id, frozenset()) for t in mention.of("partnership"))
        )
        if set(tokens[start:end]) & _BODY_HEADS and beside - BODY_WORDS - its_own:
            return " ".join(tokens[start:end])
    return None


def _group_of_another_place(ask: Ask) -> tuple[str, NamedThing] | None:
    """A group named without its place right after another place's name ("the Pellbridge
    night-time economy group", "the Castlebeck ...": Dunmere has one, Pellbridge and
    Castlebeck none, though Castlebeck shares a partnership with Dunmere): the words name one
    group, of a place the data has none for, so neither the group nor the place answers.
    Its words and the group of the other place."""
    mentions = ask.parsed.partnership_mentions()
    for before, mention in pairwise(mentions):
        groups = mention.of("partnership")
        places = before.of("partnership")
        if before.end != mention.start or len(groups) != 1 or not places:
            continue
        area = _area(ask, groups[0].id)
        if not area or area & set(mention.words.split()):
            continue  # named with its own place: "Dunmere night-time economy group"
        # The place as named ("Castlebeck", of Castlebeck and Dunmere), else as the
        # partnership named covers it ("the force board": its area, if it holds the group's).
        named = set(before.words.split()) & set().union(*(_area(ask, p.id) for p in places))
        if named:
            elsewhere = not named & area
        else:
            elsewhere = all(
                not (area <= _area(ask, p.id) or _area(ask, p.id) <= area) for p in places
            )
        if elsewhere:
            return f"{before.words} {mention.words}", groups[0]
    return None


def _area(ask: Ask, partnership_id: str) -> set[str]:
    partnership = ask.data.partnership(partnership_id)
    return set(content_words(partnership.area or "")) if partnership else set()


def which_partnership(ask: Ask, *, question: str, options: list[str]) -> Reply:
    offered = [Choice(name, choices.adding(ask.message.text, f"for {name}")) for name in options]
    return Reply(
        intent=ask.parsed.intent,
        template="which_partnership",
        data={"question": question, "options": options, CHOICES: choices.as_data(offered)},
    )


def no_topic(ask: Ask, *, what: str, example: str) -> Reply:
    return Reply(
        intent=ask.parsed.intent, template="no_topic", data={"what": what, "example": example}
    )
