"""A round sent through the real planner and sweep: check-ins to every lead, a chase only
to whoever still has items unanswered (naming only those), the coordinator's summary, and
downtime across the open and chase times."""

import asyncio
from datetime import datetime, timedelta

from bot.notifiers import plain_text
from handlers.pipeline import respond
from handlers.types import DeliveryError, Identity, Message, Outbound
from schedules.clock import FixedClock
from schedules.planner import replan
from schedules.sweep import SweepConfig, sweep
from store import deliveries, delivery_counts
from store.db import Store
from tests.rounds.support import seed_round, utc
from tests.schedules.support import CountingNotifier

OPENS = utc(2026, 12, 24, 9)
CHASES = utc(2027, 1, 5, 9)
CLOSES = utc(2027, 1, 7, 9)


def run_sweep(store: Store, notifier: CountingNotifier, at: datetime) -> None:
    asyncio.run(sweep(store, notifier, FixedClock(at), SweepConfig(worker="w")))


def say(store: Store, person_id: str, text: str, at: datetime) -> str:
    reply = respond(store, Message(text, Identity("terminal", "", person_id), at))
    assert reply.template == "update_posted", reply
    return reply.template


def round_messages(notifier: CountingNotifier) -> list[Outbound]:
    kinds = ("checkin", "chase", "checkin_summary")
    return [o for o in notifier.sent if o.reply.template in kinds]


def test_a_lead_answering_some_items_is_chased_for_the_rest_only(store: Store) -> None:
    seed_round(store)
    replan(store, now=utc(2026, 12, 1))
    notifier = CountingNotifier()
    run_sweep(store, notifier, OPENS)
    checkins = {o.person_id: o.reply for o in round_messages(notifier)}
    assert set(checkins) == {"lead-a", "lead-b"}
    assert [i["name"] for i in checkins["lead-a"].data["items"]] == [
        "Anti-social behaviour",
        "Serious violence",
        "Violence against women and girls",
    ]
    text = plain_text(checkins["lead-b"])
    assert "Housing and neighbourhoods: no RAG yet, never updated" in text
    assert "by 7 January 2027" in text

    say(store, "lead-b", "update housing green: two new hostels open", OPENS + timedelta(days=1))
    say(
        store, "lead-a", "update anti-social behaviour amber: patrols up", OPENS + timedelta(days=2)
    )
    notifier.sent.clear()
    run_sweep(store, notifier, CHASES)
    [chase] = round_messages(notifier)
    assert chase.person_id == "lead-a" and chase.reply.template == "chase"
    assert [i["name"] for i in chase.reply.data["items"]] == [
        "Serious violence",
        "Violence against women and girls",
    ]
    with store.session() as session:
        rows = {(r.kind, r.recipient): r for r in deliveries.deliveries(session)}
    assert rows[("chase", "lead-b")].status == "cancelled"  # answered: no chase

    notifier.sent.clear()
    run_sweep(store, notifier, CLOSES)
    [summary] = round_messages(notifier)
    assert summary.person_id == "coord" and summary.partnership_id is None
    assert [lead["id"] for lead in summary.reply.data["answered"]] == ["lead-b"]
    [silent] = summary.reply.data["unanswered"]
    assert silent["id"] == "lead-a"
    assert silent["unanswered"] == ["Serious violence", "Violence against women and girls"]
    text = plain_text(summary.reply)
    assert "Answered: The Housing Officer." in text
    assert "- The Police Inspector: Serious violence and Violence against women and girls" in text


def test_an_update_before_the_round_opened_does_not_answer_it(store: Store) -> None:
    seed_round(store)
    replan(store, now=utc(2026, 12, 1))
    say(store, "lead-b", "update housing green: before the round", OPENS - timedelta(hours=1))
    notifier = CountingNotifier()
    run_sweep(store, notifier, OPENS)
    [lead_b] = [o for o in round_messages(notifier) if o.person_id == "lead-b"]
    [item] = lead_b.reply.data["items"]
    assert (item["rag"], item["updated_text"], item["answered"]) == (
        "green",
        "24 December 2026",
        False,
    )
    run_sweep(store, notifier, CHASES)
    assert [o.person_id for o in round_messages(notifier) if o.reply.template == "chase"] == [
        "lead-a",
        "lead-b",
    ]


def test_downtime_across_open_and_chase_sends_one_late_checkin_each(store: Store) -> None:
    seed_round(store)
    replan(store, now=utc(2026, 12, 1))
    notifier = CountingNotifier()
    run_sweep(store, notifier, CHASES + timedelta(hours=3))  # down since before the open
    sent = round_messages(notifier)
    assert sorted((o.person_id, o.reply.template) for o in sent) == [
        ("lead-a", "checkin"),
        ("lead-b", "checkin"),
    ]
    assert all(o.reply.data["late"] for o in sent)
    run_sweep(store, notifier, CHASES + timedelta(hours=4))
    assert len(round_messages(notifier)) == 2  # never again
    with store.session() as session:
        chases = [r.status for r in deliveries.deliveries(session) if r.kind == "chase"]
    assert chases == ["merged", "merged"]


def test_the_round_is_not_sent_once_the_meeting_has_begun(store: Store) -> None:
    seed_round(store)
    replan(store, now=utc(2026, 12, 1))
    notifier = CountingNotifier()
    run_sweep(store, notifier, utc(2027, 1, 12, 11))
    assert round_messages(notifier) == []
    with store.session() as session:
        statuses = {r.status for r in deliveries.deliveries(session) if r.kind != "digest"}
    assert statuses == {"missed"}


def test_a_failed_checkin_is_retried_and_sent_once(store: Store) -> None:
    seed_round(store)
    replan(store, now=utc(2026, 12, 1))
    notifier = CountingNotifier()
    run_sweep(store, notifier, OPENS - timedelta(hours=1))  # the week's digest goes first
    notifier.failures.append(DeliveryError("Slack is down"))
    run_sweep(store, notifier, OPENS)
    assert len(round_messages(notifier)) == 1  # the first send failed
    run_sweep(store, notifier, OPENS + timedelta(seconds=10))
    assert len(round_messages(notifier)) == 1  # not yet: backing off
    run_sweep(store, notifier, OPENS + timedelta(minutes=1))
    assert sorted(o.person_id or "" for o in round_messages(notifier)) == ["lead-a", "lead-b"]
    run_sweep(store, notifier, OPENS + timedelta(hours=1))
    assert len(round_messages(notifier)) == 2


def test_a_round_counts_as_open_from_its_check_ins_until_its_summary(store: Store) -> None:
    seed_round(store)
    replan(store, now=utc(2026, 12, 1))
    notifier = CountingNotifier()

    def open_rounds() -> int:
        with store.session() as session:
            return delivery_counts.open_checkin_rounds(session)

    assert open_rounds() == 0  # planned, nothing sent
    run_sweep(store, notifier, OPENS)
    assert open_rounds() == 1
    run_sweep(store, notifier, CHASES)
    assert open_rounds() == 1
    run_sweep(store, notifier, CLOSES)
    assert open_rounds() == 0  # the coordinator has the summary: closed
