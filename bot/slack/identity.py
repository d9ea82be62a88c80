"""Who is who on Slack: a user is a person by the data file's `slack` id, else by the
email Slack gives through users.info (only with the users:read.email scope), else a guest;
a channel is a partnership by the data file's `channels.slack`."""

import asyncio
import logging

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from handlers.types import Identity
from store.db import Store
from store.people import partnership_by_channel, person_by_email, person_by_slack_id

log = logging.getLogger(__name__)


class SlackDirectory:
    """Maps Slack users and channels to the store's people and partnerships.

    Emails fetched from users.info are kept for the life of the process (one API call per
    unknown user, not one per message); the store is asked every time, so a re-imported
    data file takes effect at once.
    """

    def __init__(self, *, store: Store, client: AsyncWebClient) -> None:
        self.store = store
        self.client = client
        self._emails: dict[str, str | None] = {}

    async def identify(self, user_id: str) -> Identity:
        sender = await asyncio.to_thread(self.lookup, user_id)
        return sender if sender is not None else await self.ask_slack(user_id)

    def lookup(self, user_id: str) -> Identity | None:
        """Who the user is, from the store and the emails already fetched (blocking: call
        it in a worker thread); None when that turns on an email Slack has not yet been
        asked for (then `ask_slack`)."""
        person = self._person_by_slack_id(user_id)
        if person is None:
            if user_id not in self._emails:
                return None
            email = self._emails[user_id]
            person = self._person_by_email(email) if email else None
        return _identity(user_id, person)

    async def ask_slack(self, user_id: str) -> Identity:
        """For a user the store does not know by Slack id: their email from users.info."""
        email = await self._email(user_id)
        person = await asyncio.to_thread(self._person_by_email, email) if email else None
        return _identity(user_id, person)

    def _person_by_slack_id(self, user_id: str) -> tuple[str, str] | None:
        with self.store.session() as session:
            person = person_by_slack_id(session, slack_id=user_id)
            return (person.id, person.name) if person else None

    def _person_by_email(self, email: str) -> tuple[str, str] | None:
        with self.store.session() as session:
            person = person_by_email(session, email=email)
            return (person.id, person.name) if person else None

    def partnership_id(self, channel_id: str | None) -> str | None:
        """The partnership whose channel this is (blocking: call it in a worker thread)."""
        if not channel_id:
            return None
        with self.store.session() as session:
            partnership = partnership_by_channel(session, platform="slack", channel_id=channel_id)
            return partnership.id if partnership else None

    async def _email(self, user_id: str) -> str | None:
        if user_id in self._emails:
            return self._emails[user_id]
        try:
            response = await self.client.users_info(user=user_id)
        except SlackApiError as exc:
            # Without users:read.email, or for a user outside the workspace, Slack says
            # no for good: they stay a guest, and we do not ask again.
            log.info("users.info for %s refused: %s", user_id, exc.response.get("error"))
            self._emails[user_id] = None
            return None
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.warning("users.info for %s failed, treating as a guest for now: %s", user_id, exc)
            return None
        profile = (response.get("user") or {}).get("profile") or {}
        email = profile.get("email")
        self._emails[user_id] = email if isinstance(email, str) and email else None
        return self._emails[user_id]


def _identity(user_id: str, person: tuple[str, str] | None) -> Identity:
    if person is None:
        return Identity(platform="slack", user_id=user_id)
    return Identity(platform="slack", user_id=user_id, person_id=person[0], display_name=person[1])
