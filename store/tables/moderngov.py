"""Committee meetings from a council's ModernGov site: where to read them (the data file's
optional `moderngov` block) and which milestones the sync made from them.

Synced meetings are milestones like any other, so every answer and reminder sees them;
this table says which milestones are the sync's, so that an import of the data file leaves
them alone and an export leaves them out.
"""

from datetime import date
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel


class MeetingSource(SQLModel, table=True):
    """A partnership's ModernGov site and its committees as the data file gives them:
    `committees` is a list of {id, kind, title, owner?} in the file's order."""

    partnership_id: str = Field(foreign_key="partnership.id", primary_key=True)
    url: str
    committees: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )


class SyncedMeeting(SQLModel, table=True):
    """One ModernGov meeting. While `status` is `active` its milestone exists; a cancelled
    or vanished meeting loses its milestone but keeps this row, so it is reported once."""

    __table_args__ = (Index("ix_syncedmeeting_committee", "partnership_id", "committee_id"),)

    milestone_id: str = Field(primary_key=True)
    partnership_id: str = Field(foreign_key="partnership.id")
    committee_id: int
    meeting_id: int
    title: str
    due_date: date
    due_time: str | None = None
    url: str
    status: str = "active"  # active | cancelled
