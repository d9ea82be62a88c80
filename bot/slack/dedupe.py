"""Slack retries an event it thinks we missed (X-Slack-Retry-Num); Bolt does not notice.

This global middleware runs after signature verification, records each `event_id` in the
store, and acknowledges a repeat without handling it again, so a retried message never
stores an update twice, even when the retry reaches another replica.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from schedules.clock import Clock
from store.db import Store
from store.events import forget_events, record_event

log = logging.getLogger(__name__)

KEEP_EVENTS = timedelta(days=1)
PRUNE_EVERY = timedelta(hours=1)


class EventDedupe(AsyncMiddleware):
    """A middleware class rather than a function: Bolt builds some thirty keyword
    arguments for a function middleware on every request, and this runs on every one."""

    def __init__(self, *, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        self.last_pruned: datetime | None = None

    async def async_process(
        self,
        *,
        req: AsyncBoltRequest,
        resp: BoltResponse,
        next: Callable[[], Awaitable[BoltResponse]],
    ) -> BoltResponse | None:
        body = req.body
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not await asyncio.to_thread(self.first_time, str(event_id)):
            retry = req.headers.get("x-slack-retry-num", ["?"])[0] if req.headers else "?"
            log.info(
                "Slack event %s already handled (retry %s): acknowledged only", event_id, retry
            )
            return BoltResponse(status=200, body="")
        return await next()

    def first_time(self, event_id: str) -> bool:
        now = self.clock.now()
        with self.store.transaction() as session:
            if self.last_pruned is None or now - self.last_pruned > PRUNE_EVERY:
                # Slack stops retrying within the hour; a day of ids is plenty to keep.
                forget_events(session, platform="slack", before=now - KEEP_EVENTS)
                self.last_pruned = now
            return record_event(session, platform="slack", event_id=event_id, at=now)
