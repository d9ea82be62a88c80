"""The ModernGov sync: one milestone per meeting of each committee a partnership follows.

For each committee it reads the meetings from a month ago to a year ahead, then, in one
transaction per committee: a new meeting gets a milestone (and, by the planner, its
reminders); a moved or retitled one is changed (its reminders move with it); a cancelled
one, or one no longer listed within the window, loses its milestone and its pending
reminders, and the partnership's coordinator is told once. A committee whose site cannot
be read is left exactly as it was, with the reason logged, and tried again next time.
Every change is audited with the actor `moderngov`.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from handlers.types import Reply
from schedules.calendar import local_date, partnership_zone
from schedules.messages import NOTIFY_INTENT, uk_date
from schedules.moderngov import FetchError, Meeting, fetch_meetings, meeting_page
from schedules.planner import replan
from store import meetings as synced
from store.datafile.validate import SYNCED_PREFIX
from store.db import Store
from store.tables import Delivery, MeetingSource, Milestone, Partnership, SyncedMeeting

if TYPE_CHECKING:
    import httpx  # made by the caller when there are sites to read (schedules/moderngov.py)

log = logging.getLogger(__name__)

ACTOR = "moderngov"
NOTICE = "meeting_cancelled"  # the delivery kind of the coordinator's notice
ACTIVE, CANCELLED, VANISHED = "active", "cancelled", "vanished"
MONTHS_BEHIND, MONTHS_AHEAD = 1, 12


@dataclass(frozen=True)
class Change:
    action: str  # add | move | update | cancel | vanished
    partnership_id: str
    committee_id: int
    meeting_id: int
    title: str
    when: str
    was: str | None = None

    def line(self) -> str:
        moved = f" (was {self.was})" if self.was else ""
        return (
            f"{self.action}: {self.title}, {self.when}{moved} "
            f"[{self.partnership_id}, meeting {self.meeting_id}]"
        )


@dataclass
class SyncResult:
    changes: list[Change] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    committees: int = 0


def window(today: date) -> tuple[date, date]:
    return today - relativedelta(months=MONTHS_BEHIND), today + relativedelta(months=MONTHS_AHEAD)


def milestone_id(partnership_id: str, committee_id: int, meeting_id: int) -> str:
    return f"{SYNCED_PREFIX}{partnership_id}-{committee_id}-{meeting_id}"


def when_text(day: date, clock: str | None) -> str:
    return uk_date(day) + (f" at {clock}" if clock else "")


def _clock(at: time | None) -> str | None:
    return None if at is None else f"{at:%H:%M}"


@dataclass(frozen=True)
class _Committee:
    source: MeetingSource
    partnership: Partnership
    id: int
    kind: str
    title: str
    owner_id: str | None

    @classmethod
    def of(
        cls, source: MeetingSource, partnership: Partnership, entry: dict[str, Any]
    ) -> "_Committee":
        return cls(
            source,
            partnership,
            int(entry["id"]),
            entry["kind"],
            entry["title"],
            entry.get("owner"),
        )

    def fields(self, meeting: Meeting) -> dict[str, Any]:
        """What the meeting's milestone should hold."""
        return {
            "title": self.title,
            "kind": self.kind,
            "owner_id": self.owner_id,
            "due_date": meeting.day,
            "due_time": _clock(meeting.at),
        }


def sync_meetings(
    store: Store,
    client: "httpx.Client",
    *,
    now: datetime,
    partnership_ids: Sequence[str] | None = None,
    dry_run: bool = False,
    horizon_days: int | None = None,
    escalation_days: int | None = None,
) -> SyncResult:
    with store.session() as session:
        sources = synced.meeting_sources(session, partnership_ids=partnership_ids)
    result = SyncResult()
    touched: list[str] = []
    for source, partnership in sources:
        today = local_date(now, partnership_zone(partnership))
        start, end = window(today)
        for entry in source.committees:
            committee = _Committee.of(source, partnership, entry)
            result.committees += 1
            try:
                fetched = fetch_meetings(
                    client, site=source.url, committee_id=committee.id, start=start, end=end
                )
            except FetchError as exc:
                reason = f"{partnership.id}: committee {committee.id} ({committee.title}): {exc}"
                log.warning("moderngov sync: %s; nothing changed, tried again next time", reason)
                result.failures.append(reason)
                continue
            opened = store.session() if dry_run else store.transaction()
            try:
                with opened as session:
                    applier = _Applier(session, committee, now=now, today=today, dry_run=dry_run)
                    changes = applier.run(fetched, start, end)
            except IntegrityError:
                # Another replica wrote the same meetings first (PostgreSQL lets both read
                # before either commits); its changes stand, and ours were rolled back.
                log.info("moderngov sync: committee %s was synced by another replica", committee.id)
                continue
            result.changes += changes
            touched += applier.touched
    if touched:
        options: dict[str, int] = {}
        if horizon_days is not None:
            options["horizon_days"] = horizon_days
        if escalation_days is not None:
            options["escalation_days"] = escalation_days
        replan(store, now=now, milestone_ids=touched, **options)
    return result


