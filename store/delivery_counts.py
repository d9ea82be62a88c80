"""How many delivery rows there are of each kind in each state: read at every metrics
scrape, so one grouped query over the (kind, status) pair."""

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
