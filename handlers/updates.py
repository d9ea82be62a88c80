"""Progress updates: leads post them ("update ASB amber: patrols up in Sutton", or the
Slack modal and Teams card); a partnership's people read them."""

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from handlers import permissions
from handlers.context import Ask, find, must_choose, no_topic, not_found, scope_of, which_one
from handlers.entities import content_words
from handlers.overview import priority_overview
from handlers.parsing import RAGS
from handlers.snapshot import snapshot
from handlers.types import Identity, Reply
from handlers.views import partnership_view, update_view
from schedules.calendar import zone
from store import updates
from store.db import Store
from store.tables import Person

MAX_UPDATE = 2000  # characters of update text
SHOWN = 5


@dataclass(frozen=True)
class Updatable:
    id: str
    name: str
    partnership: str


def post_update(
    store: Store, *, actor: Identity, priority_id: str, rag: str | None, text: str, at: datetime
) -> Reply:
    """Store one progress update, or say why not (`errors` by field, nothing stored)."""
    text = " ".join(text.split())
    rag = rag.strip().lower() if rag and rag.strip() else None
    data = snapshot(store)
    priority = data.priority(priority_id)
    partnership = data.partnership(priority.partnership_id) if priority else None
    allowed = priority is not None and permissions.can_post_update(
        data, person_id=actor.person_id, priority=priority
    )
    errors = _errors(priority is not None, rag, text)
    if errors:
        return Reply(intent="post_update", template="update_invalid", data={"errors": errors})
    assert priority is not None and partnership is not None
    about = {
        "priority": {"id": priority.id, "name": priority.name},
        "partnership": partnership_view(partnership),
    }
    if not allowed or actor.person_id is None:
        return Reply(
            intent="post_update",
            template="update_refused",
            data=about | {"guest": actor.person_id is None},
        )
    with store.transaction() as session:
        stored = updates.add_update(
            session,
            partnership_id=partnership.id,
            priority_id=priority.id,
            author_id=actor.person_id,
            posted=at,
            rag=rag,
            text=text,
            source=actor.platform,
        )
        view = update_view(
            stored,
            priority_name=priority.name,
            author=_name(data.person(actor.person_id)),
            zone=zone(partnership.timezone),
        )
    return Reply(intent="post_update", template="update_posted", data=about | {"update": view})


def _errors(known: bool, rag: str | None, text: str) -> dict[str, str]:
    errors = {}
    if not known:
        errors["priority"] = "Choose one of the priorities you lead or manage."
    if rag is not None and rag not in RAGS:
        errors["rag"] = "RAG status must be red, amber or green (or left out)."
    if not text:
        errors["text"] = "Write what has happened: the update text is empty."
    elif len(text) > MAX_UPDATE:
        errors["text"] = f"Keep the update under {MAX_UPDATE:,} characters."
    return errors


def updatable_priorities(store: Store, *, person_id: str) -> list[Updatable]:
    """The priorities this person may post updates on (for the Slack and Teams pickers)."""
    data = snapshot(store)
    managed = permissions.managed_by(data, person_id=person_id)
    found = data.priorities_led_by(person_id) + [
        p for pid in dict.fromkeys(managed) for p in data.priorities_of(pid)
    ]
    unique = {p.id: p for p in found}
    return [
        Updatable(p.id, p.name, data.partnerships[p.partnership_id].name) for p in unique.values()
    ]


def answer_post(ask: Ask) -> Reply:
    """ "update ASB amber: patrols up in Sutton" as a message."""
    assert ask.person_id is not None  # the pipeline answers guests
    scope = scope_of(ask, ask.parsed.topic)
    if not content_words(scope.topic):
        return no_topic(ask, what="priority", example="update ASB amber: patrols up in Sutton")
    found = find(ask, scope, kinds=["priority"])
    if not found:
        return not_found(ask, scope, words=scope.topic, kinds=["priority"], what="priority")
    if len(found) > 1:
        mine = {u.id for u in updatable_priorities(ask.store, person_id=ask.person_id)}
        found = [f for f in found if f.thing.id in mine] or found
        if len(found) > 1:
            return which_one(ask, words=scope.topic, found=found)
    return post_update(
        ask.store,
        actor=ask.message.sender,
        priority_id=found[0].thing.id,
        rag=ask.parsed.rag,
        text=ask.parsed.body,
        at=ask.message.at,
    )


def answer_read(ask: Ask) -> Reply:
    """ "Latest on serious violence": a priority's updates, or a partnership's."""
    scope = scope_of(ask, ask.parsed.topic)
    if content_words(scope.topic):
        found = find(ask, scope, kinds=["priority"])
        if not found:
            return not_found(ask, scope, words=scope.topic, kinds=["priority"], what="priority")
        if must_choose(found):
            return which_one(ask, words=scope.topic, found=found)
        if ask.person_id is None and len(found) == 1:
            # A guest may not read updates; what is public about the priority (its lead,
            # its next deadlines) still answers "how is it going?".
            return replace(priority_overview(ask, found[0].thing.id), intent="updates")
        groups = [_priority_updates(ask, f.thing.id) for f in found]
    elif scope.ids:
        groups = [_partnership_updates(ask, pid) for pid in scope.ids]
    else:
        return no_topic(ask, what="priority or partnership", example="latest on serious violence")
    return Reply(intent="updates", template="updates", data={"groups": groups, "note": scope.note})


def _priority_updates(ask: Ask, priority_id: str) -> dict[str, Any]:
    priority = ask.data.priority(priority_id)
    assert priority is not None  # ids come from the name index of this store
    with ask.read() as session:
        rows = updates.latest_for_priority(session, priority_id=priority_id, limit=SHOWN)
    return _group(ask, priority.partnership_id, {"id": priority.id, "name": priority.name}, rows)


def _partnership_updates(ask: Ask, partnership_id: str) -> dict[str, Any]:
    with ask.read() as session:
        rows = updates.latest_for_partnership(session, partnership_id=partnership_id, limit=SHOWN)
    return _group(ask, partnership_id, None, rows)


def _group(
    ask: Ask, partnership_id: str, priority: dict[str, str] | None, rows: list[Any]
) -> dict[str, Any]:
    partnership = ask.data.partnership(partnership_id)
    assert partnership is not None
    allowed = permissions.can_read_updates(
        ask.data, person_id=ask.person_id, partnership_id=partnership_id
    )
    tz = zone(partnership.timezone)
    shown = [
        update_view(
            r,
            priority_name=ask.name_of("priority", r.priority_id),
            author=_name(ask.data.person(r.author_id)),
            zone=tz,
        )
        for r in rows
    ]
    return {
        "partnership": partnership_view(partnership),
        "priority": priority,
        "allowed": allowed,
        "guest": ask.person_id is None,
        "updates": shown if allowed else [],
    }


def _name(person: Person | None) -> str | None:
    return person.name if person else None