class _Applier:
    """Works out one committee's changes and, unless it is a dry run, makes them."""

    def __init__(
        self, session: Session, committee: _Committee, *, now: datetime, today: date, dry_run: bool
    ) -> None:
        self.session, self.committee = session, committee
        self.now, self.today, self.dry_run = now, today, dry_run
        self.touched: list[str] = []  # milestones added or changed: the planner's to redo

    def run(self, fetched: list[Meeting], start: date, end: date) -> list[Change]:
        partnership = self.committee.partnership
        known = synced.synced_meetings(
            self.session, partnership_id=partnership.id, committee_id=self.committee.id
        )
        listed = {meeting.meeting_id: meeting for meeting in fetched}
        changes = []
        for meeting in listed.values():
            change = self.listed(meeting, known.get(meeting.meeting_id))
            if change is not None:
                changes.append(change)
        for meeting_id, row in known.items():
            if row.status == ACTIVE and meeting_id not in listed and start <= row.due_date <= end:
                changes.append(self.end(row, VANISHED))
        return changes

    def change(self, action: str, meeting_id: int, when: str, was: str | None = None) -> Change:
        partnership_id = self.committee.partnership.id
        return Change(
            action, partnership_id, self.committee.id, meeting_id, self.committee.title, when, was
        )

    def listed(self, meeting: Meeting, row: SyncedMeeting | None) -> Change | None:
        if meeting.cancelled:
            return self.end(row, CANCELLED) if row is not None and row.status == ACTIVE else None
        wanted = self.committee.fields(meeting)
        when = when_text(meeting.day, wanted["due_time"])
        if row is None or row.status != ACTIVE:
            self.add(meeting, wanted)
            return self.change("add", meeting.meeting_id, when)
        milestone = self.session.get(Milestone, row.milestone_id)
        current = {name: getattr(milestone, name, None) for name in wanted}
        if current == wanted:
            return None
        moved = (current["due_date"], current["due_time"]) != (meeting.day, wanted["due_time"])
        was = when_text(row.due_date, row.due_time)
        if not self.dry_run:
            synced.change_meeting(
                self.session, meeting=row, fields=wanted, at=self.now, actor=ACTOR
            )
            self.touched.append(row.milestone_id)
        if moved:
            return self.change("move", meeting.meeting_id, when, was)
        return self.change("update", meeting.meeting_id, when)

    def add(self, meeting: Meeting, wanted: dict[str, Any]) -> None:
        partnership = self.committee.partnership
        ident = milestone_id(partnership.id, self.committee.id, meeting.meeting_id)
        url = meeting_page(self.committee.source.url, meeting.meeting_id)
        if self.dry_run:
            return
        milestone = Milestone(
            id=ident,
            partnership_id=partnership.id,
            notes=f"Agenda and papers: {url}",
            recorded_on=self.today,  # earlier meetings are history, never overdue
            **wanted,
        )
        row = SyncedMeeting(
            milestone_id=ident,
            partnership_id=partnership.id,
            committee_id=self.committee.id,
            meeting_id=meeting.meeting_id,
            title=self.committee.title,
            due_date=meeting.day,
            due_time=wanted["due_time"],
            url=url,
            status=ACTIVE,
        )
        synced.add_meeting(self.session, meeting=row, milestone=milestone, at=self.now, actor=ACTOR)
        self.touched.append(ident)

    def end(self, row: SyncedMeeting, status: str) -> Change:
        when = when_text(row.due_date, row.due_time)
        if not self.dry_run:
            synced.end_meeting(
                self.session,
                meeting=row,
                status=status,
                notice=self.notice(row),
                at=self.now,
                actor=ACTOR,
            )
        return self.change("cancel" if status == CANCELLED else status, row.meeting_id, when)

    def notice(self, row: SyncedMeeting) -> Delivery | None:
        coordinator = self.committee.partnership.coordinator_id
        if coordinator is None:
            return None
        return Delivery(
            kind=NOTICE,
            subject=row.milestone_id,
            partnership_id=row.partnership_id,
            occurrence=row.due_date,
            recipient=coordinator,
            send_at=self.now,
            next_attempt_at=self.now,
        )


def notice_reply(meeting: SyncedMeeting, partnership: Partnership, *, delivery_id: int) -> Reply:
    """The coordinator's message about a meeting that was cancelled or is no longer listed."""
    return Reply(
        intent=NOTIFY_INTENT,
        template=NOTICE,
        data={
            "delivery_id": delivery_id,
            "title": meeting.title,
            "partnership": partnership.name,
            "when": when_text(meeting.due_date, meeting.due_time),
            "cancelled": meeting.status == CANCELLED,
            "url": meeting.url,
        },
    )
