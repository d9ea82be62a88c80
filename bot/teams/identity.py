"""Who is who in Teams: a user is a person by Entra object id (`teams` in the data file),
else by email; a channel is a partnership by `channels.teams`."""

import asyncio
from collections.abc import Awaitable, Callable

from bot.teams.activities import Activity, base_conversation_id, sender, where
from handlers.senders import recognise
from handlers.types import Identity
from store.db import Store

EmailLookup = Callable[[], Awaitable[str | None]]


async def identify(store: Store, activity: Activity, *, email: EmailLookup) -> Identity:
    """The sender as a neutral Identity. `email` asks Teams for the user's address and is
    only called when the Entra object id matches nobody."""
    user_id, aad_id, name = sender(activity)
    found = await asyncio.to_thread(recognise, store, platform="teams", user_id=aad_id)
    if found.person is None:
        address = (activity.get("from") or {}).get("email") or await email()
        found = await asyncio.to_thread(recognise, store, platform="teams", email=address)
    person_id = found.person.id if found.person else None
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
    found = recognise(store, platform="teams", channel_id=channel_id)
    return channel_id, found.partnership_id
