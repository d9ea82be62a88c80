"""Every table of the store, imported in one place so that metadata (and Alembic) sees all."""

from store.tables.audit import AuditEntry
from store.tables.calendar import CalendarToken
from store.tables.chat import ProcessedEvent, TeamsConversation
from store.tables.moderngov import MeetingSource, SyncedMeeting
from store.tables.partnership import (
    GlossaryTerm,
    Milestone,
    Organisation,
    Partnership,
    PartnershipBody,
    PartnershipRole,
    Person,
    Plan,
    Priority,
    ProgressUpdate,
)
from store.tables.reminders import Delivery, OccurrenceState, PlanMark
from store.tables.unanswered import UnansweredMessage

__all__ = [
    "AuditEntry",
    "CalendarToken",
    "Delivery",
    "GlossaryTerm",
    "MeetingSource",
    "Milestone",
    "OccurrenceState",
    "Organisation",
    "Partnership",
    "PartnershipBody",
    "PartnershipRole",
    "Person",
    "Plan",
    "PlanMark",
    "Priority",
    "ProcessedEvent",
    "ProgressUpdate",
    "SyncedMeeting",
    "TeamsConversation",
    "UnansweredMessage",
]
