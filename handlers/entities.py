"""Which partnership, priority, milestone, organisation or glossary term the words name.

Names, aliases, acronyms made from names ("ASB" for "Anti-Social Behaviour") and
misspellings match; anything weaker is not a match but a suggestion, because an honest
"I don't know X" beats a confident wrong answer.
"""

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

EXACT = 100.0
CONTAINED = 92.0  # the question's phrase is a run of words in a name ("domestic abuse")
IN_ORDER = 90.0  # the phrase's words are in a name in order, others between
FUZZY_CUTOFF = 85.0  # a misspelling of a whole name
WEAK = 70.0  # a common word inside names ("council"): a question back, not an answer
SUGGEST_CUTOFF = 60.0
SHORTEST_NEAR = 5  # letters of the shortest name matched when misspelt ("marac", not "asb")
_COMMON_WORDS = (
    "board boards council councils partnership group groups committee service team meeting "
    "plan strategy community safety safer city county district borough local national"
)
COMMON_IN_NAMES = frozenset(_COMMON_WORDS.split())
# Kinds named only by whole words, two or more: one word of a person's name or role
# title ("safety"), or a misspelling of it, is not a way of naming them.
WHOLE_WORDS_ONLY = frozenset({"person"})
# Words that never name anything on their own, so "on" is never an acronym match and a
# topic like "the latest on" is empty.
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "an",
        "and",
        "any",
        "anything",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "could",
        "do",
        "does",
        "for",
        "from",
        "give",
        "has",
        "have",
        "he",
        "her",
        "his",
        "how",
        "i",
        "in",
        "is",
        "it",
        "its",
        "know",
        "latest",
        "let",
        "list",
        "me",
        "my",
        "of",
        "on",
        "or",
        "our",
        "please",
        "s",
        "show",
        "tell",
        "that",
        "the",
        "their",
        "them",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "us",
        "was",
        "we",
        "what",
        "whats",
        "when",
        "where",
        "which",
        "who",
        "whos",
        "why",
        "will",
        "with",
        "you",
        "your",
    ]
)
# Words a milestone's kind adds to its title, so "scrutiny meeting" or "SV return" find it.
MILESTONE_KIND_WORDS = {
    "strategic_assessment": "strategic assessment",
    "plan_refresh": "plan refresh priorities",
    "plan_renewal": "plan renewal strategy",
    "council_approval": "council approval",
    "scrutiny": "scrutiny meeting committee",
    "board_meeting": "board meeting",
    "consultation": "consultation",
    "needs_assessment": "needs assessment",
    "statutory_return": "statutory return report",
    "review": "review",
    "funding_end": "funding end",
}
_ASIDE = re.compile(r"\([^()]*\)")
_ACRONYM_SKIP = frozenset({"and", "of", "the", "for", "in", "on", "to", "a", "an"})


