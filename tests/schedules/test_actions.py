"""Done and snooze per occurrence, with permissions; later occurrences go on."""

import asyncio
from datetime import UTC, datetime

from handlers.occurrence_actions import (
    find_current_occurrence,
    mark_done,
    snooze,
    snooze_until,
)
from handlers.types import Identity
from schedules.clock import FixedClock
from schedules.planner import replan
from schedules.sweep import SweepConfig, sweep
from store.db import Store
from tests.schedules.support import CountingNotifier, day, seed

OWNER = Identity(platform="terminal", user_id="", person_id="owner")
OTHER = Identity(platform="terminal", user_id="", person_id="other")
ADMIN = Identity(platform="terminal", user_id="", person_id="admin")


def _seed(store: Store) -> None:
    seed(
        store,
        {
            "id": "sv",
            "title": "SV return",
            "due_date": day("2026-12-10"),
            "repeat": "FREQ=MONTHLY",
            "remind": [7, 1],
            "owner_id": "owner",
        },
    )


def test_done_stops_this_occurrence_only(store: Store) -> None:
    _seed(store)
    clock = FixedClock(datetime(2026, 12, 1, 12, tzinfo=UTC))
    replan(store, now=clock.now(), escalation_days=0)
    at = clock.now()
    assert find_current_occurrence(store, milestone_id="sv", at=at) == day("2026-12-10")
    refused = mark_done(store, milestone_id="sv", occurrence=day("2026-12-10"), actor=OTHER, at=at)
    assert (refused.template, refused.data["reason"]) == ("occurrence_refused", "not_allowed")
    reply = mark_done(store, milestone_id="sv", occurrence=day("2026-12-10"), actor=OWNER, at=at)
    assert reply.template == "occurrence_done" and reply.data["who"] == "The Owner"
    assert reply.data["occurrence_text"] == "10 December 2026"
    # Still the current one, now done: "done" again says so rather than marking January.
    assert find_current_occurrence(store, milestone_id="sv", at=at) == day("2026-12-10")
    again = mark_done(store, milestone_id="sv", occurrence=day("2026-12-10"), actor=OWNER, at=at)
    assert (again.template, again.data["reason"]) == ("occurrence_refused", "already_done")
    later = datetime(2026, 12, 11, 12, tzinfo=UTC)  # once its day has passed, January is next
    assert find_current_occurrence(store, milestone_id="sv", at=later) == day("2027-01-10")
    clock.at = datetime(2026, 12, 31, 9, 5, tzinfo=UTC)  # 7 days before, moved back
    replan(store, now=datetime(2026, 12, 20, tzinfo=UTC), escalation_days=0)
    notifier = CountingNotifier()
    asyncio.run(sweep(store, notifier, clock, SweepConfig(worker="t")))
    reminded = {o.reply.data["occurrence"] for o in notifier.sent if o.reply.template == "reminder"}
    assert reminded == {"2027-01-10"}


def test_snooze_silences_until_then_reminds_the_owner(store: Store) -> None:
    _seed(store)
    clock = FixedClock(datetime(2026, 12, 1, 12, tzinfo=UTC))
    replan(store, now=clock.now(), escalation_days=0)
    until = snooze_until(store, milestone_id="sv", at=clock.now(), days=7)
    assert until == datetime(2026, 12, 8, 9, tzinfo=UTC)
    reply = snooze(
        store,
        milestone_id="sv",
        occurrence=day("2026-12-10"),
        actor=ADMIN,
        until=until,
        at=clock.now(),
    )
    assert (
        reply.template == "occurrence_snoozed"
        and reply.data["until_text"] == "8 December 2026 at 09:00"
    )
    notifier = CountingNotifier()
    clock.at = datetime(2026, 12, 8, 9, 5, tzinfo=UTC)
    asyncio.run(sweep(store, notifier, clock, SweepConfig(worker="t")))
    reminders = [o for o in notifier.sent if o.reply.template == "reminder"]
    # The 3 December reminders were silenced; one reminder to the owner on the 8th.
    assert [(o.person_id, o.reply.data["occurrence"]) for o in reminders] == [
        ("owner", "2026-12-10")
    ]


def test_snoozing_an_overdue_occurrence_reminds_the_owner_later(store: Store) -> None:
    _seed(store)
    at = datetime(2026, 12, 14, 12, tzinfo=UTC)  # 10 December has passed, not done
    assert find_current_occurrence(store, milestone_id="sv", at=at) == day("2026-12-10")
    until = snooze_until(store, milestone_id="sv", at=at, on=day("2026-12-19"))  # a Saturday
    assert until == datetime(2026, 12, 21, 9, tzinfo=UTC)
    snooze(store, milestone_id="sv", occurrence=day("2026-12-10"), actor=OWNER, until=until, at=at)
    notifier = CountingNotifier()
    clock = FixedClock(until)
    asyncio.run(sweep(store, notifier, clock, SweepConfig(worker="t")))
    (sent,) = notifier.sent
    assert sent.reply.template == "reminder" and sent.reply.data["due"] == "11 days ago"
