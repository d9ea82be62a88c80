"""Reminders, escalations and digests from the sweep, posted to Slack.

A person gets a direct message (conversations.open, then chat.postMessage); a partnership
gets its `channels.slack` channel. Slack allows about one message per second per channel,
so sends to one channel are spaced a second apart. A 429 is not waited out here: it goes
back to the sweep as DeliveryError(retry_after=...), which retries the delivery later, so
nothing is lost and the sweep is never stalled by one busy channel.
"""

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.metrics import Metrics
from bot.reports.files import ReportFiles, wants_report, with_attachment
from bot.slack import blocks
from bot.slack.client import web_client
from bot.slack.config import SlackConfig
from bot.slack.files import ATTACHED, upload_report
from handlers.types import DeliveryError, Outbound
from store import directory
from store.db import Store
from store.people import person_by_id

log = logging.getLogger(__name__)

# Slack errors that another attempt cannot fix: the channel or person is gone, the bot is
# not invited, or the token is wrong.
PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "user_not_found",
        "user_disabled",
        "cannot_dm_bot",
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "missing_scope",
        "restricted_action",
        "invalid_blocks",
        "msg_too_long",
    }
)
SECONDS_PER_MESSAGE = 1.0


class SlackNotifier:
    """The Notifier for Slack (handlers.types.Notifier)."""

    def __init__(
        self,
        config: SlackConfig,
        *,
        store: Store,
        metrics: Metrics,
        reports: ReportFiles | None = None,
    ) -> None:
        self.store = store
        self.reports = reports
        self.client: AsyncWebClient = web_client(config, retry_rate_limits=False, metrics=metrics)
        self._dm_channels: dict[str, str] = {}
        self._pace: dict[str, _Pace] = {}

    async def deliver(self, outbound: Outbound) -> None:
        target = await asyncio.to_thread(self._destination, outbound)
        if target is None:
            raise DeliveryError(_no_destination(outbound), permanent=True)
        kind, slack_id = target
        reply = outbound.reply
        if wants_report(reply) is not None and self.reports is not None:
            reply = with_attachment(reply, ATTACHED)
        payload = blocks.message_payload(reply)
        try:
            channel = slack_id if kind == "channel" else await self._dm_channel(slack_id)
            async with self._turn(channel):
                await self.client.chat_postMessage(channel=channel, **payload)
            await self._attach_report(outbound, channel)
        except SlackApiError as exc:
            raise _delivery_error(exc) from exc
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise DeliveryError(f"Slack could not be reached: {exc!r}") from exc

    async def _attach_report(self, outbound: Outbound, channel: str) -> None:
        ref = wants_report(outbound.reply)
        if ref is not None and self.reports is not None:
            await upload_report(self.client, self.reports, channel=channel, ref=ref)

    def _destination(self, outbound: Outbound) -> tuple[str, str] | None:
        """("channel", channel id) or ("user", Slack user id)."""
        with self.store.session() as session:
            if outbound.partnership_id is not None:
                found = directory.partnership(session, partnership_id=outbound.partnership_id)
                return ("channel", found.slack_channel) if found and found.slack_channel else None
            person = person_by_id(session, person_id=outbound.person_id or "")
            return ("user", person.slack_id) if person and person.slack_id else None

    async def _dm_channel(self, user_id: str) -> str:
        if user_id not in self._dm_channels:
            response = await self.client.conversations_open(users=user_id)
            self._dm_channels[user_id] = response["channel"]["id"]
        return self._dm_channels[user_id]

    @asynccontextmanager
    async def _turn(self, channel: str) -> AsyncIterator[None]:
        """One sender at a time per channel, a second or more after the previous one."""
        pace = self._pace.setdefault(channel, _Pace())
        async with pace.lock:
            wait = pace.last_sent + SECONDS_PER_MESSAGE - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                yield
            finally:
                pace.last_sent = time.monotonic()


@dataclass
class _Pace:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    last_sent: float = float("-inf")


def _delivery_error(exc: SlackApiError) -> DeliveryError:
    status = exc.response.status_code
    error = str(exc.response.get("error") or f"HTTP {status}")
    if status == 429:
        retry_after = float(exc.response.headers.get("Retry-After", 1) or 1)
        return DeliveryError(f"Slack rate limit ({error})", retry_after=retry_after)
    return DeliveryError(f"Slack refused the message: {error}", permanent=error in PERMANENT_ERRORS)


def _no_destination(outbound: Outbound) -> str:
    if outbound.partnership_id is not None:
        return f"partnership {outbound.partnership_id} has no Slack channel (channels.slack)"
    return f"person {outbound.person_id} has no Slack id (slack) in the data file"
