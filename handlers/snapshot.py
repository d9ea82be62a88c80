"""The plans as they stand: partnerships, people, priorities, plans, milestones and roles,
read once per data version and kept in memory with the name index built from them.

They change only when a data file is imported (every such change is audited), so a
question reads them from here instead of querying for each; what changes in chat
(progress updates, done and snoozed occurrences) is always read from the store.
"""

import gc
import re
import threading
import time
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from sqlmodel import Session

from handlers.entities import NamedThing, NameIndex, normalise
from handlers.meaning import MilestoneSearch
from handlers.memory import one_big_job_at_a_time
from handlers.mentions import MentionIndex
from handlers.priority_groups import priority_groups
from store import directory
from store.db import Store, WouldWait, must_not_wait
from store.tables import Milestone, Organisation, Partnership, Person, Plan, Priority

T = TypeVar("T")


class Snapshot:
    def __init__(
        self,
        *,
        partnerships: Iterable[Partnership],
        people: Iterable[Person],
        organisations: Iterable[Organisation],
        priorities: Iterable[Priority],
        plans: Iterable[Plan],
        milestones: Iterable[Milestone],
        bodies: Iterable[tuple[str, str, str]],
        roles: Iterable[tuple[str, str, str]],
        glossary: Iterable[tuple[str, str]],
    ) -> None:
        self.partnerships = {p.id: p for p in partnerships}
        self.people = {p.id: p for p in people}
        self.organisations = {o.id: o for o in organisations}
        self.priorities = {p.id: p for p in priorities}
        self.milestones = {m.id: m for m in milestones}
        self._children = _group(self.partnerships.values(), lambda p: p.parent_id)
        self._priorities_by = _group(self.priorities.values(), lambda p: p.partnership_id)
        self._led_by = _group(self.priorities.values(), lambda p: p.lead_id)
        self._plans_by = _group(plans, lambda p: p.partnership_id)
        self._milestones_by = _group(self.milestones.values(), lambda m: m.partnership_id)
        self._owned_by = _group(self.milestones.values(), lambda m: m.owner_id)
        self._bodies_by: dict[str, list[tuple[str, Organisation]]] = defaultdict(list)
        for partnership_id, organisation_id, role in bodies:
            self._bodies_by[partnership_id].append((role, self.organisations[organisation_id]))
        self._roles: dict[str, list[tuple[str, str]]] = defaultdict(list)
        # One tuple for each place, shared by everyone who has it: a partnership's
        # members are thousands on the large dataset.
        each_place: dict[tuple[str, str], tuple[str, str]] = {}
        for person_id, partnership_id, role in roles:
            place = (partnership_id, role)
            self._roles[person_id].append(each_place.setdefault(place, place))
        self.names = NameIndex(self._named(glossary))
        self.mentions = MentionIndex(self.names, self.partnerships.values())
        self.priority_groups = priority_groups(self.priorities.values(), self.partnerships.values())
        self.meaning = MilestoneSearch(self.milestones.values(), self.priorities, self.names)
        # Who is asking, looked up on every message: by chat id (Teams sends Entra ids in
        # varying case), by email (case-insensitive), and each chat channel's partnership.
        self._by_chat_id = {
            **{("slack", p.slack_id): p for p in self.people.values() if p.slack_id},
            **{("teams", p.teams_id.lower()): p for p in self.people.values() if p.teams_id},
        }
        self._by_email = {p.email.lower(): p for p in self.people.values() if p.email}
        places = self.partnerships.values()
        self._by_channel = {
            **{("slack", p.slack_channel): p for p in places if p.slack_channel},
            **{("teams", p.teams_channel): p for p in places if p.teams_channel},
        }

    def _named(self, glossary: Iterable[tuple[str, str]]) -> Iterable[NamedThing]:
        area_places = _places(self.partnerships.values())
        for p in self.partnerships.values():
            yield NamedThing(
                "partnership",
                p.id,
                (p.name, *p.aliases, *([p.area] if p.area else []), *area_places[p.id]),
            )
        for pr in self.priorities.values():
            yield NamedThing("priority", pr.id, (pr.name, *pr.aliases), pr.partnership_id, pr.kind)
        for plans in self._plans_by.values():
            for plan in plans:
                yield NamedThing("plan", plan.id, (plan.title,), plan.partnership_id)
        for m in self.milestones.values():
            yield NamedThing("milestone", m.id, (m.title,), m.partnership_id, m.kind, m.priority_id)
        for o in self.organisations.values():
            yield NamedThing("organisation", o.id, (o.name, *o.aliases))
        for person in self.people.values():
            # People are named by their name and role title ("the programme manager"),
            # and belong where they have a place (coordinator first).
            places = sorted(self.roles_of(person.id), key=lambda place: place[1] != "coordinator")
            roles = [person.role] if person.role and person.role != person.name else []
            home = places[0][0] if places else None
            yield NamedThing("person", person.id, (person.name, *roles), home)
        for term, meaning in glossary:
            # Named by its meaning too: "the community safety agreement" is the CSA.
            yield NamedThing("glossary", term, (term, meaning), detail=meaning)

    def partnership(self, partnership_id: str | None) -> Partnership | None:
        return self.partnerships.get(partnership_id) if partnership_id else None

    def person(self, person_id: str | None) -> Person | None:
        return self.people.get(person_id) if person_id else None

    def person_by_chat_id(self, platform: str, user_id: str) -> Person | None:
        key = user_id.lower() if platform == "teams" else user_id
        return self._by_chat_id.get((platform, key))

    def person_by_email(self, email: str) -> Person | None:
        return self._by_email.get(email.strip().lower())

    def partnership_by_channel(self, platform: str, channel_id: str) -> Partnership | None:
        return self._by_channel.get((platform, channel_id))

    def priority(self, priority_id: str | None) -> Priority | None:
        return self.priorities.get(priority_id) if priority_id else None

    def milestone(self, milestone_id: str | None) -> Milestone | None:
        return self.milestones.get(milestone_id) if milestone_id else None

    def organisation_name(self, organisation_id: str | None) -> str | None:
        organisation = self.organisations.get(organisation_id) if organisation_id else None
        return organisation.name if organisation else None

    def roles_of(self, person_id: str | None) -> list[tuple[str, str]]:
        """(partnership id, role) for each place the person has."""
        return self._roles.get(person_id, []) if person_id else []

    def people_of(self, partnership_id: str) -> list[Person]:
        """The people with a place in the partnership, its coordinator first. Looked
        through on asking (a membership question is rare), not kept by partnership."""
        having = [
            (role != "coordinator", person_id)
            for person_id, places in self._roles.items()
            for place_id, role in places
            if place_id == partnership_id and person_id in self.people
        ]
        ids = dict.fromkeys(person_id for _later, person_id in sorted(having, key=lambda h: h[0]))
        return [self.people[person_id] for person_id in ids]

    def priorities_of(self, partnership_id: str) -> list[Priority]:
        return self._priorities_by.get(partnership_id, [])

    def priorities_led_by(self, person_id: str) -> list[Priority]:
        return self._led_by.get(person_id, [])

    def children_of(self, partnership_id: str) -> list[Partnership]:
        """The partnerships whose parent this one is: its sub-boards and groups."""
        return self._children.get(partnership_id, [])

    def groups_of(self, partnership_id: str) -> list[Partnership]:
        """The partnership's own sub-boards and groups: those under it for the same place
        (or none named), not the partnerships of the places within its area."""
        parent = self.partnerships.get(partnership_id)
        area = normalise(parent.area or "") if parent else ""
        return [c for c in self.children_of(partnership_id) if normalise(c.area or area) == area]

    def covering(self, partnership_ids: Sequence[str]) -> tuple[str, ...]:
        """Other partnerships whose areas hold these ones' areas: "Castlebeck and Dunmere"
        covers Dunmere, so a thing in Dunmere may be the district partnership's."""
        found: list[str] = []
        for pid in partnership_ids:
            inner = self.partnership(pid)
            area = set(normalise(inner.area or "").split()) if inner else set()
            found += [
                p.id
                for p in self.partnerships.values()
                if area and area < set(normalise(p.area or "").split())
            ]
        return tuple(p for p in dict.fromkeys(found) if p not in partnership_ids)

    def plans_of(self, partnership_id: str) -> list[Plan]:
        return self._plans_by.get(partnership_id, [])

    def bodies_of(self, partnership_id: str) -> list[tuple[str, Organisation]]:
        """(role, organisation), by role, each role in the data file's order."""
        return sorted(self._bodies_by.get(partnership_id, []), key=lambda pair: pair[0])

    def memberships_of(self, organisation_id: str) -> list[tuple[str, Partnership]]:
        return [
            (role, self.partnerships[pid])
            for pid, bodies in self._bodies_by.items()
            for role, organisation in bodies
            if organisation.id == organisation_id
        ]

    def milestones_of(self, partnership_ids: Sequence[str]) -> list[Milestone]:
        return _by_date(m for pid in partnership_ids for m in self._milestones_by.get(pid, []))

    def milestones_in_window(
        self, partnership_ids: Sequence[str], *, start: date, end: date
    ) -> list[Milestone]:
        """Milestones that may have an occurrence between start and end: one-offs due in
        the window and repeating ones that began by its end and have not ended before it."""
        return [
            m
            for m in self.milestones_of(partnership_ids)
            if (start <= m.due_date <= end)
            or (m.repeat and m.due_date <= end and (m.until is None or m.until >= start))
        ]

    def milestones_owned_by(self, person_id: str) -> list[Milestone]:
        """Milestones the person owns, and those left to them as their partnerships'
        coordinator (a milestone with no owner belongs to the coordinator)."""
        coordinated = [pid for pid, role in self.roles_of(person_id) if role == "coordinator"]
        unowned = [m for m in self.milestones_of(coordinated) if m.owner_id is None]
        return _by_date([*self._owned_by.get(person_id, []), *unowned])


