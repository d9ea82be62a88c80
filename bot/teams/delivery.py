"""Posting to Teams through the SDK, with Teams' failures turned into DeliveryError.

Replies to people and proactive messages both come through here. A reply is retried in the
background after a failure; a proactive message's retries belong to the reminder sweep.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from bot.metrics import Metrics
from bot.teams.sdk import App, Attachment, MessageActivityInput
from handlers.types import DeliveryError

log = logging.getLogger(__name__)

CARD = "application/vnd.microsoft.card.adaptive"
# Teams answers 403 when the bot was removed or blocked, 404 for a conversation that is
# gone, 400 for a message it will never accept: trying again cannot help. A 401 (our token
# refused) is worth retrying: it lasts only until the secret is put right.
PERMANENT_STATUSES = frozenset({400, 403, 404})
DEFAULT_RETRY_AFTER = 5.0
REPLY_DELAYS = (0.5, 2.0, 8.0, 30.0)


@dataclass(frozen=True)
class Target:
    conversation_id: str
    service_url: str


class TeamsSender:
    def __init__(self, app: App, ready: Callable[[], Awaitable[None]], metrics: Metrics) -> None:
        self._app = app
        self._ready = ready
        self._metrics = metrics

    async def post(self, target: Target, card: dict[str, Any]) -> None:
        """Post an Adaptive Card as a new message."""
        await self._send(target, card, activity_id=None)

    async def update(self, target: Target, activity_id: str, card: dict[str, Any]) -> None:
        """Replace an earlier message's card, for everyone in the conversation."""
        await self._send(target, card, activity_id=activity_id)

    async def _send(self, target: Target, card: dict[str, Any], *, activity_id: str | None) -> None:
        await self._ready()
        activity = MessageActivityInput().add_attachments(
            Attachment(content_type=CARD, content=card)
        )
        activity.id = activity_id
        method = "update" if activity_id else "post"
        try:
            await self._app.send(target.conversation_id, activity, service_url=target.service_url)
        except Exception as exc:
            self._metrics.api_call("teams", method, _outcome(exc))
            raise delivery_error(exc) from exc
        self._metrics.api_call("teams", method, "ok")


def _outcome(exc: Exception) -> str:
    """A failed call's outcome label: the HTTP status Teams answered, else `exception`."""
    if isinstance(exc, httpx.HTTPStatusError):
        return str(exc.response.status_code)
    return "exception"


def delivery_error(exc: Exception) -> DeliveryError:
    """What a failed call to the Bot Connector means for trying again."""
    if isinstance(exc, httpx.HTTPStatusError):
        status = exc.response.status_code
        reason = f"Teams answered HTTP {status}"
        if status == 429:
            return DeliveryError(reason, retry_after=_retry_after(exc.response))
        return DeliveryError(reason, permanent=status in PERMANENT_STATUSES)
    if isinstance(exc, httpx.TransportError):
        return DeliveryError(f"could not reach Teams: {type(exc).__name__}")
    return DeliveryError(f"sending to Teams failed: {type(exc).__name__}")


def _retry_after(response: httpx.Response) -> float:
    try:
        return max(0.0, float(response.headers.get("Retry-After", "")))
    except ValueError:
        return DEFAULT_RETRY_AFTER


async def with_retries(what: str, attempt: Callable[[], Awaitable[None]]) -> None:
    """Run `attempt` until it succeeds, waiting longer each time; log each failure."""
    for number in range(len(REPLY_DELAYS) + 1):
        try:
            await attempt()
            return
        except DeliveryError as exc:
            if exc.permanent or number == len(REPLY_DELAYS):
                log.error("giving up on %s: %s", what, exc.reason)
                return
            wait = exc.retry_after if exc.retry_after is not None else REPLY_DELAYS[number]
            log.warning("%s failed (%s); trying again in %.1f s", what, exc.reason, wait)
            await asyncio.sleep(wait)
