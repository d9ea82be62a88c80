"""The progress report a board or scrutiny committee reads, as plain data: assembled here,
once, and rendered per format in bot/reports/ (Word, HTML, Markdown).

The meeting is the first `board_meeting` or `scrutiny` occurrence on or after a day. The
previous meeting is the latest such occurrence before it; the next, the first after it.
Each item of the plan in force on the meeting's day shows its latest update, the RAG at
the previous meeting (the latest update posted before it began) and the direction of
travel; an item with no update since the previous meeting is marked stale.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import Session

from handlers.views import KIND_WORDS
from schedules.calendar import local_date, partnership_zone
from schedules.checkins import Meeting, meeting_before, meeting_on_or_after, meetings_of
from schedules.messages import uk_date
from schedules.occurrences import is_done, occurrences_between, overdue_occurrence
from schedules.plan import deadline
from schedules.rounds import ROUND_MILESTONE_KINDS
from store import directory, occurrences, updates
from store.plans import current_plan, plan_items, plans_of, priorities_of
from store.tables import Milestone, Partnership, ProgressUpdate

RAG_ORDER = {"red": 0, "amber": 1, "green": 2}
# With no meeting after this one, "due before the next meeting" looks this far ahead.
NEXT_MEETING_FALLBACK = timedelta(days=91)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # "since the previous meeting" when there was none


class ReportUnavailable(Exception):
    """Why no report can be drafted (no such partnership, no meeting): said to the user."""


@dataclass
class ReportData:
    """Everything a report shows; `as_dict` gives the templates' view of it."""

    partnership: dict[str, Any]
    plan: dict[str, Any] | None
    meeting: dict[str, Any]
    previous_meeting: dict[str, Any] | None
    next_meeting: dict[str, Any] | None
    drafted_text: str
    items: list[dict[str, Any]] = field(default_factory=list)
    done: list[dict[str, Any]] = field(default_factory=list)
    overdue: list[dict[str, Any]] = field(default_factory=list)
    due: list[dict[str, Any]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.partnership['name']}: progress report"

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "partnership": self.partnership,
            "plan": self.plan,
            "meeting": self.meeting,
            "previous_meeting": self.previous_meeting,
            "next_meeting": self.next_meeting,
            "drafted_text": self.drafted_text,
            "items": self.items,
            "done": self.done,
            "overdue": self.overdue,
            "due": self.due,
        }


def direction(latest: str | None, previous: str | None) -> str:
    if latest is None:
        return "Not rated"
    if previous is None:
        return "New rating"
    change = RAG_ORDER[latest] - RAG_ORDER[previous]
    return "Improving" if change > 0 else "Worsening" if change < 0 else "No change"


def _meeting_view(meeting: Meeting) -> dict[str, Any]:
    m = meeting.milestone
    return {
        "milestone_id": m.id,
        "title": m.title,
        "kind": m.kind,
        "kind_words": "Scrutiny committee" if m.kind == "scrutiny" else "Board meeting",
        "date": meeting.day.isoformat(),
        "date_text": uk_date(meeting.day),
        "time": m.due_time[:5] if m.due_time else None,
    }


def _plan_view(plan: Any) -> dict[str, Any] | None:
    if plan is None:
        return None
    return {
        "id": plan.id,
        "title": plan.title,
        "starts_text": uk_date(plan.starts) if plan.starts else None,
        "ends_text": uk_date(plan.ends) if plan.ends else None,
    }


def _update_view(update: ProgressUpdate | None, partnership: Partnership, people: Any) -> Any:
    if update is None:
        return None
    author = people.get(update.author_id) if update.author_id else None
    return {
        "text": update.text,
        "rag": update.rag,
        "date_text": uk_date(local_date(update.posted, partnership_zone(partnership))),
        "author_role": (author.role or author.name) if author else None,
    }