def _group(rows: Iterable[T], key: Callable[[T], str | None]) -> dict[str, list[T]]:
    groups: dict[str, list[T]] = defaultdict(list)
    for row in rows:
        value = key(row)
        if value is not None:
            groups[value].append(row)
    for members in groups.values():
        members.sort(key=lambda row: getattr(row, "position", 0))
    return dict(groups)


def _by_date(milestones: Iterable[Milestone]) -> list[Milestone]:
    return sorted(milestones, key=lambda m: (m.due_date, m.position))


# How long a data version read from the store is trusted without reading it again. A data
# file imported through this process's Store is seen at once (its commit is counted); one
# imported by another process (`cspbot import` in a shell, another replica) within this.
RECHECK_SECONDS = 1.0


@dataclass(frozen=True)
class _Cached:
    version: tuple[int, ...]
    plans: Snapshot
    checked: float  # time.monotonic() when the version was read
    commits: int  # the store's commit count then


_CACHE: "weakref.WeakKeyDictionary[Store, _Cached]" = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


_PINNED: ContextVar[tuple[Store, Snapshot] | None] = ContextVar("pinned_snapshot", default=None)


@contextmanager
def pinned(store: Store) -> Iterator[Snapshot]:
    """Within the block, `snapshot(store)` is one snapshot, its version checked once: a
    chat message's sender, channel and answer then cost one check, not one each, and
    read the same version of the plans."""
    plans = snapshot(store)
    token = _PINNED.set((store, plans))
    try:
        yield plans
    finally:
        _PINNED.reset(token)


