"""`cspbot serve` itself, as a new user runs it, answering Teams through a loopback
connector (unauthenticated mode, as with Microsoft's local test tools)."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from store.datafile import import_text
from store.db import Store
from tests.bot.teams.conftest import DATA, START
from tests.bot.teams.fakes import CLIENT_ID, FakeConnector
from tests.bot.teams.payloads import COORDINATOR, personal_conversation, personal_message
from tests.support.server import free_port


@pytest.fixture
def served(tmp_path: Path, connector: FakeConnector) -> Iterator[str]:
    url = f"sqlite:///{tmp_path}/cspbot.db"
    store = Store.open(url)
    import_text(store, DATA, at=START)
    store.dispose()
    port = free_port()
    env = {
        **os.environ,
        "TEAMS_CLIENT_ID": CLIENT_ID,
        "TEAMS_ALLOW_UNAUTHENTICATED": "true",
        "TEAMS_SERVICE_URL": connector.service_url,
    }
    run = [sys.executable, "-c", "from bot.cli import main; main()"]
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [*run, "serve", "--port", str(port), "--db", url],
        env=env,
        cwd=Path(__file__).resolve().parents[3],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process, tmp_path / "serve.log")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def _wait_until_up(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{base}/healthz").status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"cspbot serve did not start:\n{log.read_text()}")


def test_cspbot_serve_answers_a_personal_chat(served: str, connector: FakeConnector) -> None:
    message = personal_message(COORDINATOR, "who leads on ASB?", connector.service_url)
    answer = httpx.post(f"{served}/api/messages", json=message)
    (call,) = connector.wait_for(1, timeout=20)
    assert answer.status_code == 200
    assert call.conversation_id == personal_conversation(COORDINATOR)
    assert "Anti-social Behaviour Lead" in str(call.card)
