"""Who is who in Teams: a user is a person by Entra object id (`teams` in the data file),
else by email; a channel is a partnership by `channels.teams`."""

import asyncio
from collections.abc import Awaitable, Callable

from bot.teams.activities import Activity, base_conversation_id, sender, where
from handlers.types import Identity
from store.db import Store
from store.people import partnership_by_channel, person_by_email, person_by_teams_id

EmailLookup = Callable[[], Awaitable[str | None]]


async def identify(store: Store, activity: Activity, *, email: EmailLookup) -> Identity:
    """The sender as a neutral Identity. `email` asks Teams for the user's address and is
    only called when the Entra object id matches nobody."""
    user_id, aad_id, name = sender(activity)
    person_id = await asyncio.to_thread(_person_by_aad, store, aad_id)
    if person_id is None:
        address = (activity.get("from") or {}).get("email") or await email()
        person_id = await asyncio.to_thread(_person_by_email, store, address)
    return Identity(
        platform="teams", user_id=aad_id or user_id, person_id=person_id, display_name=name
    )


def partnership_for(store: Store, activity: Activity) -> tuple[str | None, str | None]:
    """(the Teams channel id, its partnership id) for a channel activity; (None, None) in
    personal and group chats."""
    place = where(activity)
    if place is None or place.scope != "channel" or place.channel_id is None:
        return None, None
    channel_id = base_conversation_id(place.channel_id)
    with store.session() as session:
        partnership = partnership_by_channel(session, platform="teams", channel_id=channel_id)
    return channel_id, (partnership.id if partnership else None)


def _person_by_aad(store: Store, aad_id: str | None) -> str | None:
    if not aad_id:
        return None
    with store.session() as session:
        person = person_by_teams_id(session, teams_id=aad_id)
    return person.id if person else None


def _person_by_email(store: Store, address: str | None) -> str | None:
    if not address or "@" not in address:
        return None
    with store.session() as session:
        person = person_by_email(session, email=address)
    return person.id if person else None
