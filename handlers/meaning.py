"""Milestones found by what the words mean, not by their exact title: "when does the
money run out?" finds "VRP funding ends" through the thesaurus (handlers/knowledge/
thesaurus.yaml), looking at each milestone's title, kind, notes, legal basis and its
priority's names and aliases.

Built once per data snapshot, in time linear in the milestones' text; a search touches
only the milestones of the partnerships asked about.
"""

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import cache, lru_cache

from handlers import knowledge
from handlers.entities import (
    MILESTONE_KIND_WORDS,
    STOPWORDS,
    NameIndex,
    acronym,
    normalise,
    singular,
)
from handlers.vocabulary import known, known_stems, stem
from store.tables import Milestone, Priority

# How much a word counts by where it is: the title says what a milestone is; notes and
# the legal basis only mention things.
TITLE, KIND, PRIORITY, NOTES = 3.0, 2.0, 2.0, 1.0
SYNONYM = 0.8
# How much a thesaurus phrase's other words count without its last, the head ("strategic"
# of "strategic assessment", in "VAWG Strategic Board meeting").
MODIFIER_ONLY = 0.5
HEAD = "^"  # marks a thesaurus phrase's last word among a question's concepts
COVERAGE = 0.5  # share of the question's words (by weight) a milestone must have
NEAR_BEST = 0.75  # milestones scoring this share of the best are answered with it
# A word some milestone has in its title, kind or priority says what is asked about: a
# milestone having it less than half as well (in passing, in its notes) or not at all is
# about something else ("when does the cabinet meet" is not the partnership's meeting).
# So does a thesaurus word no milestone has ("the road safety strategy", where there is
# only a road safety return).
SAYS_WHAT = PRIORITY * SYNONYM

# A run of capitalised words, small joining words allowed: "Violence Against Women and Girls".
_CAPITALISED = re.compile(r"[A-Z][\w'-]*(?:\s+(?:(?:and|of|the|for|on|in|to)\s+)*[A-Z][\w'-]*)+")

Held = tuple[str, float]  # a milestone's id and the weight of a concept in it

# Words of the question that say nothing about which milestone it is.
_GENERIC_WORDS = (
    "when what date dates due deadline next last upcoming happen happening day time go get "
    "come take have need must should will would make do be current latest recent long until got "
    "till yet still previous previously first owns owner owners responsible whose before "
    "supposed meant scheduled expected "
    # How many are asked about says nothing of which: "the two consultations".
    "two three four five several"
)
GENERIC = frozenset(stem(w) for w in _GENERIC_WORDS.split())


@cache
def _short_for() -> dict[str, str]:
    """Each short word of a thesaurus group that is the initials of a phrase of the same
    group, with the phrase's stems: "sa" is "strategic assessment", "dhr" is "domestic
    homicide review", so they find the titles that spell them out first."""
    found: dict[str, str] = {}
    by_initials: dict[str, set[str]] = defaultdict(set)
    for group in knowledge.thesaurus():
        phrases = [normalise(p).split() for p in group]
        for words in (p for p in phrases if len(p) > 1):
            by_initials["".join(w[0] for w in words)].add(" ".join(stem(w) for w in words))
        for short in (p[0] for p in phrases if len(p) == 1 and len(p[0]) <= 5):
            for words in phrases:
                if len(words) > 1 and "".join(w[0] for w in words) == short:
                    found[stem(short)] = " ".join(stem(w) for w in words)
    # The initials of a phrase of three words or more are the phrase too, in a title as
    # in a question ("the CSA": a community safety agreement), unless they are a word
    # the bot knows or the initials of several phrases.
    for short, meant in by_initials.items():
        if len(short) >= 3 and len(meant) == 1 and short not in known():
            found.setdefault(stem(short), meant.pop())
    return found


