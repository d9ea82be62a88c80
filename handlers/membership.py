"""Who a partnership is made of, and how partnerships hang together: the organisations
on it ("who sits on the SNB?"), the boards and groups under it ("which boards report to
the SNB?"; sub-boards are partnerships whose parent it is) and the board above it."""

from typing import Any

from handlers import overview
from handlers.context import Ask, scope_of, which_partnership
from handlers.types import Reply
from handlers.views import partnership_view

PEOPLE_SHOWN = 15  # people named in one answer; the rest are counted


def answer_members(ask: Ask) -> Reply:
    if ask.parsed.topics:  # "who's on the hook for rural crime": about a thing, not a board
        return overview.answer_named(ask)
    ids = _named_or_ask(ask, question="members")
    if isinstance(ids, Reply):
        return ids
    groups = [_members(ask, pid) for pid in ids]
    return Reply(intent="overview", template="membership", data={"partnerships": groups})


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


def _members(ask: Ask, partnership_id: str) -> dict[str, Any]:
    partnership = ask.data.partnerships[partnership_id]
    bodies = ask.data.bodies_of(partnership_id)
    people = ask.data.people_of(partnership_id)
    return {
        "partnership": partnership_view(partnership),
        "responsible_authorities": [
            o.name for role, o in bodies if role == "responsible_authority"
        ],
        "other_bodies": [o.name for role, o in bodies if role != "responsible_authority"],
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