@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """Lower case, accents off, "&" as "and", apostrophes and punctuation out. Kept for
    the names and titles each answer normalises again (a few dozen per answer)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("&", " and ")
    text = re.sub(r"['\u2019\u2018`]s\b", "", text)
    text = re.sub(r"['\u2019\u2018`]", "", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def acronym(name: str) -> str | None:
    """ "Anti-Social Behaviour" -> "asb"; None when it would be a common word."""
    words = [w for w in normalise(name).split() if w not in _ACRONYM_SKIP]
    if len(words) < 2:
        return None
    letters = "".join(w[0] for w in words)
    return None if letters in STOPWORDS else letters


def content_words(text: str) -> list[str]:
    return [w for w in normalise(text).split() if w not in STOPWORDS]


@dataclass(frozen=True, eq=False, slots=True)
class NamedThing:
    """One thing a person may name in chat, with every name it goes by. A thing is its
    kind and id: hashing every name instead made building the index quadratic in the
    names of one thing (the index hashes the thing once per name)."""

    kind: str  # partnership | priority | milestone | organisation | glossary
    id: str
    names: tuple[str, ...]
    partnership_id: str | None = None
    subkind: str | None = None  # a priority's or milestone's own kind
    related: str | None = None  # a milestone's priority
    detail: str | None = None  # a glossary term's meaning

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NamedThing):
            return NotImplemented
        return (self.kind, self.id) == (other.kind, other.id)

    def __hash__(self) -> int:
        return hash((self.kind, self.id))


@dataclass(frozen=True, slots=True)
class Found:
    thing: NamedThing
    score: float
    words: str  # the words of the question that named it


# What a key names: the thing itself when it is one (most of the 115,000 keys on the large
# dataset: a tuple for each took 4 MB), else a tuple of them; read through `each`.
Named = NamedThing | tuple[NamedThing, ...]


def each(named: Named) -> tuple[NamedThing, ...]:
    return (named,) if isinstance(named, NamedThing) else named


class NameIndex:
    """Every name of every thing, normalised, by kind."""

    def __init__(self, things: Iterable[NamedThing]) -> None:
        # Not lists: most of the 115,000 keys name one thing, and a list keeps room to grow.
        self.keys: dict[str, dict[str, Named]] = defaultdict(dict)
        self.acronyms: dict[str, dict[str, Named]] = defaultdict(dict)
        # kind -> id -> thing: not keyed by (kind, id), a tuple for each of 71,000 things.
        self.by_id: dict[str, dict[str, NamedThing]] = defaultdict(dict)
        for thing in things:
            self.by_id[thing.kind][thing.id] = thing
            for name in thing.names:
                key = normalise(name)
                # "the borough" is also named without its article: "borough priorities".
                for variant in (key, key.removeprefix("the ")):
                    if variant:
                        _add(self.keys[thing.kind], variant, thing)
                short = acronym(name)
                if short:
                    _add(self.acronyms[thing.kind], short, thing)
        self._key_lists = {kind: list(keys) for kind, keys in self.keys.items()}
        # Every word of people's names and roles: words with one outside name no one.
        self.person_words = frozenset(w for key in self.keys["person"] for w in key.split())
        self.expansions = self._build_expansions()

    def things_of(self, kind: str) -> list[NamedThing]:
        return list(self.by_id.get(kind, {}).values())

    def _build_expansions(self) -> dict[str, set[str]]:
        """What a short name stands for, as words: "vrp" -> "violence reduction
        partnership", "sv" -> "serious violence"."""
        expansions: dict[str, set[str]] = defaultdict(set)
        for kind in ("glossary", "organisation", "priority", "partnership"):
            for thing in self.things_of(kind):
                # Without a meaning's aside: "Clinical Commissioning Group (closed July
                # 2022, ...)" stands for "clinical commissioning group".
                full = normalise(_ASIDE.sub(" ", thing.detail or thing.names[0]))
                for name in thing.names:
                    for key in (normalise(name), acronym(name)):
                        if key and key != full and " " not in key:
                            expansions[key].add(full)
        return expansions

    def get(self, kind: str, thing_id: str) -> NamedThing | None:
        return self.by_id.get(kind, {}).get(thing_id)

    def find(
        self,
        text: str,
        *,
        kinds: Sequence[str],
        partnership_ids: Sequence[str] | None = None,
        whole: bool = False,
    ) -> list[Found]:
        """The best matches for the words, best first; several only when they tie.

        `whole` asks that the words as a whole name the thing (a topic), rather than a
        name appearing somewhere in them (a partnership mentioned in passing).
        """
        tokens = normalise(text).split()
        singulars = [singular(t) for t in tokens]
        scope = None if partnership_ids is None else set(partnership_ids)
        found: list[Found] = []
        # Each way of matching in turn, "drugs" as "drug" after it as typed; a thing
        # outside the scope does not stop a weaker match inside it ("rural crime": one
        # partnership's alias; the one asked about has "Rural and Wildlife Crime").
        for match, words in (
            (self._exact, tokens),
            (self._exact, singulars),
            (self._fuzzy, tokens),
            (self._fuzzy, singulars),
        ):
            if words is singulars and singulars == tokens:
                continue
            found = [
                f
                for f in match(words, kinds, whole=whole)
                if scope is None or f.thing.partnership_id in (None, *scope)
            ]
            if found:
                found = self._names_before_initials(found)
                break
        if not found:
            return []
        best = max(f.score for f in found)
        unique: dict[tuple[str, str], Found] = {}
        for f in sorted(found, key=lambda f: (-f.score, -len(f.words))):
            if f.score >= best - 1 and (f.thing.kind, f.thing.id) not in unique:
                unique[(f.thing.kind, f.thing.id)] = f
        return list(unique.values())

    def _names_before_initials(self, found: list[Found]) -> list[Found]:
        """Of things found by the same words, those that have the words as a name, not
        those whose name's initials they only are: "DA" is the priority called "DA"
        (Domestic Abuse), not Drugs and Alcohol."""
        named = {
            f.words for f in found if f.thing in each(self.keys[f.thing.kind].get(f.words, ()))
        }
        return [
            f
            for f in found
            if f.words not in named or f.thing in each(self.keys[f.thing.kind].get(f.words, ()))
        ]

    def _exact(self, tokens: list[str], kinds: Sequence[str], *, whole: bool) -> list[Found]:
        content = [t for t in tokens if t not in STOPWORDS]
        if whole:
            found = self._lookup([" ".join(tokens), " ".join(content)], kinds, bonus=0.0)
            if found:
                return found
            # A name inside a longer topic ("the serious violence priority") counts only
            # when it is most of the topic: "youth violence" is not "violence".
            runs = [w for w in _ngrams(content) if 2 * len(w.split()) > len(content)]
            return self._lookup(runs, kinds, bonus=-5.0)
        return self._lookup(list(_ngrams(tokens)), kinds, bonus=0.0)

    def _lookup(self, candidates: list[str], kinds: Sequence[str], *, bonus: float) -> list[Found]:
        found: list[Found] = []
        for words in candidates:
            if not words or words in STOPWORDS:
                continue
            # A longer phrase scores higher, so "violence against women" beats "violence".
            score = EXACT + bonus + min(len(words.split()), 9) / 10
            for kind in kinds:
                named = (
                    *each(self.keys[kind].get(words, ())),
                    *each(self.acronyms[kind].get(words, ())),
                )
                for thing in named:
                    found.append(Found(thing, score, words))
        return found

    def _fuzzy(self, tokens: list[str], kinds: Sequence[str], *, whole: bool) -> list[Found]:
        phrase = " ".join(t for t in tokens if t not in STOPWORDS)
        if len(phrase) < 3:
            return []
        if whole:
            phrases = [phrase]
        else:
            phrases = [w for w in _ngrams(tokens) if len(w) >= 5 and w.split()[0] not in STOPWORDS]
        found: list[Found] = []
        for kind in kinds:
            if kind in WHOLE_WORDS_ONLY:
                if whole and len(phrase.split()) >= 2:
                    found += self._contained(phrase, kind)  # "the cabinet member"
                continue
            keys = self._key_lists.get(kind, [])
            for words in phrases:
                for key, score in _near(words, keys):
                    found += [Found(t, score, words) for t in each(self.keys[kind][key])]
            if whole and len(phrase) >= 4:
                found += self._contained(phrase, kind)
        return found

    def containing(self, text: str, *, kinds: Sequence[str]) -> list[Found]:
        """Things whose names hold the words as a run ("Child Exploitation" for
        "exploitation"), scored as contained."""
        phrase = " ".join(content_words(text))
        if len(phrase) < 4:
            return []
        # As typed and in the singular: "exclusions" is in "... and Exclusion" too.
        phrases = dict.fromkeys((phrase, singular(phrase)))
        return [f for p in phrases for kind in kinds for f in self._contained(p, kind)]

    def _contained(self, phrase: str, kind: str) -> list[Found]:
        """Names the phrase is a run of words in: "domestic abuse" for "Domestic Abuse
        and Sexual Violence"; a little less, names having its words in order with fewer
        others between ("rural crime" for "Rural and Wildlife Crime"; "youth board" is
        not the "Youth Justice Board for England and Wales"), or all its words of
        substance in another order ("channel referrals" for "Referrals and Channel").
        Words every other name has ("board", "council") match weakly: enough to ask "did
        you mean", never to answer."""
        score = WEAK if set(phrase.split()) <= COMMON_IN_NAMES else CONTAINED
        words = phrase.split()
        first, last = (words[0], words[-1]) if len(words) > 1 else ("", "")
        found: list[Found] = []
        for key, things in self.keys[kind].items():
            if f" {phrase} " in f" {key} ":
                found += [Found(t, score, phrase) for t in each(things)]
            elif first and first in key and last in key and _same_words(words, key.split()):
                found += [Found(t, min(score, IN_ORDER), phrase) for t in each(things)]
        return found

    def suggest(
        self, text: str, *, kinds: Sequence[str], partnership_ids: Sequence[str] | None = None
    ) -> list[NamedThing]:
        """Up to three things whose names are nearest the words (for "did you mean")."""
        phrase = " ".join(content_words(text))
        if not phrase:
            return []
        scope = None if partnership_ids is None else set(partnership_ids)
        scored: list[tuple[float, NamedThing]] = []
        for kind in kinds:
            keys = self._key_lists.get(kind, [])
            for key, score, _ in process.extract(
                phrase, keys, scorer=fuzz.token_set_ratio, score_cutoff=SUGGEST_CUTOFF, limit=10
            ):
                for thing in each(self.keys[kind][key]):
                    if scope is None or thing.partnership_id in (None, *scope):
                        scored.append((score, thing))
        seen: list[NamedThing] = []
        for _score, thing in sorted(scored, key=lambda pair: -pair[0]):
            if thing not in seen:
                seen.append(thing)
        return seen[:3]


