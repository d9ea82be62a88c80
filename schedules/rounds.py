"""Check-in rounds before board and scrutiny meetings: when a round opens, chases and
closes, and who is asked (schedules/plan.py plans the deliveries).

A round opens `open` working days before the meeting (the Nth working day counting back,
the meeting's day not counted, skipping weekends and England and Wales bank holidays),
chases `chase` working days before and closes `close` working days before, each at the
partnership's reminder time. Everyone who leads an item of the plan in force on the day
the round opens gets a check-in and (when still needed then) a chase; the coordinator gets
the summary at the close. Pure: rows in.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from schedules.calendar import local_instant, partnership_zone, reminder_time, working_days_before
from store.datafile.schema import CHECKIN_DEFAULTS, CHECKINS_OFF
from store.plans import current_plan, plan_items
from store.tables import Milestone, Partnership, Plan, Priority

ROUND_MILESTONE_KINDS = ("board_meeting", "scrutiny")
CHECKIN, CHASE, SUMMARY = "checkin", "chase", "checkin_summary"
ROUND_KINDS = (CHECKIN, CHASE, SUMMARY)


@dataclass(frozen=True)
class RoundDays:
    """Working days before the meeting."""

    open: int
    chase: int
    close: int


@dataclass(frozen=True)
class RoundTimes:
    """A round's three moments (aware UTC) and their local days."""

    opens: datetime
    chases: datetime
    closes: datetime
    open_day: date
    chase_day: date
    close_day: date


def round_days(partnership: Partnership) -> RoundDays | None:
    """The partnership's setting; None when rounds are off."""
    setting = partnership.checkins
    if setting == CHECKINS_OFF:
        return None
    written = setting if isinstance(setting, dict) else {}
    return RoundDays(**(CHECKIN_DEFAULTS | written))


def has_rounds(milestone: Milestone, partnership: Partnership) -> bool:
    return milestone.kind in ROUND_MILESTONE_KINDS and round_days(partnership) is not None


def round_times(partnership: Partnership, occurrence: date) -> RoundTimes | None:
    days = round_days(partnership)
    if days is None:
        return None
    tz, at = partnership_zone(partnership), reminder_time(partnership)
    open_day = working_days_before(occurrence, days.open)
    chase_day = working_days_before(occurrence, days.chase)
    close_day = working_days_before(occurrence, days.close)
    return RoundTimes(
        opens=local_instant(open_day, at, tz),
        chases=local_instant(chase_day, at, tz),
        closes=local_instant(close_day, at, tz),
        open_day=open_day,
        chase_day=chase_day,
        close_day=close_day,
    )


@dataclass(frozen=True)
class PlanItems:
    """A partnership's plans and items, to find who leads what on a given day."""

    plans: tuple[Plan, ...]
    priorities: tuple[Priority, ...]

    def items_on(self, day: date) -> list[Priority]:
        items = plan_items(self.priorities, current_plan(list(self.plans), day))
        return sorted(items, key=lambda p: (p.position, p.id))

    def leads_on(self, day: date) -> dict[str, list[Priority]]:
        """Lead's person id -> the items they lead, in the plan's order."""
        leads: dict[str, list[Priority]] = {}
        for item in self.items_on(day):
            if item.lead_id:
                leads.setdefault(item.lead_id, []).append(item)
        return leads

    def fingerprint(self) -> tuple[object, ...]:
        """What the round recipients are worked out from."""
        return (
            tuple(sorted((p.id, p.starts, p.ends) for p in self.plans)),
            tuple(sorted((p.id, p.plan_id, p.lead_id) for p in self.priorities)),
        )


def items_by_partnership(
    plans: Iterable[Plan], priorities: Iterable[Priority]
) -> dict[str, PlanItems]:
    plan_lists: dict[str, list[Plan]] = {}
    item_lists: dict[str, list[Priority]] = {}
    for plan in plans:
        plan_lists.setdefault(plan.partnership_id, []).append(plan)
    for priority in priorities:
        item_lists.setdefault(priority.partnership_id, []).append(priority)
    return {
        pid: PlanItems(tuple(plan_lists.get(pid, [])), tuple(item_lists.get(pid, [])))
        for pid in set(plan_lists) | set(item_lists)
    }


NO_ITEMS = PlanItems((), ())
