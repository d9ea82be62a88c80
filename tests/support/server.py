"""Serve an ASGI app for real with uvicorn on a free loopback port, in a background thread."""

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(app: Any, *, port: int | None = None) -> Iterator[str]:
    """Run `app` until the block ends; yields its base URL (http://127.0.0.1:PORT).

    Without a port it binds port 0 and reads back the one the system gave, so two servers
    started at once can never race for the same free port."""
    config = uvicorn.Config(app, host="127.0.0.1", port=port or 0, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"the test server on port {port or 0} did not start")
        time.sleep(0.01)
    bound = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{bound}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def wait_ready(base: str, *, timeout: float = 20) -> None:
    """Until /readyz answers 200 (the reminders' first sweep runs in the background)."""
    deadline = time.monotonic() + timeout
    while True:
        response = httpx.get(f"{base}/readyz", timeout=10)
        if response.status_code == 200:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"not ready after {timeout} s: {response.json()}")
        time.sleep(0.05)
