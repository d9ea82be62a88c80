"""Who a partnership is made of, and how partnerships hang together: the organisations
on it ("who sits on the SNB?"), the boards and groups under it ("which boards report to
the SNB?"; sub-boards are partnerships whose parent it is) and the board above it."""

import re
from typing import Any

from handlers import overview
from handlers.context import Ask, scope_of, which_partnership
from handlers.types import Reply
from handlers.views import partnership_view

PEOPLE_SHOWN = 15  # people named in one answer; the rest are counted
# Words that say which members: those on a partnership by choice (not the responsible
# authorities the Crime and Disorder Act puts on it), or those on it by law.
_VOLUNTARY = frozenset({"voluntary", "voluntarily", "optional", "nonstatutory"})
_NOT_STATUTORY = re.compile(r"\b(?:non|not)\s+statutory\b")
_STATUTORY = frozenset({"statutory", "mandatory"})
_KIND_OF_MEMBER = _VOLUNTARY | _STATUTORY | {"basis", "non", "not", "members", "member"}


def answer_members(ask: Ask) -> Reply:
    chosen = _by_choice(ask.parsed.text)
    topics = [t for t in ask.parsed.topics if not set(t.split()) <= _KIND_OF_MEMBER]
    if topics:  # "who's on the hook for rural crime": about a thing, not a board
        return overview.answer_named(ask)
    ids = _named_or_ask(ask, question="members")
    if isinstance(ids, Reply):
        return ids
    groups = [_members(ask, pid, by_choice=chosen) for pid in ids]
    return Reply(intent="overview", template="membership", data={"partnerships": groups})


def _by_choice(text: str) -> bool | None:
    """Whether the words ask for the bodies on a partnership by choice ("on a voluntary
    basis", "non-statutory"): True; for those on it by law ("statutory members"):
    False; else None (all of them)."""
    words = set(text.split())
    if words & _VOLUNTARY or _NOT_STATUTORY.search(text):
        return True
    return False if words & _STATUTORY else None


def answer_structure(ask: Ask) -> Reply:
    if ask.parsed.topics:
        return overview.answer_named(ask)
    ids = _named_or_ask(ask, question="boards and groups")
    if isinstance(ids, Reply):
        return ids
    groups = [_structure(ask, pid) for pid in ids]
    return Reply(intent="overview", template="structure", data={"partnerships": groups})


def _named_or_ask(ask: Ask, *, question: str) -> tuple[str, ...] | Reply:
    """The partnerships asked about (or the asker's); when none, which one."""
    scope = scope_of(ask, ask.parsed.topic)
    if scope.ids:
        return scope.ids
    options = [p.name for p in list(ask.data.partnerships.values())[:8]]
    return which_partnership(ask, question=question, options=options)


def _members(ask: Ask, partnership_id: str, *, by_choice: bool | None) -> dict[str, Any]:
    """The bodies on the partnership (those by law, those by choice, or both) and its
    people."""
    partnership = ask.data.partnerships[partnership_id]
    bodies = ask.data.bodies_of(partnership_id)
    people = ask.data.people_of(partnership_id)
    by_law = [o.name for role, o in bodies if role == "responsible_authority"]
    others = [o.name for role, o in bodies if role != "responsible_authority"]
    return {
        "partnership": partnership_view(partnership),
        "responsible_authorities": [] if by_choice else by_law,
        "other_bodies": [] if by_choice is False else others,
        "children": [partnership_view(c) for c in ask.data.children_of(partnership_id)],
        "people": [person.name for person in people[:PEOPLE_SHOWN]],
        "more_people": max(0, len(people) - PEOPLE_SHOWN),
    }


def _structure(ask: Ask, partnership_id: str) -> dict[str, Any]:
    partnership = ask.data.partnerships[partnership_id]
    parent = ask.data.partnership(partnership.parent_id)
    children = ask.data.children_of(partnership_id)
    return {
        "partnership": partnership_view(partnership),
        "parent": partnership_view(parent) if parent else None,
        "children": [
            partnership_view(c) | {"children": [p.name for p in ask.data.children_of(c.id)]}
            for c in children
        ],
    }
