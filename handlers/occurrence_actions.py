"""Done and snooze, for one occurrence of a milestone: the chat buttons and the "done X" /
"snooze X for a week" messages all end here.

Who may: the milestone's owner (the coordinator when none is written), the partnership's
coordinator, and its admins. Done stops that occurrence's reminders and escalation only;
later occurrences go on. Snooze silences its reminders until the given time, then the owner
gets one reminder then.
"""

from datetime import date, datetime, timedelta

from handlers.types import Identity, Reply
from schedules.calendar import (
    local_date,
    local_instant,
    next_working_day,
    partnership_zone,
    reminder_time,
)
from schedules.messages import uk_date, uk_datetime
from schedules.occurrences import current_occurrence, is_done, occurrences_between
from schedules.plan import owner_of
from store import deliveries, occurrences
from store.db import Store
from store.people import person_by_id
from store.tables import Milestone, Partnership

INTENT_DONE = "occurrence_done"
INTENT_SNOOZE = "occurrence_snoozed"
REFUSED = "occurrence_refused"


def _refused(intent: str, reason: str, **data: object) -> Reply:
    """`reason`: unknown_milestone | not_an_occurrence | not_allowed | already_done |
    not_in_future | out_of_date"""
    return Reply(intent=intent, template=REFUSED, data={"reason": reason, **data})


def out_of_date(intent: str) -> Reply:
    """For a button whose value is not one the bot wrote (an old or a forged one)."""
    return _refused(intent, "out_of_date")


def _allowed(store: Store, milestone: Milestone, partnership: Partnership, actor: Identity) -> bool:
    if actor.person_id is None:
        return False
    if actor.person_id in (owner_of(milestone, partnership), partnership.coordinator_id):
        return True
    with store.session() as session:
        admins = occurrences.admin_ids(session, partnership_id=partnership.id)
    return actor.person_id in admins


def _load(store: Store, milestone_id: str) -> tuple[Milestone, Partnership] | None:
    with store.session() as session:
        milestone = occurrences.milestone_by_id(session, milestone_id=milestone_id)
        if milestone is None:
            return None
        partnership = session.get(Partnership, milestone.partnership_id)
    return None if partnership is None else (milestone, partnership)


def _check(
    store: Store, intent: str, milestone_id: str, occurrence: date, actor: Identity
) -> tuple[Milestone, Partnership] | Reply:
    """The milestone and its partnership, or the Reply refusing the action."""
    loaded = _load(store, milestone_id)
    if loaded is None:
        return _refused(intent, "unknown_milestone", milestone_id=milestone_id)
    milestone, partnership = loaded
    about = {
        "milestone_id": milestone.id,
        "title": milestone.title,
        "occurrence": occurrence.isoformat(),
        "occurrence_text": uk_date(occurrence),
    }
    if occurrences_between(milestone, start=occurrence, end=occurrence) != [occurrence]:
        return _refused(intent, "not_an_occurrence", **about)
    if not _allowed(store, milestone, partnership, actor):
        return _refused(intent, "not_allowed", **about)
    return milestone, partnership


def _is_done(store: Store, milestone: Milestone, occurrence: date) -> bool:
    with store.session() as session:
        states = occurrences.occurrence_states(session, milestone_ids=[milestone.id])
    return is_done(states, (milestone.id, occurrence))


def _who(store: Store, actor: Identity) -> str:
    with store.session() as session:
        person = person_by_id(session, person_id=actor.person_id) if actor.person_id else None
    return person.name if person else (actor.display_name or actor.person_id or "someone")


def _data(
    store: Store, milestone: Milestone, partnership: Partnership, occurrence: date, actor: Identity
) -> dict[str, object]:
    return {
        "milestone_id": milestone.id,
        "title": milestone.title,
        "partnership_id": partnership.id,
        "partnership": partnership.name,
        "occurrence": occurrence.isoformat(),
        "occurrence_text": uk_date(occurrence),
        "who_id": actor.person_id,
        "who": _who(store, actor),
    }