def _pinned_to(store: Store) -> Snapshot | None:
    pin = _PINNED.get()
    return pin[1] if pin is not None and pin[0] is store else None


def snapshot(store: Store, session: Session | None = None) -> Snapshot:
    """The store's snapshot, rebuilt when its data version changes (built through the
    caller's session when it has one). The version is read (one indexed query on a DBAPI
    connection of its own, store/directory.py) when this process has committed since, or
    RECHECK_SECONDS have passed: not for every message."""
    pinned_snapshot = _pinned_to(store)
    if pinned_snapshot is not None:
        return pinned_snapshot
    cached = _CACHE.get(store)
    # A monotonic interval, not a time of day: the injected clock is for what users see.
    now = time.monotonic()
    fresh = cached is not None and now - cached.checked < RECHECK_SECONDS
    if cached is not None and fresh and cached.commits == store.commits:
        return cached.plans
    commits = store.commits  # before reading: a commit after it forces the next read
    version = directory.data_version(store)
    if cached is not None and cached.version == version:
        with _LOCK:
            _CACHE[store] = _Cached(version, cached.plans, now, commits)
        return cached.plans
    if must_not_wait():
        raise WouldWait("the plans changed: rebuilding them takes a while")
    # Not while the reminders are planned, nor another thread builds it; given back after:
    # the rows read, and the tuples the indexes outgrew as they grew (handlers/memory.py).
    with one_big_job_at_a_time():
        cached = _CACHE.get(store)
        if cached is not None and cached.version == version:
            return cached.plans  # built by a thread this one waited for: not twice
        built = _build(store, session)
        with _LOCK:
            _CACHE[store] = _Cached(version, built, now, commits)
        gc.collect()
        gc.freeze()
    return built


def _build(store: Store, session: Session | None) -> Snapshot:
    # The snapshot lives until the data changes: kept out of the collector's scans
    # (gc.freeze) so that answers do not pause to walk its hundreds of thousands of
    # objects, and given back to it (unfreeze) before the next one replaces it.
    gc.unfreeze()
    with nullcontext(session) if session else store.session() as reading:
        return Snapshot(
            partnerships=directory.all_partnerships(reading),
            people=directory.all_people(reading),
            organisations=directory.all_organisations(reading),
            priorities=directory.all_priorities(reading),
            plans=directory.all_plans(reading),
            milestones=directory.all_milestones(reading),
            bodies=directory.all_bodies(reading),
            roles=directory.all_roles(reading),
            glossary=directory.all_glossary(reading),
        )


def _places(partnerships: Iterable[Partnership]) -> dict[str, list[str]]:
    """Each partnership's area's places when it has several ("Castlebeck and Dunmere"):
    "who leads on ASB in Castlebeck" is the merged district's. Not a place another
    partnership has for its whole area or name (Dunmere's own group is "Dunmere")."""
    partnerships = list(partnerships)
    whole = {normalise(n) for p in partnerships for n in (p.name, *p.aliases, p.area or "")}
    found: dict[str, list[str]] = {}
    for p in partnerships:
        parts = re.split(r",|\band\b|&", p.area or "")
        found[p.id] = [
            part.strip() for part in parts if len(parts) > 1 and normalise(part) not in whole
        ]
    return found
