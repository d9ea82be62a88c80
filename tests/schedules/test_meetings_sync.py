"""The ModernGov sync against a fake ModernGov web service of ours on loopback: meetings
added, moved and cancelled with their reminders, failures that change nothing, dry runs,
and synced meetings that survive an import and answer questions."""

import asyncio
import time as timer
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import httpx
import icalendar
import pytest
from sqlmodel import col, select
from typer.testing import CliRunner

from bot.calendar_feed import feed_text, load_feed
from bot.cli import app
from bot.render import render
from bot.settings import Settings
from bot.web import create_app
from schedules.clock import FixedClock
from schedules.meeting_schedule import MeetingSyncScheduler, SyncTiming
from schedules.meetings import sync_meetings
from schedules.moderngov import meeting_time, parse_meetings
from schedules.sweep import SweepConfig, sweep
from store.datafile import export_text, import_text
from store.db import Store
from store.tables import AuditEntry, Delivery, Milestone, SyncedMeeting
from tests.scenarios.conftest import ask
from tests.schedules.support import CountingNotifier
from tests.store.datafile_support import store_contents
from tests.support.moderngov import FakeMeeting, FakeModernGov
from tests.support.server import serve

# Sunday 10 January 2027, 09:00 in London.
NOW = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)
SCRUTINY, BOARD, EMPTY = 123, 45, 7
LONDON = ZoneInfo("Europe/London")

DATA = """\
version: 1
people:
  - id: coordinator
    name: Community Safety Coordinator
  - id: scrutiny-officer
    name: Scrutiny Officer
partnerships:
  - id: city-csp
    name: Example City CSP
    coordinator: coordinator
    moderngov:
      url: {url}
      committees:
        - id: 123
          kind: scrutiny
          title: Communities and Environment Scrutiny Committee
          owner: scrutiny-officer
        - id: 45
          kind: board_meeting
          title: City CSP Board
        - id: 7
          kind: board_meeting
          title: A committee with no meetings
    milestones:
      - id: sa
        title: Strategic assessment
        kind: strategic_assessment
        due: 2027-06-30
"""


@pytest.fixture
def fake() -> Iterator[tuple[FakeModernGov, str]]:
    site = FakeModernGov(
        meetings={
            SCRUTINY: [
                FakeMeeting(1001, date(2027, 2, 3), "10.00 am"),
                FakeMeeting(1002, date(2027, 3, 31), "2.30 pm"),  # after the clocks change
                FakeMeeting(1003, date(2027, 4, 14), status="Cancelled"),  # never held
                FakeMeeting(1006, date(2027, 5, 12)),
            ],
            BOARD: [FakeMeeting(2001, date(2027, 2, 17), "6.00 pm")],
        },
        wrapped={BOARD},
        slow_seconds=1.0,
    )
    with serve(site.app()) as url:
        yield site, url


def _sync(store: Store, *, now: datetime = NOW, dry_run: bool = False, timeout: float = 5.0):
    with httpx.Client(timeout=timeout) as client:
        return sync_meetings(store, client, now=now, dry_run=dry_run)


def _loaded(store: Store, url: str) -> None:
    import_text(store, DATA.format(url=url), at=NOW - timedelta(days=30))


def _synced(store: Store) -> dict[str, Milestone]:
    with store.session() as session:
        ids = session.exec(
            select(SyncedMeeting.milestone_id).where(SyncedMeeting.status == "active")
        ).all()
        rows = session.exec(select(Milestone).where(col(Milestone.id).in_(ids))).all()
        return {row.id: row for row in rows}


def _pending(store: Store, subject: str) -> list[Delivery]:
    """The milestone's pending reminders and escalations (not the coordinator's notice)."""
    with store.session() as session:
        query = select(Delivery).where(
            Delivery.subject == subject,
            Delivery.status == "pending",
            Delivery.kind != "meeting_cancelled",
        )
        return list(session.exec(query).all())


