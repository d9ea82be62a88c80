"""Slack round trip: a signed event in -> the reply posted at the (fake) Slack Web API.

Our app (create_app on the demo data, answering through the conversation core) and a bare
Bolt AsyncApp that only echoes are served side by side on loopback, against the same fake
Slack Web API, at concurrency 1 (the two apps taking turns, request by request) and 32
(in rounds of 100 requests, the apps taking turns).
Each request is a signed message.im event; its latency runs from sending the request to
the fake receiving chat.postMessage for it.
Goal: our p99 within 1.5x of the bare app's.

Run: .venv/bin/python -m bench.slack_roundtrip [--alone N] [--requests N] [--max-seconds S]
"""

import argparse
import asyncio
import itertools
import multiprocessing
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.settings import Settings
from bot.web import create_app
from handlers.pipeline import respond
from handlers.senders import recognise
from handlers.types import Identity, Message
from schedules.clock import SystemClock
from store.datafile import DEMO_PATH, import_file
from store.db import Store
from tests.bot.slack.fake_slack import Call, FakeSlack
from tests.bot.slack.signing import SIGNING_SECRET, event_body, signed_headers
from tests.support.server import free_port

TOKEN = "xoxb-bench-token"
QUESTIONS = [
    "who leads on serious violence in the city?",
    "what does MARAC stand for?",
    "what's due in the next 30 days?",
    "what are Ashfield's priorities?",
    "tell me about the SNB",
    "my deadlines",
]
SENDER = "UDEMO0001"  # a demo person, known by Slack id
BARE, OURS, CORE = "bare Bolt echo", "cspbot", "core alone"
ROUND = 100  # requests per app per round at concurrency 32


class Arrivals:
    """When the fake received chat.postMessage for each benchmark channel (the fake and
    the load generator share one event loop)."""

    def __init__(self) -> None:
        self.waiting: dict[str, asyncio.Future[float]] = {}

    def expect(self, channel: str) -> "asyncio.Future[float]":
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiting[channel] = future
        return future

    def __call__(self, call: Call) -> None:
        arrived = time.perf_counter()
        if call.method == "chat.postMessage":
            future = self.waiting.pop(str(call.params.get("channel", "")), None)
            if future is not None:
                future.set_result(arrived)


def bare_app(api_url: str) -> Starlette:
    """The yardstick: Bolt with signature verification and an echo, nothing else."""
    bolt = AsyncApp(
        client=AsyncWebClient(token=TOKEN, base_url=api_url),
        signing_secret=SIGNING_SECRET,
    )

    @bolt.event("message")
    async def echo(event: dict[str, Any], client: AsyncWebClient) -> None:
        await client.chat_postMessage(channel=event["channel"], text=event.get("text", ""))

    handler = AsyncSlackRequestHandler(bolt)

    async def endpoint(request: Request) -> Response:
        return await handler.handle(request)

    async def healthz(_request: Request) -> Response:
        return Response("ok")

    return Starlette(
        routes=[
            Route("/slack/events", endpoint, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
        ]
    )


def our_app(api_url: str, db_path: str) -> Any:
    """cspbot as `cspbot serve` builds it, on the demo data."""
    store = Store.open(f"sqlite:///{db_path}")
    import_file(store, DEMO_PATH, at=datetime.now(UTC))
    settings = Settings(
        SLACK_BOT_TOKEN=TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=api_url,
        CSPBOT_SWEEP_SECONDS=86_400.0,
    )
    return create_app(settings=settings, store=store, clock=SystemClock())


def serve_in_process(kind: str, port: int, api_url: str, db_path: str) -> None:
    """A child process's whole life: one app on one loopback port (its own interpreter,
    so it does not share a GIL with the load generator and the fake)."""
    app = our_app(api_url, db_path) if kind == "cspbot" else bare_app(api_url)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


@contextmanager
def app_process(kind: str, api_url: str, db_path: str) -> Iterator[str]:
    port = free_port()
    process = multiprocessing.get_context("spawn").Process(
        target=serve_in_process, args=(kind, port, api_url, db_path), daemon=True
    )
    process.start()
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not _healthy(base):
            if time.monotonic() > deadline or not process.is_alive():
                raise RuntimeError(f"the {kind} app did not start")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.join(10)


def _healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


async def one_request(client: httpx.AsyncClient, base: str, n: int, arrivals: Arrivals) -> float:
    channel = f"DB{n:07d}"
    event = {
        "type": "message", "channel_type": "im", "user": SENDER, "channel": channel,
        "text": QUESTIONS[n % len(QUESTIONS)], "ts": f"1700000000.{n:06d}",
    }  # fmt: skip
    body = event_body(event, event_id=f"EvBench{n:07d}")
    headers = signed_headers(body, content_type="application/json")
    arrived = arrivals.expect(channel)
    started = time.perf_counter()
    response = await client.post(f"{base}/slack/events", content=body, headers=headers)
    response.raise_for_status()
    return (await asyncio.wait_for(arrived, timeout=10) - started) * 1000


async def run(
    base: str, *, concurrency: int, requests: int, numbers: Iterator[int], arrivals: Arrivals
) -> list[float]:
    latencies: list[float] = []
    queue = [next(numbers) for _ in range(requests)]

    async def worker(client: httpx.AsyncClient) -> None:
        while queue:
            latencies.append(await one_request(client, base, queue.pop(), arrivals))

    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=15) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    return latencies


