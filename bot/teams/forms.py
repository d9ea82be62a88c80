"""The progress-update form: asked for by name in chat, answered through its button."""

from dataclasses import asdict
from datetime import datetime
from typing import Any

from bot.teams.cards import card_for
from handlers.types import Identity, Reply
from handlers.updates import post_update, updatable_priorities
from store.db import Store

# What a person types to get the form; the manifest offers FORM_COMMAND as a bot command.
FORM_COMMAND = "post update"
FORM_COMMANDS = frozenset({FORM_COMMAND, "post an update", "new update", "update form"})
INVALID = "update_invalid"


def asks_for_form(text: str) -> bool:
    return " ".join(text.lower().split()).rstrip(".!") in FORM_COMMANDS


def update_form(
    store: Store,
    *,
    actor: Identity,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The form card: the priorities this person may update, any errors beside their
    fields, and what they typed (so a mistake does not lose their text)."""
    if actor.person_id is None:
        return card_for(Reply("post_update", "guest", {"asked": "post updates"}))
    # Choice titles and input values are shown as typed, not as Markdown: passed raw.
    priorities = [asdict(p) for p in updatable_priorities(store, person_id=actor.person_id)]
    reply = Reply("post_update", "update_form", {"errors": errors or {}})
    return card_for(reply, values=values or {}, priorities=priorities)


def submit(store: Store, *, actor: Identity, data: dict[str, Any], at: datetime) -> dict[str, Any]:
    """Store the update and return the card confirming it, or the form again with errors."""
    values = {key: str(data.get(key) or "") for key in ("priority_id", "rag", "text")}
    reply = post_update(
        store,
        actor=actor,
        priority_id=values["priority_id"],
        rag=values["rag"] or None,
        text=values["text"],
        at=at,
    )
    if reply.template == INVALID:
        return update_form(store, actor=actor, errors=reply.data["errors"], values=values)
    return card_for(reply)
