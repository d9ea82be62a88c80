"""A check-in round's state (who leads what, what has been answered since it opened) and
the messages it sends, as neutral Replies: the data contract for the templates.

An item is answered when it has a progress update posted at or after the round opened.

template "checkin" (to a lead, when the round opens) and "chase" (to a lead with items
still unanswered; not sent when there are none):
    delivery_id, late, lead_id, lead, meeting (below),
    items  list[item]  the lead's items ("chase": only the unanswered ones)
template "checkin_summary" (to the coordinator, when the round closes):
    delivery_id, late, meeting, coordinator_id, coordinator,
    answered    list[lead]  leads who answered every item
    unanswered  list[lead]  leads with items unanswered
    report      {partnership_id, milestone_id, occurrence}: the draft report to attach
meeting: milestone_id, title, kind, occurrence (ISO), occurrence_text, due_time,
    partnership_id, partnership, opens_text, chases_text, closes_text
item: id, name, kind, rag (None when never rated), updated_text (UK date of the latest
    update, None when never updated), answered (bool)
lead: id, name, role, answered (list of item names), unanswered (list of item names)
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from handlers.types import Reply
from schedules.calendar import local_date, partnership_zone
from schedules.messages import NOTIFY_INTENT, uk_date
from schedules.occurrences import iter_occurrences, latest_occurrence
from schedules.rounds import ROUND_MILESTONE_KINDS, PlanItems, RoundTimes, round_times
from store import occurrences, updates
from store.plans import plans_of, priorities_of
from store.tables import Milestone, Partnership, Person, Priority, ProgressUpdate


@dataclass(frozen=True)
class Meeting:
    """One occurrence of a board meeting or scrutiny committee."""

    milestone: Milestone
    day: date

    @property
    def key(self) -> tuple[date, str]:
        return (self.day, self.milestone.id)


def meetings_of(session: Session, *, partnership_id: str) -> list[Milestone]:
    return [
        m
        for m in occurrences.all_milestones(session, partnership_ids=[partnership_id])
        if m.kind in ROUND_MILESTONE_KINDS
    ]


def meeting_on_or_after(meetings: list[Milestone], day: date) -> Meeting | None:
    found = [
        Meeting(m, d) for m in meetings if (d := next(iter_occurrences(m, on_or_after=day), None))
    ]
    return min(found, key=lambda m: m.key, default=None)


def meeting_before(meetings: list[Milestone], day: date) -> Meeting | None:
    found = [Meeting(m, d) for m in meetings if (d := latest_occurrence(m, before=day))]
    return max(found, key=lambda m: m.key, default=None)


@dataclass(frozen=True)
class ItemState:
    priority: Priority
    latest: ProgressUpdate | None
    answered: bool


@dataclass
class RoundState:
    partnership: Partnership
    milestone: Milestone
    occurrence: date
    times: RoundTimes
    leads: dict[str, list[ItemState]]  # lead's person id -> their items, in plan order
    people: dict[str, Person]

    def unanswered(self, lead_id: str) -> list[ItemState]:
        return [item for item in self.leads.get(lead_id, []) if not item.answered]

    def stage(self, now: datetime) -> str:
        """not_open | open | closed"""
        if now < self.times.opens:
            return "not_open"
        return "open" if now < self.times.closes else "closed"

    def name(self, person_id: str | None) -> str | None:
        person = self.people.get(person_id) if person_id else None
        return person.name if person else None


def round_state(
    session: Session, *, milestone: Milestone, partnership: Partnership, occurrence: date
) -> RoundState | None:
    """The round before one meeting occurrence, read from the store (None: rounds off)."""
    times = round_times(partnership, occurrence)
    if times is None:
        return None
    held = PlanItems(
        tuple(plans_of(session, partnership_id=partnership.id)),
        tuple(priorities_of(session, partnership_id=partnership.id)),
    )
    led = held.leads_on(times.open_day)
    ids = [item.id for items in led.values() for item in items]
    latest = updates.latest_by_priority(session, priority_ids=ids)
    leads = {
        lead: [
            ItemState(p, latest.get(p.id), p.id in latest and latest[p.id].posted >= times.opens)
            for p in items
        ]
        for lead, items in led.items()
    }
    wanted = set(leads) | ({partnership.coordinator_id} if partnership.coordinator_id else set())
    people = occurrences.people_by_ids(session, person_ids=sorted(wanted))
    return RoundState(partnership, milestone, occurrence, times, leads, people)


def current_round(
    session: Session, *, partnership: Partnership, now: datetime
) -> RoundState | None:
    """The round before the partnership's next meeting (today's counts until it is held);
    None when there is none or rounds are off."""
    today = local_date(now, partnership_zone(partnership))
    meeting = meeting_on_or_after(meetings_of(session, partnership_id=partnership.id), today)
    if meeting is None:
        return None
    return round_state(
        session, milestone=meeting.milestone, partnership=partnership, occurrence=meeting.day
    )


def meeting_data(state: RoundState) -> dict[str, Any]:
    milestone, partnership = state.milestone, state.partnership
    return {
        "milestone_id": milestone.id,
        "title": milestone.title,
        "kind": milestone.kind,
        "occurrence": state.occurrence.isoformat(),
        "occurrence_text": uk_date(state.occurrence),
        "due_time": milestone.due_time[:5] if milestone.due_time else None,
        "partnership_id": partnership.id,
        "partnership": partnership.name,
        "opens_text": uk_date(state.times.open_day),
        "chases_text": uk_date(state.times.chase_day),
        "closes_text": uk_date(state.times.close_day),
    }


def item_data(state: RoundState, item: ItemState) -> dict[str, Any]:
    latest = item.latest
    tz = partnership_zone(state.partnership)
    return {
        "id": item.priority.id,
        "name": item.priority.name,
        "kind": item.priority.kind,
        "rag": latest.rag if latest else None,
        "updated_text": uk_date(local_date(latest.posted, tz)) if latest else None,
        "answered": item.answered,
    }


def _to_lead(
    state: RoundState, lead_id: str, items: list[ItemState], template: str, **extra: Any
) -> Reply:
    data = {
        "lead_id": lead_id,
        "lead": state.name(lead_id),
        "meeting": meeting_data(state),
        "items": [item_data(state, item) for item in items],
    }
    return Reply(intent=NOTIFY_INTENT, template=template, data=data | extra)


def checkin_reply(state: RoundState, lead_id: str, *, delivery_id: int, late: bool) -> Reply | None:
    """None when the person leads nothing in the plan any more."""
    items = state.leads.get(lead_id, [])
    if not items:
        return None
    return _to_lead(state, lead_id, items, "checkin", delivery_id=delivery_id, late=late)


def chase_reply(state: RoundState, lead_id: str, *, delivery_id: int, late: bool) -> Reply | None:
    """None when the lead has nothing left to answer."""
    items = state.unanswered(lead_id)
    if not items:
        return None
    return _to_lead(state, lead_id, items, "chase", delivery_id=delivery_id, late=late)


def lead_data(state: RoundState, lead_id: str) -> dict[str, Any]:
    person = state.people.get(lead_id)
    items = state.leads.get(lead_id, [])
    return {
        "id": lead_id,
        "name": person.name if person else lead_id,
        "role": person.role if person else None,
        "answered": [i.priority.name for i in items if i.answered],
        "unanswered": [i.priority.name for i in items if not i.answered],
    }


def summary_reply(state: RoundState, *, delivery_id: int, late: bool) -> Reply:
    leads = [lead_data(state, lead_id) for lead_id in state.leads]
    coordinator_id = state.partnership.coordinator_id
    data = {
        "delivery_id": delivery_id,
        "late": late,
        "meeting": meeting_data(state),
        "coordinator_id": coordinator_id,
        "coordinator": state.name(coordinator_id),
        "answered": [lead for lead in leads if not lead["unanswered"]],
        "unanswered": [lead for lead in leads if lead["unanswered"]],
        "report": {
            "partnership_id": state.partnership.id,
            "milestone_id": state.milestone.id,
            "occurrence": state.occurrence.isoformat(),
        },
    }
    return Reply(intent=NOTIFY_INTENT, template="checkin_summary", data=data)