async def run_alternating(
    bases: dict[str, str], *, requests: int, numbers: Iterator[int], arrivals: Arrivals
) -> dict[str, list[float]]:
    """One request at a time, to each app in turn: a slower or faster spell of the
    machine then falls on both apps alike rather than on whichever ran during it."""
    latencies: dict[str, list[float]] = {kind: [] for kind in bases}
    async with httpx.AsyncClient(timeout=15) as client:
        for _ in range(requests):
            for kind, base in bases.items():
                latency = await one_request(client, base, next(numbers), arrivals)
                latencies[kind].append(latency)
    return latencies


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def core_alone(db_path: Path, count: int) -> list[float]:
    """The conversation core by itself (respond, in process, same questions and person):
    the part of our latency that is not the Slack adapter's."""
    store = Store.open(f"sqlite:///{db_path}", migrate=False)
    person = recognise(store, platform="slack", user_id=SENDER).person
    sender = Identity(platform="slack", user_id=SENDER, person_id=person.id if person else None)
    latencies = []
    for n in range(count):
        message = Message(text=QUESTIONS[n % len(QUESTIONS)], sender=sender, at=datetime.now(UTC))
        started = time.perf_counter()
        respond(store, message)
        latencies.append((time.perf_counter() - started) * 1000)
    store.dispose()
    return latencies


async def wait_until_quiet(fake: FakeSlack, *, seconds: float = 1.5, limit: float = 60) -> None:
    """Let the apps' start-up (the reminder sweep's deliveries) finish before measuring."""
    deadline = time.monotonic() + limit
    seen = -1
    while time.monotonic() < deadline and seen != len(fake.calls):
        seen = len(fake.calls)
        await asyncio.sleep(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # A p99 of 1,000 requests rests on its 10 slowest, not on one or two stray ones.
    parser.add_argument("--alone", type=int, default=1000, help="per app at concurrency 1")
    parser.add_argument("--requests", type=int, default=1000, help="per app at concurrency 32")
    parser.add_argument("--max-seconds", type=float, default=300, help="stop after this")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = asyncio.run(
            measure(args.alone, args.requests, args.max_seconds, Path(tmp) / "bench.db")
        )
    report(results)


async def measure(
    alone: int, requests: int, max_seconds: float, db_path: Path
) -> dict[tuple[str, int], list[float]]:
    """The fake Slack API runs on this event loop, beside the load generator, so an
    arrival is timed without crossing threads; each app runs in a process of its own."""
    arrivals = Arrivals()
    fake = FakeSlack(on_call=arrivals)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(fake.app(), host="127.0.0.1", port=port, log_level="warning")
    )
    fake_task = asyncio.create_task(server.serve())
    api_url = f"http://127.0.0.1:{port}/api"
    numbers = itertools.count()
    results: dict[tuple[str, int], list[float]] = {}
    try:
        with ExitStack() as stack:
            apps = {kind: stack.enter_context(app_process(kind, api_url, str(db_path)))
                    for kind in (BARE, OURS)}  # fmt: skip
            await wait_until_quiet(fake)
            for base in apps.values():  # warm up: auth.test, caches, connections
                await run(base, concurrency=4, requests=24, numbers=numbers, arrivals=arrivals)
            results[CORE, 1] = await asyncio.to_thread(core_alone, db_path, requests // 2)
            deadline = time.monotonic() + max_seconds
            taking_turns = await run_alternating(
                apps, requests=alone, numbers=numbers, arrivals=arrivals
            )
            results |= {(kind, 1): latencies for kind, latencies in taking_turns.items()}
            # In rounds, each app in turn, for the same reason as taking turns above.
            for _ in range(requests // ROUND):
                for kind, base in apps.items():
                    if time.monotonic() < deadline:
                        latencies = await run(
                            base, concurrency=32, requests=ROUND, numbers=numbers,
                            arrivals=arrivals,
                        )  # fmt: skip
                        results.setdefault((kind, 32), []).extend(latencies)
    finally:
        server.should_exit = True
        await fake_task
    return results


def report(results: dict[tuple[str, int], list[float]]) -> None:
    print(f"{'':16} {'conc':>4} {'n':>5} {'p50 ms':>8} {'p99 ms':>8} {'mean ms':>8}")
    for (name, concurrency), values in sorted(results.items(), key=lambda kv: kv[0][1]):
        print(
            f"{name:16} {concurrency:>4} {len(values):>5} {percentile(values, 0.5):8.1f} "
            f"{percentile(values, 0.99):8.1f} {statistics.fmean(values):8.1f}"
        )
    for concurrency in (1, 32):
        ours, bare = results.get((OURS, concurrency)), results.get((BARE, concurrency))
        if ours and bare:
            ratio = percentile(ours, 0.99) / percentile(bare, 0.99)
            verdict = "within" if ratio <= 1.5 else "NOT within"
            print(f"concurrency {concurrency}: p99 ratio {ratio:.2f} ({verdict} the 1.5x goal)")


if __name__ == "__main__":
    main()
