"""Messages the bot could not answer: keep one, forget old ones, read them back."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam, delete, insert
from sqlmodel import Session, col, select

from store.db import Store
from store.raw import raw_statement, write_unsynced
from store.tables import UnansweredMessage

# A message longer than this is kept cut short: enough to see what was asked.
MAX_TEXT = 2000
KEPT_FIELDS = ("at", "platform", "text", "reply", "partnership_id", "person_id")


# Built once: it runs as the bot answers (store/raw.py).
_KEEP = insert(UnansweredMessage).values({name: bindparam(name) for name in KEPT_FIELDS})


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
    """Store one message, in a transaction of its own committed without waiting for the
    disk: it is written as the bot answers, and a power cut that forgets the last few
    costs only a line of `cspbot unanswered`."""
    values = {
        "at": at,
        "platform": platform,
        "text": text.strip()[:MAX_TEXT],
        "reply": reply,
        "partnership_id": partnership_id,
        "person_id": person_id,
    }
    write_unsynced(store, raw_statement(store, _KEEP), values)


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
