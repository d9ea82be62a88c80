"""People by id. (Who is asking, by chat id or email, is read from the plans snapshot:
handlers/senders.py.)"""

from sqlmodel import Session, col, select

from store.tables import Person


def person_by_id(session: Session, *, person_id: str) -> Person | None:
    return session.get(Person, person_id)


def all_people(session: Session) -> list[Person]:
    return list(session.exec(select(Person).order_by(col(Person.id))).all())
