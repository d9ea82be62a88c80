"""Memory of `cspbot serve` on the large dataset (500 partnerships, 10,000 priorities,
50,000 milestones, 200,000 updates; bench/answers.py generates it into a SQLite file):
the server started as users start it, with its default settings, answering signed Slack
events (posting to a fake Slack Web API on loopback) until its snapshot of the plans is
built and every kind of question has been asked. Its resident memory (VmRSS) and peak
(VmHWM) are read from /proc/PID/status after start-up and after the questions.

Run: .venv/bin/python -m bench.serve_memory [--rounds N]
Goal (issue 10): at most 150 MB.
"""

import argparse
import asyncio
import itertools
import tempfile
import time
from pathlib import Path

import httpx
import uvicorn

from bench.answers import QUESTIONS, generate
from bench.slack_roundtrip import Arrivals, Load, one_request, server_process, wait_until_quiet
from store.db import Store
from tests.bot.slack.fake_slack import FakeSlack
from tests.support.server import free_port

GOAL_MB = 150
SENDER = "UBENCHGUEST"  # nobody the data knows: every question is a guest's


def memory(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM of the process, in MB."""
    fields: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024
    return fields


async def measure(db_url: str, logs: Path, questions: list[str], rounds: int) -> None:
    load = Load(questions, SENDER, Arrivals(), itertools.count())
    fake = FakeSlack(on_call=load.arrivals)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(fake.app(), host="127.0.0.1", port=port, log_level="warning")
    )
    fake_task = asyncio.create_task(server.serve())
    try:
        with server_process("cspbot serve", f"http://127.0.0.1:{port}/api", db_url, logs) as (
            base,
            pid,
        ):
            await wait_until_quiet(fake)
            _print("after start-up", memory(pid))
            async with httpx.AsyncClient(timeout=120) as client:
                started = time.perf_counter()
                await one_request(client, base, load, timeout=300)  # builds the snapshot
                print(f"first answer (snapshot built) in {time.perf_counter() - started:.1f} s")
                _print("after the first answer", memory(pid))
                for _ in range(rounds * len(questions)):
                    await one_request(client, base, load)
            _print(f"after {rounds} rounds of {len(questions)} questions", memory(pid))
    finally:
        server.should_exit = True
        await fake_task


def _print(when: str, fields: dict[str, float]) -> None:
    rss, peak = fields.get("VmRSS", 0.0), fields.get("VmHWM", 0.0)
    print(f"{when:40} VmRSS {rss:6.1f} MB  VmHWM {peak:6.1f} MB  (goal {GOAL_MB} MB)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds of every kind of question")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db_url = f"sqlite:///{Path(folder) / 'large.db'}"
        store = Store.open(db_url)
        started = time.perf_counter()
        samples = generate(store)
        store.dispose()
        print(f"generated the large dataset in {time.perf_counter() - started:.1f} s", flush=True)
        # Guests' questions only: the fake Slack knows nobody by the data's ids.
        questions = [ask(sample) for sample in samples[:2] for _kind, ask, _who in QUESTIONS]
        asyncio.run(measure(db_url, Path(folder), questions, args.rounds))


if __name__ == "__main__":
    main()
