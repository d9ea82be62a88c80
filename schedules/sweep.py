"""The sweep: claim due delivery rows, turn them into messages, send, record the outcome.

Claims are atomic and leased, so replicas never send one row twice and a claim whose
process died is taken over once its lease ends. Each send is recorded before the next is
tried, so a crash repeats at most the one message in flight. A row due longer ago than
`late_after` is sent marked late while its deadline is ahead; rows whose deadline has
passed go into one "missed while offline" summary per recipient. Several rows about one
occurrence for one recipient (offsets that piled up during an outage) become one message.
A failed send is retried with backoff (or after the platform's Retry-After) and kept as
`failed`, with its reason, after the last attempt. Store work runs in a thread, off the
event loop."""

import asyncio
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlmodel import Session

from handlers.types import DeliveryError, Notifier, Outbound, Reply
from schedules.calendar import local_date, partnership_zone
from schedules.checkins import RoundState, chase_reply, checkin_reply, round_state, summary_reply
from schedules.clock import Clock
from schedules.meetings import NOTICE as MEETING_NOTICE
from schedules.meetings import notice_reply
from schedules.messages import (
    DigestContent,
    Directory,
    digest_reply,
    escalation_reply,
    missed_summary_reply,
    reminder_reply,
)
from schedules.occurrences import (
    is_done,
    occurrences_between,
    overdue_occurrence,
    reminder_offsets,
)
from schedules.plan import CHANNEL_PREFIX, DIGEST_PREFIX, deadline
from schedules.rounds import CHECKIN, ROUND_KINDS, SUMMARY
from store import deliveries, meetings, occurrences
from store.db import Store
from store.tables import Delivery, Partnership

log = logging.getLogger(__name__)

DIGEST_WEEKS = 4
# A digest not sent within its week is not worth sending.
DIGEST_DEADLINE = timedelta(days=6)


@dataclass(frozen=True)
class SweepConfig:
    worker: str
    batch: int = 100
    max_batches: int = 100
    # Renewed after every send while the sweep lives, so it bounds only how long a dead
    # process's claims wait: with the 60-second sweep, they are taken over within two
    # minutes, long before a reminder counts as late.
    lease: timedelta = timedelta(seconds=60)
    late_after: timedelta = timedelta(minutes=10)
    max_attempts: int = 6
    backoff: timedelta = timedelta(seconds=30)
    backoff_cap: timedelta = timedelta(hours=1)


@dataclass
class SweepResult:
    claimed: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    cancelled: int = 0
    merged: int = 0
    missed: int = 0

    def add(self, other: "SweepResult") -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(frozen=True)
class Claimed:
    """A claimed row, copied out of its session."""

    id: int
    kind: str
    subject: str
    partnership_id: str
    occurrence: date
    offset_days: int
    recipient: str
    send_at: datetime
    next_attempt_at: datetime
    late: bool
    attempts: int

    @classmethod
    def of(cls, row: Delivery) -> "Claimed":
        assert row.id is not None
        return cls(
            row.id,
            row.kind,
            row.subject,
            row.partnership_id,
            row.occurrence,
            row.offset_days,
            row.recipient,
            row.send_at,
            row.next_attempt_at,
            row.late,
            row.attempts,
        )


@dataclass
class Job:
    """One message to send, for one row that carries it."""

    row: Claimed
    outbound: Outbound
    late: bool


@dataclass
class Outcome:
    job: Job
    error: DeliveryError | None = None


@dataclass
class Prepared:
    jobs: list[Job] = field(default_factory=list)
    result: SweepResult = field(default_factory=SweepResult)


def _outbound(delivery_id: int, recipient: str, reply: Reply) -> Outbound:
    if recipient.startswith(CHANNEL_PREFIX):
        partnership_id = recipient.removeprefix(CHANNEL_PREFIX)
        return Outbound(delivery_id=delivery_id, reply=reply, partnership_id=partnership_id)
    return Outbound(delivery_id=delivery_id, reply=reply, person_id=recipient)


def _claim(store: Store, now: datetime, config: SweepConfig) -> list[Claimed]:
    with store.transaction() as session:
        rows = deliveries.claim_due(
            session,
            now=now,
            worker=config.worker,
            lease_until=now + config.lease,
            limit=config.batch,
        )
        return [Claimed.of(row) for row in rows]


