"""SIGTERM during a sweep, with two replicas of `cspbot serve` on one PostgreSQL database
and Slack paced at one message a second per channel: the stopped replica exits within ten
seconds holding no claims, the other sends the rest, and every reminder arrives once."""

import re
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from sqlalchemy import text

from schedules.clock import SystemClock
from store.datafile import import_text
from store.db import Store
from tests.bot.slack.conftest import DATA, SIGNING_SECRET
from tests.bot.slack.fake_slack import Call, FakeSlack
from tests.support.process import cspbot_serve

MILESTONES = 12
CLAIMANT = text("SELECT claimed_by FROM delivery WHERE status = 'claimed' LIMIT 1")
HELD = text("SELECT count(*) FROM delivery WHERE status = 'claimed' AND claimed_by LIKE :mine")


def _data(due: str | None) -> str:
    """The Slack tests' partnership with MILESTONES returns, all owned by the coordinator
    and late for their seven-day reminder: each goes to the owner's DM and the channel
    (`due` None: no milestones at all)."""
    text = DATA.read_text()
    start = text.index("    milestones:\n")
    if due is None:
        return text[:start]
    milestones = "".join(
        f"      - id: return-{n:02d}\n        title: Return {n:02d}\n"
        f"        kind: statutory_return\n        due: {due}\n"
        "        owner: brook-coordinator\n        remind: [7]\n"
        for n in range(MILESTONES)
    )
    return text[:start] + "    milestones:\n" + milestones


def reminder(call: Call) -> str | None:
    """The milestone a reminder is about (a Monday's digest lists them too: not counted)."""
    found = re.search(r"Reminder: (Return \d\d)", call.params.get("text", ""))
    return found.group(1) if found else None


def reminders(fake: FakeSlack) -> list[Call]:
    return [call for call in fake.named("chat.postMessage") if reminder(call)]


def _sender(store: Store) -> int:
    """The process id of the replica holding claims (the one sending), once one is."""
    with store.session() as session:
        worker = session.connection().execute(CLAIMANT).scalar()
    assert worker is not None, "no replica is sending"
    return int(worker.split(":")[1])


def test_sigterm_mid_sweep_loses_nothing_and_sends_nothing_twice(
    tmp_path: Path, postgres_url: str, fake_slack: tuple[FakeSlack, str]
) -> None:
    fake, api_url = fake_slack
    now = SystemClock().now()  # the servers run on the real clock
    store = Store.open(postgres_url)
    import_text(store, _data(None), at=now)
    env = {
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": api_url,
        "CSPBOT_SWEEP_SECONDS": "0.5",
        "CSPBOT_PLAN_MINUTES": "0.02",
        "CSPBOT_ESCALATION_DAYS": "0",
    }
    expected = 2 * MILESTONES
    with (
        cspbot_serve(tmp_path, db=postgres_url, env=env) as one,
        cspbot_serve(tmp_path, db=postgres_url, env=env) as two,
    ):
        import_text(store, _data((now + timedelta(days=5)).date().isoformat()), at=now)
        fake.wait_for("chat.postMessage", count=2, where=reminder, timeout=30)  # sending
        pid = _sender(store)
        stopped = one if one.process.pid == pid else two
        stopped.stop(timeout=10)
        assert "reminders stopped: nothing in flight" in stopped.output()
        with store.session() as session:
            held = session.connection().execute(HELD, {"mine": f"%:{pid}:%"})
            assert held.scalar() == 0, "the stopped replica let go of its claims"
        assert len(reminders(fake)) < expected, "stopped mid-sweep"
        fake.wait_for("chat.postMessage", count=expected, where=reminder, timeout=60)
        time.sleep(1)  # two more sweeps: room for a message sent twice to arrive
    sent = Counter((call.params["channel"], reminder(call)) for call in reminders(fake))
    assert len(sent) == expected and set(sent.values()) == {1}, sent
    with store.session() as session:
        states = session.connection().execute(
            text("SELECT status, count(*) FROM delivery WHERE kind = 'reminder' GROUP BY status")
        )
        assert dict(states.all()) == {"sent": expected}
    store.dispose()
