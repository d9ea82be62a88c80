"""Two replicas, each with its own engine, on one real PostgreSQL: 1,000 due reminders,
exactly 1,000 sends, none lost; two plans at once, each row once."""

import asyncio
import threading
from datetime import UTC, date, datetime, timedelta

from schedules.clock import FixedClock
from schedules.planner import replan
from schedules.sweep import SweepConfig, sweep
from store import deliveries
from store.db import Store
from tests.schedules.support import CountingNotifier, seed


def test_two_replicas_never_send_twice(postgres_url: str) -> None:
    store = Store.open(postgres_url)
    milestones = [
        {"id": f"m{n}", "title": f"Return {n}", "due_date": date(2026, 12, 10), "remind": [1]}
        for n in range(500)
    ]
    seed(store, *milestones)  # each to the coordinator and the channel: 1,000 rows
    clock = FixedClock(datetime(2026, 12, 9, 9, tzinfo=UTC))
    replan(store, now=clock.now() - timedelta(hours=1), escalation_days=0)
    notifier = CountingNotifier()

    def replica(name: str) -> None:
        own = Store.open(postgres_url, migrate=False)
        config = SweepConfig(worker=name, batch=50)
        for _ in range(40):
            asyncio.run(sweep(own, notifier, clock, config))
        own.dispose()

    threads = [threading.Thread(target=replica, args=(f"r{n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ids = [o.delivery_id for o in notifier.sent]
    assert len(ids) == 1000 and len(set(ids)) == 1000
    with store.session() as session:  # the later weekly digests wait their turn
        rows = [r for r in deliveries.deliveries(session) if r.kind == "reminder"]
    assert len(rows) == 1000 and {r.status for r in rows} == {"sent"}
    store.dispose()


def test_two_replicas_planning_at_once_insert_each_row_once(postgres_url: str) -> None:
    store = Store.open(postgres_url)
    milestones = [
        {"id": f"m{n}", "title": f"Return {n}", "due_date": date(2026, 12, 10),
         "repeat": "FREQ=WEEKLY", "remind": [7, 1]}
        for n in range(200)
    ]  # fmt: skip
    seed(store, *milestones)
    now = datetime(2026, 11, 24, 12, tzinfo=UTC)
    start = threading.Barrier(2)
    inserted: list[int] = []

    def replica() -> None:
        own = Store.open(postgres_url, migrate=False)
        start.wait()
        inserted.append(replan(own, now=now, horizon_days=90, escalation_days=0).inserted)
        own.dispose()

    threads = [threading.Thread(target=replica) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with store.session() as session:
        rows = deliveries.deliveries(session)
    keys = {(r.kind, r.subject, r.occurrence, r.offset_days, r.recipient) for r in rows}
    assert len(inserted) == 2 and len(rows) == len(keys) == max(inserted)
    store.dispose()