class _Preparer:
    """Sorts one claimed batch into messages, merges, cancellations and missed rows, inside
    one transaction."""

    def __init__(self, session: Session, rows: list[Claimed], now: datetime, config: SweepConfig):
        self.session, self.rows, self.now, self.config = session, rows, now, config
        self.prepared = Prepared()
        self.rounds: dict[tuple[str, date], RoundState | None] = {}
        subjects = sorted({row.subject for row in rows})
        milestones = occurrences.milestones_by_ids(session, milestone_ids=subjects)
        summary_ids = [row.id for row in rows if row.kind == "missed_summary"]
        self.summarised = {i: deliveries.merged_rows(session, target=i) for i in summary_ids}
        for merged in self.summarised.values():
            milestones |= occurrences.milestones_by_ids(
                session, milestone_ids=sorted({r.subject for r in merged} - set(milestones))
            )
        partnerships = {p.id: p for p in occurrences.all_partnerships(session)}
        people_ids = {row.recipient for row in rows}
        people_ids |= {m.owner_id for m in milestones.values() if m.owner_id}
        people_ids |= {p.coordinator_id for p in partnerships.values() if p.coordinator_id}
        self.directory = Directory(
            milestones=milestones,
            partnerships=partnerships,
            people=occurrences.people_by_ids(session, person_ids=sorted(people_ids)),
            states=occurrences.occurrence_states(session, milestone_ids=subjects),
        )

    def today(self, partnership: Partnership) -> date:
        return local_date(self.now, partnership_zone(partnership))

    def is_late(self, rows: list[Claimed]) -> bool:
        return any(r.late or self.now - r.next_attempt_at > self.config.late_after for r in rows)

    def run(self) -> Prepared:
        groups: dict[tuple[str, str, date, str], list[Claimed]] = defaultdict(list)
        missed: dict[str, list[Claimed]] = defaultdict(list)
        rounds: dict[tuple[str, str, date, str], list[Claimed]] = defaultdict(list)
        for row in self.rows:
            if row.kind == "digest":
                self.digest(row)
            elif row.kind == "missed_summary":
                self.resend_summary(row)
            elif row.kind == MEETING_NOTICE:
                self.meeting_notice(row)
            elif row.kind in ROUND_KINDS:
                if self.still_wanted(row) and self.before_meeting(row):
                    # A check-in and its chase both due (after downtime): one message.
                    family = SUMMARY if row.kind == SUMMARY else CHECKIN
                    rounds[(family, row.subject, row.occurrence, row.recipient)].append(row)
            elif self.still_wanted(row):
                milestone = self.directory.milestones[row.subject]
                partnership = self.directory.partnerships[milestone.partnership_id]
                # A snooze may be asked for on an overdue occurrence: its reminder still goes.
                past = deadline(milestone, partnership, row.occurrence) <= self.now
                if past and row.kind != "snoozed_reminder":
                    missed[row.recipient].append(row)
                else:
                    family = "escalation" if row.kind == "escalation" else "reminder"
                    groups[(family, row.subject, row.occurrence, row.recipient)].append(row)
        for group in groups.values():
            self.message(group)
        for recipient, rows in missed.items():
            self.summary(recipient, rows)
        for group in rounds.values():
            self.round_message(group)
        return self.prepared

    def before_meeting(self, row: Claimed) -> bool:
        """A round message is worth nothing once its meeting has begun: marked missed."""
        milestone = self.directory.milestones[row.subject]
        partnership = self.directory.partnerships[milestone.partnership_id]
        if deadline(milestone, partnership, row.occurrence) > self.now:
            return True
        deliveries.mark_status(
            self.session, delivery_ids=[row.id], status="missed", reason="the meeting had begun"
        )
        self.prepared.result.missed += 1
        return False

    def round_state(self, row: Claimed) -> RoundState | None:
        """Read once per round and batch: every lead's message is made from it."""
        key = (row.subject, row.occurrence)
        if key not in self.rounds:
            milestone = self.directory.milestones[row.subject]
            partnership = self.directory.partnerships[milestone.partnership_id]
            self.rounds[key] = round_state(
                self.session,
                milestone=milestone,
                partnership=partnership,
                occurrence=row.occurrence,
            )
        return self.rounds[key]

    def round_message(self, group: list[Claimed]) -> None:
        """The check-in carries a chase due with it; a chase with nothing left unanswered
        is not sent."""
        group.sort(key=lambda r: (r.kind != CHECKIN, r.send_at))
        row, others = group[0], group[1:]
        if others:
            deliveries.merge_into(
                self.session, delivery_ids=[r.id for r in others], target=row.id, status="merged"
            )
            self.prepared.result.merged += len(others)
        state = self.round_state(row)
        if state is None:
            self.cancel(row, "check-in rounds are off")
            return
        late = self.is_late(group)
        if row.kind == SUMMARY:
            reply: Reply | None = summary_reply(state, delivery_id=row.id, late=late)
        elif row.kind == CHECKIN:
            reply = checkin_reply(state, row.recipient, delivery_id=row.id, late=late)
        else:
            reply = chase_reply(state, row.recipient, delivery_id=row.id, late=late)
        if reply is None:
            self.cancel(row, "nothing left to answer")
            return
        self.prepared.jobs.append(Job(row, _outbound(row.id, row.recipient, reply), late))

    def cancel(self, row: Claimed, reason: str) -> None:
        deliveries.mark_status(
            self.session, delivery_ids=[row.id], status="cancelled", reason=reason
        )
        self.prepared.result.cancelled += 1

    def still_wanted(self, row: Claimed) -> bool:
        """False (and the row cancelled) when its milestone, occurrence or offset is gone,
        it is done, or its reminders are snoozed past now."""
        milestone = self.directory.milestones.get(row.subject)
        if milestone is None:
            self.cancel(row, "milestone removed")
            return False
        if occurrences_between(milestone, start=row.occurrence, end=row.occurrence) == []:
            self.cancel(row, "not an occurrence any more")
            return False
        key = (row.subject, row.occurrence)
        if is_done(self.directory.states, key):
            self.cancel(row, "done")
            return False
        state = self.directory.states.get(key)
        if (
            row.kind == "reminder"
            and state
            and state.snoozed_until
            and (state.snoozed_until > self.now)
        ):
            self.cancel(row, "snoozed")
            return False
        return True

    def message(self, group: list[Claimed]) -> None:
        """One message for rows about one occurrence to one recipient; the most recent
        carries it, the others are merged into it."""
        group.sort(key=lambda r: r.send_at)
        row, others = group[-1], group[:-1]
        if others:
            deliveries.merge_into(
                self.session, delivery_ids=[r.id for r in others], target=row.id, status="merged"
            )
            self.prepared.result.merged += len(others)
        milestone = self.directory.milestones[row.subject]
        today = self.today(self.directory.partnerships[milestone.partnership_id])
        late = self.is_late(group)
        if row.kind == "escalation":
            reply = escalation_reply(
                self.directory,
                milestone,
                row.occurrence,
                today=today,
                delivery_id=row.id,
                late=late,
                working_days_before=row.offset_days,
            )
        else:
            planned = set(reminder_offsets(milestone))
            offsets = [r.offset_days for r in group if r.offset_days in planned]
            reply = reminder_reply(
                self.directory,
                milestone,
                row.occurrence,
                today=today,
                delivery_id=row.id,
                to_channel=row.recipient.startswith(CHANNEL_PREFIX),
                late=late,
                offsets=offsets,
            )
        self.prepared.jobs.append(Job(row, _outbound(row.id, row.recipient, reply), late))

    def digest(self, row: Claimed) -> None:
        partnership = self.directory.partnerships.get(row.subject.removeprefix(DIGEST_PREFIX))
        if partnership is None:
            self.cancel(row, "partnership removed")
            return
        if self.now >= row.send_at + DIGEST_DEADLINE:
            deliveries.mark_status(
                self.session,
                delivery_ids=[row.id],
                status="missed",
                reason="the digest's week had passed",
            )
            self.prepared.result.missed += 1
            return
        today = self.today(partnership)
        content = self.digest_content(partnership, today)
        reply = digest_reply(
            self.directory,
            partnership,
            content,
            today=today,
            week_of=row.occurrence,
            delivery_id=row.id,
            late=self.is_late([row]),
        )
        self.prepared.jobs.append(Job(row, _outbound(row.id, row.recipient, reply), False))

    def digest_content(self, partnership: Partnership, today: date) -> DigestContent:
        milestones = occurrences.all_milestones(self.session, partnership_ids=[partnership.id])
        states = occurrences.occurrence_states(
            self.session, milestone_ids=[m.id for m in milestones]
        )
        self.directory.milestones = {**self.directory.milestones, **{m.id: m for m in milestones}}
        until = today + timedelta(weeks=DIGEST_WEEKS)
        due_soon = sorted(
            (
                (m, day)
                for m in milestones
                for day in occurrences_between(m, start=today, end=until)
                if not is_done(states, (m.id, day))
            ),
            key=lambda pair: (pair[1], pair[0].title),
        )
        overdue = [
            (m, day)
            for m in milestones
            if (day := overdue_occurrence(m, today=today, states=states))
        ]
        since = deliveries.last_digest_sent(
            self.session, subject=DIGEST_PREFIX + partnership.id, before=self.now
        ) or self.now - timedelta(weeks=1)
        done = occurrences.done_since(self.session, partnership_id=partnership.id, since=since)
        people = {s.done_by for s in done if s.done_by} | {
            m.owner_id for m in milestones if m.owner_id
        }
        people -= set(self.directory.people)
        self.directory.people = {
            **self.directory.people,
            **occurrences.people_by_ids(self.session, person_ids=sorted(people)),
        }
        return DigestContent(
            due_soon=due_soon, overdue=sorted(overdue, key=lambda p: p[1]), done=done
        )

    def meeting_notice(self, row: Claimed) -> None:
        """Tell the coordinator that a synced meeting was cancelled or is no longer listed."""
        meeting = meetings.synced_meeting(self.session, milestone_id=row.subject)
        partnership = self.directory.partnerships.get(row.partnership_id)
        if meeting is None or partnership is None:
            self.cancel(row, "meeting record removed")
            return
        reply = notice_reply(meeting, partnership, delivery_id=row.id)
        self.prepared.jobs.append(Job(row, _outbound(row.id, row.recipient, reply), False))

    def summary(self, recipient: str, rows: list[Claimed]) -> None:
        rows.sort(key=lambda r: r.send_at)
        first = self.directory.milestones[rows[0].subject]
        summary_row = deliveries.add_claimed(
            self.session,
            row=Delivery(
                kind="missed_summary",
                subject=f"missed:{self.now.isoformat()}",
                partnership_id=first.partnership_id,
                occurrence=self.today(self.directory.partnerships[first.partnership_id]),
                recipient=recipient,
                send_at=self.now,
                next_attempt_at=self.now,
                status="claimed",
                claimed_by=self.config.worker,
                claimed_until=self.now + self.config.lease,
            ),
        )
        claimed = Claimed.of(summary_row)
        deliveries.merge_into(
            self.session, delivery_ids=[r.id for r in rows], target=claimed.id, status="missed"
        )
        self.prepared.result.missed += len(rows)
        self.summary_job(claimed, [(r.kind, r.subject, r.occurrence) for r in rows])

    def resend_summary(self, row: Claimed) -> None:
        rows = self.summarised.get(row.id, [])
        self.summary_job(row, [(r.kind, r.subject, r.occurrence) for r in rows])

    def summary_job(self, row: Claimed, items: list[tuple[str, str, date]]) -> None:
        missed = [
            ("escalation" if kind == "escalation" else "reminder", self.directory.milestones[s], o)
            for kind, s, o in items
            if s in self.directory.milestones
        ]
        partnership = self.directory.partnerships[row.partnership_id]
        reply = missed_summary_reply(
            self.directory,
            missed,
            today=self.today(partnership),
            delivery_id=row.id,
            to_channel=row.recipient.startswith(CHANNEL_PREFIX),
        )
        self.prepared.jobs.append(Job(row, _outbound(row.id, row.recipient, reply), False))


