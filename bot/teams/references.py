"""Remembering Teams conversations, so reminders can be posted there later, and the
activities already handled, so one that Teams sends again is answered once."""

from datetime import datetime

from sqlmodel import Session

from bot.teams import activities
from handlers.types import Identity
from store import teams_refs
from store.db import Store
from store.events import record_event


def remember(
    store: Store,
    activity: activities.Activity,
    place: activities.Where,
    actor: Identity,
    *,
    at: datetime,
) -> bool:
    """Save where to post later; False when this activity was seen before (Teams sends
    an activity again when it thinks the first went unanswered)."""
    # A channel is remembered without the thread, so a reminder starts a new thread.
    conversation_id = (
        activities.base_conversation_id(place.conversation_id)
        if place.scope == "channel"
        else place.conversation_id
    )
    personal = place.scope == "personal"
    channel_id = place.channel_id and activities.base_conversation_id(place.channel_id)
    # Immediate: two read-then-write transactions must not deadlock on SQLite.
    with store.transaction() as session:
        _save(
            session,
            activity,
            place,
            conversation_id=conversation_id,
            channel_id=channel_id,
            user_aad_id=actor.user_id if personal else None,
            person_id=actor.person_id if personal else None,
            at=at,
        )
        activity_id = activity.get("id")
        if not activity_id:
            return True
        event_id = f"{place.conversation_id}|{activity_id}"
        return record_event(session.connection(), platform="teams", event_id=event_id, at=at)


def remember_channels(
    store: Store,
    activity: activities.Activity,
    place: activities.Where,
    channel_ids: list[str],
    *,
    at: datetime,
) -> None:
    """Every channel of a team the app was just added to, so a partnership channel other
    than General can be posted to before anyone speaks in it."""
    with store.transaction() as session:
        for channel_id in channel_ids:
            _save(
                session, activity, place, conversation_id=channel_id, channel_id=channel_id, at=at
            )


def _save(
    session: Session,
    activity: activities.Activity,
    place: activities.Where,
    *,
    conversation_id: str,
    channel_id: str | None,
    at: datetime,
    scope: str | None = None,
    user_aad_id: str | None = None,
    person_id: str | None = None,
) -> None:
    teams_refs.save_reference(
        session,
        conversation_id=conversation_id,
        service_url=place.service_url,
        scope=scope or place.scope,
        reference=activities.reference(activity, place, conversation_id=conversation_id),
        at=at,
        tenant_id=place.tenant_id,
        bot_id=place.bot_id,
        user_aad_id=user_aad_id,
        person_id=person_id,
        channel_id=channel_id,
    )
