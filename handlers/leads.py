"""Who leads on a priority, and which body; who coordinates a partnership, and who
chairs it."""

import re
from typing import Any

from handlers.context import Ask, find_each, no_topic, scope_of
from handlers.entities import content_words, normalise
from handlers.types import Reply
from handlers.views import partnership_view, person_view, priority_view
from store.tables import Partnership, Person

_CHAIR_WORDS = frozenset({"chair", "chairs", "chaired", "chairing", "chairperson", "chairman"})
# "Chair of the X (...)", "Chair, X": what follows, up to an aside or a comma, is what is
# chaired.
_CHAIR_OF = re.compile(r"\bchair(?:man|person)?\b[\s,:-]*(?:of\s+)?(?:the\s+)?([^(),;]+)", re.I)


def answer(ask: Ask) -> Reply:
    scope = scope_of(ask, ask.parsed.topic)
    if not content_words(scope.topic):
        if scope.named:
            return _coordinators(ask, scope.ids, chair=_asks_chair(ask))
        return no_topic(ask, what="priority", example="who leads on serious violence?")
    resolved = find_each(ask, kinds=["priority"], what="priority")
    if isinstance(resolved, Reply):
        return resolved
    found, scope = resolved
    return Reply(
        intent="lead",
        template="lead",
        data={"priorities": [lead_of(ask, f.thing.id) for f in found], "note": scope.note},
    )


def lead_of(ask: Ask, priority_id: str) -> dict[str, Any]:
    priority = ask.data.priority(priority_id)
    assert priority is not None  # ids come from the name index of this store
    partnership = ask.data.partnership(priority.partnership_id)
    assert partnership is not None
    lead = ask.data.person(priority.lead_id)
    organisation = ask.data.organisation_name(lead.organisation_id) if lead else None
    return priority_view(priority, partnership, person_view(lead, organisation))


def _coordinators(ask: Ask, partnership_ids: tuple[str, ...], *, chair: bool) -> Reply:
    """Who coordinates each partnership; asked who chairs it, who does, as well."""
    rows = []
    for pid in partnership_ids:
        partnership = ask.data.partnership(pid)
        assert partnership is not None
        coordinator = person_view(ask.data.person(partnership.coordinator_id))
        row = {"partnership": partnership_view(partnership), "coordinator": coordinator}
        if chair:
            row["chair"] = person_view(_chair_of(ask, partnership))
        rows.append(row)
    return Reply(intent="lead", template="coordinator", data={"partnerships": rows})


def _asks_chair(ask: Ask) -> bool:
    return bool(set(ask.parsed.text.split()) & _CHAIR_WORDS)


def _chair_of(ask: Ask, partnership: Partnership) -> Person | None:
    """The partnership's person whose role (or name) says they chair it: "Chair of the
    Safer Tamsford Partnership (...)", "Chair, Westshire Board". The data has no chair of
    its own. The whole name must follow: a chair of another body who sits on it (a
    scrutiny panel's, "Chair, Nottinghamshire Reducing Reoffending Board" on the board
    called "Nottinghamshire" too) is not its chair."""
    names = {normalise(n) for n in (partnership.name, *partnership.aliases) if n.strip()}
    for person in ask.data.people_of(partnership.id):
        for described in (person.role or "", person.name):
            chaired = _CHAIR_OF.search(described)
            if chaired and normalise(chaired.group(1)) in names:
                return person
    return None
