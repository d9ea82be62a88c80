"""Teams conversation references: where the bot may post later without being spoken to.

A reference is saved when the app is installed and on every message, so its serviceUrl is
the one Teams used most recently for that conversation.
"""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from store.tables import Person, TeamsConversation


@dataclass(frozen=True)
class ConversationRef:
    conversation_id: str
    service_url: str
    tenant_id: str | None
    bot_id: str | None
    scope: str  # personal | channel | groupChat
    reference: dict[str, Any]


def save_reference(
    session: Session,
    *,
    conversation_id: str,
    service_url: str,
    scope: str,
    reference: dict[str, Any],
    at: datetime,
    tenant_id: str | None = None,
    bot_id: str | None = None,
    user_aad_id: str | None = None,
    person_id: str | None = None,
    channel_id: str | None = None,
) -> None:
    """Insert or refresh one reference; a known person or channel is never forgotten by a
    later event that lacks it."""
    row = session.get(TeamsConversation, conversation_id)
    if row is None:
        row = TeamsConversation(
            conversation_id=conversation_id,
            service_url=service_url,
            scope=scope,
            reference="{}",
            updated_at=at,
        )
    row.service_url = service_url
    row.scope = scope
    row.reference = json.dumps(reference, sort_keys=True)
    row.updated_at = at
    row.tenant_id = tenant_id or row.tenant_id
    row.bot_id = bot_id or row.bot_id
    row.user_aad_id = user_aad_id or row.user_aad_id
    row.person_id = person_id or row.person_id
    row.channel_id = channel_id or row.channel_id
    session.add(row)


def channel_reference(session: Session, *, channel_id: str) -> ConversationRef | None:
    row = session.exec(
        select(TeamsConversation)
        .where(TeamsConversation.channel_id == channel_id)
        .order_by(col(TeamsConversation.updated_at).desc())
    ).first()
    return _ref(row)


def personal_reference(session: Session, *, person_id: str) -> ConversationRef | None:
    """The person's 1:1 chat with the bot: recorded for them, or for their Entra id."""
    person = session.get(Person, person_id)
    condition = col(TeamsConversation.person_id) == person_id
    if person is not None and person.teams_id:
        condition = condition | (
            func.lower(TeamsConversation.user_aad_id) == person.teams_id.lower()
        )
    row = session.exec(
        select(TeamsConversation)
        .where(TeamsConversation.scope == "personal", condition)
        .order_by(col(TeamsConversation.updated_at).desc())
    ).first()
    return _ref(row)


def _ref(row: TeamsConversation | None) -> ConversationRef | None:
    if row is None:
        return None
    return ConversationRef(
        conversation_id=row.conversation_id,
        service_url=row.service_url,
        tenant_id=row.tenant_id,
        bot_id=row.bot_id,
        scope=row.scope,
        reference=json.loads(row.reference),
    )
