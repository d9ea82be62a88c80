"""The bot's own words: what it knows of ordinary English (from its example phrasings,
thesaurus and word lists in handlers/knowledge/), word stems, and spelling correction.

Ordinary words are corrected only to the bot's own vocabulary ("dealine" -> "deadline"),
never to a name from the data file: a misspelt name is the mentions' business, matched
against names only.
"""

import re
from collections.abc import Iterable
from functools import cache, lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from handlers import knowledge
from handlers.entities import STOPWORDS, normalise

PLACEHOLDER = re.compile(r"\{(\w+)\}")
_IRREGULAR = {"did": "do", "does": "do", "done": "do", "was": "be", "were": "be", "is": "be"}
_IRREGULAR |= {"are": "be", "whats": "what", "whos": "who", "ran": "run", "met": "meet"}
_IRREGULAR |= {
    "been": "be",
    "has": "have",
    "had": "have",
    "went": "go",
    "gone": "go",
    "doing": "do",
}


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude English stem, enough to make plurals and "-ed", "-ing" forms meet:
    "priorities" and "priority", "approved" and "approve", "leading" and "leads"."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or word.isdigit():
        return word
    word = _strip(word, (("ies", "y"), ("es", ""), ("s", "")))
    stripped = _strip(word, (("ing", ""), ("ed", "")))
    if stripped != word and _doubled(stripped):
        return stripped[:-1]  # "running" and "run", "planned" and "plan"
    return stripped.removesuffix("e") if len(stripped) > 4 else stripped


def _doubled(word: str) -> bool:
    """Whether the word ends in a consonant doubled before "-ing" or "-ed" ("runn");
    not "ll", "ss" ... which the word itself has ("spell", "pass")."""
    return len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "aeiouylsfz"


def _strip(word: str, suffixes: tuple[tuple[str, str], ...]) -> str:
    for suffix, replacement in suffixes:
        if not word.endswith(suffix) or len(word) - len(suffix) < 3:
            continue
        if suffix == "es" and not word.endswith(("ses", "xes", "ches", "shes")):
            continue
        if suffix == "s" and word.endswith(("ss", "us", "is")):
            continue
        return word[: len(word) - len(suffix)] + replacement
    return word


@cache
def phrases(section: str) -> tuple[str, ...]:
    """A word list of words.yaml, each phrase normalised, longest first."""
    return tuple(sorted((normalise(p) for p in knowledge.words(section)), key=len, reverse=True))


@cache
def phrase_words(section: str) -> frozenset[str]:
    """Every word of a word list of words.yaml."""
    return frozenset(w for phrase in phrases(section) for w in phrase.split())


@cache
def shorthand() -> dict[str, str]:
    """Text-speak and abbreviations, each with the words it stands for ("wk": "week")."""
    return {normalise(k): normalise(v) for k, v in knowledge.words("shorthand").items()}


def expand(tokens: list[str]) -> list[str]:
    """The words with shorthand written out."""
    written = shorthand()
    return [w for token in tokens for w in written.get(token, token).split()]


@cache
def own_phrases() -> frozenset[str]:
    """The descriptions meaning the asker's own partnership ("our board")."""
    return frozenset(normalise(p) for p in knowledge.words("descriptions")["own"])


@cache
def example_words() -> frozenset[str]:
    found: set[str] = set()
    for examples in knowledge.examples().values():
        for example in examples:
            found |= set(normalise(PLACEHOLDER.sub(" ", example)).split())
    return frozenset(found)


@cache
def example_stems() -> frozenset[str]:
    return frozenset(stem(w) for w in example_words())


@cache
def _intent_stems() -> dict[str, frozenset[str]]:
    return {
        intent: frozenset(
            stem(w) for e in examples for w in normalise(PLACEHOLDER.sub(" ", e)).split()
        )
        for intent, examples in knowledge.examples().items()
    }


def asks_for(word: str, intent: str) -> bool:
    """Whether the examples of this intent use the word to ask ("leads" for a lead; not
    "work", which asks what a partnership works on)."""
    return stem(word) in _intent_stems().get(intent, frozenset())


def asks(word: str) -> bool:
    """Whether a word is one the example phrasings use to ask ("groups", "leading")."""
    return word in example_words() or stem(word) in example_stems()


@cache
def thesaurus_words() -> frozenset[str]:
    return frozenset(
        w
        for group in knowledge.thesaurus()
        for p in group
        for w in normalise(p).split()
        if w not in STOPWORDS
    )


@cache
def _thesaurus_stems() -> frozenset[str]:
    return frozenset(stem(w) for w in thesaurus_words())


def describes_milestones(word: str) -> bool:
    """Whether the word is one the thesaurus knows ("meetings", "funding")."""
    return stem(word) in _thesaurus_stems()


@cache
def known() -> frozenset[str]:
    """Every ordinary word the bot knows."""
    lists: Iterable[str] = (
        w
        for section in ("filler", "thanks", "past", "more")
        for p in phrases(section)
        for w in p.split()
    )
    described = (
        w
        for ps in knowledge.words("descriptions").values()
        for p in ps
        for w in normalise(p).split()
    )
    return example_words() | thesaurus_words() | STOPWORDS | frozenset(lists) | frozenset(described)


@cache
def known_stems() -> frozenset[str]:
    return frozenset(stem(w) for w in known())


@cache
def _known_list() -> list[str]:
    return sorted(w for w in known() if len(w) >= 3)


def correct(word: str) -> str | None:
    """The known word a misspelt one was meant to be (one slip up to six letters, two
    beyond), or None when none is that near."""
    if len(word) < 3 or word.isdigit():
        return None
    edits = 1 if len(word) <= 6 else 2
    near = process.extract(word, _known_list(), scorer=OSA.distance, score_cutoff=edits, limit=8)
    if not near:
        return None
    # Of words as near, one with the same letters swapped ("waht": "what", not "want"),
    # else one the typist left letters out of ("stnd": "stand", not "send").
    fewest = min(distance for _w, distance, _i in near)
    ties = [str(w) for w, distance, _i in near if distance == fewest]
    swapped = [w for w in ties if sorted(w) == sorted(word)]
    target = next(iter(swapped), next((w for w in ties if _left_out(word, w)), ties[0]))
    if len(word) == 3 and (target[0] != word[0] or len(target) == 3):
        # Three letters leave too little to go on, unless one was left out or two
        # swapped, one way only ("teh"; not "hwo": "who" or "how").
        return target if swapped == [target] else None
    if len(target) <= 3 < len(word):
        return None  # "area" is not a slip for "are", nor "rage" for "rag"
    if target[0] != word[0] and target[:2] != word[1::-1]:
        # A slip seldom changes the first letter ("hate" is no slip for "date", "mother"
        # none for "other"), unless by swapping the first two ("rpiority").
        return None
    return target


def _left_out(typed: str, word: str) -> bool:
    """Whether the typed letters are the word's with some left out, in order."""
    rest = iter(word)
    return len(typed) < len(word) and all(letter in rest for letter in typed)


def near_name(word: str, names: list[str]) -> str | None:
    """The name word a misspelt one was meant to be ("ashfeild" -> "ashfield")."""
    if len(word) < 4:
        return None
    edits = 1 if len(word) <= 7 else 2
    best = process.extractOne(word, names, scorer=OSA.distance, score_cutoff=edits)
    return None if best is None else str(best[0])