def test_meetings_are_added_with_their_reminders(
    store: Store, fake: tuple[FakeModernGov, str]
) -> None:
    site, url = fake
    _loaded(store, url)
    result = _sync(store)
    assert result.failures == [] and result.committees == 3
    assert sorted(c.action for c in result.changes) == ["add"] * 4
    synced = _synced(store)
    first = synced["moderngov-city-csp-123-1001"]
    assert (first.title, first.kind, first.owner_id) == (
        "Communities and Environment Scrutiny Committee",
        "scrutiny",
        "scrutiny-officer",
    )
    assert (first.due_date, first.due_time) == (date(2027, 2, 3), "10:00")
    assert synced["moderngov-city-csp-123-1002"].due_time == "14:30"
    assert synced["moderngov-city-csp-45-2001"].due_time == "18:00"  # wrapped, escaped twice
    assert "moderngov-city-csp-123-1003" not in synced  # cancelled before we ever saw it
    assert "ieListDocuments.aspx?MId=1001" in str(first.notes)
    assert {r["lCommitteeId"] for r in site.requests} == {str(SCRUTINY), str(BOARD), str(EMPTY)}
    # The window asked for: a month back to twelve months ahead, dd/mm/yyyy.
    assert site.requests[0] == {
        "lCommitteeId": "123",
        "sFromDate": "10/12/2026",
        "sToDate": "10/01/2028",
    }
    # The scrutiny default offsets (70, 21, 1 days) within the planner's horizon.
    reminders = {(d.kind, d.recipient, d.offset_days) for d in _pending(store, first.id)}
    assert {("reminder", "scrutiny-officer", 21), ("reminder", "scrutiny-officer", 1)} <= reminders
    with store.session() as session:
        audited = session.exec(
            select(AuditEntry.entity, AuditEntry.action, AuditEntry.actor).where(
                AuditEntry.entity_id == first.id
            )
        ).all()
    assert sorted(audited) == [
        ("milestone", "create", "moderngov"),
        ("syncedmeeting", "create", "moderngov"),
    ]


def test_moved_cancelled_and_vanished_meetings(
    store: Store, fake: tuple[FakeModernGov, str]
) -> None:
    site, url = fake
    _loaded(store, url)
    _sync(store)
    moved_id = "moderngov-city-csp-123-1001"
    before_move = {d.offset_days: d.send_at for d in _pending(store, moved_id)}
    cancelled_id, vanished_id = "moderngov-city-csp-123-1002", "moderngov-city-csp-123-1006"
    assert _pending(store, cancelled_id)
    site.meetings[SCRUTINY] = [
        FakeMeeting(1001, date(2027, 2, 10), "2.00 pm"),
        FakeMeeting(1002, date(2027, 3, 31), "2.30 pm", status="Cancelled"),
        FakeMeeting(1007, date(2027, 6, 9)),
    ]

    # A dry run says what would change and changes nothing.
    before = store_contents(store)
    dry = _sync(store, dry_run=True)
    assert store_contents(store) == before
    lines = sorted(change.line() for change in dry.changes)
    assert lines == [
        "add: Communities and Environment Scrutiny Committee, 9 June 2027 at 10:00 "
        "[city-csp, meeting 1007]",
        "cancel: Communities and Environment Scrutiny Committee, 31 March 2027 at 14:30 "
        "[city-csp, meeting 1002]",
        "move: Communities and Environment Scrutiny Committee, 10 February 2027 at 14:00 "
        "(was 3 February 2027 at 10:00) [city-csp, meeting 1001]",
        "vanished: Communities and Environment Scrutiny Committee, 12 May 2027 at 10:00 "
        "[city-csp, meeting 1006]",
    ]

    result = _sync(store)
    assert sorted(c.line() for c in result.changes) == lines
    synced = _synced(store)
    assert (synced[moved_id].due_date, synced[moved_id].due_time) == (date(2027, 2, 10), "14:00")
    after_move = {d.offset_days: d.send_at for d in _pending(store, moved_id)}
    assert after_move and after_move != before_move  # the reminders moved with it
    assert cancelled_id not in synced and vanished_id not in synced
    assert _pending(store, cancelled_id) == [] and _pending(store, vanished_id) == []
    with store.session() as session:
        notices = session.exec(select(Delivery).where(Delivery.kind == "meeting_cancelled")).all()
        assert {(n.subject, n.recipient) for n in notices} == {
            (cancelled_id, "coordinator"),
            (vanished_id, "coordinator"),
        }
        statuses = {row.milestone_id: row.status for row in session.exec(select(SyncedMeeting))}
    assert statuses[cancelled_id] == "cancelled" and statuses[vanished_id] == "vanished"

    # Nothing new: no changes, and the coordinator is not told twice.
    assert _sync(store).changes == []
    notifier = CountingNotifier()
    asyncio.run(sweep(store, notifier, FixedClock(NOW + timedelta(minutes=1)), SweepConfig("t")))
    texts = [render(o.reply) for o in notifier.sent if o.reply.template == "meeting_cancelled"]
    assert sorted(texts) == [
        "Cancelled on ModernGov: Communities and Environment Scrutiny Committee (Example City "
        f"CSP), 31 March 2027 at 14:30. Its milestone and pending reminders are removed. "
        f"Meeting page: {url}/ieListDocuments.aspx?MId=1002",
        "No longer listed on ModernGov: Communities and Environment Scrutiny Committee "
        "(Example City CSP), 12 May 2027 at 10:00. Its milestone and pending reminders are "
        f"removed. Meeting page: {url}/ieListDocuments.aspx?MId=1006",
    ]
    again = CountingNotifier()
    asyncio.run(sweep(store, again, FixedClock(NOW + timedelta(minutes=2)), SweepConfig("t")))
    assert [o for o in again.sent if o.reply.template == "meeting_cancelled"] == []


