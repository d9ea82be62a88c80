"""Rows for the reminder tests, inserted directly with the table models, and a notifier
that counts."""

import asyncio
from datetime import date
from typing import Any

from handlers.types import DeliveryError, Outbound
from store.db import Store
from store.tables import Milestone, Partnership, PartnershipRole, Person


def seed(
    store: Store, *milestones: dict[str, Any], partnership: dict[str, Any] | None = None
) -> None:
    """One partnership (coordinator `coord`, admin `admin`, officer `owner`, guest-like
    member `other`) and the given milestones."""
    with store.transaction() as session:
        for person in ("coord", "admin", "owner", "other"):
            session.add(Person(id=person, name=f"The {person.title()}"))
        session.flush()
        defaults = {"id": "csp", "name": "Test CSP", "coordinator_id": "coord"}
        session.add(Partnership(**(defaults | (partnership or {}))))
        session.flush()
        session.add(PartnershipRole(partnership_id="csp", person_id="admin", role="admin"))
        for index, fields in enumerate(milestones):
            values: dict[str, Any] = {"partnership_id": "csp", "kind": "other", "position": index}
            values |= fields
            session.add(Milestone(**values))


def milestone(**fields: Any) -> Milestone:
    values: dict[str, Any] = {"id": "m", "partnership_id": "csp", "title": "M", "kind": "other"}
    return Milestone(**(values | fields))


def partnership(**fields: Any) -> Partnership:
    return Partnership(**({"id": "csp", "name": "Test CSP", "coordinator_id": "coord"} | fields))


class CountingNotifier:
    """Records every delivery; optionally fails in a scripted way first."""

    def __init__(self, failures: list[DeliveryError] | None = None) -> None:
        self.sent: list[Outbound] = []
        self.failures = list(failures or [])
        self.lock = asyncio.Lock()

    async def deliver(self, outbound: Outbound) -> None:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(outbound)


def day(text: str) -> date:
    return date.fromisoformat(text)
