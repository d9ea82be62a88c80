"""Who may read and write what.

Anyone, guests included, may ask about the public content of the plans: priorities,
leads, deadlines, the glossary. Progress updates are for a partnership's people (its
members, coordinator, admins and priority leads, and its parent board's coordinator and
admins). Only a priority's lead, the partnership's admins and its coordinator may post.
Roles come from the snapshot, which is rebuilt whenever they change.
"""

from handlers.snapshot import Snapshot
from store.tables import Priority

# Which of a person's partnerships a question naming none is about, first to last.
ROLE_ORDER = ("coordinator", "admin", "lead", "member")
_MANAGERS = ("coordinator", "admin")

# What a guest (someone the data file does not know) is told they cannot do, by intent;
# the pipeline answers these before any handler runs.
PEOPLE_ONLY = {
    "post_update": "post progress updates",
    "my_deadlines": "see your deadlines",
    "my_priorities": "see what you lead on",
    "done": "mark deadlines done",
    "snooze": "snooze reminders",
}


def refused_to_guest(intent: str, *, person_id: str | None) -> str | None:
    """What a guest asked for that needs a known person, or None when they may."""
    return PEOPLE_ONLY.get(intent) if person_id is None else None


def partnerships_of(data: Snapshot, *, person_id: str | None) -> list[str]:
    """The person's partnerships, most involved first (coordinator before member)."""
    roles = data.roles_of(person_id)
    ordered: list[str] = []
    for wanted in ROLE_ORDER:
        for partnership_id, role in roles:
            if role == wanted and partnership_id not in ordered:
                ordered.append(partnership_id)
    return ordered


def can_read_updates(data: Snapshot, *, person_id: str | None, partnership_id: str) -> bool:
    roles = data.roles_of(person_id)
    if any(pid == partnership_id for pid, _role in roles):
        return True
    partnership = data.partnership(partnership_id)
    parent = partnership.parent_id if partnership else None
    return parent is not None and any((parent, role) in roles for role in _MANAGERS)


def can_post_update(data: Snapshot, *, person_id: str | None, priority: Priority) -> bool:
    if person_id is None:
        return False
    if priority.lead_id == person_id:
        return True
    roles = data.roles_of(person_id)
    return any((priority.partnership_id, role) in roles for role in _MANAGERS)


def managed_by(data: Snapshot, *, person_id: str) -> list[str]:
    """The partnerships this person coordinates or administers."""
    return [pid for pid, role in data.roles_of(person_id) if role in _MANAGERS]
