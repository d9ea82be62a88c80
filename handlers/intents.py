"""Which question a message asks: the intent of the example phrasing nearest to it.

Examples live in handlers/knowledge/intents.yaml with {placeholders} for names. A message
and an example are compared as sets of word stems and placeholders, each weighted by how
rare it is among the examples (so "who" and "stand" count, "on" hardly), by the cosine of
the two weighted sets: word order, filler and a missing word move the score a little, not
all the way.
"""

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from handlers import knowledge
from handlers.entities import normalise
from handlers.vocabulary import PLACEHOLDER, stem

NAME = "{name}"  # any name, known or not
WINDOW = "{window}"
UNSEEN = 0.5  # the weight of a word no example has: it may matter, but nobody said how
# Words that say nothing of what is asked; "our" only whose ("what are our priorities",
# "when is our scrutiny"); "it" only stands for a thing named ("community trigger - what
# is it?").
IGNORED = frozenset({"the", "a", "an", "and", "this", "that", "these", "those", "our", "it"})
PLACEHOLDER_WEIGHT = 0.7
ASKERS_OWN = frozenset({"my_deadlines", "my_priorities", "checkin_mine"})
THRESHOLD = 0.42  # below this nearest example's score, the message is not understood


def word_features(words: Iterable[str]) -> set[str]:
    counted = counted_words()
    return {w if w in counted else stem(w) for w in words if w not in IGNORED}


@cache
def counted_words() -> frozenset[str]:
    """The words whose singular and plural ask different things ("date", "dates")."""
    return frozenset(knowledge.words("counted"))


def placeholder_features(kind: str) -> set[str]:
    if kind in ("name", "window"):
        return {f"{{{kind}}}"}
    return {f"{{{kind}}}", NAME}


def example_features(example: str) -> set[str]:
    features = word_features(normalise(PLACEHOLDER.sub(" ", example)).split())
    for kind in PLACEHOLDER.findall(example):
        features |= placeholder_features(kind)
    return features


@dataclass(frozen=True)
class Guess:
    intent: str
    score: float
    example: str


class Classifier:
    def __init__(self, examples: dict[str, list[str]]) -> None:
        rows = [(i, e, example_features(e)) for i, es in examples.items() for e in es]
        by_intent: dict[str, set[str]] = defaultdict(set)
        for intent, _example, features in rows:
            by_intent[intent] |= features
        counts = Counter(f for features in by_intent.values() for f in features)
        # A word weighs by how few intents use it ("stand" says glossary; "in" says
        # little). Placeholders weigh alike and little: the words say what is asked; that
        # a name is there says only that something is named.
        self.weights = {
            f: PLACEHOLDER_WEIGHT if f.startswith("{") else math.log(1 + len(by_intent) / n)
            for f, n in counts.items()
        }
        self.rows = [(i, e, fs, self._norm(fs)) for i, e, fs in rows]
        self.squared = {f: w**2 for f, w in self.weights.items()}
        # The examples a message without "I", "me" or "my" is never compared with.
        self.askers_own = frozenset(n for n, row in enumerate(self.rows) if row[0] in ASKERS_OWN)

        # feature -> the examples having it: a message is scored only against the
        # examples it shares a feature with.
        having: dict[str, list[int]] = defaultdict(list)
        for number, (_i, _e, features, _n) in enumerate(self.rows):
            for feature in features:
                having[feature].append(number)
        self.having = {f: tuple(numbers) for f, numbers in having.items()}
        # Messages come down to few feature sets (the names are placeholders, the words
        # those the examples use), and the examples never change once read: each set is
        # scored once. Bounded, so odd messages cannot make it grow without end.
        self._nearest_cached = lru_cache(maxsize=4096)(self._nearest)

    def _weight(self, feature: str) -> float:
        return self.weights.get(feature, UNSEEN)

    def _norm(self, features: Iterable[str]) -> float:
        return math.sqrt(sum(self._weight(f) ** 2 for f in features)) or 1.0

    def classify(self, features: set[str], *, mine: bool = True) -> Guess:
        """The nearest example's intent and its score (1.0: the same words). Without
        `mine` (the message has no "I", "me" or "my"), the asker's own intents are out."""
        return self._nearest_cached(frozenset(features), mine)

    def _nearest(self, features: frozenset[str], mine: bool) -> Guess:
        shared: dict[int, float] = {}
        for feature in features:
            squared = self.squared.get(feature, UNSEEN**2)
            for number in self.having.get(feature, ()):
                shared[number] = shared.get(number, 0.0) + squared
        norm = self._norm(features)
        excluded = frozenset() if mine else self.askers_own
        best, best_score = -1, 0.0
        # In the examples' order, so that of two equally near the first one wins.
        for number in sorted(shared.keys() - excluded):
            score = shared[number] / (norm * self.rows[number][3])
            if score > best_score:
                best, best_score = number, score
        if best < 0:
            return Guess("", 0.0, "")
        intent, example, _features, _norm = self.rows[best]
        return Guess(intent, best_score, example)


@cache
def classifier() -> Classifier:
    return Classifier(knowledge.examples())