@pytest.mark.parametrize("failure", ["500", "slow", "malformed", "unreachable"])
def test_a_site_that_fails_changes_nothing(
    store: Store, fake: tuple[FakeModernGov, str], failure: str, caplog: pytest.LogCaptureFixture
) -> None:
    site, url = fake
    _loaded(store, url)
    _sync(store)
    site.meetings[SCRUTINY][0] = FakeMeeting(1001, date(2027, 2, 24))  # would be a move
    if failure == "unreachable":
        _loaded(store, "http://127.0.0.1:9")  # the discard port: nothing listens
    else:
        site.failures[SCRUTINY] = failure
    before = store_contents(store)
    result = _sync(store, timeout=0.3)
    reasons = {
        "500": "the site answered HTTP 500",
        "slow": "no answer within 0.3 s",
        "malformed": "unreadable XML",
        "unreachable": "could not reach the site",
    }
    assert any(reasons[failure] in line for line in result.failures), result.failures
    assert "tried again next time" in caplog.text
    if failure == "unreachable":
        assert store_contents(store) == before
    else:
        # The other committees were read; nothing of theirs changed either.
        assert result.changes == [] and store_contents(store) == before
        # Retried at the next sync, once the site answers again.
        del site.failures[SCRUTINY]
        assert [c.action for c in _sync(store).changes] == ["move"]


def test_synced_meetings_survive_an_import_and_stay_out_of_the_export(
    store: Store, fake: tuple[FakeModernGov, str]
) -> None:
    _, url = fake
    _loaded(store, url)
    _sync(store)
    synced = set(_synced(store))
    exported = export_text(store)
    assert "moderngov:" in exported and "123" in exported
    assert "moderngov-city-csp" not in exported
    summary = import_text(store, DATA.format(url=url), at=NOW)
    assert set(_synced(store)) == synced
    assert not any("deleted" in line for line in summary.lines())
    assert export_text(store) == exported

    # A file that stops following a committee takes its meetings away, reminders and all.
    start = DATA.index("        - id: 123")
    unfollowed = DATA[:start] + DATA[DATA.index("        - id: 45") :]
    summary = import_text(store, unfollowed.format(url=url), at=NOW)
    assert "synced ModernGov meetings: 0 (3 deleted)" in summary.lines()
    assert set(_synced(store)) == {"moderngov-city-csp-45-2001"}
    assert _pending(store, "moderngov-city-csp-123-1001") == []


def test_synced_meetings_are_in_the_feeds(store: Store, fake: tuple[FakeModernGov, str]) -> None:
    site, url = fake
    _loaded(store, url)
    _sync(store)

    def events() -> dict[str, icalendar.Event]:
        content = load_feed(store, feed="partnership", subject="city-csp")
        assert content is not None
        calendar = icalendar.Calendar.from_ical(feed_text(content))
        return {str(e["UID"]): e for e in calendar.walk("VEVENT")}

    uid = "moderngov-city-csp-123-1001.city-csp@cspbot.calendar"
    event = events()[uid]
    assert event["SEQUENCE"] == 0 and str(event["URL"]).endswith("ieListDocuments.aspx?MId=1001")
    assert event.decoded("DTSTART") == datetime(2027, 2, 3, 10, 0, tzinfo=LONDON)
    site.meetings[SCRUTINY][0] = FakeMeeting(1001, date(2027, 2, 10), "2.00 pm")
    _sync(store)
    moved = events()[uid]
    assert moved["SEQUENCE"] == 1
    assert moved.decoded("DTSTART") == datetime(2027, 2, 10, 14, 0, tzinfo=LONDON)


def test_the_bot_answers_with_synced_meetings(
    store: Store, fake: tuple[FakeModernGov, str]
) -> None:
    _, url = fake
    _loaded(store, url)
    _sync(store)
    at = datetime(2027, 1, 11, 10, 0, tzinfo=UTC)
    answer = ask(store, "when is the next scrutiny committee?", at=at)
    assert "Communities and Environment Scrutiny Committee" in answer.text
    assert "3 February 2027" in answer.text
    answer = ask(store, "board meetings next month", at=at)
    assert "City CSP Board" in answer.text and "17 February 2027" in answer.text