@cache
def _groups() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Each stem's thesaurus groups, and each multi-word phrase's groups."""
    by_stem: dict[str, set[str]] = defaultdict(set)
    phrases: dict[str, set[str]] = defaultdict(set)
    for number, group in enumerate(knowledge.thesaurus()):
        for phrase in group:
            # Matched as the question is searched: without "to", "for", "the" ...
            words = " ".join(stem(w) for w in normalise(phrase).split() if w not in STOPWORDS)
            (phrases if " " in words else by_stem)[words].add(f"#{number}")
    return dict(by_stem), dict(phrases)


def concepts(text: str) -> list[set[str]]:
    """The text's words as concepts: each word's stem and thesaurus groups; each
    multi-word phrase of the thesaurus as its group."""
    by_stem, phrases = _groups()
    short_for = _short_for()
    stems = [
        spelt
        for w in _years(normalise(text).split())
        if w not in STOPWORDS
        for spelt in short_for.get(stem(w), stem(w)).split()
    ]
    padded = f" {' '.join(stems)} "
    found = []
    for phrase, groups in phrases.items():
        if f" {phrase} " in padded:
            # The phrase is one concept, its words among it: "run out" matches "runs
            # out" or "expires"; "board meeting" still matches "board". Its last word
            # is marked as its head: the kind of thing a "board meeting" is.
            words = phrase.split()
            found.append({*groups, *words, f"{HEAD}{words[-1]}"})
            padded = padded.replace(f" {phrase} ", " ")
    return found + [{s, *by_stem.get(s, ())} for s in padded.split()]


def _all_concepts(text: str) -> frozenset[str]:
    """Every concept of a milestone's field."""
    return frozenset(c for cs in concepts(text) for c in cs if not c.startswith(HEAD))


def _ids(held: str | tuple[str, ...]) -> tuple[str, ...]:
    """The milestone ids the index holds in one place: one bare, several in a tuple."""
    return (held,) if isinstance(held, str) else held


def _years(words: list[str]) -> list[str]:
    """ "2021-24" as "2021 2024", as titles write it."""
    return [
        f"{words[i - 1][:2]}{w}"
        if len(w) == 2 and w.isdigit() and i and len(words[i - 1]) == 4 and words[i - 1].isdigit()
        else w
        for i, w in enumerate(words)
    ]