def _prepare(store: Store, rows: list[Claimed], now: datetime, config: SweepConfig) -> Prepared:
    with store.transaction() as session:
        return _Preparer(session, rows, now, config).run()


async def _send(notifier: Notifier, job: Job) -> Outcome:
    try:
        await notifier.deliver(job.outbound)
    except DeliveryError as exc:
        return Outcome(job, exc)
    except Exception:
        # A bug in an adapter must not stop the sweep; its traceback goes to the log only.
        log.exception("delivery %s raised", job.row.id)
        return Outcome(job, DeliveryError("the chat adapter raised an unexpected error"))
    return Outcome(job)


def _retry_at(error: DeliveryError, attempts: int, now: datetime, config: SweepConfig) -> datetime:
    if error.retry_after is not None:
        return now + timedelta(seconds=max(error.retry_after, 0.0))
    return now + min(config.backoff * (2 ** (attempts - 1)), config.backoff_cap)


def _record(session: Session, outcome: Outcome, now: datetime, config: SweepConfig) -> SweepResult:
    result = SweepResult()
    row, error = outcome.job.row, outcome.error
    if error is None:
        deliveries.record_sent(
            session, delivery_id=row.id, worker=config.worker, at=now, late=outcome.job.late
        )
        result.sent += 1
        return result
    attempts = row.attempts + 1
    give_up = error.permanent or attempts >= config.max_attempts
    retry_at = None if give_up else _retry_at(error, attempts, now, config)
    deliveries.record_failure(
        session,
        delivery_id=row.id,
        worker=config.worker,
        reason=error.reason,
        late=outcome.job.late,
        retry_at=retry_at,
    )
    if give_up:
        log.warning("delivery %s failed for good: %s", row.id, error.reason)
        result.failed += 1
    else:
        result.retrying += 1
    return result