def draft_report(
    session: Session, *, partnership_id: str, on_or_after: date | None, now: datetime
) -> ReportData:
    """The report for the first meeting on or after the day (default: today)."""
    partnership = occurrences.partnership_by_id(session, partnership_id=partnership_id)
    if partnership is None:
        raise ReportUnavailable(f"There is no partnership with the id {partnership_id!r}.")
    today = local_date(now, partnership_zone(partnership))
    meetings = meetings_of(session, partnership_id=partnership.id)
    meeting = meeting_on_or_after(meetings, on_or_after or today)
    if meeting is None:
        raise ReportUnavailable(
            f"{partnership.name} has no board meeting or scrutiny committee "
            f"on or after {uk_date(on_or_after or today)}."
        )
    previous = meeting_before(meetings, meeting.day)
    following = meeting_on_or_after(meetings, meeting.day + timedelta(days=1))
    report = ReportData(
        partnership={"id": partnership.id, "name": partnership.name, "area": partnership.area},
        plan=None,
        meeting=_meeting_view(meeting),
        previous_meeting=_meeting_view(previous) if previous else None,
        next_meeting=_meeting_view(following) if following else None,
        drafted_text=uk_date(today),
    )
    _add_items(session, report, partnership, meeting, previous)
    horizon = following.day if following else meeting.day + NEXT_MEETING_FALLBACK
    _add_milestones(session, report, partnership, previous, today, horizon)
    report.due = [
        m
        for m in report.due
        if (m["id"], m["date"]) != (meeting.milestone.id, meeting.day.isoformat())
    ]
    return report


def _add_items(
    session: Session,
    report: ReportData,
    partnership: Partnership,
    meeting: Meeting,
    previous: Meeting | None,
) -> None:
    plan = current_plan(plans_of(session, partnership_id=partnership.id), meeting.day)
    report.plan = _plan_view(plan)
    items = plan_items(priorities_of(session, partnership_id=partnership.id), plan)
    ids = [item.id for item in items]
    since = _began(previous, partnership)
    latest = updates.latest_by_priority(session, priority_ids=ids)
    before = updates.latest_by_priority(session, priority_ids=ids, before=since) if since else {}
    people_ids = {i.lead_id for i in items if i.lead_id} | {
        u.author_id for u in latest.values() if u.author_id
    }
    people = directory.people(session, person_ids=sorted(people_ids))
    for item in items:
        update, earlier = latest.get(item.id), before.get(item.id)
        rag, previous_rag = (update.rag if update else None), (earlier.rag if earlier else None)
        lead = people.get(item.lead_id) if item.lead_id else None
        report.items.append(
            {
                "id": item.id,
                "name": item.name,
                "kind": item.kind,
                "kind_words": KIND_WORDS.get(item.kind, item.kind).capitalize(),
                "description": item.description,
                "lead": lead.role or lead.name if lead else None,
                "lead_body": item.lead_body,
                "rag": rag,
                "previous_rag": previous_rag,
                "direction": direction(rag, previous_rag),
                "latest": _update_view(update, partnership, people),
                "stale": update is None or (since is not None and update.posted < since),
            }
        )


def _began(meeting: Meeting | None, partnership: Partnership) -> datetime | None:
    return deadline(meeting.milestone, partnership, meeting.day) if meeting else None


def _add_milestones(
    session: Session,
    report: ReportData,
    partnership: Partnership,
    previous: Meeting | None,
    today: date,
    horizon: date,
) -> None:
    milestones = {
        m.id: m for m in occurrences.all_milestones(session, partnership_ids=[partnership.id])
    }
    states = occurrences.occurrence_states(session, milestone_ids=sorted(milestones))
    since = _began(previous, partnership) or EPOCH
    for state in occurrences.done_since(session, partnership_id=partnership.id, since=since):
        milestone = milestones[state.milestone_id]
        report.done.append(_milestone_view(milestone, state.occurrence))
    for milestone in milestones.values():
        overdue = overdue_occurrence(milestone, today=today, states=states)
        # A meeting that has been held is not an overdue task.
        if overdue is not None and milestone.kind not in ROUND_MILESTONE_KINDS:
            report.overdue.append(_milestone_view(milestone, overdue))
        for day in occurrences_between(milestone, start=today, end=horizon - timedelta(days=1)):
            if not is_done(states, (milestone.id, day)):
                report.due.append(_milestone_view(milestone, day))
    report.overdue.sort(key=lambda m: m["date"])
    report.due.sort(key=lambda m: m["date"])


def _milestone_view(milestone: Milestone, day: date) -> dict[str, Any]:
    return {
        "id": milestone.id,
        "title": milestone.title,
        "date": day.isoformat(),
        "date_text": uk_date(day),
        "basis": milestone.basis,
    }
