"""The sweep over a real store: on time, late, missed while offline, leases, retries."""

import asyncio
from datetime import UTC, datetime, timedelta

from bot.notifiers import plain_text
from handlers.types import DeliveryError
from schedules.clock import FixedClock
from schedules.planner import replan
from schedules.sweep import SweepConfig, SweepResult, sweep
from store import deliveries
from store.db import Store
from tests.schedules.support import CountingNotifier, day, seed

FAST = SweepConfig(worker="test", backoff=timedelta(seconds=30))


def run(
    store: Store, notifier: CountingNotifier, clock: FixedClock, config: SweepConfig = FAST
) -> SweepResult:
    return asyncio.run(sweep(store, notifier, clock, config))


def statuses(store: Store) -> list[tuple[str, str, str]]:
    with store.session() as session:
        return [(r.kind, r.recipient, r.status) for r in deliveries.deliveries(session)]


def test_reminders_go_once_at_nine_on_the_working_day(store: Store) -> None:
    # Due Tuesday 1 December 2026; offset 2 is Sunday 29 November -> Friday 27 November.
    seed(
        store,
        {
            "id": "m",
            "title": "Return",
            "due_date": day("2026-12-01"),
            "remind": [2],
            "owner_id": "owner",
        },
    )
    clock = FixedClock(datetime(2026, 11, 27, 8, 0, tzinfo=UTC))
    replan(store, now=clock.now(), escalation_days=0)
    notifier = CountingNotifier()
    clock.at = datetime(2026, 11, 27, 8, 59, tzinfo=UTC)
    assert run(store, notifier, clock).sent == 0
    clock.advance(minutes=1)
    assert run(store, notifier, clock).sent == 2
    assert run(store, notifier, clock).claimed == 0
    targets = {(o.person_id, o.partnership_id) for o in notifier.sent}
    assert targets == {("owner", None), (None, "csp")}
    data = notifier.sent[0].reply.data
    assert (data["milestone_id"], data["occurrence"], data["late"]) == ("m", "2026-12-01", False)
    assert data["due"] == "in 4 days" and data["offsets"] == [2]


def test_replanning_moves_pending_rows_and_keeps_history(store: Store) -> None:
    seed(store, {"id": "m", "title": "Return", "due_date": day("2026-12-10"), "remind": [7, 1]})
    clock = FixedClock(datetime(2026, 12, 3, 10, tzinfo=UTC))
    replan(store, now=clock.now(), escalation_days=0)
    notifier = CountingNotifier()
    # Offset 7 (3 December, an hour ago) to the coordinator (the default owner) and channel.
    assert run(store, notifier, clock).sent == 2
    with store.transaction() as session:
        from store.tables import Milestone

        milestone = session.get(Milestone, "m")
        assert milestone is not None
        milestone.due_date, milestone.remind = day("2026-12-17"), [1]
    result = replan(store, now=clock.now(), escalation_days=0)
    assert result.cancelled == 2  # the old offset-1 rows
    kinds = statuses(store)
    assert kinds.count(("reminder", "coord", "sent")) == 1
    assert ("reminder", "coord", "cancelled") in kinds
    again = replan(store, now=clock.now(), escalation_days=0)
    assert (again.cancelled, again.rescheduled) == (0, 0)


def test_downtime_sends_late_once_and_summarises_what_was_missed(store: Store) -> None:
    seed(
        store,
        {"id": "soon", "title": "Soon", "due_date": day("2026-12-11"), "remind": [14, 7, 3]},
        {"id": "gone", "title": "Gone", "due_date": day("2026-11-30"), "remind": [3]},
    )
    clock = FixedClock(datetime(2026, 11, 21, 12, tzinfo=UTC))
    replan(store, now=clock.now(), escalation_days=0)
    # Down until Tuesday 8 December: "gone" is past; "soon" has offsets 14 and 7 overdue.
    clock.at = datetime(2026, 12, 8, 10, tzinfo=UTC)
    notifier = CountingNotifier()
    result = run(store, notifier, clock)
    by_template: dict[str, list] = {}
    for outbound in notifier.sent:
        by_template.setdefault(outbound.reply.template, []).append(outbound)
    late = by_template["reminder"]
    assert len(late) == 2 and all(o.reply.data["late"] for o in late)  # coordinator + channel
    assert late[0].reply.data["offsets"] == [14, 7, 3]
    summaries = by_template["missed_summary"]
    assert len(summaries) == 2 and summaries[0].reply.data["count"] == 1
    text = plain_text(summaries[0].reply)
    assert text.startswith("While I was offline, 1 reminder was missed") and "Gone" in text
    assert plain_text(late[0].reply).startswith("(Sent late")
    assert result.merged == 4 and result.missed == 4  # two rows, and two stale digests
    # A restart finds nothing more to send.
    assert run(store, notifier, clock).claimed == 0


