"""A question in everyday words, understood: spelt as meant, its window of time and its
mentions found, the intent taken from the nearest example phrasing, and the topic (the
words a handler resolves) cut out."""

from dataclasses import dataclass
from functools import cache

from handlers import vocabulary
from handlers.entities import STOPWORDS, normalise
from handlers.intents import (
    NAME,
    THRESHOLD,
    WINDOW,
    classifier,
    placeholder_features,
    word_features,
)
from handlers.meaning import GENERIC
from handlers.mentions import Mention, MentionIndex, upper_words
from handlers.vocabulary import stem
from handlers.windows import window_phrase

MAX_TEXT = 2000  # longer messages are not parsed (a question or update is never that long)
# Intents whose topic may be a name that is also a partnership's ("what is CDP?").
_ANY_NAME = frozenset({"glossary", "what_is", "bare"})
# Intents whose topic is what the leftover words say about milestones.
_BY_MEANING = frozenset({"deadline_of", "deadlines"})
_AND = frozenset({"and", "plus", "or", "also"})
_ABOUT = frozenset({"overview", "what_is", "glossary"})
_LISTS_DEADLINES = frozenset({"deadlines", "overdue"})
# The intents that answer with dates.
_ASK_WHEN = frozenset({"deadline_of", "deadlines", "overdue", "my_deadlines"})
_PLACE_WORDS = frozenset({"in", "for", "at", "across"})


@dataclass(frozen=True)
class Parsed:
    intent: str
    topic: str = ""  # the words naming what is asked about
    text: str = ""  # the whole message, tidied (for a question: spelt as meant)
    rag: str | None = None
    body: str = ""  # a progress update's text, or a snooze's "for a week"
    topics: tuple[str, ...] = ()  # each thing asked about: "MARAC and IDVA" are two
    mentions: tuple[Mention, ...] = ()  # what the words name, in their order
    past: bool = False  # a "when" question about the past: "when did ..."
    place: str = ""  # words after "in", "for" or "at" naming no partnership known here

    def partnership_mentions(self) -> list[Mention]:
        return [m for m in self.mentions if "partnership" in m.kinds]


@dataclass
class _Words:
    """The message's words and what each one turned out to be."""

    tokens: list[str]
    taken: list[bool]  # part of a window, a mention or filler

    def free(self) -> list[int]:
        return [i for i, taken in enumerate(self.taken) if not taken]

    def take(self, phrase: list[str]) -> bool:
        """Mark the first free run of these words as taken."""
        size = len(phrase)
        for start in range(len(self.tokens) - size + 1):
            if self.tokens[start : start + size] == phrase and not any(
                self.taken[start : start + size]
            ):
                self.taken[start : start + size] = [True] * size
                return True
        return False


def _spelt(text: str, names: MentionIndex) -> list[str]:
    tokens = vocabulary.expand(normalise(text).split())
    return names.spell(tokens, upper=upper_words(text))


def mentions_in(text: str, names: MentionIndex) -> list[Mention]:
    """Every thing the text mentions (for commands, whose shape says the rest)."""
    return names.find(_spelt(text, names), upper=upper_words(text))


def understand(text: str, names: MentionIndex) -> Parsed:
    upper = upper_words(text)
    tokens = _spelt(text, names)
    words = _Words(tokens, [False] * len(tokens))
    spelt = " ".join(tokens)
    window = window_phrase(spelt)
    if window:
        words.take(normalise(window).split())
    mentions = names.find(tokens, upper=upper, taken=words.taken)
    for mention in mentions:
        words.taken[mention.start : mention.end] = [True] * (mention.end - mention.start)
    filler = _drop_filler(words)
    unknown = _unknown_runs(words)
    rest = {tokens[i] for i in words.free()}
    if not mentions and not unknown and not window and rest <= vocabulary.phrase_words("thanks"):
        intent = "thanks" if rest or filler & set(vocabulary.phrases("thanks")) else "help"
        return Parsed(intent, text=spelt)
    intent = _intent(words, mentions, unknown, window=bool(window))
    topics = _topics(intent, words, mentions, unknown)
    if intent == "glossary":
        # "What do MARAC and WSB stand for": an acronym in capitals is asked about even
        # when it names a partnership.
        topics += [m.words for m in mentions if m.words in upper and m.words not in topics]
    topic = " ".join(topics) if intent in _BY_MEANING else (topics[0] if topics else "")
    if intent == "bare" and not mentions:
        topic = text  # as typed: "not sure what you mean by ..." echoes it
    return Parsed(
        intent,
        topic=topic,
        topics=tuple(topics),
        text=spelt,
        mentions=tuple(mentions),
        past=bool(set(tokens) & vocabulary.phrase_words("past")),
        place=_place(intent, words, mentions, unknown, known=names.name_words),
    )


def _intent(
    words: _Words, mentions: list[Mention], unknown: list[list[int]], *, window: bool
) -> str:
    """The nearest example's intent, from the words left and the mentions' kinds."""
    free = [words.tokens[i] for i in words.free()]
    # The examples' words say what is asked; any other word names something.
    features = word_features(w for w in free if vocabulary.asks(w))
    if unknown:
        features.add(NAME)
    for mention in mentions:
        for kind in mention.kinds:
            features |= placeholder_features(kind)
    if window:
        features.add(WINDOW)
    # Questions about "my" deadlines or priorities need the asker in the words.
    mine = bool(set(free) & vocabulary.phrase_words("first_person"))
    guess = classifier().classify(features, mine=mine)
    if guess.score < THRESHOLD or (not mentions and features <= {NAME}):
        return "bare"
    if mine and guess.intent in _LISTS_DEADLINES:
        return "my_deadlines"  # "are any of my deadlines overdue": the asker's, always
    if free[:1] == ["when"] and guess.intent not in _ASK_WHEN:
        # A question that opens with "when" (after any filler) asks for a date, whatever
        # else its words are like ("when was the partner workshop ...": not who the
        # partners are).
        return "my_deadlines" if mine else "deadline_of"
    return guess.intent


