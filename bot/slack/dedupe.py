"""Slack retries an event it thinks we missed (X-Slack-Retry-Num); Bolt does not notice.

This global middleware runs after signature verification, records each `event_id` in the
store, and acknowledges a repeat without handling it again, so a retried message never
stores an update twice, even when the retry reaches another replica.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from schedules.clock import Clock
from store.db import Store
from store.events import forget_events, record_event

log = logging.getLogger(__name__)

KEEP_EVENTS = timedelta(days=1)
PRUNE_EVERY = timedelta(hours=1)

Middleware = Callable[..., Awaitable[Any]]
Next = Callable[[], Awaitable[BoltResponse | None]]


def dedupe_middleware(*, store: Store, clock: Clock) -> Middleware:
    last_pruned: datetime | None = None

    def first_time(event_id: str) -> bool:
        nonlocal last_pruned
        now = clock.now()
        with store.transaction() as session:
            if last_pruned is None or now - last_pruned > PRUNE_EVERY:
                # Slack stops retrying within the hour; a day of ids is plenty to keep.
                forget_events(session, platform="slack", before=now - KEEP_EVENTS)
                last_pruned = now
            return record_event(session, platform="slack", event_id=event_id, at=now)

    async def dedupe(
        body: dict[str, Any],
        req: AsyncBoltRequest,
        next: Next,
    ) -> BoltResponse | None:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not await asyncio.to_thread(first_time, str(event_id)):
            retry = req.headers.get("x-slack-retry-num", ["?"])[0] if req.headers else "?"
            log.info(
                "Slack event %s already handled (retry %s): acknowledged only", event_id, retry
            )
            return BoltResponse(status=200, body="")
        return await next()

    return dedupe
