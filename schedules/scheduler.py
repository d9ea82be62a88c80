"""APScheduler 3.x as a trigger only: each replica's in-memory jobs start a sweep and, now
and then, a re-plan. The truth is in the delivery table, so a missed or doubled trigger
changes nothing (no job store, nothing pickled, nothing shared between schedulers)."""

import asyncio
import logging
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from handlers.memory import one_big_job_at_a_time
from handlers.types import Notifier
from schedules.clock import Clock
from schedules.planner import PlanResult, replan
from schedules.sweep import SweepConfig, SweepResult, sweep
from store.db import Store, StoreUnavailable
from store.directory import data_version

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


# How long a stopping process waits for the sweep under way: with uvicorn's own graceful
# shutdown (bot/commands/serve.py) it keeps the whole exit within ten seconds.
STOP_SECONDS = 4.0

# Told of each finished sweep, with how long it took in seconds (the metrics in bot/).
SweepListener = Callable[[SweepResult, float], None]


class ReminderScheduler:
    def __init__(self, *, store: Store, notifier: Notifier, clock: Clock, timing: Timing) -> None:
        self.store, self.notifier, self.clock, self.timing = store, notifier, clock, timing
        self.config = SweepConfig(
            worker=worker_name(), lease=timedelta(seconds=timing.lease_seconds)
        )
        self._scheduler = AsyncIOScheduler(timezone="UTC")
        # One sweep at a time in this process; other replicas are kept apart by the claims.
        self._sweeping = asyncio.Lock()
        # When the last sweep finished without an error: readiness asks whether it is recent.
        self.last_swept: datetime | None = None
        self.sweep_listeners: list[SweepListener] = []
        self._stopping = False
        self._starting: asyncio.Task[None] | None = None
        self._planned_version: tuple[int, ...] | None = None
        self._jobs: dict[str, Callable[[], Awaitable[object]]] = {
            "sweep": self.sweep_once,
            "plan": self.plan_once,
            "replan and sweep": self._replan_and_sweep,
        }

    def stopping(self) -> bool:
        return self._stopping

    async def sweep_once(self) -> SweepResult:
        if self._stopping:
            return SweepResult()
        async with self._sweeping:
            started = time.perf_counter()
            result = await sweep(
                self.store, self.notifier, self.clock, self.config, stopping=self.stopping
            )
            took = time.perf_counter() - started
        self.last_swept = self.clock.now()
        for listener in self.sweep_listeners:
            listener(result, took)
        if result.claimed:
            log.info("sweep: %s", result)
        return result

    async def plan_once(self) -> PlanResult:
        # Read before planning: a change made while it plans moves the version again.
        version = await asyncio.to_thread(data_version, self.store)
        result = await asyncio.to_thread(self._plan, self.clock.now())
        self._planned_version = version
        log.info("plan: %s", result)
        return result

    def _plan(self, now: datetime) -> PlanResult:
        # Not while the snapshot of the plans is built (handlers/memory.py), and what
        # planning allocated for a while is given back after.
        with one_big_job_at_a_time():
            return replan(
                self.store,
                now=now,
                horizon_days=self.timing.horizon_days,
                escalation_days=self.timing.escalation_days,
            )

    async def plan_if_changed(self) -> None:
        """Plan again now when the data changed since this replica last planned (an
        import, on any replica): a reminder that became due with it goes out at this
        sweep, not at the next periodic re-plan. One indexed query when nothing changed."""
        if await asyncio.to_thread(data_version, self.store) != self._planned_version:
            log.info("the data changed since the last plan: planning again")
            await self.plan_once()

    async def _guarded(self, job: str) -> None:
        if self._stopping:
            return
        try:
            self.store.check_identity()  # a deleted database file: not even a read
            await self._jobs[job]()
        except StoreUnavailable:
            pass  # the store logged why, once; the next trigger checks again
        except Exception:
            # The next trigger tries again; the rows keep the truth in the meantime.
            log.exception("the %s job failed", job)

    async def start(self) -> None:
        """Starts in the background, so that the web app serves (and /healthz answers) at
        once, even with a long backlog; /readyz waits for the first sweep."""
        self._starting = asyncio.create_task(self._catch_up_then_trigger())

    async def _replan_and_sweep(self) -> SweepResult:
        await self.plan_if_changed()
        return await self.sweep_once()

    @property
    def caught_up(self) -> bool:
        """The start-up sweeps and plan are done and the triggers run."""
        return self._starting is not None and self._starting.done()

    async def _catch_up_then_trigger(self) -> None:
        """Catch up first (due and overdue rows from before a restart go out now, as late or
        in a missed summary), then plan, then keep triggering."""
        await self._guarded("sweep")
        await self._guarded("plan")
        await self._guarded("sweep")
        if self._stopping:
            return
        common = {"max_instances": 1, "coalesce": True, "misfire_grace_time": None}
        self._scheduler.add_job(
            self._guarded,
            "interval",
            args=["replan and sweep"],
            seconds=self.timing.sweep_seconds,
            **common,
        )
        self._scheduler.add_job(
            self._guarded, "interval", args=["plan"], minutes=self.timing.plan_minutes, **common
        )
        self._scheduler.start()

    def shutdown(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)

    async def stop(self, *, timeout: float = STOP_SECONDS) -> None:
        """At SIGTERM: no new sweep or plan; a sweep under way finishes the message it is
        sending, records it and releases the rest of its claims (other replicas take them
        at once). Waits up to `timeout` for that; after it, what is still claimed passes to
        another replica when its lease ends."""
        self._stopping = True
        if self._scheduler.running:
            # Paused, not shut down: shutting APScheduler down cancels the job under way.
            self._scheduler.pause()
        try:
            await asyncio.wait_for(self._idle(), timeout)
        except TimeoutError:
            log.warning(
                "a sweep was still sending after %.0f s; its claims pass to another replica "
                "when their lease ends",
                timeout,
            )
        else:
            log.info("reminders stopped: nothing in flight")
        finally:
            self.shutdown()

    async def _idle(self) -> None:
        if self._starting is not None:
            await asyncio.shield(self._starting)  # a timeout must not cancel the catch-up
        async with self._sweeping:
            pass