def test_meeting_times_and_escaping() -> None:
    assert [meeting_time(t) for t in ("10.00 am", "2.30 pm", "12.00 pm", "12 noon", "2pm")] == [
        time(10),
        time(14, 30),
        time(12),
        time(12),
        time(14),
    ]
    assert meeting_time("to be confirmed") is None
    document = (
        b"<getmeetings><meeting><meetingid>9</meetingid><meetingdate>01/02/2027"
        b"</meetingdate><meetingtime>7.15&amp;amp;#160;pm</meetingtime><meetingstatus>"
        b"CANCELLED</meetingstatus></meeting></getmeetings>"
    )
    [meeting] = parse_meetings(document)
    assert (meeting.meeting_id, meeting.day, meeting.at, meeting.cancelled) == (
        9,
        date(2027, 2, 1),
        time(19, 15),
        True,
    )
    bomb = b'<!DOCTYPE x [<!ENTITY a "aaaa">]><getmeetings>&a;</getmeetings>'
    with pytest.raises(Exception, match="unreadable XML"):
        parse_meetings(bomb)


def test_serve_syncs_on_its_schedule_and_survives_a_failing_site(
    store: Store, fake: tuple[FakeModernGov, str]
) -> None:
    site, url = fake
    _loaded(store, url)
    site.failures[SCRUTINY] = "500"
    # About every second, so the test sees a failed sync and then a good one.
    settings = Settings(CSPBOT_MEETINGS_SYNC_HOURS=0.0003, CSPBOT_MODERNGOV_TIMEOUT_SECONDS=2)
    application = create_app(settings=settings, store=store, clock=FixedClock(NOW))
    with serve(application) as base:
        deadline = timer.monotonic() + 10
        while "moderngov-city-csp-45-2001" not in _synced(store):
            assert timer.monotonic() < deadline, "the first sync did not run"
            timer.sleep(0.05)
        assert "moderngov-city-csp-123-1001" not in _synced(store)  # its site failed
        assert httpx.get(f"{base}/healthz").status_code == 200
        del site.failures[SCRUTINY]
        while "moderngov-city-csp-123-1001" not in _synced(store):
            assert timer.monotonic() < deadline, "the next sync did not retry"
            timer.sleep(0.05)
        assert httpx.get(f"{base}/healthz").status_code == 200


def test_the_sync_meetings_command(database_url: str, fake: tuple[FakeModernGov, str]) -> None:
    site, url = fake
    runner = CliRunner()
    store = Store.open(database_url)
    try:
        command = ["sync-meetings", "--db", database_url]
        nothing = runner.invoke(app, command)
        assert nothing.exit_code == 1 and "no ModernGov committees in the store" in nothing.output
        _loaded(store, url)
        dry = runner.invoke(app, [*command, "--dry-run", "--partnership", "city-csp"])
        assert dry.exit_code == 0, dry.output
        assert "would add: City CSP Board, 17 February 2027 at 18:00" in dry.output
        assert _synced(store) == {}
        done = runner.invoke(app, command)
        assert done.exit_code == 0 and "\nadd: City CSP Board" in "\n" + done.output
        assert len(_synced(store)) == 4
        site.failures[BOARD] = "malformed"
        failed = runner.invoke(app, command)
        assert failed.exit_code == 1
        assert "could not sync city-csp: committee 45 (City CSP Board): unreadable XML" in (
            failed.output
        )
        other = runner.invoke(app, [*command, "--partnership", "nobody"])
        assert other.exit_code == 1 and "no ModernGov committees in partnership 'nobody'" in (
            other.output
        )
    finally:
        store.dispose()


def test_a_meeting_another_replica_wrote_first_is_left_to_it(
    store: Store, fake: tuple[FakeModernGov, str], caplog: pytest.LogCaptureFixture
) -> None:
    _, url = fake
    _loaded(store, url)
    with store.transaction() as session:  # as if a second replica had just added it
        session.add(
            Milestone(
                id="moderngov-city-csp-45-2001",
                partnership_id="city-csp",
                title="City CSP Board",
                kind="board_meeting",
                due_date=date(2027, 2, 17),
            )
        )
    caplog.set_level("INFO", logger="schedules.meetings")
    result = _sync(store)
    assert {c.committee_id for c in result.changes} == {SCRUTINY}
    assert result.failures == []
    assert "committee 45 was synced by another replica" in caplog.text
    assert len(_synced(store)) == 3


def test_the_servers_scheduler_syncs_the_sites_followed_and_none_without_them(
    store: Store, fake: tuple[FakeModernGov, str]
) -> None:
    _site, url = fake
    scheduler = MeetingSyncScheduler(store=store, clock=FixedClock(NOW), timing=SyncTiming())
    nothing = asyncio.run(scheduler.sync_once())  # no data yet: no site to read
    assert (nothing.committees, nothing.changes) == (0, [])
    _loaded(store, url)
    result = asyncio.run(scheduler.sync_once())
    assert result.failures == [] and result.committees == 3
    assert "moderngov-city-csp-123-1001" in _synced(store)
