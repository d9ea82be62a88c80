"""The rolling planner: keeps pending delivery rows in step with the milestones.

Rows are inserted ahead over a horizon (ON CONFLICT DO NOTHING, so planning again never
duplicates nor revives what was sent). Each subject (a milestone, or a partnership's
digests) carries a fingerprint of what its plan was made from — its dates, rule, offsets,
owner, the partnership's time, zone and coordinator, the escalation setting and the
calendar. An unchanged subject is only extended as the horizon rolls on; a changed one is
planned again: pending future rows the rules no longer call for are cancelled and moved
ones rescheduled, while what was sent stays as history. Rows already due are the sweep's.
"""

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from schedules.calendar import CALENDAR_VERSION, DEFAULT_TIMEZONE, local_date, zone
from schedules.plan import (
    DEFAULT_ESCALATION_WORKING_DAYS,
    DIGEST_PREFIX,
    Planned,
    deadline,
    plan_digests,
    plan_milestone,
    plan_rounds,
)
from schedules.rounds import NO_ITEMS, PlanItems, has_rounds, items_by_partnership
from store import deliveries, directory, occurrences
from store.db import Store
from store.tables import Milestone, OccurrenceState, Partnership

DEFAULT_HORIZON_DAYS = 42
# Change when the planning rules change, so that every plan is made again.
RULES_VERSION = "2"
# A digest first planned after its time (the bot started on a Monday morning) still goes
# out that day; one from an earlier day is not worth sending.
DIGEST_CATCH_UP = timedelta(hours=12)

Key = tuple[str, str, date, int, str]  # kind, subject, occurrence, offset_days, recipient
States = dict[tuple[str, date], OccurrenceState]


@dataclass
class PlanResult:
    inserted: int = 0  # new keys offered; those kept as history are skipped
    rescheduled: int = 0
    cancelled: int = 0
    replanned: int = 0  # subjects planned again because they changed (or are new)


@dataclass
class _Work:
    """What one re-plan found to do."""

    fresh: list[Planned] = field(default_factory=list)  # new days of unchanged subjects
    changed: dict[str, list[Planned]] = field(default_factory=dict)  # subject -> whole plan
    marks: dict[str, tuple[str, date]] = field(default_factory=dict)
    marks_changed: dict[str, tuple[str, date]] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)


def _fingerprint(*parts: object) -> str:
    text = repr((RULES_VERSION, CALENDAR_VERSION, *parts))
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def milestone_fingerprint(
    milestone: Milestone, partnership: Partnership, escalation_days: int, items: PlanItems
) -> str:
    # A meeting's check-in rounds depend on the setting and on who leads what.
    rounds = (
        (partnership.checkins, items.fingerprint()) if has_rounds(milestone, partnership) else None
    )
    return _fingerprint(
        milestone.partnership_id, milestone.kind, milestone.due_date, milestone.due_time,
        milestone.repeat, milestone.until, milestone.remind, milestone.owner_id,
        partnership.timezone, partnership.reminder_time, partnership.coordinator_id,
        escalation_days, rounds,
    )  # fmt: skip


def digest_fingerprint(partnership: Partnership) -> str:
    return _fingerprint("digest", partnership.timezone, partnership.reminder_time)


def _open_items(
    planned: list[Planned],
    milestone: Milestone,
    partnership: Partnership,
    states: States,
    now: datetime,
) -> Iterator[Planned]:
    """The planned messages still worth sending: the occurrence is not past, not done, and
    a reminder is not inside a snooze."""
    verdicts: dict[date, tuple[bool, datetime | None]] = {}
    for item in planned:
        if item.occurrence not in verdicts:
            state = states.get((milestone.id, item.occurrence))
            past = deadline(milestone, partnership, item.occurrence) <= now
            done = state is not None and state.status == "done"
            snoozed = state.snoozed_until if state is not None else None
            verdicts[item.occurrence] = (not (past or done), snoozed)
        open_, snoozed = verdicts[item.occurrence]
        if open_ and not (item.kind == "reminder" and snoozed and item.send_at < snoozed):
            yield item


def _add(
    work: _Work,
    subject: str,
    fingerprint: str,
    mark: tuple[str, date] | None,
    end: date,
    plan: Callable[[date, date], list[Planned]],
) -> None:
    """Extend an unchanged subject's plan to `end`, or plan a changed one again as far as it
    was planned before (so that every row it has is either still wanted or cancelled)."""
    through = end if mark is None else max(end, mark[1])
    if mark is not None and mark[0] == fingerprint:
        if mark[1] < end:
            work.fresh.extend(plan(mark[1] + timedelta(days=1), end))
    else:
        work.changed[subject] = plan(date.min, through)
    work.marks[subject] = (fingerprint, through)
    if mark != (fingerprint, through):
        work.marks_changed[subject] = (fingerprint, through)


