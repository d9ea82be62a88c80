"""The outbound messages the sweep sends, as neutral Replies: the data contract.

Every outbound Reply has `intent` "notify" and one of these `template`s. Chat adapters
render them with their own templates (plain text in bot/templates/text/<template>.j2) and
put Done / Snooze 1 day / Snooze 1 week buttons on reminders and escalations, calling
handlers.occurrence_actions with `milestone_id` and `occurrence` from the data.

An *item* (one milestone occurrence) is a dict with:
    milestone_id     str   the milestone's id
    occurrence       str   the occurrence date, ISO "2027-03-31"
    occurrence_text  str   the same in UK words, "31 March 2027"
    due_time         str | None   "HH:MM" local, for meetings
    title            str
    kind             str   the milestone kind, e.g. "strategic_assessment"
    partnership_id   str
    partnership      str   the partnership's name
    owner_id         str | None   the owner (the coordinator when none is written)
    owner            str | None   the owner's name
    days_before      int   days from the message's local date to the occurrence (negative:
                           overdue by that many days)
    due              str   "today", "tomorrow", "in 7 days", "yesterday", "3 days ago"
    basis            str | None   the statutory basis
    notes            str | None

template "reminder": the item's keys, plus
    delivery_id      int
    to_channel       bool  True when sent to the partnership channel, False to the owner
    late             bool  sent after its time (the bot was down, or the milestone came late)
    offsets          list[int]  the reminder offsets merged into this one message
template "escalation" (to the coordinator, naming the owner): the item's keys, plus
    delivery_id, late, coordinator_id, coordinator (name), working_days_before (int)
template "digest" (weekly, to the partnership channel):
    delivery_id, late, partnership_id, partnership, week_of (UK words),
    due_soon  list[item]  due in the next four weeks, soonest first
    overdue   list[item]  open and past (only the latest past occurrence of a repeat)
    done      list[item + done_by (name), done_at_text (UK words)]  done since the last digest
template "missed_summary" (one per recipient after downtime, never a burst):
    delivery_id, to_channel, count (int),
    items     list[item + message ("reminder" | "escalation")]  whose deadlines passed
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any

from handlers.types import Reply
from schedules.calendar import partnership_zone
from store.tables import Milestone, OccurrenceState, Partnership, Person

NOTIFY_INTENT = "notify"


# Month names in English whatever the process's locale (strftime's %B follows it), looked
# up rather than formatted: several dates go into most answers about deadlines.
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def uk_date(day: date) -> str:
    """31 March 2027"""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def uk_datetime(instant: datetime, tz: tzinfo) -> str:
    """31 March 2027 at 14:05, in the given zone."""
    local = instant.astimezone(tz)
    return f"{uk_date(local.date())} at {local:%H:%M}"


def due_words(days_before: int) -> str:
    if days_before == 0:
        return "today"
    if days_before == 1:
        return "tomorrow"
    if days_before == -1:
        return "yesterday"
    return f"in {days_before} days" if days_before > 0 else f"{-days_before} days ago"


@dataclass
class Directory:
    """What the messages name: milestones, partnerships and people by id."""

    milestones: Mapping[str, Milestone]
    partnerships: Mapping[str, Partnership]
    people: Mapping[str, Person]
    states: Mapping[tuple[str, date], OccurrenceState] = field(default_factory=dict)

    def name(self, person_id: str | None) -> str | None:
        person = self.people.get(person_id) if person_id else None
        return person.name if person else None

    def owner_id(self, milestone: Milestone) -> str | None:
        return milestone.owner_id or self.partnerships[milestone.partnership_id].coordinator_id


def item(directory: Directory, milestone: Milestone, occurrence: date, *, today: date) -> dict:
    partnership = directory.partnerships[milestone.partnership_id]
    owner_id = directory.owner_id(milestone)
    days_before = (occurrence - today).days
    return {
        "milestone_id": milestone.id,
        "occurrence": occurrence.isoformat(),
        "occurrence_text": uk_date(occurrence),
        "due_time": milestone.due_time[:5] if milestone.due_time else None,
        "title": milestone.title,
        "kind": milestone.kind,
        "partnership_id": partnership.id,
        "partnership": partnership.name,
        "owner_id": owner_id,
        "owner": directory.name(owner_id),
        "days_before": days_before,
        "due": due_words(days_before),
        "basis": milestone.basis,
        "notes": milestone.notes,
    }


def reminder_reply(
    directory: Directory,
    milestone: Milestone,
    occurrence: date,
    *,
    today: date,
    delivery_id: int,
    to_channel: bool,
    late: bool,
    offsets: list[int],
) -> Reply:
    data = item(directory, milestone, occurrence, today=today)
    data |= {"delivery_id": delivery_id, "to_channel": to_channel, "late": late}
    data["offsets"] = sorted(offsets, reverse=True)
    return Reply(intent=NOTIFY_INTENT, template="reminder", data=data)


def escalation_reply(
    directory: Directory,
    milestone: Milestone,
    occurrence: date,
    *,
    today: date,
    delivery_id: int,
    late: bool,
    working_days_before: int,
) -> Reply:
    coordinator_id = directory.partnerships[milestone.partnership_id].coordinator_id
    data = item(directory, milestone, occurrence, today=today)
    data |= {"delivery_id": delivery_id, "late": late, "coordinator_id": coordinator_id}
    data |= {"coordinator": directory.name(coordinator_id)}
    data["working_days_before"] = working_days_before
    return Reply(intent=NOTIFY_INTENT, template="escalation", data=data)


@dataclass
class DigestContent:
    due_soon: list[tuple[Milestone, date]]
    overdue: list[tuple[Milestone, date]]
    done: list[OccurrenceState]


def digest_reply(
    directory: Directory,
    partnership: Partnership,
    content: DigestContent,
    *,
    today: date,
    week_of: date,
    delivery_id: int,
    late: bool,
) -> Reply:
    tz = partnership_zone(partnership)

    def done_item(state: OccurrenceState) -> dict[str, Any]:
        milestone = directory.milestones[state.milestone_id]
        data = item(directory, milestone, state.occurrence, today=today)
        data["done_by"] = directory.name(state.done_by) or state.done_by
        data["done_at_text"] = uk_datetime(state.done_at, tz) if state.done_at else None
        return data

    data = {
        "delivery_id": delivery_id,
        "late": late,
        "partnership_id": partnership.id,
        "partnership": partnership.name,
        "week_of": uk_date(week_of),
        "due_soon": [item(directory, m, day, today=today) for m, day in content.due_soon],
        "overdue": [item(directory, m, day, today=today) for m, day in content.overdue],
        "done": [done_item(state) for state in content.done],
    }
    return Reply(intent=NOTIFY_INTENT, template="digest", data=data)


def missed_summary_reply(
    directory: Directory,
    missed: list[tuple[str, Milestone, date]],
    *,
    today: date,
    delivery_id: int,
    to_channel: bool,
) -> Reply:
    """`missed` holds (message kind, milestone, occurrence) in send order."""
    items = [
        item(directory, milestone, occurrence, today=today) | {"message": kind}
        for kind, milestone, occurrence in missed
    ]
    data = {
        "delivery_id": delivery_id,
        "to_channel": to_channel,
        "count": len(items),
        "items": items,
    }
    return Reply(intent=NOTIFY_INTENT, template="missed_summary", data=data)
