"""When rounds open, chase and close, and whom they ask: over Christmas, Easter and a clock
change; and `cspbot reminders --json` listing them."""

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

from typer.testing import CliRunner

from bot.cli import app
from schedules.plan import plan_window
from schedules.planner import replan
from schedules.rounds import PlanItems, round_times
from store import deliveries
from store.db import Store
from store.tables import Milestone, Partnership, Plan, Priority
from tests.rounds.support import seed_round

runner = CliRunner()


def partnership(**fields: Any) -> Partnership:
    return Partnership(**({"id": "csp", "name": "CSP", "coordinator_id": "coord"} | fields))


def test_a_round_before_a_meeting_after_christmas_opens_on_christmas_eve() -> None:
    times = round_times(partnership(), date(2027, 1, 12))
    assert times is not None
    # Back over 1 January, the weekend, 28 and 25 December: Thursday 24 December.
    assert times.open_day == date(2026, 12, 24)
    assert times.chase_day == date(2027, 1, 5)
    assert times.close_day == date(2027, 1, 7)
    assert times.opens == datetime(2026, 12, 24, 9, tzinfo=UTC)  # 09:00 GMT


def test_easter_and_the_clock_change_keep_09_00_on_working_days() -> None:
    # Meeting Thursday 8 April 2027; Good Friday 26 March, Easter Monday 29 March; the
    # clocks go forward on Sunday 28 March.
    times = round_times(partnership(), date(2027, 4, 8))
    assert times is not None
    assert times.open_day == date(2027, 3, 23)
    assert times.opens == datetime(2027, 3, 23, 9, tzinfo=UTC)  # GMT
    assert times.chase_day == date(2027, 4, 1)
    assert times.chases == datetime(2027, 4, 1, 8, tzinfo=UTC)  # 09:00 BST
    assert times.close_day == date(2027, 4, 5)


def test_offsets_and_time_come_from_the_partnership() -> None:
    times = round_times(partnership(checkins={"open": 4}, reminder_time="08:30"), date(2027, 1, 12))
    assert times is not None
    assert times.open_day == date(2027, 1, 6)
    assert times.opens == datetime(2027, 1, 6, 8, 30, tzinfo=UTC)
    assert round_times(partnership(checkins="off"), date(2027, 1, 12)) is None


def items() -> PlanItems:
    plans = (
        Plan(id="old", partnership_id="csp", title="Old", ends=date(2026, 3, 31)),
        Plan(id="now", partnership_id="csp", title="Now", starts=date(2026, 4, 1)),
    )
    priorities = (
        Priority(id="a", partnership_id="csp", name="A", lead_id="lead-a", plan_id="now"),
        Priority(id="b", partnership_id="csp", name="B", kind="risk_driver", lead_id="lead-b",
                 plan_id="now"),
        Priority(id="c", partnership_id="csp", name="C", lead_id="lead-a", plan_id="now"),
        Priority(id="x", partnership_id="csp", name="X", lead_id="gone", plan_id="old"),
        Priority(id="y", partnership_id="csp", name="Y", plan_id="now"),
    )  # fmt: skip
    return PlanItems(plans, priorities)


def meeting(kind: str) -> Milestone:
    return Milestone(
        id="m", partnership_id="csp", title="M", kind=kind, due_date=date(2027, 1, 12), remind=[]
    )


def test_every_lead_of_the_current_plan_is_asked_and_chased_and_the_coordinator_summarised() -> (
    None
):
    planned = plan_window(
        [meeting("scrutiny")],
        {"csp": partnership()},
        start=date(2026, 12, 1),
        end=date(2027, 1, 31),
        escalation_days=0,
        items={"csp": items()},
    )
    rounds = [
        (p.kind, p.recipient, p.local_day, p.offset_days) for p in planned if p.kind != "digest"
    ]
    assert rounds == [
        ("checkin", "lead-a", date(2026, 12, 24), 10),
        ("checkin", "lead-b", date(2026, 12, 24), 10),
        ("chase", "lead-a", date(2027, 1, 5), 5),
        ("chase", "lead-b", date(2027, 1, 5), 5),
        ("checkin_summary", "coord", date(2027, 1, 7), 3),
    ]
    assert {p.occurrence for p in planned if p.kind != "digest"} == {date(2027, 1, 12)}


def test_no_rounds_for_other_milestones_or_when_turned_off() -> None:
    start, end = date(2026, 12, 1), date(2027, 1, 31)
    other = plan_window(
        [meeting("other")], {"csp": partnership()}, start=start, end=end, items={"csp": items()}
    )
    off = plan_window(
        [meeting("board_meeting")],
        {"csp": partnership(checkins="off")},
        start=start,
        end=end,
        items={"csp": items()},
    )
    assert [p.kind for p in other + off if p.kind != "digest"] == []


def test_reminders_json_lists_the_round(store: Store, database_url: str) -> None:
    seed_round(store)
    result = runner.invoke(
        app,
        ["reminders", "--from", "2026-12-20", "--to", "2027-01-12", "--json", "--db", database_url],
    )
    assert result.exit_code == 0, result.output
    rows = [r for r in json.loads(result.output) if r["kind"] != "digest"]
    assert [(r["kind"], r["recipient"], r["send_at"]) for r in rows] == [
        ("checkin", "lead-a", "2026-12-24T09:00:00+00:00"),
        ("checkin", "lead-b", "2026-12-24T09:00:00+00:00"),
        ("chase", "lead-a", "2027-01-05T09:00:00+00:00"),
        ("chase", "lead-b", "2027-01-05T09:00:00+00:00"),
        ("checkin_summary", "coord", "2027-01-07T09:00:00+00:00"),
    ]
    assert {(r["milestone"], r["occurrence"]) for r in rows} == {("board", "2027-01-12")}


def test_a_new_lead_is_planned_in_and_the_old_one_out(store: Store) -> None:
    seed_round(store)
    now = datetime(2026, 12, 1, tzinfo=UTC)
    replan(store, now=now)
    with store.transaction() as session:
        housing = session.get(Priority, "housing")
        assert housing is not None
        housing.lead_id = "member"
    replan(store, now=now + timedelta(minutes=15))
    with store.session() as session:
        rows = {(r.kind, r.recipient): r.status for r in deliveries.deliveries(session)}
    assert rows[("checkin", "lead-b")] == rows[("chase", "lead-b")] == "cancelled"
    assert rows[("checkin", "member")] == rows[("chase", "member")] == "pending"
    assert rows[("checkin", "lead-a")] == "pending"