def mark_done(
    store: Store, *, milestone_id: str, occurrence: date, actor: Identity, at: datetime
) -> Reply:
    checked = _check(store, INTENT_DONE, milestone_id, occurrence, actor)
    if isinstance(checked, Reply):
        return checked
    milestone, partnership = checked
    assert actor.person_id is not None  # _check refuses guests
    if _is_done(store, milestone, occurrence):
        about = _data(store, milestone, partnership, occurrence, actor)
        return _refused(INTENT_DONE, "already_done", **about)
    with store.transaction() as session:
        occurrences.mark_done(
            session,
            milestone_id=milestone.id,
            occurrence=occurrence,
            person_id=actor.person_id,
            at=at,
        )
        deliveries.cancel_open_for_occurrence(
            session, milestone_id=milestone.id, occurrence=occurrence, reason="done"
        )
    data = _data(store, milestone, partnership, occurrence, actor)
    data["when_text"] = uk_datetime(at, partnership_zone(partnership))
    return Reply(intent=INTENT_DONE, template=INTENT_DONE, data=data)


def snooze(
    store: Store,
    *,
    milestone_id: str,
    occurrence: date,
    actor: Identity,
    until: datetime,
    at: datetime,
) -> Reply:
    checked = _check(store, INTENT_SNOOZE, milestone_id, occurrence, actor)
    if isinstance(checked, Reply):
        return checked
    milestone, partnership = checked
    assert actor.person_id is not None  # _check refuses guests
    tz = partnership_zone(partnership)
    about = _data(store, milestone, partnership, occurrence, actor)
    if until <= at:
        return _refused(INTENT_SNOOZE, "not_in_future", **about)
    if _is_done(store, milestone, occurrence):
        return _refused(INTENT_SNOOZE, "already_done", **about)
    owner = owner_of(milestone, partnership)
    with store.transaction() as session:
        occurrences.snooze(
            session,
            milestone_id=milestone.id,
            occurrence=occurrence,
            until=until,
            person_id=actor.person_id,
            at=at,
        )
        deliveries.cancel_open_for_occurrence(
            session,
            milestone_id=milestone.id,
            occurrence=occurrence,
            reason="snoozed",
            kinds=("reminder", "snoozed_reminder"),
            before=until,
        )
        if owner:
            deliveries.schedule_follow_up(
                session,
                row={
                    "kind": "snoozed_reminder",
                    "subject": milestone.id,
                    "partnership_id": partnership.id,
                    "occurrence": occurrence,
                    "offset_days": (occurrence - local_date(until, tz)).days,
                    "recipient": owner,
                    "send_at": until,
                    "next_attempt_at": until,
                },
            )
    about["until"] = until.isoformat()
    about["until_text"] = uk_datetime(until, tz)
    return Reply(intent=INTENT_SNOOZE, template=INTENT_SNOOZE, data=about)


def snooze_until(
    store: Store, *, milestone_id: str, at: datetime, days: int = 0, on: date | None = None
) -> datetime | None:
    """When "snooze X for N days" (`days`) or "snooze X until Monday" (`on`) ends: the
    partnership's reminder time on that local day, moved on to a working day. None when
    there is no such milestone."""
    loaded = _load(store, milestone_id)
    if loaded is None:
        return None
    tz = partnership_zone(loaded[1])
    day = on if on is not None else local_date(at, tz) + timedelta(days=days)
    return local_instant(next_working_day(day), reminder_time(loaded[1]), tz)


def find_current_occurrence(store: Store, *, milestone_id: str, at: datetime) -> date | None:
    """The occurrence "done X" / "snooze X" means at `at`: the overdue one if any, else the
    next one not yet done. None when there is no such milestone or no occurrence left."""
    loaded = _load(store, milestone_id)
    if loaded is None:
        return None
    milestone, partnership = loaded
    with store.session() as session:
        states = occurrences.occurrence_states(session, milestone_ids=[milestone.id])
    today = local_date(at, partnership_zone(partnership))
    return current_occurrence(milestone, today=today, states=states)
