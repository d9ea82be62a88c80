"""`cspbot reminders` over a real store, and the platform router."""

import asyncio
import json
from datetime import UTC, datetime

from typer.testing import CliRunner

from bot.cli import app
from bot.notifiers import ConsoleNotifier, NotifierRouter, plain_text
from handlers.types import Outbound, Reply
from schedules.clock import FixedClock
from schedules.planner import replan
from schedules.sweep import SweepConfig, sweep
from store.db import Store
from tests.schedules.support import CountingNotifier, day, seed

runner = CliRunner()


def test_reminders_json_around_easter_2027(store: Store, database_url: str) -> None:
    seed(
        store,
        {
            "id": "sa",
            "title": "Strategic Assessment",
            "due_date": day("2027-03-29"),
            "remind": [3, 1],
            "owner_id": "owner",
        },
    )
    result = runner.invoke(
        app,
        ["reminders", "--from", "2027-03-22", "--to", "2027-04-02", "--json", "--db", database_url],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    reminders = [r for r in rows if r["kind"] == "reminder"]
    # Offsets 3 (Good Friday) and 1 (Sunday) both move back to Maundy Thursday: merged.
    assert sorted(r["recipient"] for r in reminders) == ["channel:csp", "owner"]
    assert {(r["milestone"], r["occurrence"], r["send_at"]) for r in reminders} == {
        ("sa", "2027-03-29", "2027-03-25T09:00:00+00:00")
    }
    assert [r["send_at"] for r in rows if r["kind"] == "digest"] == [
        "2027-03-22T09:00:00+00:00",
        "2027-03-30T09:00:00+01:00",
    ]
    assert [r["kind"] for r in rows if r["kind"] == "escalation"] == ["escalation"]
    assert rows == sorted(rows, key=lambda r: datetime.fromisoformat(r["send_at"]))


def test_reminders_from_a_runaway_rule_in_the_store_stay_bounded(
    store: Store, database_url: str
) -> None:
    # Refused at import now; written directly as an older version could have stored it.
    minutes = ",".join(str(n) for n in range(60))
    seed(
        store,
        {
            "id": "flood",
            "title": "Flood",
            "due_date": day("2026-01-01"),
            "repeat": f"FREQ=DAILY;BYHOUR={','.join(str(n) for n in range(24))};BYMINUTE={minutes}",
            "remind": list(range(1000)),
            "owner_id": "owner",
        },
    )
    result = runner.invoke(
        app,
        ["reminders", "--from", "2027-01-04", "--to", "2027-01-08", "--json", "--db", database_url],
    )
    assert result.exit_code == 0, result.output
    rows = [r for r in json.loads(result.output) if r["kind"] == "reminder"]
    # One occurrence a day and the closest 20 offsets: each of the five working days
    # carries one reminder for each of 20 occurrences, plus two occurrences whose only
    # reminder in reach falls on the weekend and moves to Friday; two recipients each.
    assert len(rows) == (5 * 20 + 2) * 2
    assert len({(r["occurrence"], r["recipient"], r["send_at"]) for r in rows}) == len(rows)
    year_and_more = runner.invoke(
        app, ["reminders", "--from", "2027-01-01", "--to", "2028-01-02", "--db", database_url]
    )
    assert year_and_more.exit_code == 1
    assert "span more than 366 days: ask for a year at a time" in year_and_more.output


def test_reminders_refuses_bad_input_plainly(database_url: str) -> None:
    result = runner.invoke(
        app, ["reminders", "--from", "2027-13-01", "--to", "2027-01-01", "--db", database_url]
    )
    assert result.exit_code == 1 and "--from: not a date: '2027-13-01'" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(app, ["reminders", "--db", database_url])
    assert result.exit_code == 1 and "give either --from and --to, or --failed" in result.output


def test_reminders_failed_lists_the_reason(store: Store, database_url: str) -> None:
    from handlers.types import DeliveryError

    seed(
        store,
        {"id": "m", "title": "M", "due_date": day("2026-12-10"), "remind": [1]},
        partnership={"coordinator_id": None},
    )
    clock = FixedClock(datetime(2026, 12, 9, 9, tzinfo=UTC))
    replan(store, now=clock.now())
    notifier = CountingNotifier([DeliveryError("channel_not_found", permanent=True)])
    asyncio.run(sweep(store, notifier, clock, SweepConfig(worker="t")))
    result = runner.invoke(app, ["reminders", "--failed", "--db", database_url])
    assert result.exit_code == 0
    assert (
        "reminder m (2026-12-10) to channel:csp: channel_not_found after 1 attempt" in result.output
    )


def test_router_picks_one_platform_per_recipient(store: Store) -> None:
    seed(store)
    with store.transaction() as session:
        from store.tables import Person

        person = session.get(Person, "owner")
        assert person is not None
        person.slack_id = "U123"
    slack, teams = CountingNotifier(), CountingNotifier()
    router = NotifierRouter(store, console=ConsoleNotifier(plain_text))
    reply = Reply(intent="notify", template="occurrence_refused", data={"reason": "not_in_future"})
    outbound = Outbound(delivery_id=1, reply=reply, person_id="owner")
    asyncio.run(router.deliver(outbound))  # Slack not configured: the console
    router.register("slack", slack)
    router.register("teams", teams)
    asyncio.run(router.deliver(outbound))
    asyncio.run(router.deliver(Outbound(delivery_id=2, reply=reply, person_id="coord")))
    assert [o.delivery_id for o in slack.sent] == [1] and teams.sent == []
