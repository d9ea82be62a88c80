"""Where the chat adapters run short, blocking store work: on the event loop when the store
can do it without waiting and no other request is in hand, else in a worker thread.

A worker-thread trip costs more than the work of a typical question on SQLite: waking a
thread, handing the GIL back and forth, and waking the event loop again took more context
switches and time than reading the answer (bench/slack_roundtrip.py). The GIL runs one
thread's Python at a time, so a worker thread helps only while something waits: the work
itself, for a lock or the network, or the event loop, in the system calls that send the
other requests' answers (during which the GIL is free). So:

- a request alone is answered at once, on the event loop. A SQLite file's reads never
  wait (WAL), and its writes are told not to (`promptly()`): when one would, or the plans
  need rebuilding, the work stops before writing anything and runs again in a worker
  thread, where waiting is fine;
- when requests overlap (a burst), each one's store work runs in a worker thread while
  the event loop sends the others' answers;
- PostgreSQL's queries are network round trips, always made from a worker thread.
"""

import asyncio
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from store.db import Store, WouldWait, promptly

P = ParamSpec("P")
T = TypeVar("T")


class StoreWork:
    """One adapter's store work, and how many of its requests are in hand (counted on the
    event loop's thread only, so without a lock)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.in_hand = 0

    @contextmanager
    def request(self) -> Iterator[None]:
        """Around the handling of one request, from its arrival to its answer being sent."""
        self.in_hand += 1
        try:
            yield
        finally:
            self.in_hand -= 1

    async def __call__(self, work: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """`work(*args, **kwargs)`, at once or in a worker thread (above). It may be
        started twice, so it writes at most one transaction (a write that declines to wait
        stops before it) or only what can be written twice."""
        if self.store.prompt and self.in_hand <= 1:
            try:
                with promptly():
                    return work(*args, **kwargs)
            except WouldWait:
                pass
        return await asyncio.to_thread(work, *args, **kwargs)
