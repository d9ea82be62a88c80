"""Slack's Socket Mode end, faked on loopback: apps.connections.open (on the fake Web API)
hands out this server's ws:// URL; it says hello, pushes the envelopes a test gives it,
and records the acknowledgements that come back. aiohttp serves the WebSocket because
uvicorn has no WebSocket library installed here."""

import asyncio
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aiohttp import WSMsgType, web

from tests.support.server import free_port

HELLO = {
    "type": "hello",
    "num_connections": 1,
    "debug_info": {"host": "fake-socket-mode"},
    "connection_info": {"app_id": "ADEMO0001"},
}


class FakeSocketMode:
    def __init__(self) -> None:
        self.acks: list[dict[str, Any]] = []
        self.connected = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._outbox: asyncio.Queue[dict[str, Any]] | None = None

    def send(self, envelope: dict[str, Any]) -> None:
        """Push one envelope to the connected bot (from the test's thread)."""
        assert self._loop is not None and self._outbox is not None, "nobody connected"
        self._loop.call_soon_threadsafe(self._outbox.put_nowait, envelope)

    async def _link(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self._outbox = asyncio.Queue()
        await socket.send_json(HELLO)
        self.connected.set()
        sender = asyncio.create_task(self._send_all(socket, self._outbox))
        async for message in socket:
            if message.type == WSMsgType.TEXT:
                self.acks.append(json.loads(message.data))
        sender.cancel()
        return socket

    async def _send_all(
        self, socket: web.WebSocketResponse, outbox: asyncio.Queue[dict[str, Any]]
    ) -> None:
        while True:
            await socket.send_json(await outbox.get())

    @contextmanager
    def serving(self) -> Iterator[str]:
        """Run until the block ends; yields the ws:// URL to hand out."""
        port = free_port()
        loop = asyncio.new_event_loop()
        self._loop = loop
        app = web.Application()
        app.router.add_get("/link", self._link)
        runner = web.AppRunner(app)
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", port).start())
        thread = threading.Thread(target=loop.run_forever, daemon=True)
        thread.start()
        try:
            yield f"ws://127.0.0.1:{port}/link"
        finally:
            asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(timeout=10)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=10)
            loop.close()