class MilestoneSearch:
    def __init__(
        self, milestones: Iterable[Milestone], priorities: dict[str, Priority], names: NameIndex
    ) -> None:
        self.names = names
        # concept -> the weight of the field it is in -> partnership -> milestones: their
        # ids in tuples, with no pair for each (milestone, weight) nor a dict for each
        # concept of a partnership (93,000 of them took 21 MB on the large dataset). Grown
        # an id at a time (most hold one or two), not built in lists to be copied into
        # tuples: the lists' memory would be left in pieces no Python object reuses. One
        # id is held bare, not in a tuple of its own (2 MB on the large dataset).
        self.index: dict[str, dict[float, dict[str, str | tuple[str, ...]]]] = defaultdict(
            lambda: defaultdict(dict)
        )
        # Kinds, priorities and notes repeat: cached for this build only (3 MB).
        concepts_of = lru_cache(maxsize=4096)(_all_concepts)
        self.count = 0
        for m in milestones:
            self.count += 1
            priority = priorities.get(m.priority_id) if m.priority_id else None
            weights: dict[str, float] = {}
            for text, weight in _fields(m, priority):
                for concept in concepts_of(text):
                    weights[concept] = max(weights.get(concept, 0.0), weight)
            for concept, weight in weights.items():
                held = self.index[concept][weight]
                ids = held.get(m.partnership_id)
                # Concatenated: unpacking would build a list for each id first.
                held[m.partnership_id] = m.id if ids is None else _ids(ids) + (m.id,)  # noqa: RUF005

    def search(
        self, text: str, *, partnership_ids: Sequence[str] | None, near_best: bool = True
    ) -> list[tuple[str, float]]:
        """The milestones the words describe with their scores, best first: those near
        the best one, or (`near_best` False) every one that fits."""
        terms = self._terms(text)
        if not terms:
            return []
        scored: dict[str, float] = defaultdict(float)
        covered: dict[str, float] = defaultdict(float)
        named: dict[str, int] = defaultdict(int)
        saying: list[dict[str, float]] = []  # the matches of words that say what is asked
        total = 0.0
        required = 0
        alike_by: dict[str, set[str]] = defaultdict(set)  # the groups each was said alike by
        for term in terms:
            matches, via, direct = self._matches(term, partnership_ids)
            if max(matches.values(), default=0.0) >= SAYS_WHAT or (
                not matches and _describes(term)
            ):
                saying.append(matches)
            if _names_something(term):
                # A word that names something ("youth") must be there: a milestone
                # without it is about something else.
                required += 1
                for milestone_id in matches:
                    named[milestone_id] += 1
            rarity = math.log(1 + self.count / max(1, len(matches)))
            total += rarity
            for milestone_id, weight in matches.items():
                if groups := via.get(milestone_id):
                    # One word said alike answers one word of the question: "approved"
                    # is like "full council" or like "adopt", not both (nor "agreed" like
                    # "council" and, through another group, like "approval"). The word
                    # may still be there itself, less well ("council approval" of a
                    # council approval titled "... to Cabinet": "approval" is its kind).
                    if groups & alike_by[milestone_id] and not (
                        weight := direct.get(milestone_id, 0.0)
                    ):
                        continue
                    alike_by[milestone_id] |= groups
                scored[milestone_id] += rarity * weight
                # A word only in the notes or the legal basis counts a third, in the
                # kind or the priority two thirds: they mention things the milestone
                # is not about.
                covered[milestone_id] += rarity * weight / TITLE
        fits = {
            m: s
            for m, s in scored.items()
            if covered[m] >= COVERAGE * total
            and named[m] == required
            and not any(_lacks(m, matches) for matches in saying)
        }
        if not fits:
            return []
        floor = NEAR_BEST * max(fits.values()) if near_best else 0.0
        ranked = sorted(fits, key=lambda m: (-fits[m], m))
        return [(m, fits[m]) for m in ranked if fits[m] >= floor]

    def _terms(self, text: str) -> list[set[str]]:
        """The question's concepts, without the words that only ask ("when", "due"); a
        short name also stands for the words it is short for ("vrp": "violence reduction
        partnership")."""
        words = [w for w in normalise(text).split() if stem(w) not in GENERIC]
        expansions = self.names.expansions
        longer = {
            stem(word): {f"={full}" for full in expansions[word] or expansions[singular(word)]}
            for word in words
            if word in expansions or singular(word) in expansions  # "CCGs"
        }
        return [
            term.union(*(longer.get(c, set()) for c in term)) for term in concepts(" ".join(words))
        ]

    def _matches(
        self, term: set[str], scope: Sequence[str] | None
    ) -> tuple[dict[str, float], dict[str, frozenset[str]], dict[str, float]]:
        """Each milestone the term matches, with how well: a word itself fully (a phrase's
        words by the share of them there), a word said alike a little less, so "survey"
        finds the survey before the consultation and "board meeting" the board's meeting
        before any other meeting. And the thesaurus groups (equally good) of each matched
        only as said alike, and how well each has the term's own words."""
        found: dict[str, float] = {}
        alike: dict[str, tuple[float, set[str]]] = {}
        words = [c for c in term if not c.startswith(("#", "=", HEAD))]
        head = next((c[1:] for c in term if c.startswith(HEAD)), None)
        hits: dict[str, dict[str, float]] = defaultdict(dict)  # milestone -> word -> weight
        for concept in term:
            if concept.startswith("="):
                found |= self._all_words(concept[1:], scope)
                continue
            if concept.startswith(HEAD):
                continue
            for milestone_id, weight in self._held(concept, scope):
                if concept.startswith("#"):
                    best, groups = alike.get(milestone_id, (0.0, set()))
                    if weight * SYNONYM > best:
                        alike[milestone_id] = (weight * SYNONYM, {concept})
                    elif weight * SYNONYM == best:
                        groups.add(concept)
                else:
                    hits[milestone_id][concept] = weight
        for milestone_id, weights in hits.items():
            share = sum(weights.values()) / len(words)
            if len(weights) < len(words):
                # Some of a phrase's words, not all. With its head, it is the general
                # thing, said alike only for the word it shares: "the domestic homicide
                # review" is not any review, "the board meeting" not any meeting. Without
                # its head, another thing: "VAWG Strategic Board meeting" is no
                # "strategic assessment".
                alike.pop(milestone_id, None)
                if head is not None and head not in weights:
                    share *= MODIFIER_ONLY
            found[milestone_id] = max(found.get(milestone_id, 0.0), share)
        direct = dict(found)
        via = {}
        for milestone_id, (weight, groups) in alike.items():
            if weight > found.get(milestone_id, 0.0):
                found[milestone_id] = weight
                via[milestone_id] = frozenset(groups)
        return found, via, direct

    def _held(self, concept: str, scope: Sequence[str] | None) -> Iterator[Held]:
        """(milestone, weight) for each milestone of the partnerships that has the concept
        (a milestone once: in its weightiest field)."""
        for weight, by_partnership in self.index.get(concept, {}).items():
            for pid in by_partnership if scope is None else scope:
                for milestone_id in _ids(by_partnership.get(pid, ())):
                    yield milestone_id, weight

    def _all_words(self, full: str, scope: Sequence[str] | None) -> dict[str, float]:
        """Milestones having every word of a name, at the weight of the weakest field."""
        found: dict[str, float] | None = None
        for word in normalise(full).split():
            if word in STOPWORDS:
                continue
            here: dict[str, float] = {}
            here.update(self._held(stem(word), scope))
            found = (
                here
                if found is None
                else {m: min(w, here[m]) for m, w in found.items() if m in here}
            )
        return found or {}


