"""The audit log: every change to the store, who made it, when, and the record before and
after."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel


class AuditEntry(SQLModel, table=True):
    # The latest change per table in one index seek: the conversation core's name index
    # is rebuilt only when names may have changed, not on every progress update.
    __table_args__ = (Index("ix_auditentry_entity_seq", "entity", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)  # aware UTC
    actor: str  # a person id, or what acted: "import", "cli", "scheduler"
    action: str  # create | update | delete
    entity: str  # table name
    entity_id: str = Field(index=True)
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