def _settle(
    store: Store, outcome: Outcome, rest: list[int], now: datetime, config: SweepConfig
) -> tuple[SweepResult, set[int]]:
    """Record one send before the next is tried, so a crash repeats at most the message in
    flight; then renew the lease on the rest of the batch (a live sweep keeps its claims
    however long the batch takes), or, after a rate limit, give the rest back untried
    (pending again after the wait, no attempt spent). Returns the ids of the rest still
    ours: a lease can only have lapsed if one send outlasted it."""
    with store.transaction() as session:
        result = _record(session, outcome, now, config)
        error = outcome.error
        if error is not None and error.retry_after is not None:
            at = now + timedelta(seconds=max(error.retry_after, 0.0))
            deliveries.release(session, delivery_ids=rest, worker=config.worker, at=at)
            return result, set()
        until = now + config.lease
        return result, deliveries.renew(
            session, delivery_ids=rest, worker=config.worker, until=until
        )


def _release(store: Store, delivery_ids: list[int], now: datetime, config: SweepConfig) -> None:
    """Claims given back unsent at shutdown: pending again at once, no attempt spent, for
    another replica (or this one, restarted) to send at its next sweep."""
    with store.transaction() as session:
        deliveries.release(session, delivery_ids=delivery_ids, worker=config.worker, at=now)


