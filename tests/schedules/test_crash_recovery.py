"""A sweep that dies mid-batch: what it sent stays sent, what it held is taken over soon,
and a live sweep keeps its claims however long its batch takes."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from handlers.types import Outbound
from schedules.clock import FixedClock
from schedules.planner import replan
from schedules.sweep import SweepConfig, sweep
from store import deliveries
from store.db import Store
from tests.schedules.support import CountingNotifier, day, seed


class Killed(BaseException):
    """Stands for kill -9: nothing of the sweep's own error handling runs after it."""


class DyingNotifier(CountingNotifier):
    """Delivers `survive` messages, then the process 'dies' while sending the next."""

    def __init__(self, survive: int) -> None:
        super().__init__()
        self.survive = survive

    async def deliver(self, outbound: Outbound) -> None:
        if len(self.sent) == self.survive:
            raise Killed()
        await super().deliver(outbound)


def _seed_due(store: Store, count: int) -> FixedClock:
    """`count` milestones each reminding the coordinator and the channel at 09:00 today."""
    seed(
        store,
        *(
            {"id": f"m{n}", "title": f"Return {n}", "due_date": day("2026-12-10"), "remind": [1]}
            for n in range(count)
        ),
    )
    clock = FixedClock(datetime(2026, 12, 9, 9, tzinfo=UTC))
    replan(store, now=clock.now() - timedelta(hours=1), escalation_days=0)
    return clock


def test_a_crash_mid_batch_resends_nothing_that_was_sent(store: Store) -> None:
    clock = _seed_due(store, 30)  # 60 rows, one batch
    dying = DyingNotifier(survive=41)
    with pytest.raises(Killed):
        asyncio.run(sweep(store, dying, clock, SweepConfig(worker="dead")))
    with store.session() as session:
        sent = deliveries.deliveries(session, statuses=["sent"])
    assert len(sent) == 41
    clock.advance(minutes=2)  # the dead worker's lease has run out
    survivor = CountingNotifier()
    asyncio.run(sweep(store, survivor, clock, SweepConfig(worker="alive")))
    first = [o.delivery_id for o in dying.sent]
    second = [o.delivery_id for o in survivor.sent]
    assert len(second) == 19 and not set(first) & set(second)
    assert sorted(first + second) == sorted({*first, *second}) and len(first + second) == 60


def test_a_dead_claim_is_taken_over_within_two_minutes_and_is_not_late(store: Store) -> None:
    clock = _seed_due(store, 1)
    with pytest.raises(Killed):
        asyncio.run(sweep(store, DyingNotifier(survive=0), clock, SweepConfig(worker="dead")))
    survivor = CountingNotifier()
    clock.advance(seconds=30)
    asyncio.run(sweep(store, survivor, clock, SweepConfig(worker="alive")))
    assert survivor.sent == []  # a live process could still be sending it
    clock.advance(seconds=90)
    asyncio.run(sweep(store, survivor, clock, SweepConfig(worker="alive")))
    assert len(survivor.sent) == 2
    assert {o.reply.data["late"] for o in survivor.sent} == {False}


class SlowNotifier(CountingNotifier):
    """Each send takes 45 (fixed-clock) seconds; meanwhile another replica sweeps."""

    def __init__(self, store: Store, clock: FixedClock) -> None:
        super().__init__()
        self.store, self.clock = store, clock
        self.other = CountingNotifier()

    async def deliver(self, outbound: Outbound) -> None:
        self.clock.advance(seconds=45)
        config = SweepConfig(worker="other")
        # The other replica's sweep, run to completion in between two of our sends.
        await sweep(self.store, self.other, self.clock, config)
        await super().deliver(outbound)


def test_a_live_sweep_keeps_its_claims_however_long_the_batch(store: Store) -> None:
    clock = _seed_due(store, 15)  # 30 sends of 45 s: 22.5 minutes, far beyond any lease
    slow = SlowNotifier(store, clock)
    result = asyncio.run(sweep(store, slow, clock, SweepConfig(worker="slow")))
    assert result.sent == 30 and slow.other.sent == []
    assert len({o.delivery_id for o in slow.sent}) == 30
