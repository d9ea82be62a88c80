"""What the chat adapters must remember: events already handled (Slack retries), and
Teams conversation references for proactive messages."""

from datetime import datetime

from sqlmodel import Field, SQLModel


class ProcessedEvent(SQLModel, table=True):
    """An inbound platform event id seen once; a retry with the same id is ignored."""

    platform: str = Field(primary_key=True)
    event_id: str = Field(primary_key=True)
    received_at: datetime  # aware UTC


class TeamsConversation(SQLModel, table=True):
    """A Teams conversation reference: a person's 1:1 chat (`user_aad_id` = the user's
    Entra object id) or a channel (`channel_id`), with the serviceUrl to post to.
    `person_id` is set when the user was matched to a person (by Entra id or by email)."""

    conversation_id: str = Field(primary_key=True)
    service_url: str
    tenant_id: str | None = None
    bot_id: str | None = None
    user_aad_id: str | None = Field(default=None, index=True)
    person_id: str | None = Field(default=None, index=True)  # who the 1:1 chat is with, if known
    channel_id: str | None = Field(default=None, index=True)
    scope: str  # personal | channel | groupChat
    reference: str  # the full ConversationReference as JSON
    updated_at: datetime  # aware UTC
