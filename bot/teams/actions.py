"""Card buttons: an `adaptiveCard/action` invoke is answered in its own HTTP response.

Done and Snooze replace the reminder card with one saying who did what; the update form
either saves the update or comes back with its errors beside the fields.
"""

from datetime import date, datetime
from typing import Any

from bot.render import render
from bot.teams import forms
from bot.teams.cards import card_for
from handlers.occurrence_actions import REFUSED, mark_done, snooze, snooze_until
from handlers.types import Identity, Reply
from store.db import Store

CARD_RESPONSE = "application/vnd.microsoft.card.adaptive"
MESSAGE_RESPONSE = "application/vnd.microsoft.activity.message"
ERROR_RESPONSE = "application/vnd.microsoft.error"
SNOOZE_DAYS = {"snooze_day": 1, "snooze_week": 7}
UPDATE_VERB = "post_update"


def action_of(activity: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """(verb, data) of an Action.Execute click."""
    action = (activity.get("value") or {}).get("action") or {}
    data = action.get("data")
    return str(action.get("verb") or ""), data if isinstance(data, dict) else {}


def run_action(
    store: Store, *, verb: str, data: dict[str, Any], actor: Identity, at: datetime
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """(the invoke response body, the card to show everyone instead, if any)."""
    if verb == "done" or verb in SNOOZE_DAYS:
        reply = _occurrence_action(store, verb=verb, data=data, actor=actor, at=at)
        if reply is None:
            return bad_request("This button does not name a milestone date."), None
        if reply.template == REFUSED:
            return message(render(reply, surface="text")), None
        card = card_for(reply)
        return card_response(card), card
    if verb == UPDATE_VERB:
        return card_response(forms.submit(store, actor=actor, data=data, at=at)), None
    return bad_request(f"Unknown action {verb!r}."), None


def _occurrence_action(
    store: Store, *, verb: str, data: dict[str, Any], actor: Identity, at: datetime
) -> Reply | None:
    milestone_id = data.get("milestone_id")
    try:
        occurrence = date.fromisoformat(str(data.get("occurrence")))
    except ValueError:
        return None
    if not isinstance(milestone_id, str):
        return None
    if verb == "done":
        return mark_done(
            store, milestone_id=milestone_id, occurrence=occurrence, actor=actor, at=at
        )
    until = snooze_until(store, milestone_id=milestone_id, at=at, days=SNOOZE_DAYS[verb])
    if until is None:
        return None
    return snooze(
        store,
        milestone_id=milestone_id,
        occurrence=occurrence,
        actor=actor,
        until=until,
        at=at,
    )


def card_response(card: dict[str, Any]) -> dict[str, Any]:
    return {"statusCode": 200, "type": CARD_RESPONSE, "value": card}


def message(text: str) -> dict[str, Any]:
    """A short note Teams shows the person who clicked, leaving the card as it was."""
    return {"statusCode": 200, "type": MESSAGE_RESPONSE, "value": text.strip()}


def bad_request(text: str) -> dict[str, Any]:
    return {
        "statusCode": 400,
        "type": ERROR_RESPONSE,
        "value": {"code": "BadRequest", "message": text},
    }
