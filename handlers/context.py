"""One question in hand: who asks, when, which partnerships it is about, and the replies
every handler gives when a name matches nothing or several things."""

from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session

from handlers.entities import Found, NamedThing, NameIndex, remove_words
from handlers.parsing import Parsed
from handlers.snapshot import Snapshot
from handlers.types import Message, Reply
from schedules.calendar import local_date, zone
from store.db import Store

# A question naming no partnership, from someone in none, is answered for all of them
# up to this many; beyond it the bot asks which one.
ALL_PARTNERSHIPS_UP_TO = 5


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
    if ask.parsed.understood:
        named = _named_partnerships(ask)
        if named:
            for mention in ask.parsed.partnership_mentions():
                topic = remove_words(topic, mention.words)
            return Scope(named, True, topic)
    else:
        mentions = ask.index.mentions(ask.parsed.text, kind="partnership")
        if mentions:
            for found in mentions:
                topic = remove_words(topic, found.words)
            return Scope(tuple(f.thing.id for f in mentions), True, topic)
    if ask.message.partnership_id:
        return Scope((ask.message.partnership_id,), False, topic)
    if ask.mine:
        note = None
        if len(ask.mine) > 1:
            others = ", ".join(ask.name_of("partnership", p) for p in ask.mine[1:])
            note = (
                f"I answered for {ask.name_of('partnership', ask.mine[0])}; "
                f"you are also in {others}: name it to ask about it."
            )
        return Scope((ask.mine[0],), False, topic, note)
    return Scope((), False, topic)


def _named_partnerships(ask: Ask) -> tuple[str, ...]:
    """The partnerships the question's words name; "our board" is the channel's or the
    asker's own."""
    ids: list[str] = []
    for mention in ask.parsed.partnership_mentions():
        if mention.own:
            own = ask.message.partnership_id or (ask.mine[0] if ask.mine else None)
            ids += [own] if own else []
        ids += [t.id for t in mention.of("partnership")]
    return tuple(dict.fromkeys(ids))


def everyone_or_ask(ask: Ask, scope: Scope, *, question: str) -> tuple[str, ...] | Reply:
    """The partnerships to answer for when none is known: all of them when there are
    few, else a reply asking which."""
    if scope.ids:
        return scope.ids
    partnerships = list(ask.data.partnerships.values())
    if len(partnerships) <= ALL_PARTNERSHIPS_UP_TO:
        return tuple(p.id for p in partnerships)
    return which_partnership(ask, question=question, options=[p.name for p in partnerships[:8]])


def find(ask: Ask, scope: Scope, *, kinds: Sequence[str]) -> list[Found]:
    """What the topic names: in the question's partnerships first, then anywhere (a
    priority of another partnership still beats "I don't know"). A name that contains a
    partnership's name ("city centre") is tried whole when the rest matches nothing."""
    for topic in dict.fromkeys((scope.topic, ask.parsed.topic)):
        if scope.ids:
            found = ask.index.find(topic, kinds=kinds, partnership_ids=scope.ids, whole=True)
            if found:
                return found
            if scope.named:
                continue
        found = ask.index.find(topic, kinds=kinds, whole=True)
        if found:
            return found
    return []


def thing_view(ask: Ask, thing: NamedThing) -> dict[str, Any]:
    partnership = ask.name_of("partnership", thing.partnership_id) if thing.partnership_id else None
    return {"kind": thing.kind, "id": thing.id, "name": thing.names[0], "partnership": partnership}


def not_found(ask: Ask, scope: Scope, *, words: str, kinds: Sequence[str], what: str) -> Reply:
    suggestions = ask.index.suggest(words, kinds=kinds, partnership_ids=scope.ids or None)
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


OPTIONS_SHOWN = 6


def which_one(ask: Ask, *, words: str, found: list[Found]) -> Reply:
    return Reply(
        intent=ask.parsed.intent,
        template="which_one",
        data={
            "words": words.strip(),
            "options": [thing_view(ask, f.thing) for f in found[:OPTIONS_SHOWN]],
            "more": max(0, len(found) - OPTIONS_SHOWN),
        },
    )


def which_partnership(ask: Ask, *, question: str, options: list[str]) -> Reply:
    return Reply(
        intent=ask.parsed.intent,
        template="which_partnership",
        data={"question": question, "options": options},
    )


def no_topic(ask: Ask, *, what: str, example: str) -> Reply:
    return Reply(
        intent=ask.parsed.intent, template="no_topic", data={"what": what, "example": example}
    )