def _drop_filler(words: _Words) -> set[str]:
    """Take the filler phrases out; return which there were."""
    found = set()
    present = set(words.tokens)
    for phrase, split in _fillers():
        if split[0] not in present:
            continue
        while words.take(split):
            found.add(phrase)
    return found


@cache
def _fillers() -> tuple[tuple[str, list[str]], ...]:
    """The filler phrases, longest first, each with its words (split once, not for every
    message)."""
    return tuple((phrase, phrase.split()) for phrase in vocabulary.phrases("filler"))


def _unknown_runs(words: _Words) -> list[list[int]]:
    """Runs of free words that no example phrasing has: they name something, as names
    the data file does not have ("youth" in "youth violence") or words that describe."""
    runs: list[list[int]] = []
    for i in words.free():
        token = words.tokens[i]
        if vocabulary.asks(token) or token in STOPWORDS or token.isdigit():
            continue
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _topics(
    intent: str, words: _Words, mentions: list[Mention], unknown: list[list[int]]
) -> list[str]:
    """The words a handler resolves, one entry per thing asked about ("MARAC and IDVA").
    For "when" and "what's due" questions: every word that may describe a milestone. Else
    the names (a mention, with any unknown words next to it: "youth violence" is not
    "violence")."""
    if intent in _BY_MEANING:
        keep = set(_flat(unknown)) | {
            i for m in mentions if "partnership" not in m.kinds for i in range(m.start, m.end)
        }
        keep |= {i for i in words.free() if vocabulary.describes_milestones(words.tokens[i])}
        keep |= {i for i in words.free() if _describes(words.tokens[i])}
        spans = _joined([[i] for i in sorted(keep)], words.tokens, apart=_AND)
    else:
        others = [m for m in mentions if not m.own and "partnership" not in m.kinds]
        if intent == "lead" and any("priority" in m.kinds for m in others):
            # "fraud at the force": the priority is what is led; the force says whose.
            others = [m for m in others if "priority" in m.kinds]
        if not others and intent in _ANY_NAME:
            others = [m for m in mentions if not m.own]  # "what is CDP?": a name is a name
        named = [list(range(m.start, m.end)) for m in others]
        unknown = [_with_next(run, words, intent) for run in unknown]
        spans = _joined(sorted(named + unknown), words.tokens, apart=None)
        if named:
            # Unknown words count beside a name ("youth violence"), not on their own
            # ("Cllr question - who chairs the DSVA group?").
            spans = [s for s in spans if any(n[0] in s for n in named)]
        elif not spans and not mentions and intent in _ABOUT:
            # "Tell me about the council": a word the examples ask with may be the name.
            free = [i for i in words.free() if vocabulary.describes_milestones(words.tokens[i])]
            spans = _joined([[i] for i in free], words.tokens, apart=_AND)
    return [" ".join(words.tokens[i] for i in span) for span in spans]


def _place(
    intent: str,
    words: _Words,
    mentions: list[Mention],
    unknown: list[list[int]],
    *,
    known: set[str],
) -> str:
    """Words no name in the data has where a place goes ("who leads on knife crime in
    Mansfield"), apart from the thing asked about: a partnership the data does not
    have, so the question is not answered for another. Only for questions about a named
    thing; a "when" question looks for every word among the milestones."""
    if intent in _BY_MEANING or intent in _ANY_NAME or intent == "priorities":
        return ""
    named = {i for m in mentions if not m.own for i in range(m.start, m.end)}
    for run in unknown:
        before, after = run[0] - 1, run[-1] + 1
        beside = before in named or after in named
        strange = not {words.tokens[i] for i in run} & known
        if before >= 0 and words.tokens[before] in _PLACE_WORDS and not beside and strange:
            return " ".join(words.tokens[i] for i in run)
    return ""


def _with_next(run: list[int], words: _Words, intent: str) -> list[int]:
    """An unknown run with the free word after it when the question's kind never asks
    with that word: "youth work" is a thing of its own, not "youth" asked about."""
    after = run[-1] + 1
    if after not in words.free():
        return run
    word = words.tokens[after]
    if word in STOPWORDS or word.isdigit() or vocabulary.asks_for(word, intent):
        return run
    return [*run, after]


def _joined(
    spans: list[list[int]], tokens: list[str], *, apart: frozenset[str] | None
) -> list[list[int]]:
    """Spans next to each other as one. With `apart`, spans with words between them are
    one too unless one of those words is in `apart` ("board meetings and scrutiny")."""
    joined: list[list[int]] = []
    for span in spans:
        gap = tokens[joined[-1][-1] + 1 : span[0]] if joined else []
        if joined and (not gap or (apart is not None and not set(gap) & apart)):
            joined[-1] = joined[-1] + span
        else:
            joined.append(span)
    return joined


def _describes(word: str) -> bool:
    """Whether a word of a "when" question may say which milestone: not a question word
    ("when", "due"), nor one of the examples' glue."""
    return word not in STOPWORDS and stem(word) not in GENERIC and not word.isdigit()


def _flat(runs: list[list[int]]) -> list[int]:
    return [i for run in runs for i in run]
