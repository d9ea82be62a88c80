"""Who is who: people by their chat ids, partnerships by their channels."""

from sqlalchemy import func
from sqlmodel import Session, select

from store.tables import Partnership, Person


def person_by_id(session: Session, *, person_id: str) -> Person | None:
    return session.get(Person, person_id)


def person_by_slack_id(session: Session, *, slack_id: str) -> Person | None:
    return session.exec(select(Person).where(Person.slack_id == slack_id)).first()


def person_by_teams_id(session: Session, *, teams_id: str) -> Person | None:
    """By Microsoft Entra object id, which Teams sends as `aadObjectId` (case varies)."""
    return session.exec(
        select(Person).where(func.lower(Person.teams_id) == teams_id.lower())
    ).first()


def person_by_email(session: Session, *, email: str) -> Person | None:
    return session.exec(
        select(Person).where(func.lower(Person.email) == email.strip().lower())
    ).first()


def partnership_by_channel(
    session: Session, *, platform: str, channel_id: str
) -> Partnership | None:
    column = Partnership.slack_channel if platform == "slack" else Partnership.teams_channel
    return session.exec(select(Partnership).where(column == channel_id)).first()
