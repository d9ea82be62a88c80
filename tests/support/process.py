"""`cspbot serve` run as a new user runs it: a process of its own, its output kept."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support.server import free_port

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-c", "from bot.cli import main; main()"]


@dataclass
class Served:
    base: str
    process: subprocess.Popen[bytes]
    stdout: Path
    stderr: Path

    def output(self) -> str:
        return self.stdout.read_text() + self.stderr.read_text()

    def lines(self) -> list[str]:
        """Every line written to stdout and to stderr."""
        return [
            line for path in (self.stdout, self.stderr) for line in path.read_text().splitlines()
        ]

    def stop(self, *, timeout: float = 15) -> None:
        """SIGTERM, as a container engine or systemd sends it; fails unless the server
        shuts down in order within `timeout` (uvicorn then ends by the same signal)."""
        self.process.send_signal(signal.SIGTERM)
        status = self.process.wait(timeout=timeout)
        assert status in (0, -signal.SIGTERM), f"exit status {status}:\n{self.output()}"
        assert "Finished server process" in self.output()


@contextmanager
def cspbot_serve(folder: Path, *, db: str, env: dict[str, str]) -> Iterator[Served]:
    port = free_port()
    stdout, stderr = folder / f"serve-{port}.out", folder / f"serve-{port}.err"
    with stdout.open("w") as out, stderr.open("w") as err:
        process = subprocess.Popen(
            [*CLI, "serve", "--port", str(port), "--db", db],
            env={**os.environ, **env},
            cwd=ROOT,
            stdout=out,
            stderr=err,
        )
    served = Served(f"http://127.0.0.1:{port}", process, stdout, stderr)
    try:
        _wait_until_up(served)
        yield served
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def _wait_until_up(served: Served) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and served.process.poll() is None:
        try:
            if httpx.get(f"{served.base}/healthz").status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"cspbot serve did not start:\n{served.output()}")
