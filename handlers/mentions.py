"""Everything a message mentions, anywhere in it: partnerships (by name, alias, acronym,
area or a description such as "the county" or "our board"), priorities, organisations and
glossary terms, each with the run of words that named it.

The index is built once per data snapshot from the name index, in time linear in the
number of names; finding the mentions of a message costs a dictionary look-up per run of
up to seven words, plus a spelling look-up for each word nobody knows.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from handlers import knowledge, vocabulary
from handlers.entities import (
    STOPWORDS,
    NamedThing,
    NameIndex,
    content_words,
    each,
    normalise,
    singular,
)
from store.tables import Partnership

KINDS = ("partnership", "priority", "organisation", "glossary", "person")
# Kinds whose names make acronyms people use: "ASB", "SNB"; not "PM" for a role.
ACRONYM_KINDS = ("partnership", "priority", "organisation", "glossary")
OWN = "own"  # a description meaning the asker's partnership: "our board"
# Words of partnerships' names that say what they are, not which one.
_GENERIC_NAME_WORDS = (
    "the of and community safety safer partnership partnerships csp board council "
    "district borough city county local"
)
_GENERIC_NAME = frozenset(_GENERIC_NAME_WORDS.split())
LONGEST = 12  # words in the longest name looked for


@dataclass(frozen=True)
class Mention:
    """A run of words, tokens[start:end], naming these things (several when it could be
    any of them); no things and `own` for "our board"."""

    words: str
    start: int
    end: int
    things: tuple[NamedThing, ...]
    own: bool = False

    @property
    def kinds(self) -> list[str]:
        kinds = ["partnership"] if self.own else []
        return list(dict.fromkeys(kinds + [t.kind for t in self.things]))

    def of(self, kind: str) -> list[NamedThing]:
        return [t for t in self.things if t.kind == kind]


class MentionIndex:
    """Names of every kind in one table, their acronyms, the words they are made of (for
    misspellings), and what each description of a partnership means here."""

    def __init__(self, names: NameIndex, partnerships: Iterable[Partnership]) -> None:
        self.names = names
        self.keys: dict[str, list[NamedThing]] = defaultdict(list)
        self.acronyms: dict[str, list[NamedThing]] = defaultdict(list)
        for kind in KINDS:
            for key, things in names.keys[kind].items():
                self.keys[key] += each(things)
            for key, things in names.acronyms[kind].items() if kind in ACRONYM_KINDS else ():
                self.acronyms[key] += each(things)
        self.name_words = {w for key in (*self.keys, *self.acronyms) for w in key.split()}
        # The words of milestones' titles are the data's own words too: "hope" in "From
        # Harm to Hope" is not a slip for "home"; "navigater" is one for "navigator".
        titles = {w for t in names.things_of("milestone") for w in normalise(t.names[0]).split()}
        self.text_words = titles - self.name_words
        self._name_word_list = sorted(w for w in self.name_words | titles if len(w) >= 4)
        partnerships = list(partnerships)
        # Each partnership's own words (names, aliases, area), and every word some
        # partnership's name or alias has: what a name of a partnership may be made of.
        self.words_of_partnership = {p.id: frozenset(_words_of(p)) for p in partnerships}
        called = [name for p in partnerships for name in (p.name, *p.aliases)]
        self.partnership_name_words = frozenset(w for n in called for w in normalise(n).split())
        self.descriptions = self._describe(partnerships)
        self._short_names(partnerships)
        self._prefer_names(partnerships)
        # The first word of every name, description and phrase of the asker's own that
        # has more than one: a run of words starting otherwise names nothing and is not
        # looked up (most runs of most messages).
        phrases = (*self.keys, *self.descriptions, *vocabulary.own_phrases())
        self.first_words = {p.split(" ")[0] for p in phrases if " " in p}

    def _short_names(self, partnerships: list[Partnership]) -> None:
        """A partnership is also called by its name without the words every partnership
        has ("Northam" for "Northam Community Safety Partnership"), when no other thing
        is called so."""
        shorts: dict[str, list[Partnership]] = defaultdict(list)
        for p in partnerships:
            for short in {_short(p), _without_area(p)} - {""}:
                shorts[short].append(p)
        for short, having in shorts.items():
            thing = self.names.get("partnership", having[0].id)
            others = [t for t in self.keys.get(short, []) if t.kind != "partnership"]
            if len(having) == 1 and thing and short not in vocabulary.known() and not others:
                self.keys[short] = list(dict.fromkeys([*self.keys.get(short, []), thing]))
                self.name_words |= set(short.split())

    def _prefer_names(self, partnerships: list[Partnership]) -> None:
        """A word that is one partnership's name or alias and only the area of others
        ("Marlshire") names the first."""
        called = {
            p.id: {normalise(n) for n in (p.name, *p.aliases)} | {_short(p)} for p in partnerships
        }
        for key, things in self.keys.items():
            several = [t for t in things if t.kind == "partnership"]
            if len(several) < 2:
                continue
            named = [
                t
                for t in several
                if key in called.get(t.id, ()) or f"the {key}" in called.get(t.id, ())
            ]
            if named and len(named) < len(several):
                self.keys[key] = [t for t in things if t.kind != "partnership" or t in named]

    def _describe(self, partnerships: list[Partnership]) -> dict[str, tuple[NamedThing, ...]]:
        """What "the city", "the county", "the district" ... name in this data."""
        described: dict[str, tuple[NamedThing, ...]] = {}
        parents = {p.parent_id for p in partnerships if p.parent_id}
        for what, phrases in knowledge.words("descriptions").items():
            if what == OWN:
                continue
            having = [p for p in partnerships if what in _words_of(p)]
            if not having and what == "county":
                # The board over the others: of several with boards under them, the top.
                having = [p for p in partnerships if p.id in parents and not p.parent_id]
                having = having or [p for p in partnerships if p.id in parents]
            if not having and what in ("district", "borough"):
                having = [p for p in partnerships if p.parent_id]
            things = tuple(
                t for p in having if (t := self.names.get("partnership", p.id)) is not None
            )
            for phrase in phrases:
                if things:
                    described[normalise(phrase)] = things
        return described

    def spell(self, tokens: Sequence[str], *, upper: frozenset[str] = frozenset()) -> list[str]:
        """Each word as meant: known words, names and words in capitals as they are; a
        misspelt ordinary word as the nearest word the bot knows, else a misspelt name as
        the nearest name word."""
        known = vocabulary.known()
        spelt = []
        for token in tokens:
            if self._spelt_right(token, known):
                spelt.append(token)
                continue
            if token in upper or token.isdigit():
                spelt.append(token)
                continue
            spelt.append(
                vocabulary.correct(token)
                or vocabulary.near_name(token, self._name_word_list)
                or token
            )
        return spelt

    def _spelt_right(self, token: str, known: frozenset[str]) -> bool:
        """A word the bot or the data knows, or the plural or singular of a name's word
        ("bike" for "Off-Road Bikes" is no slip for "like")."""
        if token in known or token in self.name_words or token in self.text_words:
            return True
        return singular(token) in self.name_words or f"{token}s" in self.name_words

    def find(
        self,
        tokens: Sequence[str],
        *,
        upper: frozenset[str] = frozenset(),
        taken: Sequence[bool] | None = None,
    ) -> list[Mention]:
        """Every mention, longest runs first, each word used once, in the message's order.
        `upper` are words written in capitals: an acronym made from a name counts for an
        ordinary word ("due") only when it is written so. `taken` words name nothing."""
        used = list(taken) if taken is not None else [False] * len(tokens)
        found: list[Mention] = []
        own = vocabulary.own_phrases()
        heads = [token.split(" ")[0] for token in tokens]
        for size in range(min(LONGEST, len(tokens)), 0, -1):
            candidates = []
            for start in range(len(tokens) - size + 1):
                if size > 1 and heads[start] not in self.first_words:
                    continue
                if any(used[start : start + size]):
                    continue
                words = " ".join(tokens[start : start + size])
                if words in own:
                    candidates.append(Mention(words, start, start + size, (), own=True))
                elif things := self._named(words, upper):
                    candidates.append(Mention(words, start, start + size, things))
            # Of overlapping runs, the one with more words of substance: "the county
            # board" is "county board", not "the county" and a board.
            for mention in sorted(
                candidates, key=lambda m: (-len(content_words(m.words)), m.start)
            ):
                if not any(used[mention.start : mention.end]):
                    used[mention.start : mention.end] = [True] * size
                    found.append(mention)
        return sorted(found, key=lambda m: m.start)

    def _named(self, words: str, upper: frozenset[str]) -> tuple[NamedThing, ...]:
        if words in STOPWORDS:
            return ()
        # As typed, in the singular, or in the plural ("the district": "the districts").
        things = (
            self.keys.get(words) or self.keys.get(singular(words)) or self.keys.get(f"{words}s", [])
        )
        if " " not in words and (words in upper or words not in vocabulary.known()):
            things = things + self.acronyms.get(words, [])
        if not things:
            return self.descriptions.get(words, ())
        return tuple(dict.fromkeys(things))


def _without_area(partnership: Partnership) -> str:
    """ "Marlshire Reducing Reoffending Board" -> "reducing reoffending board": a name
    without its area, when what is left still says which partnership."""
    area = set(normalise(partnership.area or "").split())
    words = [w for w in normalise(partnership.name).split() if w not in area]
    if not area or len(words) < 2 or not set(words) - _GENERIC_NAME:
        return ""
    return " ".join(words)


def _short(partnership: Partnership) -> str:
    return " ".join(w for w in normalise(partnership.name).split() if w not in _GENERIC_NAME)


def _words_of(partnership: Partnership) -> set[str]:
    names = [partnership.name, *partnership.aliases, partnership.area or ""]
    return {w for name in names for w in normalise(name).split()}


def upper_words(text: str) -> frozenset[str]:
    """The words written in capitals ("ASB", "CDP's"), in lower case."""
    return frozenset(
        w.lower() for w in re.findall(r"[A-Za-z]+", text) if w.isupper() and len(w) > 1
    )
