"""Who leads on a priority, and which body; who coordinates a partnership."""

from typing import Any

from handlers.context import OPTIONS_SHOWN, Ask, find, no_topic, not_found, scope_of, which_one
from handlers.entities import Found, content_words
from handlers.types import Reply
from handlers.views import partnership_view, person_view, priority_view


def answer(ask: Ask) -> Reply:
    scope = scope_of(ask, ask.parsed.topic)
    if not content_words(scope.topic):
        if scope.named:
            return _coordinators(ask, scope.ids)
        return no_topic(ask, what="priority", example="who leads on serious violence?")
    found = find(ask, scope, kinds=["priority"])
    if not found:
        return not_found(ask, scope, words=scope.topic, kinds=["priority"], what="priority")
    if _several_in_one_partnership(found) or len(found) > OPTIONS_SHOWN:
        return which_one(ask, words=scope.topic, found=found)
    return Reply(
        intent="lead",
        template="lead",
        data={"priorities": [lead_of(ask, f.thing.id) for f in found], "note": scope.note},
    )


def _several_in_one_partnership(found: list[Found]) -> bool:
    partnerships = [f.thing.partnership_id for f in found]
    return len(set(partnerships)) < len(partnerships)


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
