"""A calendar feed as iCalendar text (RFC 5545), built with `icalendar`.

One event per milestone: date-only milestones are all-day events, meetings with a time are
timed events in the partnership's zone (with its VTIMEZONE), and a repeating milestone is
one event with its RRULE as written. Its last occurrence (the rule's UNTIL, or the
milestone's `until`) becomes the RRULE's UNTIL, computed by schedules/occurrences.py so
that a calendar expands exactly the dates the bot's answers and reminders use. Nothing in
the store moves a single occurrence (a snooze postpones reminders, not the date), so no
EXDATE is needed. The UID never changes for a milestone; SEQUENCE counts its audited
changes, and DTSTAMP is its latest one, so the same data always gives the same bytes.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vDuration,
    vRecur,
)

from schedules.calendar import DEFAULT_TIMEZONE, local_instant, parse_clock_time, zone
from schedules.occurrences import latest_occurrence
from store import feeds
from store.db import Store
from store.feeds import EPOCH, FeedContent, Revision
from store.tables import Milestone, Partnership

PRODID = "-//cspbot//Community Safety Partnership deadlines//EN"
UID_DOMAIN = "cspbot.calendar"
ONE_HOUR = timedelta(hours=1)
# How long a timed meeting is shown for; the data file gives a start time only.
MEETING_LENGTH = timedelta(hours=2)


def load_feed(
    store: Store, *, feed: str, subject: str, with_parent: bool = False
) -> FeedContent | None:
    with store.session() as session:
        if feed == feeds.PARTNERSHIP:
            return feeds.partnership_feed(session, partnership_id=subject, with_parent=with_parent)
        return feeds.person_feed(session, person_id=subject)


def feed_text(content: FeedContent) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", content.name)
    calendar.add("x-wr-calname", content.name)
    calendar.add("refresh-interval", ONE_HOUR, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(ONE_HOUR))
    zones: set[str] = set()
    events = []
    for milestone in content.milestones:
        partnership = content.partnerships[milestone.partnership_id]
        event = _event(milestone, partnership, content)
        if event is not None:
            events.append(event)
            if milestone.due_time is not None:
                zones.add(partnership.timezone or DEFAULT_TIMEZONE)
    for name in sorted(zones):
        calendar.add_component(vtimezone(name))
    for event in events:
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def vtimezone(name: str) -> Timezone:
    """Europe/London by its rule (two short blocks, valid for every year); other zones as
    icalendar derives them from the zone database."""
    if name != DEFAULT_TIMEZONE:
        return Timezone.from_tzid(name)
    tz = Timezone()
    tz.add("tzid", name)
    tz.add("x-lic-location", name)
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("dtstart", datetime(1970, 3, 29, 1, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1SU"})
    summer.add("tzoffsetfrom", timedelta(0))
    summer.add("tzoffsetto", timedelta(hours=1))
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("dtstart", datetime(1970, 10, 25, 2, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1SU"})
    winter.add("tzoffsetfrom", timedelta(hours=1))
    winter.add("tzoffsetto", timedelta(0))
    tz.add_component(summer)
    tz.add_component(winter)
    return tz


def _event(milestone: Milestone, partnership: Partnership, content: FeedContent) -> Event | None:
    tz = zone(partnership.timezone)
    rule = _rule(milestone, tz)
    if rule is False:
        return None  # its `until` comes before its first occurrence: nothing to show
    revision = content.revisions.get(milestone.id, Revision(0, content.last_modified or EPOCH))
    event = Event()
    event.add("uid", f"{milestone.id}.{milestone.partnership_id}@{UID_DOMAIN}")
    event.add("sequence", revision.sequence)
    event.add("dtstamp", revision.changed_at)
    event.add("last-modified", revision.changed_at)
    event.add("summary", milestone.title)
    if milestone.due_time is None:
        event.add("dtstart", milestone.due_date)
        event.add("dtend", milestone.due_date + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    else:
        start = datetime.combine(milestone.due_date, parse_clock_time(milestone.due_time), tz)
        event.add("dtstart", start)
        event.add("dtend", start + MEETING_LENGTH)
    if rule is not None:
        event.add("rrule", rule)
    event.add("categories", [milestone.kind.replace("_", " ")])
    event.add("description", _description(milestone, partnership, content))
    link = content.links.get(milestone.id)
    if link is not None:
        event.add("url", link)
    return event


def _rule(milestone: Milestone, tz: ZoneInfo) -> vRecur | bool | None:
    """The RRULE to publish, None for a one-off milestone, False when nothing occurs."""
    if not milestone.repeat:
        if milestone.until is not None and milestone.until < milestone.due_date:
            return False
        return None
    rule = vRecur.from_ical(milestone.repeat.removeprefix("RRULE:"))
    if "UNTIL" not in rule and milestone.until is None:
        return rule  # COUNT, or endless: as written
    # Bounded by UNTIL or `until` (which latest_occurrence applies), so this ends.
    last = latest_occurrence(milestone, before=date.max)
    if last is None:
        return False
    rule.pop("COUNT", None)
    if milestone.due_time is None:
        rule["UNTIL"] = [last]
    else:
        rule["UNTIL"] = [local_instant(last, parse_clock_time(milestone.due_time), tz)]
    return rule


def _description(milestone: Milestone, partnership: Partnership, content: FeedContent) -> str:
    lines = []
    # A milestone without an owner is its partnership's coordinator's, as reminders say.
    owner = content.people.get(milestone.owner_id or partnership.coordinator_id or "")
    if owner is not None:
        lines.append(f"Owner: {owner.name}" + (f" ({owner.role})" if owner.role else ""))
    lines.append(f"Partnership: {partnership.name}")
    if milestone.basis:
        lines.append(f"Legal basis: {milestone.basis}")
    if milestone.notes:
        lines.append(f"Notes: {milestone.notes}")
    return "\n".join(lines)
