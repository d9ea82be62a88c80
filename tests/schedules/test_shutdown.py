"""Stopping the reminders (SIGTERM): the message being sent is finished and recorded, the
rest of the claimed batch goes back to pending at once, unsent and with no attempt spent,
and no new sweep starts."""

import asyncio
from datetime import UTC, date, datetime, timedelta

from handlers.types import Outbound
from schedules.clock import FixedClock
from schedules.planner import replan
from schedules.scheduler import ReminderScheduler, Timing
from store import deliveries
from store.db import Store
from tests.schedules.support import seed

NOW = datetime(2026, 12, 9, 9, tzinfo=UTC)


class HeldNotifier:
    """Holds the first message until the test lets it go."""

    def __init__(self) -> None:
        self.sent: list[Outbound] = []
        self.sending = asyncio.Event()
        self.release = asyncio.Event()

    async def deliver(self, outbound: Outbound) -> None:
        self.sending.set()
        await self.release.wait()
        self.sent.append(outbound)


def test_stopping_finishes_the_send_in_flight_and_releases_the_rest(store: Store) -> None:
    milestones = [
        {"id": f"m{n}", "title": f"Return {n}", "due_date": date(2026, 12, 10), "remind": [1]}
        for n in range(5)
    ]
    seed(store, *milestones)  # each to the coordinator and the channel: 10 rows
    replan(store, now=NOW - timedelta(hours=1), escalation_days=0)
    notifier = HeldNotifier()
    clock = FixedClock(NOW)
    reminders = ReminderScheduler(store=store, notifier=notifier, clock=clock, timing=Timing())

    async def scenario() -> None:
        sweeping = asyncio.create_task(reminders.sweep_once())
        await notifier.sending.wait()
        stopping = asyncio.create_task(reminders.stop(timeout=10))
        await asyncio.sleep(0)  # stop() has begun: it waits for the sweep
        assert not stopping.done()
        notifier.release.set()
        await asyncio.gather(sweeping, stopping)
        assert (await reminders.sweep_once()).claimed == 0, "no sweep after stopping"

    asyncio.run(scenario())
    assert len(notifier.sent) == 1
    with store.session() as session:
        rows = [r for r in deliveries.deliveries(session) if r.kind == "reminder"]
    sent = [r for r in rows if r.status == "sent"]
    assert [r.id for r in sent] == [notifier.sent[0].delivery_id]
    pending = [r for r in rows if r.status == "pending"]
    assert len(pending) == 9
    assert all(r.claimed_by is None and r.attempts == 0 for r in pending)
    assert all(r.next_attempt_at <= NOW for r in pending), "due again at once"