def test_a_claim_whose_process_died_is_recovered_after_its_lease(store: Store) -> None:
    seed(store, {"id": "m", "title": "M", "due_date": day("2026-12-10"), "remind": [1]})
    clock = FixedClock(datetime(2026, 12, 9, 9, tzinfo=UTC))
    replan(store, now=clock.now(), escalation_days=0)
    with store.transaction() as session:  # the crashed replica's claim
        claimed = deliveries.claim_due(
            session,
            now=clock.now(),
            worker="dead",
            lease_until=clock.now() + timedelta(minutes=5),
            limit=10,
        )
    assert len(claimed) == 2
    notifier = CountingNotifier()
    assert run(store, notifier, clock).claimed == 0  # still leased
    clock.advance(minutes=6)
    assert run(store, notifier, clock).sent == 2
    assert run(store, notifier, clock).claimed == 0
    assert len({o.delivery_id for o in notifier.sent}) == 2


def test_failures_rate_limits_and_recovery(store: Store) -> None:
    seed(
        store,
        {"id": "m", "title": "M", "due_date": day("2026-12-10"), "remind": [1]},
        partnership={"coordinator_id": None},
    )
    clock = FixedClock(datetime(2026, 12, 9, 9, tzinfo=UTC))
    replan(store, now=clock.now())
    notifier = CountingNotifier(
        [DeliveryError("connection reset"), DeliveryError("slow down", retry_after=120)]
    )
    assert run(store, notifier, clock).retrying == 1
    clock.advance(seconds=29)
    assert run(store, notifier, clock).claimed == 0  # backoff of 30 s
    clock.advance(seconds=1)
    assert run(store, notifier, clock).retrying == 1  # rate limited
    clock.advance(seconds=119)
    assert run(store, notifier, clock).claimed == 0
    clock.advance(seconds=1)
    assert run(store, notifier, clock).sent == 1
    with store.session() as session:
        (row,) = deliveries.deliveries(session, statuses=["sent"])
    assert row.attempts == 3 and row.last_error is None


def test_a_permanent_failure_stays_visible(store: Store) -> None:
    seed(
        store,
        {"id": "m", "title": "M", "due_date": day("2026-12-10"), "remind": [1]},
        partnership={"coordinator_id": None},
    )
    clock = FixedClock(datetime(2026, 12, 9, 9, tzinfo=UTC))
    replan(store, now=clock.now())
    notifier = CountingNotifier([DeliveryError("channel_not_found", permanent=True)])
    assert run(store, notifier, clock).failed == 1
    with store.session() as session:
        (row,) = deliveries.failed_deliveries(session)
    assert row.last_error == "channel_not_found" and row.recipient == "channel:csp"


def test_escalation_once_and_digest_on_monday(store: Store) -> None:
    seed(
        store,
        {
            "id": "m",
            "title": "Return",
            "due_date": day("2026-12-10"),
            "remind": [],
            "owner_id": "owner",
        },
    )
    clock = FixedClock(datetime(2026, 11, 30, 8, tzinfo=UTC))
    replan(store, now=clock.now())
    notifier = CountingNotifier()
    clock.at = datetime(2026, 11, 30, 9, tzinfo=UTC)  # Monday: the digest
    run(store, notifier, clock)
    (digest,) = notifier.sent
    assert digest.reply.template == "digest" and digest.partnership_id == "csp"
    assert [i["milestone_id"] for i in digest.reply.data["due_soon"]] == ["m"]
    clock.at = datetime(2026, 12, 7, 9, tzinfo=UTC)  # 3 working days before Thursday 10th
    replan(store, now=clock.now())
    run(store, notifier, clock)
    run(store, notifier, clock)
    escalations = [o for o in notifier.sent if o.reply.template == "escalation"]
    assert len(escalations) == 1 and escalations[0].person_id == "coord"
    assert escalations[0].reply.data["owner"] == "The Owner"
    assert "Due in the next four weeks:\n- 10 December 2026: Return (The Owner)" in plain_text(
        digest.reply
    )
    assert plain_text(escalations[0].reply).endswith("Owner: The Owner.")
