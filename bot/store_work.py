"""Where the chat adapters run short, blocking store work: on the event loop when the store
can do it without waiting, else in a worker thread.

A worker-thread trip costs more than the work of a typical question on SQLite: waking a
thread, handing the GIL back and forth, and waking the event loop again took more context
switches and time than reading the answer (bench/slack_roundtrip.py). And the GIL runs
one thread's Python at a time anyway, so a worker thread only helps while the work waits:
for a lock or for the network. A SQLite file's reads never wait (WAL), and its writes are
told not to (`promptly()`): when one would, or the plans need rebuilding, the work stops
before writing anything and runs again in a worker thread, where waiting is fine.
PostgreSQL's queries are network round trips, always made from a worker thread.
"""

import asyncio
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from store.db import Store, WouldWait, promptly

P = ParamSpec("P")
T = TypeVar("T")


async def store_work(store: Store, work: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """`work(*args, **kwargs)`, at once if it need not wait, else in a worker thread. It
    may be started twice, so it writes at most one transaction (a write that declines to
    wait stops before it) or only what can be written twice."""
    if store.prompt:
        try:
            with promptly():
                return work(*args, **kwargs)
        except WouldWait:
            pass
    return await asyncio.to_thread(work, *args, **kwargs)