def _near(words: str, keys: list[str]) -> list[tuple[str, float]]:
    """Keys spelt nearly like the words: similar enough overall, or a typing slip or two
    away (one edit up to 7 letters, two beyond; a swap of neighbours counts as one), as
    search engines allow. Short words must match exactly, and short keys too: a letter
    more or less makes another acronym ("RSPB" is not "RSP")."""
    if len(words) < 4:
        return []
    near = {
        key: score
        for key, score, _ in process.extract(
            words, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=5
        )
    }
    edits = 1 if len(words) < 8 else 2
    for key, distance, _ in process.extract(
        words, keys, scorer=OSA.distance, score_cutoff=edits, limit=5
    ):
        near.setdefault(key, FUZZY_CUTOFF - 1 + (edits - distance))
    return [(key, score) for key, score in near.items() if len(key) >= SHORTEST_NEAR]


def _same_words(words: list[str], name: list[str]) -> bool:
    """Whether the words are in the name in order (see `_in_order`), or are its words of
    substance in any order: a name said the other way round is the same name."""
    if _in_order(words, name):
        return True
    return len(words) > 1 and set(words) == {w for w in name if w not in STOPWORDS}


def _in_order(words: list[str], name: list[str]) -> bool:
    """Whether the words are all words of the name, in the same order, and most of its
    words of substance."""
    rest = iter(name)
    substance = [w for w in name if w not in STOPWORDS]
    return 2 * len(words) >= len(substance) and all(word in rest for word in words)


