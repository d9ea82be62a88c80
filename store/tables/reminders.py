"""The truth about reminders: per-occurrence state, and one row per delivery.

APScheduler only triggers sweeps; these rows decide what is sent, so a restart, an outage
or a second replica can neither lose nor repeat a reminder.
"""

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class OccurrenceState(SQLModel, table=True):
    milestone_id: str = Field(foreign_key="milestone.id", primary_key=True)
    occurrence: date = Field(primary_key=True)
    status: str = "open"  # open | done
    snoozed_until: datetime | None = None  # aware UTC
    done_at: datetime | None = None
    done_by: str | None = None


class Delivery(SQLModel, table=True):
    """One message to one recipient. `subject` is the milestone id for reminders and
    escalations, and `digest:<partnership id>` for weekly digests; `recipient` is a person
    id or `channel:<partnership id>`."""

    __table_args__ = (
        UniqueConstraint("subject", "occurrence", "offset_days", "recipient", "kind"),
        Index("ix_delivery_status_due", "status", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str  # reminder | snoozed_reminder | escalation | digest | missed_summary
    subject: str
    # Copied from a partnership read in the same work; no foreign key, whose check cost a
    # quarter of PostgreSQL's time inserting a year's plan (migration 0007).
    partnership_id: str
    occurrence: date
    offset_days: int = 0
    recipient: str
    send_at: datetime  # aware UTC: when the rules say it goes
    next_attempt_at: datetime  # aware UTC: when the sweep may next try it
    # pending | claimed | sent | failed | cancelled | merged | missed
    status: str = "pending"
    late: bool = False
    attempts: int = 0
    claimed_by: str | None = None
    claimed_until: datetime | None = None
    sent_at: datetime | None = None
    last_error: str | None = None
    # The delivery that carried this one's content: a same-day merge, or the "missed while
    # offline" summary it went into.
    merged_into: int | None = None


class PlanMark(SQLModel, table=True):
    """How far the planner has planned one subject (a milestone id, or `digest:<partnership
    id>`), and a fingerprint of what the plan was made from: an unchanged subject is only
    extended as the horizon rolls on, a changed one is planned again."""

    subject: str = Field(primary_key=True)
    fingerprint: str
    planned_through: date  # the last local send day covered
