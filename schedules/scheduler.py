"""APScheduler 3.x as a trigger only: each replica's in-memory jobs start a sweep and, now
and then, a re-plan. The truth is in the delivery table, so a missed or doubled trigger
changes nothing (no job store, nothing pickled, nothing shared between schedulers)."""

import asyncio
import logging
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from handlers.types import Notifier
from schedules.clock import Clock
from schedules.planner import PlanResult, replan
from schedules.sweep import SweepConfig, SweepResult, sweep
from store.db import Store

log = logging.getLogger(__name__)


def worker_name() -> str:
    """Names this process in claims, so a stale claim can be traced to its replica."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass(frozen=True)
class Timing:
    sweep_seconds: float = 60.0
    lease_seconds: float = 60.0
    plan_minutes: float = 15.0
    horizon_days: int = 42
    escalation_days: int = 3


class ReminderScheduler:
    def __init__(self, *, store: Store, notifier: Notifier, clock: Clock, timing: Timing) -> None:
        self.store, self.notifier, self.clock, self.timing = store, notifier, clock, timing
        self.config = SweepConfig(
            worker=worker_name(), lease=timedelta(seconds=timing.lease_seconds)
        )
        self._scheduler = AsyncIOScheduler(timezone="UTC")
        # One sweep at a time in this process; other replicas are kept apart by the claims.
        self._sweeping = asyncio.Lock()

    async def sweep_once(self) -> SweepResult:
        async with self._sweeping:
            result = await sweep(self.store, self.notifier, self.clock, self.config)
        if result.claimed:
            log.info("sweep: %s", result)
        return result

    async def plan_once(self) -> PlanResult:
        result = await asyncio.to_thread(
            replan,
            self.store,
            now=self.clock.now(),
            horizon_days=self.timing.horizon_days,
            escalation_days=self.timing.escalation_days,
        )
        log.info("plan: %s", result)
        return result

    async def _guarded(self, job: str) -> None:
        try:
            await (self.sweep_once() if job == "sweep" else self.plan_once())
        except Exception:
            # The next trigger tries again; the rows keep the truth in the meantime.
            log.exception("the %s job failed", job)

    async def start(self) -> None:
        """Catch up first (due and overdue rows from before a restart go out now, as late or
        in a missed summary), then plan, then keep triggering."""
        await self._guarded("sweep")
        await self._guarded("plan")
        await self._guarded("sweep")
        common = {"max_instances": 1, "coalesce": True, "misfire_grace_time": None}
        self._scheduler.add_job(
            self._guarded, "interval", args=["sweep"], seconds=self.timing.sweep_seconds, **common
        )
        self._scheduler.add_job(
            self._guarded, "interval", args=["plan"], minutes=self.timing.plan_minutes, **common
        )
        self._scheduler.start()

    def shutdown(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
