"""Messages the bot could not answer: keep one, forget old ones, read them back."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col, select

from store.db import Store
from store.tables import UnansweredMessage

# A message longer than this is kept cut short: enough to see what was asked.
MAX_TEXT = 2000


def keep_unanswered(
    store: Store,
    *,
    text: str,
    at: datetime,
    platform: str,
    reply: str,
    partnership_id: str | None = None,
    person_id: str | None = None,
) -> None:
    """Store one message (one transaction)."""
    row = UnansweredMessage(
        at=at,
        platform=platform,
        text=text.strip()[:MAX_TEXT],
        reply=reply,
        partnership_id=partnership_id,
        person_id=person_id,
    )
    with store.transaction() as session:
        session.add(row)


def forget_unanswered(store: Store, *, before: datetime) -> int:
    """Delete the messages kept from before `before`; how many went."""
    statement = delete(UnansweredMessage).where(col(UnansweredMessage.at) < before)
    with store.transaction() as session:
        return int(session.connection().execute(statement).rowcount)


def unanswered_since(session: Session, *, since: datetime | None) -> Sequence[UnansweredMessage]:
    """The messages kept, oldest first; from `since` on when given."""
    statement = select(UnansweredMessage).order_by(
        col(UnansweredMessage.at), col(UnansweredMessage.id)
    )
    if since is not None:
        statement = statement.where(col(UnansweredMessage.at) >= since)
    return session.exec(statement).all()
