"""Who is who on Slack: a user is a person by the data file's `slack` id, else by the
email Slack gives through users.info (only with the users:read.email scope), else a guest;
a channel is a partnership by the data file's `channels.slack`."""

import logging

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.store_work import StoreWork
from handlers.senders import Recognised, recognise
from handlers.types import Identity
from store.db import Store

log = logging.getLogger(__name__)


class SlackDirectory:
    """Maps Slack users and channels to the store's people and partnerships.

    Emails fetched from users.info are kept for the life of the process (one API call per
    unknown user, not one per message); the data file's ids are read afresh every time, so
    a re-imported data file takes effect at once.
    """

    def __init__(self, *, store: Store, client: AsyncWebClient, work: StoreWork) -> None:
        self.store = store
        self.client = client
        self.work = work
        self._emails: dict[str, str | None] = {}

    async def identify(self, user_id: str) -> Identity:
        found = await self.work(self.recognise, user_id)
        if self.needs_email(user_id, found):
            await self.fetch_email(user_id)
            found = await self.work(self.recognise, user_id)
        return identity(user_id, found)

    def recognise(self, user_id: str, channel_id: str | None = None) -> Recognised:
        """Who the user is, by Slack id or the email already fetched, and whose channel
        this is (store work: bot/store_work.py)."""
        return recognise(
            self.store,
            platform="slack",
            user_id=user_id,
            email=self._emails.get(user_id),
            channel_id=channel_id,
        )

    def needs_email(self, user_id: str, found: Recognised) -> bool:
        """Unknown by Slack id, and Slack not yet asked for their email."""
        return found.person is None and user_id not in self._emails

    async def fetch_email(self, user_id: str) -> None:
        """Ask users.info for the user's email and remember the answer (a refusal too)."""
        if user_id in self._emails:
            return
        try:
            response = await self.client.users_info(user=user_id)
        except SlackApiError as exc:
            # Without users:read.email, or for a user outside the workspace, Slack says
            # no for good: they stay a guest, and we do not ask again.
            log.info("users.info for %s refused: %s", user_id, exc.response.get("error"))
            self._emails[user_id] = None
            return
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.warning("users.info for %s failed, treating as a guest for now: %s", user_id, exc)
            return
        profile = (response.get("user") or {}).get("profile") or {}
        email = profile.get("email")
        self._emails[user_id] = email if isinstance(email, str) and email else None


def identity(user_id: str, found: Recognised) -> Identity:
    if found.person is None:
        return Identity(platform="slack", user_id=user_id)
    return Identity(
        platform="slack",
        user_id=user_id,
        person_id=found.person.id,
        display_name=found.person.name,
    )
