"""Groups of priorities named by a qualifier in brackets: the local Serious Violence
Duty priorities of "South Nottinghamshire SV" are "Data and Insight (South Nottinghamshire
SV)", "Education and Behaviour Change (South Nottinghamshire SV)" ... so "South Notts SV
priorities" asks for that group, not for the whole board's priorities.

Built once per data snapshot; a question compares its words with each group's name.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from handlers.entities import content_words, normalise
from store.tables import Partnership, Priority

_QUALIFIER = re.compile(r"\(([^()]+)\)\s*$")


@dataclass(frozen=True)
class PriorityGroup:
    name: str  # as the data writes it: "South Nottinghamshire SV"
    partnership_id: str
    priorities: tuple[Priority, ...]
    words: frozenset[str]  # its name's words, numbers left out
    # Its words that name nothing else (a place: "south", "bassetlaw"), not words of a
    # partnership's name or of a priority's own name ("sv").
    own_words: frozenset[str]

    def fits(self, words: set[str]) -> bool:
        """Whether the words name this group: at least half its name, with a word of
        its own ("South Notts SV"; not "Ashfield" for "Ashfield and Mansfield SV")."""
        shared = self.words & words
        return bool(shared & self.own_words) and 2 * len(shared) >= len(self.words)


def qualifier(name: str) -> str | None:
    found = _QUALIFIER.search(name)
    return found.group(1).strip() if found else None


def priority_groups(
    priorities: Iterable[Priority], partnerships: Iterable[Partnership]
) -> list[PriorityGroup]:
    """Every group of two or more priorities of one partnership sharing a qualifier."""
    by_name: dict[tuple[str, str], list[Priority]] = defaultdict(list)
    other_words: set[str] = set()
    for p in partnerships:
        for name in (p.name, *p.aliases, p.area or ""):
            other_words |= set(normalise(name).split())
    for priority in priorities:
        name = priority.name
        found = qualifier(name)
        if found:
            by_name[(priority.partnership_id, found)].append(priority)
            name = _QUALIFIER.sub("", name)
        for alias in (name, *priority.aliases):
            other_words |= set(normalise(alias).split())
    groups = []
    for (partnership_id, name), members in by_name.items():
        words = frozenset(w for w in content_words(name) if not w.isdigit())
        if len(members) >= 2 and words:
            groups.append(
                PriorityGroup(name, partnership_id, tuple(members), words, words - other_words)
            )
    return groups


def named_groups(groups: Iterable[PriorityGroup], text: str) -> list[PriorityGroup]:
    """The groups the words name best (several only when they name them alike)."""
    words = set(normalise(text).split())
    fitting = [g for g in groups if g.fits(words)]
    if not fitting:
        return []
    best = max(len(g.words & words) / len(g.words) for g in fitting)
    return [g for g in fitting if len(g.words & words) / len(g.words) == best]
