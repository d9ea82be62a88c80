"""Reminder benchmark: planning 50,000 milestones over a year, and one sweep with nothing
due and with 1,000 due. Run: .venv/bin/python -m bench.reminders [--db URL]"""

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import text

from handlers.types import Outbound
from schedules.clock import FixedClock
from schedules.occurrences import DEFAULT_OFFSETS
from schedules.planner import replan
from schedules.sweep import SweepConfig, sweep
from store.db import Store
from store.tables import Milestone, Partnership, Person

MILESTONES, PARTNERSHIPS = 50_000, 500
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)  # a Monday, after the digests went


class CountingNotifier:
    def __init__(self) -> None:
        self.count = 0

    async def deliver(self, outbound: Outbound) -> None:
        self.count += 1


def populate(store: Store) -> None:
    kinds = sorted(DEFAULT_OFFSETS)
    with store.transaction() as session:
        session.add_all(Person(id=f"p{n}", name=f"Officer {n}") for n in range(PARTNERSHIPS * 2))
        session.flush()
        session.add_all(
            Partnership(id=f"csp{n}", name=f"CSP {n}", coordinator_id=f"p{n}")
            for n in range(PARTNERSHIPS)
        )
        session.flush()
        session.add_all(
            Milestone(
                id=f"m{n}",
                partnership_id=f"csp{n % PARTNERSHIPS}",
                title=f"Milestone {n}",
                kind=kinds[n % len(kinds)],
                due_date=date(2026, 12, 1) + timedelta(days=n % 365),
                repeat="FREQ=YEARLY" if n % 3 else None,
                owner_id=f"p{PARTNERSHIPS + n % PARTNERSHIPS}" if n % 2 else None,
            )
            for n in range(MILESTONES)
        )


class Stopwatch:
    """Wall time, and the CPU time of this process (the fairer figure on a busy machine)."""

    def __enter__(self) -> "Stopwatch":
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu

    def show(self, label: str, extra: str = "") -> None:
        print(f"{label:<40} {self.wall * 1000:9.1f} ms wall {self.cpu * 1000:9.1f} ms CPU  {extra}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    store = Store.open(args.db or f"sqlite:///{folder.name}/bench.db")
    populate(store)
    with Stopwatch() as watch:
        result = replan(store, now=NOW, horizon_days=365)
    watch.show("plan 50,000 milestones over a year", f"({result.inserted} rows)")
    with Stopwatch() as watch:
        again = replan(store, now=NOW, horizon_days=365)
    watch.show("re-plan a year, nothing changed", f"({again.replanned} planned again)")
    with store.transaction() as session:
        session.execute(text("DELETE FROM planmark"))
    with Stopwatch() as watch:
        again = replan(store, now=NOW, horizon_days=365)
    watch.show("re-plan a year, everything changed", f"({again.rescheduled} moved)")
    with store.transaction() as session:
        session.execute(text("DELETE FROM planmark"))
        session.execute(text("DELETE FROM delivery"))
    with Stopwatch() as watch:
        result = replan(store, now=NOW)
    watch.show("plan the default 42-day horizon", f"({result.inserted} rows)")
    replan(store, now=NOW, horizon_days=365)

    # Sweep long before anything is due: the same indexed queries as an idle sweep now,
    # without first catching up the late reminders the planning produced.
    notifier = CountingNotifier()
    config = SweepConfig(worker="bench", batch=200)
    clock = FixedClock(NOW - timedelta(days=400))
    idle = []
    for _ in range(50):
        with Stopwatch() as watch:
            asyncio.run(sweep(store, notifier, clock, config))
        idle.append(watch.wall)
    print(
        f"{'idle sweep, median of 50':<40} {statistics.median(idle) * 1000:9.1f} ms wall "
        f"(max {max(idle) * 1000:.1f} ms)"
    )

    with store.transaction() as session:
        session.execute(
            text(
                "UPDATE delivery SET next_attempt_at = :due WHERE id IN (SELECT id FROM delivery "
                "WHERE kind = 'reminder' AND status = 'pending' ORDER BY id LIMIT 1000)"
            ),
            {"due": clock.now()},
        )
    with Stopwatch() as watch:
        swept = asyncio.run(sweep(store, notifier, clock, config))
    watch.show("sweep with 1,000 due", f"({swept.claimed} rows, {notifier.count} messages)")
    store.dispose()


if __name__ == "__main__":
    main()