def _lacks(milestone_id: str, matches: dict[str, float]) -> bool:
    """Whether the milestone has a word less than half as well as the milestone having it
    best (or not at all, as every milestone when none has it)."""
    return matches.get(milestone_id, 0.0) < max(matches.values(), default=SAYS_WHAT) / 2


def _describes(term: set[str]) -> bool:
    """Whether a term is a word of the thesaurus: one that says what kind of milestone."""
    return any(c.startswith("#") for c in term)


def _names_something(term: set[str]) -> bool:
    """Whether a term is a word the bot does not know as ordinary English nor as a
    thesaurus word: a name, or part of one."""
    if any(c.startswith("#") or c.isdigit() for c in term):
        return False  # a thesaurus word, or a number: a year is often written otherwise
    return not term & known_stems()


def _fields(m: Milestone, priority: Priority | None) -> list[tuple[str, float]]:
    fields = [
        (m.title, TITLE),
        (" ".join(_initials(m.title)), TITLE),
        (MILESTONE_KIND_WORDS.get(m.kind, m.kind), KIND),
    ]
    if priority is not None:
        fields.append((" ".join([priority.name, *priority.aliases]), PRIORITY))
    fields += [(m.notes or "", NOTES), (m.basis or "", NOTES)]
    return fields


def _initials(title: str) -> list[str]:
    """The initials people use for the names in a title, whole or their first words
    (the rest spelt out): "pvet" and "pve" ("the PVE team") for "Preventing Violent
    Extremism Team funding ends", "da" for "Domestic Abuse Act" ("the DA Act"); and for
    a title in sentence case, its leading name ("ED" for "Emergency department
    data-sharing agreement renewed")."""
    found = []
    for run in _CAPITALISED.findall(title):
        found += _prefix_initials(run.split())
    # Where the name ends is a guess: initials that are a word or a thesaurus short form
    # ("SA": a strategic assessment, not "Safe accommodation ...") are not taken.
    return found + [
        short
        for short in _prefix_initials(_leading_name(title))
        if short not in known() and stem(short) not in _short_for()
    ]


def _prefix_initials(words: list[str]) -> list[str]:
    """The initials of the first two words, the first three ... all of them."""
    return [short for end in range(2, len(words) + 1) if (short := acronym(" ".join(words[:end])))]


def _leading_name(title: str) -> list[str]:
    """The words a title in sentence case begins with before the first that says what
    kind of milestone it is: "Emergency department" of "Emergency department
    data-sharing agreement renewed". Nothing for a title whose second word has a capital
    too (a capitalised run, whose initials are found as such) or whose first has none."""
    words = title.split()
    if len(words) < 2 or not words[0][:1].isupper() or words[1][:1].isupper():
        return []
    kinds = _groups()[0]  # the thesaurus's words on their own: "agreement", "funding"
    leading: list[str] = []
    for word in normalise(title).split():
        if stem(word) in kinds or stem(word) in GENERIC:
            break
        leading.append(word)
    return leading
