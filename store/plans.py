"""A partnership's plans and items, and which plan is in force."""

from collections.abc import Iterable
from datetime import date

from sqlmodel import Session, col, select

from store.tables import Plan, Priority


def plans_of(session: Session, *, partnership_id: str) -> list[Plan]:
    query = select(Plan).where(Plan.partnership_id == partnership_id)
    return list(session.exec(query.order_by(col(Plan.position), col(Plan.id))))


def priorities_of(session: Session, *, partnership_id: str) -> list[Priority]:
    query = select(Priority).where(Priority.partnership_id == partnership_id)
    return list(session.exec(query.order_by(col(Priority.position), col(Priority.id))))


def current_plan(plans: list[Plan], today: date) -> Plan | None:
    """The plan in force today (the latest to start, when plans overlap), else the most
    recent one."""
    running = [p for p in plans if (p.starts or date.min) <= today <= (p.ends or date.max)]
    pool = running or plans
    return max(pool, key=lambda p: p.starts or date.min, default=None)


def plan_items(priorities: Iterable[Priority], plan: Plan | None) -> list[Priority]:
    """The items of `plan` (and those tied to no plan); all of them when there is none."""
    return [p for p in priorities if plan is None or p.plan_id in (None, plan.id)]
