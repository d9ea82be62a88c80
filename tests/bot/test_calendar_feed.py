"""Calendar feeds parsed back and expanded by a real calendar library: the dates must be
exactly those the bot's answers and reminders use (schedules/occurrences.py)."""

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
from typer.testing import CliRunner

from bot.calendar_feed import feed_text
from bot.cli import app
from handlers.snapshot import snapshot
from schedules.occurrences import occurrences_between
from store import feeds
from store.datafile import DEMO_PATH, import_file, import_text
from store.db import Store
from store.occurrences import all_milestones
from store.tables import Milestone
from tests.schedules.support import seed

LONDON = ZoneInfo("Europe/London")
AT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
# Spans the clock changes of 2027 and 2028 and the demo's "today".
WINDOW = (date(2026, 1, 1), date(2028, 12, 31))


def _feed(store: Store, partnership_id: str, with_parent: bool = False) -> icalendar.Calendar:
    with store.session() as session:
        content = feeds.partnership_feed(
            session, partnership_id=partnership_id, with_parent=with_parent
        )
    assert content is not None
    return icalendar.Calendar.from_ical(feed_text(content))


def _expanded(calendar: icalendar.Calendar, start: date, end: date) -> dict[str, list[datetime]]:
    """Each event's occurrences in [start, end], by UID."""
    found: dict[str, list[datetime]] = {}
    for event in recurring_ical_events.of(calendar).between(start, end + timedelta(days=1)):
        found.setdefault(str(event["UID"]), []).append(event.decoded("DTSTART"))
    return {uid: sorted(values, key=_day) for uid, values in found.items()}


def _day(value: date | datetime) -> date:
    return value.astimezone(LONDON).date() if isinstance(value, datetime) else value


def _milestones(store: Store, partnership_ids: list[str]) -> list[Milestone]:
    with store.session() as session:
        return all_milestones(session, partnership_ids=partnership_ids)


def test_demo_feeds_expand_to_the_bots_own_dates(store: Store) -> None:
    import_file(store, DEMO_PATH, at=AT)
    for partnership_id in ("ncsp", "snb", "ashfield-csp"):
        calendar = _feed(store, partnership_id)
        expanded = _expanded(calendar, *WINDOW)
        milestones = _milestones(store, [partnership_id])
        assert len(calendar.walk("VEVENT")) == len(milestones)
        for milestone in milestones:
            uid = f"{milestone.id}.{partnership_id}@cspbot.calendar"
            expected = occurrences_between(milestone, start=WINDOW[0], end=WINDOW[1])
            assert [_day(v) for v in expanded.get(uid, [])] == expected, milestone.id
            if milestone.due_time is not None:
                wall = time.fromisoformat(milestone.due_time)
                assert all(v.astimezone(LONDON).time() == wall for v in expanded.get(uid, []))


FILE = """\
version: 1
people:
  - id: officer
    name: Community Safety Officer
    role: Serious Violence Duty lead
partnerships:
  - id: board
    name: Example Board
    coordinator: officer
    milestones:
      - id: board-meeting
        title: Board meeting
        kind: board_meeting
        due: 2027-01-14T10:00
  - id: csp
    name: Example CSP
    parent: board
    coordinator: officer
    milestones:
      - id: monthly-meeting
        title: Monthly tasking meeting
        kind: board_meeting
        due: 2027-01-29T14:30
        repeat: FREQ=MONTHLY;BYMONTHDAY=29
        owner: officer
      - id: sv-return
        title: Serious Violence Duty return
        kind: statutory_return
        due: 2027-01-31
        repeat: FREQ=MONTHLY;BYMONTHDAY=-1
        until: 2027-09-30
        owner: officer
        basis: Police, Crime, Sentencing and Courts Act 2022 s.7
        notes: Send to the Home Office.
      - id: weekly-briefing
        title: Weekly briefing
        kind: other
        due: 2027-03-04T09:15
        repeat: FREQ=WEEKLY;UNTIL=20270415T000000Z
      - id: quarterly-review
        title: Quarterly review
        kind: review
        due: 2027-02-15
        repeat: FREQ=MONTHLY;INTERVAL=3;COUNT=3
      - id: one-off
        title: Strategic assessment
        kind: strategic_assessment
        due: 2027-06-30
"""


def _small(store: Store, text: str = FILE) -> None:
    import_text(store, text, at=AT)


def test_monthly_rules_and_a_clock_change_expand_to_the_bots_dates(store: Store) -> None:
    _small(store)
    calendar = _feed(store, "csp")
    start, end = date(2027, 1, 1), date(2027, 12, 31)
    expanded = _expanded(calendar, start, end)
    for milestone in _milestones(store, ["csp"]):
        uid = f"{milestone.id}.csp@cspbot.calendar"
        expected = occurrences_between(milestone, start=start, end=end)
        assert [_day(v) for v in expanded[uid]] == expected, milestone.id
    # 29 February does not exist in 2027: the bot and the calendar both skip it.
    meetings = expanded["monthly-meeting.csp@cspbot.calendar"]
    assert date(2027, 2, 28) not in [_day(v) for v in meetings]
    # 14:30 in London before and after the clocks go forward on 28 March 2027.
    january, march = meetings[0], meetings[1]
    assert (_day(january), _day(march)) == (date(2027, 1, 29), date(2027, 3, 29))
    assert (january.astimezone(UTC).hour, march.astimezone(UTC).hour) == (14, 13)
    assert {v.astimezone(LONDON).time() for v in meetings} == {time(14, 30)}
    # The weekly briefing crosses the change too, and stops at its UNTIL (15 April).
    briefings = [_day(v) for v in expanded["weekly-briefing.csp@cspbot.calendar"]]
    assert briefings[0] == date(2027, 3, 4) and briefings[-1] == date(2027, 4, 15)
    # `until` 30 September ends the monthly return; COUNT=3 ends the review.
    assert [_day(v) for v in expanded["sv-return.csp@cspbot.calendar"]][-1] == date(2027, 9, 30)
    assert len(expanded["quarterly-review.csp@cspbot.calendar"]) == 3


