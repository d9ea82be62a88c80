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
    kind: str  # reminder | escalation | digest | missed_summary
    subject: str
    partnership_id: str = Field(foreign_key="partnership.id", index=True)
    occurrence: date
    offset_days: int = 0
    recipient: str
    send_at: datetime  # aware UTC: when the rules say it goes
    next_attempt_at: datetime  # aware UTC: when the sweep may next try it
    status: str = "pending"  # pending | claimed | sent | failed | cancelled
    late: bool = False
    attempts: int = 0
    claimed_by: str | None = None
    claimed_until: datetime | None = None
    sent_at: datetime | None = None
    last_error: str | None = None
