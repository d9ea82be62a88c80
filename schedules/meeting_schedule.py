"""`cspbot serve` syncs committee meetings from ModernGov every CSPBOT_MEETINGS_SYNC_HOURS
(first soon after it starts), with APScheduler 3.x as a trigger only, as the reminders do.

A sync that fails in any way is logged and tried again at the next trigger; it never stops
the server. Replicas may each sync: a sync is idempotent, and a meeting's changes commit
in one transaction (a second replica finds nothing left to do).
"""

import asyncio
import logging
from dataclasses import dataclass

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from schedules.clock import Clock
from schedules.meetings import SyncResult, sync_meetings
from store import meetings as synced
from store.db import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncTiming:
    hours: float = 24.0
    timeout_seconds: float = 10.0
    horizon_days: int = 42
    escalation_days: int = 3


class MeetingSyncScheduler:
    def __init__(self, *, store: Store, clock: Clock, timing: SyncTiming) -> None:
        self.store, self.clock, self.timing = store, clock, timing
        self._scheduler = AsyncIOScheduler(timezone="UTC")
        self._first: asyncio.Task[None] | None = None

    def _sync(self) -> SyncResult:
        with self.store.session() as session:
            if not synced.any_meeting_source(session):
                # Most servers follow no committee: no client, and httpx never loaded (it
                # brings rich and pygments for its command line, 4 MB of a server's memory).
                return SyncResult()
        import httpx

        with httpx.Client(timeout=self.timing.timeout_seconds) as client:
            return sync_meetings(
                self.store,
                client,
                now=self.clock.now(),
                horizon_days=self.timing.horizon_days,
                escalation_days=self.timing.escalation_days,
            )

    async def sync_once(self) -> SyncResult:
        result = await asyncio.to_thread(self._sync)
        if result.committees:
            log.info(
                "meetings sync: %d committees, %d changes, %d failed",
                result.committees,
                len(result.changes),
                len(result.failures),
            )
        return result

    async def _guarded(self) -> None:
        try:
            await self.sync_once()
        except Exception:
            log.exception("the meetings sync failed; it runs again at the next trigger")

    async def start(self) -> None:
        # In the background: a slow council site must not hold up the server's start.
        self._first = asyncio.create_task(self._guarded())
        self._scheduler.add_job(
            self._guarded,
            "interval",
            hours=self.timing.hours,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,
        )
        self._scheduler.start()

    def shutdown(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
