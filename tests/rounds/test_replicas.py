"""Two replicas, each with its own engine, on one real PostgreSQL: every round message of
sixty leads goes exactly once."""

import asyncio
import threading
from collections import Counter
from datetime import datetime

from schedules.clock import FixedClock
from schedules.planner import replan
from schedules.sweep import SweepConfig, sweep
from store.db import Store
from store.tables import Person, Priority
from tests.rounds.support import seed_round, utc
from tests.schedules.support import CountingNotifier

LEADS = 60


def seed_many_leads(store: Store) -> None:
    seed_round(store)
    with store.transaction() as session:
        for n in range(LEADS - 2):
            session.add(Person(id=f"p{n}", name=f"Lead {n}"))
            session.flush()
            session.add(
                Priority(id=f"i{n}", partnership_id="csp", name=f"Item {n}", lead_id=f"p{n}",
                         plan_id="now", position=10 + n)
            )  # fmt: skip


def two_replicas(url: str, notifier: CountingNotifier, at: datetime) -> None:
    def replica(name: str) -> None:
        own = Store.open(url, migrate=False)
        for _ in range(10):
            asyncio.run(sweep(own, notifier, FixedClock(at), SweepConfig(worker=name, batch=7)))
        own.dispose()

    threads = [threading.Thread(target=replica, args=(f"r{n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_two_replicas_send_each_round_message_once(postgres_url: str) -> None:
    store = Store.open(postgres_url)
    seed_many_leads(store)
    replan(store, now=utc(2026, 12, 1))
    notifier = CountingNotifier()
    for at in (utc(2026, 12, 24, 9), utc(2027, 1, 5, 9), utc(2027, 1, 7, 9)):
        two_replicas(postgres_url, notifier, at)
    sent = [o for o in notifier.sent if o.reply.template != "digest"]
    kinds = Counter(o.reply.template for o in sent)
    assert kinds == {"checkin": LEADS, "chase": LEADS, "checkin_summary": 1}
    assert len({o.delivery_id for o in sent}) == len(sent)
    assert len({(o.person_id, o.reply.template) for o in sent}) == len(sent)
    store.dispose()
