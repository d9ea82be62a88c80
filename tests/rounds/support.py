"""A partnership for the round tests: a coordinator, two leads (one leading three items,
one leading one), an item of an old plan, a member who leads nothing, and a board meeting."""

from datetime import UTC, date, datetime
from typing import Any

from schedules.checkins import RoundState, round_state
from store import occurrences
from store.db import Store
from store.tables import Milestone, Partnership, PartnershipRole, Person, Plan, Priority

MEETING = date(2027, 1, 12)  # a Tuesday after Christmas and New Year


def seed_round(
    store: Store, *, meeting: date = MEETING, partnership: dict[str, Any] | None = None
) -> None:
    with store.transaction() as session:
        for person, role in (
            ("coord", "Community Safety Manager"),
            ("lead-a", "Police Inspector"),
            ("lead-b", "Housing Officer"),
            ("member", "Analyst"),
        ):
            session.add(Person(id=person, name=f"The {role}", role=role))
        session.flush()
        fields = {"id": "csp", "name": "Test CSP", "coordinator_id": "coord"}
        session.add(Partnership(**(fields | (partnership or {}))))
        session.flush()
        session.add(PartnershipRole(partnership_id="csp", person_id="member", role="member"))
        session.add(
            Plan(id="old", partnership_id="csp", title="Plan 2023-26", starts=date(2023, 4, 1),
                 ends=date(2026, 3, 31))
        )  # fmt: skip
        session.add(
            Plan(id="now", partnership_id="csp", title="Plan 2026-29", starts=date(2026, 4, 1),
                 ends=date(2029, 3, 31))
        )  # fmt: skip
        session.flush()
        items = [
            ("asb", "Anti-social behaviour", "priority", "lead-a", "now"),
            ("sv", "Serious violence", "priority", "lead-a", "now"),
            ("vawg", "Violence against women and girls", "cross_cutting", "lead-a", "now"),
            ("housing", "Housing and neighbourhoods", "focus", "lead-b", "now"),
            ("retired", "Old priority", "priority", "member", "old"),
        ]
        for position, (pid, name, kind, lead, plan) in enumerate(items):
            session.add(
                Priority(id=pid, partnership_id="csp", name=name, kind=kind, lead_id=lead,
                         plan_id=plan, lead_body="Test Council", position=position)
            )  # fmt: skip
        session.flush()
        session.add(
            Milestone(id="board", partnership_id="csp", title="CSP Board", kind="board_meeting",
                      due_date=meeting, due_time="10:00", remind=[])
        )  # fmt: skip


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def meeting_round(
    store: Store, *, milestone_id: str, partnership_id: str, occurrence: date
) -> RoundState:
    """The round before one meeting, as the sweep and the chat questions read it."""
    with store.session() as session:
        milestone = occurrences.milestone_by_id(session, milestone_id=milestone_id)
        partnership = occurrences.partnership_by_id(session, partnership_id=partnership_id)
        assert milestone is not None and partnership is not None
        state = round_state(
            session, milestone=milestone, partnership=partnership, occurrence=occurrence
        )
    assert state is not None
    return state
