"""The delivery plan: which message goes to whom, and when, for a window of days.

Pure: milestones and partnerships in, planned deliveries out. The same plan feeds the
rolling planner (rows in the delivery table) and `cspbot reminders --from --to`.

Rules (spec "Reminder timing"): a reminder for offset N is due at the partnership's
reminder time on the day N days before the occurrence, moved back to the previous working
day (England and Wales); offsets that land on one day merge into one message per
recipient; recipients are the owner (the coordinator when none is written) and the
partnership channel. An escalation goes to the coordinator, naming the owner, a number of
working days before the occurrence. A digest goes to each partnership channel on the first
working day of each week.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from schedules.calendar import (
    local_instant,
    next_working_day,
    parse_clock_time,
    partnership_zone,
    previous_working_day,
    reminder_time,
    working_days_before,
)
from schedules.occurrences import occurrences_between, reminder_offsets
from schedules.rounds import (
    CHASE,
    CHECKIN,
    NO_ITEMS,
    ROUND_MILESTONE_KINDS,
    SUMMARY,
    PlanItems,
    round_days,
    round_times,
)
from store.tables import Milestone, Partnership

DEFAULT_ESCALATION_WORKING_DAYS = 3
DIGEST_PREFIX = "digest:"
CHANNEL_PREFIX = "channel:"


@dataclass(slots=True)
class Planned:
    """One delivery the rules call for. `subject` is the milestone id, or
    `digest:<partnership id>`; `offset_days` is the smallest merged offset (for an
    escalation, the working days before; for a digest, 0)."""

    kind: str  # reminder | escalation | digest | checkin | chase | checkin_summary
    subject: str
    partnership_id: str
    occurrence: date
    offset_days: int
    recipient: str
    send_at: datetime  # aware UTC
    local_day: date
    offsets: tuple[int, ...] = ()

    @property
    def key(self) -> tuple[str, str, date, int, str]:
        return (self.kind, self.subject, self.occurrence, self.offset_days, self.recipient)


def channel(partnership_id: str) -> str:
    return CHANNEL_PREFIX + partnership_id


def owner_of(milestone: Milestone, partnership: Partnership) -> str | None:
    return milestone.owner_id or partnership.coordinator_id


def deadline(milestone: Milestone, partnership: Partnership, occurrence: date) -> datetime:
    """When an occurrence is past: its meeting time, else the end of its day (local)."""
    tz = partnership_zone(partnership)
    if milestone.due_time:
        return local_instant(occurrence, parse_clock_time(milestone.due_time), tz)
    return local_instant(occurrence + timedelta(days=1), time(0, 0), tz)


@lru_cache(maxsize=65536)
def _reminder_days(offsets: tuple[int, ...], occurrence: date) -> dict[date, tuple[int, ...]]:
    """Send day -> the offsets merged on it (largest first), for one occurrence."""
    days: dict[date, list[int]] = defaultdict(list)
    for offset in offsets:
        days[previous_working_day(occurrence - timedelta(days=offset))].append(offset)
    return {day: tuple(merged) for day, merged in sorted(days.items())}


def plan_occurrence(
    milestone: Milestone,
    partnership: Partnership,
    occurrence: date,
    *,
    escalation_days: int = DEFAULT_ESCALATION_WORKING_DAYS,
    offsets: tuple[int, ...] | None = None,
) -> list[Planned]:
    """`offsets` saves working them out again when planning many occurrences."""
    tz, at = partnership_zone(partnership), reminder_time(partnership)
    owner = owner_of(milestone, partnership)
    offsets = tuple(reminder_offsets(milestone)) if offsets is None else offsets
    recipients = [r for r in (owner, channel(partnership.id)) if r]
    planned = []
    subject, partnership_id = milestone.id, partnership.id
    for day, merged in _reminder_days(offsets, occurrence).items():
        send_at = local_instant(day, at, tz)
        for recipient in recipients:
            planned.append(
                Planned(
                    "reminder",
                    subject,
                    partnership_id,
                    occurrence,
                    merged[-1],
                    recipient,
                    send_at,
                    day,
                    merged,
                )
            )
    coordinator = partnership.coordinator_id
    # The coordinator gets no escalation about their own milestone: they had the reminders.
    if escalation_days > 0 and coordinator and owner != coordinator:
        day = working_days_before(occurrence, escalation_days)
        planned.append(
            Planned(
                kind="escalation",
                subject=milestone.id,
                partnership_id=partnership.id,
                occurrence=occurrence,
                offset_days=escalation_days,
                recipient=coordinator,
                send_at=local_instant(day, at, tz),
                local_day=day,
            )
        )
    return planned


def _lead_days(offsets: tuple[int, ...], escalation_days: int) -> int:
    """How far before an occurrence its first message can go (with room for moving back
    over a long run of holidays, and for the escalation's working days)."""
    return max([*offsets, escalation_days * 2]) + 10


def plan_milestone(
    milestone: Milestone,
    partnership: Partnership,
    *,
    start: date,
    end: date,
    occurrences_from: date | None = None,
    escalation_days: int = DEFAULT_ESCALATION_WORKING_DAYS,
) -> list[Planned]:
    """Reminders and escalations whose local send day is in [start, end]; with
    `occurrences_from`, only for occurrences on or after it."""
    first = start if occurrences_from is None else max(start, occurrences_from)
    offsets = tuple(reminder_offsets(milestone))
    last = end + timedelta(days=_lead_days(offsets, escalation_days))
    planned = []
    for occurrence in occurrences_between(milestone, start=first, end=last):
        for item in plan_occurrence(
            milestone, partnership, occurrence, escalation_days=escalation_days, offsets=offsets
        ):
            if start <= item.local_day <= end:
                planned.append(item)
    return planned


def plan_round(
    milestone: Milestone, partnership: Partnership, items: PlanItems, occurrence: date
) -> list[Planned]:
    """One round's deliveries: a check-in and a chase per lead, the summary to the
    coordinator."""
    days, times = round_days(partnership), round_times(partnership, occurrence)
    if days is None or times is None:
        return []
    leads = items.leads_on(times.open_day)
    moments = [(CHECKIN, days.open, times.opens, times.open_day, lead) for lead in leads]
    moments += [(CHASE, days.chase, times.chases, times.chase_day, lead) for lead in leads]
    if partnership.coordinator_id:
        moments.append(
            (SUMMARY, days.close, times.closes, times.close_day, partnership.coordinator_id)
        )
    return [
        Planned(kind, milestone.id, partnership.id, occurrence, offset, recipient, at, day)
        for kind, offset, at, day, recipient in moments
    ]


def plan_rounds(
    milestone: Milestone,
    partnership: Partnership,
    items: PlanItems,
    *,
    start: date,
    end: date,
    occurrences_from: date | None = None,
) -> list[Planned]:
    """Round deliveries whose local send day is in [start, end]."""
    days = round_days(partnership)
    if milestone.kind not in ROUND_MILESTONE_KINDS or days is None:
        return []
    first = start if occurrences_from is None else max(start, occurrences_from)
    # Working days back over weekends and long runs of bank holidays: twice is ample.
    last = end + timedelta(days=days.open * 2 + 10)
    return [
        item
        for occurrence in occurrences_between(milestone, start=first, end=last)
        for item in plan_round(milestone, partnership, items, occurrence)
        if start <= item.local_day <= end
    ]


def digest_week(day: date) -> date:
    """The Monday of `day`'s week: the occurrence a digest is keyed by."""
    return day - timedelta(days=day.weekday())


def plan_digests(partnership: Partnership, *, start: date, end: date) -> list[Planned]:
    """A digest on the first working day of each week whose send day is in [start, end]."""
    tz, at = partnership_zone(partnership), reminder_time(partnership)
    planned = []
    monday = digest_week(start) - timedelta(days=7)
    while monday <= end:
        day = next_working_day(monday)
        if start <= day <= end:
            planned.append(
                Planned(
                    kind="digest",
                    subject=DIGEST_PREFIX + partnership.id,
                    partnership_id=partnership.id,
                    occurrence=monday,
                    offset_days=0,
                    recipient=channel(partnership.id),
                    send_at=local_instant(day, at, tz),
                    local_day=day,
                )
            )
        monday += timedelta(days=7)
    return planned


def plan_window(
    milestones: Iterable[Milestone],
    partnerships: Mapping[str, Partnership],
    *,
    start: date,
    end: date,
    occurrences_from: date | None = None,
    escalation_days: int = DEFAULT_ESCALATION_WORKING_DAYS,
    items: Mapping[str, PlanItems] | None = None,
) -> list[Planned]:
    """Everything the rules send with a local send day in [start, end], by send time.
    `items` (partnership id -> its plans and items) says who check-in rounds ask."""
    planned = [
        item
        for partnership in partnerships.values()
        for item in plan_digests(partnership, start=start, end=end)
    ]
    for milestone in milestones:
        planned.extend(
            plan_milestone(
                milestone,
                partnerships[milestone.partnership_id],
                start=start,
                end=end,
                occurrences_from=occurrences_from,
                escalation_days=escalation_days,
            )
        )
        partnership = partnerships[milestone.partnership_id]
        planned.extend(
            plan_rounds(
                milestone,
                partnership,
                (items or {}).get(partnership.id, NO_ITEMS),
                start=start,
                end=end,
                occurrences_from=occurrences_from,
            )
        )
    planned.sort(key=lambda item: (item.send_at, item.kind, item.subject, item.recipient))
    return planned
