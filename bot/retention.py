"""While serving, forget unanswered messages once they are past keeping."""

import asyncio
import logging

from handlers.unanswered import forget_old
from schedules.clock import Clock
from store.db import Store

log = logging.getLogger(__name__)

EVERY_SECONDS = 3600.0


async def forget_old_unanswered(
    store: Store, clock: Clock, *, days: int, every: float = EVERY_SECONDS
) -> None:
    """At start, then every `every` seconds, until cancelled; a failure waits for the next."""
    while True:
        try:
            gone = await asyncio.to_thread(forget_old, store, now=clock.now(), days=days)
            if gone:
                log.info("forgot %d unanswered messages older than %d days", gone, days)
        except Exception:
            log.exception("could not forget old unanswered messages")
        await asyncio.sleep(every)