def _add(keys: dict[str, Named], key: str, thing: NamedThing) -> None:
    """A thing once under a key. Its names are indexed one after another, so it is there
    already only as the last one: no ordered set (a dict) for each of 115,000 keys (25 MB
    on the large dataset) to find it."""
    named = keys.get(key)
    if named is None:
        keys[key] = thing
        return
    things = each(named)
    if things[-1] != thing:
        keys[key] = things + (thing,)  # noqa: RUF005 (unpacking would build a list first)


def singular(word: str) -> str:
    """ "drugs" -> "drug", "hate crimes" -> "hate crime"; "ss" and short words stay."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _ngrams(tokens: list[str], longest: int = 12) -> Iterable[str]:
    """Every run of up to `longest` words, longest first."""
    for size in range(min(longest, len(tokens)), 0, -1):
        for start in range(len(tokens) - size + 1):
            yield " ".join(tokens[start : start + size])


def remove_words(text: str, words: str) -> str:
    """The text (normalised) without one run of words, or failing that without the run's
    content words ("the city" out of "before april city")."""
    padded = f" {normalise(text)} "
    if f" {words} " in padded:
        return " ".join(padded.replace(f" {words} ", " ", 1).split())
    content = " ".join(content_words(words))
    return " ".join(padded.replace(f" {content} ", " ", 1).split()) if content else text
