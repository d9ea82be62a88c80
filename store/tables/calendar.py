"""Calendar feed subscriptions: one secret link per feed, of which only a hash is kept."""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class CalendarToken(SQLModel, table=True):
    """The sha256 of a feed's token. `feed` is `partnership` or `person`, `subject` that
    partnership's or person's id; one token per feed, so issuing a new one replaces it."""

    __table_args__ = (UniqueConstraint("feed", "subject"),)

    token_hash: str = Field(primary_key=True)
    feed: str
    subject: str
    created_at: datetime  # aware UTC
