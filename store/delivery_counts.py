"""How many delivery rows there are of each kind in each state, and how many check-in
rounds are open: read at every metrics scrape."""

from sqlalchemy import func
from sqlalchemy import select as select_columns
from sqlmodel import Session, col

from store.tables import Delivery


def by_kind_and_status(session: Session) -> list[tuple[str, str, int]]:
    rows = session.execute(
        select_columns(col(Delivery.kind), col(Delivery.status), func.count())
        .group_by(col(Delivery.kind), col(Delivery.status))
        .order_by(col(Delivery.kind), col(Delivery.status))
    ).all()
    return [(kind, status, int(count)) for kind, status, count in rows]


def open_checkin_rounds(session: Session) -> int:
    """Check-in rounds under way: a check-in sent for a meeting whose summary to the
    coordinator is still to go (kinds as written by schedules/rounds.py)."""
    opened = select_columns(col(Delivery.subject), col(Delivery.occurrence)).where(
        col(Delivery.kind) == "checkin", col(Delivery.status) == "sent"
    )
    waiting = select_columns(col(Delivery.subject), col(Delivery.occurrence)).where(
        col(Delivery.kind) == "checkin_summary", col(Delivery.status).in_(("pending", "claimed"))
    )
    return len(set(session.execute(opened).all()) & set(session.execute(waiting).all()))