def _never() -> bool:
    return False


async def _send_batch(
    store: Store,
    notifier: Notifier,
    clock: Clock,
    jobs: list[Job],
    config: SweepConfig,
    stopping: Callable[[], bool],
) -> SweepResult:
    """Send in order, one at a time, each outcome stored before the next send; stop at a
    rate limit, or when the process is stopping (the rest of the batch is released)."""
    result = SweepResult()
    held = {job.row.id for job in jobs}
    for index, job in enumerate(jobs):
        if stopping():
            rest = [later.row.id for later in jobs[index:] if later.row.id in held]
            await asyncio.to_thread(_release, store, rest, clock.now(), config)
            break
        if job.row.id not in held:
            continue  # another replica took it over: it is theirs to send
        outcome = await _send(notifier, job)
        rest = [later.row.id for later in jobs[index + 1 :]]
        recorded, held = await asyncio.to_thread(_settle, store, outcome, rest, clock.now(), config)
        result.add(recorded)
        if outcome.error is not None and outcome.error.retry_after is not None:
            break
    return result


async def sweep(
    store: Store,
    notifier: Notifier,
    clock: Clock,
    config: SweepConfig,
    stopping: Callable[[], bool] = _never,
) -> SweepResult:
    """Claim and send everything due now, batch by batch. Once `stopping()` is true, the
    message being sent is finished and recorded, the rest of the batch is released
    unsent, and no more is claimed."""
    total = SweepResult()
    for _ in range(config.max_batches):
        if stopping():
            break
        now = clock.now()
        rows = await asyncio.to_thread(_claim, store, now, config)
        if not rows:
            break
        prepared = await asyncio.to_thread(_prepare, store, rows, now, config)
        recorded = await _send_batch(store, notifier, clock, prepared.jobs, config, stopping)
        prepared.result.claimed = len(rows)
        total.add(prepared.result)
        total.add(recorded)
        if len(rows) < config.batch:
            break
    return total