def test_the_feed_is_one_event_per_milestone_with_what_calendars_need(store: Store) -> None:
    _small(store)
    calendar = _feed(store, "csp")
    assert str(calendar["NAME"]) == str(calendar["X-WR-CALNAME"]) == "Example CSP"
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    text = calendar.to_ical().decode()
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in text and "X-PUBLISHED-TTL:PT1H" in text
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/London"
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == 5  # repeating milestones are one event each, not their dates
    sv = events["sv-return.csp@cspbot.calendar"]
    assert sv["SUMMARY"] == "Serious Violence Duty return"
    assert sv["DTSTART"].params.get("VALUE") == "DATE"  # all day
    assert sv["RRULE"]["FREQ"] == ["MONTHLY"] and sv["RRULE"]["BYMONTHDAY"] == [-1]
    assert sv["RRULE"]["UNTIL"] == [date(2027, 9, 30)]
    description = str(sv["DESCRIPTION"])
    for part in (
        "Owner: Community Safety Officer (Serious Violence Duty lead)",
        "Partnership: Example CSP",
        "Legal basis: Police, Crime, Sentencing and Courts Act 2022 s.7",
        "Notes: Send to the Home Office.",
    ):
        assert part in description
    meeting = events["monthly-meeting.csp@cspbot.calendar"]
    assert meeting["DTSTART"].params["TZID"] == "Europe/London"
    assert meeting.decoded("DTSTART") == datetime(2027, 1, 29, 14, 30, tzinfo=LONDON)
    assert "RRULE" not in events["one-off.csp@cspbot.calendar"]


def test_a_changed_milestone_keeps_its_uid_and_raises_its_sequence(store: Store) -> None:
    _small(store)
    before = {str(e["UID"]): e for e in _feed(store, "csp").walk("VEVENT")}
    import_text(store, FILE.replace("due: 2027-06-30", "due: 2027-07-31"), at=AT)
    after = {str(e["UID"]): e for e in _feed(store, "csp").walk("VEVENT")}
    assert set(before) == set(after)
    uid = "one-off.csp@cspbot.calendar"
    assert (before[uid]["SEQUENCE"], after[uid]["SEQUENCE"]) == (0, 1)
    assert after[uid].decoded("DTSTART") == date(2027, 7, 31)
    unchanged = "sv-return.csp@cspbot.calendar"
    assert after[unchanged]["SEQUENCE"] == 0
    assert after[unchanged].to_ical() == before[unchanged].to_ical()


def test_parent_and_person_feeds(store: Store) -> None:
    _small(store)
    alone = {str(e["UID"]) for e in _feed(store, "csp").walk("VEVENT")}
    with_parent = {str(e["UID"]) for e in _feed(store, "csp", with_parent=True).walk("VEVENT")}
    assert with_parent - alone == {"board-meeting.board@cspbot.calendar"}
    with store.session() as session:
        content = feeds.person_feed(session, person_id="officer")
        assert feeds.person_feed(session, person_id="nobody") is None
        assert feeds.partnership_feed(session, partnership_id="nobody") is None
    assert content is not None
    person = icalendar.Calendar.from_ical(feed_text(content))
    # What "my deadlines" counts: what they own, and what is left to them as coordinator.
    mine = snapshot(store).milestones_owned_by("officer")
    assert {str(e["UID"]) for e in person.walk("VEVENT")} == {
        f"{m.id}.{m.partnership_id}@cspbot.calendar" for m in mine
    }
    assert {str(e["UID"]) for e in person.walk("VEVENT")} == {
        "monthly-meeting.csp@cspbot.calendar",
        "sv-return.csp@cspbot.calendar",
        "weekly-briefing.csp@cspbot.calendar",
        "quarterly-review.csp@cspbot.calendar",
        "one-off.csp@cspbot.calendar",
        "board-meeting.board@cspbot.calendar",
    }


def test_cspbot_calendar_writes_the_same_feed(database_url: str, tmp_path: Path) -> None:
    store = Store.open(database_url)
    try:
        _small(store)
        with store.session() as session:
            content = feeds.partnership_feed(session, partnership_id="csp", with_parent=True)
        assert content is not None
        expected = feed_text(content)
    finally:
        store.dispose()
    out = tmp_path / "csp.ics"
    runner = CliRunner()
    args = ["calendar", "--partnership", "csp", "--parent", "-o", str(out), "--db", database_url]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == expected
    result = runner.invoke(
        app, ["calendar", "--person", "nobody", "-o", str(out), "--db", database_url]
    )
    assert result.exit_code == 1 and "no person 'nobody'" in result.output
    result = runner.invoke(app, ["calendar", "-o", str(out), "--db", database_url])
    assert result.exit_code == 1 and "either --partnership" in result.output


def test_a_seeded_store_without_audit_still_gives_a_feed(store: Store) -> None:
    seed(store, {"id": "m1", "title": "M1", "due_date": date(2027, 1, 5)})
    calendar = _feed(store, "csp")
    [event] = calendar.walk("VEVENT")
    assert event["SEQUENCE"] == 0 and event.decoded("DTSTART") == date(2027, 1, 5)
