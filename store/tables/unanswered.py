"""Messages the bot could not answer as asked, kept for `cspbot unanswered`."""

from datetime import datetime

from sqlmodel import Field, SQLModel


class UnansweredMessage(SQLModel, table=True):
    """One message answered with "not sure", "I don't know ..." or a question back.

    `person_id` is the data file's person, set only when the sender is known to it (never a
    platform user id); `partnership_id` is the partnership it was about, when known.
    """

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)  # aware UTC
    platform: str
    text: str
    reply: str  # the reply's template: not_understood, not_found, which_one, ...
    partnership_id: str | None = None
    person_id: str | None = None
