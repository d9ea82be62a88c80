"""Who leads on a priority, and which body; who coordinates a partnership."""

from typing import Any

from handlers.context import Ask, find_each, no_topic, scope_of
from handlers.entities import content_words
from handlers.types import Reply
from handlers.views import partnership_view, person_view, priority_view


def answer(ask: Ask) -> Reply:
    scope = scope_of(ask, ask.parsed.topic)
    if not content_words(scope.topic):
        if scope.named:
            return _coordinators(ask, scope.ids)
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


def _coordinators(ask: Ask, partnership_ids: tuple[str, ...]) -> Reply:
    rows = []
    for pid in partnership_ids:
        partnership = ask.data.partnership(pid)
        assert partnership is not None
        coordinator = person_view(ask.data.person(partnership.coordinator_id))
        rows.append({"partnership": partnership_view(partnership), "coordinator": coordinator})
    return Reply(intent="lead", template="coordinator", data={"partnerships": rows})