def _find_work(
    store: Store,
    *,
    now: datetime,
    horizon_days: int,
    escalation_days: int,
    milestone_ids: list[str] | None,
) -> _Work:
    with store.session() as session:
        partnerships = {p.id: p for p in occurrences.all_partnerships(session)}
        marks = deliveries.plan_marks(session)
        items = items_by_partnership(
            directory.all_plans(session), directory.all_priorities(session)
        )
        if milestone_ids is None:
            # Every milestone, read only: as records, not ORM instances (a third of the
            # memory on the large dataset, and a sweep reads them every minute).
            milestones = {
                m.id: m
                for m in directory.records(session, Milestone, by=("partnership_id", "position"))
            }
            states = occurrences.all_occurrence_states(session)
        else:
            milestones = occurrences.milestones_by_ids(session, milestone_ids=milestone_ids)
            states = occurrences.occurrence_states(session, milestone_ids=milestone_ids)
    # Local "today" differs between zones by a day at most; the deadline test is exact.
    today = local_date(now, zone(DEFAULT_TIMEZONE)) - timedelta(days=1)
    end = today + timedelta(days=horizon_days + 1)
    work = _Work()
    for milestone in milestones.values():
        partnership = partnerships[milestone.partnership_id]
        held = items.get(partnership.id, NO_ITEMS)

        def plan(
            start: date,
            last: date,
            m: Milestone = milestone,
            p: Partnership = partnership,
            held: PlanItems = held,
        ) -> list[Planned]:
            planned = plan_milestone(
                m, p, start=start, end=last, occurrences_from=today, escalation_days=escalation_days
            )
            planned += plan_rounds(m, p, held, start=start, end=last, occurrences_from=today)
            return list(_open_items(planned, m, p, states, now))

        fingerprint = milestone_fingerprint(milestone, partnership, escalation_days, held)
        _add(work, milestone.id, fingerprint, marks.get(milestone.id), end, plan)
    if milestone_ids is None:
        for partnership in partnerships.values():

            def digests(start: date, last: date, p: Partnership = partnership) -> list[Planned]:
                planned = plan_digests(p, start=max(start, today), end=last)
                return [item for item in planned if item.send_at > now - DIGEST_CATCH_UP]

            subject = DIGEST_PREFIX + partnership.id
            _add(work, subject, digest_fingerprint(partnership), marks.get(subject), end, digests)
        work.removed = sorted(set(marks) - set(work.marks))
    return work


def _row(item: Planned) -> deliveries.PlannedValues:
    return (
        item.kind,
        item.subject,
        item.partnership_id,
        item.occurrence,
        item.offset_days,
        item.recipient,
        item.send_at,
        item.send_at,
    )


def replan(
    store: Store,
    *,
    now: datetime,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
    escalation_days: int = DEFAULT_ESCALATION_WORKING_DAYS,
    milestone_ids: list[str] | None = None,
) -> PlanResult:
    """Bring the pending rows in line with the rules (for some milestones, or for all of
    them and the digests). Safe to run at any time, from any replica."""
    work = _find_work(
        store,
        now=now,
        horizon_days=horizon_days,
        escalation_days=escalation_days,
        milestone_ids=milestone_ids,
    )
    changed_subjects = sorted([*work.changed, *work.removed])
    wanted = {item.key: item for items in work.changed.values() for item in items}
    result = PlanResult(replanned=len(work.changed))
    with store.transaction() as session:
        # Many changed subjects (a new calendar, new rules): one scan beats many lookups.
        many = milestone_ids is None and len(changed_subjects) > len(work.marks) // 2
        existing = deliveries.planned_rows(session, subjects=None if many else changed_subjects)
        seen: set[Key] = set()
        to_cancel: list[int] = []
        changed = set(changed_subjects)
        for row_id, kind, subject, occurrence, offset, recipient, send_at, status in existing:
            if subject not in changed:
                continue
            key = (kind, subject, occurrence, offset, recipient)
            seen.add(key)
            item = wanted.get(key)
            if item is None:
                # Only future rows: a due row is the sweep's (late, or missed summary).
                if status == "pending" and send_at > now:
                    to_cancel.append(row_id)
            elif status != "pending" or item.send_at != send_at:
                deliveries.reschedule(session, delivery_id=row_id, send_at=item.send_at)
                result.rescheduled += 1
        deliveries.cancel(session, delivery_ids=to_cancel, reason=deliveries.REPLANNED)
        result.cancelled = len(to_cancel)
        new = [_row(item) for key, item in wanted.items() if key not in seen]
        new.extend(_row(item) for item in work.fresh)
        deliveries.insert_new(session, rows=new)
        result.inserted = len(new)
        deliveries.save_plan_marks(session, marks=work.marks_changed)
        deliveries.delete_plan_marks(session, subjects=work.removed)
    return result
