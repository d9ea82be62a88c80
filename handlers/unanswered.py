"""What the bot could not answer: kept as it happens, grouped for `cspbot unanswered`, so
a coordinator sees what people ask and can add an alias, a glossary term or a milestone."""

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from rapidfuzz import fuzz, process

from handlers.entities import normalise
from handlers.snapshot import snapshot
from handlers.types import Message, Reply
from handlers.understanding import mentions_in
from store.db import Store, WouldWait
from store.tables import UnansweredMessage
from store.unanswered import forget_unanswered, keep_unanswered

log = logging.getLogger(__name__)

# Normalised texts at least this alike (rapidfuzz token_set_ratio) are one group...
SIMILAR = 85.0
# ...unless one is a short question inside a longer, different one ("tell me about the
# council" in "tell me about nottingham city council"): their word orders must agree too.
SAME_WORDS = 70.0


def keep_if_unanswered(store: Store, message: Message, reply: Reply) -> None:
    """Store the message when the reply could not answer it. Never raises: the answer
    matters more than the record, so a failure is logged and the answer still goes."""
    if not reply.unanswered:
        return
    try:
        keep_unanswered(
            store,
            text=message.text,
            at=message.at,
            platform=message.platform,
            reply=reply.template,
            partnership_id=message.partnership_id or _named_partnership(store, message.text),
            person_id=message.sender.person_id,
        )
    except WouldWait:
        raise  # the caller answers again, and keeps it, where it may wait
    except Exception:
        log.exception("could not keep an unanswered message")


def _named_partnership(store: Store, text: str) -> str | None:
    """The one partnership the words name, if exactly one."""
    mentions = mentions_in(text, snapshot(store).mentions)
    named = {thing.id for mention in mentions for thing in mention.of("partnership")}
    return named.pop() if len(named) == 1 else None


@dataclass
class Group:
    """Messages alike enough to be one question, oldest first."""

    key: str  # the first message's normalised text
    messages: list[UnansweredMessage] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.messages)

    @property
    def example(self) -> str:
        return self.messages[-1].text

    @property
    def first(self) -> datetime:
        return self.messages[0].at

    @property
    def last(self) -> datetime:
        return self.messages[-1].at

    @property
    def platforms(self) -> list[str]:
        return sorted({m.platform for m in self.messages})

    @property
    def partnerships(self) -> list[str]:
        return sorted({m.partnership_id for m in self.messages if m.partnership_id})


def similar_key(text: str) -> str:
    """Case, punctuation and spacing do not make a question different."""
    return normalise(text) or re.sub(r"\s+", " ", text.strip().lower())


def group_unanswered(messages: Iterable[UnansweredMessage]) -> list[Group]:
    """Near-duplicates together, most frequent first (then the most recent first)."""
    groups: list[Group] = []
    keys: list[str] = []
    for message in sorted(messages, key=lambda m: m.at):
        key = similar_key(message.text)
        near = _nearest(key, keys)
        if near is None:
            groups.append(Group(key))
            keys.append(key)
            near = len(groups) - 1
        groups[near].messages.append(message)
    return sorted(groups, key=lambda g: (-g.count, -g.last.timestamp()))


def _nearest(key: str, keys: list[str]) -> int | None:
    """The index of the group key most like `key`, if any is alike enough."""
    candidates = process.extract(
        key, keys, scorer=fuzz.token_set_ratio, score_cutoff=SIMILAR, limit=None
    )
    for _key, _score, index in candidates:
        if fuzz.token_sort_ratio(key, keys[index]) >= SAME_WORDS:
            return int(index)
    return None


def forget_old(store: Store, *, now: datetime, days: int) -> int:
    """Forget what was kept more than `days` ago; how many went."""
    return forget_unanswered(store, before=now - timedelta(days=days))
