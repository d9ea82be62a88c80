"""What a partnership data file holds: organisations, people, partnerships and their plans,
priorities, milestones, progress updates, and the glossary.

Ids are the data file's own ids (text primary keys), so a re-import updates in place.
Lists whose order a person wrote (admins, members, bodies) carry a `position`, because an
export must give back the file as it was written.
"""

from datetime import date, datetime

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel


class Organisation(SQLModel, table=True):
    id: str = Field(primary_key=True)
    name: str
    aliases: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    kind: str = "other"
    position: int = 0


class Person(SQLModel, table=True):
    """A person, or a role title when no name should be stored."""

    id: str = Field(primary_key=True)
    name: str
    role: str | None = None
    organisation_id: str | None = Field(default=None, foreign_key="organisation.id")
    slack_id: str | None = Field(default=None, index=True)
    teams_id: str | None = Field(default=None, index=True)
    email: str | None = Field(default=None, index=True)
    position: int = 0


class Partnership(SQLModel, table=True):
    id: str = Field(primary_key=True)
    name: str
    aliases: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    area: str | None = None
    parent_id: str | None = Field(default=None, foreign_key="partnership.id", index=True)
    timezone: str | None = None
    reminder_time: str | None = None  # "HH:MM" as written; None means the default 09:00
    coordinator_id: str | None = Field(default=None, foreign_key="person.id", index=True)
    slack_channel: str | None = Field(default=None, index=True)
    teams_channel: str | None = Field(default=None, index=True)
    # Check-in rounds before board and scrutiny meetings, as written in the data file:
    # None (the defaults), "off", or working days {"open": 10, "chase": 5, "close": 3}.
    checkins: dict[str, int] | str | None = Field(
        default=None, sa_column=Column(JSON, nullable=True)
    )
    position: int = 0


class PartnershipRole(SQLModel, table=True):
    """A person's place in a partnership: `admin` or `member` (the coordinator is on
    Partnership itself)."""

    __table_args__ = (Index("ix_partnershiprole_person", "person_id"),)

    partnership_id: str = Field(foreign_key="partnership.id", primary_key=True)
    person_id: str = Field(foreign_key="person.id", primary_key=True)
    role: str = Field(primary_key=True)
    position: int = 0


class PartnershipBody(SQLModel, table=True):
    """An organisation in a partnership: `responsible_authority` or `other_body`."""

    partnership_id: str = Field(foreign_key="partnership.id", primary_key=True)
    organisation_id: str = Field(foreign_key="organisation.id", primary_key=True)
    role: str = Field(primary_key=True)
    position: int = 0


class Plan(SQLModel, table=True):
    id: str = Field(primary_key=True)
    partnership_id: str = Field(foreign_key="partnership.id", index=True)
    title: str
    starts: date | None = None
    ends: date | None = None
    approved: date | None = None
    approved_by: str | None = None
    adopted: date | None = None
    based_on: str | None = None
    position: int = 0


class Priority(SQLModel, table=True):
    id: str = Field(primary_key=True)
    partnership_id: str = Field(foreign_key="partnership.id", index=True)
    name: str
    aliases: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    kind: str = "priority"
    plan_id: str | None = Field(default=None, foreign_key="plan.id")
    lead_id: str | None = Field(default=None, foreign_key="person.id", index=True)
    lead_body: str | None = None
    description: str | None = None
    position: int = 0


class Milestone(SQLModel, table=True):
    """A statutory or planned date. `due_date` is the first occurrence; `due_time` is set
    for meetings (local time of the partnership). `repeat` is the RRULE text as written."""

    id: str = Field(primary_key=True)
    partnership_id: str = Field(foreign_key="partnership.id", index=True)
    title: str
    kind: str = "other"
    due_date: date = Field(index=True)
    due_time: str | None = None  # "HH:MM" or "HH:MM:SS", local
    repeat: str | None = None
    until: date | None = None
    owner_id: str | None = Field(default=None, foreign_key="person.id", index=True)
    priority_id: str | None = Field(default=None, foreign_key="priority.id", index=True)
    remind: list[int] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    basis: str | None = None
    notes: str | None = None
    position: int = 0
    # The partnership-local day the milestone was first stored (not part of the data file).
    # Occurrences dated before it were history when it arrived, so they are never overdue:
    # importing a file full of past dates must not report years of overdue items.
    recorded_on: date | None = None


class ProgressUpdate(SQLModel, table=True):
    __table_args__ = (Index("ix_progressupdate_priority_posted", "priority_id", "posted"),)

    id: int | None = Field(default=None, primary_key=True)
    partnership_id: str = Field(foreign_key="partnership.id", index=True)
    priority_id: str = Field(foreign_key="priority.id")
    author_id: str | None = Field(default=None, foreign_key="person.id")
    posted: datetime  # aware UTC
    rag: str | None = None
    text: str
    source: str = "import"  # import | slack | teams | terminal | cli


class GlossaryTerm(SQLModel, table=True):
    term: str = Field(primary_key=True)
    meaning: str
    position: int = 0
