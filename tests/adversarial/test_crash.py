"""kill -9 of `cspbot serve` replicas mid-batch, on one PostgreSQL database, against the
loopback fake Slack: every reminder arrives, and none twice beyond the one message that
was in flight when its process died."""

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from schedules.calendar import local_date
from schedules.clock import SystemClock
from store import deliveries
from store.db import Store
from store.tables import Milestone, Partnership, Person
from tests.bot.slack.fake_slack import Call, FakeSlack
from tests.support.server import serve

PARTNERSHIPS = 50  # one milestone each: a DM to its coordinator and a channel post
KILL_AT = 10  # each of the first two replicas dies while sending its tenth message
ROOT = Path(__file__).resolve().parents[2]


def _seed(store: Store) -> None:
    """Reminders that fell due two days ago for occurrences still ahead: sent at once."""
    today = local_date(SystemClock().now(), ZoneInfo("Europe/London"))
    with store.transaction() as session:
        for n in range(PARTNERSHIPS):
            session.add(Person(id=f"coord-{n}", name=f"Coordinator {n}", slack_id=f"UC{n:07d}"))
            session.flush()
            session.add(
                Partnership(
                    id=f"p{n}",
                    name=f"Partnership {n}",
                    coordinator_id=f"coord-{n}",
                    slack_channel=f"CP{n:07d}",
                )
            )
            session.flush()
            session.add(
                Milestone(
                    id=f"m{n}",
                    partnership_id=f"p{n}",
                    title=f"Return number {n}",
                    due_date=today + timedelta(days=5),
                    remind=[7],
                )
            )


class Replicas:
    """`cspbot serve` processes, each with its own bot token so the fake can tell who sent
    what; a replica is killed (SIGKILL) as its `KILL_AT`-th post reaches the fake, before
    the fake answers."""

    def __init__(self, url: str, api_url: str, logs: Path, doomed: set[str]) -> None:
        self.url, self.api_url, self.logs, self.doomed = url, api_url, logs, doomed
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.posts: Counter[str] = Counter()
        self.killed: list[str] = []
        self.lock = threading.Lock()

    def start(self, name: str) -> None:
        env = {
            **os.environ,
            "SLACK_BOT_TOKEN": f"xoxb-{name}",
            "SLACK_SIGNING_SECRET": "not-used-here",
            "SLACK_API_URL": self.api_url,
            "CSPBOT_SWEEP_SECONDS": "0.5",
            "CSPBOT_CLAIM_LEASE_SECONDS": "3",
            "CSPBOT_ESCALATION_DAYS": "0",
        }
        log = (self.logs / f"{name}.log").open("w")
        command = [sys.executable, "-c", "from bot.cli import main; main()", "serve"]
        self.processes[name] = subprocess.Popen(
            [*command, "--port", "0", "--db", self.url],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def on_call(self, call: Call) -> None:
        if call.method != "chat.postMessage" or call.token is None:
            return
        name = call.token.removeprefix("xoxb-")
        with self.lock:
            self.posts[name] += 1
            if name in self.doomed and self.posts[name] == KILL_AT:
                os.kill(self.processes[name].pid, signal.SIGKILL)
                self.killed.append(name)

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=20)


@pytest.fixture
def fake() -> Iterator[tuple[FakeSlack, str]]:
    slack = FakeSlack()
    slack.slow_down("chat.postMessage", seconds=0.02)  # a batch takes a while to send
    with serve(slack.app()) as base:
        yield slack, f"{base}/api"


def _wait(condition: object, timeout: float, what: str) -> None:
    assert callable(condition)
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def _unsent(store: Store) -> int:
    with store.session() as session:
        rows = deliveries.deliveries(session, statuses=["pending", "claimed"])
    return sum(1 for row in rows if row.kind == "reminder")


def test_kill_9_mid_batch_loses_nothing_and_repeats_only_the_message_in_flight(
    postgres_url: str, fake: tuple[FakeSlack, str], tmp_path: Path
) -> None:
    slack, api_url = fake
    store = Store.open(postgres_url)
    _seed(store)
    replicas = Replicas(postgres_url, api_url, tmp_path, doomed={"a", "b"})
    slack.on_call = replicas.on_call
    try:
        replicas.start("a")
        replicas.start("b")
        _wait(lambda: len(replicas.killed) == 2, 90, "both replicas to be killed mid-batch")
        replicas.start("c")  # the dead replicas' claims wait out their lease for it
        _wait(lambda: _unsent(store) == 0, 60, "every reminder to be sent")
    finally:
        replicas.stop()
        store.dispose()
    posts = [call for call in slack.named("chat.postMessage") if call.status == 200]
    seen = Counter((call.params["channel"], call.params["text"]) for call in posts)
    reminders = {key: n for key, n in seen.items() if "Return number" in key[1]}
    expected = {f"CP{n:07d}" for n in range(PARTNERSHIPS)} | {
        f"DC{n:07d}" for n in range(PARTNERSHIPS)
    }
    assert {channel for channel, _ in reminders} == expected  # losses: none
    assert len(reminders) == 2 * PARTNERSHIPS
    duplicates = sum(seen.values()) - len(seen)
    assert duplicates <= len(replicas.killed)  # at most the one in flight per kill
    assert replicas.posts["a"] >= KILL_AT and replicas.posts["b"] >= KILL_AT
