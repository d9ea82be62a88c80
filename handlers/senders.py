"""Who is asking, and where: a chat user is a person by their Slack or Teams id, else by
their email; a chat channel is the partnership whose channel the data file says it is.

Read from the plans snapshot, which is checked against the store's data version on every
call, so a re-imported data file counts from the next message.
"""

from dataclasses import dataclass

from handlers.snapshot import snapshot
from store.db import Store
from store.tables import Person


@dataclass(frozen=True)
class Recognised:
    person: Person | None  # None: a guest
    partnership_id: str | None  # the partnership whose channel it is, if any


def recognise(
    store: Store,
    *,
    platform: str,
    user_id: str | None = None,
    email: str | None = None,
    channel_id: str | None = None,
) -> Recognised:
    plans = snapshot(store)
    person = plans.person_by_chat_id(platform, user_id) if user_id else None
    if person is None and email:
        person = plans.person_by_email(email)
    place = plans.partnership_by_channel(platform, channel_id) if channel_id else None
    return Recognised(person=person, partnership_id=place.id if place else None)
