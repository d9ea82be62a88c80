"""Liveness and readiness. `/healthz` says only that the process answers; `/readyz` runs
the named checks below and says which fail, so a load balancer sends no work to a
replica that cannot do it and an operator sees why."""

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from schedules.clock import Clock
from schedules.scheduler import ReminderScheduler
from store.db import Store, current_revision, head_revision

log = logging.getLogger(__name__)

# A check that takes longer than this has failed: a readiness probe must answer promptly.
CHECK_SECONDS = 5.0
# The scheduler is alive while its last sweep is at most this many sweep intervals old.
SWEEP_INTERVALS = 3


@dataclass(frozen=True)
class Check:
    name: str
    # Returns None when all is well, else what is wrong, in a few words for an operator.
    probe: Callable[[], str | None]


def database_check(store: Store) -> Check:
    def probe() -> str | None:
        store.ping()
        return None

    return Check("database", probe)


def database_file_check(store: Store) -> Check:
    """The SQLite file this process opened is still there and still the same file (a
    deleted database must not be answered from, nor written to a new empty one)."""
    return Check("database_file", store.health)


def migrations_check(store: Store) -> Check:
    head = head_revision()

    def probe() -> str | None:
        current = current_revision(store.engine)
        return None if current == head else f"schema at {current}, expected {head}"

    return Check("migrations", probe)


def scheduler_check(reminders: ReminderScheduler, clock: Clock, sweep_seconds: float) -> Check:
    longest = timedelta(seconds=SWEEP_INTERVALS * sweep_seconds)

    def probe() -> str | None:
        last = reminders.last_swept
        if last is None:
            return "no sweep has finished yet"
        if clock.now() - last > longest:
            return f"last sweep finished at {last.isoformat()}, more than {longest} ago"
        return None

    return Check("scheduler", probe)


async def _run(check: Check) -> str | None:
    try:
        return await asyncio.wait_for(asyncio.to_thread(check.probe), CHECK_SECONDS)
    except TimeoutError:
        return f"no answer within {CHECK_SECONDS:.0f} s"
    except Exception as exc:
        # The reason goes to the log (one line: a probe runs every few seconds while the
        # database is away); the probe's caller gets the check's name and the error's kind.
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        log.warning("readiness check %s failed: %s", check.name, reason[0] if reason else exc)
        return f"failed ({type(exc).__name__})"


async def readiness(checks: list[Check]) -> tuple[bool, dict[str, object]]:
    """Whether every check passes, and the body `/readyz` answers with."""
    problems = await asyncio.gather(*(_run(check) for check in checks))
    results = {check.name: problem or "ok" for check, problem in zip(checks, problems, strict=True)}
    failing = [check.name for check, problem in zip(checks, problems, strict=True) if problem]
    body: dict[str, object] = {"status": "not ready" if failing else "ready", "checks": results}
    if failing:
        body["failing"] = failing
    return not failing, body
